"""The normal box probability ``P(lower < Z < upper)`` for ``Z ~ N(0, cov)``: the primitive under
``autodiff.scipy.stats.multivariate_normal.cdf``.

Values: one dimension is ``ndtr``; two are exact, through Owen's T function; three and more use
scipy's randomized quasi-Monte Carlo integration (``scipy.stats._qmvnt``), so they carry its
error (``abseps``) and are random unless ``seed`` is given.

Derivatives are written with this primitive itself, one and two dimensions lower:

- a limit: ``dP/du_i = phi(u_i; S_ii) P_{n-1}(box of the others given Z_i = u_i)``, and minus
  the same at ``l_i`` (an infinite limit contributes 0);
- the covariance (Plackett's identity): ``dP/dS_ij = 1/2 M_ij`` with ``M_ij`` the sum of the
  mixed second derivatives in the limits of ``i`` and ``j`` (``M_ii = d2P/du_i^2 + d2P/dl_i^2``);
  the value reads the symmetric part of ``cov``, so the gradient is symmetric, each off-diagonal
  entry getting half (the convention of ``cholesky`` and ``eigh``).

Each rule is made of this primitive, ``exp``, ``sqrt``, indexing and sums, so differentiating a
rule again works: the second derivatives of a three-dimensional box only need exact two- and
one-dimensional boxes.
"""
import importlib
import math

import numpy as np
import scipy.special as sps

from ..core import Tensor, primitive
from ._util import shape_of
from .comparison import where
from .reductions import sum_
from .shape import expand_dims, getitem, reshape, swapaxes
from .unary import exp, sqrt

__all__ = ["normal_box", "bivariate_normal_cdf", "draw_seed", "SingularCovarianceError"]


class SingularCovarianceError(ValueError):
    """A derivative of a normal box probability asked for at a singular covariance.

    ``multivariate_normal.cdf(..., allow_singular=True)`` computes the value of a degenerate
    distribution (as scipy does), but its derivatives are not implemented there.
    """

    def __init__(self):
        super().__init__(
            "multivariate_normal.cdf: derivatives at a singular covariance matrix are not "
            "implemented (allow_singular=True gives the value only); pass the arguments as "
            "constants (detach()), or use a positive definite covariance")


# -- values ---------------------------------------------------------------------------------------
def bivariate_normal_cdf(h, k, rho) -> np.ndarray:
    """``P(Z1 < h, Z2 < k)`` for standard normals with correlation ``rho`` (numpy, exact).

    Owen's formula: ``Phi2(h, k; rho) = Phi(h)/2 + Phi(k)/2 - T(h, a_h) - T(k, a_k) - beta`` with
    ``a_h = (k - rho h) / (h sqrt(1 - rho^2))``, ``a_k`` likewise and ``beta = 1/2`` when ``h k < 0``
    or ``h k = 0 < -(h + k)``, else 0. Infinite limits and ``|rho| = 1`` are handled apart.

    Parameters
    ----------
    h, k : array_like
        Upper limits, broadcast together; may be infinite.
    rho : array_like
        Correlations in ``[-1, 1]``.

    Returns
    -------
    ndarray
    """
    h, k, rho = (np.array(v, dtype=np.float64) for v in np.broadcast_arrays(h, k, rho))
    out = np.zeros(h.shape)
    # Infinite limits: one at -inf makes it 0; +inf leaves the other's marginal.
    gone = (h == -np.inf) | (k == -np.inf)
    h_top, k_top = (h == np.inf) & ~gone, (k == np.inf) & ~gone
    out[h_top] = sps.ndtr(k[h_top])
    out[k_top & ~h_top] = sps.ndtr(h[k_top & ~h_top])
    finite = ~gone & ~h_top & ~k_top
    r = np.sqrt(np.maximum((1 - rho) * (1 + rho), 0.0))
    # |rho| = 1: Z2 = +-Z1.
    up = finite & (r == 0) & (rho > 0)
    out[up] = sps.ndtr(np.minimum(h[up], k[up]))
    down = finite & (r == 0) & (rho < 0)
    out[down] = np.maximum(sps.ndtr(h[down]) - sps.ndtr(-k[down]), 0.0)
    both_zero = finite & (r > 0) & (h == 0) & (k == 0)
    out[both_zero] = 0.25 + np.arcsin(rho[both_zero]) / (2 * math.pi)
    rest = finite & (r > 0) & ~both_zero
    h, k, rho, r = h[rest], k[rest], rho[rest], r[rest]
    out[rest] = (0.5 * sps.ndtr(h) + 0.5 * sps.ndtr(k) - _owens_t_ratio(h, k - rho * h, r)
                 - _owens_t_ratio(k, h - rho * k, r)
                 - np.where((h * k < 0) | ((h * k == 0) & (h + k < 0)), 0.5, 0.0))
    return np.clip(out, 0.0, 1.0)


def _owens_t_ratio(h, num, r):
    """``T(h, num / (h r))``; at ``h = 0`` the limit ``T(0, +-inf) = +-1/4`` (sign of ``num``)."""
    zero = h == 0
    a = num / np.where(zero, 1.0, h * r)
    return np.where(zero, 0.25 * np.sign(num), sps.owens_t(np.where(zero, 0.0, h), a))


def _box_1d(lower, upper, var):
    s = np.sqrt(var)
    lo, hi = lower / s, upper / s
    # Both limits above 0: the upper tails' difference keeps the digits ndtr's would lose.
    right = lo > 0
    return np.where(right, sps.ndtr(-lo) - sps.ndtr(-hi), sps.ndtr(hi) - sps.ndtr(lo))


def _box_2d(lower, upper, cov):
    s1, s2 = np.sqrt(cov[..., 0, 0]), np.sqrt(cov[..., 1, 1])
    rho = np.clip(cov[..., 0, 1] / (s1 * s2), -1.0, 1.0)
    l1, l2, u1, u2 = lower[..., 0] / s1, lower[..., 1] / s2, upper[..., 0] / s1, upper[..., 1] / s2
    # Inclusion-exclusion over the corners: an oriented integral, so l > u flips the sign.
    return (bivariate_normal_cdf(u1, u2, rho) - bivariate_normal_cdf(l1, u2, rho)
            - bivariate_normal_cdf(u1, l2, rho) + bivariate_normal_cdf(l1, l2, rho))


def draw_seed(rng) -> int:
    """An integer seed drawn from ``rng`` (a Generator, a RandomState, a seed or None).

    The box probability takes a seed, not a generator, so that it is a fixed function of its
    inputs: a recorded or batched call, and every rule, integrates with the same random shifts.
    """
    if not isinstance(rng, (np.random.Generator, np.random.RandomState)):
        rng = np.random.default_rng(rng)
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(2 ** 63))
    return int(rng.randint(2 ** 31))


def _box_qmc(lower, upper, cov, maxpts, abseps, seed):
    """scipy's randomized lattice rule, one box at a time.

    Unlike scipy, which draws the random shifts of each box in turn from one generator, every
    box starts from ``seed`` (common random numbers): a box's value does not depend on its place
    in the batch, so batching a call, or looping over it, gives the same values.
    """
    qmvnt = importlib.import_module("scipy.stats._qmvnt")   # scipy.stats: a second of import
    n = lower.shape[-1]
    batch = np.broadcast_shapes(lower.shape[:-1], upper.shape[:-1], cov.shape[:-2])
    lower = np.broadcast_to(lower, batch + (n,))
    upper = np.broadcast_to(upper, batch + (n,))
    cov = np.broadcast_to(cov, batch + (n, n))
    seed = draw_seed(None) if seed is None else seed
    limit = 1000000 * n if not maxpts else maxpts
    out = np.empty(batch)
    for index in np.ndindex(*batch):
        rng = np.random.default_rng(seed)
        a, b = lower[index], upper[index]
        swap = b < a           # scipy's convention: each swapped pair flips the sign
        sign = -1.0 if np.sum(swap) % 2 else 1.0
        lo, hi = np.where(swap, b, a), np.where(swap, a, b)
        prob = qmvnt._qauto(qmvnt._qmvn, cov[index], lo, hi, rng, error=abseps, limit=limit,
                            n_batches=10)[0]
        out[index] = sign * float(np.squeeze(prob))
    return out


def _box_impl(lower, upper, cov, maxpts=None, abseps=1e-5, seed=None, singular=False):
    if any(np.iscomplexobj(v) for v in (lower, upper, cov)):
        raise TypeError("normal_box: the limits and the covariance must be real")
    dtype = np.result_type(lower, upper, cov, np.float16)   # float32 stays float32
    lower, upper = np.asarray(lower, dtype=np.float64), np.asarray(upper, dtype=np.float64)
    cov = np.asarray(cov, dtype=np.float64)
    cov = 0.5 * (cov + np.swapaxes(cov, -1, -2))
    n = cov.shape[-1]
    if singular or n >= 3:
        out = _box_qmc(lower, upper, cov, maxpts, abseps, seed)
    elif n == 0:
        out = np.ones(np.broadcast_shapes(lower.shape[:-1], upper.shape[:-1], cov.shape[:-2]))
    elif n == 1:
        out = _box_1d(lower[..., 0], upper[..., 0], cov[..., 0, 0])
    else:
        out = _box_2d(lower, upper, cov)
    return np.asarray(out, dtype=dtype)


def _batch_rule(prim, values, batched, kwargs, size):
    # Leading axes broadcast: put each batched argument's batch axis in front of the others'
    # leading axes and call once, rather than once per batch element.
    cores = (1, 1, 2)
    ranks = [len(shape_of(v)) - core - b for v, core, b in zip(values, cores, batched)]
    top = max(ranks)
    fitted = []
    for v, core, b, rank in zip(values, cores, batched, ranks):
        if b:
            shape = shape_of(v)
            v = reshape(v, shape[:1] + (1,) * (top - rank) + shape[1:])
        fitted.append(v)
    return prim(*fitted, **kwargs)


normal_box = primitive(_box_impl, name="normal_box", grad_fn_name="NormalBoxBackward0")
normal_box.defbatch(_batch_rule)
normal_box.__doc__ = """``P(lower < Z < upper)`` for ``Z ~ N(0, cov)``, an oriented integral.

Parameters
----------
lower, upper : array_like
    Limits, shape ``(..., n)`` (may be infinite); a coordinate with ``lower > upper`` counts
    negatively, as in scipy's ``multivariate_normal.cdf``.
cov : array_like
    ``(..., n, n)``, positive definite; only its symmetric part is read. Leading axes of the
    three broadcast together and are the result's shape.
maxpts, abseps
    scipy's integration settings, used for ``n >= 3``.
seed : int, optional
    Seeds the integration's random shifts (``n >= 3``), the same for every box of the call
    (see :func:`draw_seed`); None draws fresh ones.
singular : bool
    The covariance is singular: the value comes from scipy's integration in every dimension and
    asking for a derivative raises :class:`SingularCovarianceError`.
"""


# -- derivatives, written with differentiable ops -------------------------------------------------
def _values(x) -> np.ndarray:
    return x._data if isinstance(x, Tensor) else np.asarray(x)


def _sym(cov):
    return 0.5 * (cov + swapaxes(cov, -1, -2))


def _others(n: int) -> np.ndarray:
    """``(n, n - 1)`` indices: row ``i`` lists the coordinates other than ``i``."""
    return np.array([[j for j in range(n) if j != i] for i in range(n)], dtype=np.intp)


def _variances(cov):
    n = shape_of(cov)[-1]
    return getitem(cov, (Ellipsis, np.arange(n), np.arange(n)))


def _density(a, var):
    """The N(0, var) density at ``a`` and, for the caller, ``a`` with infinities set to 0."""
    finite = np.isfinite(_values(a))
    a_safe = where(finite, a, 0.0)
    dens = exp(-0.5 * a_safe * a_safe / var) / sqrt(2 * math.pi * var)
    return where(finite, dens, 0.0), a_safe


def _conditionals(a, lower, upper, cov):
    """For each coordinate ``i``: the box of the others given ``Z_i = a_i``.

    Returns the density of ``Z_i`` at ``a_i`` (..., n), the conditional limits (..., n, n-1) and
    covariances (..., n, n-1, n-1), the regression coefficients ``c = S_{-i,i} / S_ii``
    (..., n, n-1) and ``a`` with infinities set to 0.
    """
    n = shape_of(cov)[-1]
    idx = _others(n)
    var = _variances(cov)
    dens, a_safe = _density(a, var)
    cross = getitem(cov, (Ellipsis, idx, np.arange(n)[:, None]))        # S[others(i), i]
    c = cross / expand_dims(var, -1)
    # Masked a: an infinite limit would make 0 * inf = nan here; its density is 0 anyway.
    shift = c * expand_dims(a_safe, -1)
    lower_c = getitem(lower, (Ellipsis, idx)) - shift
    upper_c = getitem(upper, (Ellipsis, idx)) - shift
    cov_c = (getitem(cov, (Ellipsis, idx[:, :, None], idx[:, None, :]))
             - expand_dims(c, -1) * expand_dims(cross, -2))
    return dens, lower_c, upper_c, cov_c, c, a_safe


def _limit_grad(a, sign, lower, upper, cov, kw):
    """``dP/da`` (..., n) for ``a`` the upper limits (``sign=1``) or the lower ones (``-1``)."""
    if shape_of(cov)[-1] == 1:
        return sign * _density(a, _variances(cov))[0]
    dens, lower_c, upper_c, cov_c, _, _ = _conditionals(a, lower, upper, cov)
    return sign * dens * normal_box(lower_c, upper_c, cov_c, **kw)


def _cov_grad(lower, upper, cov, kw):
    """``dP/dcov`` (..., n, n), symmetric: ``M / 2`` with Plackett's ``M`` (module docstring)."""
    n = shape_of(cov)[-1]
    var = _variances(cov)
    idx = _others(n)
    dtype = _values(cov).dtype
    # scatter[i, j, k] = 1 where idx[i, j] == k: puts a (n, n-1) array off the diagonal.
    scatter = (idx[:, :, None] == np.arange(n)).astype(dtype)
    diagonal, off = 0.0, 0.0
    for a, sign in ((lower, -1.0), (upper, 1.0)):
        grad_a = _limit_grad(a, sign, lower, upper, cov, kw)
        a_safe = where(np.isfinite(_values(a)), a, 0.0)
        second = -(a_safe / var) * grad_a                     # d2P/da_i^2, its own part
        if n > 1:
            dens, lower_c, upper_c, cov_c, c, _ = _conditionals(a, lower, upper, cov)
            # d2P/da_i db_k summed over b in {l_k, u_k}: the conditional box's limit gradients.
            inner = (_limit_grad(lower_c, -1.0, lower_c, upper_c, cov_c, kw)
                     + _limit_grad(upper_c, 1.0, lower_c, upper_c, cov_c, kw))
            mixed = sign * expand_dims(dens, -1) * inner      # (..., n, n-1)
            second = second - sum_(c * mixed, axis=-1)        # the others' limits move with a_i
            off = off + sum_(expand_dims(mixed, -1) * scatter, axis=-2)
        diagonal = diagonal + second
    m = off + expand_dims(diagonal, -1) * np.eye(n, dtype=dtype)
    return 0.5 * _sym(m)


def _check(kw):
    if kw.get("singular"):
        raise SingularCovarianceError()
    return {key: value for key, value in kw.items() if key != "singular"}


def _jvp_limit(sign):
    def rule(t, ans, lower, upper, cov, **kw):
        """The tangent's share from one side's limits."""
        kw = _check(kw)
        a = lower if sign < 0 else upper
        return sum_(_limit_grad(a, sign, lower, upper, _sym(cov), kw) * t, axis=-1)
    return rule


def _vjp_limit(sign):
    def rule(g, ans, lower, upper, cov, **kw):
        """The cotangent of one side's limits."""
        kw = _check(kw)
        a = lower if sign < 0 else upper
        return expand_dims(g, -1) * _limit_grad(a, sign, lower, upper, _sym(cov), kw)
    return rule


def _jvp_cov(t, ans, lower, upper, cov, **kw):
    kw = _check(kw)
    return sum_(_cov_grad(lower, upper, _sym(cov), kw) * t, axis=(-2, -1))


def _vjp_cov(g, ans, lower, upper, cov, **kw):
    kw = _check(kw)
    return expand_dims(expand_dims(g, -1), -1) * _cov_grad(lower, upper, _sym(cov), kw)


normal_box.defjvp_per_arg(_jvp_limit(-1.0), _jvp_limit(1.0), _jvp_cov)
normal_box.defvjp_per_arg(_vjp_limit(-1.0), _vjp_limit(1.0), _vjp_cov)
