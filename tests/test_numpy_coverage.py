"""The rest of numpy (issue 11): numpy's own functions called on tensors give numpy's values and
are differentiated; complex inputs follow JAX's and autograd's convention; arrays built from
traced values keep their derivatives; what cannot work raises a TypeError that says what to do.

The op table (``op_table.py``) checks every rule against finite differences to second order;
here: dispatch (``np.f(tensor) == np.f(array)``), complex directions, building arrays, and HIPS
autograd's gradients where it has the function.
"""
import numpy as np
import pytest

import autodiff as ad

rng = np.random.default_rng(11)
X = rng.uniform(-1, 1, (3, 4))
V = rng.uniform(-1, 1, 4)
A = rng.uniform(-1, 1, (3, 3)) + np.diag([1.0, 4.0, 7.0])
ROT = np.array([[1.0, 2.0, 0.0], [-2.0, 1.0, 0.0], [0.0, 0.0, 3.0]]) + 0.2 * rng.uniform(
    -1, 1, (3, 3))
Z = rng.normal(size=(2, 3)) + 1j * rng.normal(size=(2, 3))
ZM = rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3)) + np.diag([0, 3.0, 6.0])
SEL = [X > 0.3, X < -0.3]

# name, function (numpy on arrays, dispatched on tensors), arguments
DISPATCH = [
    ("real", np.real, (Z,)), ("imag", np.imag, (Z,)), ("conj", np.conj, (Z,)),
    ("conjugate", np.conjugate, (Z,)), ("angle", np.angle, (Z,)),
    ("angle deg", lambda z: np.angle(z, deg=True), (Z,)),
    ("real_if_close", np.real_if_close, (X + 1e-20j,)),
    ("real_if_close keeps", np.real_if_close, (Z,)),
    ("deg2rad", np.deg2rad, (X,)), ("rad2deg", np.rad2deg, (X,)), ("degrees", np.degrees, (X,)),
    ("radians", np.radians, (X,)), ("exp2", np.exp2, (X,)), ("exp2 complex", np.exp2, (Z,)),
    ("logaddexp2", np.logaddexp2, (X, V)), ("fabs", np.fabs, (X,)), ("fmax", np.fmax, (X, V)),
    ("fmin", np.fmin, (X, V)), ("positive", np.positive, (X,)),
    ("float_power", np.float_power, (np.abs(X) + 0.5, V)), ("fmod", np.fmod, (X, V)),
    ("copysign", np.copysign, (X, V)),
    ("nan_to_num", np.nan_to_num, (np.array([1.0, np.nan, np.inf, -np.inf]),)),
    ("nan_to_num complex", np.nan_to_num, (np.array([1 + np.nan * 1j, np.inf + 2j]),)),
    ("flipud", np.flipud, (X,)), ("fliplr", np.fliplr, (X,)), ("rot90", np.rot90, (X,)),
    ("rot90 k=3", lambda x: np.rot90(x, 3), (X,)),
    ("rollaxis", lambda x: np.rollaxis(x, 1), (X[None],)),
    ("hsplit", lambda x: np.hsplit(x, 2), (X,)), ("vsplit", lambda x: np.vsplit(x, [1]), (X,)),
    ("dsplit", lambda x: np.dsplit(x, 2), (X.reshape(3, 1, 4),)),
    ("partition", lambda x: np.partition(x, 2), (X,)),
    ("partition axis None", lambda x: np.partition(x, 5, axis=None), (X,)),
    ("select", lambda x: np.select(SEL, [x, x * x], -1.0), (X,)),
    ("linspace", lambda a, b: np.linspace(a, b, 7), (np.array(V[0]), np.array(V[1]))),
    ("linspace retstep", lambda a, b: np.linspace(a, b, 7, retstep=True), (V[:2], V[2:])),
    ("gradient", np.gradient, (X,)),
    ("gradient spacing", lambda f: np.gradient(f, 0.3, 2.0, edge_order=2), (X,)),
    ("dot N-D", np.dot, (rng.normal(size=(2, 3, 4)), rng.normal(size=(5, 4, 2)))),
    ("einsum sublists", lambda a, b: np.einsum(a, [0, 1], b, [1, 2], [0, 2]), (X, X.T)),
    ("einsum sublists implicit", lambda a, b: np.einsum(a, [0, 1], b, [1, 2]), (X, X.T)),
    ("eig", np.linalg.eig, (ROT,)), ("eigvals", np.linalg.eigvals, (A,)),
    ("eigvals complex input", np.linalg.eigvals, (ZM,)),
    ("pinv", np.linalg.pinv, (X,)), ("pinv complex", np.linalg.pinv, (Z,)),
    ("lstsq", lambda a, b: np.linalg.lstsq(a, b), (X.T, V)),
    ("matrix_power", lambda a: np.linalg.matrix_power(a, 3), (A,)),
    ("matrix_power 0", lambda a: np.linalg.matrix_power(a, 0), (A,)),
    ("append a list", lambda x: np.append(x, [x[0, 0], 1.0]), (X,)),
    ("array like", lambda x: np.array([x[0], x[1] * 2], like=x), (X,)),
    ("asarray like", lambda x: np.asarray([[x[0, 0], 1.0]], like=x), (X,)),
    ("dstack", lambda a, b: np.dstack([a, b]), (X, X * 2)),
    ("block", lambda a, b: np.block([[a, b], [b, a]]), (X, X * 2)),
    ("concatenate a list inside", lambda x: np.concatenate([x[0], [x[1, 1], 2.0]]), (X,)),
    ("sinc", np.sinc, (X,)),
    ("fft", np.fft.fft, (Z,)), ("fft of reals", lambda x: np.fft.fft(x, 6), (X,)),
    ("ifft", lambda z: np.fft.ifft(z, axis=0, norm="ortho"), (Z,)),
    ("fft2", np.fft.fft2, (Z,)), ("ifft2", lambda z: np.fft.ifft2(z, s=(3, 2)), (Z,)),
    ("fftn", lambda z: np.fft.fftn(z, norm="forward"), (Z,)), ("ifftn", np.fft.ifftn, (Z,)),
    ("rfft", np.fft.rfft, (X,)), ("rfft2", lambda x: np.fft.rfft2(x, s=(3, 5)), (X,)),
    ("rfftn", lambda x: np.fft.rfftn(x, norm="ortho"), (X,)),
    ("irfft", np.fft.irfft, (Z,)), ("irfft2", lambda z: np.fft.irfft2(z, s=(2, 5)), (Z,)),
    ("irfftn", lambda z: np.fft.irfftn(z, axes=(0, 1), norm="forward"), (Z,)),
    ("fftshift", np.fft.fftshift, (Z,)), ("ifftshift", np.fft.ifftshift, (X,)),
    ("cov", np.cov, (X,)), ("cov complex", np.cov, (Z,)), ("corrcoef", np.corrcoef, (X,)),
    ("median", lambda x: np.median(x, axis=0), (X,)), ("median all", np.median, (X,)),
    ("quantile", lambda x: np.quantile(x, [0.25, 0.6], axis=1, keepdims=True), (X,)),
    ("percentile", lambda x: np.percentile(x, 70), (X,)), ("ptp", np.ptp, (X,)),
    ("nansum", np.nansum, (np.where(X > 0.5, np.nan, X),)),
    ("nanmean", lambda x: np.nanmean(x, axis=1), (np.where(X > 0.5, np.nan, X),)),
    ("nanmax", np.nanmax, (np.where(X > 0.5, np.nan, X),)),
    ("nanmin", np.nanmin, (np.where(X > 0.5, np.nan, X),)),
    ("interp", lambda x, fp: np.interp(x, np.linspace(-1, 1, 4), fp), (X, V)),
    ("polyval", np.polyval, (V, X)), ("convolve", np.convolve, (V, X[0])),
    ("correlate", lambda a, v: np.correlate(a, v, "full"), (V, X[0, :2])),
    ("meshgrid", np.meshgrid, (V, X[0])),
    ("multi_dot", lambda a, b: np.linalg.multi_dot([a, b, a]), (X, X.T)),
] + ([("trapezoid", lambda y, x: np.trapezoid(y, x), (X, np.cumsum(np.abs(V)))),
      ("cumulative_sum", lambda x: np.cumulative_sum(x, axis=0), (X,)),
      ("vecdot", np.vecdot, (Z, Z.real * 2)), ("matvec", np.matvec, (X, V))]
     if hasattr(np, "vecdot") else []) \
  + [(f"norm ord={o}", (lambda o: lambda x: np.linalg.norm(x, o))(o), (V,))
     for o in (None, 0, 1, -1, 2, -2, 3, 0.5, np.inf, -np.inf)] \
  + [(f"matrix norm ord={o}", (lambda o: lambda x: np.linalg.norm(x, o))(o), (X,))
     for o in (None, "fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf)]


def _flat(out):
    return list(out) if isinstance(out, (tuple, list)) else [out]


@pytest.mark.parametrize("name, f, args", DISPATCH, ids=[d[0] for d in DISPATCH])
def test_numpy_on_tensors_gives_numpys_values(name, f, args):
    expected = _flat(f(*args))
    got = _flat(f(*[ad.tensor(a) for a in args]))
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        if isinstance(e, (int, np.integer)):     # lstsq's rank
            assert g == e
            continue
        assert isinstance(g, ad.Tensor), f"{name} returned {type(g).__name__}, not a tensor"
        g = np.asarray(g)
        assert g.shape == np.shape(e) and g.dtype == np.asarray(e).dtype
        np.testing.assert_allclose(g, e, rtol=1e-12, atol=1e-13)


REAL_GRADS = [d for d in DISPATCH if all(np.isrealobj(a) and np.all(np.isfinite(a))
                                         for a in d[2]) and "eig" not in d[0]
              and "ord=0" not in d[0]]


def _scalarize(f):
    """A real scalar of all of f's outputs, for gradients."""
    def s(*args):
        total = 0.0
        for k, o in enumerate(_flat(f(*args))):
            if isinstance(o, (int, np.integer)):
                continue
            total = total + np.sum(np.real(np.sin(o * (k + 1.0))))
        return total
    return s


def _fd_grad(f, args, eps=1e-6):
    grads = []
    for i, a in enumerate(args):
        a = np.asarray(a, dtype=float)
        g = np.zeros(a.shape)
        for idx in np.ndindex(a.shape):
            e = np.zeros(a.shape)
            e[idx] = eps
            hi = list(args)
            lo = list(args)
            hi[i], lo[i] = a + e, a - e
            g[idx] = (f(*hi) - f(*lo)) / (2 * eps)
        grads.append(g)
    return grads


@pytest.mark.parametrize("name, f, args", REAL_GRADS, ids=[d[0] for d in REAL_GRADS])
def test_numpy_on_tensors_is_differentiated(name, f, args):
    s = _scalarize(f)
    nums = tuple(range(len(args)))
    fd = _fd_grad(s, args)
    rev = ad.grad(s, argnums=nums)(*args)
    fwd = ad.jacfwd(s, argnums=nums)(*args)
    for r, fw, e in zip(rev, fwd, fd):
        np.testing.assert_allclose(r, e, rtol=1e-6, atol=1e-7)
        np.testing.assert_allclose(fw, e, rtol=1e-6, atol=1e-7)


# -- complex inputs: JAX's and autograd's convention ----------------------------------------------
def _complex_direction(shape, seed):
    r = np.random.default_rng(seed)
    return r.normal(size=shape) + 1j * r.normal(size=shape)


COMPLEX = [
    ("real", lambda z: np.real(z) * np.imag(z) + np.real(z), Z),
    ("imag", np.imag, Z),
    ("conj", lambda z: np.conj(z) * z ** 2, Z),
    ("angle", np.angle, Z),
    ("exp2", np.exp2, Z),
    ("nan_to_num", lambda z: np.nan_to_num(z) * z, Z),
    ("real_if_close", lambda z: np.real_if_close(z) ** 2, Z),
    ("eigvals", np.linalg.eigvals, ZM),
    ("eig vectors |v|^2", lambda a: (lambda v: np.real(v * np.conj(v)))(np.linalg.eig(a)[1]), ZM),
    ("eig reconstructs", lambda a: (lambda w, v: (v * w) @ np.linalg.inv(v))(*np.linalg.eig(a)),
     ZM),
    ("pinv", np.linalg.pinv, Z),
    ("pinv wide", lambda z: np.linalg.pinv(z.T), Z),
    ("lstsq", lambda a: np.linalg.lstsq(a, np.arange(3.0))[0], Z.T),
    ("flipud of complex", lambda z: np.flipud(z) * z, Z),
    ("gradient of complex", lambda z: np.gradient(z, axis=1), Z),
    ("fft", lambda z: np.fft.fft(z, 5), Z),
    ("ifft2 ortho", lambda z: np.fft.ifft2(z, norm="ortho"), Z),
    ("irfft", lambda z: np.fft.irfft(z, 5), Z),
    ("irfftn", lambda z: np.fft.irfftn(z, norm="forward"), Z),
    ("rfft of real part", lambda z: np.fft.rfft(np.real(z) * np.imag(z)), Z),
    ("fftshift", np.fft.fftshift, Z),
]


@pytest.mark.parametrize("name, f, z", COMPLEX, ids=[c[0] for c in COMPLEX])
def test_complex_inputs_forward_matches_finite_differences(name, f, z):
    """J u against finite differences, u complex: the real and the imaginary directions at once
    (J is only R-linear for real, imag, conj, angle, so a complex u checks both)."""
    for seed in (1, 2):
        u = _complex_direction(z.shape, seed)
        out, tangent = ad.jvp(f, (z,), (u,))
        eps = 1e-6
        fd = (np.asarray(f(z + eps * u)) - np.asarray(f(z - eps * u))) / (2 * eps)
        np.testing.assert_allclose(np.asarray(out), f(z), rtol=1e-12, atol=1e-13)
        np.testing.assert_allclose(np.asarray(tangent), fd, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("name, f, z", COMPLEX, ids=[c[0] for c in COMPLEX])
def test_complex_inputs_vjp_is_the_transpose(name, f, z):
    """API.md section 3: the VJP is the transpose (no conjugate): Re(sum(v * J u)) ==
    Re(sum(J^T v * u))."""
    u = _complex_direction(z.shape, 3)
    out, tangent = ad.jvp(f, (z,), (u,))
    v = _complex_direction(np.shape(out), 4)
    if np.isrealobj(np.asarray(out)):
        v = v.real
    (ct,) = ad.vjp(f, z)[1](v)
    lhs = np.real(np.sum(v * np.asarray(tangent)))
    rhs = np.real(np.sum(np.asarray(ct) * u))
    np.testing.assert_allclose(rhs, lhs, rtol=1e-9, atol=1e-10)


def test_grad_of_a_real_function_of_complex_z_is_df_dx_minus_i_df_dy():
    def f(z):
        return np.sum(np.real(z) ** 2 * np.imag(z) + np.angle(z))
    g = ad.grad(f)(Z)
    eps = 1e-6
    assert np.iscomplexobj(g)
    for idx in np.ndindex(Z.shape):
        e = np.zeros(Z.shape)
        e[idx] = eps
        dx = (f(Z + e) - f(Z - e)) / (2 * eps)
        dy = (f(Z + 1j * e) - f(Z - 1j * e)) / (2 * eps)
        np.testing.assert_allclose(g[idx], dx - 1j * dy, rtol=1e-6, atol=1e-8)


# -- building arrays from traced values -----------------------------------------------------------
def test_np_array_of_traced_scalars_with_like():
    def f(x):
        m = np.array([[x[0], 1.0], [x[1] * x[2], x[0] ** 2]], like=x)
        return np.linalg.det(m)
    x = np.array([0.3, -1.2, 0.7])
    expected = np.array([3 * x[0] ** 2, -x[2], -x[1]])      # det = x0^3 - x1 x2
    np.testing.assert_allclose(ad.grad(f)(x), expected)
    np.testing.assert_allclose(ad.jacfwd(f)(x), expected)


def test_ad_array_follows_numpys_shape_and_dtype():
    x = ad.tensor(np.float32(1.5), requires_grad=True)
    m = ad.array([[x, 2.0], [3.0, x * x]])
    assert m.shape == (2, 2) and m.dtype == np.array([[np.float32(1.5), 2.0]]).dtype
    m.sum().backward()
    assert float(x.grad) == pytest.approx(1 + 2 * 1.5)
    assert ad.array([1.0, 2.0]).dtype == np.float64          # numpy's default, not float32
    assert ad.array([[1, 2]], dtype=np.float32).dtype == np.float32
    assert ad.array([x], ndmin=3).shape == (1, 1, 1)
    with pytest.raises(ValueError):
        ad.array([x, [x, x]])                                # ragged, as numpy refuses


def test_ad_array_of_vectors_stacks():
    def f(x):
        return np.sum(ad.array([x, 2 * x, [0.0, 1.0]]) ** 2)
    x = np.array([0.5, -1.0])
    np.testing.assert_allclose(ad.grad(f)(x), 2 * x + 8 * x)


def test_r_and_c_match_numpy_and_differentiate():
    x, y = np.array([0.5, -1.0]), np.array([2.0, 3.0])
    np.testing.assert_array_equal(np.asarray(ad.r_[x, 0.0, y]), np.r_[x, 0.0, y])
    np.testing.assert_array_equal(np.asarray(ad.c_[x, y]), np.c_[x, y])
    np.testing.assert_array_equal(np.asarray(ad.r_["0,2", x, y]), np.r_["0,2", x, y])
    np.testing.assert_array_equal(np.asarray(ad.r_[x, 0:3]), np.r_[x, 0:3])
    np.testing.assert_array_equal(np.asarray(ad.c_[np.ones((2, 2)), x]),
                                  np.c_[np.ones((2, 2)), x])
    g = ad.grad(lambda x: np.sum(ad.r_[x, x[0] * x] ** 2))(x)
    # sum(x^2) (1 + x0^2)
    np.testing.assert_allclose(g, 2 * x * (1 + x[0] ** 2) + np.array([2 * x[0] * (x ** 2).sum(),
                                                                       0]))
    g = ad.grad(lambda x: np.sum(ad.c_[x, 2 * x] ** 2))(x)
    np.testing.assert_allclose(g, 10 * x)


def test_numpy_functions_of_lists_of_tensors_that_dispatch():
    # a tensor among the arguments routes the call, and a list argument holding tensors is
    # the array it means
    x = np.array([0.5, -1.0])
    g = ad.grad(lambda x: np.sum(np.append(x, [x[0] * x[1], 2.0]) ** 2))(x)
    np.testing.assert_allclose(g, 2 * x + 2 * x[0] * x[1] * x[::-1])
    g = ad.grad(lambda x: np.mean(np.stack([x[0], x[1] ** 2])))(x)
    np.testing.assert_allclose(g, [0.5, x[1]])


@pytest.mark.parametrize("f", [
    lambda x: np.sum(np.array([x[0], x[1]])),
    lambda x: np.mean([x[0], x[1]]),
    lambda x: np.std([x[0], x[1]]),
    lambda x: np.linalg.norm([x[0], x[1]]),
    lambda x: np.sum(np.r_[x, x]),
], ids=["np.array", "np.mean", "np.std", "np.linalg.norm", "np.r_"])
def test_building_with_plain_numpy_refuses_rather_than_dropping_the_derivative(f):
    # numpy never asks a list's elements how to build the array: it converts each one, which a
    # traced tensor refuses. The error must be a TypeError, never a silently zero gradient.
    with pytest.raises(TypeError, match="traced"):
        ad.grad(f)(np.array([0.5, -1.0]))


def test_np_int64_of_an_index_tensor():
    x = np.array([0.3, 0.7, 2.0])
    # an index computed from the values (argmax) carries no derivative: numpy's scalar types
    # accept it
    g = ad.grad(lambda x: x[np.int64(np.argmax(x))] * 2)(x)
    np.testing.assert_allclose(g, [0, 0, 2])
    # int() of a traced value is the index it means
    g = ad.grad(lambda x: x[int(x[2])] * 3)(x)
    np.testing.assert_allclose(g, [0, 0, 3])


def test_linspace_with_traced_endpoints():
    def f(a, b):
        return np.sum(np.linspace(a, b, 5) ** 2)
    t = np.linspace(0, 1, 5)
    a, b = 0.3, 1.7
    da = np.sum(2 * np.linspace(a, b, 5) * (1 - t))
    db = np.sum(2 * np.linspace(a, b, 5) * t)
    np.testing.assert_allclose(ad.grad(f, argnums=(0, 1))(a, b), (da, db))


# -- no rule: the TypeError names the function and shows how to register one ----------------------
@pytest.mark.parametrize("call, name", [
    (lambda t: np.fft.hfft(t), "hfft"),
    (lambda t: np.polyfit(np.arange(2.0), t[0], 1), "polyfit"),
    (lambda t: np.histogram(t), "histogram"),
    (lambda t: np.frexp(t), "frexp"),
])
def test_a_numpy_function_without_a_rule_says_how_to_register_one(call, name):
    t = ad.tensor([0.5, 1.5], requires_grad=True)
    with pytest.raises(TypeError, match=rf"no differentiation rule for numpy.*{name}") as info:
        call(t)
    assert "@ad.primitive" in str(info.value) and f"def my_{name}" in str(info.value)


# -- against HIPS autograd, where it has the function ---------------------------------------------
# (autograd has no gradient for the vector norms of negative order nor for the matrix norms of order
# +-2 and -inf; the op table checks ours against finite differences and PyTorch.)
AUTOGRAD = [
    ("real", lambda np_, z: np_.real(z) ** 2 + np_.imag(z), Z),
    ("conj", lambda np_, z: np_.real(np_.conj(z) * z ** 2), Z),
    ("angle", lambda np_, z: np_.angle(z), Z),
    ("deg2rad", lambda np_, x: np_.sin(np_.deg2rad(x * 90)) + np_.rad2deg(x), X),
    ("exp2", lambda np_, x: np_.exp2(x), X),
    ("logaddexp2", lambda np_, x: np_.logaddexp2(x, x[0]), X),
    ("fabs", lambda np_, x: np_.fabs(x) * x, X),
    ("fmax fmin", lambda np_, x: np_.fmax(x, 0.1) * np_.fmin(x, -0.2), X),
    ("flipud fliplr", lambda np_, x: np_.flipud(x) * np_.fliplr(x), X),
    ("rot90", lambda np_, x: np_.rot90(x, 1) ** 2, X),
    ("rollaxis", lambda np_, x: np_.rollaxis(x[None] ** 3, 2), X),
    ("hsplit", lambda np_, x: np_.hsplit(x, 2)[0] * np_.hsplit(x, 2)[1], X),
    ("select", lambda np_, x: np_.select(SEL, [x, x * x], 0.5), X),
    ("linspace", lambda np_, x: np_.linspace(x[0, 0], x[1, 1], 5) ** 2, X),
    ("dot N-D", lambda np_, x: np_.dot(x[None, :, :] * x[0, 0], np_.ones((2, 4, 3)) * x[1, 1]),
     X),
    ("einsum sublists", lambda np_, x: np_.einsum(x, [0, 1], x, [2, 1], [0, 2]), X),
    ("pinv", lambda np_, x: np_.linalg.pinv(x), X),
    ("eig", lambda np_, a: np_.real(np_.linalg.eig(a)[0]) ** 2, ROT),
    ("eigvals real", lambda np_, a: np_.linalg.eig(a)[0] ** 3, A),
    ("norm ord=3", lambda np_, x: np_.linalg.norm(x[0], 3), X),
    ("matrix norm ord=nuc", lambda np_, x: np_.linalg.norm(x, "nuc"), X),
    ("array of traced", lambda np_, x: np_.array([x[0, 0] * x[1, 1], x[2, 2], 1.0]) ** 2, X),
    ("sinc", lambda np_, x: np_.sinc(x * 2), X),
    ("fft", lambda np_, z: np_.real(np_.fft.fft(z)) * np_.imag(np_.fft.fft(z, axis=0)), Z),
    ("ifft2", lambda np_, z: np_.real(np_.fft.ifft2(z) * z), Z),
    ("rfft", lambda np_, x: np_.imag(np_.fft.rfft(x)) ** 2, X),
    ("irfft", lambda np_, z: np_.fft.irfft(z), Z),
    ("irfftn", lambda np_, z: np_.fft.irfftn(z * z), Z),
    ("fftshift", lambda np_, x: np_.fft.fftshift(x) * x, X),
]


@pytest.mark.parametrize("name, f, x", AUTOGRAD, ids=[a[0] for a in AUTOGRAD])
def test_against_hips_autograd(name, f, x):
    autograd = pytest.importorskip("autograd")
    anp = pytest.importorskip("autograd.numpy")

    def ours(x):
        # autograd builds arrays with its own np.array; ours with ad.array
        np_ = _OursNumpy()
        return np.sum(np.real(np.sin(f(np_, x))))

    expected = autograd.grad(lambda x: anp.sum(anp.real(anp.sin(f(anp, x)))))(x)
    np.testing.assert_allclose(ad.grad(ours)(x), expected, rtol=1e-9, atol=1e-12)


class _OursNumpy:
    """numpy itself, except ``array``, which plain numpy cannot build from traced values."""

    def __getattr__(self, name):
        return ad.array if name == "array" else getattr(np, name)


def test_the_generated_coverage_lists_the_numpy_functions_issue_11_asked_for():
    from autodiff.numpy_api import coverage
    table = coverage()
    asked = ["real", "imag", "conjugate", "angle", "real_if_close", "deg2rad", "rad2deg",
             "degrees", "radians", "exp2", "logaddexp2", "fabs", "fmax", "fmin", "nan_to_num",
             "flipud", "fliplr", "rot90", "rollaxis", "hsplit", "vsplit", "dsplit", "partition",
             "select", "linspace", "gradient", "dot", "einsum", "array", "asarray", "append",
             "linalg.eig", "linalg.eigvals", "linalg.pinv", "linalg.lstsq", "linalg.norm",
             "linalg.matrix_power", "fft.fft", "fft.irfftn", "sinc", "block", "dstack", "cov",
             "corrcoef", "median", "quantile", "percentile", "trapezoid", "interp", "polyval",
             "convolve", "correlate", "meshgrid", "nanmean", "linalg.multi_dot"]
    asked += ["trapezoid"] if hasattr(np, "trapezoid") else []
    missing = [n for n in asked if table.get(f"numpy.{n}") != "differentiated"]
    assert not missing
    assert table["numpy.argmax"] == "values only"
    assert table["scipy.special.erf"] == "differentiated"
