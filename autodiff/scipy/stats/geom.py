"""The geometric distribution (``scipy.stats.geom``): trials up to the first success, ``k >= 1``;
differentiable in ``p``, the count ``k`` is a constant."""
import numpy as np

from ...ops import exp, expm1, log, log1p, xlog1py
from ._common import as_params, plain, support

__all__ = ["logpmf", "pmf", "cdf", "logcdf", "sf", "logsf"]


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


def _count(k, loc):
    k = np.floor(plain(k) - plain(loc))
    return k >= 1, np.maximum(k, 1.0)


def logsf(k, p, loc=0):
    """``log P(K > k) = k log(1 - p)``; 0 for ``k < 1``."""
    p, loc = as_params(p, loc)
    inside, k = _count(k, loc)
    return support(inside, k * log1p(-p), 0.0)


def sf(k, p, loc=0):
    """``(1 - p)^k``; 1 for ``k < 1``."""
    p, loc = as_params(p, loc)
    return exp(logsf(k, p, loc))


def cdf(k, p, loc=0):
    """``1 - (1 - p)^k``; 0 for ``k < 1``."""
    p, loc = as_params(p, loc)
    inside, kk = _count(k, loc)
    return support(inside, -expm1(kk * log1p(-p)), 0.0)


def logcdf(k, p, loc=0):
    """``log(cdf)``."""
    p, loc = as_params(p, loc)
    return log(cdf(k, p, loc))
