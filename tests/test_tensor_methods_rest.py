"""PyTorch's remaining Tensor methods, ``ad.save``/``ad.load`` and ``nn.utils`` gradient
clipping: values against numpy (and PyTorch when it is installed), in-place forms against the
out-of-place method, files read back equal."""
import pickle

import numpy as np
import pytest

import autodiff as ad
from autodiff import nn
from autodiff.device import DeviceUnavailableError

X = np.array([[1.0, -2.0, 3.0], [0.5, 2.0, -1.0]])

CASES = {
    "eq": (lambda x: x.eq(x * 0 + 1), lambda x: x == 1),
    "greater": (lambda x: x.greater(0), lambda x: x > 0),
    "less_equal": (lambda x: x.less_equal(1), lambda x: x <= 1),
    "neg": (lambda x: x.neg(), lambda x: -x),
    "all": (lambda x: x.all(), lambda x: np.all(x)),
    "any dim": (lambda x: (x > 2).any(dim=1), lambda x: np.any(x > 2, axis=1)),
    "where": (lambda x: x.where(x > 0, x * 0), lambda x: np.where(x > 0, x, 0)),
    "nansum": (lambda x: x.nansum(1), lambda x: np.nansum(x, 1)),
    "nan_to_num": (lambda x: (x / 0).nan_to_num(0.0, 1.0, -1.0),
                   lambda x: np.nan_to_num(x / 0, nan=0.0, posinf=1.0, neginf=-1.0)),
    "stride": (lambda x: x.stride(), lambda x: tuple(s // x.itemsize for s in x.strides)),
    "new_zeros": (lambda x: x.new_zeros(2, 2), lambda x: np.zeros((2, 2))),
    "new_full": (lambda x: x.new_full((2,), 7.0), lambda x: np.full(2, 7.0)),
    "unflatten": (lambda x: x.unflatten(1, (3, 1)), lambda x: x.reshape(2, 3, 1)),
    "unfold": (lambda x: x.unfold(1, 2, 1),
               lambda x: np.lib.stride_tricks.sliding_window_view(x, 2, axis=1)),
    "sum_to_size": (lambda x: x.sum_to_size(1, 3), lambda x: x.sum(0, keepdims=True)),
    "mH": (lambda x: x.mH, lambda x: x.T),
    "deg2rad": (lambda x: x.deg2rad(), np.deg2rad),
    "logical_not": (lambda x: x.logical_not(), np.logical_not),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_methods_match_numpy(name):
    ours, numpy = CASES[name]
    with np.errstate(divide="ignore", invalid="ignore"):
        np.testing.assert_array_equal(np.asarray(ours(ad.tensor(X))), numpy(X.copy()))


def test_methods_are_differentiable_where_the_function_is():
    g = ad.grad(lambda x: ad.sum(x.unfold(1, 2, 1) * np.arange(8.0).reshape(2, 2, 2)))(X)
    np.testing.assert_array_equal(g, [[0.0, 3.0, 3.0], [4.0, 11.0, 7.0]])
    g = ad.grad(lambda x: ad.sum(x.where(x > 0, x * 0) * 2))(X)
    np.testing.assert_array_equal(g, np.where(X > 0, 2.0, 0.0))


@pytest.mark.parametrize("name", ["abs", "sigmoid", "exp2", "neg", "clip", "cumsum", "tril"])
def test_inplace_forms_equal_the_method(name):
    args = {"clip": (-1.0, 1.0), "cumsum": (1,)}.get(name, ())
    x = ad.tensor(X.copy())
    expected = getattr(x, name)(*args).numpy()
    assert getattr(x, name + "_")(*args) is x
    np.testing.assert_array_equal(x.numpy(), expected)


def test_inplace_forms_keep_the_dtype_and_refuse_shape_changes():
    x = ad.tensor(X.copy())
    x.eq_(1.0)
    np.testing.assert_array_equal(x.numpy(), (X == 1).astype(float))
    assert x.dtype == np.float64
    with pytest.raises(RuntimeError, match="shape"):
        ad.tensor(X).unsqueeze_(0)


def test_save_and_load_round_trip(tmp_path):
    x = ad.arange(4.0)
    ad.save({"x": x, "y": [ad.zeros(2), 3]}, tmp_path / "d")
    back = ad.load(tmp_path / "d")
    np.testing.assert_array_equal(back["x"].numpy(), [0.0, 1.0, 2.0, 3.0])
    assert back["y"][1] == 3
    net = nn.Sequential(nn.Linear(3, 2), nn.ReLU())
    ad.save(net.state_dict(), tmp_path / "mlp.params")
    clone = nn.Sequential(nn.Linear(3, 2), nn.ReLU())
    clone.load_state_dict(ad.load(tmp_path / "mlp.params"))
    inputs = ad.randn(2, 3)
    np.testing.assert_array_equal(clone(inputs).detach().numpy(), net(inputs).detach().numpy())
    t = ad.tensor([1.0, 2.0], requires_grad=True)
    ad.save(t, tmp_path / "t")
    assert ad.load(tmp_path / "t").requires_grad


def test_load_refuses_code_unless_trusted(tmp_path):
    ad.save(pickle.loads, tmp_path / "f")          # names a function, as a malicious file would
    with pytest.raises(pickle.UnpicklingError, match="weights_only=False"):
        ad.load(tmp_path / "f")
    assert ad.load(tmp_path / "f", weights_only=False) is pickle.loads
    with pytest.raises(DeviceUnavailableError):
        ad.load(tmp_path / "f", map_location="cuda")


def test_clip_grad_norm_and_value():
    w = nn.Parameter(ad.tensor([3.0, 4.0]))
    b = nn.Parameter(ad.tensor([12.0]))
    (w * ad.tensor([3.0, 4.0])).sum().backward()          # grad (3, 4)
    (b * 12.0).sum().backward()                           # grad 12
    total = nn.utils.clip_grad_norm_([w, b], 6.5)
    assert float(total) == pytest.approx(13.0)
    np.testing.assert_allclose(w.grad.numpy(), np.array([3.0, 4.0]) * 6.5 / (13.0 + 1e-6))
    nn.utils.clip_grad_value_([w, b], 1.0)
    np.testing.assert_allclose(b.grad.numpy(), [1.0])
    assert float(nn.utils.clip_grad_norm_([w, b], 10.0, norm_type="inf")) == 1.0


def test_decompositions_bits_and_index_put():
    x = ad.tensor(X)
    u, s, v = x.svd()
    np.testing.assert_allclose((u.numpy() * s.numpy()) @ v.numpy().T, X, atol=1e-12)
    np.testing.assert_allclose(s.numpy(), np.linalg.svd(X, compute_uv=False))
    q, r = x.T.qr()
    np.testing.assert_allclose(q.numpy() @ r.numpy(), X.T, atol=1e-12)
    i = ad.tensor(np.array([[1, 2], [3, 4]]))
    np.testing.assert_array_equal(i.bitwise_and(ad.tensor(np.array([[1, 0], [1, 1]]))),
                                  [[1, 0], [1, 0]])
    np.testing.assert_array_equal(i.bitwise_not(), ~np.array([[1, 2], [3, 4]]))
    idx = (ad.tensor(np.array([0, 0])), ad.tensor(np.array([1, 1])))
    added = ad.tensor(X).index_put(idx, ad.tensor(np.array([5.0, 6.0])), accumulate=True)
    expected = X.copy()
    expected[0, 1] += 11.0
    np.testing.assert_array_equal(added.numpy(), expected)
    g = ad.grad(lambda v: ad.sum(ad.tensor(X).index_put(idx, v, accumulate=True) ** 2))(
        np.array([5.0, 6.0]))
    np.testing.assert_allclose(g, [2 * expected[0, 1]] * 2)
    np.testing.assert_array_equal(x.addr(ad.tensor([1.0, 2.0]), ad.tensor([1.0, 0.0, 1.0])),
                                  X + np.outer([1.0, 2.0], [1.0, 0.0, 1.0]))


@pytest.mark.parametrize("call, expected", [
    (lambda T, t: T.all(t > -3), True),
    (lambda T, t: T.any(t > 2.5, dim=1), [True, False]),
    (lambda T, t: T.greater(t, 0), X > 0),
    (lambda T, t: T.logical_xor(t > 0, t > 1), (X > 0) ^ (X > 1)),
    (lambda T, t: T.isin(t, T.tensor([1.0, 2.0], dtype=np.float64)), np.isin(X, [1.0, 2.0])),
    (lambda T, t: T.rsub(t, 1.0, alpha=2), 1.0 - 2 * X),
    (lambda T, t: T.trapz(t, dim=1), np.trapezoid(X, axis=1)),
    (lambda T, t: T.relu_(t.clone()), np.maximum(X, 0)),
    (lambda T, t: T.diagflat(t[0]), np.diagflat(X[0])),
])
def test_top_level_functions_are_the_methods(call, expected):
    np.testing.assert_allclose(np.asarray(call(ad, ad.tensor(X)), dtype=float),
                               np.asarray(expected, dtype=float))


def test_top_level_in_place_functions_write_into_their_argument():
    t = ad.tensor(X.copy())
    assert ad.sigmoid_(t) is t
    np.testing.assert_allclose(t.numpy(), 1 / (1 + np.exp(-X)))
    assert float(ad.scalar_tensor(3)) == 3.0 and ad.scalar_tensor(3).dtype == np.float32
