"""Student's t distribution (``scipy.stats.t``): differentiable in ``x``, ``loc``, ``scale``
and, except in ``cdf``/``sf`` (whose ``df`` derivative has no closed form), in ``df``."""
import math

from ...ops import betaln, digamma, exp, gammaln, log, log1p, stdtr, stdtrit
from ._common import as_params, standardize

__all__ = ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "entropy"]

_HALF_LOG_PI = 0.5 * math.log(math.pi)


def logpdf(x, df, loc=0, scale=1):
    """Log of the t density with ``df`` degrees of freedom."""
    x, df, loc, scale = as_params(x, df, loc, scale)
    z = standardize(x, loc, scale)
    half = (df + 1) * 0.5
    return (gammaln(half) - gammaln(df * 0.5) - 0.5 * log(df) - _HALF_LOG_PI
            - half * log1p(z * z / df) - log(scale))


def pdf(x, df, loc=0, scale=1):
    """The t density."""
    x, df, loc, scale = as_params(x, df, loc, scale)
    return exp(logpdf(x, df, loc, scale))


def cdf(x, df, loc=0, scale=1):
    """The distribution function ``stdtr(df, z)``; not differentiable in ``df``."""
    x, df, loc, scale = as_params(x, df, loc, scale)
    return stdtr(df, standardize(x, loc, scale))


def logcdf(x, df, loc=0, scale=1):
    """``log(cdf)``."""
    x, df, loc, scale = as_params(x, df, loc, scale)
    return log(cdf(x, df, loc, scale))


def sf(x, df, loc=0, scale=1):
    """The survival function ``stdtr(df, -z)``."""
    x, df, loc, scale = as_params(x, df, loc, scale)
    return stdtr(df, -standardize(x, loc, scale))


def logsf(x, df, loc=0, scale=1):
    """``log(sf)``."""
    x, df, loc, scale = as_params(x, df, loc, scale)
    return log(sf(x, df, loc, scale))


def entropy(df, loc=0, scale=1):
    """Differential entropy
    ``(df+1)/2 (psi((df+1)/2) - psi(df/2)) + log(sqrt(df) B(df/2, 1/2)) + log(scale)``."""
    df, loc, scale = as_params(df, loc, scale)
    half = (df + 1) * 0.5
    return (half * (digamma(half) - digamma(df * 0.5)) + 0.5 * log(df)
            + betaln(df * 0.5, 0 * df + 0.5) + log(scale) + 0 * loc)


def ppf(q, df, loc=0, scale=1):
    """The quantile function ``loc + scale * stdtrit(df, q)``; not differentiable in ``df``."""
    q, df, loc, scale = as_params(q, df, loc, scale)
    return loc + scale * stdtrit(df, q)


def isf(q, df, loc=0, scale=1):
    """The inverse survival function ``loc - scale * stdtrit(df, q)``."""
    q, df, loc, scale = as_params(q, df, loc, scale)
    return loc - scale * stdtrit(df, q)
