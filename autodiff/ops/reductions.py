"""Reductions with ``axis``/``keepdims`` (numpy) or ``dim``/``keepdim`` (PyTorch): sum, mean,
max, min and the vector 2-norm."""
from collections import namedtuple

import numpy as np

from ..registry import primitive
from ._util import normalize_axis, shape_of
from .arithmetic import where
from .shape import broadcast_to, reshape

__all__ = ["sum", "mean", "norm", "amax", "amin", "sum_"]


def _kept_shape(xshape, axis):
    axes = normalize_axis(axis, len(xshape))
    return tuple(1 if i in axes else d for i, d in enumerate(xshape))


def _expand(g, xshape, axis, keepdims):
    """A reduced result's cotangent broadcast back over the reduced axes."""
    if not keepdims and axis is not None:
        g = reshape(g, _kept_shape(xshape, axis))
    return broadcast_to(g, xshape)


def _axis_name(base):
    return lambda args, kw: f"{base}Backward{0 if kw.get('axis') is None else 1}"


sum_ = primitive(lambda x, axis=None, keepdims=False: np.sum(x, axis=axis, keepdims=keepdims),
                 name="sum", grad_fn_name=_axis_name("Sum"))
sum_.__doc__ = """The ``sum`` primitive: ``sum_(x, axis=None, keepdims=False)``; see :func:`sum`."""
sum_.defjvp(lambda tangents, ans, x, axis=None, keepdims=False:
            sum_(tangents[0], axis=axis, keepdims=keepdims))
sum_.defvjp(lambda g, ans, x, axis=None, keepdims=False:
            (_expand(g, shape_of(x), axis, keepdims),))


def _count(xshape, axis):
    n = 1
    for a in normalize_axis(axis, len(xshape)):
        n *= xshape[a]
    return n


mean_ = primitive(lambda x, axis=None, keepdims=False: np.mean(x, axis=axis, keepdims=keepdims),
                  name="mean", grad_fn_name=_axis_name("Mean"))
mean_.defjvp(lambda tangents, ans, x, axis=None, keepdims=False:
             mean_(tangents[0], axis=axis, keepdims=keepdims))
mean_.defvjp(lambda g, ans, x, axis=None, keepdims=False:
             (_expand(g, shape_of(x), axis, keepdims) / _count(shape_of(x), axis),))


def _norm2_impl(x, axis=None, keepdims=False):
    return np.sqrt(np.sum(x * x, axis=axis, keepdims=keepdims))


def _safe_unit(ans, x, axis, keepdims):
    # x / |x|, with 0 where the norm is 0 (PyTorch's subgradient of the norm at the origin).
    n = _expand(ans, shape_of(x), axis, keepdims)
    return x / where(n == 0, 1, n)


norm2 = primitive(_norm2_impl, name="norm2", grad_fn_name="LinalgVectorNormBackward0")
norm2.defjvp(lambda tangents, ans, x, axis=None, keepdims=False:
             sum_(tangents[0] * _safe_unit(ans, x, axis, keepdims), axis=axis, keepdims=keepdims))
norm2.defvjp(lambda g, ans, x, axis=None, keepdims=False:
             (_expand(g, shape_of(x), axis, keepdims) * _safe_unit(ans, x, axis, keepdims),))


def _extreme(npfunc, name):
    op = primitive(lambda x, axis=None, keepdims=False: npfunc(x, axis=axis, keepdims=keepdims),
                   name=name, grad_fn_name=_axis_name(name.capitalize()))

    def share(ans, x, axis, keepdims):
        """Where ``x`` attains the extreme; ties split the gradient evenly, as in PyTorch."""
        hit = x == _expand(ans, shape_of(x), axis, keepdims)
        return hit / _expand(sum_(hit, axis=axis, keepdims=keepdims), shape_of(x), axis, keepdims)

    op.defjvp(lambda tangents, ans, x, axis=None, keepdims=False:
              sum_(tangents[0] * share(ans, x, axis, keepdims), axis=axis, keepdims=keepdims))
    op.defvjp(lambda g, ans, x, axis=None, keepdims=False:
              (_expand(g, shape_of(x), axis, keepdims) * share(ans, x, axis, keepdims),))
    return op


_amax = _extreme(np.amax, "amax")
_amin = _extreme(np.amin, "amin")


def _axis_args(dim, keepdim, kw, x=None):
    """``(axis, keepdims)`` from PyTorch's ``dim``/``keepdim`` or numpy's ``axis``/``keepdims``.

    Given ``x``, a 0-d ``x`` accepts ``dim`` 0 or -1 as PyTorch does (numpy refuses it): that
    reduces over no axis, ``axis=()``, so the op and every engine see a valid axis.
    """
    axis = kw.pop("axis", dim)
    keepdims = kw.pop("keepdims", keepdim)
    if kw:
        raise TypeError(f"unexpected keyword argument(s): {', '.join(kw)}")
    if isinstance(axis, list):
        axis = tuple(axis)
    if x is not None and axis is not None:
        axis = zero_d_axis(x, axis)
    return axis, bool(keepdims)


def zero_d_axis(x, axis):
    """``axis`` unchanged, or ``()`` when ``x`` is 0-d and ``axis`` is 0 or -1 (each of them),
    PyTorch's dims of a scalar; other axes of a 0-d value raise IndexError as in PyTorch."""
    if len(shape_of(x)) or axis is None:
        return axis
    for a in (axis if isinstance(axis, tuple) else (axis,)):
        if int(a) not in (0, -1):
            raise IndexError(f"Dimension out of range (expected to be in range of [-1, 0], but "
                             f"got {int(a)})")
    return ()


def sum(x, dim=None, keepdim=False, **kw):
    """Sum over ``dim`` (``axis``), all elements by default.

    Parameters
    ----------
    x : Tensor or array_like
    dim : int or tuple of int, optional
        Also accepted as numpy's ``axis``.
    keepdim : bool
        Keep reduced dimensions with length one (numpy's ``keepdims``).
    """
    axis, keepdims = _axis_args(dim, keepdim, kw, x)
    return sum_(x, axis=axis, keepdims=keepdims)


def mean(x, dim=None, keepdim=False, **kw):
    """Arithmetic mean over ``dim`` (``axis``), all elements by default."""
    axis, keepdims = _axis_args(dim, keepdim, kw, x)
    return mean_(x, axis=axis, keepdims=keepdims)


def norm(x, p=2, dim=None, keepdim=False, **kw):
    """Vector ``p``-norm over ``dim`` (all elements by default): 2, 1, inf, or any ``p > 0``.

    ``p="fro"`` is the 2-norm over ``dim``; ``p="nuc"`` the nuclear norm of the matrices over
    the two axes ``dim`` (the last two by default). Other matrix norms: :func:`matrix_norm`.
    """
    axis, keepdims = _axis_args(dim, keepdim, kw, None if p == "nuc" else x)
    if p == "nuc":    # the nuclear norm is a matrix norm (torch.norm accepts it too)
        from .decompositions import matrix_norm
        return matrix_norm(x, "nuc", (-2, -1) if axis is None else axis, keepdims)
    if p in (2, "fro", None):
        return norm2(x, axis=axis, keepdims=keepdims)
    from .unary import abs as _abs
    if p == np.inf:
        return _amax(_abs(x), axis=axis, keepdims=keepdims)
    if p == -np.inf:
        return _amin(_abs(x), axis=axis, keepdims=keepdims)
    if p == 1:
        return sum_(_abs(x), axis=axis, keepdims=keepdims)
    # sum(|x|^p)^(1/p). Its derivative is 0 where the norm is 0 (PyTorch's choice, as for p = 2)
    # and, for p < 1, at zero elements, where the formula gives 0 * inf; the masked bases (the
    # double where) keep every order finite.
    a = _abs(x)
    powers = where(a == 0, 0, where(a == 0, 1, a) ** p)
    s = sum_(powers, axis=axis, keepdims=keepdims)
    return where(s == 0, 0, where(s == 0, 1, s) ** (1.0 / p))


MaxResult = namedtuple("MaxResult", ["values", "indices"])


def _extreme_api(op, argfunc, x, dim, keepdim, kw):
    axis, keepdims = _axis_args(dim, keepdim, kw, x)
    values = op(x, axis=axis, keepdims=keepdims)
    if dim is None:
        return values
    from ..reverse import _lift
    if axis == ():                       # a 0-d tensor's dim 0: the one element is the extreme
        return MaxResult(values, _lift(np.zeros((), np.int64)))
    indices = argfunc(np.asarray(x._data if hasattr(x, "_data") else x), axis=axis)
    if keepdims:
        indices = np.expand_dims(indices, axis)
    return MaxResult(values, _lift(indices))


def amax(x, dim=None, keepdim=False, **kw):
    """Largest element; with ``dim``, ``(values, indices)`` along it, as PyTorch's ``max``."""
    return _extreme_api(_amax, np.argmax, x, dim, keepdim, kw)


def amin(x, dim=None, keepdim=False, **kw):
    """Smallest element; with ``dim``, ``(values, indices)`` along it, as PyTorch's ``min``."""
    return _extreme_api(_amin, np.argmin, x, dim, keepdim, kw)
