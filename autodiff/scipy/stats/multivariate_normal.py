"""The multivariate normal distribution (``scipy.stats.multivariate_normal``): differentiable in
``x``, ``mean`` and ``cov`` (and, for ``cdf``/``logcdf``, ``lower_limit``).

``cov`` may be a scalar (times the identity), a vector (a diagonal) or a matrix, as in scipy.
With ``allow_singular=True`` a singular (positive semi-definite) ``cov`` uses the
pseudo-inverse and pseudo-determinant over its range, found from its eigendecomposition; the
derivative there is taken along perturbations that keep the rank (parametrize ``cov = B B^T``),
and, unlike scipy, points outside the support are not set to ``-inf``.
"""
import math

import numpy as np

from ...core import Tensor
from ...ops import (diag, eigh, exp, expand_dims, log, matmul, reshape, solve, sqrt, sum_,
                    swapaxes)
from ...ops.decompositions import logabsdet
from ...ops.arithmetic import where
from ...ops.box_probability import SingularCovarianceError, draw_seed, normal_box
from ._common import as_params, plain

__all__ = ["logpdf", "pdf", "cdf", "logcdf", "entropy", "SingularCovarianceError"]

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


def _is_singular(cov, allow_singular) -> bool:
    """scipy's ``_PSD`` check: raise for a non-PSD ``cov``, or a singular one unless allowed."""
    wv = np.linalg.eigvalsh(plain(cov))
    eps = 1e6 * np.finfo(np.float64).eps * np.max(np.abs(wv), initial=0.0)
    if np.min(wv) < -eps:
        raise ValueError("the input matrix must be symmetric positive semidefinite")
    if np.min(wv) <= eps and not allow_singular:
        raise np.linalg.LinAlgError("when allow_singular is False, the input matrix must be "
                                    "symmetric positive definite")
    return bool(np.min(wv) <= eps)


def cdf(x, mean=None, cov=1, allow_singular=False, maxpts=None, abseps=1e-5, releps=1e-5, *,
        lower_limit=None, rng=None):
    """Multivariate normal distribution function ``P(lower_limit < X < x)``
    (``scipy.stats.multivariate_normal.cdf``), differentiable in ``x``, ``mean``, ``cov`` and
    ``lower_limit``.

    Values: exact in one and two dimensions (``ndtr``; Owen's T function), scipy's randomized
    quasi-Monte Carlo integration in three and more, with its absolute error ``abseps``: those
    values are random unless ``rng`` is seeded (a fresh generator with the same seed gives the
    same values). ``rng`` is drawn from once per call and every point of the call shares the
    random shifts (scipy draws them point after point), so a point's value does not depend on
    the batch it comes in; the values differ from scipy's by the integration error. Derivatives are exact expressions in boxes one and two dimensions
    lower (``dP/dx_i`` is the density of ``X_i`` times a conditional ``(n-1)``-dimensional box;
    ``dP/dcov`` follows Plackett's identity), so in three dimensions first and second
    derivatives involve no integration noise; from four on they carry the QMC error.

    Parameters
    ----------
    x : Tensor or array_like
        Upper limits, the last axis their components (a 1-D ``x`` of a one-dimensional
        distribution is a batch of points, as in scipy).
    mean : Tensor or array_like, optional
        Zeros when None.
    cov : scalar, vector or matrix
        The covariance (a scalar times the identity, a diagonal, or a matrix). Only its
        symmetric part is read; its gradient is symmetric, each off-diagonal entry getting
        half (``cov[i, j]`` and ``cov[j, i]`` are two entries of one symmetric matrix).
    allow_singular : bool
        With a singular ``cov``, False raises ``LinAlgError`` (as scipy); True computes the
        value with scipy's integration, and asking for a derivative then raises
        :class:`SingularCovarianceError`.
    maxpts : int, optional
        Most integration points (default ``1000000 * dim``), for three dimensions and more.
    abseps, releps : float
        Absolute and relative error tolerances, as scipy (which, like this, uses only ``abseps``).
    lower_limit : Tensor or array_like, optional
        Lower limits, broadcast with ``x`` (default ``-inf``). A component with
        ``lower_limit > x`` counts negatively, as in scipy: an odd number of them makes the
        result negative.
    rng : numpy.random.Generator, RandomState, int or None, optional
        The source of the integration's random shifts (three dimensions and more).

    Returns
    -------
    Tensor or ndarray
        Shape ``broadcast(x, lower_limit).shape[:-1]`` with its size-1 axes squeezed, as scipy.

    Examples
    --------
    >>> import numpy as np
    >>> import autodiff as ad
    >>> from autodiff.scipy.stats import multivariate_normal
    >>> cov = np.array([[1.0, 0.5], [0.5, 1.0]])
    >>> round(float(multivariate_normal.cdf(np.zeros(2), cov=cov)), 6)  # 1/4 + asin(1/2)/(2 pi)
    0.333333
    >>> ad.grad(lambda x: multivariate_normal.cdf(x, cov=cov))(np.zeros(2)).round(6)
    array([0.199471, 0.199471])
    """
    lower = lower_limit
    values = [x] + ([] if mean is None else [mean]) + [cov] + ([] if lower is None else [lower])
    values = [v if isinstance(v, Tensor) or hasattr(v, "dtype") else np.asarray(v, dtype=float)
              for v in as_params(*values)]
    x = values.pop(0)
    mean = None if mean is None else values.pop(0)
    cov = values.pop(0)
    lower = None if lower is None else values.pop(0)
    d = _dim(x, mean, cov)
    cov = reshape(cov, (1, 1)) if d == 1 else _matrix(cov, d)
    if np.shape(cov) != (d, d):
        raise ValueError(f"cov has shape {np.shape(cov)}, but the distribution has {d} "
                         f"dimensions: pass a ({d}, {d}) matrix, a length-{d} vector or a scalar")
    singular = _is_singular(cov, allow_singular)
    if mean is not None:
        mean = reshape(mean, (d,))
    upper = _points(x, d)
    if lower is None:
        lower = np.full(d, -np.inf, dtype=upper.dtype)
    elif np.ndim(lower) == 0:
        lower = reshape(lower, (1,))        # broadcast over the components, as scipy's
    if mean is not None:
        upper, lower = upper - mean, lower - mean
    seed = draw_seed(rng) if d >= 3 or singular else None
    out = normal_box(lower, upper, cov, maxpts=maxpts, abseps=abseps, seed=seed,
                     singular=singular)
    return _squeeze_like_scipy(out)


def logcdf(x, mean=None, cov=1, allow_singular=False, maxpts=None, abseps=1e-5, releps=1e-5, *,
           lower_limit=None, rng=None):
    """Log of the multivariate normal distribution function
    (``scipy.stats.multivariate_normal.logcdf``): ``log(cdf(...))``.

    The parameters, the noise of three and more dimensions and the derivatives are those of
    :func:`cdf`. As in scipy, when some value is negative (``lower_limit > x`` in an odd number
    of components) the result is complex.

    Returns
    -------
    Tensor or ndarray
    """
    out = cdf(x, mean, cov, allow_singular, maxpts, abseps, releps, lower_limit=lower_limit,
              rng=rng)
    if np.any(plain(out) < 0):
        out = out + 0j      # the log of a negative real is complex, as scipy's
    return log(out)


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
