"""The Weibull minimum distribution (``scipy.stats.weibull_min``, shape ``c``): differentiable
in ``x``, ``c``, ``loc`` and ``scale``."""
import numpy as np

from ...ops import exp, expm1, log, log1p, xlogy
from ._common import as_params, log1mexp, plain, safe, standardize, support

__all__ = ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "entropy"]

_EULER = float(np.euler_gamma)


def _split(x, c, loc, scale):
    """The support mask (y >= 0), y made safe outside it, and y^c (0 outside)."""
    y = standardize(x, loc, scale)
    inside = plain(y) > 0
    y = safe(inside, y)
    return inside, y, support(inside, exp(c * log(y)), 0.0)


def logpdf(x, c, loc=0, scale=1):
    """``log(c) + (c - 1) log(y) - y^c - log(scale)`` for ``y >= 0``, else ``-inf``."""
    x, c, loc, scale = as_params(x, c, loc, scale)
    inside, y, yc = _split(x, c, loc, scale)
    return support(inside, log(c) + xlogy(c - 1, y) - yc - log(scale), -np.inf)


def pdf(x, c, loc=0, scale=1):
    """The Weibull density ``c y^(c-1) exp(-y^c) / scale``."""
    x, c, loc, scale = as_params(x, c, loc, scale)
    return exp(logpdf(x, c, loc, scale))


def cdf(x, c, loc=0, scale=1):
    """``1 - exp(-y^c)``."""
    x, c, loc, scale = as_params(x, c, loc, scale)
    return -expm1(-_split(x, c, loc, scale)[2])


def logcdf(x, c, loc=0, scale=1):
    """``log(1 - exp(-y^c))``, without cancellation at either end."""
    x, c, loc, scale = as_params(x, c, loc, scale)
    return log1mexp(-_split(x, c, loc, scale)[2])


def sf(x, c, loc=0, scale=1):
    """``exp(-y^c)``."""
    x, c, loc, scale = as_params(x, c, loc, scale)
    return exp(-_split(x, c, loc, scale)[2])


def logsf(x, c, loc=0, scale=1):
    """``-y^c``."""
    x, c, loc, scale = as_params(x, c, loc, scale)
    return -_split(x, c, loc, scale)[2]


def ppf(q, c, loc=0, scale=1):
    """``loc + scale (-log1p(-q))^(1/c)``."""
    q, c, loc, scale = as_params(q, c, loc, scale)
    return loc + scale * exp(log(-log1p(-q)) / c)


def entropy(c, loc=0, scale=1):
    """``1 - log(c) + euler_gamma (1 - 1/c) + log(scale)``."""
    c, loc, scale = as_params(c, loc, scale)
    return 1 - log(c) + _EULER * (1 - 1 / c) + log(scale) + 0 * loc
