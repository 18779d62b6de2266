"""Reverse mode keeps only the values its VJP rules read (PyTorch's saved tensors)."""
import tracemalloc

import numpy as np
import pytest

import autodiff as ad
from autodiff.engines import reverse
from autodiff.engines.reverse import Released


@pytest.fixture(autouse=True)
def release_always(monkeypatch):
    """Small arrays keep everything by default (releasing costs more than they weigh)."""
    monkeypatch.setattr(reverse, "RELEASE_MIN_SIZE", 1)


def _leaf(n=5):
    return ad.tensor(np.linspace(-1.0, 1.0, n), requires_grad=True)


def test_tanh_keeps_its_output_not_its_input():
    x = _leaf()
    node = ad.tanh(x).grad_fn
    assert isinstance(node.inputs[0], Released)
    assert isinstance(node.ans, np.ndarray)


def test_scaling_by_a_number_keeps_nothing_of_the_array():
    x = _leaf()
    node = (ad.tanh(x) * 1.01).grad_fn
    assert isinstance(node.inputs[0], Released) and isinstance(node.ans, Released)
    assert node.inputs[1] == 1.01                  # the rule reads the constant


@pytest.mark.parametrize("op, keeps_input, keeps_output", [
    (ad.sin, True, False),
    (ad.exp, False, True),
    (lambda x: x + 2.0, False, False),
    (lambda x: x.sum(), False, False),             # only the shape: a stand-in keeps it
    (lambda x: x * x, True, False),
])
def test_each_node_keeps_what_its_rule_reads(op, keeps_input, keeps_output):
    x = _leaf()
    node = op(x).grad_fn
    assert (not isinstance(node.inputs[0], Released)) == keeps_input
    assert (not isinstance(node.ans, Released)) == keeps_output


def test_released_values_keep_names_backward_and_double_backward():
    x = _leaf()
    y = (ad.tanh(x) * 1.01).sum()
    assert y.grad_fn.name() == "SumBackward0"
    y.backward(create_graph=True)
    g = x.grad
    x.grad = None
    g.sum().backward()
    t = np.tanh(np.linspace(-1.0, 1.0, 5))
    np.testing.assert_allclose(g.detach().numpy(), 1.01 * (1 - t * t))
    np.testing.assert_allclose(x.grad.numpy(), 1.01 * (-2 * t * (1 - t * t)))


def test_the_picture_of_a_graph_recomputes_released_values():
    x = _leaf()
    y = (ad.tanh(x) * 1.01).sum()
    graph = ad.graph.record.trace(y, with_tangents=True, with_adjoints=True)
    values = {n.op: n.value for n in graph.nodes}
    np.testing.assert_array_equal(values["tanh"], np.tanh(np.linspace(-1.0, 1.0, 5)))
    assert isinstance(y.grad_fn.ans, Released)      # and released again afterwards


def _peak(fn):
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_small_arrays_keep_everything(monkeypatch):
    monkeypatch.setattr(reverse, "RELEASE_MIN_SIZE", 4096)
    node = ad.tanh(_leaf()).grad_fn
    assert isinstance(node.inputs[0], ad.Tensor)


def test_a_chain_holds_one_array_per_step():
    n, steps = 200_000, 20
    size = n * 8
    x0 = np.random.default_rng(0).standard_normal(n)

    def torch_style():
        x = ad.tensor(x0, requires_grad=True)
        y = x
        for _ in range(steps):
            y = ad.tanh(y) * 1.01
        y.sum().backward()

    def functional():
        def f(x):
            for _ in range(steps):
                x = np.tanh(x) * 1.01
            return np.sum(x)
        ad.grad(f)(x0)

    # one saved output per tanh, plus a few working arrays (keeping every input and output
    # would take 2 * steps arrays)
    assert _peak(torch_style) < (steps + 6) * size
    assert _peak(functional) < (steps + 6) * size



def _graded():
    from op_table import CASES
    return [c for c in CASES if c.order >= 1]


@pytest.mark.parametrize("case", _graded(), ids=[c.id for c in _graded()])
def test_every_row_differentiates_the_same_with_values_released(case, monkeypatch):
    """Each rule still gets what it reads: gradients (functional and torch style) are the same
    to the last bit with every unread value released as with everything kept."""
    def f(*args):
        leaves, _ = ad.tree_flatten(case.fn(*args))
        return sum(ad.sum(leaf * 0.5) for leaf in leaves if leaf.dtype.kind == "f")

    def both():
        g = ad.grad(f, argnums=tuple(range(len(case.args))))(*case.args)
        ts = [ad.tensor(a, requires_grad=True) for a in case.args]
        f(*ts).backward()
        return g, [t.grad for t in ts]

    monkeypatch.setattr(reverse, "RELEASE_MIN_SIZE", 10 ** 12)
    kept = both()
    monkeypatch.setattr(reverse, "RELEASE_MIN_SIZE", 1)
    released = both()
    for a, b in zip(ad.tree_flatten(kept)[0], ad.tree_flatten(released)[0]):
        a = None if a is None else np.asarray(a._data if isinstance(a, ad.Tensor) else a)
        b = None if b is None else np.asarray(b._data if isinstance(b, ad.Tensor) else b)
        assert (a is None) == (b is None)
        if a is not None:
            np.testing.assert_array_equal(a, b)
