"""Small helpers the rules share."""
import numpy as np

from ..core.structure import normalize_axis, shape_of

__all__ = ["dtype_of", "normalize_axis", "shape_of", "zeros"]


def dtype_of(x) -> np.dtype:
    """dtype of an array, tensor or Python scalar."""
    d = getattr(x, "dtype", None)
    return d if d is not None else np.result_type(x)


def zeros(like) -> np.ndarray:
    """Constant zeros with ``like``'s shape and dtype (a constant never needs tracing)."""
    return np.zeros(shape_of(like), dtype_of(like))
