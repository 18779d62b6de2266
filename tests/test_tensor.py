"""The torch-style surface: creation, dtypes, attributes, graph bookkeeping, grad mode."""
import threading

import numpy as np
import pytest

import autodiff as ad


def test_default_dtype_is_float32_and_can_change():
    assert ad.tensor([1.0]).dtype == np.float32
    assert ad.arange(4.0).dtype == np.float32 and ad.arange(4).dtype == np.int64
    assert ad.tensor(np.arange(3.0)).dtype == np.float64      # numpy keeps its dtype
    ad.set_default_dtype(np.float64)
    assert ad.tensor([1.0]).dtype == np.float64 and ad.randn(2).dtype == np.float64


def test_creation_functions_shapes_and_values():
    assert ad.zeros(2, 3).shape == (2, 3) and ad.ones((2,)).tolist() == [1.0, 1.0]
    assert ad.full((2,), 7.0).tolist() == [7.0, 7.0]
    np.testing.assert_array_equal(ad.eye(3).numpy(), np.eye(3))
    assert ad.linspace(0, 1, 5).tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert ad.zeros_like(ad.arange(3)).dtype == np.int64
    assert ad.randn(size=()).shape == () and ad.randn(2, 3).shape == (2, 3)
    assert ad.rand(4).numpy().min() >= 0
    assert ad.normal(0.0, 1.0, size=(5,)).shape == (5,)
    shared = np.zeros(3)
    ad.from_numpy(shared).zero_()
    ad.as_tensor(shared)._data[0] = 1.0
    assert shared[0] == 1.0                                    # shares memory, as in PyTorch


def test_manual_seed_makes_randn_repeatable():
    ad.manual_seed(7)
    first = ad.randn(3).tolist()
    ad.manual_seed(7)
    assert ad.randn(3).tolist() == first


def test_attributes_and_conversions():
    x = ad.arange(6.0).reshape(2, 3)
    assert x.shape == (2, 3) and x.ndim == 2 and x.numel() == 6 and len(x) == 2
    assert repr(x.size()) == "Size([2, 3])" and x.size(1) == 3
    assert x.T.shape == (3, 2)
    assert float(ad.tensor(2.5)) == 2.5 and ad.tensor(3).item() == 3
    assert bool(ad.tensor(1.0)) and np.asarray(x).shape == (2, 3)
    with pytest.raises(TypeError, match="0-d"):
        len(ad.tensor(1.0))


def test_leaf_and_graph_bookkeeping():
    x = ad.arange(3.0, requires_grad=True)
    y = x * 2
    z = y.sum()
    assert x.is_leaf and not y.is_leaf
    assert z.grad_fn.name() == "SumBackward0"
    mul_node = z.grad_fn.next_functions[0][0]
    assert mul_node.name() == "MulBackward0"
    assert mul_node.next_functions[0][0].name() == "AccumulateGrad"
    assert mul_node.next_functions[1] == (None, 0)          # the constant 2 needs no gradient
    assert x.sum(dim=0).grad_fn.name() == "SumBackward1"


def test_retain_grad_keeps_a_non_leaf_gradient():
    x = ad.arange(3.0, requires_grad=True)
    y = x * x
    y.retain_grad()
    (y * 3).sum().backward()
    np.testing.assert_array_equal(y.grad.numpy(), [3.0, 3.0, 3.0])
    np.testing.assert_array_equal(x.grad.numpy(), 6 * np.arange(3.0))


def test_non_leaf_grad_access_warns_like_pytorch():
    x = ad.arange(3.0, requires_grad=True)
    y = x * 2
    with pytest.warns(UserWarning, match="not a leaf Tensor"):
        assert y.grad is None


def test_gradients_accumulate_across_backward_calls():
    x = ad.tensor([1.0, 2.0], requires_grad=True)
    (x * x).sum().backward()
    (x * x).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [4.0, 8.0])


def test_detach_shares_values_and_leaves_the_graph():
    x = ad.arange(3.0, requires_grad=True)
    y = (x * 2).detach()
    assert y.grad_fn is None and not y.requires_grad
    z = (y * x).sum()
    z.backward()
    np.testing.assert_array_equal(x.grad.numpy(), y.numpy())


def test_no_grad_and_enable_grad():
    x = ad.arange(3.0, requires_grad=True)
    with ad.no_grad():
        y = x * 2
        with ad.enable_grad():
            z = x * 2
    assert y.grad_fn is None and not y.requires_grad
    assert z.grad_fn is not None


def test_no_grad_is_thread_local():
    seen = {}

    def other_thread():
        seen["enabled"] = ad.is_grad_enabled()

    with ad.no_grad():
        t = threading.Thread(target=other_thread)
        t.start()
        t.join()
        assert not ad.is_grad_enabled()
    assert seen["enabled"] is True


def test_no_grad_as_a_decorator_of_a_recursive_function():
    # one decorator instance, entered again before it exits: each call restores its own mode
    @ad.no_grad()
    def depth(n):
        assert not ad.is_grad_enabled()
        return 0 if n == 0 else depth(n - 1) + 1

    assert depth(3) == 3
    assert ad.is_grad_enabled()


def test_broadcasting_gradients_are_summed_back():
    x = ad.ones(3, 1, requires_grad=True)
    y = ad.arange(4.0, requires_grad=True)
    (x * y).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), np.full((3, 1), 6.0))
    np.testing.assert_array_equal(y.grad.numpy(), np.full(4, 3.0))


def test_mixed_dtypes_give_gradients_in_each_inputs_dtype():
    x = ad.tensor([1.0, 2.0], requires_grad=True)                 # float32
    w = ad.tensor(np.array([0.5, 0.25]), requires_grad=True)      # float64
    (x * w).sum().backward()
    assert x.grad.dtype == np.float32 and w.grad.dtype == np.float64


def test_indexing_and_joining_are_differentiated():
    x = ad.arange(6.0, requires_grad=True)
    y = ad.cat([x[1:3], x[[0, 0]], x[x > 3.5]])
    ad.stack([y, y]).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [4.0, 2.0, 2.0, 0.0, 2.0, 2.0])


def test_reductions_with_dim_and_keepdim():
    x = ad.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    m = x.mean(dim=1, keepdim=True)
    assert m.shape == (2, 1)
    (m * ad.tensor(np.array([[1.0], [2.0]]))).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [[1 / 3] * 3, [2 / 3] * 3])


def test_norm_and_its_gradient_at_zero():
    x = ad.tensor(np.array([3.0, 4.0]), requires_grad=True)
    n = x.norm()
    assert n.item() == 5.0
    n.backward()
    np.testing.assert_allclose(x.grad.numpy(), [0.6, 0.8])
    z = ad.zeros(2, dtype=np.float64, requires_grad=True)
    z.norm().backward()
    np.testing.assert_array_equal(z.grad.numpy(), [0.0, 0.0])     # subgradient, no nan


def test_where_maximum_relu_abs_sqrt_match_analytic():
    xs = np.array([-2.0, -0.5, 0.5, 2.0])
    x = ad.tensor(xs, requires_grad=True)
    out = ad.where(x > 0, x ** 2, -x) + ad.maximum(x, 1.0) + x.relu() + x.abs() + (x * x).sqrt()
    out.sum().backward()
    expected = np.where(xs > 0, 2 * xs, -1) + (xs > 1) + (xs > 0) + np.sign(xs) + np.sign(xs)
    np.testing.assert_allclose(x.grad.numpy(), expected)


def test_matmul_gradients_match_analytic():
    rng = np.random.default_rng(0)
    a, b, v = rng.normal(size=(3, 4)), rng.normal(size=(4, 2)), rng.normal(size=4)
    ta, tb, tv = (ad.tensor(m, requires_grad=True) for m in (a, b, v))
    ((ta @ tb).sum() + (ta @ tv).sum() + (tv @ tb).sum()).backward()
    np.testing.assert_allclose(ta.grad.numpy(), np.ones((3, 2)) @ b.T + np.outer(np.ones(3), v))
    np.testing.assert_allclose(tb.grad.numpy(), a.T @ np.ones((3, 2)) + np.outer(v, np.ones(2)))
    np.testing.assert_allclose(tv.grad.numpy(), a.T @ np.ones(3) + b @ np.ones(2))


def test_zero_dim_gradient_summed_from_many_paths():
    x = ad.tensor(2.0, dtype=np.float64, requires_grad=True)
    (x * x + x * 3 + x.sin()).backward()
    assert np.isclose(x.grad.item(), 2 * 2.0 + 3 + np.cos(2.0), rtol=1e-15)


def test_numpy_conversion_of_a_traced_value_is_refused_not_silently_constant():
    def uses_asarray(x):
        return np.asarray(x).sum() * x.sum()

    with pytest.raises(TypeError, match="silently drop its derivative"):
        ad.grad(uses_asarray)(np.ones(3))
    assert ad.grad(lambda x: x.detach().sum() * x.sum())(np.ones(3)).tolist() == [3.0] * 3


def test_numpy_method_of_a_traced_value_is_refused_as_asarray_is():
    # .numpy() inside a transform cut the derivative silently (a gradient of zeros)
    with pytest.raises(TypeError, match="silently drop its derivative"):
        ad.grad(lambda x: ad.tensor(np.sin(x.numpy())).sum())(np.ones(3))
    with pytest.raises(TypeError, match="silently drop its derivative"):
        ad.jvp(lambda x: x.numpy(), (np.ones(3),), (np.ones(3),))
    assert ad.grad(lambda x: (x * x.detach().numpy()).sum())(np.ones(3)).tolist() == [1.0] * 3


def test_to_cpu_keeps_the_tensor_and_other_devices_are_refused():
    x = ad.arange(3.0, requires_grad=True)
    assert x.to("cpu") is x
    assert x.to(np.float64).dtype == np.float64
    with pytest.raises(RuntimeError, match="'cuda' is not available"):
        x.to("cuda")


def test_remainder_is_exported_and_differentiated():
    x = ad.tensor(np.array([5.5, -1.25]), requires_grad=True)
    ad.remainder(x, 2.0).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [1.0, 1.0])     # d/dx (x mod c) = 1
    assert ad.floor_divide(ad.tensor(7), 2).item() == 3
