"""
The document, cell by cell
==========================

This is *Dive into Deep Learning*, section 2.5, "Automatic Differentiation", run with autodiff in
place of PyTorch: the only change to the document's code is the import. Each cell's output below
is what autodiff prints; it matches what the document shows, character for character.
"""

# %%
# A simple function
# -----------------
# We want the derivative of :math:`y = 2\mathbf{x}^\top\mathbf{x}` with respect to the column
# vector :math:`\mathbf{x}`. First, the vector:

import autodiff as torch

x = torch.arange(4.0)
x

# %%
# Before computing a gradient we need somewhere to store it. Asking ``x`` to require grad makes
# autodiff record every operation on it; ``x.grad`` is ``None`` until a backward pass fills it.

x.requires_grad_(True)
x.grad  # The gradient is None by default

# %%
# Now the function. The result remembers how it was made: ``grad_fn`` is the last operation,
# the node a backward pass starts from.

y = 2 * torch.dot(x, x)
y

# %%
# ``backward()`` computes dy/dx and stores it in ``x.grad``. Since
# :math:`y = 2\mathbf{x}^\top\mathbf{x}`, the gradient is :math:`4\mathbf{x}`:

y.backward()
x.grad

# %%

x.grad == 4 * x

# %%
# Gradients accumulate, so we reset ``x.grad`` before the next function, the sum of ``x``,
# whose gradient is a vector of ones:

x.grad.zero_()  # Reset the gradient
y = x.sum()
y.backward()
x.grad

# %%
# Backward for non-scalar variables
# ---------------------------------
# For a vector ``y`` the derivative is a Jacobian matrix. What deep learning usually wants is
# the gradient of the *sum* of the outputs (a loss summed over a batch), which is the product of
# a vector of ones with the Jacobian: ``backward`` takes that vector as ``gradient``.

x.grad.zero_()
y = x * x
y.backward(gradient=torch.ones(len(y)))  # Faster: y.sum().backward()
x.grad

# %%
# Detaching computation
# ---------------------
# Sometimes part of a computation should count as a constant. ``y.detach()`` has ``y``'s
# values but no history, so in ``z = u * x`` the gradient treats ``u`` as a constant and
# dz/dx is ``u``, not ``3 * x * x``:

x.grad.zero_()
y = x * x
u = y.detach()
z = u * x

z.sum().backward()
x.grad == u

# %%
# ``y`` itself still has its history, so we can still differentiate it:

x.grad.zero_()
y.sum().backward()
x.grad == 2 * x

# %%
# Gradients and Python control flow
# ---------------------------------
# The graph is recorded as the code runs, so loops and branches that depend on the data are
# no obstacle: the graph is whichever operations ran.


def f(a):
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c


a = torch.randn(size=(), requires_grad=True)
d = f(a)
d.backward()

# %%
# Whatever path ``f`` took, it multiplied ``a`` by a constant, so ``d = k * a`` and
# the gradient is ``k = d / a``:

a.grad == d / a

# %%
# What the backward pass walked
# -----------------------------
# The graph behind ``d`` is the chain of multiplications the loop made. autodiff can draw
# any recorded graph (:func:`autodiff.graph.draw`); here it is for the document's first
# function:

x = torch.arange(4.0, requires_grad=True)
y = 2 * torch.dot(x, x)
torch.graph.draw(y, names={"x": x, "y": y}, show_values=True)

# %%
# Next: the section's exercises. Exercise 2 asks what happens when ``backward`` runs twice:
# the graph's saved values are freed by the first pass, so the second one says so, unless the
# first was asked to ``retain_graph=True``.

import textwrap

y = (x * x).sum()
y.backward()
try:
    y.backward()
except RuntimeError as err:
    print(textwrap.fill(f"RuntimeError: {err}", 88))

# %%

y = (x * x).sum()
y.backward(retain_graph=True)
y.backward()      # works, and the gradients add up:
x.grad            # three passes of 2x so far (one above, two here)

# %%
# Exercise 3: in the control-flow example, ``a`` may just as well be a vector or a matrix.
# ``d`` is still ``k * a`` for a single scalar ``k``, so the gradient of ``d.sum()`` is
# ``k`` everywhere:

a = torch.randn(size=(2, 3), requires_grad=True)
d = f(a)
d.sum().backward()
a.grad == d / a

# %%
# Run as a script (``python tutorials/01_the_document.py``), this opens the figures in windows:

import matplotlib.pyplot as plt

plt.show()
