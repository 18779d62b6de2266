"""The uniform distribution on ``[loc, loc + scale]`` (``scipy.stats.uniform``):
differentiable in ``x``, ``loc`` and ``scale``."""
import numpy as np

from ...ops import clip, exp, log
from ._common import as_params, mask_value, standardize, support

__all__ = ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "entropy"]


def logpdf(x, loc=0, scale=1):
    """``-log(scale)`` on the interval, ``-inf`` outside."""
    x, loc, scale = as_params(x, loc, scale)
    y = mask_value(standardize(x, loc, scale))
    return support((y >= 0) & (y <= 1), -log(scale) + 0 * x, -np.inf)


def pdf(x, loc=0, scale=1):
    """``1 / scale`` on the interval, 0 outside."""
    x, loc, scale = as_params(x, loc, scale)
    return exp(logpdf(x, loc, scale))


def cdf(x, loc=0, scale=1):
    """``clip((x - loc) / scale, 0, 1)``."""
    x, loc, scale = as_params(x, loc, scale)
    return clip(standardize(x, loc, scale), 0.0, 1.0)


def logcdf(x, loc=0, scale=1):
    """``log(cdf)``."""
    x, loc, scale = as_params(x, loc, scale)
    return log(cdf(x, loc, scale))


def sf(x, loc=0, scale=1):
    """``1 - cdf``."""
    x, loc, scale = as_params(x, loc, scale)
    return 1 - cdf(x, loc, scale)


def logsf(x, loc=0, scale=1):
    """``log(sf)``."""
    x, loc, scale = as_params(x, loc, scale)
    return log(sf(x, loc, scale))


def ppf(q, loc=0, scale=1):
    """``loc + q * scale``."""
    q, loc, scale = as_params(q, loc, scale)
    return loc + q * scale


def entropy(loc=0, scale=1):
    """``log(scale)``."""
    loc, scale = as_params(loc, scale)
    return log(scale) + 0 * loc
