"""The inverse gamma distribution (``scipy.stats.invgamma``, shape ``a``): differentiable in
``x``, ``loc``, ``scale``, and in ``a`` except in ``cdf``/``sf`` (no closed form there)."""
import numpy as np

from ...ops import (digamma, exp, gammainc, gammainccinv, gammaincc, gammaincinv, gammaln, log,
                   log1p)
from ...ops.arithmetic import where
from ._common import as_params, plain, safe, standardize, support

__all__ = ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "entropy"]


def _split(x, loc, scale):
    y = standardize(x, loc, scale)
    inside = plain(y) > 0
    return inside, safe(inside, y)


def logpdf(x, a, loc=0, scale=1):
    """``-(a + 1) log(y) - 1/y - gammaln(a) - log(scale)`` for ``y > 0``, else ``-inf``."""
    x, a, loc, scale = as_params(x, a, loc, scale)
    inside, y = _split(x, loc, scale)
    return support(inside, -(a + 1) * log(y) - 1 / y - gammaln(a) - log(scale), -np.inf)


def pdf(x, a, loc=0, scale=1):
    """The inverse gamma density."""
    x, a, loc, scale = as_params(x, a, loc, scale)
    return exp(logpdf(x, a, loc, scale))


def cdf(x, a, loc=0, scale=1):
    """``gammaincc(a, 1/y)``; not differentiable in ``a``."""
    x, a, loc, scale = as_params(x, a, loc, scale)
    inside, y = _split(x, loc, scale)
    return support(inside, gammaincc(a, 1 / y), 0.0)


def logcdf(x, a, loc=0, scale=1):
    """``log(cdf)``, as ``log1p(-sf)`` where the cdf is above 1/2 (no cancellation near 1)."""
    x, a, loc, scale = as_params(x, a, loc, scale)
    c = cdf(x, a, loc, scale)
    return where(plain(c) > 0.5, log1p(-sf(x, a, loc, scale)), log(c))


def sf(x, a, loc=0, scale=1):
    """``gammainc(a, 1/y)``; not differentiable in ``a``."""
    x, a, loc, scale = as_params(x, a, loc, scale)
    inside, y = _split(x, loc, scale)
    return support(inside, gammainc(a, 1 / y), 1.0)


def logsf(x, a, loc=0, scale=1):
    """``log(sf)``, as ``log1p(-cdf)`` where the sf is above 1/2."""
    x, a, loc, scale = as_params(x, a, loc, scale)
    s = sf(x, a, loc, scale)
    return where(plain(s) > 0.5, log1p(-cdf(x, a, loc, scale)), log(s))


def entropy(a, loc=0, scale=1):
    """``a - (a + 1) digamma(a) + gammaln(a) + log(scale)``."""
    a, loc, scale = as_params(a, loc, scale)
    return a - (a + 1) * digamma(a) + gammaln(a) + log(scale) + 0 * loc


def ppf(q, a, loc=0, scale=1):
    """``loc + scale / gammainccinv(a, q)``; not differentiable in ``a``."""
    q, a, loc, scale = as_params(q, a, loc, scale)
    return loc + scale / gammainccinv(a, q)


def isf(q, a, loc=0, scale=1):
    """``loc + scale / gammaincinv(a, q)``; not differentiable in ``a``."""
    q, a, loc, scale = as_params(q, a, loc, scale)
    return loc + scale / gammaincinv(a, q)
