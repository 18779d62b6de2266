"""Every op of issue #3 is reachable three ways: ``ad.NAME``, a Tensor method where PyTorch has
one, and numpy's protocols (``np.NAME(tensor)``, ``scipy.special.NAME(tensor)`` for its ufuncs).
Each route must give numpy's value and a gradient (checked against the function-transform
gradient, itself checked by the op table)."""
import numpy as np
import pytest
import scipy.special as sps

import autodiff as ad

ISSUE_OPS = """
exp expm1 log log1p log2 log10 sqrt cbrt square reciprocal negative sin cos tan arcsin arccos
arctan sinh cosh tanh arcsinh arccosh arctanh abs sign sigmoid relu softplus clip floor ceil round
add subtract multiply divide power maximum minimum arctan2 hypot logaddexp where
sum mean prod max min var std norm logsumexp cumsum cumprod
dot vdot inner outer matmul tensordot einsum trace diag inv solve det slogdet cholesky eigh svd qr
reshape transpose swapaxes moveaxis squeeze expand_dims broadcast_to concatenate stack split flip
roll tile repeat pad take sort index_update
erf erfc gammaln digamma expit logit xlogy softmax log_softmax
""".split()


@pytest.mark.parametrize("name", ISSUE_OPS)
def test_reachable_as_ad_name(name):
    assert callable(getattr(ad, name)), f"ad.{name} is missing"
    assert getattr(ad, name).__doc__, f"ad.{name} has no docstring"


x = np.array([[0.3, 0.7, 0.2], [0.9, 0.5, 0.4]])
sq = np.array([[2.0, 0.3, 0.1], [0.3, 1.5, 0.2], [0.1, 0.2, 1.8]])

# numpy (or scipy.special) call on plain arrays, the same call on a tensor
NUMPY_CALLS = {
    "expm1": lambda a: np.expm1(a), "log1p": lambda a: np.log1p(a),
    "log2": lambda a: np.log2(a), "log10": lambda a: np.log10(a), "cbrt": lambda a: np.cbrt(a),
    "square": lambda a: np.square(a), "reciprocal": lambda a: np.reciprocal(a),
    "tan": lambda a: np.tan(a), "arcsin": lambda a: np.arcsin(a), "arccos": np.arccos,
    "arctan": np.arctan, "sinh": np.sinh, "cosh": np.cosh, "arcsinh": np.arcsinh,
    "arccosh": lambda a: np.arccosh(a + 1), "arctanh": np.arctanh,
    "clip": lambda a: np.clip(a, 0.25, 0.8), "arctan2": lambda a: np.arctan2(a, a + 1),
    "hypot": lambda a: np.hypot(a, 2 * a), "logaddexp": lambda a: np.logaddexp(a, -a),
    "prod": lambda a: np.prod(a, axis=0), "var": lambda a: np.var(a, axis=1),
    "std": lambda a: np.std(a), "cumsum": lambda a: np.cumsum(a, axis=1),
    "cumprod": lambda a: np.cumprod(a), "vdot": lambda a: np.vdot(a, a),
    "inner": lambda a: np.inner(a, a), "tensordot": lambda a: np.tensordot(a, a.T, 1),
    "einsum": lambda a: np.einsum("ij,kj->ik", a, a), "trace": lambda a: np.trace(a),
    "diag": lambda a: np.diag(a), "matrix_norm": lambda a: np.linalg.norm(a, "nuc"),
    "inv": lambda m: np.linalg.inv(m), "solve": lambda m: np.linalg.solve(m, m[0]),
    "det": lambda m: np.linalg.det(m), "slogdet": lambda m: np.linalg.slogdet(m)[1],
    "cholesky": lambda m: np.linalg.cholesky(m), "eigh": lambda m: np.linalg.eigh(m)[0],
    "svd": lambda m: np.linalg.svd(m)[1], "qr": lambda m: np.linalg.qr(m)[1],
    "moveaxis": lambda a: np.moveaxis(a, 0, 1), "split": lambda a: np.split(a, 3, axis=1)[1],
    "flip": lambda a: np.flip(a), "roll": lambda a: np.roll(a, 1), "tile": lambda a: np.tile(a, 2),
    "repeat": lambda a: np.repeat(a, 2, axis=0), "pad": lambda a: np.pad(a, 1),
    "take": lambda a: np.take(a, [0, 4]), "sort": lambda a: np.sort(a),
    "erf": sps.erf, "erfc": sps.erfc, "gammaln": sps.gammaln, "digamma": sps.digamma,
    "expit": sps.expit, "logit": sps.logit, "xlogy": lambda a: sps.xlogy(a, a + 1),
}
MATRIX_INPUT = {"inv", "solve", "det", "slogdet", "cholesky", "eigh", "svd", "qr"}


@pytest.mark.parametrize("name", sorted(NUMPY_CALLS))
def test_reachable_through_numpy_protocols(name):
    f = NUMPY_CALLS[name]
    a = sq if name in MATRIX_INPUT else x
    t = ad.tensor(a, requires_grad=True)
    out = f(t)
    assert isinstance(out, ad.Tensor), f"{name}: numpy returned {type(out).__name__}"
    np.testing.assert_allclose(out.detach().numpy(), f(a), rtol=1e-13)
    out.sum().backward()
    np.testing.assert_allclose(t.grad.numpy(), ad.grad(lambda z: ad.sum(f(z)))(a), rtol=1e-12)


# Tensor method -> the same computation as an ad function
METHODS = {
    "expm1": ad.expm1, "log1p": ad.log1p, "log2": ad.log2, "log10": ad.log10,
    "square": ad.square, "reciprocal": ad.reciprocal, "tan": ad.tan, "asin": ad.arcsin,
    "acos": ad.arccos, "atan": ad.arctan, "sinh": ad.sinh, "cosh": ad.cosh, "asinh": ad.arcsinh,
    "atanh": ad.arctanh, "erf": ad.erf, "erfc": ad.erfc, "lgamma": ad.gammaln,
    "digamma": ad.digamma, "logit": ad.logit, "sign": ad.sign, "floor": ad.floor,
    "ceil": ad.ceil, "round": ad.round, "prod": ad.prod, "flip": lambda t: ad.flip(t, 0),
    "cumsum": lambda t: ad.cumsum(t, 1), "cumprod": lambda t: ad.cumprod(t, 0),
    "logsumexp": lambda t: ad.logsumexp(t, 1), "softmax": lambda t: ad.softmax(t, 1),
    "log_softmax": lambda t: ad.log_softmax(t, 1), "var": lambda t: ad.var(t),
    "std": lambda t: ad.std(t), "clamp": lambda t: ad.clip(t, 0.3, 0.6),
    "roll": lambda t: ad.roll(t, 1, 1), "trace": ad.trace, "diag": ad.diag,
    "repeat": lambda t: ad.tile(t, (2, 1)), "repeat_interleave": lambda t: ad.repeat(t, 2, 0),
    "movedim": lambda t: ad.moveaxis(t, 0, 1), "tile": lambda t: ad.tile(t, 2),
}
METHOD_ARGS = {"flip": (0,), "cumsum": (1,), "cumprod": (0,), "logsumexp": (1,), "softmax": (1,),
               "log_softmax": (1,), "clamp": (0.3, 0.6), "roll": (1, 1), "repeat": (2, 1),
               "repeat_interleave": (2, 0), "movedim": (0, 1), "tile": (2,)}


@pytest.mark.parametrize("name", sorted(METHODS))
def test_tensor_methods(name):
    t = ad.tensor(x)
    got = getattr(t, name)(*METHOD_ARGS.get(name, ()))
    np.testing.assert_allclose(got.numpy(), METHODS[name](x), rtol=1e-13)


def test_tensor_linalg_methods_and_sort():
    m = ad.tensor(sq, requires_grad=True)
    np.testing.assert_allclose(m.inverse().detach().numpy(), np.linalg.inv(sq))
    np.testing.assert_allclose(m.det().item(), np.linalg.det(sq))
    np.testing.assert_allclose(m.cholesky().detach().numpy(), np.linalg.cholesky(sq))
    values, indices = ad.tensor([3.0, 1.0, 2.0]).sort(descending=True)
    assert values.tolist() == [3.0, 2.0, 1.0] and indices.tolist() == [0, 2, 1]


def test_torch_style_defaults():
    t = ad.tensor(x)
    # torch.var / torch.std default to the unbiased estimate; numpy's np.var to ddof=0
    np.testing.assert_allclose(t.var().item(), np.var(x, ddof=1))
    np.testing.assert_allclose(np.var(t).item(), np.var(x))
    np.testing.assert_allclose(ad.clamp(t, min=0.5).numpy(), np.clip(x, 0.5, None))


def test_linalg_and_special_namespaces():
    assert ad.linalg.inv is ad.inv and ad.special.erf is ad.erf
    np.testing.assert_allclose(ad.linalg.norm(ad.tensor(sq), 2).item(), np.linalg.norm(sq, 2))
    np.testing.assert_allclose(ad.linalg.vector_norm(ad.tensor(x)).item(), np.linalg.norm(x))


@pytest.mark.parametrize("call", [
    lambda a: np.argmax(a), lambda a: np.argmin(a, axis=0), lambda a: np.argsort(a, axis=1),
    lambda a: np.nonzero(a > 0.4), lambda a: np.count_nonzero(a > 0.4), lambda a: np.any(a > 0.8),
    lambda a: np.isclose(a, 0.5), lambda a: np.allclose(a, a), lambda a: np.zeros_like(a),
    lambda a: np.ones_like(a), lambda a: np.full_like(a, 2.0),
    lambda a: np.searchsorted(np.sort(a.ravel()), 0.5), lambda a: np.argwhere(a > 0.5),
], ids=["argmax", "argmin", "argsort", "nonzero", "count_nonzero", "any", "isclose",
        "allclose", "zeros_like", "ones_like", "full_like", "searchsorted", "argwhere"])
def test_functions_without_derivative_give_numpys_values_and_no_history(call):
    t = ad.tensor(x, requires_grad=True)
    ours, expected = call(t), call(x)
    for o, e in zip(ours if isinstance(ours, tuple) else (ours,),
                    expected if isinstance(expected, tuple) else (expected,)):
        assert getattr(o, "grad_fn", None) is None
        np.testing.assert_array_equal(np.asarray(o), e)
