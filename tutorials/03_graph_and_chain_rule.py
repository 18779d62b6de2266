"""
Exercises 5 to 7: the graph, the chain rule, forward and backward
=================================================================

    5. Let :math:`f(x) = \\left(\\log x^2\\right) \\cdot \\sin x + x^{-1}`. Write out the
       dependency graph tracing results from :math:`x` to :math:`f(x)`.
    6. Use the chain rule to compute the derivative :math:`\\frac{df}{dx}` of the function,
       placing each term on the dependency graph that you constructed previously.
    7. Given the graph and the intermediate derivative results, you have a number of options
       when computing the gradient. Evaluate the result once starting from :math:`x` to
       :math:`f` and once from :math:`f` tracing back to :math:`x`.

autodiff records this graph as the function runs, and can draw it
(:func:`autodiff.graph.draw`). We let it draw, then do the calculus by hand on the picture, and
check every number against the library and against the formula.
"""

import matplotlib.pyplot as plt
import numpy as np

import autodiff as ad

# %%
# Exercise 5: the dependency graph
# --------------------------------
# We give each intermediate result a name, so the picture can show it. ``x`` is a float64
# number (a 0-d numpy array keeps its dtype) that requires grad, so every operation is recorded.

x = ad.tensor(np.array(2.0), requires_grad=True)
a = x ** 2          # a = x^2
b = ad.log(a)       # b = log a
c = ad.sin(x)       # c = sin x
d = b * c           # d = b c
e = 1 / x           # e = 1/x
f = d + e           # f = d + e
names = dict(x=x, a=a, b=b, c=c, d=d, e=e, f=f)
f

# %%
# Each box is one recorded operation, with the name PyTorch would give its node and the
# shape of its result (``()``: a number). Constants are written into the call: ``power(·, 2)``
# is ``x ** 2`` and ``divide(1, ·)`` is ``1 / x``. ``x`` feeds three operations, so three
# paths lead from ``x`` to ``f``.

ad.graph.draw(f, names=names)

# %%
# The same graph as Graphviz DOT text, which :func:`autodiff.graph.to_dot` always gives
# (the picture above was drawn from it by Graphviz where installed, by matplotlib otherwise):

print(ad.graph.to_dot(f, names=names))

# %%
# Exercise 6: the chain rule, one term per edge
# ---------------------------------------------
# Every edge *parent → child* carries the local derivative
# :math:`\partial\,\text{child} / \partial\,\text{parent}`, which needs only the child's own
# operation:
#
# ========  ===========================================  =================
# edge      local derivative                             in terms of x
# ========  ===========================================  =================
# x → a     :math:`\partial a/\partial x = 2x`           :math:`2x`
# a → b     :math:`\partial b/\partial a = 1/a`          :math:`1/x^2`
# x → c     :math:`\partial c/\partial x = \cos x`       :math:`\cos x`
# b → d     :math:`\partial d/\partial b = c`            :math:`\sin x`
# c → d     :math:`\partial d/\partial c = b`            :math:`\log x^2`
# x → e     :math:`\partial e/\partial x = -1/x^2`       :math:`-1/x^2`
# d → f     :math:`\partial f/\partial d = 1`            :math:`1`
# e → f     :math:`\partial f/\partial e = 1`            :math:`1`
# ========  ===========================================  =================
#
# The chain rule says :math:`df/dx` is the sum over all paths from :math:`x` to :math:`f` of
# the product of the terms along the path:
#
# .. math::
#
#    \frac{df}{dx} = \underbrace{2x \cdot \frac{1}{a} \cdot c \cdot 1}_{x\to a\to b\to d\to f}
#    + \underbrace{\cos x \cdot b \cdot 1}_{x\to c\to d\to f}
#    + \underbrace{\left(-\frac{1}{x^2}\right) \cdot 1}_{x\to e\to f}
#    = \frac{2 \sin x}{x} + \log x^2 \cos x - \frac{1}{x^2}.
#
# autodiff puts both on the picture: our symbolic term, then its value at :math:`x = 2`, which
# the library computes from each op's registered JVP rule (``show_partials=True``).

terms = {("x", "a"): "2x", ("a", "b"): "1/a", ("x", "c"): "cos x", ("b", "d"): "c",
         ("c", "d"): "b", ("x", "e"): "-1/x²", ("d", "f"): "1", ("e", "f"): "1"}
ad.graph.draw(f, names=names, edge_labels=terms, show_values=True, show_partials=True)

# %%
# Exercise 7, first way: forward, from x to f
# -------------------------------------------
# Forward mode carries, next to each value, its derivative with respect to :math:`x` (its
# *tangent*, written with a dot). It starts from :math:`\dot x = 1` and visits the nodes in the
# order they were computed; each node's tangent is the sum over its incoming edges of
# *edge term × parent's tangent*. We read the edge terms from the graph and do the sums by hand:

g = ad.graph.trace(f, names=names, with_tangents=True, with_adjoints=True, with_partials=True)


def term(src, dst):
    """The value of the chain-rule term on the edge src -> dst."""
    edge = next(e for e in g.edges if (g.node(e.src).name, g.node(e.dst).name) == (src, dst))
    return float(edge.partial)


tangent = {"x": 1.0}
steps = [("a", "2x · ẋ", lambda t: term("x", "a") * t["x"]),
         ("b", "(1/a) · ȧ", lambda t: term("a", "b") * t["a"]),
         ("c", "cos x · ẋ", lambda t: term("x", "c") * t["x"]),
         ("d", "c · ḃ + b · ċ", lambda t: term("b", "d") * t["b"] + term("c", "d") * t["c"]),
         ("e", "-1/x² · ẋ", lambda t: term("x", "e") * t["x"]),
         ("f", "1 · ḋ + 1 · ė", lambda t: term("d", "f") * t["d"] + term("e", "f") * t["e"])]
print("ẋ = 1")
for name, formula, rule in steps:
    tangent[name] = rule(tangent)
    print(f"{name}\u0307 = {formula:<16} = {tangent[name]: .10f}")

# %%
# :func:`autodiff.graph.trace` did the same walk with the registry's JVP rules
# (``with_tangents=True``); its tangents agree with our sums:

for name in "xabcdef":
    assert np.isclose(float(g.node(name).tangent), tangent[name], rtol=1e-14, atol=0)
{name: float(g.node(name).tangent) for name in "abcdef"}

# %%
# Exercise 7, second way: backward, from f to x
# ---------------------------------------------
# Reverse mode carries the derivative of :math:`f` with respect to each node (its *adjoint*,
# written with a bar). It starts from :math:`\bar f = 1` and visits the nodes in reverse order;
# each node's adjoint is the sum over its *outgoing* edges of *edge term × child's adjoint*.
# The same edge terms, multiplied in the opposite order:

adjoint = {"f": 1.0}
steps = [("d", "f̄ · 1", lambda s: s["f"] * term("d", "f")),
         ("e", "f̄ · 1", lambda s: s["f"] * term("e", "f")),
         ("b", "d̄ · c", lambda s: s["d"] * term("b", "d")),
         ("c", "d̄ · b", lambda s: s["d"] * term("c", "d")),
         ("a", "b̄ · (1/a)", lambda s: s["b"] * term("a", "b")),
         ("x", "ā · 2x + c̄ · cos x + ē · (-1/x²)",
          lambda s: s["a"] * term("x", "a") + s["c"] * term("x", "c") + s["e"] * term("x", "e"))]
print("f̄ = 1")
for name, formula, rule in steps:
    adjoint[name] = rule(adjoint)
    print(f"{name}̄ = {formula:<34} = {adjoint[name]: .10f}")

# %%
# Again the library's own walk, this time with the VJP rules (``with_adjoints=True``), agrees:

for name in "xabcdef":
    assert np.isclose(float(g.node(name).adjoint), adjoint[name], rtol=1e-14, atol=0)
{name: float(g.node(name).adjoint) for name in "xabcde"}

# %%
# Both ways arrive at the same number, and at the formula of exercise 6:

x0 = 2.0
formula = 2 * np.sin(x0) / x0 + np.log(x0 ** 2) * np.cos(x0) - 1 / x0 ** 2
print(f"forward  (x to f): df/dx = {tangent['f']:.15f}")
print(f"backward (f to x): df/dx = {adjoint['x']:.15f}")
print(f"formula:           df/dx = {formula:.15f}")

# %%
# And at what the two engines of the library compute on their own: forward mode with dual
# numbers (:func:`autodiff.jvp`), reverse mode with ``backward()`` and the tape.

_, forward_engine = ad.jvp(lambda t: np.log(t ** 2) * np.sin(t) + 1 / t, (np.array(x0),),
                           (np.array(1.0),))
f.backward()
print("ad.jvp      :", forward_engine)
print("f.backward():", x.grad)
assert np.isclose(tangent["f"], formula, rtol=1e-13, atol=0)
assert np.isclose(adjoint["x"], formula, rtol=1e-13, atol=0)
assert np.isclose(float(forward_engine), formula, rtol=1e-13, atol=0)
assert np.isclose(float(x.grad), formula, rtol=1e-13, atol=0)

# %%
# The whole story in one picture: each node with its value, its tangent
# :math:`d\,\text{node}/dx` (forward, left to right) and its adjoint
# :math:`df/d\,\text{node}` (backward, right to left), and each edge with its chain-rule term.
# The tangent of ``f`` and the adjoint of ``x`` are the same number.

ad.graph.draw(g, show_values=True, show_tangents=True, show_grads=True, edge_labels=terms)

# %%
# Which order is better? Here neither: one input, one output, one pass each. With
# :math:`n` inputs, forward mode needs :math:`n` passes (one tangent direction per pass) while
# reverse mode still needs one; with :math:`m` outputs it is the other way round. Reverse mode
# pays for this with memory: it must keep every intermediate value (``a``, ``b``, ``c``, ...)
# until the backward pass has used it, while forward mode can forget each value as soon as its
# children are computed. The next tutorial measures this.

# %%
# Run as a script (``python tutorials/03_graph_and_chain_rule.py``), this opens the figures in windows:

plt.show()
