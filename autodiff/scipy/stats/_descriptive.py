"""scipy.stats' descriptive statistics: entropy, zscore, gmean, hmean, skew, kurtosis, moment,
sem, variation, with scipy's signatures and defaults (``axis=0``; ``axis=None`` flattens).

They are composites of differentiable reductions, so they differentiate in both modes and again.
``nan_policy`` accepts scipy's default ``'propagate'`` only (nan in, nan out).
"""
import math

import numpy as np

from ...ops import entr, exp, log, rel_entr, sqrt, stack
from ...ops.arithmetic import where
from ...ops.reductions import mean_, sum_
from ...ops.shape import reshape, squeeze
from ._common import plain

__all__ = ["entropy", "zscore", "gmean", "hmean", "skew", "kurtosis", "moment", "sem",
           "variation"]


def _nan_policy(nan_policy, name):
    if nan_policy == "propagate":
        return
    if nan_policy in ("omit", "raise"):
        raise ValueError(f"stats.{name}: nan_policy={nan_policy!r} is not supported on "
                         f"tensors; only 'propagate' (the default) is. Remove the nans first "
                         f"(e.g. with a mask) to omit them, or check np.isnan to raise")
    raise ValueError(f"stats.{name}: nan_policy must be 'propagate', 'raise' or 'omit', "
                     f"not {nan_policy!r}")


def _flat(a, axis):
    """``(a, axis, kept)`` with ``axis=None`` meaning all elements (a flattened); ``kept`` is the
    shape a keepdims result then takes (all ones, ``a``'s rank), else None."""
    if axis is None:
        return reshape(a, (-1,)), 0, (1,) * np.ndim(a)
    return a, axis, None


def _count(a, axis) -> int:
    return int(np.shape(a)[axis])


def _out(x, axis, keepdims, kept=None):
    """A keepdims=True reduction's result, squeezed unless ``keepdims`` (reshaped to ``kept``
    for ``axis=None``)."""
    if keepdims:
        return x if kept is None else reshape(x, kept)
    return squeeze(x, axis)


def _central_moments(a, axis, orders):
    """The mean and the central moments ``mean((a - mean)^k)`` for each k, kept dims."""
    m = mean_(a, axis=axis, keepdims=True)
    d = a - m
    return m, [mean_(d ** k, axis=axis, keepdims=True) for k in orders]


def entropy(pk, qk=None, base=None, axis=0, *, nan_policy="propagate", keepdims=False):
    """Shannon entropy of ``pk``, or the relative entropy (KL divergence) of ``pk`` from ``qk``
    (``scipy.stats.entropy``).

    Parameters
    ----------
    pk : Tensor or array_like
        Probabilities (or weights: normalized along ``axis``).
    qk : Tensor or array_like, optional
        The second distribution, broadcast against ``pk`` and normalized the same way.
    base : float, optional
        The logarithm's base; e by default.
    axis : int
    nan_policy : {"propagate"}
    keepdims : bool

    Returns
    -------
    Tensor
        ``-sum(pk log pk)`` or ``sum(pk log(pk / qk))``; differentiable in ``pk`` and ``qk``.
    """
    _nan_policy(nan_policy, "entropy")
    pk = pk / sum_(pk, axis=axis, keepdims=True)
    if qk is None:
        s = sum_(entr(pk), axis=axis, keepdims=True)
    else:
        qk = qk / sum_(qk, axis=axis, keepdims=True)
        s = sum_(rel_entr(pk, qk), axis=axis, keepdims=True)
    if base is not None:
        s = s / math.log(base)
    return _out(s, axis, keepdims)


def zscore(a, axis=0, ddof=0, nan_policy="propagate"):
    """``(a - mean) / std`` along ``axis`` (``scipy.stats.zscore``).

    Parameters
    ----------
    a : Tensor or array_like
    axis : int or None
        None: over all elements (the result keeps ``a``'s shape).
    ddof : int
        Delta degrees of freedom of the standard deviation.
    nan_policy : {"propagate"}

    Returns
    -------
    Tensor
    """
    _nan_policy(nan_policy, "zscore")
    flat, ax, _ = _flat(a, axis)
    m = mean_(flat, axis=ax, keepdims=True)
    d = flat - m
    sd = sqrt(sum_(d * d, axis=ax, keepdims=True) / (_count(flat, ax) - ddof))
    z = d / sd
    return reshape(z, np.shape(a)) if axis is None else z


def _weights(weights, a, axis):
    if weights is None:
        return None
    return weights + 0 * a if np.ndim(weights) != np.ndim(a) or axis is None else weights


def gmean(a, axis=0, dtype=None, weights=None, *, nan_policy="propagate", keepdims=False):
    """Weighted geometric mean ``exp(sum(w log a) / sum(w))`` (``scipy.stats.gmean``).

    Parameters
    ----------
    a : Tensor or array_like
    axis : int or None
    dtype : dtype, optional
        Converts ``a`` first (numpy's ``astype``).
    weights : Tensor or array_like, optional
        A scalar (or an array broadcast against ``a``); differentiable too.
    nan_policy : {"propagate"}
    keepdims : bool

    Returns
    -------
    Tensor
    """
    _nan_policy(nan_policy, "gmean")
    if dtype is not None:
        a = a.astype(dtype)
    w = _weights(weights, a, axis)
    a, ax, kept = _flat(a, axis)
    if w is None:
        s = mean_(log(a), axis=ax, keepdims=True)
    else:
        w = _flat(w, axis)[0]
        s = sum_(w * log(a), axis=ax, keepdims=True) / sum_(w, axis=ax, keepdims=True)
    return _out(exp(s), ax, keepdims, kept)


def hmean(a, axis=0, dtype=None, *, weights=None, nan_policy="propagate", keepdims=False):
    """Weighted harmonic mean ``sum(w) / sum(w / a)`` (``scipy.stats.hmean``).

    Parameters
    ----------
    a : Tensor or array_like
        Non-negative (scipy's condition); a zero makes the mean 0.
    axis : int or None
    dtype : dtype, optional
    weights : Tensor or array_like, optional
        A scalar (or an array broadcast against ``a``); differentiable too.
    nan_policy : {"propagate"}
    keepdims : bool

    Returns
    -------
    Tensor
    """
    _nan_policy(nan_policy, "hmean")
    if np.any(plain(a) < 0):
        raise ValueError("Harmonic mean only defined if all elements are greater than or equal "
                         "to zero")
    if dtype is not None:
        a = a.astype(dtype)
    w = _weights(weights, a, axis)
    a, ax, kept = _flat(a, axis)
    if w is None:
        w = 1.0 + 0 * a
    else:
        w = _flat(w, axis)[0]
    with np.errstate(divide="ignore"):
        out = sum_(w, axis=ax, keepdims=True) / sum_(w / a, axis=ax, keepdims=True)
    return _out(out, ax, keepdims, kept)


def _degenerate(m2, m):
    """scipy's test for (numerically) constant data, where skew and kurtosis are nan."""
    eps = np.finfo(np.result_type(plain(m2).dtype, np.float32)).resolution * 10
    return plain(m2) <= (eps * plain(m)) ** 2


def skew(a, axis=0, bias=True, nan_policy="propagate", *, keepdims=False):
    """Sample skewness ``m3 / m2^(3/2)`` (``scipy.stats.skew``).

    Parameters
    ----------
    a : Tensor or array_like
    axis : int or None
    bias : bool
        False: the adjusted Fisher-Pearson estimator ``sqrt(n (n-1)) / (n-2)`` times it
        (for n > 2).
    nan_policy : {"propagate"}
    keepdims : bool

    Returns
    -------
    Tensor
        nan for constant data, as scipy.
    """
    _nan_policy(nan_policy, "skew")
    a, ax, kept = _flat(a, axis)
    n = _count(a, ax)
    m, (m2, m3) = _central_moments(a, ax, (2, 3))
    zero = _degenerate(m2, m)
    safe = where(zero, 1.0, m2)
    vals = m3 / safe ** 1.5
    if not bias and n > 2:
        vals = vals * (math.sqrt((n - 1.0) * n) / (n - 2.0))
    return _out(where(zero, np.nan, vals), ax, keepdims, kept)


def kurtosis(a, axis=0, fisher=True, bias=True, nan_policy="propagate", *, keepdims=False):
    """Sample kurtosis ``m4 / m2^2`` (minus 3 for Fisher's) (``scipy.stats.kurtosis``).

    Parameters
    ----------
    a : Tensor or array_like
    axis : int or None
    fisher : bool
        True: excess kurtosis (0 for a normal distribution); False: Pearson's.
    bias : bool
        False: the unbiased estimator from k-statistics (for n > 3).
    nan_policy : {"propagate"}
    keepdims : bool

    Returns
    -------
    Tensor
        nan for constant data, as scipy.
    """
    _nan_policy(nan_policy, "kurtosis")
    a, ax, kept = _flat(a, axis)
    n = _count(a, ax)
    m, (m2, m4) = _central_moments(a, ax, (2, 4))
    zero = _degenerate(m2, m)
    safe = where(zero, 1.0, m2)
    vals = m4 / (safe * safe)
    if not bias and n > 3:
        vals = (1.0 / (n - 2) / (n - 3) * ((n * n - 1.0) * vals - 3 * (n - 1) ** 2.0)) + 3.0
    vals = where(zero, np.nan, vals)
    return _out(vals - 3 if fisher else vals, ax, keepdims, kept)


def moment(a, order=1, axis=0, nan_policy="propagate", *, center=None, keepdims=False):
    """The ``order``-th moment about ``center`` (the mean by default), ``mean((a - c)^order)``
    (``scipy.stats.moment``).

    Parameters
    ----------
    a : Tensor or array_like
    order : int or sequence of int
        A sequence stacks one result per order along a new first axis.
    axis : int or None
    nan_policy : {"propagate"}
    center : Tensor or array_like, optional
        A scalar (or an array broadcast against ``a``); differentiable too.
    keepdims : bool

    Returns
    -------
    Tensor
        About the mean, order 1 is exactly 0 and order 0 exactly 1, as scipy.
    """
    _nan_policy(nan_policy, "moment")
    if np.ndim(order) > 0:
        return stack([moment(a, k, axis, center=center, keepdims=keepdims) for k in order])
    order = int(order)
    if order < 0:
        raise ValueError("stats.moment: order must be a non-negative integer")
    a, ax, kept = _flat(a, axis)
    m = mean_(a, axis=ax, keepdims=True)
    if order == 0 or (order == 1 and center is None):     # exactly 1 and 0, as scipy
        return _out(0 * m + (1.0 if order == 0 else 0.0), ax, keepdims, kept)
    c = m if center is None else center                      # broadcast against a, as scipy
    return _out(mean_((a - c) ** order, axis=ax, keepdims=True), ax, keepdims, kept)


def sem(a, axis=0, ddof=1, nan_policy="propagate", *, keepdims=False):
    """Standard error of the mean ``std(a, ddof) / sqrt(n)`` (``scipy.stats.sem``).

    Parameters
    ----------
    a : Tensor or array_like
    axis : int or None
    ddof : int
    nan_policy : {"propagate"}
    keepdims : bool

    Returns
    -------
    Tensor
    """
    _nan_policy(nan_policy, "sem")
    a, ax, kept = _flat(a, axis)
    n = _count(a, ax)
    m, (m2,) = _central_moments(a, ax, (2,))
    return _out(sqrt(m2 * (n / (n - ddof)) / n), ax, keepdims, kept)


def variation(a, axis=0, nan_policy="propagate", ddof=0, *, keepdims=False):
    """Coefficient of variation ``std(a, ddof) / mean(a)`` (``scipy.stats.variation``).

    Parameters
    ----------
    a : Tensor or array_like
    axis : int or None
    nan_policy : {"propagate"}
    ddof : int
    keepdims : bool

    Returns
    -------
    Tensor
    """
    _nan_policy(nan_policy, "variation")
    a, ax, kept = _flat(a, axis)
    n = _count(a, ax)
    m, (m2,) = _central_moments(a, ax, (2,))
    return _out(sqrt(m2 * (n / (n - ddof))) / m, ax, keepdims, kept)
