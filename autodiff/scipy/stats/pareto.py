"""The Pareto distribution (``scipy.stats.pareto``, shape ``b``): differentiable in ``x``,
``b``, ``loc`` and ``scale``."""
import numpy as np

from ...ops import exp, expm1, log, log1p
from ._common import as_params, log1mexp, plain, safe, standardize, support

__all__ = ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "entropy"]


def _split(x, loc, scale):
    """The support mask (y >= 1) and log(y), 0 outside it."""
    y = standardize(x, loc, scale)
    inside = plain(y) >= 1
    return inside, log(safe(inside, y))


def logpdf(x, b, loc=0, scale=1):
    """``log(b) - (b + 1) log(y) - log(scale)`` for ``y >= 1``, else ``-inf``."""
    x, b, loc, scale = as_params(x, b, loc, scale)
    inside, u = _split(x, loc, scale)
    return support(inside, log(b) - (b + 1) * u - log(scale), -np.inf)


def pdf(x, b, loc=0, scale=1):
    """The Pareto density ``b / y^(b+1) / scale``."""
    x, b, loc, scale = as_params(x, b, loc, scale)
    return exp(logpdf(x, b, loc, scale))


def cdf(x, b, loc=0, scale=1):
    """``1 - y^(-b)``, 0 below 1."""
    x, b, loc, scale = as_params(x, b, loc, scale)
    return -expm1(logsf(x, b, loc, scale))


def logcdf(x, b, loc=0, scale=1):
    """``log(1 - y^(-b))``, from ``logsf`` without cancellation."""
    x, b, loc, scale = as_params(x, b, loc, scale)
    return log1mexp(logsf(x, b, loc, scale))


def sf(x, b, loc=0, scale=1):
    """``y^(-b)``, 1 below 1."""
    x, b, loc, scale = as_params(x, b, loc, scale)
    return exp(logsf(x, b, loc, scale))


def logsf(x, b, loc=0, scale=1):
    """``-b log(y)``, 0 below 1."""
    x, b, loc, scale = as_params(x, b, loc, scale)
    inside, u = _split(x, loc, scale)
    return support(inside, -b * u, 0.0)


def ppf(q, b, loc=0, scale=1):
    """``loc + scale (1 - q)^(-1/b)``."""
    q, b, loc, scale = as_params(q, b, loc, scale)
    return loc + scale * exp(-log1p(-q) / b)


def entropy(b, loc=0, scale=1):
    """``1 + 1/b - log(b) + log(scale)``."""
    b, loc, scale = as_params(b, loc, scale)
    return 1 + 1 / b - log(b) + log(scale) + 0 * loc
