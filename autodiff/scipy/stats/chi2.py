"""The chi-squared distribution (``scipy.stats.chi2``): differentiable in ``x``, ``loc``,
``scale``, and in ``df`` except in ``cdf``/``sf`` (no closed form there).

``chi2(df, loc, scale)`` is ``gamma(df / 2, loc, 2 * scale)``, so every method is the gamma
distribution's with those parameters.
"""
from . import gamma
from ._common import as_params

__all__ = ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "entropy"]


def _as_gamma(df, loc, scale):
    return df * 0.5, loc, scale * 2.0


def logpdf(x, df, loc=0, scale=1):
    """Log of the chi-squared density; ``-inf`` below ``loc``."""
    x, df, loc, scale = as_params(x, df, loc, scale)
    return gamma.logpdf(x, *_as_gamma(df, loc, scale))


def pdf(x, df, loc=0, scale=1):
    """The chi-squared density."""
    x, df, loc, scale = as_params(x, df, loc, scale)
    return gamma.pdf(x, *_as_gamma(df, loc, scale))


def cdf(x, df, loc=0, scale=1):
    """``gammainc(df/2, y/2)``; not differentiable in ``df``."""
    x, df, loc, scale = as_params(x, df, loc, scale)
    return gamma.cdf(x, *_as_gamma(df, loc, scale))


def logcdf(x, df, loc=0, scale=1):
    """``log(cdf)``."""
    x, df, loc, scale = as_params(x, df, loc, scale)
    return gamma.logcdf(x, *_as_gamma(df, loc, scale))


def sf(x, df, loc=0, scale=1):
    """``gammaincc(df/2, y/2)``; not differentiable in ``df``."""
    x, df, loc, scale = as_params(x, df, loc, scale)
    return gamma.sf(x, *_as_gamma(df, loc, scale))


def logsf(x, df, loc=0, scale=1):
    """``log(sf)``."""
    x, df, loc, scale = as_params(x, df, loc, scale)
    return gamma.logsf(x, *_as_gamma(df, loc, scale))


def entropy(df, loc=0, scale=1):
    """The differential entropy (independent of ``loc``)."""
    df, loc, scale = as_params(df, loc, scale)
    return gamma.entropy(*_as_gamma(df, loc, scale))


def ppf(q, df, loc=0, scale=1):
    """The gamma distribution's ``ppf`` with ``a = df / 2`` and twice the scale; not
    differentiable in ``df``."""
    q, df, loc, scale = as_params(q, df, loc, scale)
    return gamma.ppf(q, *_as_gamma(df, loc, scale))


def isf(q, df, loc=0, scale=1):
    """The gamma distribution's ``isf`` with ``a = df / 2`` and twice the scale; not
    differentiable in ``df``."""
    q, df, loc, scale = as_params(q, df, loc, scale)
    return gamma.isf(q, *_as_gamma(df, loc, scale))
