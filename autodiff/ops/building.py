"""Building arrays out of traced values: ``array`` of nested lists, ``r_``, ``c_``, ``linspace``
with traced endpoints.

numpy builds ``np.array([a, b])`` in C and never asks the elements how: it converts each one with
``__array__``, which a traced tensor refuses (the derivative would be lost). These build the same
array with ``stack`` and ``concatenate``, whose rules carry the derivative. ``np.array(obj,
like=t)`` and ``np.asarray(obj, like=t)`` reach :func:`array` through numpy's protocol.
"""
import numpy as np

from ..core import Tensor, lift
from ._util import dtype_of, shape_of
from .contractions import moveaxis
from .composites import atleast_3d
from .shape import (astype, broadcast_to, concatenate, index_update, reshape, stack,
                    transpose)

# linspace stays out of the star import: ad.linspace is PyTorch's
__all__ = ["array", "asarray", "r_", "c_", "dstack", "block", "meshgrid"]


def _has_tensor(obj) -> bool:
    if isinstance(obj, Tensor):
        return True
    return isinstance(obj, (list, tuple)) and any(_has_tensor(o) for o in obj)


def _values(obj):
    """The nested structure with every tensor replaced by its values."""
    if isinstance(obj, Tensor):
        return obj._data
    if isinstance(obj, (list, tuple)):
        return [_values(o) for o in obj]
    return obj


def _build(obj, dtype):
    if isinstance(obj, Tensor):
        return obj if obj.dtype == dtype else astype(obj, dtype)
    if isinstance(obj, (list, tuple)) and _has_tensor(obj):
        return stack([_build(o, dtype) for o in obj])
    return np.asarray(_values(obj), dtype=dtype)


def array(obj, dtype=None, *, copy=True, ndmin=0, **kwargs):
    """``numpy.array`` for nested lists and tuples holding tensors, traced ones included.

    Parameters
    ----------
    obj : Tensor, array_like, or nested lists/tuples of them
        Elements at one nesting level must have the same shape, as numpy requires.
    dtype : dtype, optional
        numpy's choice when None (Python floats give float64, unlike :func:`autodiff.tensor`).
    copy, ndmin
        As numpy's.

    Returns
    -------
    Tensor
        Differentiable in every tensor inside ``obj``; also ``np.array(obj, like=t)`` with
        ``t`` any tensor.
    """
    if kwargs.get("order") not in (None, "K", "A", "C"):
        raise ValueError("array: only C order is supported for tensors")
    if not _has_tensor(obj):
        return lift(np.array(obj, dtype=dtype, copy=copy, ndmin=ndmin))
    # numpy decides the shape and dtype (and raises for ragged input) on the values
    reference = np.array(_values(obj), dtype=dtype)
    out = _build(obj, reference.dtype)
    if isinstance(obj, Tensor) and copy:
        out = astype(out, reference.dtype, copy=True)
    shape = shape_of(out)
    if len(shape) < ndmin:
        out = reshape(out, (1,) * (ndmin - len(shape)) + shape)
    return out


def asarray(obj, dtype=None, **kwargs):
    """:func:`array` without a copy when ``obj`` is already a tensor of that dtype."""
    if isinstance(obj, Tensor) and (dtype is None or np.dtype(dtype) == obj.dtype):
        return obj
    return array(obj, dtype=dtype, copy=False)


class _Concatenator:
    """``r_`` and ``c_``: numpy's index-expression concatenation, for tensors."""

    def __init__(self, axis, ndmin, trans1d, name):
        self.axis, self.ndmin, self.trans1d, self.name = axis, ndmin, trans1d, name

    def _promote(self, item, ndmin, trans1d):
        if isinstance(item, (list, tuple)):
            item = array(item)
        ndim = len(shape_of(item))
        if ndim >= ndmin:
            return item
        shape = shape_of(item)
        out = reshape(item, (1,) * (ndmin - ndim) + shape)
        if trans1d != -1:
            # numpy's placement of the original axes (AxisConcatenator.__getitem__)
            k2, k1 = ndmin - ndim, trans1d
            if k1 < 0:
                k1 += k2 + 1
            axes = list(range(ndmin))
            out = transpose(out, axes[:k1] + axes[k2:] + axes[k1:k2])
        return out

    def __getitem__(self, key):
        if not isinstance(key, tuple):
            key = (key,)
        axis, ndmin, trans1d = self.axis, self.ndmin, self.trans1d
        pieces = []
        for k, item in enumerate(key):
            if isinstance(item, str):
                if k != 0:
                    raise ValueError("special directives must be the first entry.")
                if item in ("r", "c"):
                    raise ValueError(f"{self.name}: the matrix directives 'r' and 'c' are not "
                                     f"supported for tensors")
                try:
                    parts = [int(v) for v in item.split(",")]
                except ValueError as e:
                    raise ValueError(f"unknown special directive {item!r}") from e
                axis = parts[0]
                ndmin = parts[1] if len(parts) > 1 else ndmin
                trans1d = parts[2] if len(parts) > 2 else trans1d
                continue
            if isinstance(item, slice):
                item = getattr(np, self.name)[item]       # a range of constants
                pieces.append(self._promote(item, ndmin, trans1d))
            elif np.ndim(_values(item)) == 0 and not isinstance(item, Tensor):
                pieces.append(item)          # a number: its dtype is settled below, weakly
            else:
                pieces.append(self._promote(item, ndmin, trans1d))
        # numbers take the arrays' dtype where numpy's weak promotion says so (float32 stays)
        dt = np.result_type(*[_weak(p) for p in pieces])
        pieces = [np.array(p, dtype=dt, ndmin=ndmin) if np.ndim(_values(p)) == 0
                  and not isinstance(p, Tensor) else p for p in pieces]
        out = concatenate(*pieces, axis=axis)
        return out if isinstance(out, Tensor) else lift(out)

    def __len__(self):
        return 0


r_ = _Concatenator(0, 1, -1, "r_")
r_.__doc__ = """``numpy.r_`` for tensors: ``ad.r_[a, 0.0, b]`` joins along the first axis."""
c_ = _Concatenator(-1, 2, 0, "c_")
c_.__doc__ = """``numpy.c_`` for tensors: 1-D pieces become columns, joined along the last
axis."""


def _weak(x):
    """What ``np.result_type`` should see: Python numbers as themselves (weak), else a dtype."""
    return x if isinstance(x, (int, float, complex)) else dtype_of(x)


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, *,
             device=None):
    """``numpy.linspace`` differentiable in ``start`` and ``stop``.

    The values are ``start + (stop - start) * i / div`` with the last one exactly ``stop``
    (when ``endpoint``), as numpy computes them; array endpoints give one more axis, at
    ``axis``.
    """
    num = int(num)
    if num < 0:
        raise ValueError(f"Number of samples, {num}, must be non-negative.")
    div = (num - 1) if endpoint else num
    dt = np.result_type(_weak(start), _weak(stop), float(num))      # numpy's own rule
    shape = np.broadcast_shapes(shape_of(start), shape_of(stop))
    steps = np.arange(num, dtype=dt).reshape((-1,) + (1,) * len(shape))
    delta = stop - start
    y = steps * (delta / div) + start if div > 0 else steps * delta + start
    if endpoint and num > 1:
        y = index_update(y, -1, stop)
    if axis != 0:
        y = moveaxis(y, 0, axis)
    if dtype is not None:
        y = astype(y, dtype)
    if not isinstance(y, Tensor):
        y = lift(y)
    if retstep:
        return y, (delta / div if div > 0 else np.nan * delta)
    return y


def dstack(tup):
    """Stack along the third axis, 1-D and 2-D inputs promoted first (``numpy.dstack``)."""
    arrs = atleast_3d(*tup)
    return concatenate(*(arrs if isinstance(arrs, list) else [arrs]), axis=2)


def _depth(obj) -> int:
    return 1 + _depth(obj[0]) if isinstance(obj, list) and obj else 0


def block(arrays):
    """Assemble an array from nested lists of blocks (``numpy.block``): the innermost lists are
    joined along the last axis, the next ones along the second-to-last, and so on."""
    depth = _depth(arrays)
    if depth == 0:
        return arrays if isinstance(arrays, Tensor) else lift(np.asarray(arrays))

    def leaves(obj):
        """The non-list items of a nested list, in order."""
        return [x for o in obj for x in leaves(o)] if isinstance(obj, list) else [obj]
    ndim = max([depth] + [len(shape_of(x)) for x in leaves(arrays)])

    def join(obj, level):
        """A nested list joined into one array of ``ndim`` dimensions, as numpy does."""
        if not isinstance(obj, list):
            shape = shape_of(obj)
            return reshape(obj, (1,) * (ndim - len(shape)) + shape) if len(shape) < ndim \
                else obj
        if isinstance(obj, list) and not obj:
            raise ValueError("block: lists cannot be empty")
        return concatenate(*[join(o, level + 1) for o in obj], axis=level - depth)
    return join(arrays, 0)


def meshgrid(*xi, copy=True, sparse=False, indexing="xy"):
    """Coordinate arrays from coordinate vectors (``numpy.meshgrid``), each differentiable in
    its vector."""
    if indexing not in ("xy", "ij"):
        raise ValueError("Valid values for `indexing` are 'xy' and 'ij'.")
    ndim = len(xi)
    shapes = [(1,) * i + (-1,) + (1,) * (ndim - i - 1) for i in range(ndim)]
    if indexing == "xy" and ndim > 1:
        shapes[0], shapes[1] = shapes[1], shapes[0]
        shapes[0] = (1, -1) + (1,) * (ndim - 2)
        shapes[1] = (-1, 1) + (1,) * (ndim - 2)
    out = [reshape(x, s) for x, s in zip(xi, shapes)]
    if not sparse:
        full = np.broadcast_shapes(*[shape_of(o) for o in out])
        out = [broadcast_to(o, full) for o in out]
    return tuple(out)
