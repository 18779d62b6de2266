"""``scatter_add``/``index_add`` (PyTorch's names) and ``np.ufunc`` methods on tensors: values
from plain loops, gradients from their transposes (gathering the cotangent back), and PyTorch's
results when it is installed."""
import numpy as np
import pytest

import autodiff as ad

X = np.arange(12.0).reshape(3, 4)
INDEX = np.array([[0, 1, 2, 0], [2, 2, 0, 1]])
SRC = np.linspace(1.0, 2.0, 8).reshape(2, 4)
W = np.cos(np.arange(12.0)).reshape(3, 4)


def test_scatter_add_along_rows_is_a_loop_of_additions_and_its_gradient_gathers():
    expected = X.copy()
    for i in range(2):
        for j in range(4):
            expected[INDEX[i, j], j] += SRC[i, j]
    x, src = ad.tensor(X, requires_grad=True), ad.tensor(SRC, requires_grad=True)
    out = ad.scatter_add(x, 0, ad.tensor(INDEX), src)
    np.testing.assert_array_equal(out.detach().numpy(), expected)
    (out * ad.tensor(W)).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), W)
    np.testing.assert_array_equal(src.grad.numpy(), W[INDEX, np.arange(4)])


@pytest.mark.parametrize("dim", [0, 1])
def test_index_add_repeated_indices_add_up(dim):
    index = np.array([0, 2, 0])
    source = np.linspace(1.0, 2.0, 12).reshape(3, 4) if dim == 0 else np.linspace(
        1.0, 2.0, 9).reshape(3, 3)
    expected = X.copy()
    for k, i in enumerate(index):
        if dim == 0:
            expected[i] += 2.0 * source[k]
        else:
            expected[:, i] += 2.0 * source[:, k]
    s = ad.tensor(source, requires_grad=True)
    out = ad.tensor(X).index_add(dim, ad.tensor(index), s, alpha=2.0)
    np.testing.assert_allclose(out.detach().numpy(), expected)
    (out * ad.tensor(W)).sum().backward()
    gathered = 2.0 * (W[index] if dim == 0 else W[:, index])
    np.testing.assert_allclose(s.grad.numpy(), gathered)
    y = ad.tensor(X.copy())
    y.index_add_(dim, ad.tensor(index), ad.tensor(source), alpha=2.0)
    np.testing.assert_allclose(y.numpy(), expected)


def test_against_pytorch():
    torch = pytest.importorskip("torch")
    src = SRC[:, :3]
    tx, ts = torch.tensor(X, requires_grad=True), torch.tensor(src, requires_grad=True)
    ref = torch.scatter_add(tx, 1, torch.tensor(INDEX[:, :3] % 4), ts)
    (ref * torch.tensor(W)).sum().backward()
    x, s = ad.tensor(X, requires_grad=True), ad.tensor(src, requires_grad=True)
    out = ad.scatter_add(x, 1, ad.tensor(INDEX[:, :3] % 4), s)
    (out * ad.tensor(W)).sum().backward()
    np.testing.assert_array_equal(out.detach().numpy(), ref.detach().numpy())
    np.testing.assert_array_equal(s.grad.numpy(), ts.grad.numpy())


@pytest.mark.parametrize("call", [
    lambda a: np.add.reduce(a), lambda a: np.add.reduce(a, axis=1, keepdims=True),
    lambda a: np.multiply.reduce(a, axis=None), lambda a: np.maximum.reduce(a, axis=1),
    lambda a: np.minimum.reduce(a, axis=0), lambda a: np.add.accumulate(a),
    lambda a: np.multiply.accumulate(a, axis=1), lambda a: np.subtract.outer(a, X[0]),
    lambda a: np.multiply.outer(X[:, 0], a), lambda a: np.power.outer(a[0] / 10, a[1] / 10),
])
def test_ufunc_methods_match_numpy_and_finite_differences(call):
    x = X + np.linspace(0.1, 0.9, 12).reshape(3, 4)          # no ties for maximum/minimum
    ref = call(x)
    np.testing.assert_allclose(call(ad.tensor(x)), ref, rtol=1e-14)
    w = np.cos(np.arange(np.size(ref))).reshape(np.shape(ref))
    g = ad.grad(lambda a: ad.sum(call(a) * w))(x)
    fd = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = 1e-6
        fd[i] = (np.sum(call(x + e) * w) - np.sum(call(x - e) * w)) / 2e-6
    np.testing.assert_allclose(g, fd, rtol=1e-6, atol=1e-6)


def test_ufunc_methods_without_a_rule_say_what_to_use():
    with pytest.raises(TypeError, match="index_add_"):
        np.add.at(ad.tensor(X), [0], 1.0)
    with pytest.raises(TypeError, match="numpy.add.reduceat"):
        np.add.reduceat(ad.tensor(X), [0, 1])
