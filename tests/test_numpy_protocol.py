"""numpy functions called on tensors return tensors and are differentiated."""
import numpy as np

import autodiff as ad


def test_asarray_gives_the_values():
    x = ad.arange(3.0)
    assert isinstance(np.asarray(x), np.ndarray)
    np.testing.assert_array_equal(np.asarray(x), [0.0, 1.0, 2.0])


def test_ufuncs_record_like_ad_functions():
    x = ad.arange(3.0, requires_grad=True)
    y = np.sin(x)
    assert isinstance(y, ad.Tensor) and y.grad_fn.name() == "SinBackward0"
    (np.exp(y) + np.ones(3) * y).sum().backward()
    xs = np.arange(3.0)
    np.testing.assert_allclose(x.grad.numpy(), (np.exp(np.sin(xs)) + 1) * np.cos(xs), rtol=1e-6)


def test_array_functions_record():
    x = ad.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    total = np.sum(np.dot(x, np.ones(3))) + np.mean(np.reshape(x, (3, 2))) \
        + np.linalg.norm(x)
    assert isinstance(total, ad.Tensor)
    total.backward()
    xs = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(x.grad.numpy(), 1 + 1 / 6 + xs / np.linalg.norm(xs))


def test_numpy_code_differentiates_unchanged_in_both_engines():
    def f(x):
        return np.sum(np.tanh(x) * x + np.exp(-x * x))

    xs = np.array([0.1, -0.7, 1.3])
    expected = (1 - np.tanh(xs) ** 2) * xs + np.tanh(xs) - 2 * xs * np.exp(-xs ** 2)
    np.testing.assert_allclose(ad.grad(f)(xs), expected, rtol=1e-13, atol=1e-16)
    np.testing.assert_allclose(ad.jacfwd(f)(xs), expected, rtol=1e-13, atol=1e-16)


def test_ndarray_on_the_left_defers_to_the_tensor():
    x = ad.arange(3.0, requires_grad=True)
    y = np.array([1.0, 2.0, 3.0]) * x
    assert isinstance(y, ad.Tensor) and y.grad_fn.name() == "MulBackward0"


def test_a_ufunc_registered_after_numpy_calls_on_tensors_dispatches():
    # The ufunc -> primitive table is built at the first numpy call on a tensor; a primitive
    # registered later (a user's, for a ufunc the library does not have) must still be found.
    np.sin(ad.tensor(1.0))
    ldexp = ad.primitive(np.ldexp, name="test_ldexp")
    ldexp.defjvp(lambda tangents, ans, x, e: tangents[0] * 2.0 ** e)
    ldexp.defvjp(lambda g, ans, x, e: (g * 2.0 ** e, None))
    x = ad.tensor([1.5, -2.0], requires_grad=True)
    y = np.ldexp(x, 3)
    np.testing.assert_allclose(y.detach().numpy(), [12.0, -16.0], rtol=1e-6)
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [8.0, 8.0], rtol=1e-6)


def test_numel_of_a_traced_tensor():
    # ad.numel needs the shape only, so it works on a tensor a transform traces
    np.testing.assert_allclose(ad.grad(lambda x: ad.sum(x) / ad.numel(x))(np.ones(4)),
                               np.full(4, 0.25))
