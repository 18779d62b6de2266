"""The von Mises distribution (``scipy.stats.vonmises``, concentration ``kappa``): the density
(periodic in ``x``, as scipy's) and the entropy, differentiable in ``x``, ``kappa``, ``loc`` and
``scale``; the distribution function (scipy's series, unwrapped as scipy's: it grows by 1 per
period) in ``x``, ``loc`` and ``scale``, not in ``kappa`` (no closed form)."""
import math

from ...ops import cos, exp, i0e, i1e, log, log1p, vonmises_cdf
from ._common import as_params, standardize

__all__ = ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "entropy"]

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


def cdf(x, kappa, loc=0, scale=1):
    """scipy's series for the distribution function of ``y = (x - loc) / scale``; not
    differentiable in ``kappa``."""
    x, kappa, loc, scale = as_params(x, kappa, loc, scale)
    return vonmises_cdf(standardize(x, loc, scale), kappa)


def logcdf(x, kappa, loc=0, scale=1):
    """``log(cdf)``."""
    x, kappa, loc, scale = as_params(x, kappa, loc, scale)
    return log(cdf(x, kappa, loc, scale))


def sf(x, kappa, loc=0, scale=1):
    """``1 - cdf``."""
    x, kappa, loc, scale = as_params(x, kappa, loc, scale)
    return 1 - cdf(x, kappa, loc, scale)


def logsf(x, kappa, loc=0, scale=1):
    """``log1p(-cdf)``."""
    x, kappa, loc, scale = as_params(x, kappa, loc, scale)
    return log1p(-cdf(x, kappa, loc, scale))
