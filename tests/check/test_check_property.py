"""Property: random smooth functions built from the library's ops pass the checker.

Each function is a random expression over one or two inputs, built from smooth ops (unary,
binary, and a reduction at the end half of the time), at sizes up to 10^4 inputs. On the
unmutated registry every one passes both the default check (which compares a random sample of
the Jacobian past 4 million elements) and the fast check: a checker that flags any of them is
crying wolf.
"""
import numpy as np
import pytest

import autodiff as ad

UNARY = [
    ("sin", np.sin), ("cos", np.cos), ("tanh", np.tanh), ("arctan", np.arctan),
    ("sigmoid", ad.sigmoid), ("softplus", ad.softplus), ("erf", ad.erf),
    ("gauss", lambda x: np.exp(-x * x)), ("log1p(x^2)", lambda x: np.log1p(x * x)),
    ("sqrt(1+x^2)", lambda x: np.sqrt(1.0 + x * x)), ("square", lambda x: x * x * 0.5),
    ("cube", lambda x: x ** 3 / 3.0),
]
BINARY = [
    ("add", lambda a, b: a + b), ("sub", lambda a, b: a - b), ("mul", lambda a, b: a * b),
    ("div", lambda a, b: a / (1.0 + b * b)), ("hypot", lambda a, b: np.hypot(a, b + 2.0)),
    ("logaddexp", np.logaddexp),
]
REDUCE = [
    ("sum", np.sum), ("mean", np.mean), ("logsumexp", lambda a: ad.logsumexp(a)),
    ("norm", lambda a: ad.norm(a)),
]


def random_function(rng, arity, depth=4):
    """A random expression of ``arity`` same-shaped inputs, and its description."""
    def build(level):
        if level == 0 or rng.random() < 0.2:
            k = int(rng.integers(arity))
            return (lambda *xs, k=k: xs[k]), f"x{k}"
        if rng.random() < 0.6:
            name, op = UNARY[rng.integers(len(UNARY))]
            inner, text = build(level - 1)
            return (lambda *xs, op=op, inner=inner: op(inner(*xs))), f"{name}({text})"
        name, op = BINARY[rng.integers(len(BINARY))]
        left, lt = build(level - 1)
        right, rt = build(level - 1)
        return (lambda *xs, op=op, l=left, r=right: op(l(*xs), r(*xs))), f"{name}({lt}, {rt})"

    body, text = build(depth)
    if rng.random() < 0.5:
        name, red = REDUCE[rng.integers(len(REDUCE))]
        return (lambda *xs: red(body(*xs))), f"{name}({text})"
    # an input itself times something keeps the output depending on every input element
    return (lambda *xs: body(*xs) + 0.1 * xs[0]), f"{text} + 0.1 x0"


@pytest.mark.parametrize("size", [1, 30, 1000, 10_000])
@pytest.mark.parametrize("seed", range(3))
def test_random_smooth_functions_pass_default_and_fast(seed, size):
    rng = np.random.default_rng(1000 * seed + size)
    arity = 1 + int(rng.integers(2))
    f, text = random_function(rng, arity)
    xs = [rng.uniform(-1.5, 1.5, size) for _ in range(arity)]
    full = ad.gradcheck(f, *xs, raise_exception=False, seed=seed)
    assert full, f"{text}\n{full}"
    fast = ad.gradcheck(f, *xs, fast=True, raise_exception=False, seed=seed)
    assert fast, f"{text}\n{fast}"
    assert not full.wrong_rules and not fast.wrong_rules
