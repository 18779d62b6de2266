"""PyTorch's autograd API beyond the document: autograd.grad/backward, the functional API,
hooks and grad modes, against analytic derivatives and (where installed) PyTorch itself."""
import numpy as np
import pytest

import autodiff as ad

F = ad.autograd.functional


def test_autograd_grad_leaves_and_intermediates_without_touching_grad():
    x = ad.tensor([1.0, 2.0], dtype=np.float64, requires_grad=True)
    h = x * 3
    y = (h * h).sum()                  # y = 9 x^2, dy/dx = 18 x, dy/dh = 2 h
    gx, gh = ad.autograd.grad(y, [x, h])
    np.testing.assert_allclose(gx.numpy(), [18.0, 36.0])
    np.testing.assert_allclose(gh.numpy(), [6.0, 12.0])
    assert x.grad is None


def test_autograd_grad_several_outputs_and_grad_outputs():
    x = ad.tensor([1.0, 2.0], dtype=np.float64, requires_grad=True)
    (g,) = ad.autograd.grad([x * x, x.sum()], x, grad_outputs=[ad.tensor([1.0, 0.5],
                                                                          dtype=np.float64),
                                                                None])
    np.testing.assert_allclose(g.numpy(), [2 * 1.0 * 1.0 + 1, 2 * 2.0 * 0.5 + 1])


def test_autograd_grad_create_graph_gives_second_derivatives():
    x = ad.tensor(1.5, dtype=np.float64, requires_grad=True)
    (g,) = ad.autograd.grad(x ** 3, x, create_graph=True)
    (h,) = ad.autograd.grad(g, x)
    assert g.item() == pytest.approx(3 * 1.5 ** 2) and h.item() == pytest.approx(6 * 1.5)


def test_autograd_grad_unused_inputs():
    x = ad.tensor([1.0], requires_grad=True)
    z = ad.tensor([2.0], requires_grad=True)
    y = (x * 2).sum()
    with pytest.raises(RuntimeError, match="allow_unused=True"):
        ad.autograd.grad(y, [x, z], retain_graph=True)
    gx, gz = ad.autograd.grad(y, [x, z], allow_unused=True)
    assert gx.item() == 2.0 and gz is None
    with pytest.raises(RuntimeError, match="does not require grad"):
        ad.autograd.grad((x * 2).sum(), ad.tensor([1.0]))


def test_autograd_backward_accumulates_from_several_outputs():
    x = ad.tensor([1.0, 2.0], requires_grad=True)
    ad.autograd.backward([(x * x).sum(), x.sum()])
    np.testing.assert_allclose(x.grad.numpy(), [3.0, 5.0])


def test_hooks_see_and_replace_gradients_and_can_be_removed():
    x = ad.tensor([1.0, 2.0], requires_grad=True)
    handle = x.register_hook(lambda g: g * 2)
    (x * x).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [4.0, 8.0])     # 2 * (2 x)
    handle.remove()
    x.grad = None
    (x * x).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [2.0, 4.0])
    u = ad.tensor([1.0, 2.0], requires_grad=True)
    m = u * 3
    seen = []
    m.register_hook(seen.append)
    (m * m).sum().backward()
    np.testing.assert_allclose(seen[0].numpy(), [6.0, 12.0])    # d/dm m^2 = 2m
    np.testing.assert_allclose(u.grad.numpy(), [18.0, 36.0])
    with pytest.raises(RuntimeError, match="doesn't require"):
        ad.tensor([1.0]).register_hook(print)


def test_no_grad_as_a_bare_decorator_and_inference_mode():
    @ad.no_grad
    def f(x):
        return x * 2

    x = ad.tensor([1.0], requires_grad=True)
    assert not f(x).requires_grad and (x * 2).requires_grad
    with ad.inference_mode():
        assert not (x * 2).requires_grad and ad.is_inference_mode_enabled()
    assert ad.is_grad_enabled() and not ad.is_inference_mode_enabled()
    ad.set_grad_enabled(False)
    try:
        assert not ad.is_grad_enabled()
    finally:
        ad.set_grad_enabled(True)


def _cube_sum(x):
    return (x ** 3).sum()


def test_functional_api_against_analytic_values():
    x = ad.tensor([1.0, 2.0], dtype=np.float64)
    v = ad.tensor([1.0, -1.0], dtype=np.float64)
    np.testing.assert_allclose(F.jacobian(lambda a: a ** 2, x).numpy(), np.diag([2.0, 4.0]))
    np.testing.assert_allclose(F.jacobian(lambda a: a ** 2, x, strategy="forward-mode").numpy(),
                               np.diag([2.0, 4.0]))
    np.testing.assert_allclose(F.hessian(_cube_sum, x).numpy(), np.diag([6.0, 12.0]))
    out, hv = F.hvp(_cube_sum, x, v)
    assert out.item() == 9.0
    np.testing.assert_allclose(hv.numpy(), [6.0, -12.0])
    np.testing.assert_allclose(F.vhp(_cube_sum, x, v)[1].numpy(), [6.0, -12.0])
    np.testing.assert_allclose(F.vjp(lambda a: a ** 2, x, v)[1].numpy(), [2.0, -4.0])
    np.testing.assert_allclose(F.jvp(lambda a: a ** 2, x, v)[1].numpy(), [2.0, -4.0])
    with pytest.raises(RuntimeError, match="independent of input 1"):
        F.jacobian(lambda a, b: a * 2, (x, x), strict=True)
    with pytest.raises(TypeError, match="Tensor or a tuple of Tensors"):
        F.jacobian(lambda a: a, [1.0, 2.0])


def test_functional_api_matches_pytorch():
    torch = pytest.importorskip("torch")
    TF = torch.autograd.functional
    rng = np.random.default_rng(0)
    a, b, v = rng.standard_normal((3, 4))

    def f(x, y):
        return (x.sin() * y.exp()).sum()

    ours = F.hessian(f, (ad.tensor(a), ad.tensor(b)))
    theirs = TF.hessian(f, (torch.tensor(a), torch.tensor(b)))
    for r1, r2 in zip(ours, theirs):
        for o, t in zip(r1, r2):
            np.testing.assert_allclose(o.numpy(), t.numpy(), rtol=1e-12, atol=1e-14)
    o_out, o_hv = F.hvp(f, (ad.tensor(a), ad.tensor(b)), (ad.tensor(v), ad.tensor(v)))
    t_out, t_hv = TF.hvp(f, (torch.tensor(a), torch.tensor(b)), (torch.tensor(v),
                                                                  torch.tensor(v)))
    for o, t in zip(o_hv, t_hv):
        np.testing.assert_allclose(o.numpy(), t.numpy(), rtol=1e-12, atol=1e-14)
