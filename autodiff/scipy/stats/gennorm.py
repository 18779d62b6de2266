"""The generalized normal distribution (``scipy.stats.gennorm``): differentiable in ``x``, the
shape ``beta``, ``loc`` and ``scale`` (away from ``x == loc`` for ``beta <= 1``)."""
import math

from ...ops import abs as _abs, exp, gammaln, log
from ._common import as_params, standardize

__all__ = ["logpdf", "pdf"]

_LOG2 = math.log(2.0)


def logpdf(x, beta, loc=0, scale=1):
    """``log(beta) - log(2) - gammaln(1 / beta) - |y|^beta - log(scale)``."""
    x, beta, loc, scale = as_params(x, beta, loc, scale)
    y = standardize(x, loc, scale)
    return log(beta) - _LOG2 - gammaln(1 / beta) - _abs(y) ** beta - log(scale)


def pdf(x, beta, loc=0, scale=1):
    """``exp(logpdf)``."""
    x, beta, loc, scale = as_params(x, beta, loc, scale)
    return exp(logpdf(x, beta, loc, scale))
