"""``autodiff.scipy.signal``: ``convolve`` and ``correlate`` with scipy's modes (``full``,
``valid``, ``same``), N-dimensional, differentiable in both inputs.

Computed directly (scipy's ``method="direct"``); ``method`` is accepted for scipy's signature.
"""
import numpy as np

from ..ops.complex_parts import conj
from ..ops.rearrange import flip
from ..ops.shape import getitem
from ..ops.signal import convolve_full

__all__ = ["convolve", "correlate", "convolve2d", "correlate2d", "fftconvolve", "oaconvolve"]


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
    """N-D cross-correlation (``scipy.signal.correlate``): convolution with ``in2`` flipped and,
    for complex input, conjugated, as scipy."""
    _check(in1, in2, mode)
    if np.iscomplexobj(in2._data if hasattr(in2, "_data") else np.asarray(in2)):
        in2 = conj(in2)
    return convolve(in1, flip(in2), mode, method)


def fftconvolve(in1, in2, mode="full", axes=None):
    """N-D convolution (``scipy.signal.fftconvolve``): the same values as :func:`convolve`,
    computed directly. ``axes`` (convolve along only some axes) is not supported."""
    if axes is not None:
        raise TypeError("fftconvolve: axes= is not supported on tensors; convolve over all axes")
    return convolve(in1, in2, mode)


def oaconvolve(in1, in2, mode="full", axes=None):
    """N-D convolution (``scipy.signal.oaconvolve``, overlap-add): the same values as
    :func:`convolve`, computed directly. ``axes`` is not supported."""
    if axes is not None:
        raise TypeError("oaconvolve: axes= is not supported on tensors; convolve over all axes")
    return convolve(in1, in2, mode)


def _check_2d(name, in1, in2, boundary, fillvalue):
    if np.ndim(in1) != 2 or np.ndim(in2) != 2:
        raise ValueError(f"{name} inputs must both be 2-D arrays")
    if boundary != "fill" or fillvalue != 0:
        raise TypeError(f"{name}: only boundary='fill' with fillvalue=0 is supported on tensors")


def convolve2d(in1, in2, mode="full", boundary="fill", fillvalue=0):
    """2-D convolution (``scipy.signal.convolve2d``) with zero fill at the boundary.

    Parameters
    ----------
    in1, in2 : Tensor or array_like
        2-D.
    mode : {"full", "valid", "same"}
    boundary, fillvalue
        Only scipy's defaults, ``"fill"`` and 0 (other boundaries raise TypeError).
    """
    _check_2d("convolve2d", in1, in2, boundary, fillvalue)
    return convolve(in1, in2, mode)


def correlate2d(in1, in2, mode="full", boundary="fill", fillvalue=0):
    """2-D cross-correlation (``scipy.signal.correlate2d``) with zero fill at the boundary;
    see :func:`convolve2d`. Its ``same`` output is centred as scipy's, which for an even-sized
    kernel differs from ``correlate(..., "same")`` by one element."""
    _check_2d("correlate2d", in1, in2, boundary, fillvalue)
    if mode != "same":
        return correlate(in1, in2, mode)
    # scipy's 'same' here starts at k // 2 of the full correlation (correlate's at (k - 1) // 2)
    full = correlate(in1, in2, "full")
    index = tuple(slice(k // 2, k // 2 + n) for n, k in zip(np.shape(in1), np.shape(in2)))
    return getitem(full, index)


