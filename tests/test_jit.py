"""``ad.jit``: replay equals eager to the last bit, the control-flow error, the cache, and
composition with every transform in both orders."""
import numpy as np
import pytest

import autodiff as ad
from op_table import CASES

GRADED = [c for c in CASES if c.order >= 1]


def _leaves(value):
    leaves, _ = ad.tree_flatten(value)
    return [np.asarray(v._data if isinstance(v, ad.Tensor) else v) for v in leaves]


def assert_bits(actual, expected):
    a, e = _leaves(actual), _leaves(expected)
    assert len(a) == len(e)
    for x, y in zip(a, e):
        assert x.dtype == y.dtype and x.shape == y.shape
        np.testing.assert_array_equal(x, y, strict=True)


def _other(args):
    """New values of the same shapes (a recorded program must not keep the first ones)."""
    return tuple(np.asarray(a * 1.0009765625) for a in args)


def _eager(fn, args):
    return fn(*[ad.tensor(np.asarray(a)) for a in args])


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_replay_equals_eager_on_every_row(case):
    jf = ad.jit(case.fn)
    for args in (case.args, _other(case.args), case.args):
        assert_bits(jf(*args), _eager(case.fn, args))
    assert jf.cache_info().misses == 1


def _scalarised(case):
    """A scalar function of the row's inputs: every output leaf against fixed weights."""
    outs = _leaves(case.fn(*case.args))
    rng = np.random.default_rng(3)
    weights = [rng.standard_normal(o.shape) for o in outs]

    def f(*args):
        leaves, _ = ad.tree_flatten(case.fn(*args))
        total = 0.0
        for leaf, w in zip(leaves, weights):
            if leaf.dtype.kind == "f":
                total = total + ad.sum(leaf * w)
        return total
    return f


@pytest.mark.parametrize("case", GRADED, ids=[c.id for c in GRADED])
def test_jit_of_grad_equals_grad_on_every_row(case):
    f = _scalarised(case)
    argnums = tuple(range(len(case.args)))
    g = ad.grad(f, argnums=argnums)
    jg = ad.jit(g)
    for args in (case.args, _other(case.args)):
        assert_bits(jg(*args), g(*args))
