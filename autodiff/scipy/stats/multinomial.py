"""The multinomial distribution (``scipy.stats.multinomial``): differentiable in the
probabilities ``p`` (the last axis); the counts ``x`` and ``n`` are constants."""
import numpy as np

from ...ops import exp, gammaln, sum_, xlogy
from ._common import float_dtype, plain, support

__all__ = ["logpmf", "pmf"]


def logpmf(x, n, p):
    """``log(n!) - sum log(x_i!) + sum x_i log(p_i)`` where the counts are non-negative
    integers summing to ``n``, else ``-inf``."""
    counts = plain(x).astype(float_dtype(p))
    total = plain(n).astype(counts.dtype)
    inside = (np.all((counts >= 0) & (counts == np.floor(counts)), axis=-1)
              & (np.sum(counts, axis=-1) == total))
    counts = np.where(inside[..., None], counts, 0.0)
    value = (gammaln(np.where(inside, total, 0.0) + 1) - np.sum(gammaln(counts + 1), axis=-1)
             + sum_(xlogy(counts, p), axis=-1))
    return support(inside, value, -np.inf)


def pmf(x, n, p):
    """``exp(logpmf)``."""
    return exp(logpmf(x, n, p))
