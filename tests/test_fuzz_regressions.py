"""Regressions found by the differential fuzzer (``test_fuzz.py``) and issue 10: each test failed
before its fix, and asserts against numpy, PyTorch's documented behaviour, an analytic value or
finite differences, never against autodiff itself."""
import numpy as np
import pytest

import autodiff as ad


def fd_grad(f, x, h=1e-6):
    """Central finite-difference gradient of a scalar numpy function."""
    x = np.asarray(x, dtype=np.float64)
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        d = np.zeros_like(x)
        d[idx] = h
        g[idx] = (f(x + d) - f(x - d)) / (2 * h)
    return g


def both_modes(f, x):
    """``d sum(f)/dx`` in reverse mode, and the full Jacobian in forward mode (as its
    row sums)."""
    rev = ad.grad(lambda v: ad.sum(f(v)))(x)
    jac = np.asarray(ad.jacfwd(f)(x))
    out_nd = jac.ndim - np.ndim(x)
    fwd = jac.sum(axis=tuple(range(out_nd))) if out_nd else jac
    return rev, fwd


X0 = np.float64(0.7)


# -- 0-d tensors: PyTorch's dim 0 / -1 of a scalar ----------------------------------------------
@pytest.mark.parametrize("name", ["sum", "mean", "prod", "logsumexp", "std", "var"])
@pytest.mark.parametrize("keepdim", [False, True])
def test_reductions_of_0d_over_dim_0_keep_the_scalar_shape(name, keepdim):
    t = ad.tensor(X0, requires_grad=True)
    kw = {"correction": 0} if name in ("std", "var") else {}
    out = getattr(t, name)(0, keepdim=keepdim, **kw)
    assert out.shape == ()                     # PyTorch: a 0-d tensor stays 0-d
    expected = {"sum": X0, "mean": X0, "prod": X0, "logsumexp": X0, "std": 0.0, "var": 0.0}
    np.testing.assert_allclose(out.detach().numpy(), expected[name], rtol=1e-6)
    out.backward()
    np.testing.assert_allclose(t.grad.numpy(), 0.0 if name in ("std", "var") else 1.0)


@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
def test_running_totals_of_0d_are_the_scalar(name):
    t = ad.tensor(X0, requires_grad=True)
    out = getattr(t, name)(0)
    assert out.shape == ()
    out.backward()
    np.testing.assert_allclose(t.grad.numpy(), 1.0)
    # under jacfwd too (the batch rule used to take the 0-d dim modulo 0)
    np.testing.assert_allclose(ad.jacfwd(lambda v: getattr(ad, name)(v, -1))(X0), 1.0)


@pytest.mark.parametrize("f, value, slope", [
    (lambda v: ad.sum(v, 0), X0, 1.0),
    (lambda v: ad.max(v, 0)[0], X0, 1.0),
    (lambda v: ad.min(v, -1)[0], X0, 1.0),
    (lambda v: ad.amax(v, 0), X0, 1.0),
    (lambda v: ad.logsumexp(v, 0), X0, 1.0),
    (lambda v: ad.softmax(v, 0), 1.0, 0.0),
    (lambda v: ad.log_softmax(v, -1), 0.0, 0.0),
])
def test_0d_dims_under_jacfwd_and_jacrev(f, value, slope):
    np.testing.assert_allclose(np.asarray(f(ad.tensor(X0)).numpy()), value)
    assert np.asarray(ad.jacfwd(f)(X0)).shape == ()
    np.testing.assert_allclose(ad.jacfwd(f)(X0), slope)
    np.testing.assert_allclose(ad.jacrev(f)(X0), slope)


def test_max_of_0d_with_dim_gives_index_0():
    values, indices = ad.tensor(X0).max(0)
    assert values.shape == () and int(indices) == 0


def test_0d_dims_other_than_0_and_minus_1_are_refused():
    with pytest.raises(IndexError, match="Dimension out of range"):
        ad.tensor(X0).sum(1)


# -- empty arrays -----------------------------------------------------------------------------
@pytest.mark.parametrize("f", [ad.softmax, ad.log_softmax])
def test_softmax_of_empty(f):
    x = np.zeros((0, 3))
    assert f(ad.tensor(x), 1).shape == (0, 3)
    assert f(ad.tensor(np.zeros(0))).shape == (0,)          # all elements: scipy failed here
    assert ad.grad(lambda v: ad.sum(f(v)))(np.zeros(0)).shape == (0,)
    assert np.asarray(ad.jacfwd(lambda v: f(v, 1))(x)).shape == (0, 3, 0, 3)


def test_logsumexp_over_a_tuple_of_axes_of_an_empty_array():
    x = np.zeros((0, 3))
    out = ad.logsumexp(ad.tensor(x), (0, 1))
    assert out.shape == () and out.numpy() == -np.inf      # log(0), as torch.logsumexp
    g = ad.grad(lambda v: ad.logsumexp(v, (0, 1)))(x)
    assert g.shape == (0, 3)


def test_logsumexp_keepdim_of_0d():
    t = ad.tensor(X0, requires_grad=True)
    out = ad.logsumexp(t, keepdim=True)
    assert out.shape == ()
    out.backward()
    np.testing.assert_allclose(t.grad.numpy(), 1.0)


@pytest.mark.parametrize("axis, shape", [(None, (0,)), (1, (2, 0)), (0, (0, 3))])
def test_prod_of_empty_in_both_modes(axis, shape):
    x = np.zeros(shape)
    expected = np.prod(x, axis=axis)                          # ones: the empty product
    np.testing.assert_array_equal(np.prod(ad.tensor(x), axis=axis).numpy(), expected)
    assert ad.grad(lambda v: ad.sum(np.prod(v, axis=axis)))(x).shape == shape
    out, tangent = ad.jvp(lambda v: np.prod(v, axis=axis), (x,), (np.ones(shape),))
    np.testing.assert_array_equal(out, expected)
    np.testing.assert_array_equal(tangent, np.zeros(np.shape(expected)))


# -- statistics -------------------------------------------------------------------------------
def test_std_of_one_element_has_zero_gradient():
    x = np.array([0.5])
    rev, fwd = both_modes(lambda v: np.std(v), x)
    np.testing.assert_array_equal(rev, [0.0])     # std is identically 0: its derivative is 0
    np.testing.assert_array_equal(fwd, [0.0])
    g = ad.grad(lambda v: ad.sum(np.std(v, axis=1)))(np.array([[0.5], [2.0]]))
    np.testing.assert_array_equal(g, [[0.0], [0.0]])


# -- linear algebra follows numpy exactly -----------------------------------------------------
A = np.array([[2.0, 1.0], [7.0, 3.0]])       # not symmetric: the triangles disagree


@pytest.mark.parametrize("uplo", ["L", "U"])
def test_eigh_reads_one_triangle_as_numpy(uplo):
    w = np.linalg.eigh(ad.tensor(A), UPLO=uplo)[0].numpy()
    np.testing.assert_allclose(w, np.linalg.eigh(A, UPLO=uplo)[0], rtol=1e-12)
    np.testing.assert_allclose(np.linalg.eigvalsh(ad.tensor(A), UPLO=uplo).numpy(),
                               np.linalg.eigvalsh(A, UPLO=uplo), rtol=1e-12)
    loss = lambda m: np.sum(np.linalg.eigvalsh(m, UPLO=uplo) * np.array([1.0, 3.0]))
    expected = fd_grad(loss, A)                   # the other triangle gets no gradient
    np.testing.assert_allclose(ad.grad(loss)(A), expected, atol=1e-8)
    np.testing.assert_allclose(ad.jacfwd(loss)(A), expected, atol=1e-8)
    vec = lambda m: np.sum(np.abs(np.linalg.eigh(m, UPLO=uplo)[1][:, 0]) * np.array([1.0, 2.0]))
    np.testing.assert_allclose(ad.grad(vec)(A), fd_grad(vec, A), atol=1e-7)


def test_eigh_refuses_a_bad_uplo():
    with pytest.raises(ValueError, match="UPLO"):
        ad.eigh(ad.tensor(A), UPLO="X")


def test_cross_axis_overrides_axisa_axisb_axisc():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    expected = np.cross(a, b, axisa=1, axis=0)
    np.testing.assert_allclose(np.cross(ad.tensor(a), ad.tensor(b), axisa=1, axis=0).numpy(),
                               expected, rtol=1e-12)
    w = rng.normal(size=expected.shape)
    loss = lambda u: np.sum(np.cross(u, b, axisa=1, axis=0) * w)
    np.testing.assert_allclose(ad.grad(loss)(a), fd_grad(loss, a), atol=1e-8)


def test_einsum_sublist_form():
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=(2, 3)), rng.normal(size=(3, 4))
    out = np.einsum(ad.tensor(a), [0, 1], ad.tensor(b), [1, 2], [0, 2])
    np.testing.assert_allclose(out.numpy(), a @ b, rtol=1e-12)
    np.testing.assert_allclose(np.einsum(ad.tensor(a), [Ellipsis, 1], b, [1, 2]).numpy(),
                               np.einsum(a, [Ellipsis, 1], b, [1, 2]), rtol=1e-12)
    loss = lambda u: np.sum(np.einsum(u, [0, 1], b, [1, 2], [0, 2]) ** 2)
    np.testing.assert_allclose(ad.grad(loss)(a), fd_grad(loss, a), atol=1e-7)


# -- numpy keywords are honoured or refused, never dropped ------------------------------------
MASK = np.array([True, False, True, True])
X = np.array([1.0, 2.0, 3.0, 4.0])


@pytest.mark.parametrize("func, kw", [
    (np.sum, dict(where=MASK)), (np.sum, dict(initial=5.0)),
    (np.sum, dict(where=MASK, initial=-1.0)),
    (np.prod, dict(where=MASK)), (np.prod, dict(initial=2.0)),
    (np.mean, dict(where=MASK)),
    (np.max, dict(initial=3.5)), (np.max, dict(where=MASK, initial=-1.0)),
    (np.amax, dict(initial=5.0)),
    (np.min, dict(initial=2.5)), (np.min, dict(where=MASK, initial=9.0)),
    (np.var, dict(where=MASK)), (np.std, dict(where=MASK, ddof=1)),
])
def test_reduction_keywords_are_honoured(func, kw):
    np.testing.assert_allclose(func(ad.tensor(X), **kw).numpy(), func(X, **kw), rtol=1e-12)
    loss = lambda v: func(v, **kw)
    np.testing.assert_allclose(ad.grad(loss)(X), fd_grad(loss, X), atol=1e-8)
    np.testing.assert_allclose(ad.jacfwd(loss)(X), fd_grad(loss, X), atol=1e-8)


def test_where_with_an_axis_and_a_broadcast_mask():
    x = np.arange(12.0).reshape(3, 4)
    mask = np.array([[True], [False], [True]])
    for func in (np.sum, np.mean):
        np.testing.assert_allclose(func(ad.tensor(x), axis=1, where=mask).numpy()[[0, 2]],
                                   func(x, axis=1, where=mask)[[0, 2]])


def test_max_with_where_needs_initial_as_in_numpy():
    with pytest.raises(ValueError, match="initial"):
        np.max(ad.tensor(X), where=MASK)


@pytest.mark.parametrize("call", [
    lambda t: np.max(t, out=np.zeros(())),
    lambda t: np.reshape(t, (2, 2), order="F"),
    lambda t: np.sort(t, order="x"),
    lambda t: np.take(t, [7], mode="wrap"),
    lambda t: np.concatenate([t, t], casting="unsafe"),
    lambda t: np.linalg.svd(np.reshape(t, (2, 2)), hermitian=True),
    lambda t: np.ravel(t, order="F"),
])
def test_unsupported_keywords_raise_naming_them(call):
    with pytest.raises(TypeError, match="out|order|mode|casting|hermitian"):
        call(ad.tensor(X))


def test_dtype_keywords_of_joining_functions_are_honoured():
    t = ad.tensor(X)
    assert np.concatenate([t, t], dtype=np.float32).dtype == np.float32
    assert np.stack([t, t], dtype=np.float32).dtype == np.float32
    assert np.einsum("i->", t, dtype=np.float32).dtype == np.float32


def test_concatenate_of_one_sequence_is_differentiable():
    # ad.concatenate([a, b]) (numpy's spelling) used to be a constant array of the values
    g = ad.grad(lambda v: ad.sum(ad.concatenate([v, 2 * v])))(np.ones(2))
    np.testing.assert_array_equal(g, [3.0, 3.0])
    out = ad.concatenate([ad.tensor(np.ones(2)), ad.tensor(np.zeros(1))])
    assert isinstance(out, ad.Tensor) and out.shape == (3,)


@pytest.mark.parametrize("mode", ["constant", "edge", "reflect", "wrap"])
def test_pad_of_0d_is_a_copy_as_in_numpy(mode):
    x = np.array(0.4)
    out = ad.pad(ad.tensor(x), 1, mode=mode)
    np.testing.assert_array_equal(out.numpy(), np.pad(x, 1, mode=mode))
    np.testing.assert_allclose(ad.grad(lambda v: ad.pad(v, 1, mode=mode))(x), 1.0)


def test_take_along_axis_broadcasts_the_other_axes_as_numpy():
    x = np.arange(6.0).reshape(2, 3, 1)
    index = np.zeros((1, 1, 1), int)
    expected = np.take_along_axis(x, index, -1)               # shape (2, 3, 1)
    np.testing.assert_array_equal(np.take_along_axis(ad.tensor(x), index, -1).numpy(), expected)
    w = np.arange(1.0, 7.0).reshape(2, 3, 1)
    loss = lambda v: np.sum(np.take_along_axis(v, index, -1) * w)
    np.testing.assert_allclose(ad.grad(loss)(x), fd_grad(loss, x), atol=1e-8)


# -- twin programs (fuzz_twins.py): in-place writes ------------------------------------------------
@pytest.mark.parametrize("write", ["v.zero_()", "v.fill_(2.0)", "v.copy_(ad.tensor(5.0))",
                                   "v.copy_(np.float64(5.0))", "v.uniform_()", "v.normal_()",
                                   "v.exponential_()"])
def test_writing_constants_into_a_non_leaf_cuts_its_history(write):
    # v = 3x, then overwritten by a constant: loss = v * x + (3x + 1) has d/dx = v_new + 3
    # (PyTorch: 3 + v_new; before the fix the gradient went to the overwritten 3x as well).
    x = ad.tensor(0.3, requires_grad=True)
    v = x * 3
    w = v + 1
    eval(write)
    assert v.requires_grad and not v.is_leaf
    (v * x + w).backward()
    assert float(x.grad) == pytest.approx(float(v) + 3.0, rel=1e-6)


def test_writing_a_constant_under_no_grad_keeps_the_history():
    # PyTorch: an in-place write under no_grad is invisible to autograd
    x = ad.tensor(0.3, requires_grad=True)
    v = x * 3
    with ad.no_grad():
        v.zero_()
    v.backward()
    assert float(x.grad) == 3.0


def test_an_in_place_write_into_an_input_no_rule_reads_is_not_refused():
    # y = v + 1 reads none of its inputs in backward: PyTorch lets v change afterwards
    x = ad.tensor([0.3, -0.2], requires_grad=True)
    v = x * 3
    y = v + 1
    v.mul_(2)
    (y * y).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), 2 * (3 * np.array([0.3, -0.2]) + 1) * 3,
                               rtol=1e-6)


def test_lerp_in_place_backpropagates():
    # d = c + 0.3 (c - c) = c: each gradient is 1 (the subtraction inside lerp_ read the
    # overwritten d; the version check refused it though the rule never reads it)
    x = ad.tensor([0.5, 1.5], requires_grad=True)
    c = x.clone()
    d = c * 1
    d.lerp_(c, 0.3)
    (d * 2).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [2.0, 2.0])


def test_a_value_the_rule_reads_is_still_refused_once_overwritten():
    x = ad.tensor([0.5, 1.5], requires_grad=True)
    v = x * 1
    y = v * v
    v.mul_(2)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()


@pytest.mark.parametrize("write", ["t[1].add_(1.5)", "t[1][0].mul_(10)", "t[-1, 0].fill_(9)",
                                   "t[1, 0].copy_(ad.tensor(5.0))", "t[1, ...][0].zero_()"])
def test_an_element_of_a_tensor_is_a_view_it_writes_through(write):
    # PyTorch: t[i, j] is a 0-d view of t; numpy's a[i, j] is a scalar copy, which made these
    # writes vanish silently
    t = ad.tensor([[1.0, 2.0], [3.0, 4.0]])
    expected = np.array([[1.0, 2.0], [3.0, 4.0]])
    if write == "t[1].add_(1.5)":
        expected[1] += 1.5
    else:
        expected[1, 0] = {"t[1][0].mul_(10)": 30.0, "t[-1, 0].fill_(9)": 9.0,
                          "t[1, 0].copy_(ad.tensor(5.0))": 5.0, "t[1, ...][0].zero_()": 0.0}[write]
    eval(write)
    np.testing.assert_array_equal(t.numpy(), expected)
    v = ad.tensor([1.0, 2.0])
    v[0].add_(1.5)
    np.testing.assert_array_equal(v.numpy(), [2.5, 2.0])


def test_real_and_imag_attributes_as_pytorch():
    # z.real * 2 + z.imag ** 2: Tensor.backward's convention (PyTorch's) gives df/dx + i df/dy
    z = ad.tensor(np.array([1 + 2j, 3 - 1j]), requires_grad=True)
    (z.real * 2 + z.imag ** 2).sum().backward()
    np.testing.assert_allclose(z.grad.numpy(), [2 + 4j, 2 - 2j])
    x = ad.tensor([1.0, 2.0])
    assert x.real is x
    with pytest.raises(RuntimeError, match="non-complex"):
        x.imag


def test_diagonal_is_a_view_a_write_goes_through():
    # PyTorch: t.diagonal() is a view; it was a copy, so the write vanished silently
    t = ad.zeros(3, 3)
    t.diagonal().fill_(2.0)
    ad.diagonal(t, 1).add_(1.0)
    np.testing.assert_array_equal(t.numpy(), np.diag([2.0] * 3) + np.diag([1.0] * 2, 1))
    # and its gradient is still the diagonal's (against finite differences)
    a = np.random.default_rng(3).normal(size=(3, 4, 2))
    f = lambda x: np.sum(np.diagonal(x, 1, 2, 0) ** 3)
    np.testing.assert_allclose(ad.grad(f)(a), fd_grad(f, a), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("call", ["x.clamp(0.1, c)", "x.clamp(min=c)", "ad.clamp(x, c, 1.0)",
                                  "x.clip(c, 1.0)", "x.clone().clamp_(c, 1.0)",
                                  "ad.add(x, x, alpha=c)", "ad.sub(x, x, alpha=c)",
                                  "ad.addcmul(x, x, x, value=c)"])
def test_a_numpy_scalar_argument_is_a_python_number_for_the_tensor_surface(call):
    # PyTorch reads np.float64(0.5) as a float: a float32 tensor stays float32 (it became
    # float64 through numpy's promotion of the scalar)
    x = ad.tensor(np.array([0.3, -0.5, 1.5], dtype=np.float32))
    c = np.float64(0.5)
    out = eval(call)
    assert out.dtype == np.float32
    # numpy's own clip keeps numpy's rule (the scalar is float64 there)
    assert np.clip(x, c, 1.0).dtype == np.clip(np.asarray(x), c, 1.0).dtype


def test_jit_replays_scipy_stats_masks_for_new_values():
    # gamma.cdf below loc is 0 (scipy); the mask of the support was recorded as the first
    # point's constant, so the replay at a point below loc gave nan
    import scipy.stats

    import autodiff.scipy.stats as adst
    f = ad.jit(lambda x: adst.gamma.cdf(x, 1.5, 2.0))
    for x in (2.1, 1.9, 3.0):
        np.testing.assert_allclose(f(np.array(x)), scipy.stats.gamma.cdf(x, 1.5, 2.0),
                                   rtol=1e-12, atol=1e-300)

