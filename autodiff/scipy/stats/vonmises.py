"""The von Mises distribution (``scipy.stats.vonmises``): differentiable in ``x``, the
concentration ``kappa``, ``loc`` and ``scale``. The density is scipy's: periodic, defined for
every ``x``."""
import math

from ...ops import cos, exp, i0e, log
from ._common import as_params, standardize

__all__ = ["logpdf", "pdf"]

_LOG_2PI = math.log(2 * math.pi)


def logpdf(x, kappa, loc=0, scale=1):
    """``kappa (cos(y) - 1) - log(2 pi i0e(kappa)) - log(scale)`` (``i0e`` keeps large
    ``kappa`` finite)."""
    x, kappa, loc, scale = as_params(x, kappa, loc, scale)
    y = standardize(x, loc, scale)
    return kappa * (cos(y) - 1) - _LOG_2PI - log(i0e(kappa)) - log(scale)


def pdf(x, kappa, loc=0, scale=1):
    """``exp(logpdf)``."""
    x, kappa, loc, scale = as_params(x, kappa, loc, scale)
    return exp(logpdf(x, kappa, loc, scale))
