"""The batch level: one batched call equals the per-example loop, for every kind of rule and for
ops that have no kind (the generic fallback)."""
import numpy as np
import pytest

import autodiff as ad
from autodiff import ops
from autodiff.engines.batching import BatchTrace, batch, batch_rule_for, loop_rule, unbatch

rng = np.random.default_rng(0)
B = 3


def run_batched(f, values, batched):
    """``f`` applied once to batched boxes (batch axis first in ``values[i]`` where batched)."""
    trace = BatchTrace(B)
    args = [batch(trace, v) if b else v for v, b in zip(values, batched)]
    return np.asarray(unbatch(f(*args), trace))


def run_loop(f, values, batched):
    outs = [f(*[v[i] if b else v for v, b in zip(values, batched)]) for i in range(B)]
    return np.stack([np.asarray(o._data if isinstance(o, ad.Tensor) else o) for o in outs])


def check(f, shapes, batched, **kw):
    values = [rng.standard_normal(((B,) if b else ()) + s) for s, b in zip(shapes, batched)]
    got = run_batched(f, values, batched)
    want = run_loop(f, values, batched)
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12, **kw)


# A user primitive with no batching kind: it must go through the loop and still be right.
@ad.primitive
def cumsum_first(x):
    """Cumulative sum along axis 0 (a shape-aware op the batch level knows nothing about)."""
    return np.cumsum(x, axis=0)


@cumsum_first.defjvp
def _cumsum_jvp(tangents, ans, x):
    return cumsum_first(tangents[0])


@cumsum_first.defvjp
def _cumsum_vjp(g, ans, x):
    return (ops.getitem(cumsum_first(ops.getitem(g, slice(None, None, -1))),
                        slice(None, None, -1)),)


CASES = [
    # elementwise, with broadcasting in every direction
    ("add", lambda x, y: x + y, [(4,), (2, 4)], [True, False]),
    ("add-both", lambda x, y: x + y, [(2, 4), (4,)], [True, True]),
    ("mul-scalar", lambda x: 3.0 * x, [(2, 3)], [True]),
    ("div", lambda x, y: x / (y * y + 1), [(2, 3), (3,)], [False, True]),
    ("pow", lambda x: (x * x + 1) ** 1.5, [(2, 3)], [True]),
    ("exp-tanh", lambda x: ad.exp(ad.tanh(x)), [(5,)], [True]),
    ("sigmoid-relu", lambda x: ad.sigmoid(x) + ad.relu(x), [(5,)], [True]),
    ("maximum", lambda x, y: ad.maximum(x, y), [(4,), (4,)], [True, False]),
    ("where", lambda x, y: ad.where(x > 0, x, y), [(2, 4), (4,)], [True, True]),
    ("compare", lambda x: (x > 0) * 1.0, [(4,)], [True]),
    ("astype", lambda x: ops.astype(x, np.float32), [(4,)], [True]),
    # reductions: every axis form
    ("sum-all", lambda x: ad.sum(x), [(2, 3)], [True]),
    ("sum-axis", lambda x: ad.sum(x, dim=1), [(2, 3)], [True]),
    ("sum-neg-keep", lambda x: ad.sum(x, dim=-2, keepdim=True), [(2, 3)], [True]),
    ("sum-tuple", lambda x: ad.sum(x, dim=(0, 2)), [(2, 3, 4)], [True]),
    ("mean", lambda x: ad.mean(x, dim=0), [(2, 3)], [True]),
    ("norm", lambda x: ad.norm(x, dim=1), [(2, 3)], [True]),
    ("amax", lambda x: ad.amax(x), [(2, 3)], [True]),
    ("amin-keep", lambda x: ad.amin(x, dim=1, keepdim=True), [(2, 3)], [True]),
    ("min-dim", lambda x: ad.min(x, dim=1, keepdim=True).values, [(2, 3)], [True]),
    ("sum-scalar", lambda x: ad.sum(x), [()], [True]),
    # shape ops
    ("reshape", lambda x: ad.reshape(x, (3, -1)), [(2, 3)], [True]),
    ("transpose", lambda x: ad.transpose(x), [(2, 3, 4)], [True]),
    ("permute", lambda x: ad.transpose(x, (1, 2, 0)), [(2, 3, 4)], [True]),
    ("swapaxes", lambda x: ad.swapaxes(x, 0, -1), [(2, 3, 4)], [True]),
    ("broadcast", lambda x: ad.broadcast_to(x, (2, 3, 4)), [(3, 1)], [True]),
    ("squeeze", lambda x: ad.squeeze(ad.expand_dims(x, 0)), [(3,)], [True]),
    ("index-basic", lambda x: x[1:, ::2], [(3, 4)], [True]),
    ("index-int", lambda x: x[1], [(3, 4)], [True]),
    ("index-ellipsis", lambda x: x[..., 0, None], [(3, 4)], [True]),
    ("index-fancy", lambda x: x[np.array([2, 0, 2])], [(3, 4)], [True]),
    ("index-fancy-adjacent", lambda x: x[:, np.array([0, 1]), np.array([1, 2])],
     [(2, 3, 4)], [True]),
    # advanced indices separated by a slice: numpy moves them first, so this takes the loop
    ("index-fancy-split", lambda x: x[np.array([0, 1]), :, np.array([1, 2])],
     [(2, 3, 4)], [True]),
    ("index-mask", lambda x: x[np.array([True, False, True])], [(3, 2)], [True]),
    ("index-update", lambda x, v: ad.index_update(x, (slice(None), 1), v), [(3, 4), (3,)],
     [True, True]),
    ("index-update-x", lambda x, v: ad.index_update(x, 0, v), [(3, 4), (4,)], [False, True]),
    ("cat", lambda x, y: ad.cat([x, y], dim=1), [(2, 3), (2, 1)], [True, False]),
    ("stack", lambda x, y: ad.stack([x, y], dim=-1), [(2, 3), (2, 3)], [False, True]),
    # products, native batching
    ("mv-xb", lambda x, y: x @ y, [(4,), (4, 3)], [True, False]),
    ("mm-xb", lambda x, y: x @ y, [(2, 4), (4, 3)], [True, False]),
    ("mv-yb", lambda x, y: x @ y, [(2, 4), (4,)], [False, True]),
    ("vv-yb", lambda x, y: x @ y, [(4,), (4,)], [False, True]),
    ("mm-yb", lambda x, y: x @ y, [(2, 4), (4, 3)], [False, True]),
    ("vm-yb", lambda x, y: x @ y, [(4,), (4, 3)], [False, True]),
    ("mcol-yb", lambda x, y: x @ y, [(2, 4), (4, 1)], [False, True]),
    ("mm-both", lambda x, y: x @ y, [(2, 4), (4, 3)], [True, True]),
    ("mv-both", lambda x, y: x @ y, [(2, 4), (4,)], [True, True]),
    ("bmm-xb", lambda x, y: x @ y, [(5, 2, 4), (4, 3)], [True, False]),
    ("bmm-yb", lambda x, y: x @ y, [(5, 2, 4), (4, 3)], [False, True]),
    ("bmm-bcast", lambda x, y: x @ y, [(5, 2, 4), (4,)], [True, True]),
    ("dot", lambda x, y: ad.dot(x, y), [(4,), (4,)], [True, False]),
    ("dot-y", lambda x, y: ad.dot(x, y), [(4,), (4,)], [False, True]),
    ("dot-both", lambda x, y: ad.dot(x, y), [(4,), (4,)], [True, True]),
    # an op with no batching kind: the generic loop
    ("user-op", lambda x: cumsum_first(x) * 2, [(4, 2)], [True]),
    ("user-op-mixed", lambda x, y: cumsum_first(x + y), [(4, 2), (2,)], [False, True]),
]


@pytest.mark.parametrize("name,f,shapes,batched", CASES, ids=[c[0] for c in CASES])
def test_batched_equals_loop(name, f, shapes, batched):
    check(f, shapes, batched)


def test_kinds_are_declared_and_the_fallback_is_generic():
    assert batch_rule_for(cumsum_first) is loop_rule
    assert batch_rule_for(ad.ops.exp) is not loop_rule            # a ufunc: elementwise
    assert batch_rule_for(ad.ops.matmul) is not loop_rule


def test_defbatch_declares_a_kind():
    softplus = ad.primitive(lambda x: np.logaddexp(0, x), name="test_softplus")
    softplus.defjvp(lambda tangents, ans, x: tangents[0] * ad.sigmoid(x))
    assert batch_rule_for(softplus) is loop_rule
    ad.batching.defbatch(softplus, "elementwise")
    assert batch_rule_for(softplus) is not loop_rule
    check(lambda x: softplus(x), [(3,)], [True])
    with pytest.raises(ValueError, match="unknown kind"):
        ad.batching.defbatch(softplus, "elementwize")


def test_a_user_op_reusing_a_library_name_does_not_inherit_its_kind():
    mine = ad.primitive(lambda x: np.cumsum(x, axis=0), name="test_shadow")
    original = ad.core.REGISTRY.get("reshape")
    try:
        shadow = ad.primitive(lambda x: np.cumsum(x, axis=0), name="reshape")
        assert batch_rule_for(shadow) is loop_rule
    finally:
        ad.core.REGISTRY["reshape"] = original
    assert batch_rule_for(mine) is loop_rule


def test_nested_batch_levels_keep_their_axes_apart():
    # Two batch levels of different sizes: the inner one's axis sits inside the outer one's.
    x = rng.standard_normal((2, 3, 4))        # outer batch 2, inner batch 3, example (4,)
    outer = BatchTrace(2)
    xo = batch(outer, x)
    inner = BatchTrace(3)
    xi = batch(inner, xo)
    y = ad.sum(xi * xi, dim=0) + ad.exp(xi)[1]
    got = np.asarray(unbatch(unbatch(y, inner), outer))
    want = np.sum(x * x, axis=2) + np.exp(x)[:, :, 1]
    np.testing.assert_allclose(got, want)


def test_batched_values_show_per_example_shapes():
    trace = BatchTrace(5)
    t = batch(trace, np.zeros((5, 2, 3)))
    assert t.shape == (2, 3) and t.ndim == 2
    with pytest.raises(ValueError, match="leading axis"):
        batch(trace, np.zeros((4, 2)))
    with pytest.raises(ValueError):
        BatchTrace(0)


def test_ops_that_took_the_loop_are_reported():
    check(lambda x: cumsum_first(x), [(3, 2)], [True])
    assert "cumsum_first" in ad.batching.LOOPED


def test_a_rule_that_reads_a_batched_cotangent_as_numpy_is_refused():
    @ad.primitive
    def sneaky(x):
        return np.sin(x)

    sneaky.defvjp(lambda g, ans, x: (np.cos(x) * np.asarray(g),))   # bypasses the engines
    sneaky.defjvp(lambda tangents, ans, x: np.cos(x) * float(tangents[0]))
    x = np.array([0.1, 0.2])
    np.testing.assert_allclose(ad.grad(lambda x: ad.sum(sneaky(x)))(x), np.cos(x))
    with pytest.raises(TypeError, match="batch of 2 values"):
        ad.jacrev(sneaky)(x)
    with pytest.raises(TypeError, match="batch of 2 values"):
        ad.jacfwd(sneaky)(np.array(0.3) * np.ones(2))
    trace = BatchTrace(2)
    assert "batch of 2" in repr(batch(trace, np.zeros((2, 3))))
