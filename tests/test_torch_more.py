"""PyTorch's functions of :mod:`autodiff.torch_more`, against independent sources.

Values, dtypes and gradients against PyTorch are in ``test_torch_surface.py`` (the recorded
fixture). Here: every differentiable one through the gradient checker (forward mode, reverse mode
and finite differences, to second order), the named tuples, and behaviours written down from
PyTorch's documentation (the lower median, ties, NaNs).
"""
import numpy as np
import pytest

import autodiff as ad

RNG = np.random.default_rng(7)
V = np.array([0.3, -1.2, 2.5, 0.9, -0.4, 1.7])           # distinct: no ties
M = np.array([[0.3, -1.2, 2.5], [0.9, -0.4, 1.7]])
SQ = np.array([[2.0, 0.5, 0.1], [0.3, 1.5, -0.2], [0.1, 0.4, 3.0]])
LOW = np.array([[2.0, 0.0], [1.0, 3.0]])

# name -> (function of the inputs, inputs); each goes through ad.gradcheck(order=2)
DIFFERENTIABLE = {
    "frac": (lambda x: ad.frac(x) * x, [V]),
    "fmod": (lambda x: ad.fmod(x, 0.7), [V]),
    "copysign": (lambda x, y: ad.copysign(x, y), [V, V[::-1].copy()]),
    "ldexp": (lambda x: ad.ldexp(x, ad.tensor([1, -2, 0, 3, -1, 2])), [V]),
    "frexp": (lambda x: ad.frexp(x).mantissa, [V]),
    "float_power": (lambda x: ad.float_power(x * x + 0.5, 1.5), [V]),
    "rsqrt": (lambda x: ad.rsqrt(x * x + 0.5), [V]),
    "erfinv": (lambda x: ad.erfinv(x / 3), [V]),
    "logaddexp2": (lambda x, y: ad.logaddexp2(x, y), [V, V[::-1].copy()]),
    "clamp_min": (lambda x: ad.clamp_min(x, 0.5), [V]),
    "clamp_max": (lambda x: ad.clamp_max(x, 0.5), [V]),
    "sgn": (lambda x: ad.sgn(x) * x, [V]),
    "median": (lambda x: ad.median(x), [V]),
    "median_dim": (lambda x: ad.median(x, 1).values, [M]),
    "nanmedian_dim": (lambda x: ad.nanmedian(x, 0, keepdim=True).values, [M]),
    "kthvalue": (lambda x: ad.kthvalue(x, 2, 1).values, [M]),
    "mode": (lambda x: ad.mode(x, 0).values, [M]),
    "cummax": (lambda x: ad.cummax(x, 0).values, [V]),
    "cummin": (lambda x: ad.cummin(x, 1).values, [M]),
    "logcumsumexp": (lambda x: ad.logcumsumexp(x, 1), [M]),
    "std_mean": (lambda x: ad.std_mean(x, 1)[0] * ad.std_mean(x, 1)[1], [M]),
    "var_mean": (lambda x: ad.var_mean(x)[0] + ad.var_mean(x)[1] ** 2, [M]),
    "aminmax": (lambda x: ad.aminmax(x, dim=0).min * ad.aminmax(x, dim=0).max, [M]),
    "msort": (lambda x: ad.msort(x), [M]),
    "quantile": (lambda x: ad.quantile(x, ad.tensor([0.1, 0.5, 0.85], dtype=ad.float64), 1), [M]),
    "nanquantile": (lambda x: ad.nanquantile(x, 0.3, interpolation="midpoint"), [V]),
    "take_along_dim": (lambda x: ad.take_along_dim(x, ad.tensor([[2, 0]]), 1), [M]),
    "narrow": (lambda x: ad.narrow(x, 1, 1, 2), [M]),
    "chunk": (lambda x: ad.chunk(x, 2, 1)[0] * 2, [M]),
    "tensor_split": (lambda x: ad.tensor_split(x, [1, 4])[1], [V]),
    "unbind": (lambda x: ad.unbind(x, 1)[2] ** 2, [M]),
    "select": (lambda x: ad.select(x, 0, -1) ** 2, [M]),
    "index_copy": (lambda x, s: ad.index_copy(x, 1, ad.tensor([2, 0]), s), [M, M[:, :2].copy()]),
    "index_fill": (lambda x: ad.index_fill(x, 0, ad.tensor([1]), 2.0) * x, [M]),
    "masked_select": (lambda x: ad.masked_select(x, ad.tensor(M > 0)) ** 2, [M]),
    "masked_scatter": (lambda x, s: ad.masked_scatter(x, ad.tensor(M > 0), s), [M, V]),
    "diag_embed": (lambda x: ad.diag_embed(x, offset=-1, dim1=0, dim2=2), [M]),
    "block_diag": (lambda x, y: ad.block_diag(x, y), [M, SQ]),
    "cartesian_prod": (lambda x, y: ad.cartesian_prod(x, y) ** 2, [V[:3].copy(), V[3:].copy()]),
    "combinations": (lambda x: ad.combinations(x, 2, with_replacement=True) ** 2, [V[:4].copy()]),
    "broadcast_tensors": (lambda x, y: ad.broadcast_tensors(x, y)[0] * ad.broadcast_tensors(x, y)[1],
                          [M[:, :1].copy(), V[:3].copy()]),
    "addmm": (lambda a, b, c: ad.addmm(a, b, c, beta=0.5, alpha=-2), [SQ, SQ * 2, SQ.T.copy()]),
    "addmv": (lambda a, b, c: ad.addmv(a, b, c, alpha=3), [V[:3].copy(), SQ, V[3:].copy()]),
    "baddbmm": (lambda a, b: ad.baddbmm(a, b, b, beta=2), [SQ[None], SQ[None] / 3]),
    "addbmm": (lambda a, b: ad.addbmm(a, b, b), [SQ, np.stack([SQ, SQ.T])]),
    "ger": (lambda a, b: ad.ger(a, b), [V[:2].copy(), V[2:].copy()]),
    "dist": (lambda a, b: ad.dist(a, b, p=3), [M, M[::-1].copy()]),
    "cdist": (lambda a, b: ad.cdist(a, b), [M, SQ[:, :3].copy()]),
    "cdist_p1": (lambda a, b: ad.cdist(a, b, p=1.5), [M, SQ + 0.05]),
    "renorm": (lambda x: ad.renorm(x, 2, 0, 1.5), [M]),
    "matrix_exp": (lambda x: ad.matrix_exp(x / 3), [SQ]),
    "pinverse": (lambda x: ad.pinverse(x), [M]),
    "cholesky_solve": (lambda b, l: ad.cholesky_solve(b, l), [M, LOW]),
    "cholesky_solve_upper": (lambda b, u: ad.cholesky_solve(b, u, upper=True),
                             [M, LOW.T.copy()]),
    "triangular_solve": (lambda b, a: ad.triangular_solve(b, a, upper=False,
                                                          transpose=True).solution,
                         [M, LOW]),
    "lu": (lambda a: ad.lu(a)[0], [SQ]),
    "linalg_lu": (lambda a: ad.linalg.lu(a).L * 2 + ad.linalg.lu(a).U, [SQ]),
    "linalg_multi_dot": (lambda a, b: ad.linalg.multi_dot([a, b, a]), [SQ, SQ.T.copy()]),
    "linalg_vander": (lambda x: ad.linalg.vander(x), [V[:4].copy()]),
    "linalg_vecdot": (lambda x, y: ad.linalg.vecdot(x, y), [M, M[::-1].copy()]),
    "linalg_pinv": (lambda x: ad.linalg.pinv(x), [M]),
    "linalg_slogdet": (lambda x: ad.linalg.slogdet(x).logabsdet, [SQ]),
    "cumulative_trapezoid": (lambda y, x: ad.cumulative_trapezoid(y, x), [M, V[:3].copy()]),
    "gradient": (lambda y: ad.gradient(y, spacing=0.5, dim=1, edge_order=2)[0], [M]),
    "complex": (lambda a, b: ad.view_as_real(ad.complex(a, b) * ad.complex(b, a)), [V, V ** 2]),
    "polar": (lambda r, t: ad.view_as_real(ad.polar(r * r + 1, t)), [V, V[::-1].copy()]),
    "view_as_complex": (lambda x: ad.view_as_real(ad.view_as_complex(x) ** 2),
                        [V.reshape(3, 2)]),
    "vander": (lambda x: ad.vander(x, 3), [V]),
    "diff": (lambda x, p: ad.diff(x, 2, 1, prepend=p), [M, SQ[:2, :1].copy()]),
    "rot90": (lambda x: ad.rot90(x, 3, [1, 0]) * 2, [M]),
    "hsplit": (lambda x: ad.hsplit(x, [1])[1] ** 2, [M]),
}


@pytest.mark.parametrize("name", sorted(DIFFERENTIABLE))
def test_both_modes_and_second_order_against_finite_differences(name):
    f, inputs = DIFFERENTIABLE[name]
    ad.gradcheck(f, *[np.asarray(a, dtype=np.float64) for a in inputs], order=2)


def test_median_is_the_lower_middle_and_ties_share_the_full_gradient():
    assert ad.median(ad.tensor([4.0, 1.0, 3.0, 2.0])).item() == 2.0      # numpy would say 2.5
    x = ad.tensor([1.0, 3.0, 3.0, 2.0, 3.0], requires_grad=True)
    ad.median(x).backward()
    np.testing.assert_allclose(x.grad.numpy(), [0, 1 / 3, 1 / 3, 0, 1 / 3])
    # along a dimension the gradient goes to the returned index only
    x = ad.tensor([[1.0, 3.0, 2.0, 3.0]], requires_grad=True)
    values, index = ad.median(x, 1)
    values.sum().backward()
    assert x.grad.numpy()[0, index.item()] == 1.0 and x.grad.sum().item() == 1.0
    # the value is exact however many ties share it
    t = ad.tensor([0.1] * 7 + [0.3, 0.0], dtype=ad.float32)
    assert ad.median(t).item() == np.float32(0.1)


def test_nan_rules():
    nan = float("nan")
    r = ad.median(ad.tensor([[1.0, nan, 3.0], [2.0, 4.0, 0.0]]), 1)
    assert np.isnan(r.values[0].item()) and r.indices.tolist() == [1, 0]
    assert ad.nanmedian(ad.tensor([1.0, nan, 3.0, 2.0])).item() == 2.0
    assert np.isnan(ad.nanmedian(ad.tensor([nan, nan])).item())
    q = ad.quantile(ad.tensor([[1.0, nan], [1.0, 3.0]]), 0.5, dim=1)
    assert np.isnan(q[0].item()) and q[1].item() == 2.0
    assert ad.nanquantile(ad.tensor([1.0, nan, 3.0]), 0.5).item() == 2.0
    r = ad.cummax(ad.tensor([1.0, nan, 3.0, nan, 2.0]), 0)
    assert r.indices.tolist() == [0, 1, 1, 3, 3]


def test_quantile_matches_numpy_interpolations():
    x = RNG.normal(size=(4, 7))
    q = np.array([0.0, 0.13, 0.5, 0.77, 1.0])
    for method in ("linear", "lower", "higher", "midpoint", "nearest"):
        ours = ad.quantile(ad.tensor(x), ad.tensor(q), dim=1, interpolation=method).numpy()
        np.testing.assert_allclose(ours, np.quantile(x, q, axis=1, method=method), rtol=1e-12)


def test_named_tuples():
    r = ad.aminmax(ad.tensor([[1.0, 5.0], [4.0, 2.0]]), dim=1)
    assert r.min.tolist() == [1.0, 2.0] and r.max.tolist() == [5.0, 4.0]
    low, high = r
    assert low is r.min and high is r[1]
    f = ad.frexp(ad.tensor([8.0, -3.0]))
    assert f.mantissa.tolist() == [0.5, -0.75] and f.exponent.dtype == np.int32
    s = ad.slogdet(ad.tensor([[1.0, 2.0], [3.0, 4.0]]))
    assert s.sign.item() == -1.0 and s[1].item() == pytest.approx(np.log(2.0))
    assert repr(ad.cummin(ad.tensor([2, 1]), 0)).startswith("autodiff.return_types.cummin(")


def test_dtypes():
    i = ad.tensor([3, -2, 7])
    assert ad.trunc(i).dtype == np.int64 and ad.rsqrt(i).dtype == np.float32
    assert ad.float_power(i, 2).dtype == np.float64
    assert ad.count_nonzero(i).dtype == np.int64 and ad.signbit(i).dtype == np.bool_
    assert ad.isclose(i, i).dtype == np.bool_ and ad.allclose(i, i) is True
    assert ad.kthvalue(i, 1).indices.dtype == np.int64
    assert ad.bucketize(i, ad.tensor([0, 5]), out_int32=True).dtype == np.int32
    assert ad.nonzero(i).shape == (3, 1) and ad.tril_indices(3, 3).dtype == np.int64
    assert ad.lu(ad.tensor([[1.0, 2.0], [3.0, 4.0]]))[1].dtype == np.int32


def test_linalg_lu_reconstructs():
    a = RNG.normal(size=(2, 4, 4))
    P, L, U = ad.linalg.lu(ad.tensor(a))
    np.testing.assert_allclose((P @ L @ U).numpy(), a, atol=1e-12)
    w, v = ad.linalg.eig(ad.tensor(a[0]))
    np.testing.assert_allclose((ad.tensor(a[0]).to(ad.complex128) @ v).numpy(),
                               (v * w).numpy(), atol=1e-10)


def test_methods_and_in_place():
    x = ad.tensor([[1.5, -2.5], [0.5, 3.0]])
    assert x.median().item() == 0.5 and x.kthvalue(1).values.tolist() == [-2.5, 0.5]
    assert x.narrow(0, 1, 1).tolist() == [[0.5, 3.0]]
    y = x.clone()
    assert y.trunc_() is y and y.tolist() == [[1.0, -2.0], [0.0, 3.0]]
    y = x.clone()
    y.clamp_min_(0.0)
    assert y.tolist() == [[1.5, 0.0], [0.5, 3.0]]
    w = ad.tensor([1.0, 2.0], requires_grad=True)
    z = w * 1
    z.addmv_(ad.eye(2), w)
    z.sum().backward()
    assert w.grad.tolist() == [2.0, 2.0]
    with pytest.raises(RuntimeError, match="can't be cast to the desired output type Long"):
        ad.tensor([1, 2]).rsqrt_()
