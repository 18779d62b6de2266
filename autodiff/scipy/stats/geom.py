"""The geometric distribution (``scipy.stats.geom``, trials up to the first success, support
``k >= 1``): differentiable in ``p``; the count ``k`` is a constant."""
import numpy as np

from ...ops import exp, expm1, log, xlog1py, xlogy
from ._common import as_params, log1mexp, plain, support

__all__ = ["logpmf", "pmf", "cdf", "logcdf", "sf", "logsf", "entropy"]


def logpmf(k, p, loc=0):
    """``(k - 1) log(1 - p) + log(p)`` for integer ``k >= 1``, else ``-inf``."""
    p, loc = as_params(p, loc)
    k = plain(k) - plain(loc)
    inside = (k >= 1) & (k == np.floor(k))
    k = np.where(inside, k, 1.0)
    return support(inside, xlog1py(k - 1, -p) + log(p), -np.inf)


def pmf(k, p, loc=0):
    """``(1 - p)^(k - 1) p``."""
    p, loc = as_params(p, loc)
    return exp(logpmf(k, p, loc))


def logsf(k, p, loc=0):
    """``floor(k) log(1 - p)``; 0 below 1."""
    p, loc = as_params(p, loc)
    k = np.floor(plain(k) - plain(loc))
    inside = k >= 1
    return support(inside, xlog1py(np.where(inside, k, 0.0), -p), 0.0)


def sf(k, p, loc=0):
    """``(1 - p)^floor(k)``."""
    p, loc = as_params(p, loc)
    return exp(logsf(k, p, loc))


def cdf(k, p, loc=0):
    """``1 - (1 - p)^floor(k)``; 0 below 1."""
    p, loc = as_params(p, loc)
    return -expm1(logsf(k, p, loc))


def logcdf(k, p, loc=0):
    """``log(1 - (1 - p)^floor(k))``, without cancellation; ``-inf`` below 1."""
    p, loc = as_params(p, loc)
    k = np.floor(plain(k) - plain(loc))
    inside = k >= 1
    return support(inside, log1mexp(logsf(np.where(inside, k, 1.0), p)), -np.inf)


def entropy(p, loc=0):
    """``(-(1 - p) log(1 - p) - p log(p)) / p``."""
    p, loc = as_params(p, loc)
    return (-xlog1py(1 - p, -p) - xlogy(p, p)) / p
