"""Transforms nest in any order without perturbation confusion; Hessians and HVPs are right."""
import numpy as np
import pytest

import autodiff as ad


def d_fwd(f):
    """Derivative of a scalar function by forward mode."""
    return lambda x: ad.jvp(f, (x,), (np.ones(np.shape(x)),))[1]


def d_rev(f):
    """Derivative of a scalar function by reverse mode."""
    return ad.grad(f)


@pytest.mark.parametrize("outer", [d_fwd, d_rev], ids=["fwd", "rev"])
@pytest.mark.parametrize("inner", [d_fwd, d_rev], ids=["fwd", "rev"])
def test_no_perturbation_confusion(outer, inner):
    # d/dx [x * d/dy (x + y)] = d/dx [x * 1] = 1; confusing the two perturbations gives 2.
    result = outer(lambda x: x * inner(lambda y: x + y)(1.0))(1.0)
    assert result == 1.0
    assert isinstance(result, np.ndarray)


@pytest.mark.parametrize("outer", [d_fwd, d_rev], ids=["fwd", "rev"])
@pytest.mark.parametrize("inner", [d_fwd, d_rev], ids=["fwd", "rev"])
def test_second_derivatives_in_all_orders(outer, inner):
    f = lambda x: ad.sin(x) * x ** 3
    x = 0.7
    analytic = -np.sin(x) * x ** 3 + 6 * np.cos(x) * x ** 2 + 6 * x * np.sin(x)
    assert np.isclose(outer(inner(f))(x), analytic, rtol=1e-13)


def test_third_derivative_by_mixed_modes():
    f = lambda x: ad.exp(2 * x)
    assert np.isclose(d_fwd(d_rev(d_fwd(f)))(0.3), 8 * np.exp(0.6), rtol=1e-13)


def _quartic(x):
    return (x ** 4).sum() + x[0] * x[1] * x[2]


def test_hessian_matches_analytic():
    x = np.array([1.0, -2.0, 0.5])
    expected = np.diag(12 * x ** 2)
    expected[0, 1] = expected[1, 0] = x[2]
    expected[0, 2] = expected[2, 0] = x[1]
    expected[1, 2] = expected[2, 1] = x[0]
    np.testing.assert_allclose(ad.hessian(_quartic)(x), expected, rtol=1e-14)


def test_hvp_matches_analytic():
    x = np.array([1.0, -2.0, 0.5])
    v = np.array([0.3, 0.1, -1.0])
    grad, hv = ad.hvp(_quartic, (x,), (v,))
    expected_grad = 4 * x ** 3 + np.array([x[1] * x[2], x[0] * x[2], x[0] * x[1]])
    np.testing.assert_allclose(grad, expected_grad, rtol=1e-14)
    np.testing.assert_allclose(hv, ad.hessian(_quartic)(x) @ v, rtol=1e-14)


def test_closure_over_outer_value_stays_traced():
    # The inner gradient depends on the outer x, so the outer grad must see through it.
    def outer(x):
        inner_grad = ad.grad(lambda y: (x * y ** 2).sum())(np.array([2.0]))
        assert isinstance(inner_grad, ad.Tensor)   # traced by the outer transform
        return inner_grad.sum()

    assert ad.grad(outer)(np.array(3.0)) == 4.0     # d/dx (2 x y) at y = 2


def test_torch_style_double_backward_with_create_graph():
    x = ad.tensor([0.5, 1.5], dtype=np.float64, requires_grad=True)
    y = (x.sin() * x).sum()
    y.backward(create_graph=True)
    first = x.grad
    assert first.grad_fn is not None
    x.grad = None
    first.sum().backward()
    xs = np.array([0.5, 1.5])
    np.testing.assert_allclose(x.grad.numpy(), 2 * np.cos(xs) - xs * np.sin(xs), rtol=1e-14)


def test_forward_levels_nest_without_mixing():
    with ad.forward.dual_level():
        x = ad.forward.make_dual(ad.tensor(2.0, dtype=np.float64),
                                 ad.tensor(1.0, dtype=np.float64))
        with ad.forward.dual_level():
            y = ad.forward.make_dual(ad.tensor(3.0, dtype=np.float64),
                                     ad.tensor(1.0, dtype=np.float64))
            z = x * y
            inner_tangent = ad.forward.unpack_dual(z).tangent   # dz/dy = x
        outer_tangent = ad.forward.unpack_dual(inner_tangent).tangent   # d/dx x = 1
        assert ad.forward.unpack_dual(z).tangent.item() == 3.0          # dz/dx = y
    assert inner_tangent.item() == 2.0 and outer_tangent.item() == 1.0
