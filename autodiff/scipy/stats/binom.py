"""The binomial distribution (``scipy.stats.binom``): differentiable in ``p``; the counts
``k`` and ``n`` are constants."""
import numpy as np

from ...ops import betainc, exp, gammaln, log, sum_, xlog1py, xlogy
from ._common import as_params, float_dtype, plain, support

__all__ = ["logpmf", "pmf", "cdf", "logcdf", "sf", "logsf", "entropy"]


def logpmf(k, n, p, loc=0):
    """``log(C(n, k)) + k log(p) + (n - k) log(1 - p)`` for integer ``0 <= k <= n``."""
    p, loc = as_params(p, loc)
    k, n = plain(k) - plain(loc), plain(n).astype(float_dtype(p))
    inside = (k >= 0) & (k <= n) & (k == np.floor(k))
    k = np.where(inside, k, 0.0)
    comb = gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)
    return support(inside, comb + xlogy(k, p) + xlog1py(n - k, -p), -np.inf)


def pmf(k, n, p, loc=0):
    """``C(n, k) p^k (1 - p)^(n - k)``."""
    p, loc = as_params(p, loc)
    return exp(logpmf(k, n, p, loc))


def _split(k, n, loc, dtype):
    k, n = np.floor(plain(k) - plain(loc)), plain(n).astype(dtype)
    mid = (k >= 0) & (k < n)
    return k, n, mid, np.where(mid, k, 0.0), np.where(mid, n, 1.0)


def cdf(k, n, p, loc=0):
    """``P(K <= k) = betainc(n - k, k + 1, 1 - p)``: 0 below 0, 1 from ``n`` on."""
    p, loc = as_params(p, loc)
    k, n, mid, kk, nn = _split(k, n, loc, float_dtype(p))
    outside = np.where(k < 0, 0.0, 1.0).astype(nn.dtype)
    return support(mid, betainc(nn - kk, kk + 1, 1 - p), outside)


def logcdf(k, n, p, loc=0):
    """``log(cdf)``."""
    p, loc = as_params(p, loc)
    return log(cdf(k, n, p, loc))


def sf(k, n, p, loc=0):
    """``P(K > k) = betainc(k + 1, n - k, p)``: 1 below 0, 0 from ``n`` on."""
    p, loc = as_params(p, loc)
    k, n, mid, kk, nn = _split(k, n, loc, float_dtype(p))
    outside = np.where(k < 0, 1.0, 0.0).astype(nn.dtype)
    return support(mid, betainc(kk + 1, nn - kk, p), outside)


def logsf(k, n, p, loc=0):
    """``log(sf)``."""
    p, loc = as_params(p, loc)
    return log(sf(k, n, p, loc))


def entropy(n, p, loc=0):
    """``-sum_k pmf(k) log(pmf(k))`` over the support ``0..n`` (``n`` a constant integer,
    ``p`` a scalar)."""
    p, loc = as_params(p, loc)
    ks = np.arange(int(plain(n)) + 1, dtype=float_dtype(p))
    lp = logpmf(ks, n, p)
    return -sum_(exp(lp) * lp)
