"""The half-Cauchy distribution (``scipy.stats.halfcauchy``): differentiable in ``x``, ``loc``
and ``scale``."""
import math

import numpy as np

from ...ops import arctan, exp, log, log1p, tan
from ...ops.arithmetic import where
from ._common import as_params, plain, safe, standardize, support

__all__ = ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "entropy"]

_LOG_2_OVER_PI = math.log(2 / math.pi)


def _split(x, loc, scale):
    y = standardize(x, loc, scale)
    inside = plain(y) >= 0
    return inside, safe(inside, y, 0.0)


def logpdf(x, loc=0, scale=1):
    """``log(2 / pi) - log1p(y^2) - log(scale)`` for ``y >= 0``, else ``-inf``."""
    x, loc, scale = as_params(x, loc, scale)
    inside, y = _split(x, loc, scale)
    return support(inside, _LOG_2_OVER_PI - log1p(y * y) - log(scale), -np.inf)


def pdf(x, loc=0, scale=1):
    """The half-Cauchy density ``2 / (pi scale (1 + y^2))``."""
    x, loc, scale = as_params(x, loc, scale)
    return exp(logpdf(x, loc, scale))


def cdf(x, loc=0, scale=1):
    """``2 arctan(y) / pi``, 0 below loc."""
    x, loc, scale = as_params(x, loc, scale)
    inside, y = _split(x, loc, scale)
    return support(inside, arctan(y) * (2 / math.pi), 0.0)


def logcdf(x, loc=0, scale=1):
    """``log(cdf)``, as ``log1p(-sf)`` where the cdf is near 1 (scipy's ``log(cdf)`` loses
    digits there)."""
    x, loc, scale = as_params(x, loc, scale)
    upper = plain(standardize(x, loc, scale)) > 1          # cdf > 1/2
    return where(upper, log1p(-sf(x, loc, scale)), log(cdf(x, loc, scale)))


def sf(x, loc=0, scale=1):
    """``2 arctan(1 / y) / pi`` (= ``1 - cdf``, without cancellation), 1 below loc."""
    x, loc, scale = as_params(x, loc, scale)
    y = standardize(x, loc, scale)
    positive = plain(y) > 0
    return support(positive, arctan(1 / safe(positive, y)) * (2 / math.pi), 1.0)


def logsf(x, loc=0, scale=1):
    """``log(sf)``."""
    x, loc, scale = as_params(x, loc, scale)
    return log(sf(x, loc, scale))


def ppf(q, loc=0, scale=1):
    """``loc + scale tan(pi q / 2)``."""
    q, loc, scale = as_params(q, loc, scale)
    return loc + scale * tan(q * (math.pi / 2))


def entropy(loc=0, scale=1):
    """``log(2 pi) + log(scale)``."""
    loc, scale = as_params(loc, scale)
    return math.log(2 * math.pi) + log(scale) + 0 * loc
