"""``autodiff.nn`` and ``autodiff.utils.data`` against PyTorch.

The programs of ``fixtures/nn_cases.py`` run with autodiff and are compared with what the same
programs gave with PyTorch: recorded in ``fixtures/nn_outputs.npz`` by ``fixtures/record_nn.py``
(so the comparison runs where torch is absent), and live when torch is installed. Initial values,
dropout masks and minibatch orders must be equal bit for bit; outputs, losses, gradients and
trained parameters to float32 rounding. The losses' derivatives are also checked against finite
differences, and the D2L tutorial's printed lines against PyTorch's.
"""
import copy
import pathlib
import pickle
import platform
import runpy
import warnings

import numpy as np
import pytest

import autodiff as ad
from autodiff import nn
from autodiff.nn import functional as F
from autodiff.utils import data
from fixtures import nn_cases

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
RECORDED = dict(np.load(FIXTURES / "nn_outputs.npz"))
TUTORIALS = pathlib.Path(__file__).resolve().parents[1] / "tutorials"
CASES = nn_cases.CASES


def _recorded(case):
    prefix = case.__name__ + "/"
    return {key[len(prefix):]: value for key, value in RECORDED.items()
            if key.startswith(prefix)}


def assert_same(ours: dict, theirs: dict):
    """Every result of a case equal to PyTorch's: ``exact.*`` bit for bit, text character for
    character, the rest to float32 rounding."""
    assert sorted(ours) == sorted(theirs)
    for key, expected in theirs.items():
        got = np.asarray(ours[key])
        if expected.dtype.kind == "U":
            assert str(got) == str(expected), f"{key}:\n{got}\n!=\n{expected}"
            continue
        assert got.dtype == expected.dtype and got.shape == expected.shape, \
            f"{key}: {got.dtype}{got.shape} != {expected.dtype}{expected.shape}"
        if key.startswith("exact."):
            np.testing.assert_array_equal(got, expected, err_msg=key)
        else:
            np.testing.assert_allclose(got, expected, rtol=2e-5, atol=1e-6, err_msg=key)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__)
def test_case_matches_recorded_pytorch(case):
    assert_same(case(ad), _recorded(case))


def _mkl_bernoulli(torch) -> bool:
    # PyTorch built with MKL on an Intel processor draws bernoulli_(p) from an MKL stream, not
    # from its mt19937 generator; autodiff reproduces the mt19937 kernel only.
    try:
        cpu = pathlib.Path("/proc/cpuinfo").read_text()
    except OSError:
        cpu = platform.processor()
    return torch.backends.mkl.is_available() and "GenuineIntel" in cpu


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__)
def test_case_matches_pytorch(case):
    torch = pytest.importorskip("torch")
    pytest.importorskip("torch.utils.data")
    if case is nn_cases.dropout and _mkl_bernoulli(torch):
        pytest.skip("this PyTorch draws dropout masks from MKL (Intel processor)")
    theirs = case(torch)
    assert_same(case(ad), theirs)


# ------------------------------------------------------------ the comparison can fail
def test_the_comparison_catches_a_wrong_initialization(monkeypatch):
    original = nn.init.kaiming_uniform_
    monkeypatch.setattr(nn.init, "kaiming_uniform_",
                        lambda tensor, a=0, **kw: original(tensor, a=1.0, **kw))
    with pytest.raises(AssertionError, match="linear3x2.weight"):
        assert_same(nn_cases.linear_init(ad), _recorded(nn_cases.linear_init))


def test_the_comparison_catches_a_loss_off_by_a_hundredth_of_a_percent(monkeypatch):
    original = F.log_softmax
    monkeypatch.setattr(F, "log_softmax", lambda x, dim=None, dtype=None:
                        original(x, dim) * 1.0001)
    with pytest.raises(AssertionError, match="loss"):
        assert_same(nn_cases.mlp_cross_entropy(ad), _recorded(nn_cases.mlp_cross_entropy))


def test_the_comparison_catches_a_loader_that_skips_pytorchs_base_seed(monkeypatch):
    monkeypatch.setattr(data.DataLoader, "__iter__", lambda self: self._batches())
    with pytest.raises(AssertionError, match="epoch"):
        assert_same(nn_cases.data_loader(ad), _recorded(nn_cases.data_loader))


# ------------------------------------------------------------ derivatives of the losses
def _central_differences(f, x, eps=1e-6):
    """d f / d x by central differences on numpy values (no engine involved)."""
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[i] += eps
        down[i] -= eps
        grad[i] = (f(up) - f(down)) / (2 * eps)
    return grad


RNG = np.random.default_rng(0)
LOGITS = RNG.standard_normal((5, 4))
SCORES = RNG.standard_normal((5, 4))
CLASSES = np.array([0, 3, 1, -100, 2])
WEIGHT = ad.tensor([1.0, 2.0, 0.5, 1.5], dtype=ad.float64)
P = RNG.uniform(0.1, 0.9, (5, 4))

LOSSES = {
    "mse": lambda x: F.mse_loss(x, ad.tensor(SCORES)),
    "mse_sum": lambda x: F.mse_loss(x, ad.tensor(SCORES), reduction="sum"),
    "l1": lambda x: F.l1_loss(x, ad.tensor(SCORES)),
    "cross_entropy": lambda x: F.cross_entropy(x, ad.tensor(np.abs(CLASSES) % 4)),
    "cross_entropy_weight_ignore": lambda x: F.cross_entropy(x, ad.tensor(CLASSES), WEIGHT),
    "cross_entropy_smoothing": lambda x: F.cross_entropy(x, ad.tensor(CLASSES), WEIGHT,
                                                         label_smoothing=0.2),
    "cross_entropy_none": lambda x: (F.cross_entropy(x, ad.tensor(CLASSES), reduction="none")
                                     * ad.tensor(P[:, 0])).sum(),
    "cross_entropy_probabilities": lambda x: F.cross_entropy(x, ad.tensor(P / P.sum(1)[:, None])),
    "cross_entropy_3d": lambda x: F.cross_entropy(x.reshape(5, 2, 2),
                                                  ad.tensor([[0, 1], [1, 1], [0, 0], [1, 0],
                                                             [1, 1]])),
    "nll": lambda x: F.nll_loss(F.log_softmax(x, 1), ad.tensor(CLASSES)),
    "bce_with_logits": lambda x: F.binary_cross_entropy_with_logits(x, ad.tensor(P)),
    "bce_with_logits_pos_weight": lambda x: F.binary_cross_entropy_with_logits(
        x, ad.tensor(P), pos_weight=WEIGHT, reduction="sum"),
    "bce": lambda x: F.binary_cross_entropy(ad.sigmoid(x), ad.tensor(P)),
    "softmax": lambda x: (F.softmax(x, 1) * ad.tensor(SCORES)).sum(),
    "log_softmax": lambda x: (F.log_softmax(x, 0) * ad.tensor(SCORES)).sum(),
    "linear": lambda x: (F.linear(ad.tensor(SCORES), x, ad.tensor(P[:, 0])) ** 2).sum(),
}


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_loss_gradient_matches_finite_differences(name):
    loss = LOSSES[name]
    x = ad.tensor(LOGITS, requires_grad=True)
    loss(x).backward()
    with ad.no_grad():
        expected = _central_differences(lambda v: float(loss(ad.tensor(v))), LOGITS)
    np.testing.assert_allclose(x.grad.numpy(), expected, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_loss_derivatives_agree_in_both_modes(name):
    # forward mode, reverse mode and Richardson-extrapolated differences
    ad.gradcheck(LOSSES[name], LOGITS)


def test_bce_with_logits_target_gradient():
    t = ad.tensor(P, requires_grad=True)
    F.binary_cross_entropy_with_logits(ad.tensor(LOGITS), t).backward()
    expected = _central_differences(
        lambda v: float(F.binary_cross_entropy_with_logits(ad.tensor(LOGITS), ad.tensor(v))), P)
    np.testing.assert_allclose(t.grad.numpy(), expected, rtol=1e-6, atol=1e-8)


def test_bce_with_logits_is_stable_far_from_zero():
    x = ad.tensor([-1000.0, 1000.0], requires_grad=True)
    loss = F.binary_cross_entropy_with_logits(x, ad.tensor([1.0, 0.0]), reduction="sum")
    loss.backward()
    assert float(loss) == 2000.0
    np.testing.assert_array_equal(x.grad.numpy(), [-1.0, 1.0])


def test_the_function_transforms_see_through_modules_and_losses():
    # Layers and losses are autodiff operations: grad, jacfwd, hessian and jit compose with them.
    ad.manual_seed(0)
    net = nn.Sequential(nn.Linear(4, 5), nn.Tanh(), nn.Linear(5, 4)).double()
    labels = ad.tensor([0, 3, 1, 2, 2])

    def loss(x):
        return F.cross_entropy(net(x), labels)

    x = ad.tensor(LOGITS, requires_grad=True)
    loss(x).backward()
    np.testing.assert_allclose(np.asarray(ad.grad(loss)(LOGITS)), x.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(np.asarray(ad.jacfwd(loss)(LOGITS)), x.grad.numpy(), rtol=1e-12)
    h = np.asarray(ad.hessian(loss)(LOGITS)).reshape(20, 20)
    np.testing.assert_allclose(h, h.T, atol=1e-12)
    np.testing.assert_allclose(float(ad.jit(loss)(LOGITS)), float(loss(ad.tensor(LOGITS))))


# ------------------------------------------------------------ modules
class MLP(nn.Module):
    """D2L's custom block (section 5.1 of the first edition)."""

    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(20, 256)
        self.out = nn.Linear(256, 10)

    def forward(self, X):
        return self.out(F.relu(self.hidden(X)))


def test_a_custom_module_registers_its_layers():
    net = MLP()
    assert net(ad.rand(2, 20)).shape == (2, 10)
    assert [n for n, _ in net.named_parameters()] == ["hidden.weight", "hidden.bias",
                                                      "out.weight", "out.bias"]
    assert list(net.children()) == [net.hidden, net.out]
    assert [type(m).__name__ for m in net.modules()] == ["MLP", "Linear", "Linear"]
    assert net.get_parameter("out.bias") is net.out.bias
    assert repr(net).startswith("MLP(\n  (hidden): Linear(in_features=20")


def test_attribute_rules():
    layer = nn.Linear(2, 3)
    with pytest.raises(TypeError, match="cannot assign 'Tensor' as parameter 'weight'"):
        layer.weight = ad.ones(3, 2)
    layer.bias = None
    assert [n for n, _ in layer.named_parameters()] == ["weight"]
    assert layer(ad.ones(1, 2)).shape == (1, 3)
    layer.scale = nn.Parameter(ad.ones(1))                     # a new parameter
    assert "scale" in dict(layer.named_parameters())
    del layer.scale
    assert "scale" not in dict(layer.named_parameters())
    layer.register_buffer("running", ad.zeros(3))
    assert list(layer.state_dict()) == ["weight", "running"]
    with pytest.raises(AttributeError, match="'Linear' object has no attribute 'missing'"):
        layer.missing
    with pytest.raises(NotImplementedError, match="missing the required \"forward\""):
        nn.Module()(ad.ones(1))
    shared = nn.Linear(2, 2)
    tied = nn.Sequential(shared, nn.ReLU(), shared)
    assert len(list(tied.parameters())) == 2                   # each parameter once


def test_parameter_is_a_leaf_that_shares_its_values():
    source = ad.randn(3, requires_grad=True) * 2
    p = nn.Parameter(source)
    assert p.is_leaf and p.requires_grad and p.grad_fn is None
    assert isinstance(p, ad.Tensor) and not isinstance(p * 2, nn.Parameter)
    assert str(p).startswith("Parameter containing:\ntensor(")
    frozen = nn.Parameter(ad.ones(2), requires_grad=False)
    assert not frozen.requires_grad
    clone = copy.deepcopy(p)
    assert isinstance(clone, nn.Parameter) and clone is not p
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(p)).detach().numpy(),
                                  p.detach().numpy())


def test_zero_grad_train_eval_and_requires_grad():
    net = nn.Sequential(nn.Linear(3, 4), nn.Dropout(0.5), nn.Linear(4, 1))
    net(ad.ones(2, 3)).sum().backward()
    assert all(p.grad is not None for p in net.parameters())
    net.zero_grad(set_to_none=False)
    assert all(not p.grad.numpy().any() for p in net.parameters())
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())
    assert net.eval() is net and not any(m.training for m in net.modules())
    x = ad.randn(2, 3)
    np.testing.assert_array_equal(net(x).detach().numpy(), net(x).detach().numpy())
    net.train()
    assert all(m.training for m in net.modules())
    net.requires_grad_(False)
    assert not any(p.requires_grad for p in net.parameters())


def test_state_dict_round_trip_and_errors():
    net, other = MLP(), MLP()
    state = net.state_dict()
    assert not state["out.bias"].requires_grad
    result = other.load_state_dict(state)
    assert str(result) == "<All keys matched successfully>"
    np.testing.assert_array_equal(other.out.weight.detach().numpy(),
                                  net.out.weight.detach().numpy())
    assert other.out.weight is not net.out.weight              # copied, not shared
    del state["out.bias"]
    state["extra"] = ad.ones(1)
    with pytest.raises(RuntimeError, match='Unexpected key\\(s\\) in state_dict: "extra"'):
        other.load_state_dict(state)
    keys = other.load_state_dict(state, strict=False)
    assert keys.missing_keys == ["out.bias"] and keys.unexpected_keys == ["extra"]
    with pytest.raises(RuntimeError, match="size mismatch for out.bias"):
        other.load_state_dict({**net.state_dict(), "out.bias": ad.ones(3)})


def test_to_casts_floating_parameters_and_stays_on_the_cpu():
    net = nn.Sequential(nn.Linear(2, 2))
    assert net.to("cpu") is net and net.cpu() is net
    net.to(ad.float64)
    assert net[0].weight.dtype == np.float64 and isinstance(net[0].weight, nn.Parameter)
    assert net(ad.ones(1, 2, dtype=ad.float64)).dtype == np.float64
    net.float()
    assert net[0].bias.dtype == np.float32
    with pytest.raises(RuntimeError, match="not available"):
        net.to("cuda")


def test_apply_initializes_as_d2l_does():
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))

    def init_weights(m):
        if type(m) == nn.Linear:
            nn.init.normal_(m.weight, std=0.01)
            nn.init.zeros_(m.bias)

    assert net.apply(init_weights) is net
    assert abs(float(net[1].weight.std()) - 0.01) < 1e-3
    assert not net[3].bias.detach().numpy().any()
    assert net[1].weight.requires_grad and net[1].weight.is_leaf


def test_sequential_and_module_list_as_lists():
    layers = [nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1)]
    net = nn.Sequential(*layers)
    assert len(net) == 3 and net[-1] is layers[2] and list(net) == layers
    assert isinstance(net[:2], nn.Sequential) and len(net[:2]) == 2
    with pytest.raises(IndexError):
        net[3]
    net.append(nn.Sigmoid())
    del net[1]
    assert [type(m).__name__ for m in net] == ["Linear", "Linear", "Sigmoid"]
    assert list(net._modules) == ["0", "1", "2"]
    blocks = nn.ModuleList([nn.Linear(2, 2)])
    blocks.append(nn.Linear(2, 2))
    blocks += [nn.Tanh()]
    assert len(blocks) == 3 and len(list(blocks.parameters())) == 4
    owner = nn.Module()
    owner.blocks = blocks
    assert len(list(owner.parameters())) == 4


def test_lazy_linear_materializes_the_parameters_an_optimizer_holds():
    layer = nn.LazyLinear(3)
    params = list(layer.parameters())
    opt = ad.optim.SGD(params, lr=0.1)
    X = ad.randn(4, 5)
    layer(X).sum().backward()
    opt.step()
    assert type(layer) is nn.Linear and layer.in_features == 5
    assert params[0] is layer.weight and layer.weight.shape == (3, 5)
    assert type(layer.weight) is nn.Parameter


def test_a_layer_without_inputs_is_initialized_as_pytorch_does():
    with pytest.warns(UserWarning, match="zero-element tensors is a no-op"):
        layer = nn.Linear(0, 3)
    assert layer.weight.shape == (3, 0) and not layer.bias.detach().numpy().any()
    assert layer(ad.ones(2, 0)).shape == (2, 3)


def test_dropout_statistics_and_limits():
    ad.manual_seed(0)
    x = ad.ones(100_000)
    y = nn.Dropout(0.3)(x).numpy()
    assert abs((y == 0).mean() - 0.3) < 0.01 and abs(y.mean() - 1) < 0.02
    np.testing.assert_array_equal(np.unique(y), [0, np.float32(1) / np.float32(0.7)])
    assert not F.dropout(x, 1.0).numpy().any()
    assert F.dropout(x, 0.0) is x
    with pytest.raises(ValueError, match="between 0 and 1, but got 1.5"):
        nn.Dropout(1.5)


def test_loss_options_and_messages():
    x, t = ad.ones(3, 1), ad.zeros(3)
    with pytest.warns(UserWarning, match="different to the input size"):
        F.mse_loss(x, t)
    with pytest.raises(IndexError, match="Target 4 is out of bounds."):
        F.cross_entropy(ad.zeros(2, 4), ad.tensor([1, 4]))
    with pytest.raises(ValueError, match="is not a valid value for reduction"):
        F.l1_loss(x, x, reduction="average")
    with pytest.warns(UserWarning, match="reduction='sum'"):
        legacy = nn.MSELoss(size_average=False)
    assert legacy.reduction == "sum"
    loss = nn.CrossEntropyLoss(weight=ad.tensor([1.0, 2.0]))
    assert "weight" in loss.state_dict()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_allclose(nn.Softmax(dim=0)(ad.zeros(4)).numpy(), 0.25)


# ------------------------------------------------------------ utils.data
def test_data_loader_options():
    X, y = ad.arange(10.0).reshape(5, 2), ad.arange(5)
    dataset = data.TensorDataset(X, y)
    assert len(dataset) == 5 and dataset[2][1].item() == 2
    assert [len(b) for b, _ in data.DataLoader(dataset, batch_size=2)] == [2, 2, 1]
    assert len(data.DataLoader(dataset, batch_size=2, drop_last=True)) == 2
    single = list(data.DataLoader(dataset, batch_size=None))
    assert len(single) == 5 and single[0][0].shape == (2,)
    pairs = list(data.DataLoader([(1, 2.0), (3, 4.0), (5, 6.0)], batch_size=2))
    assert pairs[0][0].dtype == np.int64 and pairs[0][1].dtype == np.float64
    dicts = next(iter(data.DataLoader([{"a": ad.ones(2)}, {"a": ad.zeros(2)}], batch_size=2)))
    assert dicts["a"].shape == (2, 2)
    joined = data.DataLoader(dataset, batch_size=5, collate_fn=lambda batch: len(batch))
    assert list(joined) == [5]
    g1, g2 = ad.Generator().manual_seed(3), ad.Generator().manual_seed(3)
    first = [b.tolist() for _, b in data.DataLoader(dataset, 2, shuffle=True, generator=g1)]
    second = [b.tolist() for _, b in data.DataLoader(dataset, 2, shuffle=True, generator=g2)]
    assert first == second and sorted(sum(first, [])) == [0, 1, 2, 3, 4]
    with pytest.raises(AssertionError, match="Size mismatch"):
        data.TensorDataset(X, ad.arange(4))
    with pytest.raises(ValueError, match="mutually exclusive"):
        data.DataLoader(dataset, sampler=data.SequentialSampler(dataset), shuffle=True)


def test_random_split_partitions_the_data():
    parts = data.random_split(list(range(10)), [0.7, 0.3], generator=ad.Generator().manual_seed(0))
    assert [len(p) for p in parts] == [7, 3]
    assert sorted(list(parts[0]) + list(parts[1])) == list(range(10))


# ------------------------------------------------------------ the tutorial
def test_tutorial_prints_what_pytorch_prints(capsys):
    # The tutorial as it is (import autodiff as torch, from autodiff import nn), in this
    # process: its printed lines against those PyTorch printed for the same code.
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    plt = pytest.importorskip("matplotlib.pyplot")
    runpy.run_path(str(TUTORIALS / nn_cases.TUTORIAL), run_name="__main__")
    plt.close("all")
    expected = str(RECORDED["tutorial"]).replace("torch.Size(", "Size(")
    assert capsys.readouterr().out == expected


# torch 2.13: torch.manual_seed(3); list(RandomSampler(range(10), ...))
_SAMPLER_DRAWS = {
    "replacement": ({"replacement": True, "num_samples": 40},
                    [7, 8, 5, 1, 8, 6, 2, 2, 3, 9, 8, 6, 2, 5, 5, 4, 2, 5, 8, 4, 1, 8, 5, 1, 3,
                     1, 7, 4, 2, 1, 1, 5, 3, 3, 7, 4, 3, 6, 0, 9]),
    "num_samples": ({"num_samples": 25},
                    [7, 0, 9, 1, 6, 4, 5, 3, 2, 8, 9, 5, 6, 8, 7, 1, 3, 2, 0, 4, 8, 2, 5, 4, 9]),
}


@pytest.mark.parametrize("case", sorted(_SAMPLER_DRAWS))
def test_random_sampler_with_replacement_and_num_samples_draws_pytorchs_indices(case):
    kwargs, expected = _SAMPLER_DRAWS[case]
    ad.manual_seed(3)
    sampler = data.RandomSampler(list(range(10)), **kwargs)
    assert len(sampler) == len(expected)
    assert list(sampler) == expected
