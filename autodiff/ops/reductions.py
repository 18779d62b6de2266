"""Reductions with ``axis``/``keepdims`` (numpy) or ``dim``/``keepdim`` (PyTorch): sum, mean,
max, min and the vector 2-norm."""
from collections import namedtuple

import numpy as np

from ..core import Tensor, lift, primitive, provide
from ._util import dtype_of, normalize_axis, shape_of
from .comparison import isnan, logical_and, logical_or, where
from .complex_parts import conj, is_complex, real
from .shape import astype, broadcast_to, getitem, reshape
from .unary import abs as _abs

__all__ = ["sum", "mean", "amax", "amin", "sum_", "sum_to"]


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
    if np.iscomplexobj(x):
        x = np.absolute(x)       # |z|^2, not z^2: the norm of a complex vector is real
    return np.sqrt(np.sum(x * x, axis=axis, keepdims=keepdims))


def _safe_unit(ans, x, axis, keepdims):
    # x / |x|, with 0 where the norm is 0 (PyTorch's subgradient of the norm at the origin).
    n = _expand(ans, shape_of(x), axis, keepdims)
    return x / where(n == 0, 1, n)


norm2 = primitive(_norm2_impl, name="norm2", grad_fn_name="LinalgVectorNormBackward0")


# d|x| = Re(sum(conj(x / |x|) dx)); on complex input the cotangent is g * conj(x / |x|).
@norm2.defjvp
def _norm2_jvp(tangents, ans, x, axis=None, keepdims=False):
    unit = _safe_unit(ans, x, axis, keepdims)
    if is_complex(x):
        return sum_(real(conj(unit) * tangents[0]), axis=axis, keepdims=keepdims)
    return sum_(tangents[0] * unit, axis=axis, keepdims=keepdims)


@norm2.defvjp
def _norm2_vjp(g, ans, x, axis=None, keepdims=False):
    unit = _safe_unit(ans, x, axis, keepdims)
    return (_expand(g, shape_of(x), axis, keepdims) * (conj(unit) if is_complex(x) else unit),)


def _extreme(npfunc, name):
    op = primitive(lambda x, axis=None, keepdims=False: npfunc(x, axis=axis, keepdims=keepdims),
                   name=name, grad_fn_name=_axis_name(name.capitalize()))

    def share(ans, x, axis, keepdims):
        """Where ``x`` attains the extreme (or is the NaN it propagates); ties split the
        gradient evenly, as in PyTorch."""
        full = _expand(ans, shape_of(x), axis, keepdims)
        hit = logical_or(x == full, logical_and(isnan(x), isnan(full)))
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


MaxResult = namedtuple("MaxResult", ["values", "indices"])


def _extreme_api(op, argfunc, x, dim, keepdim, kw):
    axis, keepdims = _axis_args(dim, keepdim, kw, x)
    values = op(x, axis=axis, keepdims=keepdims)
    if dim is None:
        return values
    if isinstance(x, Tensor) and x._trace.level > 0:
        x._check_value("the indices of max/min along a dimension")
    if axis == ():                       # a 0-d tensor's dim 0: the one element is the extreme
        return MaxResult(values, lift(np.zeros((), np.int64)))
    indices = np.expand_dims(argfunc(np.asarray(x._data if hasattr(x, "_data") else x),
                                     axis=axis), axis)
    # PyTorch's max along a dim sends the gradient to the index it returns, not to every tie
    grids = list(np.ogrid[tuple(slice(n) for n in indices.shape)])
    grids[axis] = indices
    values = getitem(x, tuple(grids))
    if not keepdims:
        values, indices = reshape(values, np.shape(np.squeeze(indices, axis))), np.squeeze(
            indices, axis)
    return MaxResult(values, lift(indices))


def amax(x, dim=None, keepdim=False, **kw):
    """Largest element; with ``dim``, ``(values, indices)`` along it, as PyTorch's ``max``."""
    return _extreme_api(_amax, np.argmax, x, dim, keepdim, kw)


def amin(x, dim=None, keepdim=False, **kw):
    """Smallest element; with ``dim``, ``(values, indices)`` along it, as PyTorch's ``min``."""
    return _extreme_api(_amin, np.argmin, x, dim, keepdim, kw)


def sum_to(x, shape):
    """Sum ``x`` down to ``shape``: undo broadcasting (the engines' one shared place for it)."""
    xshape = shape_of(x)
    shape = tuple(shape)
    if xshape == shape:
        return x
    lead = len(xshape) - len(shape)
    axes = tuple(range(lead)) + tuple(
        i + lead for i, d in enumerate(shape) if d == 1 and xshape[i + lead] != 1)
    if axes:
        x = sum_(x, axis=axes, keepdims=True)
    return reshape(x, shape=shape)


# The engines un-broadcast cotangents with it, through the core.
provide(sum_to=sum_to)

for _reduction in (sum_, mean_, norm2, _amax, _amin):
    _reduction.defbatch("reduction")
