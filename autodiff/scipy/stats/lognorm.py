"""The log-normal distribution (``scipy.stats.lognorm``, shape ``s``): differentiable in ``x``,
``s``, ``loc`` and ``scale``."""
import math

import numpy as np

from ...ops import exp, log, log_ndtr, ndtr, ndtri
from ._common import as_params, plain, safe, standardize, support

__all__ = ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "entropy"]

_HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


def _split(x, loc, scale):
    """The support mask (y > 0) and log(y), made safe outside it."""
    y = standardize(x, loc, scale)
    inside = plain(y) > 0
    return inside, log(safe(inside, y))


def logpdf(x, s, loc=0, scale=1):
    """``-log(s y sqrt(2 pi)) - log(y)^2 / (2 s^2) - log(scale)`` for ``y > 0``, else ``-inf``."""
    x, s, loc, scale = as_params(x, s, loc, scale)
    inside, u = _split(x, loc, scale)
    z = u / s
    return support(inside, -0.5 * z * z - u - log(s) - _HALF_LOG_2PI - log(scale), -np.inf)


def pdf(x, s, loc=0, scale=1):
    """The log-normal density."""
    x, s, loc, scale = as_params(x, s, loc, scale)
    return exp(logpdf(x, s, loc, scale))


def cdf(x, s, loc=0, scale=1):
    """``ndtr(log(y) / s)``, 0 for ``y <= 0``."""
    x, s, loc, scale = as_params(x, s, loc, scale)
    inside, u = _split(x, loc, scale)
    return support(inside, ndtr(u / s), 0.0)


def logcdf(x, s, loc=0, scale=1):
    """``log_ndtr(log(y) / s)``."""
    x, s, loc, scale = as_params(x, s, loc, scale)
    inside, u = _split(x, loc, scale)
    return support(inside, log_ndtr(u / s), -np.inf)


def sf(x, s, loc=0, scale=1):
    """``ndtr(-log(y) / s)``, 1 for ``y <= 0``."""
    x, s, loc, scale = as_params(x, s, loc, scale)
    inside, u = _split(x, loc, scale)
    return support(inside, ndtr(-u / s), 1.0)


def logsf(x, s, loc=0, scale=1):
    """``log_ndtr(-log(y) / s)``."""
    x, s, loc, scale = as_params(x, s, loc, scale)
    inside, u = _split(x, loc, scale)
    return support(inside, log_ndtr(-u / s), 0.0)


def ppf(q, s, loc=0, scale=1):
    """``loc + scale exp(s ndtri(q))``."""
    q, s, loc, scale = as_params(q, s, loc, scale)
    return loc + scale * exp(s * ndtri(q))


def entropy(s, loc=0, scale=1):
    """``(1 + log(2 pi)) / 2 + log(s) + log(scale)``."""
    s, loc, scale = as_params(s, loc, scale)
    return 0.5 + _HALF_LOG_2PI + log(s) + log(scale) + 0 * loc
