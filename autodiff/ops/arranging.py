"""numpy's remaining ways to rearrange or pick elements: flipud, fliplr, rot90, rollaxis,
hsplit, vsplit, dsplit, partition, select.

Each is written with the indexing, transposing and ``where`` primitives, so every engine and
every derivative order comes from their rules.
"""
import numpy as np

from ..core import Tensor
from ._util import normalize_axis, shape_of
from .comparison import where
from .composites import ravel
from .rearrange import flip, split, take_along_axis
from .shape import broadcast_to, transpose

__all__ = ["flipud", "fliplr", "rot90", "rollaxis", "hsplit", "vsplit", "dsplit", "partition",
           "select"]


_AxisError = getattr(np, "exceptions", np).AxisError     # numpy < 1.25 keeps it at the top


def _need_ndim(x, n, name):
    if len(shape_of(x)) < n:
        raise ValueError(f"{name}: input must be at least {n}-d")


def flipud(x):
    """Reverse the order along the first axis (``numpy.flipud``)."""
    _need_ndim(x, 1, "flipud")
    return flip(x, 0)


def fliplr(x):
    """Reverse the order along the second axis (``numpy.fliplr``)."""
    _need_ndim(x, 2, "fliplr")
    return flip(x, 1)


def rot90(m, k=1, axes=(0, 1)):
    """Rotate by 90 degrees ``k`` times in the plane of ``axes`` (``numpy.rot90``)."""
    ndim = len(shape_of(m))
    axes = tuple(axes)
    if len(axes) != 2:
        raise ValueError("len(axes) must be 2.")
    if axes[0] == axes[1] or abs(axes[0] - axes[1]) == ndim:
        raise ValueError("Axes must be different.")
    a0, a1 = normalize_axis(axes, ndim)
    k %= 4
    if k == 0:
        return m
    if k == 2:
        return flip(flip(m, a0), a1)
    order = list(range(ndim))
    order[a0], order[a1] = order[a1], order[a0]
    if k == 1:
        return transpose(flip(m, a1), order)
    return flip(transpose(m, order), a1)


def rollaxis(a, axis, start=0):
    """Roll ``axis`` backwards until it lies before position ``start`` (``numpy.rollaxis``)."""
    ndim = len(shape_of(a))
    axis = normalize_axis(axis, ndim)[0]
    if start < 0:
        start += ndim
    if not 0 <= start < ndim + 1:
        raise _AxisError(f"start={start} out of range for an array of {ndim} dims")
    if axis < start:
        start -= 1
    if axis == start:
        return a
    order = list(range(ndim))
    order.remove(axis)
    order.insert(start, axis)
    return transpose(a, order)


def hsplit(x, indices_or_sections):
    """Split along the second axis (the first for 1-D input), as ``numpy.hsplit``."""
    _need_ndim(x, 1, "hsplit only works on arrays of 1 or more dimensions;")
    return split(x, indices_or_sections, 1 if len(shape_of(x)) > 1 else 0)


def vsplit(x, indices_or_sections):
    """Split along the first axis of an array of 2 or more dimensions (``numpy.vsplit``)."""
    _need_ndim(x, 2, "vsplit only works on arrays of 2 or more dimensions;")
    return split(x, indices_or_sections, 0)


def dsplit(x, indices_or_sections):
    """Split along the third axis of an array of 3 or more dimensions (``numpy.dsplit``)."""
    _need_ndim(x, 3, "dsplit only works on arrays of 3 or more dimensions;")
    return split(x, indices_or_sections, 2)


def _values(x):
    return x._data if isinstance(x, Tensor) else np.asarray(x)


def partition(a, kth, axis=-1, kind="introselect", order=None):
    """numpy's ``partition``: the ``kth`` element in its sorted place, smaller ones before it and
    larger ones after, in numpy's own arrangement.

    The result is a permutation of ``a``, so each element's gradient goes back to where it came
    from (among equal values, to one of them).
    """
    if axis is None:
        a, axis = ravel(a), 0
    values = _values(a)
    axis = normalize_axis(axis, values.ndim)[0]
    arranged = np.partition(values, kth, axis=axis, kind=kind, order=order)
    # Output slot order_p[j] holds the j-th smallest value, which sits at order_a[j] in ``a``.
    order_p = np.argsort(arranged, axis=axis, kind="stable")
    order_a = np.argsort(values, axis=axis, kind="stable")
    source = np.empty_like(order_a)
    np.put_along_axis(source, order_p, order_a, axis=axis)
    return take_along_axis(a, source, axis)


def select(condlist, choicelist, default=0):
    """The element of the first choice whose condition holds, ``default`` where none does
    (``numpy.select``); differentiable in the choices and in ``default``."""
    if len(condlist) != len(choicelist):
        raise ValueError("list of cases must be same length as list of conditions")
    if len(condlist) == 0:
        raise ValueError("select with an empty condition list is not possible")
    out = default
    for cond, choice in zip(reversed(condlist), reversed(choicelist)):
        cond = _values(cond)
        if cond.dtype != bool:
            raise TypeError(f"invalid entry in condlist: should be boolean ndarray, got "
                            f"{cond.dtype}")
        out = where(cond, choice, out)
    shape = np.broadcast_shapes(*[shape_of(c) for c in condlist],
                                *[shape_of(c) for c in choicelist], shape_of(default))
    if shape_of(out) != shape:
        out = broadcast_to(out, shape)
    return out
