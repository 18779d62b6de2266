"""The von Mises distribution (``scipy.stats.vonmises``, concentration ``kappa``): the density
(periodic in ``x``, as scipy's) and the entropy, differentiable in ``x``, ``kappa``, ``loc`` and
``scale``. Its cdf is a series (scipy's own is numerical) and is not provided."""
import math

from ...ops import cos, exp, i0e, i1e, log
from ._common import as_params, standardize

__all__ = ["logpdf", "pdf", "entropy"]

_LOG_2PI = math.log(2 * math.pi)


def logpdf(x, kappa, loc=0, scale=1):
    """``kappa (cos(y) - 1) - log(2 pi i0e(kappa)) - log(scale)``: ``log I0`` through the
    scaled ``i0e``, so large ``kappa`` does not overflow."""
    x, kappa, loc, scale = as_params(x, kappa, loc, scale)
    y = standardize(x, loc, scale)
    return kappa * (cos(y) - 1) - _LOG_2PI - log(i0e(kappa)) - log(scale)


def pdf(x, kappa, loc=0, scale=1):
    """The von Mises density ``exp(kappa cos(y)) / (2 pi I0(kappa) scale)``."""
    x, kappa, loc, scale = as_params(x, kappa, loc, scale)
    return exp(logpdf(x, kappa, loc, scale))


def entropy(kappa, loc=0, scale=1):
    """``log(2 pi I0(kappa)) - kappa I1(kappa) / I0(kappa) + log(scale)``."""
    kappa, loc, scale = as_params(kappa, loc, scale)
    return (_LOG_2PI + log(i0e(kappa)) + kappa * (1 - i1e(kappa) / i0e(kappa)) + log(scale)
            + 0 * loc)
