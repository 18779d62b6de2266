"""One-dimensional discrete convolution and correlation (``numpy.convolve``,
``numpy.correlate``), as a product with a matrix of shifted copies of one operand.

``out[k] = sum_i a[i] v[k - i]``: the matrix ``V[k, i] = v[k - i]`` (zero outside ``v``) is
gathered from ``v`` by indexing, so the result is differentiable in both operands. numpy's
``same`` and ``valid`` modes are slices of the full result.
"""
import numpy as np

from ._util import dtype_of, shape_of
from .complex_parts import conj
from .linalg import matmul
from .rearrange import flip
from .shape import concatenate, getitem

__all__ = ["convolve", "correlate"]


def _full(a, v):
    n, m = shape_of(a)[0], shape_of(v)[0]
    zeros = np.zeros(n - 1, dtype=dtype_of(v))
    padded = concatenate(zeros, v, zeros, axis=0)            # v[j] at j + n - 1
    k = np.arange(n + m - 1)[:, None]
    i = np.arange(n)[None, :]
    return matmul(getitem(padded, k - i + n - 1), a)


def convolve(a, v, mode="full"):
    """Discrete linear convolution of two 1-D sequences (``numpy.convolve``)."""
    n, m = shape_of(a)[0] if shape_of(a) else 1, shape_of(v)[0] if shape_of(v) else 1
    if not shape_of(a) or not shape_of(v) or n == 0 or m == 0:
        raise ValueError("convolve: both inputs must be non-empty 1-D sequences")
    if m > n:
        a, v, n, m = v, a, m, n
    full = _full(a, v)
    if mode == "full":
        return full
    if mode == "same":
        start = (m - 1) // 2
        return getitem(full, slice(start, start + n))
    if mode == "valid":
        return getitem(full, slice(m - 1, n))
    raise ValueError(f"mode must be one of 'valid', 'same', or 'full' (got {mode!r})")


def correlate(a, v, mode="valid"):
    """Cross-correlation of two 1-D sequences (``numpy.correlate``):
    ``c[k] = sum_n a[n + k] conj(v[n])``, the convolution with ``v`` reversed and conjugated."""
    vc = conj(v) if np.dtype(dtype_of(v)).kind == "c" else v
    n, m = shape_of(a)[0], shape_of(v)[0]
    if m > n and mode == "same":
        # numpy keeps len(v) values, starting n // 2 into the full correlation
        full = convolve(a, flip(vc, 0), "full")
        return getitem(full, slice(n // 2, n // 2 + m))
    return convolve(a, flip(vc, 0), mode)
