"""Complex numbers: every op-table row where numpy accepts complex input, and the convention.

The convention (API.md section 3): the function transforms follow JAX and HIPS autograd. A VJP is
the *transpose* of the JVP under the pairing ``Re(sum(a * b))``, so for a real function ``f`` of
``z = x + iy``, ``grad(f)(z) == df/dx - i df/dy``. ``Tensor.backward`` follows PyTorch: for an
output cotangent ``v`` it leaves ``z.grad == conj(vjp(conj(v)))`` (``df/dx + i df/dy``).

The complex rows are derived from ``op_table.py``: each float argument gets an imaginary part;
a row is kept where numpy computes a finite value on that input. Each is checked

1. forward mode: ``jvp`` along a real and along an imaginary direction, against finite
   differences of the numpy function itself along the same direction;
2. reverse mode: ``Re(sum(v * J u)) == Re(sum(vjp(v) * u))`` for both directions (the transpose
   identity), with a complex ``v`` when the output is complex;
3. ``Tensor.backward(v)`` against ``conj(vjp(conj(v)))``.

Second order: the derivative of ``grad(f)`` for a real ``f`` of complex input (``jvp`` of the
gradient for every row, ``hessian`` on a sample) against finite differences of the gradient, and
double ``backward`` in PyTorch's convention. Rows whose numpy function refuses complex input must
raise ``TypeError`` here too.
"""
import warnings

import numpy as np
import pytest

import autodiff as ad
from op_table import CASES, assert_close

_rng = np.random.default_rng(20261129)


def _complexify(a):
    a = np.asarray(a)
    if a.dtype.kind != "f":
        return a
    return a + 1j * _rng.uniform(-0.5, 0.5, a.shape)


def _numpy_value(case, args):
    """numpy's value on complex input, or None where numpy refuses it (or it is not finite)."""
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = case.fn(*args)
    except (TypeError, ValueError, np.linalg.LinAlgError):
        return None
    if isinstance(out, tuple):
        return None
    out = np.asarray(out)
    if out.dtype.kind not in "fc" or not np.all(np.isfinite(out)):
        return None
    return out


def _complex_rows():
    rows = []
    for case in CASES:
        if case.order < 1 or not any(np.asarray(a).dtype.kind == "f" for a in case.args):
            continue
        args = tuple(_complexify(a) for a in case.args)
        out = _numpy_value(case, args)
        if out is not None:
            rows.append(pytest.param(case, args, out, id=case.id))
    return rows


COMPLEX_ROWS = _complex_rows()


def _refused_rows():
    """Rows whose numpy function refuses complex input (TypeError)."""
    rows = []
    for case in CASES:
        if case.order < 1 or not any(np.asarray(a).dtype.kind == "f" for a in case.args):
            continue
        args = tuple(_complexify(a) for a in case.args)
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                case.fn(*args)
        except TypeError:
            rows.append(pytest.param(case, args, id=case.id))
        except Exception:
            pass
    return rows


@pytest.mark.parametrize("case, args", _refused_rows())
def test_where_numpy_refuses_complex_so_does_autodiff(case, args):
    """Never a silent value where numpy raises (np.fabs, quantile, interp's x, ...)."""
    with pytest.raises(TypeError), np.errstate(all="ignore"):
        ad.jvp(case.fn, args, tuple(np.ones_like(a) for a in args))
    with pytest.raises(TypeError), np.errstate(all="ignore"):
        ad.vjp(case.fn, *args)


def test_the_rows_cover_the_decompositions():
    """The ops whose complex rules were written by hand are all among the complex rows."""
    ops = {p.values[0].op for p in COMPLEX_ROWS}
    for op in ("cholesky", "eigvalsh", "eigh_vectors", "svdvals", "svd_u", "svd_vh", "svd",
               "qr_q", "qr_r", "eig_vectors", "eigvals", "abs", "digamma", "inv", "det"):
        assert op in ops, op
    assert len(COMPLEX_ROWS) > 200


def _fd(fn, args, u, eps):
    """d/dt fn(args + t u) at 0 (4-point central stencil), complex-valued where fn is."""
    with np.errstate(all="ignore"):
        f = [np.asarray(fn(*[a + k * eps * d for a, d in zip(args, u)])) for k in (-2, -1, 1, 2)]
    return (f[0] - 8 * f[1] + 8 * f[2] - f[3]) / (12 * eps)


def _directions(args, seed):
    """A real and a purely imaginary direction for every argument (integer arguments: zero)."""
    rng = np.random.default_rng(seed)
    real = tuple(rng.standard_normal(np.shape(a)) if np.iscomplexobj(a) else np.zeros(np.shape(a))
                 for a in args)
    imag = tuple(1j * rng.standard_normal(np.shape(a)) if np.iscomplexobj(a)
                 else np.zeros(np.shape(a)) for a in args)
    return {"real": tuple(d + 0j for d in real), "imaginary": imag}


def _out_cotangent(out, seed):
    rng = np.random.default_rng(seed)
    v = rng.standard_normal(out.shape)
    return v + 1j * rng.standard_normal(out.shape) if out.dtype.kind == "c" else v


def _pair(a, b):
    """Re(sum(a * b)) over matching sequences: the pairing of the convention."""
    return float(sum(np.real(np.sum(np.asarray(x) * np.asarray(y))) for x, y in zip(a, b)))


def _eps(case):
    return min(case.eps, 1e-4)


@pytest.mark.parametrize("case, args, ref", COMPLEX_ROWS)
def test_complex_forward_and_reverse(case, args, ref):
    v = _out_cotangent(ref, 2)
    _, vjp_fn = ad.vjp(case.fn, *args)
    cts = vjp_fn(v)
    assert all(np.shape(c) == np.shape(a) for c, a in zip(cts, args))
    for kind, u in _directions(args, 1).items():
        out, tangent = ad.jvp(case.fn, args, u)
        np.testing.assert_allclose(out, ref, rtol=1e-10, atol=1e-12,
                                   err_msg="the op's value differs from numpy's")
        assert np.asarray(out).dtype == ref.dtype, "the dtype differs from numpy's"
        expected = _fd(case.fn, args, u, _eps(case))
        tangent = np.asarray(tangent)
        scale = max(1.0, float(np.max(np.abs(expected), initial=0.0)))
        tol = max(case.rtol, 1e-6)
        np.testing.assert_allclose(tangent, expected, rtol=tol, atol=tol * scale,
                                   err_msg=f"JVP along the {kind} direction vs finite differences")
        lhs = float(np.real(np.sum(v * tangent)))
        assert_close(_pair(cts, u), lhs, 1e-9,
                     f"transpose identity Re<v, J u> == Re<vjp(v), u>, {kind} direction")


@pytest.mark.parametrize("case, args, ref", COMPLEX_ROWS)
def test_complex_tensor_backward_is_pytorchs(case, args, ref):
    """``Tensor.backward(v)`` leaves PyTorch's gradient: ``conj(vjp(conj(v)))``."""
    v = _out_cotangent(ref, 3)
    expected = ad.vjp(case.fn, *args)[1](np.conj(v))
    xs = [ad.tensor(a, requires_grad=np.iscomplexobj(a) or np.asarray(a).dtype.kind == "f")
          for a in args]
    out = case.fn(*xs)
    out.backward(ad.tensor(v))
    for x, e in zip(xs, expected):
        if not x.requires_grad:
            continue
        got = np.zeros(np.shape(e), complex) if x.grad is None else x.grad.detach().numpy()
        np.testing.assert_allclose(got, np.conj(e), rtol=1e-10,
                                   atol=1e-10 * max(1.0, float(np.max(np.abs(e), initial=0.0))),
                                   err_msg="Tensor.backward vs conj(vjp(conj(v)))")


# -- second order -------------------------------------------------------------------------------
def _real_loss(fn, v):
    """A real function of complex input built from a row: Re(sum(v * fn(z)))."""
    return lambda *zs: np.real(np.sum(v * fn(*zs)))


SECOND_ROWS = [p for p in COMPLEX_ROWS if p.values[0].order >= 2]
# hessian (full matrices) on a sample of one-argument rows
_HESSIAN = {"abs", "sin", "exp", "log", "sqrt", "tanh", "inv", "det", "cholesky", "eigvalsh",
            "eigh_vectors", "svdvals", "svd", "qr_q", "qr_r", "digamma", "norm", "var", "std",
            "eigvals"}
HESSIAN_ROWS = [p for p in SECOND_ROWS if p.values[0].op in _HESSIAN and len(p.values[1]) == 1
                and p.values[1][0].size <= 9]


def test_second_order_rows_are_broad():
    assert len(SECOND_ROWS) > 150
    assert len({p.values[0].op for p in HESSIAN_ROWS}) >= 12


@pytest.mark.parametrize("case, args, ref", SECOND_ROWS)
def test_complex_second_order(case, args, ref):
    """The derivative of ``grad`` of a real function of complex input (``jvp`` of the gradient,
    forward over reverse), along a real and an imaginary direction, against finite differences
    of the gradient."""
    loss = _real_loss(case.fn, _out_cotangent(ref, 4))
    nums = tuple(i for i, a in enumerate(args) if np.iscomplexobj(a))
    grad = ad.grad(loss, argnums=nums)

    def grads(*zs):
        return tuple(grad(*zs))

    # reverse over reverse: the gradient of Re<w, grad> is the same derivative, transposed
    w = tuple(_out_cotangent(np.asarray(args[i]) + 0j, 6 + i) for i in nums)
    pulled = ad.grad(lambda *zs: sum(np.real(np.sum(a * b)) for a, b in zip(w, grads(*zs))),
                     argnums=nums)(*args)
    for kind, u in _directions(args, 5).items():
        _, hvp = ad.jvp(grads, args, u)
        expected = _fd(lambda *zs: np.concatenate([np.ravel(g) for g in grads(*zs)]),
                       args, u, _eps(case) * 10)
        got = np.concatenate([np.ravel(h) for h in hvp])
        scale = max(1.0, float(np.max(np.abs(expected), initial=0.0)))
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5 * scale,
                                   err_msg=f"jvp of grad along the {kind} direction")
        assert_close(_pair(pulled, [u[i] for i in nums]), _pair(w, hvp), 1e-8,
                     f"reverse over reverse vs forward over reverse, {kind} direction")


@pytest.mark.parametrize("case, args, ref", [p for p in SECOND_ROWS if len(p.values[1]) == 1])
def test_complex_double_backward_is_pytorchs(case, args, ref):
    """``backward(create_graph=True)`` twice: PyTorch's convention at second order too, the
    conjugate of ``grad`` of ``Re(sum(conj(grad(L)) * w))``."""
    z = args[0]
    v, w = _out_cotangent(ref, 4), _out_cotangent(np.asarray(z) + 0j, 9)
    loss = _real_loss(case.fn, v)
    t = ad.tensor(z, requires_grad=True)
    loss(t).backward(create_graph=True)
    g, t.grad = t.grad, None
    if g is None or not g.requires_grad:
        return                                    # a linear function: its gradient is constant
    np.real(np.sum(g * w)).backward()
    expected = np.conj(ad.grad(lambda z: np.real(np.sum(np.conj(ad.grad(loss)(z)) * w)))(z))
    np.testing.assert_allclose(t.grad.detach().numpy(), expected, rtol=1e-8,
                               atol=1e-8 * max(1.0, float(np.max(np.abs(expected)))))


@pytest.mark.parametrize("case, args, ref", HESSIAN_ROWS)
def test_complex_hessian(case, args, ref):
    """``hessian`` of a real function of complex input: column k is the derivative of the
    gradient along the real unit direction e_k."""
    loss = _real_loss(case.fn, _out_cotangent(ref, 6))
    z = args[0]
    h = np.asarray(ad.hessian(loss)(z)).reshape(z.size, z.size)
    grad = ad.grad(loss)
    for k in range(z.size):
        e = np.zeros(z.size, complex)
        e[k] = 1
        expected = _fd(grad, (z,), (e.reshape(z.shape),), _eps(case) * 10).reshape(-1)
        scale = max(1.0, float(np.max(np.abs(expected), initial=0.0)))
        np.testing.assert_allclose(h[:, k], expected, rtol=1e-5, atol=1e-5 * scale)


# -- the convention itself -------------------------------------------------------------------------
Z = np.array([1.0 + 2.0j, -0.5 + 0.25j, 3.0 - 1.0j])


def test_grad_of_abs_squared_is_twice_the_conjugate():
    np.testing.assert_allclose(ad.grad(lambda z: np.sum(np.abs(z) ** 2))(Z), 2 * np.conj(Z))


def test_the_same_function_written_differently_gives_the_same_gradient():
    np.testing.assert_allclose(ad.grad(lambda z: np.sum(np.abs(1j * z) ** 2))(Z), 2 * np.conj(Z))
    np.testing.assert_allclose(ad.grad(lambda z: np.sum(np.real(z * np.conj(z))))(Z),
                               2 * np.conj(Z))


def test_grad_is_df_dx_minus_i_df_dy():
    def f(z):
        return np.sum(np.real(np.sin(z)) * np.imag(z) ** 2)

    eps = 1e-6
    expected = np.array([
        (f(Z + eps * e) - f(Z - eps * e)) / (2 * eps)
        - 1j * (f(Z + 1j * eps * e) - f(Z - 1j * eps * e)) / (2 * eps)
        for e in np.eye(3)])
    np.testing.assert_allclose(ad.grad(f)(Z), expected, rtol=1e-7)


def test_tensor_backward_is_pytorchs_convention():
    z = ad.tensor(Z, requires_grad=True)
    (z.abs() ** 2).sum().backward()
    np.testing.assert_allclose(z.grad.numpy(), 2 * Z)


def test_jvp_of_abs_is_the_real_part_of_the_unit_times_the_tangent():
    out, t = ad.jvp(np.abs, (np.array(1 + 1j),), (np.array(1j),))
    assert np.isclose(out, np.sqrt(2))
    assert np.isclose(t, 1 / np.sqrt(2))            # +0.7071, not -0.7071
    assert np.asarray(t).dtype.kind == "f"


def test_jvp_of_norm_is_real():
    z, dz = np.array([3.0 + 0j, 4j]), np.array([1.0 + 1j, 1j])
    out, t = ad.jvp(np.linalg.norm, (z,), (dz,))
    assert np.asarray(out).dtype.kind == "f" and np.isclose(out, 5.0)
    assert np.asarray(t).dtype.kind == "f"
    eps = 1e-7
    np.testing.assert_allclose(t, (np.linalg.norm(z + eps * dz) - np.linalg.norm(z - eps * dz))
                               / (2 * eps), rtol=1e-6)


def test_grad_of_a_complex_valued_function_raises():
    with pytest.raises(TypeError, match="vjp|real"):
        ad.grad(lambda z: np.sum(z * z))(Z)


def test_holomorphic_derivative_through_jvp():
    """For holomorphic f, jvp along the tangent 1 gives f'(z) (and vjp with 1 gives it too)."""
    _, d = ad.jvp(np.exp, (Z,), (np.ones_like(Z),))
    np.testing.assert_allclose(d, np.exp(Z))
    _, d = ad.jvp(lambda z: z ** 3 + np.sin(z), (Z,), (np.ones_like(Z),))
    np.testing.assert_allclose(d, 3 * Z ** 2 + np.cos(Z))
    _, vjp_fn = ad.vjp(lambda z: z ** 3 + np.sin(z), Z)
    np.testing.assert_allclose(vjp_fn(np.ones_like(Z))[0], 3 * Z ** 2 + np.cos(Z))


def test_vjp_is_the_transpose_not_the_conjugate_transpose():
    _, vjp_fn = ad.vjp(lambda z: 2j * z, Z)
    np.testing.assert_allclose(vjp_fn(np.ones(3))[0], 2j * np.ones(3))


def test_real_input_keeps_real_gradients():
    x = np.array([0.5, -1.0, 2.0])
    g = ad.grad(lambda x: np.sum(np.abs(np.exp(1j * x) * x) ** 2))(x)
    assert g.dtype.kind == "f"
    np.testing.assert_allclose(g, 2 * x)


def test_hermitian_input_reads_the_lower_triangle_as_numpy():
    """eigvalsh of a complex matrix: numpy reads the lower triangle (and the real part of the
    diagonal); the upper triangle gets no gradient."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((3, 3)) + 1j * rng.standard_normal((3, 3)) + 3 * np.eye(3)
    g = ad.grad(lambda a: np.sum(np.linalg.eigvalsh(a) * np.array([1.0, 2.0, 3.0])))(a)
    assert np.all(np.triu(g, 1) == 0)
    assert np.all(np.imag(np.diagonal(g)) == 0)


# -- against PyTorch -------------------------------------------------------------------------------
_TORCH_FUNCTIONS = {
    "abs squared": (lambda z: np.sum(np.abs(z) ** 2), lambda T, z: (z.abs() ** 2).sum()),
    "abs of sin": (lambda z: np.sum(np.abs(np.sin(z))), lambda T, z: T.sin(z).abs().sum()),
    "real of exp times conj": (lambda z: np.sum(np.real(np.exp(z) * np.conj(z))),
                               lambda T, z: T.real(T.exp(z) * z.conj()).sum()),
    "imag of a product": (lambda z: np.sum(np.imag(z * z * z)), lambda T, z: T.imag(z ** 3).sum()),
    "norm": (lambda z: np.linalg.norm(z), lambda T, z: T.linalg.norm(z)),
    "log abs": (lambda z: np.sum(np.log(np.abs(z))), lambda T, z: T.log(z.abs()).sum()),
}


@pytest.mark.parametrize("name", sorted(_TORCH_FUNCTIONS))
def test_backward_matches_pytorch(name):
    torch = pytest.importorskip("torch")
    f, tf = _TORCH_FUNCTIONS[name]
    z = ad.tensor(Z, requires_grad=True)
    f(z).backward()
    tz = torch.tensor(Z, requires_grad=True)
    tf(torch, tz).backward()
    np.testing.assert_allclose(z.grad.numpy(), tz.grad.numpy(), rtol=1e-12)
    # and the transforms give the conjugate
    np.testing.assert_allclose(ad.grad(f)(Z), np.conj(tz.grad.numpy()), rtol=1e-12)


def test_matrix_functions_match_pytorch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    a = rng.standard_normal((4, 3)) + 1j * rng.standard_normal((4, 3))
    cases = [
        (lambda a: np.sum(np.linalg.svd(a, compute_uv=False)),
         lambda T, a: T.linalg.svdvals(a).sum()),
        (lambda a: np.sum(np.abs(np.linalg.qr(a)[1]) ** 2 * np.arange(3)),
         lambda T, a: (T.linalg.qr(a)[1].abs() ** 2 * T.arange(3)).sum()),
        (lambda a: np.real(np.sum(np.linalg.pinv(a) * np.arange(4))),
         lambda T, a: T.real(T.linalg.pinv(a) * T.arange(4)).sum()),
    ]
    for f, tf in cases:
        x = ad.tensor(a, requires_grad=True)
        f(x).backward()
        tx = torch.tensor(a, requires_grad=True)
        tf(torch, tx).backward()
        np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-9, atol=1e-12)


def test_the_guide_page_runs():
    """docs/guide/complex.rst: every example prints what the page says."""
    import doctest
    from pathlib import Path

    page = Path(__file__).resolve().parents[1] / "docs" / "guide" / "complex.rst"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = doctest.testfile(str(page), module_relative=False,
                                  optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 10


@pytest.mark.parametrize("dtype", [complex, float])
def test_eig_vectors_follow_numpys_phase(dtype):
    """numpy's eigenvectors (largest component real) themselves, no phase fixing: the derivative
    is that of numpy's function, also for the complex vectors of a real matrix."""
    rng = np.random.default_rng(3)
    a = rng.standard_normal((4, 4)) + (1j * rng.standard_normal((4, 4)) if dtype is complex else 0)
    assert np.iscomplexobj(np.linalg.eig(a)[1])

    def f(a):
        return np.linalg.eig(a)[1]

    v = rng.standard_normal((4, 4)) + 1j * rng.standard_normal((4, 4))
    cts = ad.vjp(f, a)[1](v)
    for u in (rng.standard_normal(a.shape), 1j * rng.standard_normal(a.shape)):
        if dtype is float and np.iscomplexobj(u):
            continue
        _, t = ad.jvp(f, (a,), (u,))
        np.testing.assert_allclose(t, _fd(f, (a,), (u,), 1e-4), rtol=1e-6, atol=1e-7)
        assert_close(_pair(cts, (u,)), float(np.real(np.sum(v * t))), 1e-9, "transpose")


def test_sign_of_complex_moves_with_z():
    """np.sign(z) = z/|z| on complex numbers is smooth (on reals it is piecewise constant and
    carries no derivative): both modes, second order, and 0 at z = 0."""
    z = np.array([1 + 2j, -0.5 + 0.3j, 0j])
    v = np.array([1 + 1j, 2.0, 3j])
    _, vjp_fn = ad.vjp(np.sign, z)
    for u in (np.array([1.0, 0.5, 1.0]) + 0j, np.array([1j, -2j, 1j])):
        _, t = ad.jvp(np.sign, (z,), (u,))
        np.testing.assert_allclose(t[:2], _fd(np.sign, (z[:2],), (u[:2],), 1e-4), rtol=1e-8)
        assert t[2] == 0
        assert np.isclose(_pair(vjp_fn(v), (u,)), np.real(np.sum(v * t)))
    grad = ad.grad(_real_loss(np.sign, v[:2]))
    zz, u = z[:2], np.array([0.3 - 1j, 1 + 1j])
    np.testing.assert_allclose(ad.jvp(grad, (zz,), (u,))[1], _fd(grad, (zz,), (u,), 1e-4),
                               rtol=1e-7)
    x = ad.tensor(np.array([1.0, -2.0]), requires_grad=True)
    np.sign(x).sum().backward()                  # real: piecewise constant, a zero gradient
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 0.0])   # (PyTorch's SignBackward0)


def test_slogdet_sign_of_complex_input_is_the_differentiable_phase():
    rng = np.random.default_rng(2)
    a = rng.standard_normal((2, 3, 3)) + 1j * rng.standard_normal((2, 3, 3))

    def f(a):
        return np.linalg.slogdet(a)[0]

    v = rng.standard_normal(2) + 1j * rng.standard_normal(2)
    cts = ad.vjp(f, a)[1](v)
    for u in (rng.standard_normal(a.shape) + 0j, 1j * rng.standard_normal(a.shape)):
        _, t = ad.jvp(f, (a,), (u,))
        np.testing.assert_allclose(t, _fd(f, (a,), (u,), 1e-4), rtol=1e-7)
        assert_close(_pair(cts, (u,)), float(np.real(np.sum(v * t))), 1e-10, "transpose")
    x = ad.tensor(rng.standard_normal((3, 3)), requires_grad=True)
    np.linalg.slogdet(x)[0].backward()                    # real: +-1, a zero gradient
    np.testing.assert_array_equal(x.grad.numpy(), np.zeros((3, 3)))
