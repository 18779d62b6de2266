"""
The checker finds a wrong rule
==============================

A primitive comes with two hand-written rules (see :doc:`/guide/primitives`), and nothing stops
a rule from being wrong: the engines run it and return a wrong number without complaint. This
tutorial writes a primitive of its own, gets one rule wrong the way people do, and lets
:func:`autodiff.gradcheck` find it.
"""

import numpy as np

import autodiff as ad

# %%
# A primitive: log cosh
# ---------------------
# :math:`\operatorname{logcosh}(x) = \log\cosh x` is a smooth version of :math:`|x|` used as a
# robust loss. Its derivative is :math:`\tanh x`. Written as a primitive, its numpy
# implementation is stable for large :math:`|x|` (``cosh`` overflows past 710), which is a good
# reason to make it one op instead of ``log(cosh(x))``:


@ad.primitive
def logcosh(x):
    return np.abs(x) + np.log1p(np.exp(-2 * np.abs(x))) - np.log(2.0)


@logcosh.defjvp
def logcosh_jvp(tangents, ans, x):
    (dx,) = tangents
    return ad.tanh(x) * dx


@logcosh.defvjp
def logcosh_vjp(g, ans, x):
    return (g * ad.tanh(x),)


x = np.array([-3.0, -0.5, 0.2, 1.0, 4.0])
ad.grad(lambda t: np.sum(logcosh(t)))(x)

# %%
# The checker computes the Jacobian three ways (forward mode, reverse mode, finite differences
# of ``logcosh`` itself) and compares them. With ``order=2`` it also checks the second
# derivatives, which exist because the rules are written with ``ad.tanh``, itself differentiable.

report = ad.gradcheck(logcosh, x, order=2)
print(report)

# %%
# A wrong reverse rule
# --------------------
# Now the same op with the slip that is easy to make: :math:`\operatorname{sech}^2 x` is the
# derivative of :math:`\tanh`, not of :math:`\log\cosh`. Only the VJP has it; the JVP is right.


@ad.primitive
def logcosh_bad(x):
    return np.abs(x) + np.log1p(np.exp(-2 * np.abs(x))) - np.log(2.0)


@logcosh_bad.defjvp
def logcosh_bad_jvp(tangents, ans, x):
    (dx,) = tangents
    return ad.tanh(x) * dx


@logcosh_bad.defvjp
def logcosh_bad_vjp(g, ans, x):
    return (g * (1 - ad.tanh(x) ** 2),)       # wrong: this is tanh'(x)


# %%
# Used inside a larger function, a robust regression loss, nothing looks wrong: the gradient
# has the right shape and plausible values.

rng = np.random.default_rng(0)
A = rng.standard_normal((6, 3))
b = rng.standard_normal(6)


def loss(w):
    return np.sum(logcosh_bad(A @ w - b))


w = np.array([0.3, -0.2, 0.5])
ad.grad(loss)(w)

# %%
# The checker disagrees. Forward mode matches finite differences; reverse mode does not, and
# the checker then replays the function's recorded ops, checks each primitive's rules on its own
# at the inputs it saw, and names the one that is wrong:

report = ad.gradcheck(loss, w, raise_exception=False)
print(report)
print("passed:", bool(report))

# %%
# The slip in a picture: the derivative of ``logcosh_bad`` as each engine computes it on a grid,
# against central finite differences of the function's values, which trust no rule. Forward
# mode (the right JVP) lies on the finite differences, :math:`\tanh x`; reverse mode (the wrong
# VJP) is the bell of :math:`\operatorname{sech}^2 x`, right only at :math:`x = 0`.

import matplotlib.pyplot as plt

grid = np.linspace(-4, 4, 161)
ones = np.ones_like(grid)
forward = ad.jvp(logcosh_bad, (grid,), (ones,))[1]       # elementwise op: J is diagonal,
reverse = ad.vjp(logcosh_bad, grid)[1](ones)[0]          # so J·1 and 1·J are its diagonal
h = 1e-5
finite = (logcosh_bad(grid + h) - logcosh_bad(grid - h)) / (2 * h)

fig, ax = plt.subplots(figsize=(8, 4))
ax.plot(grid, finite, color="#9ca3af", lw=6, alpha=0.6, label="finite differences")
ax.plot(grid, forward, color="#2563eb", lw=2, ls="--", label="forward mode (JVP rule)")
ax.plot(grid, reverse, color="#dc2626", lw=2, label="reverse mode (wrong VJP rule)")
ax.plot(x, ad.grad(lambda t: np.sum(logcosh_bad(t)))(x), "o", color="#dc2626", ms=6,
        label="ad.grad at the checked points")
ax.axhline(0, color="black", lw=0.6)
ax.set_xlabel("x")
ax.set_ylabel("d logcosh(x) / dx")
ax.set_title("The checker's three numbers, everywhere: reverse mode is wrong")
ax.legend(loc="upper left", fontsize=9)
fig.tight_layout()

# %%
# With ``raise_exception=True`` (the default), the failure is an exception whose message names
# the mode, the input, the output element and the two values that disagree:

import textwrap

try:
    ad.gradcheck(loss, w)
except ad.GradcheckError as err:
    print(textwrap.fill(str(err), 88))

# %%
# A wrong forward rule
# --------------------
# The mirror image: a JVP with a sign error, a correct VJP. Now ``fwd`` fails and ``rev``
# passes.


@ad.primitive
def logcosh_badjvp(x):
    return np.abs(x) + np.log1p(np.exp(-2 * np.abs(x))) - np.log(2.0)


@logcosh_badjvp.defjvp
def logcosh_badjvp_jvp(tangents, ans, x):
    (dx,) = tangents
    return -ad.tanh(x) * dx                  # wrong sign


@logcosh_badjvp.defvjp
def logcosh_badjvp_vjp(g, ans, x):
    return (g * ad.tanh(x),)


report = ad.gradcheck(logcosh_badjvp, x, raise_exception=False)
print(report)

# %%
# Large inputs: fast mode
# -----------------------
# Whole Jacobians are out of reach for a function of a million inputs. ``fast=True`` checks
# :math:`w^\top J u` for random vectors :math:`u` and :math:`w` instead: one forward pass, one
# backward pass and a directional finite difference, whatever the size. A wrong rule almost
# surely changes that number too.

import time

big = rng.standard_normal(1_000_000)
start = time.perf_counter()
good = ad.gradcheck(lambda t: np.sum(logcosh(t)), big, fast=True)
print(f"right rules, 10^6 inputs: passed={bool(good)} in {time.perf_counter() - start:.1f} s")
bad = ad.gradcheck(lambda t: np.sum(logcosh_bad(t)), big, fast=True, raise_exception=False)
print(f"wrong VJP,   10^6 inputs: passed={bool(bad)}")

# %%
# The lesson: write the rules, then check them, at more than one point (away from kinks) and
# at order 2 if anyone will take a second derivative. From the command line the same check is
# ``autodiff-check mymodule:loss --input 0.3,-0.2,0.5``.

# %%
# Run as a script (``python tutorials/05_checker_finds_a_wrong_rule.py``), this opens the figure
# in a window:

plt.show()
