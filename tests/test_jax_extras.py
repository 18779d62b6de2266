"""Functions JAX differentiates beyond HIPS autograd (``jax.numpy``, ``jax.scipy``), as
composites or new primitives: numpy's own function called on tensors (or
``autodiff.scipy.*``) gives numpy's/scipy's value, and ``ad.gradcheck`` agrees forward, reverse
and finite differences to second order. (New primitives also have op-table rows.)
"""
import numpy as np
import pytest
import scipy.integrate as si
import scipy.linalg as sl
import scipy.signal as ss
import scipy.special as sps
import scipy.stats as sst

import autodiff as ad
import autodiff.scipy.integrate as I
import autodiff.scipy.linalg as L
import autodiff.scipy.signal as G
import autodiff.scipy.special as S
import autodiff.scipy.stats as AS

rng = np.random.default_rng(3)
X = rng.uniform(0.2, 0.9, (3, 4))
M = X[:, :3] + 2 * np.eye(3)
MASK = np.zeros((3, 4), bool)
MASK[0, 1] = MASK[2, 3] = True


def nan(x):
    """``x`` with NaN at the fixed mask (gradcheck's inputs stay finite)."""
    return np.where(MASK, np.nan, x)


Y = np.array([0.5, 0.9, 3.0, 1.1])
CASES = {
    "i0": (lambda x: np.i0(x), X),
    "nanprod": (lambda x: np.nanprod(nan(x), axis=1), X),
    "nanvar": (lambda x: np.nanvar(nan(x), axis=0, ddof=1), X),
    "nanvar all": (lambda x: np.nanvar(nan(x)), X),
    "nanstd": (lambda x: np.nanstd(nan(x), axis=1, keepdims=True), X),
    "nancumsum": (lambda x: np.nancumsum(nan(x), axis=1), X),
    "nancumprod": (lambda x: np.nancumprod(nan(x)), X),
    "ediff1d": (lambda x: np.ediff1d(x, to_end=[1.0, 2.0], to_begin=-1.0), X),
    "polyadd": (lambda x: np.polyadd(x[0], x[1, :2]), X),
    "polysub": (lambda x: np.polysub(x[0, :2], x[1]), X),
    "polymul": (lambda x: np.polymul(x[0], x[1, :2]), X),
    "polyder": (lambda x: np.polyder(x[0], 2), X),
    "polyint": (lambda x: np.polyint(x[0], 2, k=[1.0, 2.0]), X),
    "polyint default": (lambda x: np.polyint(x[0]), X),
    "vander": (lambda x: np.vander(x[0]), X),
    "vander increasing N": (lambda x: np.vander(x[0], 3, increasing=True), X),
    "diagflat": (lambda x: np.diagflat(x[:2, :2], 1), X),
    "logspace": (lambda x: np.logspace(x[0, 0], x[0, 1], 4), X),
    "logspace base": (lambda x: np.logspace(x[0, 0], x[0, 1], 4, base=2.0, endpoint=False), X),
    "geomspace": (lambda x: np.geomspace(x[0, 0], x[0, 1] + 1, 5), X),
    "heaviside": (lambda x: np.heaviside(x - 0.5, 0.5) * x, X),
    "heaviside at 0": (lambda x: np.heaviside(np.array([0.0, 1.0, -1.0]), x[0, :3]), X),
    "ldexp": (lambda x: np.ldexp(x, 3), X),
    "unwrap": (lambda x: np.unwrap(x * 10, axis=1), X),
    "delete": (lambda x: np.delete(x, 1, axis=0), X),
    "delete list": (lambda x: np.delete(x, [0, 2]), X),
    "delete slice": (lambda x: np.delete(x, slice(0, 2), axis=1), X),
    "compress": (lambda x: np.compress([True, False, True], x, axis=0), X),
    "compress flat": (lambda x: np.compress([True, False, True], x), X),
    "extract": (lambda x: np.extract(X > 0.5, x), X),
    "fix": (lambda x: np.fix(x * 3) * x, X),
    "cond": (lambda x: np.linalg.cond(x), M),
    "cond fro": (lambda x: np.linalg.cond(x, "fro"), M),
    "cond 1": (lambda x: np.linalg.cond(x, 1), M),
    "cond -2": (lambda x: np.linalg.cond(x, -2), M),
    "tensorsolve": (lambda x: np.linalg.tensorsolve(np.reshape(np.kron(x, x), (3, 3, 3, 3)),
                                                    np.ones((3, 3))), M),
    "tensorinv": (lambda x: np.linalg.tensorinv(np.reshape(np.kron(x, x), (3, 3, 3, 3))), M),
    "vector_norm": (lambda x: np.linalg.vector_norm(x), X),
    "vector_norm axes": (lambda x: np.linalg.vector_norm(x, axis=(0, 1), ord=3, keepdims=True),
                         X),
    "vector_norm axis": (lambda x: np.linalg.vector_norm(x, axis=1, ord=1), X),
    "vector_norm keepdims": (lambda x: np.linalg.vector_norm(x, keepdims=True), X),
    "linalg.cross": (lambda x: np.linalg.cross(x[:, :3], x[:, 1:]), X),
    "linalg.trace": (lambda x: np.linalg.trace(np.stack([x[:, :3], x[:, 1:]]), offset=1), X),
    "linalg.diagonal": (lambda x: np.linalg.diagonal(x), X),
    "diff prepend append": (lambda x: np.diff(x, prepend=0.5, append=x[:, :1], axis=1), X),
    "diff n=2 prepend": (lambda x: np.diff(x, 2, axis=0, prepend=x[:1]), X),
    "special.exp1": (sps.exp1, X),
    "special.expi": (sps.expi, X),
    "special.erfcx": (sps.erfcx, X),
    "special.dawsn": (sps.dawsn, X),
    "special.spence": (sps.spence, X),
    "special.k0": (sps.k0, X),
    "special.k1e": (sps.k1e, X),
    "special.kve": (lambda x: sps.kve(1.3, x), X),
    "special.zeta": (lambda q: sps.zeta(3.0, q), X),
}
W6 = rng.uniform(0.5, 2.0, 4)
CASES.update({
    "cov aweights": (lambda x: np.cov(x, aweights=W6), X),
    "cov fweights aweights": (lambda x: np.cov(x, fweights=[1, 2, 1, 3], aweights=W6), X),
    "cov aweights ddof=0": (lambda x: np.cov(x, aweights=W6, ddof=0), X),
    "bincount weights": (lambda x: np.bincount(np.array([0, 1, 1, 3]), weights=x[0],
                                               minlength=6), X),
    "piecewise": (lambda x: np.piecewise(x, [x < 0.5, x > 0.8],
                                         [lambda t: t ** 2, lambda t: np.sin(t), 0.3]), X),
    "piecewise one condition": (lambda x: np.piecewise(x, x < 0.5, [lambda t: -t, np.exp]),
                                X[0]),
    "apply_along_axis": (lambda x: np.apply_along_axis(lambda v: np.sum(v ** 2), 1, x), X),
    "apply_along_axis matrix result": (lambda x: np.apply_along_axis(
        lambda v: np.outer(v, v), 0, x), X),
    "apply_over_axes": (lambda x: np.apply_over_axes(np.sum, x, [0, 1]), X),
})


def test_cov_weights_differentiate_in_aweights():
    assert ad.gradcheck(lambda w: np.cov(X, aweights=w, fweights=[1, 2, 1, 3]), W6, order=2)
    with pytest.raises(TypeError, match="integer"):
        np.cov(ad.tensor(X), fweights=[1.5, 1, 1, 1])


if hasattr(np, "matrix_transpose"):
    CASES["matrix_transpose"] = (lambda x: np.matrix_transpose(x), X)

SCIPY = {  # autodiff.scipy.special's composites, against scipy's own
    "zeta q": (lambda q: S.zeta(3.0, q), lambda q: sps.zeta(3.0, q), X),
    "log_expit": (S.log_expit, sps.log_expit, X * 40 - 20),
    "factorial": (S.factorial, sps.factorial, X * 4),
    "poch": (lambda z: S.poch(z, 1.7), lambda z: sps.poch(z, 1.7), X),
    "loggamma": (S.loggamma, sps.loggamma, X),
    "kl_div": (lambda x: S.kl_div(x, Y), lambda x: sps.kl_div(x, Y), X),
    "rel_entr": (lambda y: S.rel_entr(X, y), lambda y: sps.rel_entr(X, y), Y + 0 * X),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_numpy_value_and_derivatives(name):
    f, x = CASES[name]
    np.testing.assert_allclose(np.asarray(f(ad.tensor(x)).detach().numpy()), f(x),
                               rtol=1e-12, atol=1e-12)
    assert ad.gradcheck(f, x, order=2)


@pytest.mark.parametrize("name", sorted(SCIPY))
def test_scipy_value_and_derivatives(name):
    f, ref, x = SCIPY[name]
    np.testing.assert_allclose(np.asarray(f(x)), ref(x), rtol=1e-12)
    assert ad.gradcheck(f, x, order=2)


def test_domain_edges_and_refusals():
    x, y = np.array([0.0, 1.0, -1.0]), np.array([1.0, 0.0, 1.0])
    np.testing.assert_array_equal(np.asarray(S.kl_div(x, y)), sps.kl_div(x, y))
    np.testing.assert_array_equal(np.asarray(S.rel_entr(x, y)), sps.rel_entr(x, y))
    # d kl_div(0, y) / dy = 1
    np.testing.assert_allclose(ad.grad(lambda y: np.sum(S.kl_div(np.array([0.0, 1.0]), y)))(
        np.array([1.0, 2.0])), [1.0, 0.5])
    with pytest.raises(ad.MissingRuleError, match="'x'"):
        ad.grad(lambda s: S.zeta(s, 2.0))(3.0)
    with pytest.raises((TypeError, ValueError), match="exact"):
        S.factorial(ad.tensor([3.0]), exact=True)
    with pytest.raises(TypeError, match="integer"):
        np.ldexp(ad.tensor([1.0]), 0.5)
    with pytest.raises(TypeError, match="signs"):
        np.geomspace(ad.tensor(-1.0), 3.0, 4)


# == scipy.linalg, scipy.signal, scipy.integrate ================================================
A = rng.normal(size=(4, 3))
SQ = rng.normal(size=(3, 3)) + 3 * np.eye(3)
C, R = rng.normal(size=4), rng.normal(size=3)
YS, XS = rng.normal(size=(3, 5)), np.sort(rng.uniform(0, 3, 5))
Y6, X6 = rng.normal(size=6), np.sort(rng.uniform(0, 3, 6))
K = rng.normal(size=(2, 2))
SCIPY_MORE = {
    "linalg.block_diag": (lambda a, b: L.block_diag(a, b, 1.0),
                          lambda a, b: sl.block_diag(a, b, 1.0), (A, C)),
    "linalg.toeplitz": (L.toeplitz, sl.toeplitz, (C, R)),
    "linalg.toeplitz c only": (L.toeplitz, sl.toeplitz, (C,)),
    "linalg.hankel": (L.hankel, sl.hankel, (C, R)),
    "linalg.hankel c only": (L.hankel, sl.hankel, (C,)),
    "linalg.circulant": (L.circulant, sl.circulant, (C,)),
    "linalg.qr economic": (lambda a: L.qr(a, mode="economic")[1],
                           lambda a: sl.qr(a, mode="economic")[1], (A,)),
    "linalg.qr r": (lambda a: L.qr(a, mode="r")[0], lambda a: sl.qr(a, mode="r")[0], (A,)),
    "linalg.qr full square": (lambda a: L.qr(a)[1], lambda a: sl.qr(a)[1], (SQ,)),
    "linalg.svd": (lambda a: L.svd(a, compute_uv=False), lambda a: sl.svd(a, compute_uv=False),
                   (A,)),
    "linalg.pinv": (L.pinv, sl.pinv, (A,)),
    "linalg.norm": (lambda a: L.norm(a, "nuc"), lambda a: sl.norm(a, "nuc"), (A,)),
    "linalg.lstsq": (lambda a, b: L.lstsq(a, b)[0], lambda a, b: sl.lstsq(a, b)[0], (A, C)),
    "linalg.eigvals": (lambda a: np.real(L.eigvals(a)), lambda a: np.real(sl.eigvals(a)),
                       (SQ,)),
    "linalg.polar": (lambda a: L.polar(a)[1], lambda a: sl.polar(a)[1], (A,)),
    "linalg.polar unitary": (lambda a: L.polar(a)[0], lambda a: sl.polar(a)[0], (A,)),
    "linalg.polar left": (lambda a: L.polar(a, "left")[1], lambda a: sl.polar(a, "left")[1],
                          (SQ,)),
    "signal.convolve2d same": (lambda a, k: G.convolve2d(a, k, "same"),
                               lambda a, k: ss.convolve2d(a, k, "same"), (X, K)),
    "signal.correlate2d same": (lambda a, k: G.correlate2d(a, k, "same"),
                                lambda a, k: ss.correlate2d(a, k, "same"), (X, K)),
    "signal.correlate2d valid": (lambda a, k: G.correlate2d(a, k, "valid"),
                                 lambda a, k: ss.correlate2d(a, k, "valid"), (X, K)),
    "signal.fftconvolve": (G.fftconvolve, ss.fftconvolve, (C, R)),
    "signal.oaconvolve same": (lambda a, b: G.oaconvolve(a, b, "same"),
                               lambda a, b: ss.oaconvolve(a, b, "same"), (C, R)),
    "integrate.trapezoid": (lambda y: I.trapezoid(y, x=XS), lambda y: si.trapezoid(y, x=XS),
                            (YS,)),
    "integrate.trapezoid in x": (lambda x: I.trapezoid(YS, x=x), lambda x: si.trapezoid(YS, x=x),
                                 (XS,)),
    "integrate.cumulative_trapezoid": (I.cumulative_trapezoid, si.cumulative_trapezoid, (YS,)),
    "integrate.cumulative_trapezoid x initial": (
        lambda y: I.cumulative_trapezoid(y, x=XS, initial=0),
        lambda y: si.cumulative_trapezoid(y, x=XS, initial=0), (YS,)),
    "integrate.cumulative_trapezoid in x": (lambda x: I.cumulative_trapezoid(YS, x=x),
                                            lambda x: si.cumulative_trapezoid(YS, x=x), (XS,)),
    "integrate.cumulative_trapezoid axis 0": (
        lambda y: I.cumulative_trapezoid(y, dx=0.3, axis=0),
        lambda y: si.cumulative_trapezoid(y, dx=0.3, axis=0), (YS,)),
    "integrate.simpson": (I.simpson, si.simpson, (YS,)),
    "integrate.simpson x": (lambda y: I.simpson(y, x=XS), lambda y: si.simpson(y, x=XS), (YS,)),
    "integrate.simpson even": (lambda y: I.simpson(y, x=X6), lambda y: si.simpson(y, x=X6),
                               (Y6,)),
    "integrate.simpson axis 0 dx": (lambda y: I.simpson(y, dx=0.2, axis=0),
                                    lambda y: si.simpson(y, dx=0.2, axis=0), (YS,)),
}


@pytest.mark.parametrize("name", sorted(SCIPY_MORE))
def test_scipy_linalg_signal_integrate(name):
    f, ref, args = SCIPY_MORE[name]
    np.testing.assert_allclose(np.asarray(f(*args)), ref(*args), rtol=1e-10, atol=1e-12)
    assert ad.gradcheck(f, *args, order=2)


@pytest.mark.parametrize("shape", [(2, 3), (3, 3), (2, 2), (3, 4), (5, 6), (1, 1)])
@pytest.mark.parametrize("mode", ["full", "valid", "same"])
def test_complex_correlation_conjugates_as_scipy(shape, mode):
    a = rng.normal(size=(4, 5)) + 1j * rng.normal(size=(4, 5))
    k = rng.normal(size=shape) + 1j * rng.normal(size=shape)
    if mode == "valid" and shape == (5, 6):
        return
    for ours, theirs in [(G.correlate, ss.correlate), (G.correlate2d, ss.correlate2d),
                         (G.convolve2d, ss.convolve2d)]:
        np.testing.assert_allclose(np.asarray(ours(a, k, mode)), theirs(a, k, mode),
                                   rtol=1e-12, atol=1e-12)


def test_scipy_refusals():
    with pytest.raises(ValueError, match="economic"):
        L.qr(ad.tensor(A), mode="full")
    with pytest.raises(TypeError, match="pivoting"):
        L.qr(A, pivoting=True)
    with pytest.raises(ValueError, match="full_matrices"):
        L.svd(ad.tensor(A))
    with pytest.raises(TypeError, match="boundary"):
        G.convolve2d(X, K, boundary="wrap")
    with pytest.raises(TypeError, match="constant"):
        I.simpson(ad.tensor(YS), x=ad.tensor(XS))
    with pytest.raises(ValueError, match="initial"):
        I.cumulative_trapezoid(YS, initial=1.0)


# == scipy.stats: the distributions jax.scipy.stats has beyond autograd's ======================
XR = rng.uniform(-2, 3, 7)
KS = np.array([0.0, 1.0, 2.0, 5.0, -1.0, 2.5])
# name, method, continuous args (differentiated), constant positional args before them
STATS = [
    ("gumbel_r", m, (XR, 0.3, 1.4), ()) for m in ("logpdf", "pdf", "cdf", "logcdf", "sf",
                                                   "logsf")] + [
    ("gumbel_l", m, (XR, 0.3, 1.4), ()) for m in ("logpdf", "pdf", "cdf", "logcdf", "sf",
                                                   "logsf")] + [
    ("pareto", m, (XR + 2.5, 2.2, 0.1, 1.3), ()) for m in ("logpdf", "pdf", "cdf", "logcdf",
                                                         "sf", "logsf")] + [
    ("rayleigh", m, (XR, -1.5, 1.2), ()) for m in ("logpdf", "pdf", "cdf", "logcdf", "sf",
                                                   "logsf")] + [
    ("truncnorm", m, (XR, -1.0, 2.0, 0.2, 1.1), ()) for m in ("logpdf", "pdf", "cdf", "logcdf",
                                                             "sf", "logsf")] + [
    ("truncnorm", "logpdf", (XR + 3, 2.0, 9.0, 0.2, 1.1), ()),
    ("gennorm", "logpdf", (XR + 0.05, 1.7, 0.3, 1.2), ()),
    ("gennorm", "pdf", (XR + 0.05, 2.5), ()),
    ("vonmises", "logpdf", (XR, 2.3, 0.4), ()),
    ("vonmises", "pdf", (XR, 30.0), ()),
    ("wrapcauchy", "logpdf", (XR + 2, 0.6), ()),
    ("wrapcauchy", "pdf", (XR + 2, 0.3), ()),
    ("geom", "logpmf", (0.3,), (KS,)), ("geom", "pmf", (0.3,), (KS,)),
    ("geom", "cdf", (0.3,), (KS,)), ("geom", "sf", (0.3,), (KS,)),
    ("geom", "logsf", (0.3,), (KS,)), ("geom", "logcdf", (0.3,), (KS[1:3],)),
    ("nbinom", "logpmf", (3.5, 0.4), (KS,)), ("nbinom", "pmf", (2.0, 0.7), (KS,)),
    ("betabinom", "logpmf", (1.5, 2.5), (KS, 5)), ("betabinom", "pmf", (1.5, 2.5), (KS, 5)),
]


def _differentiable_at(values):
    return tuple(np.asarray(v, dtype=float) for v in values)


@pytest.mark.parametrize("dist, method, args, consts", STATS,
                         ids=[f"{d}.{m}-{i}" for i, (d, m, _, _) in enumerate(STATS)])
def test_more_distributions(dist, method, args, consts):
    ours, theirs = getattr(getattr(AS, dist), method), getattr(getattr(sst, dist), method)
    args = _differentiable_at(args)
    np.testing.assert_allclose(np.asarray(ours(*consts, *args)), theirs(*consts, *args),
                               rtol=1e-10, atol=1e-300)
    finite = np.isfinite(theirs(*consts, *args))

    def f(*a):
        """The finite entries of the method's values."""
        return ours(*consts, *a)[finite]
    assert ad.gradcheck(f, *args, order=2)


def test_multinomial():
    x = np.array([[1.0, 2.0, 0.0], [0.0, 0.0, 3.0], [1.0, 1.0, 0.0]])
    p = np.array([0.2, 0.5, 0.3])
    np.testing.assert_allclose(np.asarray(AS.multinomial.logpmf(x, 3, p)),
                               sst.multinomial.logpmf(x, 3, p), rtol=1e-12)
    np.testing.assert_allclose(np.asarray(AS.multinomial.pmf(x[:2], 3, p)),
                               sst.multinomial.pmf(x[:2], 3, p), rtol=1e-12)
    assert ad.gradcheck(lambda q: AS.multinomial.logpmf(x[:2], 3, q), p, order=2)


QS = np.array([0.1, 0.35, 0.8, 0.97])
PPF = [("t", (3.5,), (0.2, 1.3)), ("gamma", (2.5,), (0.1, 1.7)), ("chi2", (3.0,), ()),
       ("beta", (2.0, 3.5), (0.1, 2.0))]


@pytest.mark.parametrize("method", ["ppf", "isf"])
@pytest.mark.parametrize("dist, shapes, locscale", PPF, ids=[p[0] for p in PPF])
def test_quantile_functions(dist, shapes, locscale, method):
    ours, theirs = getattr(getattr(AS, dist), method), getattr(getattr(sst, dist), method)
    np.testing.assert_allclose(np.asarray(ours(QS, *shapes, *locscale)),
                               theirs(QS, *shapes, *locscale), rtol=1e-10)
    assert ad.gradcheck(lambda q, *ls: ours(q, *shapes, *ls), QS,
                        *[np.array(v) for v in locscale], order=2)
    with pytest.raises(ad.MissingRuleError):
        ad.grad(lambda s: np.sum(ours(QS, s, *shapes[1:], *locscale)))(np.array(shapes[0]))
