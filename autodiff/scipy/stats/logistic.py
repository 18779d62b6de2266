"""The logistic distribution (``scipy.stats.logistic``): differentiable in ``x``, ``loc`` and
``scale``."""
from ...ops import exp, expit, log, softplus
from ._common import as_params, standardize

__all__ = ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "entropy"]


def logpdf(x, loc=0, scale=1):
    """``-y - 2 log(1 + exp(-y)) - log(scale)``, computed without overflow."""
    x, loc, scale = as_params(x, loc, scale)
    y = standardize(x, loc, scale)
    return -y - 2 * softplus(-y) - log(scale)


def pdf(x, loc=0, scale=1):
    """The logistic density."""
    x, loc, scale = as_params(x, loc, scale)
    return exp(logpdf(x, loc, scale))


def cdf(x, loc=0, scale=1):
    """``expit(y)``."""
    x, loc, scale = as_params(x, loc, scale)
    return expit(standardize(x, loc, scale))


def logcdf(x, loc=0, scale=1):
    """``-log(1 + exp(-y))``."""
    x, loc, scale = as_params(x, loc, scale)
    return -softplus(-standardize(x, loc, scale))


def sf(x, loc=0, scale=1):
    """``expit(-y)``."""
    x, loc, scale = as_params(x, loc, scale)
    return expit(-standardize(x, loc, scale))


def logsf(x, loc=0, scale=1):
    """``-log(1 + exp(y))``."""
    x, loc, scale = as_params(x, loc, scale)
    return -softplus(standardize(x, loc, scale))


def entropy(loc=0, scale=1):
    """``2 + log(scale)``."""
    loc, scale = as_params(loc, scale)
    return 2 + log(scale) + 0 * loc
