"""The Poisson distribution (``scipy.stats.poisson``): differentiable in the rate ``mu``; the
count ``k`` is a constant (it is discrete)."""
import numpy as np

from ...ops import entr, exp, expand_dims, gammainc, gammaincc, gammaln, log, sum_, xlogy
from ._common import as_params, float_dtype, plain, support

__all__ = ["logpmf", "pmf", "cdf", "logcdf", "sf", "logsf", "entropy"]


def logpmf(k, mu, loc=0):
    """``k log(mu) - mu - log(k!)`` for integer ``k >= 0``, else ``-inf``."""
    mu, loc = as_params(mu, loc)
    k = plain(k) - plain(loc)
    inside = (k >= 0) & (k == np.floor(k))
    k = np.where(inside, k, 0.0)
    return support(inside, xlogy(k, mu) - gammaln(k + 1) - mu, -np.inf)


def pmf(k, mu, loc=0):
    """``mu^k e^(-mu) / k!``."""
    mu, loc = as_params(mu, loc)
    return exp(logpmf(k, mu, loc))


def _floor(k, loc):
    k = np.floor(plain(k) - plain(loc))
    return k, np.maximum(k, 0.0)


def cdf(k, mu, loc=0):
    """``P(K <= k) = gammaincc(floor(k) + 1, mu)``; 0 for ``k < 0``."""
    mu, loc = as_params(mu, loc)
    k, kk = _floor(k, loc)
    return support(k >= 0, gammaincc(kk + 1, mu), 0.0)


def logcdf(k, mu, loc=0):
    """``log(cdf)``."""
    mu, loc = as_params(mu, loc)
    return log(cdf(k, mu, loc))


def sf(k, mu, loc=0):
    """``P(K > k) = gammainc(floor(k) + 1, mu)``; 1 for ``k < 0``."""
    mu, loc = as_params(mu, loc)
    k, kk = _floor(k, loc)
    return support(k >= 0, gammainc(kk + 1, mu), 1.0)


def logsf(k, mu, loc=0):
    """``log(sf)``."""
    mu, loc = as_params(mu, loc)
    return log(sf(k, mu, loc))


def entropy(mu, loc=0):
    """``-sum_k pmf(k) log pmf(k)``, summed over ``k`` up to ``mu + 40 sqrt(mu) + 40`` (the
    rest is below double precision)."""
    mu, loc = as_params(mu, loc)
    top = float(np.max(plain(mu)))
    ks = np.arange(int(np.ceil(top + 40 * np.sqrt(top) + 40)) + 1, dtype=float_dtype(mu))
    return sum_(entr(pmf(ks, expand_dims(mu, -1))), axis=-1)
