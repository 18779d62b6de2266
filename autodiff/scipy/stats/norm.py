"""The normal distribution (``scipy.stats.norm``): differentiable in ``x``, ``loc`` and
``scale``."""
import math

from ...ops import exp, log, log_ndtr, ndtr, ndtri
from ._common import as_params, standardize

__all__ = ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "entropy"]

_HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


def logpdf(x, loc=0, scale=1):
    """Log of the normal density at ``x``."""
    x, loc, scale = as_params(x, loc, scale)
    z = standardize(x, loc, scale)
    return -0.5 * z * z - _HALF_LOG_2PI - log(scale)


def pdf(x, loc=0, scale=1):
    """The normal density ``exp(-z^2/2) / (sqrt(2 pi) scale)``, ``z = (x - loc) / scale``."""
    x, loc, scale = as_params(x, loc, scale)
    return exp(logpdf(x, loc, scale))


def cdf(x, loc=0, scale=1):
    """The distribution function ``ndtr(z)``."""
    x, loc, scale = as_params(x, loc, scale)
    return ndtr(standardize(x, loc, scale))


def logcdf(x, loc=0, scale=1):
    """``log_ndtr(z)``: accurate far into the lower tail."""
    x, loc, scale = as_params(x, loc, scale)
    return log_ndtr(standardize(x, loc, scale))


def sf(x, loc=0, scale=1):
    """The survival function ``1 - cdf = ndtr(-z)``."""
    x, loc, scale = as_params(x, loc, scale)
    return ndtr(-standardize(x, loc, scale))


def logsf(x, loc=0, scale=1):
    """``log_ndtr(-z)``."""
    x, loc, scale = as_params(x, loc, scale)
    return log_ndtr(-standardize(x, loc, scale))


def ppf(q, loc=0, scale=1):
    """The quantile function ``loc + scale * ndtri(q)``."""
    q, loc, scale = as_params(q, loc, scale)
    return loc + scale * ndtri(q)


def isf(q, loc=0, scale=1):
    """The inverse survival function ``loc - scale * ndtri(q)``."""
    q, loc, scale = as_params(q, loc, scale)
    return loc - scale * ndtri(q)


def entropy(loc=0, scale=1):
    """Differential entropy ``log(sqrt(2 pi e) scale)``; ``loc`` does not enter."""
    loc, scale = as_params(loc, scale)
    return 0.5 + _HALF_LOG_2PI + log(scale) + 0 * loc
