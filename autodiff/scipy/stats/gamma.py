"""The gamma distribution (``scipy.stats.gamma``, shape ``a``): differentiable in ``x``,
``loc``, ``scale``, and in ``a`` except in ``cdf``/``sf`` (no closed form there)."""
import numpy as np

from ...ops import (digamma, exp, gammainc, gammainccinv, gammaincc, gammaincinv, gammaln, log,
                   xlogy)
from ._common import as_params, mask_value, safe, standardize, support

__all__ = ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "entropy"]


def logpdf(x, a, loc=0, scale=1):
    """Log of the gamma density ``y^(a-1) e^(-y) / Gamma(a) / scale``; ``-inf`` below loc."""
    x, a, loc, scale = as_params(x, a, loc, scale)
    y = standardize(x, loc, scale)
    inside = mask_value(y) >= 0
    y = safe(inside, y)
    return support(inside, xlogy(a - 1, y) - y - gammaln(a) - log(scale), -np.inf)


def pdf(x, a, loc=0, scale=1):
    """The gamma density."""
    x, a, loc, scale = as_params(x, a, loc, scale)
    return exp(logpdf(x, a, loc, scale))


def _y(x, loc, scale):
    y = standardize(x, loc, scale)
    return safe(mask_value(y) >= 0, y, 0.0)


def cdf(x, a, loc=0, scale=1):
    """``gammainc(a, y)``; not differentiable in ``a``."""
    x, a, loc, scale = as_params(x, a, loc, scale)
    return gammainc(a, _y(x, loc, scale))


def logcdf(x, a, loc=0, scale=1):
    """``log(cdf)``."""
    x, a, loc, scale = as_params(x, a, loc, scale)
    return log(cdf(x, a, loc, scale))


def sf(x, a, loc=0, scale=1):
    """``gammaincc(a, y)``; not differentiable in ``a``."""
    x, a, loc, scale = as_params(x, a, loc, scale)
    return gammaincc(a, _y(x, loc, scale))


def logsf(x, a, loc=0, scale=1):
    """``log(sf)``."""
    x, a, loc, scale = as_params(x, a, loc, scale)
    return log(sf(x, a, loc, scale))


def entropy(a, loc=0, scale=1):
    """Differential entropy ``a + gammaln(a) + (1 - a) psi(a) + log(scale)``."""
    a, loc, scale = as_params(a, loc, scale)
    return a + gammaln(a) + (1 - a) * digamma(a) + log(scale) + 0 * loc


def ppf(q, a, loc=0, scale=1):
    """``loc + scale gammaincinv(a, q)``; not differentiable in ``a``."""
    q, a, loc, scale = as_params(q, a, loc, scale)
    return loc + scale * gammaincinv(a, q)


def isf(q, a, loc=0, scale=1):
    """``loc + scale gammainccinv(a, q)``; not differentiable in ``a``."""
    q, a, loc, scale = as_params(q, a, loc, scale)
    return loc + scale * gammainccinv(a, q)
