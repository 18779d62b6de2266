"""The multivariate normal distribution (``scipy.stats.multivariate_normal``): differentiable in
``x``, ``mean`` and ``cov``.

``cov`` may be a scalar (times the identity), a vector (a diagonal) or a matrix, as in scipy.
With ``allow_singular=True`` a singular (positive semi-definite) ``cov`` uses the
pseudo-inverse and pseudo-determinant over its range, found from its eigendecomposition; the
derivative there is taken along perturbations that keep the rank (parametrize ``cov = B B^T``),
and, unlike scipy, points outside the support are not set to ``-inf``.
"""
import math

import numpy as np

from ...ops import (diag, eigh, exp, expand_dims, log, matmul, reshape, solve, sqrt, sum_,
                    swapaxes)
from ...ops.decompositions import logabsdet
from ...ops.arithmetic import where
from ._common import as_params, plain

__all__ = ["logpdf", "pdf", "entropy"]

_LOG_2PI = math.log(2 * math.pi)


def _dim(x, mean, cov):
    """The dimension as scipy infers it: from ``mean``, else from ``cov``, else 1 (never from
    ``x``: a 1-D ``x`` with a scalar ``cov`` is a batch of one-dimensional points). A vector
    ``cov`` without ``mean``, an error in scipy, is a diagonal here."""
    if mean is not None:
        return int(np.size(mean)) if np.ndim(mean) else 1
    return int(np.shape(cov)[0]) if np.ndim(cov) >= 1 else 1


def _matrix(cov, d):
    if np.ndim(cov) == 0:
        return cov * np.eye(d, dtype=cov.dtype)
    if np.ndim(cov) == 1:
        return diag(cov)
    return cov


def _points(x, d):
    """x as an (n, d) batch, and whether the result is one point (scipy squeezes it)."""
    nd = np.ndim(x)
    if nd == 0:
        x = expand_dims(expand_dims(x, 0), 0)
    elif nd == 1:
        x = expand_dims(x, -1) if d == 1 else expand_dims(x, 0)
    return x


def _squeeze_like_scipy(out):
    shape = tuple(s for s in np.shape(out) if s != 1)
    return reshape(out, shape)


def _spectrum(cov):
    """Eigenvalues, eigenvectors, the cut-off of scipy's ``_PSD`` and the kept eigenvalues."""
    w, v = eigh(cov)
    wv = plain(w)
    eps = 1e6 * np.finfo(np.float64).eps * np.max(np.abs(wv))
    return w, v, wv > eps, eps, wv


def _log_det_and_maha(dev, cov, allow_singular):
    """``(log pseudo-det, rank, Mahalanobis squared distances)`` for deviations ``dev`` (n, d)."""
    d = np.shape(cov)[-1]
    if not allow_singular:
        wv = np.linalg.eigvalsh(plain(cov))
        eps = 1e6 * np.finfo(np.float64).eps * np.max(np.abs(wv))
        if np.min(wv) < -eps:
            raise ValueError("the input matrix must be positive semidefinite")
        if np.min(wv) <= eps:
            raise np.linalg.LinAlgError("singular matrix")
        sol = solve(cov, swapaxes(dev, -1, -2))                  # (d, n)
        maha = sum_(dev * swapaxes(sol, -1, -2), axis=-1)
        return logabsdet(cov), d, maha
    w, v, keep, eps, wv = _spectrum(cov)
    if np.min(wv) < -eps:
        raise ValueError("the input matrix must be positive semidefinite")
    w_safe = where(keep, w, 1.0)
    log_pdet = sum_(where(keep, log(w_safe), 0.0))
    inv_sqrt = where(keep, 1 / sqrt(w_safe), 0.0)
    proj = matmul(dev, v) * inv_sqrt                               # (n, d)
    return log_pdet, int(np.sum(keep)), sum_(proj * proj, axis=-1)


def logpdf(x, mean=None, cov=1, allow_singular=False):
    """Log of the multivariate normal density.

    Parameters
    ----------
    x : Tensor or array_like
        Points, the last axis their components (a 1-D ``x`` of a one-dimensional distribution
        is a batch of points, as in scipy).
    mean : Tensor or array_like, optional
        Zeros when None.
    cov : scalar, vector or matrix
    allow_singular : bool
    """
    if mean is None:
        x, cov = as_params(x, cov)
    else:
        x, mean, cov = as_params(x, mean, cov)
    d = _dim(x, mean, cov)
    cov = _matrix(cov, d)
    xs = _points(x, d)
    dev = xs - mean if mean is not None else xs
    log_det, rank, maha = _log_det_and_maha(dev, cov, allow_singular)
    out = -0.5 * (rank * _LOG_2PI + log_det + maha)
    return _squeeze_like_scipy(out)


def pdf(x, mean=None, cov=1, allow_singular=False):
    """The multivariate normal density."""
    return exp(logpdf(x, mean, cov, allow_singular))


def entropy(mean=None, cov=1):
    """Differential entropy ``(rank (1 + log 2 pi) + log pdet(cov)) / 2`` (a singular ``cov``
    uses its pseudo-determinant and rank, as scipy)."""
    cov, = as_params(cov) if mean is None else as_params(mean, cov)[1:]
    d = _dim(np.zeros(1), mean, cov)
    cov = _matrix(cov, d)
    w, v, keep, eps, wv = _spectrum(cov)
    if np.all(keep):
        log_det, rank = logabsdet(cov), d
    else:
        log_det = sum_(where(keep, log(where(keep, w, 1.0)), 0.0))
        rank = int(np.sum(keep))
    return 0.5 * (rank * (1 + _LOG_2PI) + log_det)
