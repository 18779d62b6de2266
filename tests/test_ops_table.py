"""Walk the op table (``op_table.py``): every op, both engines, first and second order.

For each row, with random directions ``u``, ``u2`` (inputs) and ``v`` (output):

1. forward mode: ``J u`` against a 4-point central finite difference of the numpy function;
2. reverse mode: ``<v, J u> == <J^T v, u>`` (the VJP is the transpose of the JVP);
3. second order: ``u2^T (d^2 <v, f>) u`` by fwd-over-fwd, fwd-over-rev, rev-over-fwd and
   rev-over-rev, against each other and against a finite difference of ``<v, J u>`` along ``u2``.

Rows with ``order=0`` (comparisons, floor, ...) must give zero tangents and zero gradients,
without error. Rows with ``order=-1`` (the Riemann zeta) have numpy's value but no closed-form
derivative: asking for one raises ``NoClosedFormError`` in both modes.
"""
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import autodiff as ad
from autodiff.scipy.special import NoClosedFormError
from op_table import CASES, Case, assert_close

FIRST = [c for c in CASES if c.order >= 1]
SECOND = [c for c in CASES if c.order >= 2]
ZERO = [c for c in CASES if c.order == 0]
RAISES = [c for c in CASES if c.order < 0]


def _directions(case: Case, seed: int):
    rng = np.random.default_rng(seed)
    return tuple(rng.standard_normal(np.shape(a)) for a in case.args)


def _out_direction(case: Case, seed: int):
    out = np.asarray(case.fn(*case.args))
    return np.random.default_rng(seed).standard_normal(out.shape)


def _shift(args, direction, t):
    return tuple(a + t * d for a, d in zip(args, direction))


def _fd(g, args, direction, eps):
    """d/dt g(args + t * direction) at 0, 4-point central stencil (error O(eps^4))."""
    f = [np.asarray(g(*_shift(args, direction, k * eps)), dtype=np.float64)
         for k in (-2, -1, 1, 2)]
    return (f[0] - 8 * f[1] + 8 * f[2] - f[3]) / (12 * eps)


def _inner(a, b):
    return float(sum(np.sum(np.asarray(x) * np.asarray(y)) for x, y in zip(a, b)))


def _jvp(case, args, u):
    return np.asarray(ad.jvp(case.fn, args, u)[1])


@pytest.mark.parametrize("case", FIRST, ids=[c.id for c in FIRST])
def test_first_order(case):
    u = _directions(case, 1)
    v = _out_direction(case, 2)
    out, tangent = ad.jvp(case.fn, case.args, u)
    np.testing.assert_allclose(out, case.fn(*case.args), rtol=1e-12, atol=1e-12,
                               err_msg="the op's value differs from numpy's")
    assert_close(tangent, _fd(case.fn, case.args, u, case.eps), case.rtol,
                 "JVP vs finite differences")
    _, vjp_fn = ad.vjp(case.fn, *case.args)
    cts = vjp_fn(v)
    assert all(np.shape(c) == np.shape(a) for c, a in zip(cts, case.args))
    lhs, rhs = float(np.sum(v * tangent)), _inner(cts, u)
    assert_close(rhs, lhs, 1e-10, "transpose identity <v, J u> == <J^T v, u>")


def _second_orders(case, u, u2, v):
    """u2^T H u for H the Hessian of <v, f>, by the four nestings of the two engines."""
    f, n = case.fn, len(case.args)
    nums = tuple(range(n))

    def dir_deriv(*xs):                          # <v, J(xs) u>, forward mode
        return ad.sum(v * ad.jvp(f, xs, u)[1])

    def pulled(*xs):                             # J(xs)^T v, reverse mode
        return ad.vjp(f, *xs)[1](v)

    def pulled_dot_u(*xs):
        return sum(ad.sum(c * d) for c, d in zip(pulled(*xs), u))

    ff = ad.jvp(dir_deriv, case.args, u2)[1]
    fr = _inner(ad.jvp(lambda *xs: tuple(pulled(*xs)), case.args, u2)[1], u)
    rf = _inner(ad.grad(dir_deriv, argnums=nums)(*case.args), u2)
    rr = _inner(ad.grad(pulled_dot_u, argnums=nums)(*case.args), u2)
    fd = _fd(lambda *xs: np.sum(v * _jvp(case, xs, u)), case.args, u2, case.eps)
    return {"fwd-fwd": float(ff), "fwd-rev": fr, "rev-fwd": rf, "rev-rev": rr}, float(fd)


@pytest.mark.parametrize("case", SECOND, ids=[c.id for c in SECOND])
def test_second_order(case):
    u, u2, v = _directions(case, 3), _directions(case, 4), _out_direction(case, 5)
    results, fd = _second_orders(case, u, u2, v)
    ref = results["fwd-fwd"]
    for name, value in results.items():
        assert_close(value, ref, 1e-9, f"{name} vs fwd-fwd")
    assert_close(ref, fd, case.rtol * 10, "second derivative vs finite differences of the JVP")


@pytest.mark.parametrize("case", ZERO, ids=[c.id for c in ZERO])
def test_no_derivative(case):
    u = _directions(case, 1)
    out, tangent = ad.jvp(case.fn, case.args, u)
    np.testing.assert_array_equal(out, case.fn(*case.args))
    assert not np.any(np.asarray(tangent))
    _, vjp_fn = ad.vjp(case.fn, *case.args)
    for ct in vjp_fn(np.ones(np.shape(out))):
        assert not np.any(np.asarray(ct))


@pytest.mark.parametrize("case", RAISES, ids=[c.id for c in RAISES])
def test_no_closed_form_derivative_raises(case):
    xs = [ad.tensor(a) for a in case.args]
    np.testing.assert_allclose(np.asarray(case.fn(*xs)), case.fn(*case.args), rtol=1e-14)
    with pytest.raises(NoClosedFormError):
        ad.jvp(case.fn, case.args, _directions(case, 1))
    with pytest.raises(NoClosedFormError):
        ad.vjp(case.fn, *case.args)[1](_out_direction(case, 2))


def _library_registry() -> set:
    """The registry of a fresh interpreter: what the library itself registers (tests may add
    their own primitives to this process's registry)."""
    code = "import autodiff, autodiff.core as r; print(' '.join(sorted(r.REGISTRY)))"
    root = Path(__file__).resolve().parent.parent     # import this checkout's autodiff
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=root)
    return set(out.stdout.split())


def test_every_registered_op_has_a_row():
    covered = {c.op for c in CASES}
    missing = sorted(_library_registry() - covered)
    assert not missing, (f"registered ops without a row in tests/op_table.py: {missing}; add "
                         f"sample inputs for each (see the module docstring)")


def _public(dotted: str) -> bool:
    """``dotted`` names a public function below ``ad`` (``scipy.stats.norm.logpdf``)."""
    obj = ad
    for part in dotted.split("."):
        if part.startswith("_") or not hasattr(obj, part):
            return False
        obj = getattr(obj, part)
    return callable(obj)


def test_every_row_names_a_real_op():
    public = set(dir(ad)) | set(dir(ad.ops))     # ad.ops: numpy-only names (gradient)
    names = _library_registry() | {name for name in public if not name.startswith("_")}
    unknown = sorted(op for op in {c.op for c in CASES} - names if not _public(op))
    assert not unknown, f"rows naming no registered op or public function: {unknown}"


def _rev_rev(case, v, u):
    """Gradient of <J^T v, u>: the Hessian of <v, f> times u, by reverse over reverse."""
    def pulled_dot_u(*args):
        return sum(ad.sum(c * d) for c, d in zip(ad.vjp(case.fn, *args)[1](v), u))
    return ad.grad(pulled_dot_u, argnums=tuple(range(len(case.args))))(*case.args)


@pytest.mark.parametrize("case", FIRST, ids=[c.id for c in FIRST])
def test_tensor_backward_matches_the_transforms(case):
    """The PyTorch-style path (``Tensor.backward``, rules on raw arrays at the base level, and
    ``create_graph=True`` for a second pass) agrees with the function transforms."""
    v = _out_direction(case, 2)
    u = _directions(case, 3)
    expected = ad.vjp(case.fn, *case.args)[1](v)
    xs = [ad.tensor(a, requires_grad=True) for a in case.args]
    out = case.fn(*xs)
    out.backward(ad.tensor(v), create_graph=case.order >= 2)
    for x, e in zip(xs, expected):
        got = np.zeros(np.shape(e)) if x.grad is None else x.grad.detach().numpy()
        assert_close(got, e, 1e-12, "Tensor.backward vs ad.vjp")
    if case.order >= 2:
        grads = [x.grad for x in xs]
        s = sum(ad.sum(g * d) for g, d in zip(grads, u) if g is not None and g.requires_grad)
        if isinstance(s, ad.Tensor):
            hvp = [np.zeros(np.shape(a)) for a in case.args]
            for x in xs:
                x.grad = None
            s.backward()
            hvp = [h if x.grad is None else x.grad.numpy() for h, x in zip(hvp, xs)]
            for h, e in zip(hvp, _rev_rev(case, v, u)):
                assert_close(h, e, 1e-10, "double backward vs ad.grad of the VJP")
