"""numpy functions that only move elements around, differentiated by running numpy on tags.

``delete``, ``insert``, ``resize``, ``compress``, ``extract``, ``choose``, ``diagflat`` and
``unstack`` decide where each element of the result comes from without looking at the values.
So numpy itself runs on *tags* (element ``k`` of the inputs, flattened one after another, is
tag ``k + 1``; tag 0 is an element no input gave, a zero) and the result gathers the tensors'
elements at those tags with ``take``, whose derivative is a scatter-add. numpy keeps every
detail of its own semantics (negative indices, broadcast values, modes) because numpy does the
placing. ``trim_zeros`` and ``sort_complex`` decide from the values, which carry no derivative
in that decision: they compute where from the values and gather the same way.
"""
from __future__ import annotations

import numpy as np

from . import ops
from .core import Tensor

__all__ = ["GATHERING"]


def _plain(x, what="an index or condition"):
    """The value of ``x`` where it only decides where elements go (no derivative flows
    through that decision); inside ``ad.jit`` that decision cannot be recorded, which says so."""
    if isinstance(x, Tensor):
        x._check_value(f"{what} computed from a traced value")
        return x._data
    return x


def _tags(arrays):
    """One tag array per input, shaped like it, numbering all their elements from 1."""
    tags, start = [], 1
    for a in arrays:
        shape = np.shape(a)
        size = int(np.prod(shape, dtype=np.int64))
        tags.append(np.arange(start, start + size, dtype=np.int64).reshape(shape))
        start += size
    return tags


def _gather(arrays, result_tags, dtype):
    """The result numpy placed by tags, built from the inputs' elements."""
    placed = np.asarray(result_tags)
    flat = [ops.reshape(ops.astype(a, dtype) if np.dtype(_dtype(a)) != dtype else a, (-1,))
            for a in arrays]
    source = ops.concatenate(*flat) if len(flat) > 1 else flat[0]
    picked = ops.take(source, np.where(placed > 0, placed - 1, 0))
    if np.any(placed == 0):
        picked = ops.where(placed > 0, picked, np.zeros((), dtype))
    return picked


def _dtype(a):
    return a.dtype if hasattr(a, "dtype") else np.result_type(a)


def _placed(func, arrays, *args, dtype=None, **kwargs):
    """``func(*tags, *args)`` gathered from ``arrays``; the result dtype is the first array's
    (numpy casts what it inserts to it) unless given."""
    dtype = np.dtype(dtype or _dtype(arrays[0]))
    out = func(*_tags(arrays), *args, **kwargs)
    if isinstance(out, tuple):
        return tuple(_gather(arrays, o, dtype) for o in out)
    return _gather(arrays, out, dtype)


def _delete(arr, obj, axis=None):
    return _placed(lambda t: np.delete(t, _plain(obj), axis), [arr])


def _insert(arr, obj, values, axis=None):
    return _placed(lambda t, v: np.insert(t, _plain(obj), v, axis), [arr, values])


def _resize(a, new_shape):
    return _placed(lambda t: np.resize(t, new_shape), [a])


def _compress(condition, a, axis=None, out=None):
    _no_out("compress", out)
    return _placed(lambda t: np.compress(_plain(condition), t, axis), [a])


def _extract(condition, arr):
    return _placed(lambda t: np.extract(_plain(condition), t), [arr])


def _choose(a, choices, out=None, mode="raise"):
    _no_out("choose", out)
    choices = list(choices)
    dtype = np.result_type(*[_dtype(c) for c in choices])
    return _placed(lambda *t: np.choose(_plain(a), list(t), mode=mode), choices, dtype=dtype)


def _diagflat(v, k=0):
    return _placed(lambda t: np.diagflat(t, k), [v])


def _unstack(x, /, *, axis=0):
    return _placed(lambda t: np.unstack(t, axis=axis), [x])


def _trim_zeros(filt, trim="fb", axis=None):
    values = np.asarray(_plain(filt, "numpy.trim_zeros (its result's shape)"))
    if trim not in ("f", "b", "fb", "bf"):
        raise ValueError(f"trim_zeros: unexpected trim={trim!r}; use 'f', 'b' or 'fb'")
    axes = range(values.ndim) if axis is None else np.atleast_1d(axis)
    index = [slice(None)] * values.ndim
    for ax in axes:
        others = tuple(i for i in range(values.ndim) if i != ax)
        nonzero = np.flatnonzero(np.any(values != 0, axis=others) if others else values != 0)
        if nonzero.size == 0:
            index[ax] = slice(0, 0)
            continue
        start = nonzero[0] if "f" in trim else 0
        stop = nonzero[-1] + 1 if "b" in trim else values.shape[ax]
        index[ax] = slice(int(start), int(stop))
    return filt[tuple(index)]


def _sort_complex(a):
    order = np.argsort(np.asarray(_plain(a, "numpy.sort_complex's order")), axis=-1)   # real part first, then imaginary
    kind = np.dtype(_dtype(a)).kind
    wide = a if kind == "c" else ops.astype(a, np.result_type(_dtype(a), np.complex64))
    return ops.take_along_axis(wide, order, axis=-1)


def _no_out(name, out):
    if out is not None:
        raise TypeError(f"numpy.{name} with out= would write into an array behind the engines' "
                        f"back; assign the result instead")


GATHERING = {np.delete: _delete, np.insert: _insert, np.resize: _resize,
             np.compress: _compress, np.extract: _extract, np.choose: _choose,
             np.diagflat: _diagflat, np.trim_zeros: _trim_zeros,
             np.sort_complex: _sort_complex}
if hasattr(np, "unstack"):
    GATHERING[np.unstack] = _unstack
