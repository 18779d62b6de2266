"""The right-skewed Gumbel distribution (``scipy.stats.gumbel_r``): differentiable in ``x``,
``loc`` and ``scale``."""
import numpy as np

from ...ops import exp, expm1, log
from ._common import as_params, log1mexp, standardize

__all__ = ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "entropy"]

_EULER = float(np.euler_gamma)


def logpdf(x, loc=0, scale=1):
    """``-y - exp(-y) - log(scale)``."""
    x, loc, scale = as_params(x, loc, scale)
    y = standardize(x, loc, scale)
    return -y - exp(-y) - log(scale)


def pdf(x, loc=0, scale=1):
    """The Gumbel density ``exp(-y - exp(-y)) / scale``."""
    x, loc, scale = as_params(x, loc, scale)
    return exp(logpdf(x, loc, scale))


def cdf(x, loc=0, scale=1):
    """``exp(-exp(-y))``."""
    x, loc, scale = as_params(x, loc, scale)
    return exp(logcdf(x, loc, scale))


def logcdf(x, loc=0, scale=1):
    """``-exp(-y)``."""
    x, loc, scale = as_params(x, loc, scale)
    return -exp(-standardize(x, loc, scale))


def sf(x, loc=0, scale=1):
    """``1 - exp(-exp(-y))``, as ``-expm1(-exp(-y))``."""
    x, loc, scale = as_params(x, loc, scale)
    return -expm1(logcdf(x, loc, scale))


def logsf(x, loc=0, scale=1):
    """``log(1 - exp(-exp(-y)))``, without cancellation."""
    x, loc, scale = as_params(x, loc, scale)
    return log1mexp(logcdf(x, loc, scale))


def ppf(q, loc=0, scale=1):
    """``loc - scale log(-log(q))``."""
    q, loc, scale = as_params(q, loc, scale)
    return loc - scale * log(-log(q))


def entropy(loc=0, scale=1):
    """``euler_gamma + 1 + log(scale)``."""
    loc, scale = as_params(loc, scale)
    return _EULER + 1 + log(scale) + 0 * loc
