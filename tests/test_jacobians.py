"""Jacobians, Hessians and HVPs against analytic values, finite differences and the per-column
loop of single JVPs / VJPs (the loop lives here, as the reference, not in the library)."""
import numpy as np
import pytest
from scipy.optimize import rosen_der, rosen_hess, rosen_hess_prod

import autodiff as ad

rng = np.random.default_rng(1)


def rosen(x):
    """SciPy's Rosenbrock formula in plain numpy (scipy's own ``rosen`` converts its argument
    with ``xp.asarray`` and so cannot be traced)."""
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2.0) ** 2.0 + (1 - x[:-1]) ** 2.0)


def loop_jacrev(f, x):
    """Reference: one VJP per output element."""
    out, vjp_fn = ad.vjp(f, x)
    rows = [vjp_fn(e.reshape(out.shape))[0] for e in np.eye(out.size)]
    return np.stack(rows).reshape(out.shape + x.shape)


def loop_jacfwd(f, x):
    """Reference: one JVP per input element."""
    cols = [ad.jvp(f, (x,), (e.reshape(x.shape),))[1] for e in np.eye(x.size)]
    out_shape = np.shape(cols[0])
    return np.stack([np.ravel(c) for c in cols], axis=1).reshape(out_shape + x.shape)


def numeric_jacobian(f, x, eps=1e-6):
    cols = []
    for e in np.eye(x.size):
        e = e.reshape(x.shape)
        cols.append(np.ravel((np.asarray(f(x + eps * e)) - np.asarray(f(x - eps * e))) /
                             (2 * eps)))
    out_shape = np.shape(f(x))
    return np.stack(cols, axis=1).reshape(out_shape + x.shape)


W = rng.standard_normal((6, 6)) / 3


def net(x):
    return np.tanh(W @ np.tanh(W @ x))


def net_jacobian(x):
    h = np.tanh(W @ x)
    y = np.tanh(W @ h)
    return np.diag(1 - y ** 2) @ W @ np.diag(1 - h ** 2) @ W


FUNCTIONS = {
    "net": (net, (6,)),
    "matrix-in-out": (lambda a: ad.exp(a).T @ a, (3, 2)),
    "reductions": (lambda x: ad.stack([ad.sum(x * x, dim=1), ad.norm(x, dim=1),
                                       ad.amax(x, dim=1), ad.max(x, dim=1).values]), (3, 4)),
    "indexing": (lambda x: ad.cat([x[1:] * x[:-1], x[np.array([0, 0, 2])]]), (5,)),
    "wide": (lambda x: ad.outer(x, ad.sin(x)).reshape(-1), (3,)),
    "narrow": (lambda x: ad.sum(ad.sqrt(x * x + 1), dim=0), (4, 3)),
    "scalar-out": (lambda x: rosen(x), (5,)),
}


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_jacobians_match_loops_and_finite_differences(name):
    f, shape = FUNCTIONS[name]
    x = rng.standard_normal(shape)
    ref = loop_jacfwd(f, x)
    np.testing.assert_allclose(loop_jacrev(f, x), ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(numeric_jacobian(f, x), ref, rtol=1e-5, atol=1e-6)
    for jac in (ad.jacrev(f), ad.jacfwd(f), ad.jacobian(f), ad.jacobian(f, mode="fwd"),
                ad.jacobian(f, mode="rev"), ad.jacrev(f, chunk_size=2),
                ad.jacfwd(f, chunk_size=2), ad.jacobian(f, chunk_size=3)):
        got = jac(x)
        assert isinstance(got, np.ndarray)
        np.testing.assert_allclose(got, ref, rtol=1e-10, atol=1e-12)


def test_jacobian_of_the_network_is_the_analytic_one():
    x = rng.standard_normal(6)
    want = net_jacobian(x)
    np.testing.assert_allclose(ad.jacrev(net)(x), want, rtol=1e-12)
    np.testing.assert_allclose(ad.jacfwd(net)(x), want, rtol=1e-12)


def test_jacobian_through_an_op_without_batching_kind():
    @ad.primitive
    def cube(x):
        return x ** 3

    cube.defjvp(lambda tangents, ans, x: 3 * x ** 2 * tangents[0])
    cube.defvjp(lambda g, ans, x: (3 * x ** 2 * g,))
    x = rng.standard_normal(4)
    f = lambda x: cube(ad.sin(x))
    want = np.diag(3 * np.sin(x) ** 2 * np.cos(x))
    np.testing.assert_allclose(ad.jacrev(f)(x), want, rtol=1e-12)
    np.testing.assert_allclose(ad.jacfwd(f)(x), want, rtol=1e-12)
    np.testing.assert_allclose(ad.hessian(lambda x: ad.sum(cube(x)))(x), np.diag(6 * x),
                               rtol=1e-12)


@pytest.mark.parametrize("n_in,n_out,mode", [(2, 5, "fwd"), (5, 2, "rev"), (3, 3, "rev")])
def test_auto_mode_evaluates_once_and_picks_the_cheaper_direction(n_in, n_out, mode,
                                                                   monkeypatch):
    A = rng.standard_normal((n_out, n_in))
    calls = []

    def f(x):
        calls.append(1)
        return ad.tanh(A @ x)

    used = []
    from autodiff import jacobians
    rev, fwd = jacobians._rev_on, jacobians._fwd_on_tape
    monkeypatch.setattr(jacobians, "_rev_on", lambda *a: used.append("rev") or rev(*a))
    monkeypatch.setattr(jacobians, "_fwd_on_tape", lambda *a: used.append("fwd") or fwd(*a))
    x = rng.standard_normal(n_in)
    got = ad.jacobian(f)(x)
    assert len(calls) == 1 and used == [mode]
    want = (1 - np.tanh(A @ x) ** 2)[:, None] * A
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_several_argnums_and_unused_arguments():
    def f(x, y, z):
        return ad.sin(x) * y[0] + 0 * z[:2]

    x, y, z = rng.standard_normal(2), rng.standard_normal(3), rng.standard_normal(4)
    for jac in (ad.jacrev, ad.jacfwd, ad.jacobian):
        jx, jy, jz = jac(f, argnums=(0, 1, 2))(x, y, z)
        np.testing.assert_allclose(jx, np.diag(np.cos(x) * y[0]), rtol=1e-12)
        want_y = np.zeros((2, 3))
        want_y[:, 0] = np.sin(x)
        np.testing.assert_allclose(jy, want_y, rtol=1e-12)
        np.testing.assert_allclose(jz, np.zeros((2, 4)))


def test_constant_output_gives_zero_jacobian():
    f = lambda x: np.ones(3)
    for jac in (ad.jacrev, ad.jacfwd, ad.jacobian):
        np.testing.assert_array_equal(jac(f)(np.ones(2)), np.zeros((3, 2)))


def test_hessian_and_hvp_of_rosenbrock():
    x = rng.standard_normal(8)
    v = rng.standard_normal(8)
    np.testing.assert_allclose(ad.grad(rosen)(x), rosen_der(x), rtol=1e-12)
    np.testing.assert_allclose(ad.hessian(rosen)(x), rosen_hess(x), rtol=1e-12, atol=1e-10)
    g, hv = ad.hvp(rosen, (x,), (v,))
    np.testing.assert_allclose(g, rosen_der(x), rtol=1e-12)
    np.testing.assert_allclose(hv, rosen_hess_prod(x, v), rtol=1e-12, atol=1e-10)


def test_hessian_matches_every_composition_and_finite_differences():
    f = lambda x: ad.sum(ad.sin(x) * ad.exp(x[::-1])) + ad.norm(x) ** 3
    x = rng.standard_normal(5)
    h = ad.hessian(f)(x)
    np.testing.assert_allclose(h, h.T, rtol=1e-12)
    np.testing.assert_allclose(numeric_jacobian(ad.grad(f), x), h, rtol=1e-5, atol=1e-6)
    for compose in (lambda g: ad.jacrev(ad.jacrev(g)), lambda g: ad.jacfwd(ad.jacfwd(g)),
                    lambda g: ad.jacrev(ad.jacfwd(g)), lambda g: ad.hessian(g, chunk_size=2)):
        np.testing.assert_allclose(compose(f)(x), h, rtol=1e-10, atol=1e-12)
    for k, e in enumerate(np.eye(5)):
        np.testing.assert_allclose(ad.hvp(f, (x,), (e,))[1], h[:, k], rtol=1e-10, atol=1e-12)


def test_jacobians_nest_inside_other_transforms():
    A = rng.standard_normal((3, 3))
    x = rng.standard_normal(3)
    # d/dx sum(J(x)) with J = jacfwd(tanh(A x)): reverse over batched forward, and the rest.
    g = lambda x: ad.sum(ad.jacfwd(lambda y: ad.tanh(A @ y))(x))
    want = numeric_jacobian(g, x)
    for outer in (ad.grad, ad.jacfwd, ad.jacrev):
        np.testing.assert_allclose(outer(g)(x), want, rtol=1e-5, atol=1e-7)
    g2 = lambda x: ad.sum(ad.jacrev(lambda y: ad.tanh(A @ y))(x) ** 2)
    np.testing.assert_allclose(ad.grad(g2)(x), numeric_jacobian(g2, x), rtol=1e-5, atol=1e-7)


def test_jacobian_of_tensor_inputs_returns_tensors():
    x = ad.tensor(np.array([1.0, 2.0]))
    j = ad.jacrev(lambda x: x * x)(x)
    assert isinstance(j, ad.Tensor)
    np.testing.assert_allclose(j.numpy(), np.diag([2.0, 4.0]))


def test_linearize_pushes_tangents_without_reevaluating():
    calls = []

    def f(x):
        calls.append(1)
        return ad.sin(x) * x

    x = rng.standard_normal(3)
    out, f_jvp = ad.linearize(f, x)
    np.testing.assert_allclose(out, np.sin(x) * x)
    for v in np.eye(3):
        np.testing.assert_allclose(f_jvp(v), ad.jvp(f, (x,), (v,))[1], rtol=1e-12)
    assert len(calls) == 1 + 3      # linearize once, then the three reference jvp calls


def test_jacobians_of_tensors_that_require_grad_backpropagate():
    x = ad.tensor(np.array([1.0, 2.0, 3.0]), requires_grad=True)
    for jac in (ad.jacfwd, ad.jacrev, ad.jacobian):
        x.grad = None
        jac(lambda x: x ** 3)(x).sum().backward()
        np.testing.assert_allclose(x.grad.numpy(), 6 * np.array([1.0, 2.0, 3.0]))
    x.grad = None
    ad.hessian(lambda x: (x ** 4).sum())(x).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), 24 * np.array([1.0, 2.0, 3.0]))


def test_auto_mode_uses_the_direction_an_op_has_a_rule_for():
    @ad.primitive
    def only_vjp(x):
        return np.sin(x)

    only_vjp.defvjp(lambda g, ans, x: (g * ad.cos(x),))
    f = lambda x: ad.outer(only_vjp(x), x)          # 2 inputs, 4 outputs: auto prefers fwd
    x = np.array([0.3, -1.2])
    want = ad.jacrev(f)(x)
    np.testing.assert_allclose(ad.jacobian(f)(x), want)
    with pytest.raises(ad.MissingRuleError, match="only_vjp"):
        ad.jacfwd(f)(x)


@pytest.mark.parametrize("module", ["pytree", "transforms", "jacobians", "engines.batching",
                                    "optimize"])
def test_docstring_examples_run(module):
    import doctest
    import importlib
    result = doctest.testmod(importlib.import_module(f"autodiff.{module}"))
    assert result.failed == 0 and result.attempted > 0


def _count_numpy_calls(monkeypatch):
    """Count every call of a primitive's numpy implementation (the work the engines do)."""
    np.sin(ad.tensor(1.0))            # the numpy protocol's ufunc table is built before patching
    calls = []
    for prim in set(ad.core.REGISTRY.values()):
        # the wrapper hides that the implementation is a ufunc: declare it elementwise
        if prim.batch_rule is None and isinstance(prim.impl, np.ufunc):
            monkeypatch.setattr(prim, "batch_rule", "elementwise")
        def counted(*a, _impl=prim.impl, **k):
            calls.append(1)
            return _impl(*a, **k)
        monkeypatch.setattr(prim, "impl", counted)
    return calls


def test_hvp_costs_a_constant_times_one_gradient_whatever_the_dimension(monkeypatch):
    calls = _count_numpy_calls(monkeypatch)
    counts = {}
    for n in (10, 1000):
        x, v = rng.standard_normal(n), rng.standard_normal(n)
        calls.clear()
        ad.grad(rosen)(x)
        grad_calls = len(calls)
        calls.clear()
        ad.hvp(rosen, (x,), (v,))
        counts[n] = (grad_calls, len(calls))
    assert counts[10] == counts[1000]                 # no per-dimension work
    grad_calls, hvp_calls = counts[1000]
    assert hvp_calls <= 4 * grad_calls


def test_jacobians_take_one_pass_not_one_per_row(monkeypatch):
    calls = _count_numpy_calls(monkeypatch)
    counts = {}
    for n in (4, 40):
        A = rng.standard_normal((n, n))
        x = rng.standard_normal(n)
        f = lambda x, A=A: ad.tanh(A @ ad.sin(x))
        for name, jac in (("rev", ad.jacrev), ("fwd", ad.jacfwd), ("auto", ad.jacobian)):
            calls.clear()
            jac(f)(x)
            counts[name, n] = len(calls)
    for name in ("rev", "fwd", "auto"):
        assert counts[name, 4] == counts[name, 40], name


def test_default_chunking_and_float32(monkeypatch):
    from autodiff import jacobians
    monkeypatch.setattr(jacobians, "CHUNK_ELEMENTS", 12)    # 12 // 5 = 2 rows a pass
    x = rng.standard_normal(5).astype(np.float32)
    f = lambda x: ad.sin(x) * x[::-1]
    want = loop_jacfwd(f, x)
    for jac in (ad.jacrev, ad.jacfwd, ad.jacobian):
        got = jac(f)(x)
        assert got.dtype == np.float32
        np.testing.assert_allclose(got, want, rtol=1e-6)
    with pytest.raises(ValueError, match="chunk_size"):
        ad.jacfwd(f, chunk_size=0)(x)
