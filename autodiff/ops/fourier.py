"""Discrete Fourier transforms (``numpy.fft``): three primitives, the rest composites.

- ``cfft``: the complex transform (forward or inverse) over some axes, input and output of the
  same shape. Linear, and the DFT matrix is symmetric, so its transpose (the VJP, in JAX's
  convention) is the same transform.
- ``rfft``: real input, the non-negative frequencies of the last axis. Its transpose zero-pads
  the cotangent back to full length, applies the complex transform and keeps the real part.
- ``irfft``: the inverse, a real output from the half spectrum. Its transpose (JAX's
  ``_irfft_transpose``) is ``conj(c * mask * rfft(g))``: ``mask`` counts each stored frequency
  once or twice (its conjugate twin is implied), ``c`` is the inverse's normalisation.

numpy's ``n``/``s`` arguments crop or zero-pad the input first (indexing and ``pad``), so the
primitives only ever see matching lengths.
"""
import numpy as np

from ..core import primitive
from ._util import dtype_of, normalize_axis, shape_of
from .complex_parts import conj, real
from .rearrange import pad, roll
from .shape import getitem

__all__ = ["fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft", "rfft2", "irfft2",
           "rfftn", "irfftn", "fftshift", "ifftshift"]


def _is_complex(x) -> bool:
    return np.dtype(dtype_of(x)).kind == "c"


# -- the primitives --------------------------------------------------------------------------
def _cfft_impl(x, axes, norm, inverse):
    return (np.fft.ifftn if inverse else np.fft.fftn)(x, axes=axes, norm=norm)


cfft = primitive(_cfft_impl, name="cfft", grad_fn_name="FftC2CBackward0")
cfft.defjvp(lambda tangents, ans, x, axes, norm, inverse:
            cfft(tangents[0], axes=axes, norm=norm, inverse=inverse))


@cfft.defvjp
def _cfft_vjp(g, ans, x, axes, norm, inverse):
    ct = cfft(g, axes=axes, norm=norm, inverse=inverse)
    return (ct if _is_complex(x) else real(ct),)


rfft_ = primitive(lambda x, axes, norm: np.fft.rfftn(x, axes=axes, norm=norm), name="rfft",
                  grad_fn_name="FftR2CBackward0")
rfft_.defjvp(lambda tangents, ans, x, axes, norm: rfft_(tangents[0], axes=axes, norm=norm))


@rfft_.defvjp
def _rfft_vjp(g, ans, x, axes, norm):
    n, m = shape_of(x)[axes[-1]], shape_of(g)[axes[-1]]
    widths = [(0, 0)] * len(shape_of(g))
    widths[axes[-1]] = (0, n - m)
    full = pad(g, widths)
    return (real(cfft(full, axes=axes, norm=norm, inverse=False)),)


irfft_ = primitive(lambda y, axes, norm, n: np.fft.irfftn(
    y, s=[*(np.shape(y)[a] for a in axes[:-1]), n], axes=axes, norm=norm),
    name="irfft", grad_fn_name="FftC2RBackward0")
irfft_.defjvp(lambda tangents, ans, y, axes, norm, n:
              irfft_(tangents[0], axes=axes, norm=norm, n=n))


def _irfft_scale(shape, axes, norm):
    count = float(np.prod([shape[a] for a in axes]))
    return {"backward": 1.0 / count, None: 1.0 / count, "ortho": count ** -0.5,
            "forward": 1.0}[norm]


@irfft_.defvjp
def _irfft_vjp(g, ans, y, axes, norm, n):
    x = rfft_(g, axes=axes, norm="backward")
    m = shape_of(x)[axes[-1]]
    odd = n % 2
    mask = np.concatenate([[1.0], np.full(m - 2 + odd, 2.0), np.ones(1 - odd)])
    mask = mask.reshape((-1,) + (1,) * (len(shape_of(x)) - 1 - axes[-1]))
    return (conj(x * (mask * _irfft_scale(shape_of(ans), axes, norm))),)


cfft.__doc__ = """The complex DFT (or its inverse) over ``axes``: ``numpy.fft.fftn``/``ifftn``
without ``s``."""
rfft_.__doc__ = """The DFT of real input over ``axes``, half the last axis: ``numpy.fft.rfftn``."""
irfft_.__doc__ = """The inverse of :func:`rfft_`, a real result whose last axis has length
``n``."""


# -- numpy's functions -------------------------------------------------------------------------
def _fit_length(x, axis, n):
    """numpy's ``n``: crop, or zero-pad at the end, along ``axis``."""
    have = shape_of(x)[axis]
    if n is None or n == have:
        return x
    if n < 1:
        raise ValueError(f"Invalid number of FFT data points ({n}) specified.")
    if n < have:
        return getitem(x, (slice(None),) * axis + (slice(0, n),))
    widths = [(0, 0)] * len(shape_of(x))
    widths[axis] = (0, n - have)
    return pad(x, widths)


def _axes_and_lengths(x, s, axes):
    ndim = len(shape_of(x))
    if axes is None:
        axes = tuple(range(ndim - len(s), ndim)) if s is not None else tuple(range(ndim))
    axes = tuple(a % ndim for a in axes)
    if s is None:
        s = [None] * len(axes)
    if len(s) != len(axes):
        raise ValueError("Shape and axes have different lengths.")
    return axes, list(s)


def _complex_n(x, s, axes, norm, inverse):
    axes, s = _axes_and_lengths(x, s, axes)
    for a, n in zip(axes, s):
        x = _fit_length(x, a, n)
    return cfft(x, axes=axes, norm=norm, inverse=inverse)


def fftn(a, s=None, axes=None, norm=None, out=None):
    """N-D discrete Fourier transform (``numpy.fft.fftn``), differentiable."""
    return _complex_n(a, s, axes, norm, False)


def ifftn(a, s=None, axes=None, norm=None, out=None):
    """N-D inverse discrete Fourier transform (``numpy.fft.ifftn``)."""
    return _complex_n(a, s, axes, norm, True)


def fft(a, n=None, axis=-1, norm=None, out=None):
    """1-D discrete Fourier transform (``numpy.fft.fft``)."""
    return _complex_n(a, None if n is None else [n], (axis,), norm, False)


def ifft(a, n=None, axis=-1, norm=None, out=None):
    """1-D inverse discrete Fourier transform (``numpy.fft.ifft``)."""
    return _complex_n(a, None if n is None else [n], (axis,), norm, True)


def fft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    """2-D discrete Fourier transform (``numpy.fft.fft2``)."""
    return _complex_n(a, s, axes, norm, False)


def ifft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    """2-D inverse discrete Fourier transform (``numpy.fft.ifft2``)."""
    return _complex_n(a, s, axes, norm, True)


def rfftn(a, s=None, axes=None, norm=None, out=None):
    """N-D DFT of real input, half the last axis (``numpy.fft.rfftn``)."""
    axes, s = _axes_and_lengths(a, s, axes)
    for ax, n in zip(axes, s):
        a = _fit_length(a, ax, n)
    return rfft_(a, axes=axes, norm=norm)


def irfftn(a, s=None, axes=None, norm=None, out=None):
    """Inverse of :func:`rfftn`: a real result (``numpy.fft.irfftn``)."""
    axes, s = _axes_and_lengths(a, s, axes)
    last = axes[-1]
    n = s[-1] if s[-1] is not None else 2 * (shape_of(a)[last] - 1)
    for ax, m in zip(axes[:-1], s[:-1]):
        a = _fit_length(a, ax, m)
    a = _fit_length(a, last, n // 2 + 1)
    return irfft_(a, axes=axes, norm=norm, n=int(n))


def rfft(a, n=None, axis=-1, norm=None, out=None):
    """1-D DFT of real input, the non-negative frequencies (``numpy.fft.rfft``)."""
    return rfftn(a, None if n is None else [n], (axis,), norm)


def irfft(a, n=None, axis=-1, norm=None, out=None):
    """Inverse of :func:`rfft`: a real result of length ``n`` (``numpy.fft.irfft``)."""
    return irfftn(a, None if n is None else [n], (axis,), norm)


def rfft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    """2-D DFT of real input (``numpy.fft.rfft2``)."""
    return rfftn(a, s, axes, norm)


def irfft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    """Inverse of :func:`rfft2` (``numpy.fft.irfft2``)."""
    return irfftn(a, s, axes, norm)


def fftshift(x, axes=None):
    """Move the zero frequency to the centre (``numpy.fft.fftshift``): a roll."""
    ndim = len(shape_of(x))
    axes = normalize_axis(axes, ndim)
    return roll(x, tuple(shape_of(x)[a] // 2 for a in axes), axis=axes)


def ifftshift(x, axes=None):
    """Undo :func:`fftshift` (``numpy.fft.ifftshift``)."""
    ndim = len(shape_of(x))
    axes = normalize_axis(axes, ndim)
    return roll(x, tuple(-(shape_of(x)[a] // 2) for a in axes), axis=axes)

