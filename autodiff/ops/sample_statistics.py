"""Statistics of samples as numpy computes them: cov, corrcoef, median, quantile, percentile,
ptp, and the NaN-ignoring nansum, nanmean, nanmax, nanmin.

All are composites: order statistics pick elements with ``sort`` (the gradient goes to the
picked elements, split between the two neighbours a linear interpolation uses), the others are
arithmetic and reductions.
"""
import numpy as np

from ..core import Tensor
from ._util import dtype_of, normalize_axis, shape_of
from .comparison import where
from .comparison import isnan, logical_not
from .complex_parts import conj, real
from .composites import atleast_2d
from .linalg import matmul
from .reductions import amax, amin, mean, sum_
from .rearrange import sort
from .shape import astype, concatenate, expand_dims, getitem, reshape, swapaxes, transpose
from .unary import sqrt

__all__ = ["cov", "corrcoef", "median", "quantile", "percentile", "ptp", "nansum", "nanmean",
           "nanmax", "nanmin"]


def _is_complex(x) -> bool:
    return np.dtype(dtype_of(x)).kind == "c"


def cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None, *,
        dtype=None):
    """Covariance matrix of the variables in the rows of ``m`` (``numpy.cov``), differentiable
    in the observations and in the analytic weights ``aweights``; the frequency weights
    ``fweights`` are integer counts (constants)."""
    x = atleast_2d(m)
    if not rowvar and shape_of(x)[0] != 1:
        x = swapaxes(x, 0, 1)
    if y is not None:
        y = atleast_2d(y)
        if not rowvar and shape_of(y)[0] != 1:
            y = swapaxes(y, 0, 1)
        x = concatenate(x, y, axis=0)
    # numpy computes in at least float64 unless told otherwise
    dtype = np.result_type(dtype_of(x), np.float64) if dtype is None else np.dtype(dtype)
    if np.dtype(dtype_of(x)) != dtype:
        x = astype(x, dtype)
    if ddof is None:
        ddof = 0 if bias else 1
    n = shape_of(x)[1]
    w = _cov_weights(fweights, aweights, n)
    if w is None:
        xc = x - mean(x, axis=1, keepdims=True)
        fact = float(n - ddof)
        xw = xc
    else:
        w_sum = sum_(w)
        xc = x - sum_(x * w, axis=1, keepdims=True) / w_sum
        if ddof == 0:
            fact = w_sum
        elif aweights is None:
            fact = w_sum - ddof
        else:
            fact = w_sum - ddof * sum_(w * aweights) / w_sum
        xw = xc * w
    c = matmul(xc, swapaxes(conj(xw) if _is_complex(xw) else xw, 0, 1)) / fact
    shape = shape_of(c)
    return reshape(c, tuple(d for d in shape if d != 1)) if 1 in shape else c


def _cov_weights(fweights, aweights, n):
    """numpy's checks of ``cov``'s weights, and their product (None without weights)."""
    w = None
    if fweights is not None:
        f = np.asarray(fweights._data if isinstance(fweights, Tensor) else fweights)
        if not np.all(f == np.around(f)):
            raise TypeError("fweights must be integer")
        if f.ndim > 1:
            raise RuntimeError("cannot handle multidimensional fweights")
        if f.shape[0] != n:
            raise RuntimeError("incompatible numbers of samples and fweights")
        if np.any(f < 0):
            raise ValueError("fweights cannot be negative")
        w = f.astype(np.float64)
    if aweights is not None:
        a = aweights._data if isinstance(aweights, Tensor) else np.asarray(aweights)
        if a.ndim > 1:
            raise RuntimeError("cannot handle multidimensional aweights")
        if a.shape[0] != n:
            raise RuntimeError("incompatible numbers of samples and aweights")
        if np.any(a < 0):
            raise ValueError("aweights cannot be negative")
        w = aweights if w is None else aweights * w
    return w


def corrcoef(x, y=None, rowvar=True, *, dtype=None):
    """Pearson correlation coefficients (``numpy.corrcoef``): ``cov`` scaled by the standard
    deviations. (numpy clips the real part to [-1, 1]; here values differ from its only by
    rounding, and the diagonal's derivative is zero as it should be.)"""
    c = cov(x, y, rowvar, dtype=dtype)
    if len(shape_of(c)) == 0:
        return c / c
    n = shape_of(c)[0]
    d = sum_(where(np.eye(n, dtype=bool), c, 0), axis=1)
    std = sqrt(real(d) if _is_complex(d) else d)
    return c / expand_dims(std, 1) / expand_dims(std, 0)


def _prepare(a, axis):
    """``a`` sorted along ``axis`` moved last; the flattened array when ``axis`` is None."""
    if axis is None:
        return sort(reshape(a, (-1,)), axis=-1), None
    axes = normalize_axis(axis, len(shape_of(a)))
    if len(axes) > 1:
        raise TypeError("only an int axis (or None) is supported on tensors")
    return sort(swapaxes(a, axes[0], -1), axis=-1), axes[0]


def _restore(out, a, axis, keepdims, lead):
    """Put the reduced axis back (length one) when ``keepdims``; ``lead`` quantile axes first."""
    if not keepdims:
        return out
    ndim = len(shape_of(a))
    if axis is None:
        return reshape(out, shape_of(out)[:lead] + (1,) * ndim)
    out = expand_dims(out, -1)                        # the reduced axis, last
    return swapaxes(out, lead + axis, -1) if lead + axis != len(shape_of(out)) - 1 else out


def quantile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
             keepdims=False, *, weights=None, interpolation=None):
    """The ``q``-th quantiles along ``axis`` (``numpy.quantile``, ``method="linear"``),
    differentiable in ``a`` (and in ``q``). Array ``q`` puts its axes first, as numpy."""
    if out is not None:
        raise TypeError("out= is not supported on tensors; assign the result instead")
    if np.dtype(dtype_of(a)).kind == "c":             # numpy's own refusal
        raise TypeError("quantile: a must be an array of real numbers (numpy refuses complex "
                        "input); take np.real, np.abs or np.angle of it first")
    method = interpolation or method
    if method != "linear" or weights is not None:
        raise ValueError(f"quantile: only method='linear' without weights is differentiable "
                         f"here, got {method!r}")
    s, ax = _prepare(a, axis)
    n = shape_of(s)[-1]
    if not isinstance(q, (Tensor, int, float)):
        q = np.asarray(q)
        q = q if q.dtype.kind == "f" else q.astype(np.float64)
    qv = np.asarray(q._data if isinstance(q, Tensor) else q, dtype=float)
    if np.any((qv < 0) | (qv > 1)):
        raise ValueError("Quantiles must be in the range [0, 1]")
    pos = qv * (n - 1)
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, n - 1)
    # traced when q is; a Python q stays a Python number (weak), else the position is computed in
    # float64 and then takes the result's dtype, as numpy's
    if isinstance(q, (int, float)):
        frac = q * (n - 1) - int(lo)
    else:
        frac = astype(astype(q, np.float64) * (n - 1) - lo,
                      np.result_type(dtype_of(s), dtype_of(q)))
    below = getitem(s, (Ellipsis, lo))                # (..., *q.shape)
    above = getitem(s, (Ellipsis, hi))
    value = below + (above - below) * frac
    k = qv.ndim
    if k:                                             # q's axes first, as numpy
        nd = len(shape_of(value))
        order = tuple(range(nd - k, nd)) + tuple(range(nd - k))
        value = transpose(value, order)
    return _restore(value, a, ax, keepdims, k)


def percentile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
               keepdims=False, *, weights=None, interpolation=None):
    """The ``q``-th percentiles (``numpy.percentile``): :func:`quantile` of ``q / 100``."""
    qv = np.asarray(q._data if isinstance(q, Tensor) else q, dtype=float)
    if np.any((qv < 0) | (qv > 100)):
        raise ValueError("Percentiles must be in the range [0, 100]")
    q = q if isinstance(q, (Tensor, int, float)) else np.asarray(q, dtype=float)
    return quantile(a, q / 100.0, axis, out, overwrite_input, method, keepdims,
                    weights=weights, interpolation=interpolation)


def median(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    """The median along ``axis`` (``numpy.median``): the middle element, or the mean of the two
    middle ones, each getting its share of the gradient."""
    if out is not None:
        raise TypeError("out= is not supported on tensors; assign the result instead")
    s, ax = _prepare(a, axis)
    n = shape_of(s)[-1]
    if n % 2:
        value = getitem(s, (Ellipsis, n // 2))
    else:
        value = (getitem(s, (Ellipsis, n // 2 - 1)) + getitem(s, (Ellipsis, n // 2))) * 0.5
    return _restore(value, a, ax, keepdims, 0)


def ptp(a, axis=None, out=None, keepdims=False):
    """Peak to peak, ``max - min`` along ``axis`` (``numpy.ptp``)."""
    return amax(a, axis=axis, keepdims=keepdims) - amin(a, axis=axis, keepdims=keepdims)


def nansum(a, axis=None, dtype=None, out=None, keepdims=False, **kw):
    """Sum treating NaN as zero (``numpy.nansum``); NaN entries get no gradient."""
    return sum_(where(isnan(a), 0, a), axis=axis, keepdims=keepdims)


def nanmean(a, axis=None, dtype=None, out=None, keepdims=False, **kw):
    """Mean of the entries that are not NaN (``numpy.nanmean``)."""
    count = np.sum(~np.isnan(a._data if isinstance(a, Tensor) else np.asarray(a)), axis=axis,
                   keepdims=keepdims)
    return nansum(a, axis=axis, keepdims=keepdims) / count.astype(np.dtype(dtype_of(a)))


def nanmax(a, axis=None, out=None, keepdims=False, **kw):
    """Largest entry that is not NaN (``numpy.nanmax``); ties split the gradient."""
    return amax(where(isnan(a), -np.inf, a), axis=axis, keepdims=keepdims)


def nanmin(a, axis=None, out=None, keepdims=False, **kw):
    """Smallest entry that is not NaN (``numpy.nanmin``)."""
    return amin(where(logical_not(isnan(a)), a, np.inf), axis=axis, keepdims=keepdims)
