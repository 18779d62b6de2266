"""The Cauchy distribution (``scipy.stats.cauchy``): differentiable in ``x``, ``loc`` and
``scale``."""
import math

from ...ops import arctan, exp, log, log1p
from ._common import as_params, standardize

__all__ = ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "entropy"]

_LOG_PI = math.log(math.pi)


def logpdf(x, loc=0, scale=1):
    """``-log(pi scale (1 + y^2))``."""
    x, loc, scale = as_params(x, loc, scale)
    y = standardize(x, loc, scale)
    return -_LOG_PI - log(scale) - log1p(y * y)


def pdf(x, loc=0, scale=1):
    """``1 / (pi scale (1 + y^2))``."""
    x, loc, scale = as_params(x, loc, scale)
    return exp(logpdf(x, loc, scale))


def cdf(x, loc=0, scale=1):
    """``1/2 + arctan(y) / pi``."""
    x, loc, scale = as_params(x, loc, scale)
    return 0.5 + arctan(standardize(x, loc, scale)) / math.pi


def logcdf(x, loc=0, scale=1):
    """``log(cdf)``."""
    x, loc, scale = as_params(x, loc, scale)
    return log(cdf(x, loc, scale))


def sf(x, loc=0, scale=1):
    """``1/2 - arctan(y) / pi``."""
    x, loc, scale = as_params(x, loc, scale)
    return 0.5 - arctan(standardize(x, loc, scale)) / math.pi


def logsf(x, loc=0, scale=1):
    """``log(sf)``."""
    x, loc, scale = as_params(x, loc, scale)
    return log(sf(x, loc, scale))


def entropy(loc=0, scale=1):
    """``log(4 pi scale)``."""
    loc, scale = as_params(loc, scale)
    return math.log(4 * math.pi) + log(scale) + 0 * loc
