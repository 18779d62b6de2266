"""The exponential distribution (``scipy.stats.expon``): differentiable in ``x``, ``loc`` and
``scale``."""
import numpy as np

from ...ops import exp, expm1, log, log1p
from ._common import as_params, mask_value, safe, standardize, support

__all__ = ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "entropy"]


def _split(x, loc, scale):
    y = standardize(x, loc, scale)
    inside = mask_value(y) >= 0
    return inside, safe(inside, y, 0.0)


def logpdf(x, loc=0, scale=1):
    """``-y - log(scale)`` for ``y = (x - loc) / scale >= 0``, else ``-inf``."""
    x, loc, scale = as_params(x, loc, scale)
    inside, y = _split(x, loc, scale)
    return support(inside, -y - log(scale), -np.inf)


def pdf(x, loc=0, scale=1):
    """The exponential density."""
    x, loc, scale = as_params(x, loc, scale)
    return exp(logpdf(x, loc, scale))


def cdf(x, loc=0, scale=1):
    """``1 - exp(-y)``, 0 below ``loc``."""
    x, loc, scale = as_params(x, loc, scale)
    inside, y = _split(x, loc, scale)
    return support(inside, -expm1(-y), 0.0)


def logcdf(x, loc=0, scale=1):
    """``log(1 - exp(-y))``."""
    x, loc, scale = as_params(x, loc, scale)
    return log(cdf(x, loc, scale))


def sf(x, loc=0, scale=1):
    """``exp(-y)``, 1 below ``loc``."""
    x, loc, scale = as_params(x, loc, scale)
    return exp(logsf(x, loc, scale))


def logsf(x, loc=0, scale=1):
    """``-y``, 0 below ``loc``."""
    x, loc, scale = as_params(x, loc, scale)
    inside, y = _split(x, loc, scale)
    return support(inside, -y, 0.0)


def ppf(q, loc=0, scale=1):
    """``loc - scale * log1p(-q)``."""
    q, loc, scale = as_params(q, loc, scale)
    return loc - scale * log1p(-q)


def entropy(loc=0, scale=1):
    """``1 + log(scale)``."""
    loc, scale = as_params(loc, scale)
    return 1 + log(scale) + 0 * loc
