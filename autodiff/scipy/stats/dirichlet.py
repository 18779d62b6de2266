"""The Dirichlet distribution (``scipy.stats.dirichlet``): differentiable in ``x`` and
``alpha``.

As in scipy, the components run along the first axis of ``x`` (shape ``(K, ...)``); a first
axis of ``K - 1`` gets the last component ``1 - sum`` appended.
"""
import numpy as np

from ...ops import concatenate, digamma, exp, gammaln, reshape, sum_, xlogy
from ._common import plain

__all__ = ["logpdf", "pdf", "mean", "var", "entropy"]


def _components(x, k):
    n = np.shape(x)[0]
    if n == k - 1:
        return concatenate(x, 1 - sum_(x, axis=0, keepdims=True), axis=0)
    if n != k:
        raise ValueError(f"dirichlet: x's first axis must have length K or K-1 (K = {k}); "
                         f"got {n}")
    return x


def _lnbeta(alpha):
    return sum_(gammaln(alpha)) - gammaln(sum_(alpha))


def logpdf(x, alpha):
    """``sum((alpha - 1) log x) - log B(alpha)``."""
    if np.ndim(alpha) != 1:
        raise ValueError("dirichlet: alpha must be a 1-D array")
    k = np.shape(alpha)[0]
    x = _components(x, k)
    a = reshape(alpha, (k,) + (1,) * (np.ndim(x) - 1))
    if np.any(plain(x) < 0) or np.any(np.abs(np.sum(plain(x), axis=0) - 1) > 1e-9):
        raise ValueError("dirichlet: each x must be in the simplex (non-negative, summing to 1)")
    return sum_(xlogy(a - 1, x), axis=0) - _lnbeta(alpha)


def pdf(x, alpha):
    """The Dirichlet density."""
    return exp(logpdf(x, alpha))


def mean(alpha):
    """``alpha / sum(alpha)``."""
    return alpha / sum_(alpha)


def var(alpha):
    """``a_i (a0 - a_i) / (a0^2 (a0 + 1))``."""
    a0 = sum_(alpha)
    return alpha * (a0 - alpha) / (a0 * a0 * (a0 + 1))


def entropy(alpha):
    """``log B(alpha) + (a0 - K) psi(a0) - sum((alpha - 1) psi(alpha))``."""
    k = np.shape(alpha)[0]
    a0 = sum_(alpha)
    return _lnbeta(alpha) + (a0 - k) * digamma(a0) - sum_((alpha - 1) * digamma(alpha))


