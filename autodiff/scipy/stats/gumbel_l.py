"""The left-skewed Gumbel distribution (``scipy.stats.gumbel_l``), the mirror image of
``gumbel_r``: differentiable in ``x``, ``loc`` and ``scale``."""
from . import gumbel_r as _r
from ._common import as_params

__all__ = ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "entropy"]


def logpdf(x, loc=0, scale=1):
    """``y - exp(y) - log(scale)``."""
    x, loc, scale = as_params(x, loc, scale)
    return _r.logpdf(-x, -loc, scale)


def pdf(x, loc=0, scale=1):
    """``exp(logpdf)``."""
    x, loc, scale = as_params(x, loc, scale)
    return _r.pdf(-x, -loc, scale)


def cdf(x, loc=0, scale=1):
    """``1 - exp(-exp(y))``."""
    x, loc, scale = as_params(x, loc, scale)
    return _r.sf(-x, -loc, scale)


def logcdf(x, loc=0, scale=1):
    """``log(cdf)``."""
    x, loc, scale = as_params(x, loc, scale)
    return _r.logsf(-x, -loc, scale)


def sf(x, loc=0, scale=1):
    """``exp(-exp(y))``."""
    x, loc, scale = as_params(x, loc, scale)
    return _r.cdf(-x, -loc, scale)


def logsf(x, loc=0, scale=1):
    """``-exp(y)``."""
    x, loc, scale = as_params(x, loc, scale)
    return _r.logcdf(-x, -loc, scale)


def entropy(loc=0, scale=1):
    """The same as ``gumbel_r``'s."""
    return _r.entropy(loc, scale)
