"""The negative binomial distribution (``scipy.stats.nbinom``: failures before the ``n``-th
success): differentiable in ``p``, and in ``n`` in ``logpmf``/``pmf`` (``n`` may be real, as in
scipy); ``cdf``/``sf`` are not differentiable in ``n`` (no closed form). The count ``k`` is a
constant."""
import numpy as np

from ...ops import betainc, exp, gammaln, log, log1p, xlog1py, xlogy
from ...ops.arithmetic import where
from ._common import as_params, plain, support

__all__ = ["logpmf", "pmf", "cdf", "logcdf", "sf", "logsf"]


def logpmf(k, n, p, loc=0):
    """``gammaln(k + n) - gammaln(n) - gammaln(k + 1) + n log(p) + k log(1 - p)`` for integer
    ``k >= 0``."""
    n, p, loc = as_params(n, p, loc)
    k = plain(k) - plain(loc)
    inside = (k >= 0) & (k == np.floor(k))
    k = np.where(inside, k, 0.0)
    return support(inside, gammaln(k + n) - gammaln(n) - gammaln(k + 1) + xlogy(n, p)
                   + xlog1py(k, -p), -np.inf)


def pmf(k, n, p, loc=0):
    """``C(k + n - 1, k) p^n (1 - p)^k``."""
    n, p, loc = as_params(n, p, loc)
    return exp(logpmf(k, n, p, loc))


def _floor(k, loc, dtype):
    k = np.floor(plain(k) - plain(loc))
    return k >= 0, np.maximum(k, 0.0).astype(dtype)


def cdf(k, n, p, loc=0):
    """``P(K <= k) = betainc(n, floor(k) + 1, p)``; 0 below 0."""
    n, p, loc = as_params(n, p, loc)
    inside, kk = _floor(k, loc, np.result_type(plain(p), np.float32))
    return support(inside, betainc(n, kk + 1, p), 0.0)


def logcdf(k, n, p, loc=0):
    """``log(cdf)``, as ``log1p(-sf)`` where the cdf is above 1/2 (no cancellation near 1)."""
    n, p, loc = as_params(n, p, loc)
    c = cdf(k, n, p, loc)
    return where(plain(c) > 0.5, log1p(-sf(k, n, p, loc)), log(c))


def sf(k, n, p, loc=0):
    """``P(K > k) = betainc(floor(k) + 1, n, 1 - p)``; 1 below 0."""
    n, p, loc = as_params(n, p, loc)
    inside, kk = _floor(k, loc, np.result_type(plain(p), np.float32))
    return support(inside, betainc(kk + 1, n, 1 - p), 1.0)


def logsf(k, n, p, loc=0):
    """``log(sf)``, as ``log1p(-cdf)`` where the sf is above 1/2."""
    n, p, loc = as_params(n, p, loc)
    s = sf(k, n, p, loc)
    return where(plain(s) > 0.5, log1p(-cdf(k, n, p, loc)), log(s))
