"""Property tests: on random expressions and shapes, the two engines and backward() agree."""
import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autodiff as ad

UNARY = [np.sin, np.cos, np.tanh, lambda v: np.exp(np.tanh(v)), lambda v: v * v, ad.sigmoid,
         lambda v: np.log(1.5 + v * v)]
BINARY = [np.add, np.subtract, np.multiply, lambda a, b: a / (2.0 + b * b), np.maximum]


@st.composite
def expressions(draw, depth=4):
    """A random function of one array, built from smooth elementwise ops."""
    if depth == 0 or draw(st.booleans()):
        return lambda x: x
    if draw(st.booleans()):
        op, inner = draw(st.sampled_from(UNARY)), draw(expressions(depth=depth - 1))
        return lambda x: op(inner(x))
    op = draw(st.sampled_from(BINARY))
    left, right = draw(expressions(depth=depth - 1)), draw(expressions(depth=depth - 1))
    return lambda x: op(left(x), right(x))


points = hnp.arrays(np.float64, st.integers(1, 5),
                    elements=st.floats(-2, 2, allow_nan=False).filter(lambda v: abs(v) > 1e-3))


@settings(max_examples=60, deadline=None, derandomize=True)   # same examples on every run
@given(expressions(), points)
def test_forward_reverse_and_backward_agree_on_random_expressions(f, x):
    total = lambda v: np.sum(f(v) * 1.0)
    reverse = ad.grad(total)(x)
    forward = ad.jacfwd(total)(x)
    t = ad.tensor(x, requires_grad=True)
    total(t).backward()
    np.testing.assert_allclose(forward, reverse, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(t.grad.numpy(), reverse, rtol=1e-12, atol=1e-12)


@settings(max_examples=60, deadline=None, derandomize=True)   # same examples on every run
@given(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3))
def test_broadcast_gradients_have_their_inputs_shapes(shapes):
    (sa, sb), _ = shapes
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=sa), rng.normal(size=sb)
    ga, gb = ad.grad(lambda u, v: np.sum(u * v + u), argnums=(0, 1))(a, b)
    assert ga.shape == a.shape and gb.shape == b.shape
    # d/du sum(u * v + u) = sum over the broadcast of (v + 1), reduced to u's shape.
    full = np.broadcast_shapes(sa, sb)
    expected_a = np.broadcast_to(b + 1.0, full)
    axes = tuple(range(len(full) - len(sa)))
    expected_a = expected_a.sum(axis=axes)
    expected_a = expected_a.sum(axis=tuple(i for i, d in enumerate(sa) if d == 1 and
                                           expected_a.shape[i] != 1), keepdims=True)
    np.testing.assert_allclose(ga, expected_a.reshape(sa), rtol=1e-12)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(hnp.arrays(st.sampled_from([np.float32, np.float64, np.int64]),
                  hnp.array_shapes(min_dims=0, max_dims=3, max_side=4),
                  elements=st.integers(-1000, 1000)))
def test_repr_shows_every_value_it_prints(values):
    text = repr(ad.tensor(values))
    assert text.startswith("tensor(") and text.endswith(")")
    assert text.count("[") == text.count("]")
    body = text.split(", dtype=")[0]                 # the values, without the dtype suffix
    printed = [float(v) for v in re.findall(r"-?\d+\.?\d*(?:e[+-]\d+)?", body)]
    # Four significant digits at worst (scientific notation), exact for integers.
    np.testing.assert_allclose(printed, values.ravel().astype(float), rtol=1e-3)
    assert ("dtype=float64" in text) == (values.dtype == np.float64)
