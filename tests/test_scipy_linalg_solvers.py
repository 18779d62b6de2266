"""The triangular and banded solvers of ``autodiff.scipy.linalg`` against independent references.

Values against scipy itself (to 1e-12), with scipy's batching (``_apply_over_batch``: ``a``
(..., n, n), ``b`` (n,) or (..., n, k), batch shapes broadcast). Gradients against central
finite differences of scipy's own functions, so no rule of ours is the reference. (The op
table walks the same functions through both modes and second order.)
"""
import tracemalloc

import numpy as np
import pytest
import scipy.linalg as sla

import autodiff as ad
import autodiff.scipy.linalg as asl
from autodiff.engines.batching import LOOPED
from autodiff.ops.scipy_linalg import band_transpose

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


# -- banded ------------------------------------------------------------------------------------
def band(nlower, nupper, n, batch=(), complex_=False):
    ab = rng.normal(size=batch + (nlower + nupper + 1, n))
    if complex_:
        ab = ab + 1j * rng.normal(size=ab.shape)
    ab[..., nupper, :] += 5.0
    return ab


def dense(ab, nlower, nupper):
    """The n-by-n matrix of a band, entry by entry from scipy's definition
    ``a[i, j] == ab[u + i - j, j]`` (the reference only builds it; the solver never does)."""
    n = ab.shape[-1]
    a = np.zeros(ab.shape[:-2] + (n, n), ab.dtype)
    for i in range(n):
        for j in range(max(0, i - nlower), min(n, i + nupper + 1)):
            a[..., i, j] = ab[..., nupper + i - j, j]
    return a


BANDS = [(1, 1), (2, 1), (0, 2), (3, 0), (0, 0), (2, 3), (4, 4)]
B_SHAPES = [((), (6,)), ((), (6, 2)), ((), (3, 6, 2)), ((2,), (6,)), ((2,), (2, 6, 1)),
            ((3, 1), (2, 6, 2))]


@pytest.mark.parametrize("lu", BANDS, ids=str)
@pytest.mark.parametrize("complex_", [False, True], ids=["real", "complex"])
def test_solve_banded_values(lu, complex_):
    for batch, bshape in B_SHAPES:
        ab = band(*lu, 6, batch, complex_)
        b = rng.normal(size=bshape)
        close(asl.solve_banded(lu, ab, b), sla.solve_banded(lu, ab, b))
        close(asl.solve_banded(lu, ad.tensor(ab), b).detach().numpy(),
              sla.solve_banded(lu, ab, b))
    # and against the dense matrix the band stands for
    ab, b = band(*lu, 6, (), complex_), rng.normal(size=(6, 3))
    close(asl.solve_banded(lu, ab, b), np.linalg.solve(dense(ab, *lu), b), rtol=1e-10)


@pytest.mark.parametrize("lu", BANDS, ids=str)
def test_band_transpose_is_the_transpose(lu):
    ab = band(*lu, 6, (2,))
    abt = band_transpose(ab, *lu)
    close(dense(abt, lu[1], lu[0]), np.swapaxes(dense(ab, *lu), -1, -2))


def test_solve_banded_flags():
    ab, b = band(1, 1, 5), rng.normal(size=5)
    with pytest.raises(ValueError, match="l\\+u\\+1"):
        asl.solve_banded((2, 1), ab, b)
    with pytest.raises(ValueError, match="infs or NaNs"):
        asl.solve_banded((1, 1), ab, np.r_[b[:4], np.nan])
    assert np.isnan(asl.solve_banded((1, 1), ab, np.r_[b[:4], np.nan], check_finite=False)).any()
    keep_ab, keep_b = ab.copy(), b.copy()
    asl.solve_banded((1, 1), ab, b, overwrite_ab=True, overwrite_b=True)
    close(ab, keep_ab)
    close(b, keep_b)


@pytest.mark.parametrize("lu", [(1, 1), (2, 1), (0, 2), (1, 3)], ids=str)
@pytest.mark.parametrize("shapes", [((), (5,)), ((), (5, 2)), ((2,), (5,)), ((), (2, 5, 1))],
                         ids=str)
@pytest.mark.parametrize("complex_", [False, True], ids=["real", "complex"])
def test_solve_banded_gradients(lu, shapes, complex_):
    ab = band(*lu, 5, shapes[0], complex_)
    b = rng.normal(size=shapes[1]) + (1j * rng.normal(size=shapes[1]) if complex_ else 0)
    w = rng.normal(size=sla.solve_banded(lu, ab, b).shape)

    def loss(ab, b):
        return np.real(np.sum(w * asl.solve_banded(lu, ab, b)))

    gab, gb = ad.grad(loss, argnums=(0, 1))(ab, b)
    close(gab, fd_grad(lambda z: loss(z, b), ab), rtol=1e-7)
    close(gb, fd_grad(lambda z: loss(ab, z), b), rtol=1e-7)


def test_solve_banded_jacobians_take_no_loop():
    ab, b = band(2, 1, 5), rng.normal(size=(5, 2))
    LOOPED.discard("solve_banded")

    def f(ab, b):
        return asl.solve_banded((2, 1), ab, b)

    for k in (0, 1):
        close(ad.jacfwd(f, argnums=k)(ab, b), ad.jacrev(f, argnums=k)(ab, b))
    assert "solve_banded" not in LOOPED
    hess = ad.hessian(lambda ab: ad.sum(f(ab, b) ** 2))(ab)
    close(hess, np.swapaxes(np.swapaxes(hess, 0, 2), 1, 3))     # symmetric
    assert "solve_banded" not in LOOPED


def test_solve_banded_never_builds_a_dense_matrix():
    """n = 200,000: a dense matrix would take 320 GB. The value, the gradient in ab and b and
    a forward tangent fit in a few dozen vectors of length n."""
    n = 200_000
    ab, b, w = band(1, 1, n), rng.normal(size=n), rng.normal(size=n)
    tracemalloc.start()
    try:
        gab, gb = ad.grad(lambda ab, b: ad.sum(w * asl.solve_banded((1, 1), ab, b)),
                          argnums=(0, 1))(ab, b)
        _, tangent = ad.jvp(lambda ab: asl.solve_banded((1, 1), ab, b), (ab,), (ab,))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40 * 8 * n, f"peak {peak / 2**20:.0f} MiB"
    # the gradient: b_bar = A^-T w, ab_bar = -b_bar x^T on the band (A^T's band written out by hand)
    x = sla.solve_banded((1, 1), ab, b)
    abt = np.stack([np.r_[0, ab[2, :-1]], ab[1], np.r_[ab[0, 1:], 0]])
    b_bar = sla.solve_banded((1, 1), abt, w)
    close(gb, b_bar, rtol=1e-10)
    close(gab[1], -b_bar * x, rtol=1e-10)
    close(gab[0, 1:], -b_bar[:-1] * x[1:], rtol=1e-10)
    close(tangent, -x, rtol=1e-10)                   # d/dt (1 + t) A x = b at t = 0
