"""Small helpers the rules share."""
import numpy as np


def shape_of(x) -> tuple:
    """Shape of an array, tensor or scalar."""
    s = getattr(x, "shape", None)
    return tuple(s) if s is not None else ()


def dtype_of(x) -> np.dtype:
    """dtype of an array, tensor or Python scalar."""
    d = getattr(x, "dtype", None)
    return d if d is not None else np.result_type(x)


def zeros(like) -> np.ndarray:
    """Constant zeros with ``like``'s shape and dtype (a constant never needs tracing)."""
    return np.zeros(shape_of(like), dtype_of(like))


def normalize_axis(axis, ndim: int):
    """``axis`` (None, int or tuple) as a tuple of non-negative ints."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, (int, np.integer)):
        axis = (axis,)
    return tuple(int(a) % ndim if ndim else 0 for a in axis)
