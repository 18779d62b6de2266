"""The edge-case decisions of ``docs/edge_cases.rst``, one test per row, in both engines.

Expected values come from the documented decision (PyTorch's where one exists) and from numpy's
own values, never from our output.
"""
import warnings

import numpy as np
import pytest
import scipy.special as sp

import autodiff as ad
from op_table import CASES


def both(f, x):
    """Derivative of scalar-to-array ``f`` at ``x`` along ones: (reverse mode, forward mode)."""
    x = np.asarray(x, dtype=np.float64)
    rev = ad.grad(lambda z: ad.sum(f(z)))(x)
    fwd = np.asarray(ad.jvp(lambda z: ad.sum(f(z)), (x,), (np.ones_like(x),))[1])
    return rev, fwd


def assert_both(f, x, expected_grad):
    rev, fwd = both(f, x)
    np.testing.assert_array_equal(rev, expected_grad)
    np.testing.assert_array_equal(fwd, np.sum(expected_grad))


# -- kinks ---------------------------------------------------------------------------------
def test_abs_at_zero_is_zero():
    assert_both(np.abs, [0.0, -2.0, 3.0], np.array([0.0, -1.0, 1.0]))


def test_relu_at_zero_is_zero():
    assert_both(ad.relu, [0.0, -1.0, 2.0], np.array([0.0, 0.0, 1.0]))


def test_maximum_and_minimum_split_ties_evenly():
    assert_both(lambda x: np.maximum(x, 1.0), [1.0, 2.0, 0.0], np.array([0.5, 1.0, 0.0]))
    assert_both(lambda x: np.minimum(x, 1.0), [1.0, 2.0, 0.0], np.array([0.5, 0.0, 1.0]))


def test_clip_passes_the_gradient_at_its_bounds():
    assert_both(lambda x: np.clip(x, -1.0, 1.0), [-1.0, 1.0, 1.5, 0.0],
                np.array([1.0, 1.0, 0.0, 1.0]))


def test_max_and_min_split_ties_evenly():
    assert_both(np.max, [1.0, 3.0, 3.0], np.array([0.0, 0.5, 0.5]))
    assert_both(lambda x: np.min(x, axis=0), [[2.0, 1.0], [2.0, 0.0]],
                np.array([[0.5, 0.0], [0.5, 1.0]]))


def test_sort_ties_follow_the_stable_order():
    # sorted [1, 1, 2]: weight 1, 10, 100 on the positions; the first tied 1 (index 1) is first.
    w = np.array([1.0, 10.0, 100.0])
    x = np.array([2.0, 1.0, 1.0])
    np.testing.assert_array_equal(ad.grad(lambda z: ad.sum(np.sort(z) * w))(x),
                                  [100.0, 1.0, 10.0])


def test_norm_at_the_origin_is_zero():
    assert_both(lambda x: np.linalg.norm(x), [0.0, 0.0], np.zeros(2))


@pytest.mark.parametrize("p", [1, 3, 0.5, np.inf])
def test_p_norm_at_the_origin_is_zero(p):
    # the same decision for every p (PyTorch masks the zero norm for all of them); the general
    # formula sum(|x|^p)^(1/p) gave 0 * inf = nan there
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert_both(lambda x: ad.norm(x, p), [0.0, 0.0], np.zeros(2))
    # away from the origin: d|x|_3/dx_i = x_i |x_i| / |x|_3^2
    x = np.array([1.0, -2.0, 0.0])
    if p == 3:
        want = x * np.abs(x) / np.sum(np.abs(x) ** 3) ** (2 / 3)
        np.testing.assert_allclose(ad.grad(lambda z: ad.norm(z, 3))(x), want)


# -- domain edges -------------------------------------------------------------------------------
def test_sqrt_at_zero_is_inf_with_numpys_warning():
    for engine in (lambda f, x: ad.grad(f)(x), lambda f, x: ad.jvp(f, (x,), (1.0,))[1]):
        with pytest.warns(RuntimeWarning, match="divide by zero"):
            d = engine(lambda z: np.sqrt(z), np.array(0.0))
        assert np.isposinf(d)


def test_log_at_zero_is_minus_inf_with_inf_derivative():
    with pytest.warns(RuntimeWarning, match="divide by zero"):
        out, t = ad.jvp(np.log, (np.array(0.0),), (np.array(1.0),))
    with pytest.warns(RuntimeWarning, match="divide by zero"):
        g = ad.grad(np.log)(np.array(0.0))
    assert np.isneginf(out) and np.isposinf(t) and np.isposinf(g)


@pytest.mark.parametrize("engine", ["fwd", "rev"])
def test_log_of_a_negative_is_nan_with_numpys_warning(engine):
    x = np.array([-1.0, 2.0])
    with warnings.catch_warnings(record=True) as numpy_warns:
        warnings.simplefilter("always")
        expected = np.log(x)
    with pytest.warns(RuntimeWarning, match="invalid value encountered in log") as ours:
        if engine == "fwd":
            value, deriv = ad.jvp(np.log, (x,), (np.ones(2),))
        else:
            value, vjp_fn = ad.vjp(np.log, x)
            (deriv,) = vjp_fn(np.ones(2))
    assert [str(w.message) for w in numpy_warns] == [str(w.message) for w in ours
                                                     if "log" in str(w.message)]
    np.testing.assert_array_equal(value, expected)           # nan where numpy gives nan
    np.testing.assert_array_equal(deriv, 1 / x)              # the rule 1/x, same in both engines


def test_log_of_a_negative_tensor_warns_like_numpy():
    t = ad.tensor([-1.0], requires_grad=True)
    with pytest.warns(RuntimeWarning, match="invalid value encountered in log"):
        y = t.log()
    assert np.isnan(y.item())
    y.backward()
    assert t.grad.item() == -1.0


# -- where and NaN -------------------------------------------------------------------------------
def test_where_keeps_nan_of_the_untaken_branch_out_of_the_gradient():
    x = np.array([1.0, -1.0])
    assert_both(lambda z: np.where(z > 0, z, np.nan), x, np.array([1.0, 0.0]))
    # both branches differentiated: the untaken one gets exact zeros, not 0 * nan
    grads = ad.grad(lambda a, b: ad.sum(np.where(a > 0, a, b)), argnums=(0, 1))(
        x, np.array([np.nan, 2.0]))
    np.testing.assert_array_equal(grads[0], [1.0, 0.0])
    np.testing.assert_array_equal(grads[1], [0.0, 1.0])


def test_nan_from_a_branch_rule_needs_the_double_where_idiom():
    x = np.array([4.0, -1.0])
    with np.errstate(invalid="ignore", divide="ignore"):
        naive = ad.grad(lambda z: ad.sum(np.where(z > 0, np.sqrt(z), 0.0)))(x)
    assert np.isnan(naive[1])        # sqrt's rule sees sqrt(-1) = nan: 0 * nan (PyTorch too)
    safe = ad.grad(lambda z: ad.sum(np.where(z > 0, np.sqrt(np.where(z > 0, z, 1.0)), 0.0)))(x)
    np.testing.assert_array_equal(safe, [0.25, 0.0])


# -- integer and bool inputs --------------------------------------------------------------------
def test_integer_and_bool_inputs_get_no_gradient_and_no_error():
    x = ad.tensor([1.0, 2.0], requires_grad=True)
    n = ad.tensor([2, 3])
    mask = ad.tensor([True, False])
    y = (x ** n * mask + np.exp(n)).sum()
    y.backward()
    np.testing.assert_array_equal(x.grad.numpy(), [2.0, 0.0])
    assert n.grad is None and mask.grad is None and not n.requires_grad


def test_integer_only_computation_records_nothing():
    n = ad.tensor([1, 2, 3])
    y = np.cumsum(n * 2)
    assert y.grad_fn is None and y.dtype == np.int64
    np.testing.assert_array_equal(y.numpy(), np.cumsum(np.array([1, 2, 3]) * 2))


def test_integer_constants_inside_transforms():
    f = lambda x: ad.sum(x * np.arange(3) + np.take(x, np.array([0, 0])).sum())  # noqa: E731
    np.testing.assert_array_equal(ad.grad(f)(np.ones(3)), [6.0, 1.0, 2.0])


# -- float32 ------------------------------------------------------------------------------------
F32 = [c for c in CASES if c.order >= 1]


@pytest.mark.parametrize("case", F32, ids=[c.id for c in F32])
def test_float32_in_float32_out(case):
    args = tuple(a.astype(np.float32) for a in case.args)
    # numpy itself computes these in float64
    if case.op not in ("astype", "float_power", "cov", "corrcoef", "interp"):
        assert np.asarray(case.fn(*args)).dtype == np.float32
    with np.errstate(all="ignore"):
        expected = np.asarray(case.fn(*args))
        out, tangent = ad.jvp(case.fn, args, tuple(np.ones_like(a) for a in args))
        _, vjp_fn = ad.vjp(case.fn, *args)
        cts = vjp_fn(np.ones(expected.shape, expected.dtype))
    # numpy decides the output dtype (float32 here, except where the function itself converts)
    assert out.dtype == expected.dtype and tangent.dtype == expected.dtype
    assert all(c.dtype == np.float32 for c in cts)


def test_float32_tensor_gradients_are_float32():
    x = ad.tensor(np.array([[1.0, 2.0], [3.0, 5.0]], np.float32), requires_grad=True)
    y = np.linalg.det(x) + np.cumprod(x).sum() + ad.logsumexp(x) + np.std(x)
    assert y.dtype == np.float32
    y.backward()
    assert x.grad.dtype == np.float32


def test_float32_constants_made_inside_ops_stay_float32():
    # numpy's own dtypes: matrix_power(a, 0) is the identity in a's dtype, and average's
    # returned sum of weights has the average's dtype (both were float64)
    a = np.array([[2.0, 1.0], [0.0, 3.0]], np.float32)
    assert ad.matrix_power(a, 0).dtype == np.linalg.matrix_power(a, 0).dtype == np.float32
    assert ad.matrix_power(ad.tensor(a), 0).dtype == np.float32
    got, want = ad.average(a, axis=0, returned=True), np.average(a, axis=0, returned=True)
    assert got[1].dtype == want[1].dtype == np.float32
    np.testing.assert_array_equal(got[1], want[1])


# -- more decisions of the table ------------------------------------------------------------------
def test_xlogy_derivative_in_x_is_zero_at_x_zero():
    gx, gy = ad.grad(lambda x, y: ad.sum(ad.xlogy(x, y)), argnums=(0, 1))(
        np.array([0.0, 2.0]), np.array([3.0, 3.0]))
    np.testing.assert_allclose(gx, [0.0, np.log(3.0)])
    np.testing.assert_allclose(gy, [0.0, 2.0 / 3.0])


def test_power_with_exponent_zero_has_derivative_zero_even_at_zero():
    # x ** 0 is the constant 1, so its derivative is 0 at every x, x = 0 included (PyTorch
    # masks the exponent-0 case too); the formula y * x ** (y - 1) gives 0 * inf = nan there.
    x = np.array([0.0, 2.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # and no numpy warning on the way
        assert_both(lambda z: z ** 0.0, x, np.zeros(2))
        assert_both(lambda z: z ** np.zeros(2), x, np.zeros(2))
        assert_both(lambda z: ad.power(z, ad.tensor(np.zeros(2))), x, np.zeros(2))
        assert ad.grad(ad.grad(lambda z: z ** 0.0))(0.0) == 0.0
        t = ad.tensor(x, requires_grad=True)
        (t ** 0).sum().backward()
        np.testing.assert_array_equal(t.grad.numpy(), np.zeros(2))
    # the exponent's own derivative is unchanged: d(x**y)/dy = x**y log x, 0 at x == 0
    gy = ad.grad(lambda y: ad.sum(x ** y))(np.zeros(2))
    np.testing.assert_allclose(gy, [0.0, np.log(2.0)])


@pytest.mark.parametrize("f, x", [(np.cbrt, 0.0), (np.arcsin, 1.0), (np.arccos, -1.0),
                                  (np.arctanh, 1.0), (np.arccosh, 1.0)])
def test_derivative_at_the_domain_edge_is_infinite(f, x):
    with np.errstate(divide="ignore"):
        rev, fwd = both(f, x)
    assert np.isinf(rev) and np.isinf(fwd)


def test_prod_and_cumprod_with_zeros_are_exact():
    x = np.array([2.0, 0.0, 3.0, 5.0])
    assert_both(np.prod, x, np.array([0.0, 30.0, 0.0, 0.0]))
    assert_both(np.prod, np.array([0.0, 2.0, 0.0]), np.zeros(3))
    # cumprod [2, 0, 0, 0]: d/dx1 of the last three outputs is 2, 2*3, 2*3*5
    assert_both(np.cumprod, x, np.array([1.0, 2.0 + 6.0 + 30.0, 0.0, 0.0]))


def test_std_of_constant_data_has_zero_gradient():
    # PyTorch 2.13 gives 0 there (the centred values are 0), not 0/0
    rev, fwd = both(np.std, np.ones(3))
    np.testing.assert_array_equal(rev, 0.0)
    assert fwd == 0.0


def test_eigenvectors_at_repeated_eigenvalues_are_not_differentiable():
    a = np.diag([1.0, 1.0, 2.0])
    w = ad.grad(lambda m: ad.sum(np.linalg.eigh(m)[0] * np.arange(3.0)))(a)
    assert np.all(np.isfinite(w))                       # the values are fine
    with np.errstate(divide="ignore", invalid="ignore"):
        v = ad.grad(lambda m: ad.sum(np.linalg.eigh(m)[1] * np.arange(9.0).reshape(3, 3)))(a)
    assert not np.all(np.isfinite(v))


def test_symmetric_input_ops_return_symmetric_gradients():
    a = np.array([[4.0, 1.0], [1.0, 3.0]])
    # eigh and eigvalsh read only one triangle, as numpy does (test_fuzz_regressions.py)
    for f in (np.linalg.cholesky,):
        g = ad.grad(lambda m: ad.sum(f(m) * np.array([[1.0, 2.0], [3.0, 4.0]])[:len(f(a))]))(a)
        np.testing.assert_allclose(g, g.T, rtol=1e-12, atol=1e-12)


def test_non_unique_decompositions_are_refused_with_a_reason():
    with pytest.raises(ValueError, match="m >= n"):
        ad.grad(lambda m: ad.sum(np.linalg.qr(m)[0]))(np.ones((2, 3)))
    with pytest.raises(ValueError, match="full_matrices=False"):
        ad.grad(lambda m: ad.sum(np.linalg.svd(m)[0]))(np.ones((2, 3)))


def test_grad_with_respect_to_an_integer_argument_is_refused():
    with pytest.raises(TypeError, match="floating-point"):
        ad.grad(lambda n: ad.sum(n * 2.0))(np.arange(3))
    with pytest.raises(RuntimeError, match="floating point"):
        ad.tensor([1, 2], requires_grad=True)


# -- bad input ----------------------------------------------------------------------------------
@pytest.mark.parametrize("call, name", [
    (lambda t: sp.struve(1.0, t), "struve"),
])
def test_a_numpy_function_without_a_rule_says_how_to_register_one(call, name):
    t = ad.tensor(np.eye(2))
    with pytest.raises(TypeError) as info:
        call(t)
    message = str(info.value)
    assert name in message and "ad.primitive" in message and "defvjp" in message


def test_the_registration_the_message_shows_works():
    @ad.primitive
    def my_sinc(x):
        return np.sinc(x)

    @my_sinc.defvjp
    def my_sinc_vjp(g, ans, x):
        return (g * (np.cos(np.pi * x) - ans) / x,)

    x = np.array([0.3, 1.7])
    g = ad.grad(lambda z: ad.sum(my_sinc(z)))(x)
    h = 1e-6
    np.testing.assert_allclose(g, (np.sinc(x + h) - np.sinc(x - h)) / (2 * h), rtol=1e-6)


def test_matmul_of_a_vector_and_a_batch_of_matrices():
    # x (3,) @ Y (4, 3, 2): the vector's gradient sums over the batch; it failed to reshape
    x, Y = np.array([1.0, 2.0, 3.0]), np.arange(24.0).reshape(4, 3, 2)
    want = Y.sum(axis=(0, 2))                       # d sum(x @ Y) / dx_i = sum_{b,j} Y[b, i, j]
    np.testing.assert_allclose(ad.grad(lambda x: ad.matmul(x, Y).sum())(x), want)
    np.testing.assert_allclose(ad.jacfwd(lambda x: ad.matmul(x, Y).sum())(x), want)
    t = ad.tensor(x, requires_grad=True)
    (t @ ad.tensor(Y)).sum().backward()
    np.testing.assert_allclose(t.grad.numpy(), want)


def test_variance_with_no_degrees_of_freedom_left():
    # ddof = N: numpy's variance is inf (with its warning), and so is the derivative
    # 2 (x_i - mean) / (N - ddof); it raised ZeroDivisionError from inside the rule
    x = np.array([1.0, 2.0])
    with np.errstate(divide="ignore", invalid="ignore"), \
            pytest.warns(RuntimeWarning, match="Degrees of freedom"):     # numpy's, for the value
        rev = ad.grad(lambda z: ad.var(z, ddof=2))(x)
        fwd = ad.jvp(lambda z: ad.var(z, ddof=2), (x,), (np.array([1.0, 0.0]),))[1]
    np.testing.assert_array_equal(rev, [-np.inf, np.inf])
    assert fwd == -np.inf


@pytest.mark.parametrize("x", [0.3, 1.7, 4.2, 11.0])
def test_trigamma_rows_are_held_to_mpmath_instead(x):
    # The rows compared with PyTorch at 1e-8 go through trigamma, where PyTorch itself is off
    # by ~1e-9; mpmath, computing in extended precision, is the independent reference.
    mpmath = pytest.importorskip("mpmath")
    mpmath.mp.dps = 30
    trigamma = float(mpmath.polygamma(1, x))
    np.testing.assert_allclose(ad.grad(ad.digamma)(x), trigamma, rtol=1e-14)
    np.testing.assert_allclose(ad.grad(ad.grad(ad.gammaln))(x), trigamma, rtol=1e-14)


def test_complex_inputs_follow_jax_in_the_transforms_and_pytorch_in_backward():
    # the transforms: grad of a real f(z) is df/dx - i df/dy (JAX, HIPS autograd); backward
    # leaves the conjugate (PyTorch); grad of a complex-valued function is refused
    z = np.array([1.0 + 2.0j, -3.0 + 0.5j])
    np.testing.assert_allclose(ad.grad(lambda z: np.sum(np.abs(z) ** 2))(z), 2 * np.conj(z))
    t = ad.tensor(z, requires_grad=True)
    (t.abs() ** 2).sum().backward()
    np.testing.assert_allclose(t.grad.numpy(), 2 * z)
    with pytest.raises(TypeError, match="real-valued"):
        ad.grad(lambda z: np.sum(z * z))(z)


@pytest.mark.parametrize("q", [0.1, -2.0 + 1.0j, 3.0 - 4.0j])
def test_trigamma_of_complex_input_is_held_to_mpmath(q):
    # scipy's polygamma is real only: complex z goes through the recurrence and the asymptotic
    # series (the derivative of digamma, which scipy computes on complex input)
    mpmath = pytest.importorskip("mpmath")
    mpmath.mp.dps = 30
    z = complex(q) + 0.5j
    trigamma = complex(mpmath.polygamma(1, mpmath.mpc(z.real, z.imag)))
    _, d = ad.jvp(ad.digamma, (np.array(z),), (np.array(1.0 + 0j),))
    np.testing.assert_allclose(d, trigamma, rtol=1e-13)
