"""The Rayleigh distribution (``scipy.stats.rayleigh``): differentiable in ``x``, ``loc`` and
``scale``."""
import numpy as np

from ...ops import exp, expm1, log
from ._common import as_params, plain, safe, standardize, support

__all__ = ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf"]


def _y(x, loc, scale):
    y = standardize(x, loc, scale)
    inside = plain(y) >= 0
    return inside, safe(inside, y, 1.0)


def logpdf(x, loc=0, scale=1):
    """``log(y) - y^2 / 2 - log(scale)`` for ``y >= 0``, else ``-inf``."""
    x, loc, scale = as_params(x, loc, scale)
    inside, y = _y(x, loc, scale)
    return support(inside, log(y) - 0.5 * y * y - log(scale), -np.inf)


def pdf(x, loc=0, scale=1):
    """``exp(logpdf)``."""
    x, loc, scale = as_params(x, loc, scale)
    return exp(logpdf(x, loc, scale))


def logsf(x, loc=0, scale=1):
    """``-y^2 / 2``; 0 below the support."""
    x, loc, scale = as_params(x, loc, scale)
    inside, y = _y(x, loc, scale)
    return support(inside, -0.5 * y * y, 0.0)


def sf(x, loc=0, scale=1):
    """``exp(-y^2 / 2)``."""
    x, loc, scale = as_params(x, loc, scale)
    return exp(logsf(x, loc, scale))


def cdf(x, loc=0, scale=1):
    """``1 - exp(-y^2 / 2)``."""
    x, loc, scale = as_params(x, loc, scale)
    return -expm1(logsf(x, loc, scale))


def logcdf(x, loc=0, scale=1):
    """``log(cdf)``."""
    x, loc, scale = as_params(x, loc, scale)
    return log(cdf(x, loc, scale))
