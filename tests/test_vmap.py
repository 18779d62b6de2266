"""``ad.vmap`` against a Python loop over the examples (values, per-example gradients, nesting,
axes), against ``torch.func.vmap`` when PyTorch is installed, and composed with grad and jit."""
import numpy as np
import pytest

import autodiff as ad

rng = np.random.default_rng(0)
XS = rng.standard_normal((5, 3))
W = rng.standard_normal(3)


def f(x):
    return ad.tanh(x @ W) * ad.sum(x ** 2)


def loss(w, x):
    return ad.sum(ad.sin(x * w)) ** 2


def test_values_equal_the_loop():
    np.testing.assert_allclose(ad.vmap(f)(XS), [f(x) for x in XS], rtol=1e-14)


def test_per_example_gradients():
    got = ad.vmap(ad.grad(loss), in_axes=(None, 0))(W, XS)
    np.testing.assert_allclose(got, [ad.grad(loss)(W, x) for x in XS], rtol=1e-13)


def test_axes_tuples_and_nesting():
    np.testing.assert_allclose(ad.vmap(lambda x: x * 2 + 1, in_axes=1, out_axes=1)(XS),
                               XS * 2 + 1)
    total, biggest = ad.vmap(lambda x: (ad.sum(x), ad.amax(x)))(XS)
    np.testing.assert_allclose(total, XS.sum(1))
    np.testing.assert_allclose(biggest, XS.max(1))
    np.testing.assert_allclose(ad.vmap(ad.vmap(lambda a: a ** 2))(XS), XS ** 2)
    np.testing.assert_allclose(ad.vmap(lambda x, y: x * y, in_dims=(0, None))(XS, W), XS * W)


def test_composes_with_grad_jit_and_backward():
    g = ad.grad(lambda w: ad.sum(ad.vmap(lambda x: ad.sin(x @ w))(XS)))(W)
    np.testing.assert_allclose(g, (np.cos(XS @ W)[:, None] * XS).sum(0), rtol=1e-13)
    jitted = ad.jit(ad.vmap(f))
    jitted(XS)
    np.testing.assert_allclose(jitted(XS + 1), [f(x) for x in XS + 1], rtol=1e-13)
    t = ad.tensor(XS, requires_grad=True)
    ad.vmap(lambda x: (x ** 2).sum())(t).sum().backward()
    np.testing.assert_allclose(t.grad.numpy(), 2 * XS)


def test_bad_input_says_what_is_wrong():
    with pytest.raises(ValueError, match="different batch sizes"):
        ad.vmap(lambda x, y: x + y)(XS, XS[:2])
    with pytest.raises(ValueError, match="no argument has a batch axis"):
        ad.vmap(lambda x: x, in_axes=None)(XS)
    with pytest.raises(TypeError, match="batch of 5 values"):
        ad.vmap(lambda x: x if float(x[0]) > 0 else -x)(XS)


def test_against_torch_func_vmap():
    torch = pytest.importorskip("torch")
    expected = torch.func.vmap(lambda x: torch.tanh(x @ torch.tensor(W)) * (x ** 2).sum())(
        torch.tensor(XS))
    np.testing.assert_allclose(ad.vmap(f)(XS), expected.numpy(), rtol=1e-14)
