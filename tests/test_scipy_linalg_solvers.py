"""The triangular and banded solvers of ``autodiff.scipy.linalg`` against independent references.

Values against scipy itself (to 1e-12), with scipy's batching (``_apply_over_batch``: ``a``
(..., n, n), ``b`` (n,) or (..., n, k), batch shapes broadcast). Gradients against central
finite differences of scipy's own functions, so no rule of ours is the reference. (The op
table walks the same functions through both modes and second order.)
"""
import numpy as np
import pytest
import scipy.linalg as sla

import autodiff as ad
import autodiff.scipy.linalg as asl
from autodiff.engines.batching import LOOPED

rng = np.random.default_rng(2026)


def close(x, y, rtol=1e-12):
    assert np.shape(x) == np.shape(y)
    np.testing.assert_allclose(np.asarray(x), np.asarray(y), rtol=rtol, atol=rtol)


def fd_grad(f, x, eps=1e-6):
    """Gradient of a real ``f`` by central differences; for complex ``x``, ``df/dRe - i
    df/dIm`` (the convention of ``ad.grad``, API.md)."""
    g = np.zeros(x.shape, dtype=x.dtype)
    for idx in np.ndindex(x.shape):
        e = np.zeros(x.shape, dtype=x.dtype)
        e[idx] = eps
        g[idx] = (f(x + e) - f(x - e)) / (2 * eps)
        if np.iscomplexobj(x):
            g[idx] -= 1j * (f(x + 1j * e) - f(x - 1j * e)) / (2 * eps)
    return g


def triangular(*shape, complex_=False):
    a = rng.normal(size=shape) + 4 * np.eye(shape[-1])
    if complex_:
        a = a + 1j * rng.normal(size=shape)
    return a


# (a's shape, b's shape): scipy's batching, the 1-D b and the "2-D b is a matrix" cases.
SHAPES = [((4, 4), (4,)), ((4, 4), (4, 2)), ((3, 4, 4), (4,)), ((3, 4, 4), (3, 4, 2)),
          ((4, 4), (2, 3, 4, 2)), ((2, 1, 4, 4), (3, 4, 1)), ((4, 4, 4), (4, 4))]


@pytest.mark.parametrize("shapes", SHAPES, ids=str)
@pytest.mark.parametrize("complex_", [False, True], ids=["real", "complex"])
def test_solve_triangular_values(shapes, complex_):
    a = triangular(*shapes[0], complex_=complex_)
    b = rng.normal(size=shapes[1])
    for trans in (0, 1, 2, "N", "T", "C"):
        for lower in (False, True):
            for unit in (False, True):
                kw = dict(trans=trans, lower=lower, unit_diagonal=unit)
                close(asl.solve_triangular(a, b, **kw), sla.solve_triangular(a, b, **kw))
                close(asl.solve_triangular(ad.tensor(a), b, **kw).detach().numpy(),
                      sla.solve_triangular(a, b, **kw))


def test_solve_triangular_flags():
    a, b = triangular(3, 3), rng.normal(size=3)
    bad = a.copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="infs or NaNs"):
        asl.solve_triangular(bad, b)
    with pytest.raises(ValueError, match="infs or NaNs"):
        asl.solve_triangular(ad.tensor(a), np.r_[b[:2], np.inf])
    assert np.isnan(asl.solve_triangular(bad, b, check_finite=False)).any()
    keep = b.copy()
    close(asl.solve_triangular(a, b, overwrite_b=True), sla.solve_triangular(a, keep))
    close(b, keep)                                   # a hint only: b is left alone
    with pytest.raises(ValueError, match="invalid trans"):
        asl.solve_triangular(a, b, trans="X")
    # not a triangle of b or a batch scipy refuses: the same refusal
    with pytest.raises(ValueError):
        asl.solve_triangular(triangular(2, 3, 3), rng.normal(size=(2, 3)))


@pytest.mark.parametrize("shapes", SHAPES[:6], ids=str)
@pytest.mark.parametrize("trans", [0, 1, 2])
@pytest.mark.parametrize("complex_", [False, True], ids=["real", "complex"])
def test_solve_triangular_gradients(shapes, trans, complex_):
    a = triangular(*shapes[0], complex_=complex_)
    b = rng.normal(size=shapes[1]) + (1j * rng.normal(size=shapes[1]) if complex_ else 0)
    lower = trans == 1
    w = rng.normal(size=sla.solve_triangular(a, b).shape)

    def loss(a, b):
        return np.real(np.sum(w * asl.solve_triangular(a, b, trans=trans, lower=lower)))

    ga, gb = ad.grad(loss, argnums=(0, 1))(a, b)
    close(ga, fd_grad(lambda z: loss(z, b), a), rtol=1e-7)
    close(gb, fd_grad(lambda z: loss(a, z), b), rtol=1e-7)


def test_solve_triangular_jacobians_take_no_loop():
    """jacfwd/jacrev push a whole batch of tangents through one solve (the batch folded into
    the columns of b), and agree with finite differences."""
    a, b = triangular(2, 3, 3), rng.normal(size=3)
    LOOPED.discard("solve_triangular")

    def f(a, b):
        return asl.solve_triangular(a, b, trans=1, lower=True)

    jf = ad.jacfwd(f, argnums=(0, 1))(a, b)
    jr = ad.jacrev(f, argnums=(0, 1))(a, b)
    assert "solve_triangular" not in LOOPED
    eps = 1e-6
    for k, x in enumerate((a, b)):
        close(jf[k], jr[k])
        for idx in np.ndindex(x.shape):
            e = np.zeros(x.shape)
            e[idx] = eps
            args_p = [a, b]
            args_m = [a, b]
            args_p[k], args_m[k] = x + e, x - e
            col = (sla.solve_triangular(*args_p, trans=1, lower=True)
                   - sla.solve_triangular(*args_m, trans=1, lower=True)) / (2 * eps)
            close(np.asarray(jf[k])[(Ellipsis,) + idx], col, rtol=1e-7)
