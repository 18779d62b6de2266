"""The Pareto distribution (``scipy.stats.pareto``): differentiable in ``x``, the shape ``b``,
``loc`` and ``scale``."""
import numpy as np

from ...ops import exp, expm1, log
from ._common import as_params, plain, safe, standardize, support

__all__ = ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf"]


def _y(x, b, loc, scale):
    y = standardize(x, loc, scale)
    inside = plain(y) >= 1
    return inside, safe(inside, y, 1.0)


def logpdf(x, b, loc=0, scale=1):
    """``log(b) - (b + 1) log(y) - log(scale)`` for ``y >= 1``, else ``-inf``."""
    x, b, loc, scale = as_params(x, b, loc, scale)
    inside, y = _y(x, b, loc, scale)
    return support(inside, log(b) - (b + 1) * log(y) - log(scale), -np.inf)


def pdf(x, b, loc=0, scale=1):
    """``exp(logpdf)``."""
    x, b, loc, scale = as_params(x, b, loc, scale)
    return exp(logpdf(x, b, loc, scale))


def logsf(x, b, loc=0, scale=1):
    """``-b log(y)``; 0 below the support."""
    x, b, loc, scale = as_params(x, b, loc, scale)
    inside, y = _y(x, b, loc, scale)
    return support(inside, -b * log(y), 0.0)


def sf(x, b, loc=0, scale=1):
    """``y^-b``."""
    x, b, loc, scale = as_params(x, b, loc, scale)
    return exp(logsf(x, b, loc, scale))


def cdf(x, b, loc=0, scale=1):
    """``1 - y^-b``."""
    x, b, loc, scale = as_params(x, b, loc, scale)
    return -expm1(logsf(x, b, loc, scale))


def logcdf(x, b, loc=0, scale=1):
    """``log(cdf)``."""
    x, b, loc, scale = as_params(x, b, loc, scale)
    return log(cdf(x, b, loc, scale))
