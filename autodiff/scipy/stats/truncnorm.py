"""The truncated normal distribution (``scipy.stats.truncnorm``): the standard normal cut to
``[a, b]`` (in standardized units), then located and scaled; differentiable in ``x``, ``a``,
``b``, ``loc`` and ``scale``."""
import math

import numpy as np

from ...ops import exp, log, log1p, log_ndtr, ndtr
from ...ops.arithmetic import where
from ._common import as_params, plain, safe, standardize, support

__all__ = ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf"]

_HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


def _log_mass(a, b):
    """``log(Phi(b) - Phi(a))``, computed in the tail where it is accurate: the upper one
    (by symmetry, ``Phi(-a) - Phi(-b)``) when ``a > 0``."""
    upper = plain(a) > 0
    lo, hi = where(upper, -b, a), where(upper, -a, b)
    # log(Phi(hi) - Phi(lo)) = log Phi(hi) + log1p(-exp(log Phi(lo) - log Phi(hi)))
    return log_ndtr(hi) + log1p(-exp(log_ndtr(lo) - log_ndtr(hi)))


def _inside(x, a, b, loc, scale):
    y = standardize(x, loc, scale)
    yv = plain(y)
    inside = (yv >= plain(a)) & (yv <= plain(b))
    return inside, y


def logpdf(x, a, b, loc=0, scale=1):
    """``-y^2/2 - log(sqrt(2 pi)) - log(Phi(b) - Phi(a)) - log(scale)`` on ``[a, b]``, else
    ``-inf``."""
    x, a, b, loc, scale = as_params(x, a, b, loc, scale)
    inside, y = _inside(x, a, b, loc, scale)
    y = safe(inside, y, 0.5 * (safe(np.isfinite(plain(a)), a, 0.0)
                               + safe(np.isfinite(plain(b)), b, 0.0)))
    value = -0.5 * y * y - _HALF_LOG_2PI - _log_mass(a, b) - log(scale)
    return support(inside, value, -np.inf)


def pdf(x, a, b, loc=0, scale=1):
    """``exp(logpdf)``."""
    x, a, b, loc, scale = as_params(x, a, b, loc, scale)
    return exp(logpdf(x, a, b, loc, scale))


def cdf(x, a, b, loc=0, scale=1):
    """``(Phi(y) - Phi(a)) / (Phi(b) - Phi(a))``, clipped to ``[0, 1]`` outside ``[a, b]``."""
    x, a, b, loc, scale = as_params(x, a, b, loc, scale)
    y = standardize(x, loc, scale)
    yv = plain(y)
    below, above = yv < plain(a), yv > plain(b)
    y = where(below, a, where(above, b, y))
    value = (ndtr(y) - ndtr(a)) / exp(_log_mass(a, b))
    return where(below, 0.0, where(above, 1.0, value))


def logcdf(x, a, b, loc=0, scale=1):
    """``log(cdf)``."""
    x, a, b, loc, scale = as_params(x, a, b, loc, scale)
    return log(cdf(x, a, b, loc, scale))


def sf(x, a, b, loc=0, scale=1):
    """``1 - cdf``, as ``(Phi(b) - Phi(y)) / (Phi(b) - Phi(a))``."""
    x, a, b, loc, scale = as_params(x, a, b, loc, scale)
    y = standardize(x, loc, scale)
    yv = plain(y)
    below, above = yv < plain(a), yv > plain(b)
    y = where(below, a, where(above, b, y))
    value = (ndtr(-y) - ndtr(-b)) / exp(_log_mass(a, b))
    return where(below, 1.0, where(above, 0.0, value))


def logsf(x, a, b, loc=0, scale=1):
    """``log(sf)``."""
    x, a, b, loc, scale = as_params(x, a, b, loc, scale)
    return log(sf(x, a, b, loc, scale))
