"""
Exercises 8 and 1: forward or reverse, and the price of a second derivative
===========================================================================

    8. In which cases would you use forward, and in which backward, differentiation? Hint:
       consider the amount of intermediate data needed, the ability to parallelize steps, and
       the size of matrices and vectors involved.

    1. Why is the second derivative much more expensive to compute than the first derivative?

We answer both by measuring. Timings are of this machine, at the moment the page was built;
the shapes of the curves are the point, not the milliseconds.
"""

import timeit

import matplotlib.pyplot as plt
import numpy as np

import autodiff as ad

rng = np.random.default_rng(0)


def best_time(fn, repeat=5):
    """The best of a few runs, in milliseconds (the least disturbed by the rest of the machine)."""
    fn()                                   # once to warm up
    return 1e3 * min(timeit.repeat(fn, number=1, repeat=repeat))


# %%
# One pass, one row or one column
# -------------------------------
# For :math:`f: \mathbb{R}^n \to \mathbb{R}^m`, the Jacobian :math:`J` is :math:`m \times n`.
#
# - A **forward** pass pushes one tangent :math:`u` from the inputs to the outputs and yields
#   :math:`J u`: one *column* of :math:`J` when :math:`u` is a unit vector. The whole Jacobian
#   takes :math:`n` passes (``ad.jacfwd``).
# - A **reverse** pass pulls one cotangent :math:`v` from the outputs to the inputs and yields
#   :math:`v^\top J`: one *row*. The whole Jacobian takes :math:`m` passes (``ad.jacrev``).
#
# Each pass costs a small constant times one evaluation of :math:`f`. So the prediction is:
# forward mode's cost grows with the number of inputs, reverse mode's with the number of
# outputs. We test it on a one-layer network :math:`f(x) = \tanh(W x)`, building the Jacobian
# from single passes exactly as described: :func:`autodiff.jvp` once per column,
# :func:`autodiff.vjp` once per row.


def layer(n, m):
    W = rng.standard_normal((m, n)) / np.sqrt(n)
    return lambda x: np.tanh(W @ x)


def jacobian_by_columns(f, x):
    """n forward passes, one per unit tangent."""
    return np.stack([ad.jvp(f, (x,), (u,))[1] for u in np.eye(x.size)], axis=-1)


def jacobian_by_rows(f, x):
    """One forward evaluation that records the tape, then m backward passes."""
    out, pullback = ad.vjp(f, x)
    return np.stack([pullback(v)[0] for v in np.eye(out.size)])


sizes = [2, 8, 32, 128, 512]
fixed = 8
rows = []
for n in sizes:                            # many inputs, few outputs
    f, x = layer(n, fixed), rng.standard_normal(n)
    rows.append(("inputs", n, best_time(lambda: jacobian_by_columns(f, x)),
                 best_time(lambda: jacobian_by_rows(f, x))))
for m in sizes:                            # few inputs, many outputs
    f, x = layer(fixed, m), rng.standard_normal(fixed)
    rows.append(("outputs", m, best_time(lambda: jacobian_by_columns(f, x)),
                 best_time(lambda: jacobian_by_rows(f, x))))

print(f"{'varying':>8} {'size':>5} {'forward ms':>11} {'reverse ms':>11}")
for kind, size, fwd, rev in rows:
    print(f"{kind:>8} {size:>5} {fwd:>11.3f} {rev:>11.3f}")

# %%
# Both ways give the same matrix, and so do the library's :func:`autodiff.jacfwd` and
# :func:`autodiff.jacrev`:

f, x = layer(5, 3), rng.standard_normal(5)
J = jacobian_by_columns(f, x)
print(np.abs(J - jacobian_by_rows(f, x)).max(), np.abs(J - ad.jacfwd(f)(x)).max(),
      np.abs(J - ad.jacrev(f)(x)).max())

# %%

fig, axes = plt.subplots(1, 2, figsize=(9, 3.6), sharey=True)
for ax, kind, label in [(axes[0], "inputs", "n inputs (m = 8 outputs)"),
                        (axes[1], "outputs", "m outputs (n = 8 inputs)")]:
    data = [(s, fw, rv) for k, s, fw, rv in rows if k == kind]
    s, fw, rv = map(np.array, zip(*data))
    ax.loglog(s, fw, "o-", label="forward mode: one JVP per column")
    ax.loglog(s, rv, "s-", label="reverse mode: one VJP per row")
    ax.set_xlabel(label)
    ax.grid(True, which="both", alpha=0.3)
axes[0].set_ylabel("time for the whole Jacobian (ms)")
axes[0].legend(fontsize=8)
fig.suptitle("Jacobian of tanh(Wx): forward mode pays per input, reverse mode per output")
fig.tight_layout()

# %%
# Where the lines cross is where :math:`n = m`. Left of it forward mode is cheaper, right of it
# reverse mode (left plot), and the other way round on the right.
# :func:`autodiff.jacobian` with ``mode="auto"`` makes this choice for you from the sizes.
#
# The library's own ``jacfwd`` and ``jacrev`` can do better than a Python loop of passes:
# with batched engines they push all :math:`n` tangents (or :math:`m` cotangents) through as
# one batch, in a single vectorized pass. That is the same arithmetic, still growing with
# :math:`n` (or :math:`m`), but the per-pass Python overhead is paid once, which at small
# sizes is most of the cost. Compare with the pass-by-pass times above:

for n in (8, 128, 512):
    f, x = layer(n, fixed), rng.standard_normal(n)
    print(f"n = {n:>3}, m = {fixed}: jacfwd {best_time(lambda: ad.jacfwd(f)(x)):8.3f} ms, "
          f"jacrev {best_time(lambda: ad.jacrev(f)(x)):8.3f} ms")

# %%
#
# So, when forward and when backward?
# -----------------------------------
# **The sizes.** Few inputs and many outputs (a curve :math:`\mathbb{R} \to \mathbb{R}^m`, a
# sensitivity of a whole simulation to one parameter): forward. Many inputs and one output
# (every loss function in deep learning, :math:`\mathbb{R}^n \to \mathbb{R}` with :math:`n` in
# the millions): reverse, where one pass gives the whole gradient. That is why deep learning
# frameworks are built around ``backward()``.
#
# **The intermediate data.** Forward mode can discard each value as soon as the operations that
# use it are done: its memory is that of evaluating :math:`f`. Reverse mode must keep every
# intermediate value the backward rules need until the backward pass reaches it: memory grows
# with the length of the computation. We can see the stored values: every node of the
# recorded graph holds its inputs and output.

x = ad.tensor(rng.standard_normal(1000), requires_grad=True)
h = x
for _ in range(20):                        # a 20-step computation
    h = ad.tanh(h * 1.1)
loss = h.sum()
graph = ad.graph.trace(loss)
stored = sum(node.value.size for node in graph.nodes)
print(f"{len(graph.nodes)} recorded nodes hold {stored} numbers for a 1000-number input")

# %%
# **Parallelism.** The :math:`n` forward passes of a Jacobian are independent of each other,
# and so are the :math:`m` reverse passes: both can run side by side (as a batch of tangents or
# cotangents). Within one pass, forward mode can compute each tangent right when its value is
# computed, in the same sweep; reverse mode must wait for the whole forward sweep before it
# can start, and then runs strictly in reverse order.
#
# Exercise 1: why the second derivative costs more
# ------------------------------------------------
# The gradient of :math:`f: \mathbb{R}^n \to \mathbb{R}` is one reverse pass: a small constant
# times the cost of :math:`f`, whatever :math:`n` is. The Hessian is the Jacobian *of the
# gradient*, a function :math:`\mathbb{R}^n \to \mathbb{R}^n`: by the argument above it needs
# :math:`n` passes, each through the gradient computation, which is itself bigger than
# :math:`f`. Let us count and time, on the Rosenbrock function.


def rosen(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


# %%
# First, size. Recording the backward pass itself (``create_graph=True``) gives the graph of
# the gradient, the function a second derivative differentiates. It is larger than the graph
# of :math:`f`: each op's backward rule is several ops.

x = ad.tensor(rng.standard_normal(10), requires_grad=True)
y = rosen(x)
y.backward(create_graph=True)
n_f = len(ad.graph.trace(y).nodes)
n_grad = len(ad.graph.trace(x.grad.sum()).nodes)
print(f"graph of f: {n_f} nodes; graph of its gradient: {n_grad} nodes")

# %%
# Then time, as the number of inputs grows: :math:`f`, its gradient, one Hessian-vector
# product (forward over reverse, :func:`autodiff.hvp`), the Hessian built from :math:`n`
# Hessian-vector products one by one, and the library's :func:`autodiff.hessian` (which may
# batch those :math:`n` products into one vectorized pass).


def hessian_by_hvps(f, x):
    return np.stack([ad.hvp(f, (x,), (u,))[1] for u in np.eye(x.size)])


ns = [4, 16, 64, 256, 1024]
timing = {"f": [], "gradient": [], "HVP": [], "H by n HVPs": [], "ad.hessian": []}
for n in ns:
    x, v = rng.standard_normal(n), rng.standard_normal(n)
    timing["f"].append(best_time(lambda: rosen(x)))
    timing["gradient"].append(best_time(lambda: ad.grad(rosen)(x)))
    timing["HVP"].append(best_time(lambda: ad.hvp(rosen, (x,), (v,))))
    timing["H by n HVPs"].append(best_time(lambda: hessian_by_hvps(rosen, x),
                                                          repeat=3))
    timing["ad.hessian"].append(best_time(lambda: ad.hessian(rosen)(x), repeat=3))

x = rng.standard_normal(6)
assert np.allclose(hessian_by_hvps(rosen, x), ad.hessian(rosen)(x))
print(f"{'n':>5} " + " ".join(f"{k:>12}" for k in timing) + "   (ms)")
for i, n in enumerate(ns):
    print(f"{n:>5} " + " ".join(f"{timing[k][i]:>12.3f}" for k in timing))

# %%

fig, ax = plt.subplots(figsize=(8, 4))
legend = {"f": "f", "gradient": "gradient", "HVP": "Hessian-vector product",
          "H by n HVPs": "Hessian, n HVPs one by one", "ad.hessian": "Hessian, ad.hessian"}
for (key, ts), marker in zip(timing.items(), "ovsD^"):
    ax.loglog(ns, ts, marker + "-", label=legend[key])
ax.set_xlabel("n inputs")
ax.set_ylabel("time (ms)")
ax.grid(True, which="both", alpha=0.3)
ax.legend(fontsize=8)
ax.set_title("Rosenbrock: the gradient and an HVP stay nearly flat, the Hessian grows with n",
             fontsize=10)
fig.tight_layout()

# %%
# The gradient and the Hessian-vector product hardly grow with :math:`n`: each is one pass (two
# for the HVP) over the dozen recorded ops. At these sizes their time is mostly the fixed cost
# of recording and replaying those ops in Python, many times the bare numpy evaluation of
# :math:`f`, but nearly the same at :math:`n = 4` and :math:`n = 1024`: that is the "cheap
# gradient" of reverse mode. The Hessian built from :math:`n` HVPs grows in proportion to
# :math:`n`. Batching the :math:`n` products into one vectorized pass removes the Python
# overhead, which dominates at small :math:`n`, but not the arithmetic: the Hessian has
# :math:`n^2` entries, and its curve bends upwards as :math:`n` grows.
#
# So the second derivative is expensive because it is the derivative of a *vector-valued*
# function, the gradient, with :math:`n` inputs: :math:`n` passes where the gradient needed one,
# and each pass goes through the gradient's computation, which is itself bigger than :math:`f`.
# Second-order methods therefore avoid forming the Hessian and use Hessian-vector products
# instead (see the Hessians tutorial).

# %%
# Run as a script (``python tutorials/04_forward_or_reverse.py``), this opens the figures in windows:

plt.show()
