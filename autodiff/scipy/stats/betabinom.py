"""The beta-binomial distribution (``scipy.stats.betabinom``): ``pmf`` and ``logpmf``,
differentiable in ``a`` and ``b``; the counts ``k`` and ``n`` are constants."""
import numpy as np

from ...ops import betaln, exp, log
from ._common import as_params, float_dtype, plain, support

__all__ = ["logpmf", "pmf"]


def logpmf(k, n, a, b, loc=0):
    """``-log(n + 1) - betaln(n - k + 1, k + 1) + betaln(k + a, n - k + b) - betaln(a, b)`` for
    integer ``0 <= k <= n``."""
    a, b, loc = as_params(a, b, loc)
    k, n = plain(k) - plain(loc), plain(n).astype(float_dtype(a))
    inside = (k >= 0) & (k <= n) & (k == np.floor(k))
    k = np.where(inside, k, 0.0).astype(n.dtype)
    comb = -log(n + 1) - betaln(n - k + 1, k + 1)
    return support(inside, comb + betaln(k + a, n - k + b) - betaln(a, b), -np.inf)


def pmf(k, n, a, b, loc=0):
    """``C(n, k) B(k + a, n - k + b) / B(a, b)``."""
    a, b, loc = as_params(a, b, loc)
    return exp(logpmf(k, n, a, b, loc))
