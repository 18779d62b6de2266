"""The array operations the engines need without knowing any op by name.

An engine must un-broadcast a cotangent, broadcast a tangent, cast a dtype, and (the batch
level) reshape, take apart and stack values. Those are primitives of the ops layer, so that a
derivative flows through them at every order; the ops layer hands them to the core with
:func:`provide` when it is imported. Imports therefore flow one way (ops import the core, never
the reverse), and :func:`fit`, the one place a (co)tangent is shaped and cast for its value,
serves every engine.
"""
from __future__ import annotations

import numpy as np

from .tensor import Tensor

_NAMES = ("sum_to", "broadcast_to", "astype", "reshape", "getitem", "stack", "conj", "real",
          "where", "stop_gradient")


class _Operations:
    """The structural primitives, filled in by the ops layer."""

    def __getattr__(self, name):
        if name in _NAMES:
            raise RuntimeError(f"the structural operation {name!r} is not available: import "
                               f"autodiff (its ops layer provides it) before using the engines")
        raise AttributeError(name)


ops = _Operations()
Tensor._structural = ops      # in-place writes of constants cut the history through ops.where


def provide(**operations) -> None:
    """Install the structural primitives (called once by :mod:`autodiff.ops`)."""
    unknown = set(operations) - set(_NAMES)
    if unknown:
        raise TypeError(f"provide: unknown structural operations {sorted(unknown)}")
    for name, fn in operations.items():
        setattr(ops, name, fn)


def _shape(x) -> tuple:
    return tuple(x.shape) if isinstance(x, (Tensor, np.ndarray)) else np.shape(x)


# -- shapes, and the helpers batching rules share (engines and ops alike) ----------------------
def shape_of(x) -> tuple:
    """Shape of an array, tensor or scalar."""
    s = getattr(x, "shape", None)
    return tuple(s) if s is not None else ()


def normalize_axis(axis, ndim: int):
    """``axis`` (None, int or tuple) as a tuple of non-negative ints."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, (int, np.integer)):
        axis = (axis,)
    return tuple(int(a) % ndim if ndim else 0 for a in axis)


def ndim_of(x) -> int:
    """Number of dimensions of an array, tensor or scalar."""
    return len(shape_of(x))


def reshape(x, shape):
    """``x`` reshaped; numpy's own method for an array (no dispatch on the hot path)."""
    if isinstance(x, np.ndarray):
        return x.reshape(shape)
    return ops.reshape(x, shape)


def pad_dims(x, nd: int):
    """A batched value (batch axis first) with ones inserted after the batch axis, so its
    per-example part has ``nd`` dimensions and broadcasts against unbatched operands."""
    shape = shape_of(x)
    missing = nd - (len(shape) - 1)
    if missing <= 0:
        return x
    return reshape(x, shape[:1] + (1,) * missing + shape[1:])


def materialize(x, size):
    """An unbatched value broadcast along a new leading batch axis."""
    shape = (size,) + shape_of(x)
    return np.broadcast_to(np.asarray(x), shape) if not isinstance(x, Tensor) else \
        ops.broadcast_to(x, shape)


def fits(kwargs, required, optional=()) -> bool:
    """Whether the static parameters are exactly those a rule was written for (anything else,
    e.g. an op re-registered with other parameters, takes the loop)."""
    return set(required) <= set(kwargs) <= set(required) | set(optional)


def _dtype(x) -> np.dtype:
    return x.dtype if isinstance(x, (Tensor, np.ndarray)) else np.result_type(x)


def fit(value, like):
    """``value`` (a tangent or cotangent a rule returned) in ``like``'s shape and dtype.

    A rule may return a smaller shape (a number, a value that broadcasts: the same value in every
    element), which is broadcast; or a larger one (the output of a broadcasting op), whose
    broadcast dimensions are summed away. A different dtype (promotion) is cast back; a complex
    (co)tangent of a real value keeps its real part.
    """
    if not isinstance(value, (Tensor, np.ndarray)):
        value = np.asarray(value)
    shape, target = tuple(value.shape), _shape(like)
    if shape != target:
        try:
            grows = np.broadcast_shapes(shape, target) == target
        except ValueError:
            grows = False
        value = ops.broadcast_to(value, target) if grows else ops.sum_to(value, target)
    dtype = _dtype(like)
    if value.dtype != dtype:
        if value.dtype.kind == "c" and dtype.kind != "c":
            value = ops.real(value)     # a real input's share of a complex cotangent
        if value.dtype != dtype:
            value = ops.astype(value, dtype)
    return value
