"""The wrapped Cauchy distribution (``scipy.stats.wrapcauchy``) on ``[0, 2 pi]``:
differentiable in ``x``, the shape ``c``, ``loc`` and ``scale``."""
import math

import numpy as np

from ...ops import cos, exp, log
from ._common import as_params, plain, safe, standardize, support

__all__ = ["logpdf", "pdf"]

_LOG_2PI = math.log(2 * math.pi)


def logpdf(x, c, loc=0, scale=1):
    """``log((1 - c^2) / (2 pi (1 + c^2 - 2 c cos(y)))) - log(scale)`` for ``0 <= y <= 2 pi``,
    else ``-inf``."""
    x, c, loc, scale = as_params(x, c, loc, scale)
    y = standardize(x, loc, scale)
    yv = plain(y)
    inside = (yv >= 0) & (yv <= 2 * np.pi)
    y = safe(inside, y, 1.0)
    value = log(1 - c * c) - _LOG_2PI - log(1 + c * c - 2 * c * cos(y)) - log(scale)
    return support(inside, value, -np.inf)


def pdf(x, c, loc=0, scale=1):
    """``exp(logpdf)``."""
    x, c, loc, scale = as_params(x, c, loc, scale)
    return exp(logpdf(x, c, loc, scale))
