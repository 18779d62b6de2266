"""
Hessians: forward over reverse, Newton's method and SciPy's trust region
========================================================================

The previous tutorial showed that a whole Hessian costs :math:`n` times a gradient. Most
second-order methods never need the whole Hessian: they need its product with a vector,
:math:`H v`, which costs a small constant times one gradient. This tutorial builds both from
the two engines and uses them to minimise the Rosenbrock function.
"""

import matplotlib.pyplot as plt
import numpy as np
import scipy.optimize

import autodiff as ad


def rosen(x):
    """Rosenbrock's function in any dimension; its minimum is 0, at x = (1, ..., 1)."""
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


# %%
# Forward over reverse
# --------------------
# The gradient :math:`\nabla f` is one reverse pass. Differentiating *that* in a direction
# :math:`v` with one forward pass gives
#
# .. math:: \frac{d}{d\epsilon} \nabla f(x + \epsilon v) \Big|_{\epsilon=0} = H(x)\, v.
#
# That is :func:`autodiff.hvp`: ``jvp(grad(f), (x,), (v,))``, the forward engine running
# through the reverse engine's backward pass. Both the forward and the reverse rules of every op
# are written with autodiff's own ops, which is what lets one engine differentiate the other.

x = np.array([-1.2, 1.0, 0.5])
v = np.array([1.0, 0.0, 0.0])
g, Hv = ad.hvp(rosen, (x,), (v,))
g, Hv

# %%
# SciPy ships the analytic gradient and Hessian-vector product of this function, an independent
# check:

print("gradient:", np.abs(g - scipy.optimize.rosen_der(x)).max())
print("H v     :", np.abs(Hv - scipy.optimize.rosen_hess_prod(x, v)).max())

# %%
# The whole Hessian, :func:`autodiff.hessian`, is forward over reverse for every basis vector
# (one column per input); it is symmetric, as a Hessian must be:

H = ad.hessian(rosen)(x)
print(H)
print("vs scipy.optimize.rosen_hess:", np.abs(H - scipy.optimize.rosen_hess(x)).max())
print("symmetric:", np.allclose(H, H.T))

# %%
# Newton's method with Hessian-vector products
# --------------------------------------------
# Newton's step solves :math:`H\,p = -\nabla f`. Conjugate gradients solve that system using
# only products :math:`H v`, so the Hessian is never formed: each CG iteration is one HVP.
# A few CG iterations per step, and a backtracking line search to keep each step downhill, give
# "truncated Newton":


def newton_cg(f, x0, steps=50, tol=1e-10):
    x = np.array(x0, dtype=float)
    path = [x.copy()]
    for _ in range(steps):
        g = ad.grad(f)(x)
        if np.linalg.norm(g) < tol:
            break
        p, r = np.zeros_like(x), -g.copy()          # CG on H p = -g, from p = 0
        d = r.copy()
        for _ in range(len(x)):
            Hd = ad.hvp(f, (x,), (d,))[1]
            curvature = d @ Hd
            if curvature <= 0:                       # not convex here: use what we have
                if not p.any():
                    p = -g
                break
            alpha = (r @ r) / curvature
            p = p + alpha * d
            r_new = r - alpha * Hd
            if np.linalg.norm(r_new) < 1e-3 * np.linalg.norm(g):
                r = r_new
                break
            d = r_new + (r_new @ r_new) / (r @ r) * d
            r = r_new
        t, fx = 1.0, f(x)
        while f(x + t * p) > fx + 1e-4 * t * (g @ p) and t > 1e-10:
            t /= 2                                   # backtracking (Armijo) line search
        x = x + t * p
        path.append(x.copy())
    return x, np.array(path)


x_newton, path = newton_cg(rosen, [-1.2, 1.0])
print(f"Newton-CG: {len(path) - 1} steps to x = {x_newton}, f = {rosen(x_newton):.3e}")

# %%
# SciPy's trust-region solver
# ---------------------------
# ``scipy.optimize.minimize`` takes a gradient (``jac``) and a Hessian-vector product
# (``hessp``); autodiff builds both from the plain numpy ``rosen``. Here in 100 dimensions with
# ``trust-ncg``, a trust-region Newton method that, like ours, uses only HVPs:

x0 = np.full(100, 0.5)
result = scipy.optimize.minimize(
    rosen, x0, method="trust-ncg",
    jac=ad.grad(rosen),
    hessp=lambda x, p: ad.hvp(rosen, (x,), (p,))[1])
print(result.message)
print(f"f = {result.fun:.3e} after {result.nit} iterations, {result.nfev} evaluations of f, "
      f"{result.nhev} Hessian-vector products; |x - 1| = {np.abs(result.x - 1).max():.2e}")

# %%
# The same run with SciPy's hand-written derivatives takes the same steps, since the derivatives
# are the same numbers (up to rounding, which over a long run can shift an iteration or two):

reference = scipy.optimize.minimize(rosen, x0, method="trust-ncg",
                                    jac=scipy.optimize.rosen_der,
                                    hessp=scipy.optimize.rosen_hess_prod)
print(f"hand-written: {reference.nit} iterations, {reference.nfev} evaluations, "
      f"f = {reference.fun:.3e}")

# %%
# :func:`autodiff.optimize.minimize` does the wiring for you: it hands SciPy the value and
# gradient (one reverse pass per point), the Hessian-vector product and, for the methods that
# want the full matrix, the Hessian, all from the plain numpy function:

auto = ad.optimize.minimize(rosen, x0, method="trust-ncg")
print(f"ad.optimize.minimize: {auto.nit} iterations, f = {auto.fun:.3e}")

# %%
# And without second derivatives at all (BFGS builds its own approximation of the Hessian from
# gradients), for comparison:

bfgs = scipy.optimize.minimize(rosen, x0, method="BFGS", jac=ad.grad(rosen))
print(f"BFGS: {bfgs.nit} iterations, f = {bfgs.fun:.3e}")

# %%
# The path of Newton's method in two dimensions
# ---------------------------------------------

X, Y = np.meshgrid(np.linspace(-1.6, 1.6, 300), np.linspace(-0.6, 1.6, 300))
Z = 100 * (Y - X ** 2) ** 2 + (1 - X) ** 2
fig, ax = plt.subplots(figsize=(7, 4.5))
ax.contour(X, Y, np.log10(Z + 1e-3), levels=25, cmap="viridis", linewidths=0.8)
ax.plot(path[:, 0], path[:, 1], "o-", color="C3", ms=4, label=f"Newton-CG ({len(path) - 1} steps)")
ax.plot([1], [1], "k*", ms=14, label="minimum (1, 1)")
ax.set_xlabel("$x_1$")
ax.set_ylabel("$x_2$")
ax.legend(loc="lower right", fontsize=8)
ax.set_title("Rosenbrock's valley: Newton steps from Hessian-vector products")
fig.tight_layout()

# %%
# Run as a script (``python tutorials/06_hessians.py``), this opens the figures in windows:

plt.show()
