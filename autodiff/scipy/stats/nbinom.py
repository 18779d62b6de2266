"""The negative binomial distribution (``scipy.stats.nbinom``): failures before the ``n``-th
success; differentiable in ``n`` (real, as scipy allows) and ``p``; the count ``k`` is a
constant."""
import numpy as np

from ...ops import exp, gammaln, xlog1py, xlogy
from ._common import as_params, plain, support

__all__ = ["logpmf", "pmf"]


def logpmf(k, n, p, loc=0):
    """``log(Gamma(k + n) / (Gamma(n) k!)) + n log(p) + k log(1 - p)`` for integer
    ``k >= 0``."""
    n, p, loc = as_params(n, p, loc)
    k = plain(k) - plain(loc)
    inside = (k >= 0) & (k == np.floor(k))
    k = np.where(inside, k, 0.0)
    comb = gammaln(k + n) - gammaln(n) - gammaln(k + 1)
    return support(inside, comb + xlogy(n, p) + xlog1py(k, -p), -np.inf)


def pmf(k, n, p, loc=0):
    """``exp(logpmf)``."""
    n, p, loc = as_params(n, p, loc)
    return exp(logpmf(k, n, p, loc))
