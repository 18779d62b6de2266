"""``ad.distributions`` against PyTorch's recorded values (``fixtures/distributions.json``, made
by ``fixtures/record_distributions.py``) and scipy.stats: log_prob, entropy, moments, gradients,
shapes, sampling and argument validation."""
import doctest
import json
import pathlib

import numpy as np
import pytest
from scipy import stats

import autodiff as ad
from autodiff import distributions as D
from fixtures.distribution_cases import CASES, INVALID, KL_CASES, NOT_DIFFERENTIATED

RECORDED = json.loads((pathlib.Path(__file__).parent / "fixtures" /
                       "distributions.json").read_text())
RTOL = {"float32": 2e-6, "float64": 1e-12}

# (case, gradient) pairs where autodiff deliberately differs: ``ad.xlogy``'s derivative in x is
# 0 at x == 0 (a decision of the op table, tests/test_edge_cases.py), where PyTorch 2.x gives
# log(y) for y > 0; so d Poisson.log_prob / d value differs where the count is 0.
KNOWN_DIFFERENCES = {("poisson", "value"): lambda value: np.asarray(value) == 0}


def _array(values, dtype):
    return np.array(values, dtype=dtype)


def _expected(values, dtype):
    return np.array(values, dtype=np.float64) if values is not None else None


def _build(name, params, value, dtype):
    args = {k: (ad.tensor(_array(v, dtype), requires_grad=k not in NOT_DIFFERENTIATED)
                if isinstance(v, list) else v) for k, v in params.items()}
    if name == "Categorical":
        x = ad.tensor(np.array(value, dtype=np.int64))
    else:
        x = ad.tensor(_array(value, dtype), requires_grad=True)
    return getattr(D, name)(**args), args, x


def _close(ours, theirs, dtype, what):
    ours = ours.detach().numpy() if isinstance(ours, ad.Tensor) else np.asarray(ours)
    theirs = np.array(theirs, dtype=np.float64)
    assert ours.shape == theirs.shape, what
    np.testing.assert_allclose(ours, theirs, rtol=RTOL[dtype], atol=RTOL[dtype] * 1e-2,
                               err_msg=what)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_values_and_gradients_match_pytorch(case):
    case_id, name, params, value, dtype = case
    rec = RECORDED["cases"][case_id]
    d, args, x = _build(name, params, value, dtype)
    assert list(d.batch_shape) == rec["batch_shape"]
    assert list(d.event_shape) == rec["event_shape"]
    assert d.has_rsample == rec["has_rsample"]
    for prop in ("mean", "variance", "stddev"):
        _close(getattr(d, prop), rec[prop], dtype, prop)
        assert getattr(d, prop).dtype == np.dtype(dtype), prop

    lp = d.log_prob(x)
    assert lp.dtype == np.dtype(dtype)
    _close(lp, rec["log_prob"], dtype, "log_prob")
    leaves = {k: v for k, v in args.items() if isinstance(v, ad.Tensor) and v.requires_grad}
    if x.requires_grad:
        leaves["value"] = x
    (lp * ad.tensor(_array(rec["weights"], dtype))).sum().backward(retain_graph=True)
    for key, grad in rec["log_prob_grad"].items():
        ours = leaves[key].grad
        if grad is None:        # PyTorch: no path from log_prob to this input
            assert ours is None or not np.any(ours.numpy()), key
            continue
        ours = ours.numpy().copy()
        if (case_id, key) in KNOWN_DIFFERENCES:
            differs = KNOWN_DIFFERENCES[case_id, key](value)
            ours[differs] = np.array(grad)[differs]
        _close(ours, grad, dtype, f"d log_prob / d {key}")

    if rec["entropy"] is None:
        # PyTorch has no entropy here (Poisson's): autodiff's, where it has one, is scipy's
        reference = getattr(stats, type(d).__name__.lower(), None)
        if reference is None or type(d).__name__ != "Poisson":
            with pytest.raises(NotImplementedError):
                d.entropy()
            return
        rate = d.rate.detach().numpy().astype(np.float64)
        np.testing.assert_allclose(d.entropy().detach().numpy(), reference(rate).entropy(),
                                   rtol=1e-5, atol=1e-6)
        return
    for leaf in leaves.values():
        leaf.grad = None
    ent = d.entropy()
    _close(ent, rec["entropy"], dtype, "entropy")
    ent.sum().backward()
    for key, grad in rec["entropy_grad"].items():
        if grad is None:
            assert leaves[key].grad is None or not np.any(leaves[key].grad.numpy())
        else:
            _close(leaves[key].grad, grad, dtype, f"d entropy / d {key}")


def _message(text):
    return text.replace("torch.Size", "Size")


@pytest.mark.parametrize("case", INVALID, ids=[c[0] for c in INVALID])
def test_invalid_arguments_raise_what_pytorch_raises(case):
    case_id, name, params, value = case
    rec = RECORDED["invalid"][case_id]
    ad.set_default_dtype(np.float64)        # as recorded: no dtype= in the printed tensors
    args = {k: (ad.tensor(np.array(v, dtype=np.float64)) if isinstance(v, list) else v)
            for k, v in params.items()}
    with pytest.raises(Exception) as info:
        d = getattr(D, name)(**args)
        if value is not None:
            if isinstance(value, list):
                x = ad.tensor(np.array(value, dtype=np.float64))
            elif case_id == "log-prob-not-a-tensor":
                x = value
            else:
                x = ad.tensor(value)
            d.log_prob(x)
    assert type(info.value).__name__ == rec["type"]
    assert str(info.value) == _message(rec["message"])


def test_validation_can_be_turned_off():
    d = D.Normal(0.0, -1.0, validate_args=False)
    with np.errstate(invalid="ignore"):     # log of a negative scale
        assert np.isnan(d.log_prob(ad.tensor(0.0)).item())
    assert D.Bernoulli(0.3, validate_args=False).log_prob(ad.tensor(0.5)).shape == ()
    D.Distribution.set_default_validate_args(False)
    try:
        D.Poisson(-1.0)
    finally:
        D.Distribution.set_default_validate_args(True)
    with pytest.raises(ValueError):
        D.Poisson(-1.0)


def test_categorical_refuses_zero_dimensional_parameters():
    with pytest.raises(ValueError, match="`probs` parameter must be at least one-dimensional"):
        D.Categorical(probs=ad.tensor(0.5))
    with pytest.raises(ValueError, match="`logits` parameter must be at least one-dimensional"):
        D.Categorical(logits=ad.tensor(0.5))


# -- against scipy.stats ---------------------------------------------------------------------
def test_normal_against_scipy():
    loc, scale = np.array([0.0, 1.5, -2.0]), np.array([1.0, 0.5, 3.0])
    x = np.array([0.3, 1.0, -5.0])
    d = D.Normal(ad.tensor(loc), ad.tensor(scale))
    np.testing.assert_allclose(d.log_prob(ad.tensor(x)).numpy(), stats.norm.logpdf(x, loc, scale),
                               rtol=1e-13)
    np.testing.assert_allclose(d.entropy().numpy(), stats.norm.entropy(loc, scale), rtol=1e-13)
    np.testing.assert_allclose(d.cdf(ad.tensor(x)).numpy(), stats.norm.cdf(x, loc, scale),
                               rtol=1e-12)


def test_uniform_against_scipy():
    low, high = np.array([0.0, -1.0]), np.array([1.0, 3.0])
    x = np.array([0.5, 2.9])
    d = D.Uniform(ad.tensor(low), ad.tensor(high))
    frozen = stats.uniform(low, high - low)
    np.testing.assert_allclose(d.log_prob(ad.tensor(x)).numpy(), frozen.logpdf(x), rtol=1e-13)
    np.testing.assert_allclose(d.entropy().numpy(), frozen.entropy(), rtol=1e-13)
    np.testing.assert_allclose(d.variance.numpy(), frozen.var(), rtol=1e-13)


@pytest.mark.parametrize("p", [0.2, 0.5, 0.93])
def test_bernoulli_against_scipy(p):
    d = D.Bernoulli(ad.tensor(np.array(p)))
    for k in (0.0, 1.0):
        assert d.log_prob(ad.tensor(np.array(k))).item() == pytest.approx(
            stats.bernoulli.logpmf(k, p), rel=1e-12)
    assert d.entropy().item() == pytest.approx(stats.bernoulli.entropy(p), rel=1e-12)


def test_binomial_against_scipy():
    n, p = np.array([5.0, 10.0, 10.0]), np.array([0.3, 0.8, 0.5])
    k = np.array([2.0, 10.0, 0.0])
    d = D.Binomial(ad.tensor(n), probs=ad.tensor(p))
    np.testing.assert_allclose(d.log_prob(ad.tensor(k)).numpy(), stats.binom.logpmf(k, n, p),
                               rtol=1e-12)
    d = D.Binomial(7, probs=ad.tensor([0.3, 0.6], dtype=np.float64))
    np.testing.assert_allclose(d.entropy().numpy(), stats.binom.entropy(7, [0.3, 0.6]),
                               rtol=1e-12)


def test_poisson_against_scipy():
    rate, k = np.array([0.5, 4.0, 10.0]), np.array([0.0, 3.0, 12.0])
    d = D.Poisson(ad.tensor(rate))
    np.testing.assert_allclose(d.log_prob(ad.tensor(k)).numpy(), stats.poisson.logpmf(k, rate),
                               rtol=1e-12)


def test_categorical_and_multinomial_against_scipy():
    p = np.array([0.2, 0.3, 0.5])
    c = D.Categorical(ad.tensor(p))
    np.testing.assert_allclose(c.log_prob(ad.tensor([0, 1, 2])).numpy(), np.log(p), rtol=1e-13)
    assert c.entropy().item() == pytest.approx(stats.entropy(p), rel=1e-13)
    m = D.Multinomial(10, ad.tensor(p))
    x = np.array([2.0, 3.0, 5.0])
    assert m.log_prob(ad.tensor(x)).item() == pytest.approx(
        stats.multinomial.logpmf(x, 10, p), rel=1e-12)
    assert m.entropy().item() == pytest.approx(stats.multinomial.entropy(10, p), rel=1e-10)


# -- gradients -------------------------------------------------------------------------------
def _finite_difference(f, x, eps=1e-6):
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[i] = eps
        grad[i] = (f(x + step) - f(x - step)) / (2 * eps)
    return grad


@pytest.mark.parametrize("make, param, value", [
    (lambda p: D.Normal(p, 2.0 + 0 * p), [0.3, -1.0], [0.0, 2.0]),
    (lambda p: D.Normal(ad.tensor([0.1, 0.2], dtype=np.float64), p), [0.5, 2.0], [0.0, 2.0]),
    (lambda p: D.Bernoulli(logits=p), [-1.0, 0.5], [0.0, 1.0]),
    (lambda p: D.Bernoulli(probs=p), [0.2, 0.6], [0.0, 1.0]),
    (lambda p: D.Categorical(logits=p), [0.5, -1.0, 2.0], 2),
    (lambda p: D.Multinomial(5, probs=p), [0.2, 0.3, 0.5], [1.0, 1.0, 3.0]),
    (lambda p: D.Binomial(6, logits=p), [-0.5, 1.5], [2.0, 5.0]),
    (lambda p: D.Poisson(p), [0.5, 4.0], [1.0, 3.0]),
    (lambda p: D.Uniform(p, 3.0 + 0 * p), [0.0, -1.0], [0.5, 2.0]),
])
def test_log_prob_gradient_in_the_parameters_matches_finite_differences(make, param, value):
    value = ad.tensor(np.array(value, dtype=np.int64 if isinstance(value, int) else np.float64))

    def f(p):
        return float(make(ad.tensor(p)).log_prob(value).sum())

    p = ad.tensor(np.array(param), requires_grad=True)
    make(p).log_prob(value).sum().backward()
    np.testing.assert_allclose(p.grad.numpy(), _finite_difference(f, param), rtol=1e-6,
                               atol=1e-8)


@pytest.mark.parametrize("make, value", [
    (lambda: D.Normal(ad.tensor([0.5, 1.0], dtype=np.float64), 2.0), [0.3, -1.0]),
    # finite differences leave the integers: no support check
    (lambda: D.Poisson(ad.tensor([2.0, 5.0], dtype=np.float64), validate_args=False),
     [1.0, 3.0]),
    (lambda: D.Binomial(ad.tensor([4.0, 9.0], dtype=np.float64),
                        probs=ad.tensor([0.3, 0.6], dtype=np.float64), validate_args=False),
     [1.0, 3.0]),
])
def test_log_prob_gradient_in_the_value_matches_finite_differences(make, value):
    def f(x):
        return float(make().log_prob(ad.tensor(x)).sum())

    x = ad.tensor(np.array(value), requires_grad=True)
    make().log_prob(x).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), _finite_difference(f, value), rtol=1e-6)


def test_log_prob_works_under_function_transforms():
    def f(loc):
        return D.Normal(loc, 1.5).log_prob(ad.tensor([0.0, 1.0], dtype=np.float64)).sum()

    loc = np.array([0.2, 0.4])
    np.testing.assert_allclose(ad.grad(f)(loc), (np.array([0.0, 1.0]) - loc) / 1.5 ** 2,
                               rtol=1e-13)


def test_normal_rsample_is_reparameterized():
    ad.manual_seed(3)
    loc = ad.tensor([0.5, -1.0], requires_grad=True)
    scale = ad.tensor([2.0, 0.5], requires_grad=True)
    s = D.Normal(loc, scale).rsample((4,))
    assert s.shape == (4, 2) and s.requires_grad
    ad.manual_seed(3)
    eps = ad.randn(4, 2)
    np.testing.assert_allclose(s.detach().numpy(), (0.5 + 0 * eps.numpy()) * [1, 0] +
                               [-1.0 * 0, -1.0] + eps.numpy() * [2.0, 0.5], rtol=1e-6)
    s.sum().backward()
    np.testing.assert_allclose(loc.grad.numpy(), [4.0, 4.0])
    np.testing.assert_allclose(scale.grad.numpy(), eps.numpy().sum(0), rtol=1e-6)


def test_uniform_rsample_is_reparameterized():
    ad.manual_seed(5)
    low = ad.tensor([0.0, 1.0], requires_grad=True)
    high = ad.tensor([2.0, 4.0], requires_grad=True)
    s = D.Uniform(low, high).rsample((3,))
    ad.manual_seed(5)
    u = ad.rand(3, 2).numpy()
    np.testing.assert_allclose(s.detach().numpy(), [0.0, 1.0] + u * [2.0, 3.0], rtol=1e-6)
    s.sum().backward()
    np.testing.assert_allclose(low.grad.numpy(), (1 - u).sum(0), rtol=1e-6)
    np.testing.assert_allclose(high.grad.numpy(), u.sum(0), rtol=1e-6)


def test_sample_is_outside_the_graph():
    loc = ad.tensor([0.5], requires_grad=True)
    s = D.Normal(loc, 1.0).sample((2,))
    assert not s.requires_grad and s.grad_fn is None


# -- shapes, dtypes and sampling -------------------------------------------------------------
@pytest.mark.parametrize("make, batch, event, dtype", [
    (lambda: D.Normal(0.0, 1.0), (), (), np.float32),
    (lambda: D.Normal(ad.zeros(3), 1.0), (3,), (), np.float32),
    (lambda: D.Uniform(ad.zeros(2, 1), ad.ones(3)), (2, 3), (), np.float32),
    (lambda: D.Bernoulli(ad.tensor([0.1, 0.9])), (2,), (), np.float32),
    (lambda: D.Bernoulli(logits=0.3), (), (), np.float32),
    (lambda: D.Categorical(ad.ones(2, 5)), (2,), (), np.int64),
    (lambda: D.Multinomial(7, ad.ones(3, 4)), (3,), (4,), np.float32),
    (lambda: D.Binomial(10, ad.tensor([0.2, 0.5])), (2,), (), np.float32),
    (lambda: D.Poisson(ad.tensor([[1.0], [3.0]])), (2, 1), (), np.float32),
])
@pytest.mark.parametrize("sample_shape", [(), (5,), (2, 3)])
def test_sample_shapes_and_dtypes(make, batch, event, dtype, sample_shape):
    d = make()
    assert d.batch_shape == batch and d.event_shape == event
    assert isinstance(d.batch_shape, ad.Size)
    s = d.sample(sample_shape)
    assert isinstance(s, ad.Tensor)
    assert s.shape == sample_shape + batch + event
    assert s.dtype == dtype
    assert d.log_prob(s).shape == sample_shape + batch
    if d.has_rsample:
        assert d.rsample(sample_shape).shape == sample_shape + batch + event


def test_samples_lie_in_the_support_and_have_the_right_moments():
    ad.manual_seed(0)
    n = 20000
    checks = [
        (D.Normal(ad.tensor([1.0, -2.0]), ad.tensor([0.5, 3.0])), None),
        (D.Uniform(ad.tensor([0.0, 2.0]), ad.tensor([1.0, 5.0])), None),
        (D.Bernoulli(ad.tensor([0.2, 0.7])), None),
        (D.Binomial(12, ad.tensor([0.25, 0.9])), None),
        (D.Poisson(ad.tensor([0.7, 6.0])), None),
        (D.Multinomial(8, ad.tensor([0.1, 0.6, 0.3])), None),
    ]
    for d, _ in checks:
        s = d.sample((n,)).numpy().astype(np.float64)
        assert np.all(d.support.check(ad.tensor(s)).numpy())
        mean, var = d.mean.numpy(), d.variance.numpy()
        np.testing.assert_allclose(s.mean(0), mean, atol=5 * np.sqrt(var.max() / n) + 1e-12,
                                   err_msg=type(d).__name__)
        np.testing.assert_allclose(s.var(0), var, rtol=0.1, atol=1e-3, err_msg=type(d).__name__)
    probs = np.array([0.1, 0.0, 0.6, 0.3])
    counts = np.bincount(D.Categorical(ad.tensor(probs)).sample((n,)).numpy(), minlength=4)
    np.testing.assert_allclose(counts / n, probs, atol=0.015)
    assert counts[1] == 0
    assert np.all(D.Multinomial(8, ad.tensor([0.5, 0.5])).sample((50,)).numpy().sum(-1) == 8)


def test_manual_seed_makes_samples_reproducible():
    def draw():
        ad.manual_seed(42)
        return [D.Normal(0.0, 1.0).sample((3,)), D.Bernoulli(0.5).sample((4,)),
                D.Categorical(ad.ones(3)).sample((4,)), D.Poisson(3.0).sample((3,)),
                D.Binomial(5, ad.tensor(0.5)).sample((3,)),
                D.Multinomial(10, ad.ones(6) / 6).sample()]

    for a, b in zip(draw(), draw()):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_d2l_section_2_6_runs():
    # Dive into Deep Learning, 2.6: tossing a die
    fair_probs = ad.ones(6) / 6
    multinomial = D.multinomial.Multinomial
    assert multinomial(1, fair_probs).sample().shape == (6,)
    counts = multinomial(1000, fair_probs).sample()
    assert counts.sum().item() == 1000.0
    counts = multinomial(10, fair_probs).sample((500,))
    cum_counts = counts.cumsum(dim=0)
    estimates = cum_counts / cum_counts.sum(dim=1, keepdims=True)
    assert estimates.shape == (500, 6)


def test_submodules_as_pytorch_names_them():
    assert D.normal.Normal is D.Normal
    assert D.bernoulli.Bernoulli is D.Bernoulli
    assert D.categorical.Categorical is D.Categorical
    assert D.multinomial.Multinomial is D.Multinomial
    assert D.binomial.Binomial is D.Binomial
    assert D.poisson.Poisson is D.Poisson
    assert D.uniform.Uniform is D.Uniform
    assert ad.distributions is D
    assert repr(D.constraints.positive) == "GreaterThan(lower_bound=0.0)"
    assert repr(D.constraints.real_vector) == "IndependentConstraint(Real(), 1)"


def test_logits_and_probs_are_both_available_and_differentiable():
    logits = ad.tensor([0.5, -1.0, 2.0], requires_grad=True)
    c = D.Categorical(logits=logits)
    np.testing.assert_allclose(c.probs.detach().numpy().sum(), 1.0, rtol=1e-6)
    c.probs[2].backward()
    assert logits.grad is not None
    b = D.Bernoulli(probs=ad.tensor([0.25]))
    np.testing.assert_allclose(b.logits.numpy(), [np.log(1 / 3)], rtol=1e-6)


def test_expand_broadcasts_the_batch():
    d = D.Normal(ad.tensor(0.0), ad.tensor(1.0)).expand((3, 2))
    assert d.batch_shape == (3, 2) and d.sample().shape == (3, 2)
    c = D.Categorical(ad.ones(4)).expand((5,))
    assert c.batch_shape == (5,) and c.sample((2,)).shape == (2, 5)
    m = D.Multinomial(3, ad.ones(4)).expand((2,))
    assert m.sample().shape == (2, 4)


def test_enumerate_support():
    assert D.Bernoulli(ad.tensor([0.1, 0.2])).enumerate_support().tolist() == [[0.0, 0.0],
                                                                               [1.0, 1.0]]
    assert D.Categorical(ad.ones(3)).enumerate_support().tolist() == [0, 1, 2]
    assert D.Binomial(2, ad.tensor([0.5])).enumerate_support(expand=False).shape == (3, 1)


def test_repr_like_pytorch():
    assert repr(D.Normal(0.0, 1.0)) == "Normal(loc: 0.0, scale: 1.0)"
    assert repr(D.Normal(ad.zeros(3), 1.0)) == "Normal(loc: Size([3]), scale: Size([3]))"
    assert repr(D.Bernoulli(logits=ad.zeros(2))) == "Bernoulli(logits: Size([2]))"
    assert repr(D.Multinomial(3, ad.ones(2))) == "Multinomial()"


def test_batched_sampling_keeps_each_batch_member_its_own_parameters():
    c = D.Categorical(ad.tensor([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]))
    assert c.sample((4,)).tolist() == [[0, 2, 1]] * 4
    m = D.Multinomial(5, ad.tensor([[0.0, 1.0], [1.0, 0.0]]))
    assert m.sample((2,)).tolist() == [[[0.0, 5.0], [5.0, 0.0]]] * 2
    b = D.Bernoulli(ad.tensor([0.0, 1.0]))
    assert b.sample((3,)).tolist() == [[0.0, 1.0]] * 3
    assert D.Binomial(ad.tensor([3.0, 7.0]), probs=ad.tensor([1.0, 1.0])).sample().tolist() == \
        [3.0, 7.0]
    assert D.Poisson(ad.tensor([0.0, 0.0])).sample((2,)).tolist() == [[0.0, 0.0]] * 2


@pytest.mark.parametrize("module", [D.normal, D.multinomial, D.utils])
def test_docstring_examples_run(module):
    assert doctest.testmod(module).failed == 0


# -- KL divergence ------------------------------------------------------------------------------
def _make(name, params, dtype):
    args = {k: (ad.tensor(_array(v, dtype), requires_grad=k not in NOT_DIFFERENTIATED)
                if isinstance(v, list) else v) for k, v in params.items()}
    return getattr(D, name)(**args), args


def _recorded(values):
    return np.array(values if isinstance(values, list) else [values], dtype=object).astype(
        np.float64).reshape(np.shape(values))


@pytest.mark.parametrize("case", KL_CASES, ids=[c[0] for c in KL_CASES])
def test_kl_divergence_matches_pytorch(case):
    case_id, p_spec, q_spec, dtype = case
    rec = RECORDED["kl"][case_id]
    p, p_args = _make(*p_spec, dtype)
    q, q_args = _make(*q_spec, dtype)
    kl = D.kl_divergence(p, q)
    assert kl.dtype == np.dtype(dtype)
    _close(kl, _recorded(rec["kl"]), dtype, "kl")
    leaves = {f"{side}.{k}": v for side, args in (("p", p_args), ("q", q_args))
              for k, v in args.items() if isinstance(v, ad.Tensor) and v.requires_grad}
    finite = np.isfinite(kl.detach().numpy())
    if not finite.any():
        return
    ad.where(ad.tensor(finite), kl, 0.0).sum().backward()
    for key, grad in rec["grad"].items():
        ours = leaves[key].grad
        if grad is None:
            assert ours is None or not np.any(ours.numpy()), key
        else:
            _close(ours, grad, dtype, f"d kl / d {key}")


def test_kl_divergence_of_unregistered_pair_raises():
    with pytest.raises(NotImplementedError,
                       match="No KL\\(p \\|\\| q\\) is implemented for p type Categorical "
                             "and q type Normal"):
        D.kl_divergence(D.Categorical(ad.ones(3)), D.Normal(0.0, 1.0))


def test_register_kl_takes_the_most_specific_rule():
    class MyNormal(D.Normal):
        pass

    @D.register_kl(MyNormal, D.Normal)
    def _mine(p, q):
        return ad.tensor(42.0)

    try:
        assert D.kl_divergence(MyNormal(0.0, 1.0), D.Normal(0.0, 1.0)).item() == 42.0
        assert D.kl_divergence(D.Normal(0.0, 1.0), D.Normal(0.0, 1.0)).item() == 0.0
    finally:
        del D.kl._KL_REGISTRY[MyNormal, D.Normal]
        D.kl._KL_MEMOIZE.clear()


def test_kl_against_monte_carlo():
    ad.manual_seed(1)
    p = D.Normal(ad.tensor(0.3), ad.tensor(0.8))
    q = D.Normal(ad.tensor(-0.2), ad.tensor(1.3))
    x = p.sample((200000,))
    estimate = (p.log_prob(x) - q.log_prob(x)).mean().item()
    assert estimate == pytest.approx(D.kl_divergence(p, q).item(), abs=0.01)
