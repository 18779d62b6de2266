"""The chi-squared distribution (``scipy.stats.chi2``): differentiable in ``x``, ``loc``,
``scale``, and in ``df`` except in ``cdf``/``sf`` (no closed form there)."""
import math

import numpy as np

from ...ops import digamma, exp, gammainc, gammaincc, gammaln, log, xlogy
from ._common import as_params, plain, safe, standardize, support

__all__ = ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "entropy"]

_LOG2 = math.log(2.0)


def logpdf(x, df, loc=0, scale=1):
    """Log of the chi-squared density; ``-inf`` below ``loc``."""
    x, df, loc, scale = as_params(x, df, loc, scale)
    y = standardize(x, loc, scale)
    inside = plain(y) >= 0
    y = safe(inside, y)
    k = df * 0.5
    value = xlogy(k - 1, y) - y * 0.5 - gammaln(k) - k * _LOG2 - log(scale)
    return support(inside, value, -np.inf)


def pdf(x, df, loc=0, scale=1):
    """The chi-squared density."""
    x, df, loc, scale = as_params(x, df, loc, scale)
    return exp(logpdf(x, df, loc, scale))


def _y(x, loc, scale):
    y = standardize(x, loc, scale)
    return safe(plain(y) >= 0, y, 0.0)


def cdf(x, df, loc=0, scale=1):
    """``gammainc(df/2, y/2)``; not differentiable in ``df``."""
    x, df, loc, scale = as_params(x, df, loc, scale)
    return gammainc(df * 0.5, _y(x, loc, scale) * 0.5)


def logcdf(x, df, loc=0, scale=1):
    """``log(cdf)``."""
    x, df, loc, scale = as_params(x, df, loc, scale)
    return log(cdf(x, df, loc, scale))


def sf(x, df, loc=0, scale=1):
    """``gammaincc(df/2, y/2)``; not differentiable in ``df``."""
    x, df, loc, scale = as_params(x, df, loc, scale)
    return gammaincc(df * 0.5, _y(x, loc, scale) * 0.5)


def logsf(x, df, loc=0, scale=1):
    """``log(sf)``."""
    x, df, loc, scale = as_params(x, df, loc, scale)
    return log(sf(x, df, loc, scale))


def entropy(df, loc=0, scale=1):
    """Differential entropy ``k + log(2 Gamma(k)) + (1 - k) psi(k)``, ``k = df/2``, plus
    ``log(scale)``."""
    df, loc, scale = as_params(df, loc, scale)
    k = df * 0.5
    return k + _LOG2 + gammaln(k) + (1 - k) * digamma(k) + log(scale) + 0 * loc
