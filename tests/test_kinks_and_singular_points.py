"""Derivatives at the points where a function has a kink, a tie, a NaN or a singular matrix:
PyTorch's subgradients (the values below were printed by torch 2.13, so the test also runs
where torch is absent), and the determinant's true derivative at singular matrices (finite
differences: det is a polynomial), where PyTorch 2.13 returns zeros."""
import numpy as np
import pytest

import autodiff as ad


def _backward(f, x):
    t = ad.tensor(np.asarray(x, dtype=np.float64), requires_grad=True)
    out = f(t)
    (out.sum() if out.ndim else out).backward()
    return t.grad.numpy()


@pytest.mark.parametrize("f, x, expected", [
    # max/min along a dim send the gradient to the index they return (the first of a tie) ...
    (lambda t: ad.max(t.reshape(1, 3), dim=1)[0], [1.0, 3.0, 3.0], [0.0, 1.0, 0.0]),
    (lambda t: t.reshape(1, 3).min(dim=1).values, [2.0, 1.0, 1.0], [0.0, 1.0, 0.0]),
    # ... the full reductions split it over the ties
    (lambda t: ad.max(t), [1.0, 3.0, 3.0], [0.0, 0.5, 0.5]),
    (lambda t: ad.amax(t.reshape(1, 3), dim=1), [3.0, 1.0, 3.0], [0.5, 0.0, 0.5]),
    # a NaN is the extreme it propagates
    (lambda t: ad.max(t), [np.nan, 1.0, np.nan], [0.5, 0.0, 0.5]),
    (lambda t: ad.maximum(t, ad.zeros_like(t)), [np.nan, 1.0], [1.0, 1.0]),
    # the standard deviation of constant data: 0, not 0/0
    (lambda t: ad.std(t), [2.0, 2.0, 2.0], [0.0, 0.0, 0.0]),
    (lambda t: ad.std(t.reshape(2, 2), dim=1), [2.0, 2.0, 1.0, 3.0],
     [0.0, 0.0, -0.7071067811865476, 0.7071067811865476]),
    # arctan2 at the origin
    (lambda t: ad.atan2(t, t), [0.0, 1.0], [0.0, 0.0]),
    # piecewise constant results are in the graph, with zero gradients
    (lambda t: ad.floor(t), [0.5, -1.5], [0.0, 0.0]),
    (lambda t: ad.round(t), [0.5, 1.5], [0.0, 0.0]),
    (lambda t: ad.sign(t), [0.5, -1.5], [0.0, 0.0]),
    (lambda t: ad.ceil(t), [0.5, -1.5], [0.0, 0.0]),
])
def test_pytorchs_subgradients(f, x, expected):
    np.testing.assert_allclose(_backward(f, x), expected, rtol=1e-15, atol=1e-15)


def test_piecewise_constant_results_carry_pytorchs_node_names():
    x = ad.tensor([0.5, 1.5], requires_grad=True)
    assert ad.floor(x).grad_fn.name() == "FloorBackward0"
    assert ad.round(x).requires_grad
    assert not (x > 1).requires_grad                 # booleans stay out of the graph


def _fd(f, a, eps=1e-6):
    out = np.zeros_like(a)
    for i in np.ndindex(a.shape):
        e = np.zeros_like(a)
        e[i] = eps
        out[i] = (f(a + e) - f(a - e)) / (2 * eps)
    return out


@pytest.mark.parametrize("a", [
    np.array([[1.0, 2.0], [2.0, 4.0]]),                               # rank 1
    np.arange(1.0, 10.0).reshape(3, 3),                               # rank 2
    np.diag([1.0, 0.0, 0.0]),                                         # rank 1, cofactors 0
    np.zeros((3, 3)),
], ids=["2x2 rank 1", "3x3 rank 2", "3x3 rank 1", "zero"])
def test_det_differentiates_at_singular_matrices(a):
    g = ad.grad(ad.det)(a)
    np.testing.assert_allclose(g, _fd(np.linalg.det, a), atol=1e-8)
    _, tangent = ad.jvp(ad.det, (a,), (np.ones_like(a),))
    np.testing.assert_allclose(tangent, g.sum(), atol=1e-12)
    hessian = ad.hessian(ad.det)(a)
    numeric = np.stack([_fd(lambda b: ad.grad(ad.det)(b)[i], a) for i in np.ndindex(a.shape)])
    np.testing.assert_allclose(hessian.reshape(numeric.shape), numeric, atol=1e-7)


def test_det_of_a_batch_with_one_singular_matrix_and_a_complex_one():
    batch = np.stack([np.array([[1.0, 2.0], [2.0, 4.0]]), np.array([[2.0, 1.0], [1.0, 3.0]])])
    g = ad.grad(lambda b: ad.sum(ad.det(b)))(batch)
    np.testing.assert_allclose(g, [[[4.0, -2.0], [-2.0, 1.0]], [[3.0, -1.0], [-1.0, 2.0]]])
    z = np.array([[1 + 1j, 2 - 1j], [2 + 2j, 4 - 2j]])                # singular
    _, pull = ad.vjp(ad.det, z)
    cofactors = np.array([[z[1, 1], -z[1, 0]], [-z[0, 1], z[0, 0]]])
    np.testing.assert_allclose(pull(np.array(1.0 + 0j))[0], cofactors, atol=1e-14)


def test_det_of_a_large_singular_matrix_uses_the_svd():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((40, 39)) @ rng.standard_normal((39, 40))
    g = ad.grad(ad.det)(a)
    np.testing.assert_allclose(g, _fd(np.linalg.det, a), rtol=1e-6, atol=1e-6 * np.abs(g).max())
