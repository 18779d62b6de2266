"""The half-normal distribution (``scipy.stats.halfnorm``): differentiable in ``x``, ``loc`` and
``scale``."""
import math

import numpy as np

from ...ops import erf, erfc, exp, log, log_ndtr, ndtri
from ._common import as_params, log1mexp, plain, safe, standardize, support

__all__ = ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "entropy"]

_HALF_LOG_2_OVER_PI = 0.5 * math.log(2 / math.pi)
_SQRT_HALF = math.sqrt(0.5)
_LOG2 = math.log(2)


def _split(x, loc, scale):
    y = standardize(x, loc, scale)
    inside = plain(y) >= 0
    return inside, safe(inside, y, 0.0)


def logpdf(x, loc=0, scale=1):
    """``log(2 / pi) / 2 - y^2 / 2 - log(scale)`` for ``y >= 0``, else ``-inf``."""
    x, loc, scale = as_params(x, loc, scale)
    inside, y = _split(x, loc, scale)
    return support(inside, _HALF_LOG_2_OVER_PI - 0.5 * y * y - log(scale), -np.inf)


def pdf(x, loc=0, scale=1):
    """The half-normal density."""
    x, loc, scale = as_params(x, loc, scale)
    return exp(logpdf(x, loc, scale))


def cdf(x, loc=0, scale=1):
    """``erf(y / sqrt(2))``, 0 below loc."""
    x, loc, scale = as_params(x, loc, scale)
    inside, y = _split(x, loc, scale)
    return support(inside, erf(y * _SQRT_HALF), 0.0)


def logcdf(x, loc=0, scale=1):
    """``log(1 - sf)``, from the accurate ``logsf``."""
    x, loc, scale = as_params(x, loc, scale)
    return log1mexp(logsf(x, loc, scale))


def sf(x, loc=0, scale=1):
    """``erfc(y / sqrt(2))``, 1 below loc."""
    x, loc, scale = as_params(x, loc, scale)
    inside, y = _split(x, loc, scale)
    return support(inside, erfc(y * _SQRT_HALF), 1.0)


def logsf(x, loc=0, scale=1):
    """``log(2) + log_ndtr(-y)``, accurate far into the tail."""
    x, loc, scale = as_params(x, loc, scale)
    inside, y = _split(x, loc, scale)
    return support(inside, _LOG2 + log_ndtr(-y), 0.0)


def ppf(q, loc=0, scale=1):
    """``loc + scale ndtri((1 + q) / 2)``."""
    q, loc, scale = as_params(q, loc, scale)
    return loc + scale * ndtri((1 + q) * 0.5)


def entropy(loc=0, scale=1):
    """``log(pi / 2) / 2 + 1/2 + log(scale)``."""
    loc, scale = as_params(loc, scale)
    return 0.5 * math.log(math.pi / 2) + 0.5 + log(scale) + 0 * loc
