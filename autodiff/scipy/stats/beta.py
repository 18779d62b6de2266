"""The beta distribution (``scipy.stats.beta``): differentiable in ``x``, ``loc``, ``scale``,
and in ``a``, ``b`` except in ``cdf``/``sf`` (no closed form there)."""
import numpy as np

from ...ops import betainc, betaincinv, betaln, digamma, exp, log, xlog1py, xlogy
from ._common import as_params, mask_value, safe, standardize, support

__all__ = ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "entropy"]


def logpdf(x, a, b, loc=0, scale=1):
    """Log of the beta density on ``[loc, loc + scale]``; ``-inf`` outside."""
    x, a, b, loc, scale = as_params(x, a, b, loc, scale)
    y = standardize(x, loc, scale)
    yv = mask_value(y)
    inside = (yv >= 0) & (yv <= 1)
    y = safe(inside, y, 0.5)
    value = xlogy(a - 1, y) + xlog1py(b - 1, -y) - betaln(a, b) - log(scale)
    return support(inside, value, -np.inf)


def pdf(x, a, b, loc=0, scale=1):
    """The beta density."""
    x, a, b, loc, scale = as_params(x, a, b, loc, scale)
    return exp(logpdf(x, a, b, loc, scale))


def _y(x, loc, scale):
    y = standardize(x, loc, scale)
    yv = mask_value(y)
    y = safe(yv >= 0, y, 0.0)
    return safe(yv <= 1, y, 1.0)


def cdf(x, a, b, loc=0, scale=1):
    """``betainc(a, b, y)``; not differentiable in ``a``, ``b``."""
    x, a, b, loc, scale = as_params(x, a, b, loc, scale)
    return betainc(a, b, _y(x, loc, scale))


def logcdf(x, a, b, loc=0, scale=1):
    """``log(cdf)``."""
    x, a, b, loc, scale = as_params(x, a, b, loc, scale)
    return log(cdf(x, a, b, loc, scale))


def sf(x, a, b, loc=0, scale=1):
    """``betainc(b, a, 1 - y)``; not differentiable in ``a``, ``b``."""
    x, a, b, loc, scale = as_params(x, a, b, loc, scale)
    return betainc(b, a, 1 - _y(x, loc, scale))


def logsf(x, a, b, loc=0, scale=1):
    """``log(sf)``."""
    x, a, b, loc, scale = as_params(x, a, b, loc, scale)
    return log(sf(x, a, b, loc, scale))


def entropy(a, b, loc=0, scale=1):
    """Differential entropy
    ``betaln(a, b) - (a-1) psi(a) - (b-1) psi(b) + (a+b-2) psi(a+b) + log(scale)``."""
    a, b, loc, scale = as_params(a, b, loc, scale)
    return (betaln(a, b) - (a - 1) * digamma(a) - (b - 1) * digamma(b)
            + (a + b - 2) * digamma(a + b) + log(scale) + 0 * loc)


def ppf(q, a, b, loc=0, scale=1):
    """``loc + scale betaincinv(a, b, q)``; not differentiable in ``a`` or ``b``."""
    q, a, b, loc, scale = as_params(q, a, b, loc, scale)
    return loc + scale * betaincinv(a, b, q)


def isf(q, a, b, loc=0, scale=1):
    """``loc + scale (1 - betaincinv(b, a, q))`` (the reflection ``x -> 1 - x`` swaps ``a`` and
    ``b``, and keeps small ``q`` accurate); not differentiable in ``a`` or ``b``."""
    q, a, b, loc, scale = as_params(q, a, b, loc, scale)
    return loc + scale * (1 - betaincinv(b, a, q))
