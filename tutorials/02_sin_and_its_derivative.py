"""
Exercise 4: sin and its derivative
==================================

    Let :math:`f(x) = \\sin(x)`. Plot the graph of :math:`f` and of its derivative
    :math:`f'`, without using the fact that :math:`f'(x) = \\cos(x)`.

Automatic differentiation gives :math:`f'` at every point without our knowing a formula for it.
Readers of the document solve this in two ways; both work here, with ``import autodiff as
torch`` in place of PyTorch.
"""

import matplotlib.pyplot as plt
import numpy as np

import autodiff as torch

# %%
# First way: one backward pass per point
# --------------------------------------
# ``y = sin(x)`` is a vector. Each ``y[i]`` depends only on ``x[i]``, so a backward pass from
# ``y[i]`` puts :math:`f'(x_i)` into ``x.grad[i]`` (and zeros elsewhere; the passes add up).
# All the passes share one graph, so each must keep it for the next: ``retain_graph=True``.

x = torch.linspace(-2 * np.pi, 2 * np.pi, 100, requires_grad=True)
y = torch.sin(x)
for i in range(len(y)):
    y[i].backward(retain_graph=True)
loop_grad = x.grad.detach().numpy().copy()
loop_grad[:5]

# %%
# That is 100 backward passes for 100 points. It works only because the Jacobian of an
# elementwise function is diagonal, and it is slow: one pass per output.
#
# Second way: one backward pass
# -----------------------------
# The backward pass computes a vector-Jacobian product :math:`v^\top J`. With :math:`v` all
# ones and :math:`J` diagonal, that is the diagonal itself: every :math:`f'(x_i)` at once.

x = torch.linspace(-2 * np.pi, 2 * np.pi, 100, requires_grad=True)
y = torch.sin(x)
y.backward(torch.ones_like(y))
one_pass_grad = x.grad.detach().numpy()
np.abs(one_pass_grad - loop_grad).max()

# %%
# The same function, as a function transform
# ------------------------------------------
# With autodiff's JAX-style transforms the derivative is itself a function, of plain numpy
# arrays. ``ad.grad`` wants a scalar, so we differentiate the sum, as above:

import autodiff as ad

dsin = ad.grad(lambda t: np.sum(np.sin(t)))
xs = np.linspace(-2 * np.pi, 2 * np.pi, 100)
transform_grad = dsin(xs)
np.abs(transform_grad - one_pass_grad).max()

# %%
# The plot
# --------
# Only now do we compare with the formula we did not use: :math:`\cos x`. The values of the
# first two ways are float32 (the document's default dtype), the transform's are float64.

xs32 = x.detach().numpy()
fig, ax = plt.subplots(figsize=(9, 3.6))
ax.plot(xs32, np.sin(xs32), label=r"$f(x) = \sin x$")
ax.plot(xs32, one_pass_grad, label=r"$f'(x)$ by automatic differentiation", lw=2.5)
ax.plot(xs, np.cos(xs), "k:", label=r"$\cos x$ (for comparison)")
ax.scatter(xs32[::6], loop_grad[::6], s=14, color="C3", zorder=3,
           label="one backward pass per point")
ax.axhline(0, color="0.8", lw=0.8)
ax.set_xlabel("$x$")
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
ax.set_title("sin and its derivative, by automatic differentiation")
fig.tight_layout()

# %%
# How close is it to the formula?

print("float32 max |f'(x) - cos x| =", np.abs(one_pass_grad - np.cos(xs32)).max())
print("float64 max |f'(x) - cos x| =", np.abs(transform_grad - np.cos(xs)).max())

# %%
# The derivative is exact up to rounding: automatic differentiation applies the rule
# :math:`\sin' = \cos` stored in the op registry (``autodiff/ops/unary.py``), it does not
# approximate with differences. Higher derivatives work the same way: the rules are themselves
# differentiable.

d2sin = ad.grad(lambda t: np.sum(ad.grad(lambda s: np.sum(np.sin(s)))(t)))
np.abs(d2sin(xs) + np.sin(xs)).max()     # f'' = -sin

# %%
# Run as a script (``python tutorials/02_sin_and_its_derivative.py``), this opens the figures in windows:

plt.show()
