"""``autodiff.scipy.signal``: ``convolve`` and ``correlate`` with scipy's modes (``full``,
``valid``, ``same``), N-dimensional, differentiable in both inputs.

Computed directly (scipy's ``method="direct"``); ``method`` is accepted for scipy's signature.
"""
import numpy as np

from ..ops.rearrange import flip
from ..ops.shape import getitem
from ..ops.signal import convolve_full

__all__ = ["convolve", "correlate"]


def _check(in1, in2, mode):
    if np.ndim(in1) != np.ndim(in2):
        raise ValueError("in1 and in2 should have the same dimensionality")
    if mode not in ("full", "valid", "same"):
        raise ValueError("acceptable mode flags are 'valid', 'same', or 'full'")
    s1, s2 = np.shape(in1), np.shape(in2)
    if mode == "valid" and not (all(a >= b for a, b in zip(s1, s2))
                                or all(b >= a for a, b in zip(s1, s2))):
        raise ValueError("For 'valid' mode, one must be at least as large as the other in every "
                         "dimension")


def _centered(full, shape):
    """The central ``shape`` block of ``full`` (scipy's ``_centered``)."""
    index = tuple(slice((f - n) // 2, (f - n) // 2 + n) for f, n in zip(np.shape(full), shape))
    return getitem(full, index)


def convolve(in1, in2, mode="full", method="auto"):
    """N-D convolution (``scipy.signal.convolve``).

    Parameters
    ----------
    in1, in2 : Tensor or array_like
        Same number of dimensions.
    mode : {"full", "valid", "same"}
        ``full``: every overlap; ``valid``: only complete overlaps (one input must be at least
        as large as the other in every dimension); ``same``: ``in1``'s shape, centred.
    method : str
        Accepted and ignored (direct computation).
    """
    _check(in1, in2, mode)
    full = convolve_full(in1, in2)
    if mode == "full":
        return full
    s1, s2 = np.shape(in1), np.shape(in2)
    if mode == "same":
        return _centered(full, s1)
    return _centered(full, tuple(abs(a - b) + 1 for a, b in zip(s1, s2)))


def correlate(in1, in2, mode="full", method="auto"):
    """N-D cross-correlation (``scipy.signal.correlate``): convolution with ``in2`` flipped."""
    _check(in1, in2, mode)
    return convolve(in1, flip(in2), mode, method)


