"""Pytrees: flatten/unflatten, and tuples, lists, dicts (nested) through every transform."""
from collections import namedtuple

import numpy as np
import pytest

import autodiff as ad
from autodiff.pytree import tree_flatten, tree_map, tree_structure, tree_unflatten

rng = np.random.default_rng(2)
Point = namedtuple("Point", ["x", "y"])


def test_flatten_round_trip():
    tree = {"b": [1.0, (2.0, None)], "a": Point(3.0, {"z": 4.0})}
    leaves, treedef = tree_flatten(tree)
    assert leaves == [3.0, 4.0, 1.0, 2.0]          # dict keys sorted, depth first
    rebuilt = tree_unflatten(treedef, leaves)
    assert rebuilt == tree and isinstance(rebuilt["a"], Point)
    assert tree_structure({"a": 1, "b": 2}) == tree_structure({"b": 0, "a": 5})
    assert tree_structure((1,)) != tree_structure([1])
    assert tree_map(lambda a, b: a + b, (1, [2]), (10, [20])) == (11, [22])
    with pytest.raises(ValueError):
        tree_unflatten(treedef, [1.0])
    with pytest.raises(ValueError):
        tree_map(lambda a, b: a, (1, 2), [1, 2])


def params():
    return {"w": rng.standard_normal((3, 2)), "b": rng.standard_normal(2),
            "extra": [rng.standard_normal(2)]}


X = rng.standard_normal((4, 3))


def loss(p, x):
    y = ad.tanh(x @ p["w"] + p["b"]) * p["extra"][0]
    return ad.sum(y * y)


def manual_grad(p, x):
    z = x @ p["w"] + p["b"]
    t = np.tanh(z)
    e = p["extra"][0]
    dy = 2 * t * e
    dz = dy * e * (1 - t ** 2)
    return {"w": x.T @ dz, "b": dz.sum(0), "extra": [(2 * t * t * e).sum(0)]}


def assert_tree_close(a, b, **kw):
    la, ta = tree_flatten(a)
    lb, tb = tree_flatten(b)
    assert ta == tb, (ta, tb)
    for u, v in zip(la, lb):
        np.testing.assert_allclose(np.asarray(u), np.asarray(v), **kw)


def test_grad_and_value_and_grad_keep_the_structure():
    p = params()
    assert_tree_close(ad.grad(loss)(p, X), manual_grad(p, X), rtol=1e-12)
    value, g = ad.value_and_grad(loss)(p, X)
    np.testing.assert_allclose(value, loss(p, X))
    assert_tree_close(g, manual_grad(p, X), rtol=1e-12)
    gp, gx = ad.grad(loss, argnums=(0, 1))(p, X)
    assert_tree_close(gp, manual_grad(p, X), rtol=1e-12)
    assert gx.shape == X.shape


def test_vjp_and_jvp_with_pytrees_in_and_out():
    p = params()
    f = lambda p: {"y": x_times(p), "s": (ad.sum(p["b"] ** 2),)}
    out, vjp_fn = ad.vjp(f, p)
    assert set(out) == {"y", "s"} and isinstance(out["s"], tuple)
    ct = {"y": rng.standard_normal(out["y"].shape), "s": (np.array(2.0),)}
    (g,) = vjp_fn(ct)
    v = tree_map(lambda a: rng.standard_normal(np.shape(a)), p)
    _, tangent = ad.jvp(f, (p,), (v,))
    # <ct, J v> computed both ways: the adjoint identity.
    lhs = sum(np.sum(a * b) for a, b in zip(tree_flatten(ct)[0], tree_flatten(tangent)[0]))
    rhs = sum(np.sum(a * b) for a, b in zip(tree_flatten(g)[0], tree_flatten(v)[0]))
    np.testing.assert_allclose(lhs, rhs, rtol=1e-12)
    with pytest.raises(ValueError, match="structure"):
        vjp_fn({"y": ct["y"]})
    with pytest.raises(ValueError, match="structure"):
        ad.jvp(f, (p,), ({"w": v["w"]},))


def x_times(p):
    return X @ p["w"] + p["b"]


def test_jacobians_and_hessian_nest_the_structures_as_jax_does():
    p = params()
    f = lambda p: (x_times(p), ad.sum(p["extra"][0] ** 3))
    for jac in (ad.jacrev, ad.jacfwd, ad.jacobian):
        J = jac(f)(p)
        assert isinstance(J, tuple) and set(J[0]) == {"w", "b", "extra"}
        assert J[0]["w"].shape == (4, 2, 3, 2)
        assert J[0]["b"].shape == (4, 2, 2)
        assert J[1]["extra"][0].shape == (2,)
        np.testing.assert_allclose(J[0]["w"][1, 0, :, 0], X[1], rtol=1e-12)
        np.testing.assert_allclose(J[0]["b"][2], np.eye(2))
        np.testing.assert_allclose(J[0]["extra"][0], 0)
        np.testing.assert_allclose(J[1]["extra"][0], 3 * p["extra"][0] ** 2, rtol=1e-12)
    H = ad.hessian(loss)(p, X)
    assert H["w"]["b"].shape == (3, 2, 2)
    # Hessian blocks against finite differences of the (manual) gradient.
    eps = 1e-6
    for k in ("w", "b"):
        for i in np.ndindex(p[k].shape):
            up, dn = tree_map(np.copy, p), tree_map(np.copy, p)
            up[k][i] += eps
            dn[k][i] -= eps
            gu, gd = manual_grad(up, X), manual_grad(dn, X)
            for k2 in ("w", "b"):
                col = (gu[k2] - gd[k2]) / (2 * eps)
                np.testing.assert_allclose(H[k2][k][(Ellipsis,) + i], col, rtol=1e-5,
                                           atol=1e-6)


def test_hvp_with_pytrees():
    p = params()
    v = tree_map(lambda a: rng.standard_normal(np.shape(a)), p)
    g, hv = ad.hvp(lambda q: loss(q, X), (p,), (v,))
    assert_tree_close(g, manual_grad(p, X), rtol=1e-12)
    # H v as the directional derivative of the (manual) gradient along v.
    eps = 1e-6
    up = tree_map(lambda a, b: a + eps * b, p, v)
    dn = tree_map(lambda a, b: a - eps * b, p, v)
    want = tree_map(lambda a, b: (a - b) / (2 * eps), manual_grad(up, X), manual_grad(dn, X))
    assert_tree_close(hv, want, rtol=1e-5, atol=1e-7)
