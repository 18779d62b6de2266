"""The document's exercises that have an answer a test can check."""
import numpy as np
import pytest

import autodiff as ad
from autodiff.examples import control_flow


def test_exercise2_backward_twice_raises_then_works_with_retain_graph():
    x = ad.arange(4.0, requires_grad=True)
    y = 2 * ad.dot(x, x)
    y.backward()
    with pytest.raises(RuntimeError, match="second time"):
        y.backward()
    x.grad.zero_()
    y = 2 * ad.dot(x, x)
    y.backward(retain_graph=True)
    y.backward()
    np.testing.assert_array_equal(x.grad.numpy(), 2 * 4 * np.arange(4.0))


@pytest.mark.parametrize("shape", [(3,), (2, 3)])
@pytest.mark.parametrize("seed", range(10))
def test_exercise3_vector_or_matrix_a(shape, seed):
    # f is still piecewise linear in a: d = k * a, so d.sum() has gradient k everywhere and
    # d.backward() alone is refused (non-scalar), as in PyTorch.
    ad.manual_seed(seed)
    a = ad.randn(size=shape, requires_grad=True)
    d = control_flow(a)
    with pytest.raises(RuntimeError, match="scalar outputs"):
        d.backward()
    d.sum().backward()
    k = (d.detach().numpy() / a.detach().numpy()).ravel()
    assert np.allclose(k, k[0], rtol=1e-6)   # one scale factor for every element
    np.testing.assert_allclose(a.grad.numpy(), np.full(shape, k[0]), rtol=1e-6)


def test_exercise4_sin_derivative_by_looping_backward():
    x = ad.linspace(-np.pi, np.pi, 25, dtype=np.float64, requires_grad=True)
    y = ad.sin(x)
    for i in range(len(y)):
        y[i].backward(retain_graph=True)
    np.testing.assert_allclose(x.grad.numpy(), np.cos(x.detach().numpy()), atol=1e-15)


def test_exercise4_sin_derivative_by_ones_like():
    x = ad.linspace(-np.pi, np.pi, 25, dtype=np.float64, requires_grad=True)
    y = ad.sin(x)
    y.backward(ad.ones_like(y))
    np.testing.assert_allclose(x.grad.numpy(), np.cos(x.detach().numpy()), atol=1e-15)


def _f(x):
    return ad.log(x ** 2) * ad.sin(x) + 1 / x


def _df(x):
    return 2 / x * np.sin(x) + np.log(x ** 2) * np.cos(x) - 1 / x ** 2


POINTS = np.array([-3.0, -0.4, 0.3, 1.0, 2.5, 7.0])


def test_exercises5_to_7_reverse_mode_matches_analytic():
    x = ad.tensor(POINTS, requires_grad=True)
    _f(x).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), _df(POINTS), rtol=1e-12, atol=0)


def test_exercises5_to_7_forward_mode_matches_analytic():
    with ad.forward.dual_level():
        x = ad.forward.make_dual(ad.tensor(POINTS), ad.ones(len(POINTS), dtype=np.float64))
        tangent = ad.forward.unpack_dual(_f(x)).tangent
    np.testing.assert_allclose(tangent.numpy(), _df(POINTS), rtol=1e-12, atol=0)


def test_exercises5_to_7_function_transforms_match_analytic():
    grads = [ad.grad(_f)(p) for p in POINTS]
    _, tangents = ad.jvp(_f, (POINTS,), (np.ones_like(POINTS),))
    np.testing.assert_allclose(grads, _df(POINTS), rtol=1e-12, atol=0)
    np.testing.assert_allclose(tangents, _df(POINTS), rtol=1e-12, atol=0)


def test_exercise1_second_derivative_is_available():
    # The second derivative of f, by differentiating the first derivative's computation.
    x = 1.3
    d2 = ad.grad(ad.grad(_f))(x)
    expected = (-2 / x ** 2 * np.sin(x) + 4 / x * np.cos(x) - np.log(x ** 2) * np.sin(x)
                + 2 / x ** 3)
    assert np.isclose(d2, expected, rtol=1e-12)
