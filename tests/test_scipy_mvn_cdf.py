"""``autodiff.scipy.stats.multivariate_normal.cdf`` / ``logcdf`` and the ``normal_box`` primitive.

References that share no code with ours: mpmath's quadrature at 30 digits and
``scipy.integrate.dblquad`` for the exact two-dimensional values; scipy's own QMC (other seeds,
tight ``abseps``) for three dimensions; central finite differences for every derivative (the
covariance along symmetric perturbations ``S + t (E_ij + E_ji)``).
"""
import doctest
import math

import mpmath
import numpy as np
import pytest
import scipy.integrate
import scipy.special as sps
import scipy.stats as ss

import autodiff as ad
from autodiff.engines.batching import BatchTrace, batch, unbatch
from autodiff.ops.box_probability import bivariate_normal_cdf, normal_box
from autodiff.scipy.stats import multivariate_normal as mvn

S2 = np.array([[1.3, 0.6], [0.6, 0.8]])
S3 = np.array([[1.0, 0.5, 0.2], [0.5, 2.0, -0.3], [0.2, -0.3, 1.5]])
SEEDED = dict(abseps=1e-12, maxpts=200000, rng=7)      # a fixed smooth function of the inputs


# -- values ------------------------------------------------------------------------------------
def _phi2_mpmath(h, k, rho):
    """P(Z1 < h, Z2 < k) = int_{-inf}^h phi(x) Phi((k - rho x) / sqrt(1 - rho^2)) dx, 30 digits."""
    mpmath.mp.dps = 30
    h, k, rho = mpmath.mpf(h), mpmath.mpf(k), mpmath.mpf(rho)
    s = mpmath.sqrt((1 - rho) * (1 + rho))
    f = lambda x: mpmath.npdf(x) * mpmath.ncdf((k - rho * x) / s)
    points = [-mpmath.inf] + sorted({min(h, mpmath.mpf(0)), min(h, k / rho if rho else h)}) + [h]
    return float(mpmath.quad(f, points))


def _corner_cases():
    rng = np.random.default_rng(0)
    cases = [(0.0, 0.0, 0.3), (0.0, 1.2, -0.4), (-0.7, 0.0, 0.8), (0.0, -2.0, 0.5),
             (1.0, 1.0, 0.999999), (1.0, -0.5, -0.999999), (-3.0, -4.0, 0.9), (6.0, 5.0, -0.2),
             (-6.0, 2.0, 0.0), (2.5, 2.5, 0.0), (-0.5, 0.7, 1e-12)]
    cases += [tuple(v) for v in np.column_stack([rng.normal(0, 2, 40), rng.normal(0, 2, 40),
                                                 rng.uniform(-0.98, 0.98, 40)])]
    return cases


def test_bivariate_cdf_matches_mpmath_to_1e_14():
    cases = _corner_cases()
    ours = bivariate_normal_cdf(*np.array(cases).T)
    ref = np.array([_phi2_mpmath(*c) for c in cases])
    err = np.max(np.abs(ours - ref))
    assert err < 1e-14, err


def test_bivariate_cdf_limits():
    rho = np.array([0.3, -0.6, 1.0, -1.0])
    np.testing.assert_allclose(bivariate_normal_cdf(np.inf, 0.4, rho), sps.ndtr(0.4), rtol=1e-15)
    np.testing.assert_allclose(bivariate_normal_cdf(-0.2, np.inf, rho), sps.ndtr(-0.2), rtol=1e-15)
    assert np.all(bivariate_normal_cdf(-np.inf, 0.4, rho) == 0)
    assert np.all(bivariate_normal_cdf(np.inf, np.inf, rho) == 1)
    # |rho| = 1: Z2 = Z1 or Z2 = -Z1
    np.testing.assert_allclose(bivariate_normal_cdf(0.3, -0.2, 1.0), sps.ndtr(-0.2))
    np.testing.assert_allclose(bivariate_normal_cdf(0.3, -0.2, -1.0), sps.ndtr(0.3) - sps.ndtr(0.2))
    np.testing.assert_allclose(bivariate_normal_cdf(0.0, 0.0, 0.5), 1 / 3, rtol=1e-15)


def test_two_dimensional_box_matches_dblquad():
    cov = np.array([[2.0, -0.7], [-0.7, 0.5]])
    dens = ss.multivariate_normal(np.zeros(2), cov).pdf
    for lo, hi in [((-1.0, -0.5), (0.8, 1.1)), ((0.3, -2.0), (2.5, -0.1)), ((-0.4, 0.2), (0.1, 0.9))]:
        ref = scipy.integrate.dblquad(lambda y, x: dens([x, y]), lo[0], hi[0], lo[1], hi[1],
                                      epsabs=1e-14, epsrel=1e-13)[0]
        assert abs(normal_box(np.array(lo), np.array(hi), cov) - ref) < 1e-13


def test_one_dimension_is_ndtr_and_keeps_tail_digits():
    out = mvn.cdf(np.array([9.0]), mean=0.0, cov=1.0, lower_limit=8.0)
    ref = sps.ndtr(-8.0) - sps.ndtr(-9.0)
    assert abs(out - ref) <= 1e-15 * ref


def test_three_dimensions_match_scipy_and_a_quadrature():
    x = np.array([0.7, 0.4, 0.5])
    lower = np.array([-np.inf, -1.5, -1.0])
    ours = mvn.cdf(x, cov=S3, lower_limit=lower, abseps=1e-10, rng=1)
    theirs = ss.multivariate_normal.cdf(x, cov=S3, lower_limit=lower, abseps=1e-10,
                                        rng=np.random.default_rng(2))
    assert abs(ours - theirs) < 1e-8
    # Independent of the QMC: integrate Z_1's density times the exact conditional 2-D box.
    c = S3[1:, 0] / S3[0, 0]
    cond = S3[1:, 1:] - np.outer(S3[1:, 0], S3[0, 1:]) / S3[0, 0]
    f = lambda z: (math.exp(-z * z / (2 * S3[0, 0])) / math.sqrt(2 * math.pi * S3[0, 0])
                   * normal_box(lower[1:] - c * z, x[1:] - c * z, cond))
    ref = scipy.integrate.quad(f, -np.inf, x[0], epsabs=1e-13, epsrel=1e-13)[0]
    assert abs(ours - ref) < 1e-8


def test_a_seed_gives_the_same_value_and_every_point_the_same_shifts():
    x = np.array([[0.7, 0.4, 0.5], [0.1, -0.2, 0.9]])
    both = mvn.cdf(x, cov=S3, rng=np.random.default_rng(3))
    one = mvn.cdf(x[1], cov=S3, rng=np.random.default_rng(3))
    assert both[1] == one
    assert np.all(mvn.cdf(x, cov=S3, rng=4) == mvn.cdf(x, cov=S3, rng=4))


# -- shapes and conventions, against scipy ---------------------------------------------------------
SHAPE_CASES = [
    dict(x=0.3),
    dict(x=np.array([0.3, -1.0, 2.0])),
    dict(x=np.array([[0.3], [-1.0]]), mean=0.2, cov=2.0),
    dict(x=np.array([0.3, -1.0]), mean=[0.1, 0.2], cov=S2),
    dict(x=np.array([[0.3, -1.0]]), mean=[0.1, 0.2], cov=S2),
    dict(x=np.arange(8.0).reshape(4, 2) / 4 - 1, mean=[0.1, 0.2], cov=[1.0, 2.0]),
    dict(x=np.arange(24.0).reshape(4, 3, 2) / 12 - 1, mean=[0.1, 0.2], cov=S2,
         lower_limit=np.linspace(-2, 0.5, 6).reshape(3, 2)),
    dict(x=np.array([0.3, -1.0, 2.0]), lower_limit=0.5),
    dict(x=[0.3, -1.0], mean=[0.1, 0.2], cov=S2.tolist(), lower_limit=[-2.0, -1.5]),
    dict(x=np.array([0.3, -1.0, 2.0]), mean=[0.0, 0.1, -0.2], cov=S3, lower_limit=-0.4),
    dict(x=np.array([[0.3, -1.0], [1.0, 0.2]]), mean=[0.1, 0.2], cov=S2, lower_limit=[0.5, -3]),
]


@pytest.mark.parametrize("case", SHAPE_CASES, ids=range(len(SHAPE_CASES)))
@pytest.mark.parametrize("fn", ["cdf", "logcdf"])
def test_values_and_shapes_match_scipy(case, fn):
    kw = dict(case)
    x = kw.pop("x")
    mean, cov = kw.pop("mean", None), kw.pop("cov", 1)
    ours = getattr(mvn, fn)(x, mean, cov, abseps=1e-10, rng=0, **kw)
    theirs = getattr(ss.multivariate_normal, fn)(x, mean, cov, abseps=1e-10,
                                                 rng=np.random.default_rng(0), **kw)
    assert np.shape(ours) == np.shape(theirs)
    assert np.asarray(ours).dtype.kind == np.asarray(theirs).dtype.kind     # complex logcdf too
    np.testing.assert_allclose(ours, theirs, rtol=1e-7, atol=1e-9)


def test_lower_above_upper_flips_the_sign_like_scipy():
    x, lower = np.array([0.3, -1.0]), np.array([0.5, -2.0])
    out = mvn.cdf(x, cov=S2, lower_limit=lower)
    assert out < 0
    np.testing.assert_allclose(out, ss.multivariate_normal.cdf(x, cov=S2, lower_limit=lower),
                               rtol=1e-12)
    np.testing.assert_allclose(out, -mvn.cdf(np.array([0.5, -1.0]), cov=S2,
                                             lower_limit=np.array([0.3, -2.0])), rtol=1e-14)


def test_singular_covariance():
    cov = np.array([[1.0, 1.0], [1.0, 1.0]])
    with pytest.raises(np.linalg.LinAlgError, match="allow_singular"):
        mvn.cdf(np.zeros(2), cov=cov)
    with pytest.raises(ValueError, match="positive semidefinite"):
        mvn.cdf(np.zeros(2), cov=np.array([[1.0, 2.0], [2.0, 1.0]]))
    value = mvn.cdf(np.array([0.2, -0.1]), cov=cov, allow_singular=True)
    np.testing.assert_allclose(value, ss.multivariate_normal.cdf(
        np.array([0.2, -0.1]), cov=cov, allow_singular=True), rtol=1e-12)
    f = lambda x: mvn.cdf(x, cov=cov, allow_singular=True)
    with pytest.raises(mvn.SingularCovarianceError, match="singular"):
        ad.grad(f)(np.array([0.2, -0.1]))
    with pytest.raises(mvn.SingularCovarianceError):
        ad.jvp(f, (np.array([0.2, -0.1]),), (np.ones(2),))


# -- derivatives against finite differences -------------------------------------------------------
def _fd_grad(f, x, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    out = np.zeros(x.shape + np.shape(f(x)))
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = eps
        out[i] = (f(x - 2 * e) - 8 * f(x - e) + 8 * f(x + e) - f(x + 2 * e)) / (12 * eps)
    return out


def _fd_sym_grad(f, cov, eps=1e-5):
    """Gradient under the symmetric convention: d/dt f(S + t (E_ij + E_ji)) / 2 off the diagonal,
    d/dt f(S + t E_ii) on it."""
    n = cov.shape[0]
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(i, n):
            e = np.zeros((n, n))
            e[i, j] = e[j, i] = eps
            d = (f(cov - 2 * e) - 8 * f(cov - e) + 8 * f(cov + e) - f(cov + 2 * e)) / (12 * eps)
            out[i, j] = out[j, i] = d if i == j else d / 2
    return out


PROBLEMS = {
    "2-D": (np.array([0.4, -0.3]), np.array([0.1, -0.2]), S2, np.array([-1.0, -2.0]), {}),
    "2-D, lower above x": (np.array([0.4, -0.3]), np.array([0.1, -0.2]), S2,
                           np.array([0.9, -2.0]), {}),
    "2-D, infinite lower": (np.array([0.4, -0.3]), np.array([0.1, -0.2]), S2,
                            np.array([-np.inf, -0.8]), {}),
    "3-D": (np.array([0.7, 0.4, 0.5]), np.array([0.1, -0.1, 0.2]), S3,
            np.array([-np.inf, -1.5, -1.0]), SEEDED),
}


@pytest.mark.parametrize("name", list(PROBLEMS))
def test_gradients_match_finite_differences(name):
    x, mean, cov, lower, kw = PROBLEMS[name]
    f = lambda x, m, c, lo: mvn.cdf(x, m, c, lower_limit=lo, **kw)
    grads = ad.grad(f, argnums=(0, 1, 2, 3))(x, mean, cov, lower)
    finite = np.isfinite(lower)
    refs = [_fd_grad(lambda v: f(v, mean, cov, lower), x),
            _fd_grad(lambda v: f(x, v, cov, lower), mean),
            _fd_sym_grad(lambda v: f(x, mean, v, lower), cov),
            np.where(finite, _fd_grad(lambda v: f(x, mean, cov, np.where(finite, v, lower)),
                                      np.where(finite, lower, 0.0)), 0.0)]
    for what, g, ref in zip(("x", "mean", "cov", "lower_limit"), grads, refs):
        np.testing.assert_allclose(g, ref, rtol=1e-7, atol=1e-9, err_msg=what)
    np.testing.assert_allclose(grads[2], grads[2].T, rtol=0, atol=0)
    assert grads[3][~finite].tolist() == [0.0] * int(np.sum(~finite))
    # forward mode: one JVP per direction equals <grad, direction>
    rng = np.random.default_rng(1)
    dirs = [rng.standard_normal(np.shape(a)) for a in (x, mean, cov, lower)]
    _, tangent = ad.jvp(f, (x, mean, cov, lower), tuple(dirs))
    np.testing.assert_allclose(tangent, sum(np.sum(g * d) for g, d in zip(grads, dirs)),
                               rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", list(PROBLEMS))
def test_second_derivatives_match_finite_differences_of_the_gradient(name):
    x, mean, cov, lower, kw = PROBLEMS[name]
    # x
    fx = lambda v: mvn.cdf(v, mean, cov, lower_limit=lower, **kw)
    hess = ad.hessian(fx)(x)
    ref = _fd_grad(lambda v: np.asarray(ad.grad(fx)(v)), x)
    np.testing.assert_allclose(hess, ref, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(ad.jacfwd(ad.grad(fx))(x), hess, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(ad.jacrev(ad.jacfwd(fx))(x), hess, rtol=1e-12, atol=1e-14)
    # cov, mixed with x: d/dS of dP/dx, along symmetric perturbations
    gx = lambda c: np.asarray(ad.grad(lambda v: mvn.cdf(v, mean, c, lower_limit=lower, **kw))(x))
    mixed = ad.jacrev(lambda c: ad.grad(lambda v: mvn.cdf(v, mean, c, lower_limit=lower,
                                                          **kw))(x))(cov)
    for k in range(len(x)):
        ref = _fd_sym_grad(lambda c: gx(c)[k], cov)
        np.testing.assert_allclose(mixed[k], ref, rtol=1e-6, atol=1e-9)
    # cov, cov: the Hessian in the covariance
    fc = lambda c: mvn.cdf(x, mean, c, lower_limit=lower, **kw)
    hc = ad.hessian(fc)(cov)
    gc = lambda c: np.asarray(ad.grad(fc)(c))
    np.testing.assert_allclose(hc[0, 1], _fd_sym_grad(lambda c: gc(c)[0, 1], cov),
                               rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(hc[1, 1], _fd_sym_grad(lambda c: gc(c)[1, 1], cov),
                               rtol=1e-6, atol=1e-9)


def test_third_order_in_two_dimensions():
    f = lambda v: mvn.cdf(v, cov=S2)
    x = np.array([0.2, -0.4])
    third = ad.jacfwd(ad.hessian(f))(x)
    ref = _fd_grad(lambda v: np.asarray(ad.hessian(f)(v)), x, eps=1e-4)
    np.testing.assert_allclose(third, ref, rtol=1e-6, atol=1e-9)


def test_one_dimension_gradients():
    f = lambda x, m, c, lo: mvn.cdf(x, m, c, lower_limit=lo)
    args = (np.array([0.3, 1.2]), np.array(0.2), np.array(1.7), np.array(-0.4))
    grads = ad.grad(lambda *a: ad.sum(f(*a)), argnums=(0, 1, 2, 3))(*args)
    for k, g in enumerate(grads):
        def fk(v, k=k):
            a = list(args)
            a[k] = v
            return np.sum(f(*a))
        np.testing.assert_allclose(g, _fd_grad(fk, args[k]), rtol=1e-8, atol=1e-10)


def test_four_dimensions_gradient_with_a_seed():
    # The limits' derivatives hold 3-D boxes: both sides carry the QMC error (~1e-6 here).
    cov = np.eye(4) + 0.3
    x = np.array([0.5, 0.1, -0.2, 0.8])
    f = lambda v: mvn.cdf(v, cov=cov, abseps=1e-12, maxpts=40000, rng=3)
    np.testing.assert_allclose(ad.grad(f)(x), _fd_grad(f, x, eps=1e-3), rtol=1e-4, atol=5e-6)
    fc = lambda c: mvn.cdf(x, cov=c, abseps=1e-12, maxpts=40000, rng=3)
    np.testing.assert_allclose(ad.grad(fc)(cov), _fd_sym_grad(fc, cov, eps=1e-3), rtol=1e-4,
                               atol=5e-6)


def test_an_infinite_upper_limit_contributes_nothing():
    f = lambda v: mvn.cdf(v, cov=S3, rng=0, abseps=1e-10)
    x = np.array([np.inf, 0.3, -0.2])
    g = ad.grad(f)(x)
    assert g[0] == 0 and np.all(np.isfinite(g))
    # the marginal of the other two is exact in two dimensions
    g2 = ad.grad(lambda v: mvn.cdf(v, cov=S3[1:, 1:]))(x[1:])
    np.testing.assert_allclose(g[1:], g2, rtol=1e-12)
    h = ad.hessian(f)(x)
    assert np.all(np.isfinite(h)) and np.all(h[0] == 0)


def test_logcdf_gradient_is_the_cdf_gradient_over_the_cdf():
    x = np.array([0.4, -0.3])
    g = ad.grad(lambda v: mvn.logcdf(v, cov=S2))(x)
    np.testing.assert_allclose(g, ad.grad(lambda v: mvn.cdf(v, cov=S2))(x) / mvn.cdf(x, cov=S2),
                               rtol=1e-13)


def test_tensor_backward():
    x = ad.tensor(np.array([0.4, -0.3]), requires_grad=True)
    c = ad.tensor(S2, requires_grad=True)
    mvn.cdf(x, cov=c).backward()
    np.testing.assert_allclose(x.grad.numpy(), ad.grad(lambda v: mvn.cdf(v, cov=S2))(
        np.array([0.4, -0.3])), rtol=1e-14)
    np.testing.assert_allclose(c.grad.numpy(), c.grad.numpy().T)


def test_docstring_examples_run():
    assert doctest.testmod(mvn).failed == 0


def test_the_batch_rule_broadcasts_batched_and_plain_arguments():
    covs = np.stack([S2, np.array([[1.0, -0.2], [-0.2, 2.0]])])
    lo = np.array([[-1.0, -2.0], [-0.5, 0.1], [0.2, -1.0]])
    hi = lo + 1.5
    for batched in ([False, False, True], [True, False, True], [False, True, False]):
        stacked = [np.stack([lo, lo * 0.9]), np.stack([hi, hi * 1.1]), covs]
        trace = BatchTrace(2)
        args = [batch(trace, s) if b else s[0] for s, b in zip(stacked, batched)]
        got = np.asarray(unbatch(normal_box(*args), trace))
        want = np.stack([normal_box(*[s[i] if b else s[0] for s, b in zip(stacked, batched)])
                         for i in range(2)])
        assert got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-15, atol=0)
