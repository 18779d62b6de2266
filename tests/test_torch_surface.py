"""``import autodiff as torch`` against PyTorch's recorded behaviour (issue 12, items 2-4):
promotion, the names D2L's chapters use, devices.

``fixtures/torch_surface.json`` is written by ``fixtures/record_torch_surface.py`` from the cases
in ``fixtures/torch_surface_cases.py``; each expression's repr, or the exception's type and
message, must match PyTorch's with the library's name where PyTorch prints its own.
"""
import json
import pathlib
import runpy
import re
import warnings

import numpy as np
import pytest

import autodiff as ad
from autodiff.device import DeviceUnavailableError
from fixtures.torch_surface_cases import (DIFFERENT_MESSAGE, EXPRESSIONS, FUNCTIONS, GRADIENTS,
                                          OPERATORS, REFUSED, WEIGHTS, X, apply, operand)

RECORDED = json.loads((pathlib.Path(__file__).parent / "fixtures" /
                       "torch_surface.json").read_text())
ENV = {"torch": ad, "np": np}


def _ours(text):
    return (text.replace("torch.return_types.", "autodiff.return_types.")
            .replace("torch.Size(", "Size(").replace("dtype=torch.", "dtype=")
            .replace("'torch.", "'autodiff.").replace("expand(torch.", "expand("))


def _dtype_text(dtype):
    return np.dtype(dtype).name if not isinstance(dtype, str) else dtype


def _run(text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = eval(text, dict(ENV))
        except Exception as exc:     # noqa: BLE001
            return {"error": type(exc).__name__, "message": str(exc)}
    if isinstance(value, np.dtype):
        return {"repr": f"torch.{value.name}".replace("torch.bool_", "torch.bool")}
    return {"repr": repr(value)}


# PyTorch spells dtypes torch.float32, autodiff's are numpy's: the dtype rows compare by name.
_DTYPE_ALIASES = {"torch.float": "torch.float32", "torch.double": "torch.float64",
                  "torch.long": "torch.int64", "torch.half": "torch.float16"}


@pytest.mark.parametrize("text", EXPRESSIONS)
def test_expression_matches_pytorch(text):
    theirs = RECORDED["expressions"][text]
    ours = _run(text)
    if "error" in theirs:
        assert "error" in ours, f"PyTorch raises {theirs}, autodiff gives {ours}"
        assert ours["error"] == theirs["error"]
        if text not in DIFFERENT_MESSAGE:
            assert ours["message"] == _ours(theirs["message"])
        return
    assert "repr" in ours, f"autodiff raises {ours}"
    expected = _ours(theirs["repr"])
    expected = _DTYPE_ALIASES.get(expected, expected)
    assert ours["repr"] == expected


@pytest.mark.parametrize("text", REFUSED)
def test_other_devices_are_refused_clearly(text):
    assert RECORDED["expressions"][text]["error"] == "AssertionError"
    with pytest.raises(AssertionError, match="autodiff computes with numpy on the CPU") as info:
        eval(text, dict(ENV))
    assert isinstance(info.value, RuntimeError)
    assert isinstance(info.value, DeviceUnavailableError)


@pytest.mark.parametrize("text", GRADIENTS)
def test_gradient_matches_pytorch(text):
    recorded = RECORDED["gradients"][text]
    x = ad.tensor(X, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = eval(text, dict(ENV, x=x))
    assert _dtype_text(out.dtype) == recorded["dtype"]
    w = ad.tensor(np.asarray(WEIGHTS[:out.numel()]).reshape(out.shape), dtype=out.dtype)
    (out * w).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), recorded["grad"], rtol=1e-6, atol=1e-6)


_PROMOTION = [re.match(r"(\w+):(\S+) (\S+) (\w+):(\S+) -> (\S+)", row).groups()
              for row in RECORDED["promotion"]]


def _promotion_result(op, a_spec, b_spec):
    a, b = operand(ad, a_spec), operand(ad, b_spec)
    try:
        return _dtype_text(apply(ad, op, a, b).dtype).replace("bool_", "bool")
    except Exception as exc:        # noqa: BLE001
        return "error:" + type(exc).__name__


@pytest.mark.parametrize("op", OPERATORS + FUNCTIONS)
def test_promotion_follows_pytorch(op):
    wrong = []
    for ka, a, o, kb, b, result in _PROMOTION:
        if o != op or result.startswith("error") or result == "complex32":
            continue       # complex32 (PyTorch's ComplexHalf) has no numpy dtype
        ours = _promotion_result(op, (ka, a), (kb, b))
        if ours != result:
            wrong.append(f"{ka}:{a} {op} {kb}:{b}: PyTorch {result}, autodiff {ours}")
    assert not wrong, f"{len(wrong)} combinations differ:\n" + "\n".join(wrong[:30])


def test_numpy_functions_keep_numpy_promotion():
    i = ad.arange(3)
    assert np.add(i, 1.5).dtype == np.float64            # numpy's rule
    assert (i + 1.5).dtype == np.float32                 # PyTorch's rule
    assert ad.add(i, 1.5).dtype == np.float32
    f = ad.ones(2)
    assert np.multiply(f, np.float64(2.0)).dtype == np.float64
    assert (f * np.float64(2.0)).dtype == np.float32
    assert np.sqrt(i).dtype == np.float64 and ad.sqrt(i).dtype == np.float32
    assert np.true_divide(i, 2).dtype == np.float64 and (i / 2).dtype == np.float32


def test_promotion_keeps_gradients_and_transforms():
    x = ad.tensor([1.0, 2.0], requires_grad=True)
    y = (x * ad.arange(2) + ad.tensor(1.0, dtype=ad.float64)).sum()
    assert y.dtype == np.float32
    y.backward()
    assert x.grad.dtype == np.float32 and x.grad.tolist() == [0.0, 1.0]
    g = ad.grad(lambda v: (v * 2 + 1.5).sum())(np.ones(3))
    assert g.dtype == np.float64 and g.tolist() == [2.0, 2.0, 2.0]


def test_default_dtype_decides_python_floats():
    ad.set_default_dtype(np.float64)
    assert (ad.arange(3) + 1.5).dtype == np.float64
    assert (ad.tensor([1, 2]) / 2).dtype == np.float64
    assert ad.result_type(ad.arange(2), 1j) == np.complex128


def test_named_tuples_unpack_and_index():
    values, indices = ad.sort(ad.tensor([3.0, 1.0, 2.0]))
    assert values.tolist() == [1.0, 2.0, 3.0] and indices.tolist() == [1, 2, 0]
    r = ad.tensor([[1.0, 5.0], [4.0, 2.0]]).max(dim=1)
    assert r.values is r[0] and r.indices is r[1]


def test_devices():
    assert ad.device("cpu") == ad.device("cpu") and ad.device("cpu") != ad.device("cpu", 0)
    assert str(ad.ones(1).device) == "cpu" and ad.ones(1).device.type == "cpu"
    assert ad.cuda.is_available() is False and ad.cuda.device_count() == 0
    x = ad.ones(2)
    assert x.to("cpu") is x and x.cpu() is x and x.to(ad.device("cpu")) is x
    assert x.to("cpu", copy=True) is not x
    # D2L's try_gpu/try_all_gpus, verbatim
    def try_gpu(i=0):
        if ad.cuda.device_count() >= i + 1:
            return ad.device(f'cuda:{i}')
        return ad.device('cpu')
    assert ad.ones(2, device=try_gpu()).device == ad.device("cpu")
    for make in (lambda d: ad.rand(2, device=d), lambda d: ad.randint(0, 3, (2,), device=d),
                 lambda d: ad.eye(2, device=d), lambda d: ad.full((2,), 1.0, device=d),
                 lambda d: ad.linspace(0, 1, 3, device=d), lambda d: ad.zeros_like(x, device=d)):
        assert make("cpu").device == ad.device("cpu")
        with pytest.raises(RuntimeError, match="not available"):
            make("cuda")


def test_retains_grad():
    x = ad.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    assert not x.retains_grad and not y.retains_grad
    y.retain_grad()
    assert y.retains_grad


TUTORIALS = pathlib.Path(__file__).resolve().parents[1] / "tutorials"


@pytest.mark.parametrize("name", sorted(RECORDED["tutorials"]))
def test_d2l_tutorial_prints_what_pytorch_prints(name, monkeypatch, capsys):
    # The tutorial as it is (import autodiff as torch), in this process: its printed lines
    # against those PyTorch printed for the same code (Size for torch.Size, the library's name).
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    plt = pytest.importorskip("matplotlib.pyplot")
    runpy.run_path(str(TUTORIALS / name), run_name="__main__")
    plt.close("all")
    assert capsys.readouterr().out == _ours(RECORDED["tutorials"][name])


def test_optimizer_implementation_options_are_honoured_or_refused():
    def trajectory(**options):
        w = ad.tensor([1.0, -2.0], requires_grad=True)
        opt = ad.optim.Adam([w], lr=0.1, **options)
        for _ in range(3):
            opt.zero_grad()
            (w * w).sum().backward()
            opt.step()
        return w.detach().numpy().copy()
    plain = trajectory()
    for options in (dict(foreach=True), dict(foreach=False), dict(capturable=True),
                    dict(fused=False), dict(differentiable=False)):
        np.testing.assert_array_equal(trajectory(**options), plain)
    w = ad.ones(2, requires_grad=True)
    for make in (ad.optim.SGD, ad.optim.Adam, ad.optim.AdamW, ad.optim.Adagrad):
        with pytest.raises(ValueError, match="fused=True"):
            make([w], lr=0.1, fused=True)
    with pytest.raises(ValueError, match="differentiable=True"):
        ad.optim.RMSprop([w], lr=0.1, differentiable=True)


def test_poisson_entropy_is_the_series():
    stats = pytest.importorskip("scipy.stats")
    rate = ad.tensor([0.0, 0.5, 3.0, 150.0], dtype=ad.float64, requires_grad=True)
    h = ad.distributions.Poisson(rate).entropy()
    np.testing.assert_allclose(h.detach().numpy(), stats.poisson(rate.detach().numpy()).entropy(),
                               rtol=1e-10, atol=1e-12)
    h[1:].sum().backward()
    eps = 1e-6
    slope = [(stats.poisson(r + eps).entropy() - stats.poisson(r - eps).entropy()) / (2 * eps)
             for r in (0.5, 3.0, 150.0)]
    np.testing.assert_allclose(rate.grad.numpy()[1:], slope, rtol=1e-4)   # scipy, differenced
    assert repr(ad.distributions.Poisson(0.0).entropy()) == "tensor(0.)"
