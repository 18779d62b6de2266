"""SciPy's optimizers on a plain numpy function, with derivatives from the engines.

:func:`minimize` hands :func:`scipy.optimize.minimize` the gradient (reverse mode, computed
together with the value so each point costs one pass), the Hessian-vector product (forward over
reverse) and, for the methods that need the full matrix, the Hessian (forward over reverse,
batched). The function is written once, in numpy; nothing is derived by hand or by finite
differences.
"""
from __future__ import annotations

import numpy as np
import scipy.optimize

from .jacobians import hessian as _hessian
from .jacobians import hvp as _hvp
from .pytree import tree_flatten, tree_unflatten
from .staging import ConcretizationError, jit
from .transforms import value_and_grad

__all__ = ["derivatives", "minimize", "ravel_pytree"]

# Which derivatives each SciPy method uses (scipy.optimize.minimize's documentation).
_USES_JAC = {"cg", "bfgs", "newton-cg", "l-bfgs-b", "tnc", "slsqp", "dogleg", "trust-ncg",
             "trust-krylov", "trust-exact", "trust-constr"}
_USES_HESSP = {"newton-cg", "trust-ncg", "trust-krylov", "trust-constr"}
_NEEDS_HESS = {"dogleg", "trust-exact"}


def ravel_pytree(tree):
    """Flatten a pytree of arrays into one 1-D float array.

    Returns
    -------
    flat : ndarray
    unravel : callable
        ``unravel(flat)`` rebuilds the pytree (arrays of the original shapes).
    """
    leaves, treedef = tree_flatten(tree)
    arrays = [np.asarray(leaf, dtype=float) for leaf in leaves]
    shapes = [a.shape for a in arrays]
    sizes = [a.size for a in arrays]
    flat = np.concatenate([a.ravel() for a in arrays]) if arrays else np.zeros(0)

    def unravel(vector):
        """The pytree of the original structure and shapes from a flat vector."""
        parts, start = [], 0
        for shape, size in zip(shapes, sizes):
            parts.append(np.reshape(vector[start:start + size], shape))
            start += size
        return tree_unflatten(treedef, parts)

    return flat, unravel


class _Recorded:
    """``fn`` through :func:`~autodiff.jit`: an optimizer calls it at many points of one shape,
    so recording it once pays. A function that cannot be recorded (Python control flow on the
    values) runs as it is, from then on."""

    def __init__(self, fn):
        self.fn = fn
        self.jitted = jit(fn)

    def __call__(self, *args):
        if self.jitted is not None:
            try:
                return self.jitted(*args)
            except ConcretizationError:
                self.jitted = None
        return self.fn(*args)


class _Objective:
    """``fun``, ``jac``, ``hess`` and ``hessp`` of a numpy function for SciPy.

    The value and the gradient come from one reverse pass; SciPy asks for the gradient at the
    point whose value it just asked for, so the pair is cached for that one point. The pass and
    the Hessian-vector product are recorded once with :func:`~autodiff.jit` and replayed at
    every later point.
    """

    def __init__(self, f, args):
        self.f = f
        self.args = tuple(args)
        self._vg = _Recorded(value_and_grad(lambda x: f(x, *self.args)))
        self._hvp = _Recorded(lambda x, p: _hvp(lambda y: self.f(y, *self.args), (x,), (p,))[1])
        self._x = None
        self._pair = None

    def _value_and_grad(self, x):
        if self._x is None or not np.array_equal(x, self._x):
            value, g = self._vg(np.asarray(x, dtype=float))
            self._x = np.array(x, dtype=float, copy=True)
            self._pair = (float(value), np.asarray(g, dtype=float))
        return self._pair

    def fun(self, x):
        """Value at ``x`` (computed with the gradient, which is cached)."""
        return self._value_and_grad(x)[0]

    def jac(self, x):
        """Gradient at ``x`` by reverse mode."""
        return self._value_and_grad(x)[1]

    def hessp(self, x, p):
        """Hessian at ``x`` times ``p``: forward over reverse, one pass."""
        hv = self._hvp(np.asarray(x, dtype=float), np.asarray(p, dtype=float))
        return np.asarray(hv, dtype=float)

    def hess(self, x):
        """Hessian at ``x``: forward over reverse, all directions in one batched pass."""
        return np.asarray(_hessian(lambda y: self.f(y, *self.args))(np.asarray(x, dtype=float)),
                          dtype=float)


def derivatives(f, args=()):
    """``(fun, jac, hess, hessp)`` of ``f(x, *args)`` for any SciPy routine that takes them.

    Parameters
    ----------
    f : callable
        ``f(x, *args)`` -> scalar, written with numpy (or autodiff) operations.
    args : tuple
        Extra arguments passed to ``f``, not differentiated.

    Returns
    -------
    fun, jac, hess, hessp : callables
        ``fun(x)``, ``jac(x)``, ``hess(x)`` and ``hessp(x, p)`` as SciPy expects them.
    """
    obj = _Objective(f, args)
    return obj.fun, obj.jac, obj.hess, obj.hessp


def minimize(f, x0, method=None, args=(), **kwargs):
    """:func:`scipy.optimize.minimize` with the derivatives computed by autodiff.

    Parameters
    ----------
    f : callable
        ``f(x, *args)`` -> scalar, a plain numpy function of a 1-D array (or of the pytree
        ``x0`` is).
    x0 : array_like or pytree of arrays
        Starting point; a pytree is flattened for SciPy and the result's ``x`` rebuilt.
    method : str, optional
        Any method of :func:`scipy.optimize.minimize`. Gradient methods (``BFGS``, ``CG``,
        ``L-BFGS-B``, ...) get ``jac``; ``Newton-CG``, ``trust-ncg``, ``trust-krylov`` and
        ``trust-constr`` get ``hessp`` (one forward-over-reverse pass per product);
        ``dogleg`` and ``trust-exact`` get ``hess``.
    args : tuple
        Extra arguments of ``f``, not differentiated.
    **kwargs
        Passed to :func:`scipy.optimize.minimize` (``tol``, ``options``, ``bounds``, ...). A
        ``jac``, ``hess`` or ``hessp`` given here is used instead of autodiff's.

    Returns
    -------
    scipy.optimize.OptimizeResult

    Examples
    --------
    >>> import numpy as np, autodiff as ad
    >>> def rosen(x):
    ...     return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)
    >>> res = ad.optimize.minimize(rosen, np.zeros(5), method="trust-ncg", tol=1e-8)
    >>> np.allclose(res.x, 1.0)
    True
    """
    flat0, unravel = ravel_pytree(x0)
    is_array = not isinstance(x0, (tuple, list, dict))
    fn = f if is_array else (lambda v, *a: f(unravel(v), *a))
    obj = _Objective(fn, args)
    name = (method or ("BFGS" if not kwargs.get("constraints") and not kwargs.get("bounds")
                       else "SLSQP" if kwargs.get("constraints") else "L-BFGS-B"))
    key = name.lower() if isinstance(name, str) else ""
    options = dict(kwargs)
    if key in _USES_JAC and "jac" not in options:
        options["jac"] = obj.jac
    if key in _USES_HESSP and "hess" not in options and "hessp" not in options:
        options["hessp"] = obj.hessp
    if key in _NEEDS_HESS and "hess" not in options:
        options["hess"] = obj.hess
    result = scipy.optimize.minimize(obj.fun, flat0, method=method, **options)
    if not is_array:
        result.x = unravel(result.x)
    return result
