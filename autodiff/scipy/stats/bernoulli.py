"""The Bernoulli distribution (``scipy.stats.bernoulli``): differentiable in ``p``; ``k`` is a
constant."""
import numpy as np

from ...ops import entr, exp, log, xlog1py, xlogy
from ...ops.arithmetic import where
from ._common import as_params, plain, support

__all__ = ["logpmf", "pmf", "cdf", "logcdf", "sf", "logsf", "entropy"]


def logpmf(k, p, loc=0):
    """``k log(p) + (1 - k) log(1 - p)`` for ``k`` in {0, 1}, else ``-inf``."""
    p, loc = as_params(p, loc)
    k = plain(k) - plain(loc)
    inside = (k == 0) | (k == 1)
    k = np.where(inside, k, 0.0)
    return support(inside, xlogy(k, p) + xlog1py(1 - k, -p), -np.inf)


def pmf(k, p, loc=0):
    """``p`` at 1, ``1 - p`` at 0."""
    p, loc = as_params(p, loc)
    return exp(logpmf(k, p, loc))


def cdf(k, p, loc=0):
    """0 below 0, ``1 - p`` on [0, 1), 1 from 1 on."""
    p, loc = as_params(p, loc)
    k = plain(k) - plain(loc)
    return where(k < 0, 0.0, where(k >= 1, 1.0, 1 - p))


def logcdf(k, p, loc=0):
    """``log(cdf)``."""
    p, loc = as_params(p, loc)
    return log(cdf(k, p, loc))


def sf(k, p, loc=0):
    """``1 - cdf``."""
    p, loc = as_params(p, loc)
    k = plain(k) - plain(loc)
    return where(k < 0, 1.0, where(k >= 1, 0.0, p + 0.0))


def logsf(k, p, loc=0):
    """``log(sf)``."""
    p, loc = as_params(p, loc)
    return log(sf(k, p, loc))


def entropy(p, loc=0):
    """``-p log(p) - (1 - p) log(1 - p)`` (in nats)."""
    p, loc = as_params(p, loc)
    return entr(p) + entr(1 - p)
