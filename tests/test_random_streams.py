"""autodiff's random streams against PyTorch's, bit for bit.

``fixtures/torch_random.npz`` holds the outputs of every case of ``random_cases.py`` recorded
from torch 2.13 on x86-64 (``fixtures/record_torch_random.py``); here the same calls run with
autodiff and must give the same dtype, shape and bits. The last tests talk to a live torch
when one is installed.
"""
import doctest
import pathlib

import numpy as np
import pytest

import autodiff as ad
from autodiff import creation, generator, random_methods
from random_cases import CASES, digest, run_case, unpack

FIXTURE = pathlib.Path(__file__).resolve().parent / "fixtures" / "torch_random.npz"
GUIDE = pathlib.Path(__file__).resolve().parents[1] / "docs" / "guide" / "random.rst"


@pytest.fixture(scope="module")
def recorded():
    with np.load(FIXTURE) as npz:
        return unpack(npz)


@pytest.mark.parametrize("name", sorted(CASES))
def test_stream_matches_pytorch(name, recorded):
    seed, calls = CASES[name]
    outputs = run_case(ad, seed, calls)
    for i, ours in enumerate(outputs):
        theirs, theirs_digest = recorded[f"{name}#{i}"]
        if theirs_digest:
            assert digest(ours) == theirs_digest, (
                f"output {i}: first values {ours.reshape(-1)[:6]} vs PyTorch's {theirs[:6]}")
        else:
            assert ours.dtype == theirs.dtype and ours.shape == theirs.shape, (
                f"output {i}: {ours.dtype}{ours.shape} vs PyTorch's {theirs.dtype}{theirs.shape}")
            assert np.array_equal(ours.view(np.uint8), theirs.view(np.uint8)), (
                f"output {i}:\n{ours}\nPyTorch:\n{theirs}")
    assert f"{name}#{len(outputs)}" not in recorded       # no output of PyTorch's left over


def test_fixture_covers_every_case(recorded):
    names = {key.rsplit("#", 1)[0] for key in recorded}
    assert names == set(CASES)


# ------------------------------------------------------------------ generator behaviour
def test_manual_seed_restarts_the_stream():
    ad.manual_seed(3)
    first = ad.randn(5).numpy()
    ad.randn(7)
    ad.manual_seed(3)
    assert np.array_equal(ad.randn(5).numpy(), first)


def test_manual_seed_clears_the_cached_normal():
    ad.manual_seed(0)
    ad.randn(1)                        # leaves the pair's second value in the generator
    ad.manual_seed(0)
    a = ad.randn(1).numpy()
    ad.manual_seed(0)
    assert np.array_equal(ad.randn(2).numpy()[:1], a)


def test_state_round_trip_continues_the_stream():
    ad.manual_seed(11)
    ad.randn(3)                        # a cached normal is part of the state
    state = ad.get_rng_state()
    expected = [ad.randn(5).numpy(), ad.rand(4).numpy()]
    ad.manual_seed(99)
    ad.set_rng_state(state)
    assert np.array_equal(ad.randn(5).numpy(), expected[0])
    assert np.array_equal(ad.rand(4).numpy(), expected[1])


def test_generators_are_independent_of_the_default_one():
    g = ad.Generator().manual_seed(5)
    ad.manual_seed(5)
    a = ad.rand(4, generator=g).numpy()
    b = ad.rand(4).numpy()
    assert np.array_equal(a, b)
    assert g.initial_seed() == 5 and ad.initial_seed() == 5


def test_seed_is_recorded():
    s = ad.seed()
    assert ad.initial_seed() == s
    g = ad.Generator()
    assert g.initial_seed() == 67280421310721        # PyTorch's default for a new Generator


def test_requires_grad_and_dtype_as_before():
    x = ad.randn(2, 3, requires_grad=True)
    assert x.requires_grad and x.dtype == np.float32 and x.shape == (2, 3)
    assert ad.randn(size=()).shape == ()
    assert ad.rand(3, dtype=ad.float64).dtype == np.float64
    assert ad.randint(0, 5, (2,)).dtype == np.int64
    assert ad.randperm(4).dtype == np.int64


@pytest.mark.parametrize("module", [generator, creation, random_methods],
                         ids=["generator", "creation", "random_methods"])
def test_docstring_examples_print_pytorchs_values(module):
    # the examples were pasted from PyTorch's output for the same seeds
    result = doctest.testmod(module)
    assert result.failed == 0 and result.attempted > 0


def test_guide_examples_print_pytorchs_values():
    result = doctest.testfile(str(GUIDE), module_relative=False)
    assert result.failed == 0 and result.attempted > 0


def test_inplace_samplers_follow_inplace_rules():
    # D2L initialises weights with w.normal_(0, 0.01) under no_grad; outside it PyTorch refuses
    w = ad.zeros(3, 4, requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        random_methods.normal_(w)
    ad.manual_seed(0)
    with ad.no_grad():
        out = random_methods.normal_(w, 0.0, 0.01)
    assert out is w and w.requires_grad
    ad.manual_seed(0)
    assert np.array_equal(w.detach().numpy(), ad.normal(0.0, 0.01, (3, 4)).numpy())


# ------------------------------------------------------------------------------ errors
@pytest.mark.parametrize("call, message", [
    (lambda: ad.randint(5, 5, (2,)), "from=5 >= to=5"),
    (lambda: ad.randint(5), "needs high and size"),
    (lambda: ad.randn(2, -1), "negative dimension"),
    (lambda: ad.rand(2.5), "must be integers"),
    (lambda: ad.rand(2, dtype=ad.int64), "float32 or float64"),
    (lambda: ad.normal(0.0, -1.0, (2,)), "std >= 0"),
    (lambda: ad.normal(ad.zeros(2), ad.tensor([1.0, -1.0])), "std >= 0"),
    (lambda: ad.normal(ad.zeros(2), 1.0, (2,)), "size= only"),
    (lambda: ad.bernoulli(ad.tensor([0.5, 1.5])), r"\[0, 1\]"),
    (lambda: ad.multinomial(ad.tensor([0.2, 0.8]), 3), "without replacement"),
    (lambda: ad.multinomial(ad.tensor([0.0, 0.0]), 1), "sum of probabilities"),
    (lambda: ad.multinomial(ad.tensor([-1.0, 2.0]), 1), "element < 0"),
    (lambda: ad.multinomial(ad.zeros(2, 2, 2), 1), "1 or 2 dim"),
    (lambda: ad.manual_seed(2**64), "out of range"),
    (lambda: ad.poisson(ad.tensor([1.0, -2.0])), "non-negative"),
    (lambda: ad.binomial(ad.tensor([3, 4]), ad.tensor([0.5, 0.5])), "float tensors"),
    (lambda: ad.randint(0, 2**40, (2,), dtype=ad.int32), "within"),
    (lambda: ad.Generator("cuda"), "CPU only"),
    (lambda: ad.set_rng_state(ad.zeros(5)), "5056 bytes"),
])
def test_bad_input_is_refused(call, message):
    with pytest.raises((RuntimeError, TypeError, ValueError), match=message):
        call()


# ------------------------------------------------------------------------- live torch
def test_live_torch_large_randn_and_state_bytes():
    torch = pytest.importorskip("torch")
    if torch.backends.cpu.get_cpu_capability() not in ("AVX2", "AVX512"):
        pytest.skip("the float32 randn kernel reproduced is PyTorch's x86 AVX2 one")
    for seed in (7, 123456789):
        torch.manual_seed(seed)
        ad.manual_seed(seed)
        for n, dt in ((200_001, "float32"), (50_017, "float64"), (5, "float64")):
            assert np.array_equal(ad.randn(n, dtype=getattr(ad, dt)).numpy(),
                                  torch.randn(n, dtype=getattr(torch, dt)).numpy())
        assert np.array_equal(ad.get_rng_state().numpy(), torch.get_rng_state().numpy())
    # autodiff's state continues PyTorch's stream and back
    ad.manual_seed(1)
    ad.randn(3)
    torch.set_rng_state(torch.from_numpy(ad.get_rng_state().numpy()))
    assert np.array_equal(ad.randn(9).numpy(), torch.randn(9).numpy())


def test_in_place_samplers_are_tensor_methods():
    # PyTorch 2.13: torch.manual_seed(0); torch.zeros(3).normal_() and the next uniform_/bernoulli_
    ad.manual_seed(0)
    np.testing.assert_allclose(ad.zeros(3).normal_().numpy(), [1.5410, -0.2934, -2.1788],
                               atol=1e-4)
    np.testing.assert_allclose(ad.empty(5).uniform_(-1, 1).numpy(),
                               [-0.0887, 0.2646, -0.3022, -0.1966, -0.9553], atol=1e-4)
    np.testing.assert_array_equal(ad.empty(5).bernoulli_(0.3).numpy(), [0, 1, 0, 1, 0])
