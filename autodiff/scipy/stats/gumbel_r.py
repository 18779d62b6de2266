"""The right-skewed Gumbel distribution (``scipy.stats.gumbel_r``): differentiable in ``x``,
``loc`` and ``scale``."""
from ...ops import exp, expm1, log
from ._common import as_params, standardize

__all__ = ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "entropy"]


def logpdf(x, loc=0, scale=1):
    """``-y - exp(-y) - log(scale)``."""
    x, loc, scale = as_params(x, loc, scale)
    y = standardize(x, loc, scale)
    return -y - exp(-y) - log(scale)


def pdf(x, loc=0, scale=1):
    """``exp(logpdf)``."""
    x, loc, scale = as_params(x, loc, scale)
    return exp(logpdf(x, loc, scale))


def logcdf(x, loc=0, scale=1):
    """``-exp(-y)``."""
    x, loc, scale = as_params(x, loc, scale)
    return -exp(-standardize(x, loc, scale))


def cdf(x, loc=0, scale=1):
    """``exp(-exp(-y))``."""
    x, loc, scale = as_params(x, loc, scale)
    return exp(logcdf(x, loc, scale))


def sf(x, loc=0, scale=1):
    """``1 - cdf = -expm1(-exp(-y))``."""
    x, loc, scale = as_params(x, loc, scale)
    return -expm1(logcdf(x, loc, scale))


def logsf(x, loc=0, scale=1):
    """``log(sf)``."""
    x, loc, scale = as_params(x, loc, scale)
    return log(sf(x, loc, scale))


def entropy(loc=0, scale=1):
    """``log(scale) + euler_gamma + 1``."""
    loc, scale = as_params(loc, scale)
    return log(scale) + 0.5772156649015329 + 1 + 0 * loc
