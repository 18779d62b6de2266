"""The Laplace distribution (``scipy.stats.laplace``): differentiable in ``x``, ``loc`` and
``scale`` (away from the kink at ``x == loc``)."""
import math

from ...ops import abs as _abs, exp, log, log1p
from ...ops.arithmetic import where
from ._common import as_params, mask_value, standardize

__all__ = ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "entropy"]

_LOG2 = math.log(2.0)

def logpdf(x, loc=0, scale=1):
    """``-|y| - log(2 scale)``."""
    x, loc, scale = as_params(x, loc, scale)
    return -_abs(standardize(x, loc, scale)) - _LOG2 - log(scale)

def pdf(x, loc=0, scale=1):
    """``exp(-|y|) / (2 scale)``."""
    x, loc, scale = as_params(x, loc, scale)
    return exp(logpdf(x, loc, scale))

def _halves(x, loc, scale):
    """``(y < 0, -|y|)``: each tail is ``exp(-|y|) / 2``."""
    y = standardize(x, loc, scale)
    return mask_value(y) < 0, -_abs(y)

def cdf(x, loc=0, scale=1):
    """``exp(y)/2`` below loc, ``1 - exp(-y)/2`` above."""
    x, loc, scale = as_params(x, loc, scale)
    lower, t = _halves(x, loc, scale)
    return where(lower, 0.5 * exp(t), 1 - 0.5 * exp(t))

def logcdf(x, loc=0, scale=1):
    """``log(cdf)``, accurate in the lower tail."""
    x, loc, scale = as_params(x, loc, scale)
    lower, t = _halves(x, loc, scale)
    return where(lower, t - _LOG2, log1p(-0.5 * exp(t)))

def sf(x, loc=0, scale=1):
    """``1 - cdf``."""
    x, loc, scale = as_params(x, loc, scale)
    lower, t = _halves(x, loc, scale)
    return where(lower, 1 - 0.5 * exp(t), 0.5 * exp(t))

def logsf(x, loc=0, scale=1):
    """``log(sf)``, accurate in the upper tail."""
    x, loc, scale = as_params(x, loc, scale)
    lower, t = _halves(x, loc, scale)
    return where(lower, log1p(-0.5 * exp(t)), t - _LOG2)

def entropy(loc=0, scale=1):
    """``1 + log(2 scale)``."""
    loc, scale = as_params(loc, scale)
    return 1 + _LOG2 + log(scale) + 0 * loc
