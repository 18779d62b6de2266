"""Every row of the op table (``op_table.py``, the sample inputs of every registered op) through
the batch level.

1. A batch of inputs in one call equals the function applied input by input (numpy itself), with
   every argument batched and with only the first one batched: whichever batching rule the op
   has, its kind or the generic loop.
2. The one-pass Jacobians (``jacfwd``, ``jacrev``) equal the per-column loops of single JVPs and
   VJPs.
"""
import numpy as np
import pytest

import autodiff as ad
from autodiff.engines.batching import BatchTrace, batch, unbatch

op_table = pytest.importorskip("op_table", reason="the op table comes with the ops' tests")
CASES = op_table.CASES
FIRST = [c for c in CASES if c.order >= 1]
B = 2


def _batch_of(a):
    # The sample and a copy shrunk toward zero: same signs, order and definiteness, so it stays
    # inside the op's domain (positive, in [-1, 1], distinct, symmetric positive definite).
    return np.stack([a, a * (1 - 1e-3)])


def _leaves(value):
    return [np.asarray(v._data if isinstance(v, ad.Tensor) else v)
            for v in ad.tree_flatten(value)[0]]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
@pytest.mark.parametrize("which", ["all", "first"])
def test_batched_call_equals_the_loop(case, which):
    stacked = [_batch_of(a) for a in case.args]
    flags = [True] * len(stacked) if which == "all" else [i == 0 for i in range(len(stacked))]
    per_example = [[s[i] if f else s[0] for s, f in zip(stacked, flags)] for i in range(B)]
    trace = BatchTrace(B)
    boxed = [batch(trace, s) if f else s[0] for s, f in zip(stacked, flags)]
    # An edge sample shrunk toward zero may leave the domain (arccosh at 1): numpy's nan there,
    # on both sides, is compared like any value (assert_allclose matches nan with nan).
    with np.errstate(invalid="ignore"):
        want = [_leaves(case.fn(*args)) for args in per_example]
        got = ad.tree_map(lambda v: np.asarray(unbatch(v, trace)), case.fn(*boxed))
    for k, leaf in enumerate(_leaves(got)):
        expected = np.stack([w[k] for w in want])
        assert leaf.shape == expected.shape
        np.testing.assert_allclose(leaf, expected, rtol=1e-10, atol=1e-12)


def _loop_jacobian(case):
    """Reference: one JVP per input element, stacked into out.shape + in.shape per argument."""
    out = np.asarray(case.fn(*case.args))
    jacs = []
    for k, a in enumerate(case.args):
        cols = []
        for e in np.eye(a.size):
            tangents = [np.zeros_like(b) for b in case.args]
            tangents[k] = e.reshape(a.shape)
            cols.append(np.ravel(ad.jvp(case.fn, case.args, tangents)[1]))
        jacs.append(np.stack(cols, axis=1).reshape(out.shape + a.shape) if cols else
                    np.zeros(out.shape + a.shape))
    return jacs


@pytest.mark.parametrize("case", FIRST, ids=[c.id for c in FIRST])
def test_one_pass_jacobians_equal_the_loop(case):
    if not isinstance(case.fn(*case.args), np.ndarray | float | np.generic):
        pytest.skip("rows with several outputs are covered by the pytree tests")
    want = _loop_jacobian(case)
    argnums = tuple(range(len(case.args)))
    for jac in (ad.jacfwd, ad.jacrev):
        got = jac(case.fn, argnums=argnums)(*case.args)
        for g, w in zip(got, want):
            np.testing.assert_allclose(g, w, rtol=1e-9, atol=1e-11)


def _small(case):
    return (case.order >= 2 and sum(np.size(a) for a in case.args) <= 8
            and isinstance(case.fn(*case.args), np.ndarray | float | np.generic))


SECOND = [c for c in CASES if _small(c)]


@pytest.mark.parametrize("case", SECOND, ids=[c.id for c in SECOND])
def test_rules_run_on_batched_shapes_inside_other_levels(case):
    # jacrev(jacfwd(f)) and jacfwd(jacrev(f)) put a batch level above a reverse or forward level,
    # so the op's own JVP and VJP rules run on batched shapes; reference: nested single JVPs.
    x0 = case.args[0]
    rest = case.args[1:]
    f = lambda x: case.fn(x, *rest)
    n = x0.size
    basis = [e.reshape(x0.shape) for e in np.eye(n)]

    def second(u, w):
        return ad.jvp(lambda x: ad.jvp(f, (x,), (u,))[1], (x0,), (w,))[1]

    out_shape = np.shape(f(x0))
    want = np.stack([np.stack([np.ravel(second(u, w)) for w in basis], axis=-1)
                     for u in basis], axis=-2).reshape(out_shape + x0.shape + x0.shape)
    for nest in (lambda g: ad.jacrev(ad.jacfwd(g)), lambda g: ad.jacfwd(ad.jacrev(g))):
        np.testing.assert_allclose(nest(f)(x0), want, rtol=1e-8, atol=1e-10)
