"""Function transforms: numpy in, numpy out, argnums, has_aux, Jacobians in both modes."""
import numpy as np
import pytest

import autodiff as ad


def test_grad_numpy_in_numpy_out_and_tensor_in_tensor_out():
    f = lambda x: (x * x).sum()
    g = ad.grad(f)(np.array([1.0, 2.0]))
    assert type(g) is np.ndarray and g.tolist() == [2.0, 4.0]
    gt = ad.grad(f)(ad.tensor([1.0, 2.0]))
    assert isinstance(gt, ad.Tensor) and gt.dtype == np.float32


def test_argnums_and_value_and_grad():
    f = lambda x, y: (x * y ** 2).sum()
    x, y = np.array([1.0, 2.0]), np.array([3.0, 4.0])
    gx, gy = ad.grad(f, argnums=(0, 1))(x, y)
    np.testing.assert_allclose(gx, y ** 2)
    np.testing.assert_allclose(gy, 2 * x * y)
    value, g = ad.value_and_grad(f, argnums=1)(x, y)
    assert value == 41.0
    np.testing.assert_allclose(g, 2 * x * y)


def test_has_aux():
    f = lambda x: ((x ** 2).sum(), x.shape)
    g, aux = ad.grad(f, has_aux=True)(np.ones(3))
    assert aux == (3,)
    np.testing.assert_allclose(g, 2 * np.ones(3))


def test_vjp_and_jvp_agree_with_the_transpose_identity():
    rng = np.random.default_rng(1)
    w = rng.normal(size=(3, 4))
    f = lambda x: ad.tanh(w @ x) * x[:3]
    x, u, v = rng.normal(size=4), rng.normal(size=4), rng.normal(size=3)
    _, vjp_fn = ad.vjp(f, x)
    (jt_v,) = vjp_fn(v)
    _, j_u = ad.jvp(f, (x,), (u,))
    assert np.isclose(v @ j_u, jt_v @ u, rtol=1e-13)


def test_jacobians_in_both_modes_match_analytic():
    w = np.array([[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]])
    f = lambda x: ad.sin(w @ x)
    x = np.array([0.1, 0.2, 0.3])
    expected = np.cos(w @ x)[:, None] * w
    for jac in (ad.jacfwd, ad.jacrev, ad.jacobian):
        np.testing.assert_allclose(jac(f)(x), expected, rtol=1e-14)
    for mode in ("fwd", "rev"):
        np.testing.assert_allclose(ad.jacobian(f, mode=mode)(x), expected, rtol=1e-14)


def test_jacobian_of_matrix_input_has_out_then_in_shape():
    f = lambda m: m.sum(axis=0) ** 2
    m = np.arange(6.0).reshape(2, 3)
    jac = ad.jacrev(f)(m)
    assert jac.shape == (3, 2, 3)
    np.testing.assert_allclose(ad.jacfwd(f)(m), jac)


def test_constant_function_has_zero_gradient():
    assert ad.grad(lambda x: np.float64(3.0))(np.ones(2)).tolist() == [0.0, 0.0]
    assert ad.jvp(lambda x: np.ones(2), (np.ones(2),), (np.ones(2),))[1].tolist() == [0.0, 0.0]


def test_bad_arguments_are_explained():
    with pytest.raises(TypeError, match="tuples"):
        ad.jvp(np.sin, np.ones(2), np.ones(2))
    with pytest.raises(ValueError, match="tangent has shape"):
        ad.jvp(np.sin, (np.ones(2),), (np.ones(3),))
    with pytest.raises(ValueError, match="argnums 3 out of range"):
        ad.grad(lambda x: x.sum(), argnums=3)(np.ones(2))
    with pytest.raises(ValueError, match="mode must be"):
        ad.jacobian(np.sin, mode="sideways")
    with pytest.raises(TypeError, match="must return an array"):
        ad.grad(lambda x: "nope")(np.ones(2))


def test_aux_comes_back_as_values_not_tracers():
    # aux is not differentiated: numpy in, numpy out, as the rest of the results (JAX, too,
    # returns aux without its tracers); a tensor in gives tensors without history.
    x = np.array([1.0, 2.0])
    f = lambda x: ((x ** 2).sum(), {"twice": x * 2, "label": "sq"})
    g, aux = ad.grad(f, has_aux=True)(x)
    assert type(aux["twice"]) is np.ndarray and aux["label"] == "sq"
    np.testing.assert_array_equal(aux["twice"], [2.0, 4.0])
    (value, aux), g = ad.value_and_grad(f, has_aux=True)(x)
    assert type(aux["twice"]) is np.ndarray
    aux = ad.vjp(lambda x: (x ** 2, x * 3), x, has_aux=True)[2]
    assert type(aux) is np.ndarray
    np.testing.assert_array_equal(aux, [3.0, 6.0])
    aux = ad.grad(f, has_aux=True)(ad.tensor(x))[1]["twice"]
    assert isinstance(aux, ad.Tensor) and aux.grad_fn is None
    np.testing.assert_array_equal(aux.numpy(), [2.0, 4.0])


def test_transforms_ignore_an_outer_no_grad_and_respect_an_inner_one():
    # A transform differentiates its function whatever grad mode it is called in (as
    # torch.func.grad: the outer no_grad is not its business); a no_grad inside the function
    # still makes a constant. The outer one gave gradients of zeros.
    x = np.array([1.0, 2.0])

    def f(x):
        with ad.no_grad():
            c = x * 3
        return (x * c).sum()

    with ad.no_grad():
        np.testing.assert_array_equal(ad.grad(lambda x: (x ** 2).sum())(x), 2 * x)
        np.testing.assert_array_equal(ad.jacrev(lambda x: x ** 2)(x), np.diag(2 * x))
        np.testing.assert_array_equal(ad.hessian(lambda x: (x ** 3).sum())(x), np.diag(6 * x))
        np.testing.assert_array_equal(ad.grad(f)(x), 3 * x)
        assert not ad.is_grad_enabled()
    np.testing.assert_array_equal(ad.grad(f)(x), 3 * x)
