"""scipy.linalg's matrix functions and solvers: expm, sqrtm, solve_sylvester, solve_triangular,
solve_banded and the packed LU factor (``lu_factor``).

Each rule is written with these primitives themselves (the Frechet derivative of expm is the
corner of an expm of a block matrix; sqrtm's and solve_sylvester's are Sylvester solves; a
triangular solve's are triangular solves, a banded solve's banded solves), so they differentiate
again. expm and the two solves take batches as scipy does; the others act on 2-D arrays.
"""
import numpy as np
import scipy.linalg as sla

from ..core import bind, primitive
from ..core.structure import ndim_of, pad_dims
from ._util import dtype_of, shape_of
from .linalg import matmul
from .reductions import sum_
from .shape import concatenate, expand_dims, getitem, reshape, stack, swapaxes, transpose

__all__ = ["expm", "sqrtm", "solve_sylvester", "solve_triangular_", "solve_banded_",
           "band_transpose", "lu_packed", "lu_permutation"]


def _T(x):
    return swapaxes(x, -1, -2)


# -- expm -------------------------------------------------------------------------------------
def _block_corner(a, e):
    """The upper-right block of expm([[a, e], [0, a]]): the Frechet derivative L(a, e)."""
    n = shape_of(a)[-1]
    zero = np.zeros(shape_of(a))
    top = concatenate(a, e, axis=-1)
    bottom = concatenate(zero, a, axis=-1)
    big = expm(concatenate(top, bottom, axis=-2))
    return getitem(big, (Ellipsis, slice(0, n), slice(n, 2 * n)))


expm = primitive(sla.expm, name="expm", grad_fn_name="LinalgMatrixExpBackward0")
expm.defjvp(lambda tangents, ans, a: _block_corner(a, tangents[0]))
# The adjoint of L(a, .) is L(a^T, .).
expm.defvjp(lambda g, ans, a: (_block_corner(_T(a), g),))
expm.__doc__ = """Matrix exponential (``scipy.linalg.expm``) of a (batch of) square matrix."""


# -- Sylvester equations and the square root ------------------------------------------------------
solve_sylvester = primitive(sla.solve_sylvester, name="solve_sylvester",
                            grad_fn_name="SolveSylvesterBackward0")
# X solves A X + X B = Q: A dX + dX B = dQ - dA X - X dB. With Y solving A^T Y + Y B^T = G:
# Q_bar = Y, A_bar = -Y X^T, B_bar = -X^T Y.
solve_sylvester.defjvp_per_arg(
    lambda t, ans, a, b, q: solve_sylvester(a, b, -matmul(t, ans)),
    lambda t, ans, a, b, q: solve_sylvester(a, b, -matmul(ans, t)),
    lambda t, ans, a, b, q: solve_sylvester(a, b, t))
solve_sylvester.defvjp_per_arg(
    lambda g, ans, a, b, q: -matmul(solve_sylvester(_T(a), _T(b), g), _T(ans)),
    lambda g, ans, a, b, q: -matmul(_T(ans), solve_sylvester(_T(a), _T(b), g)),
    lambda g, ans, a, b, q: solve_sylvester(_T(a), _T(b), g))
solve_sylvester.__doc__ = """Solve ``a @ x + x @ b = q`` for ``x``
(``scipy.linalg.solve_sylvester``), differentiable in all three."""


def _sqrtm_impl(a):
    out = sla.sqrtm(a)
    return out.real if np.isrealobj(a) and np.iscomplexobj(out) and not np.any(out.imag) else out


sqrtm = primitive(_sqrtm_impl, name="sqrtm", grad_fn_name="SqrtmBackward0")
# S S = A: S dS + dS S = dA.
sqrtm.defjvp(lambda tangents, ans, a: solve_sylvester(ans, ans, tangents[0]))
sqrtm.defvjp(lambda g, ans, a: (solve_sylvester(_T(ans), _T(ans), g),))
sqrtm.__doc__ = """Principal matrix square root (``scipy.linalg.sqrtm``); differentiable where the
root's eigenvalues have no pair summing to zero (e.g. a matrix with positive eigenvalues)."""


# -- triangular and banded solves ------------------------------------------------------------
# Both take scipy's batching (its ``_apply_over_batch``): ``a`` is (..., n, n) (``ab``
# (..., l+u+1, n)), ``b`` is (n,) or (..., n, k) -- a ``b`` of two or more dimensions is a matrix
# of right-hand sides, never a stack of vectors -- and the batch shapes broadcast. The rules
# work on ``b`` and ``x`` as columns (..., n, k) and hand a 1-D ``b``'s results back as vectors.
def _col(x, b):
    """``x`` (shaped like the solution for ``b``) as columns: a 1-D ``b`` gains a last axis."""
    return expand_dims(x, -1) if len(shape_of(b)) == 1 else x


def _uncol(x, b):
    return getitem(x, (Ellipsis, 0)) if len(shape_of(b)) == 1 else x


def _solve_batched(prim, values, batched, kwargs, size):
    """The batch level's rule for a solve ``prim(a, b)`` with scipy's batching (above).

    With ``a`` the same for the whole batch (jacfwd's tangents, jacrev's cotangents) the batch
    is folded into the columns of ``b``: one solve, no loop. With ``a`` batched, the batch axes
    are lined up and the solver runs once over them (scipy's own loop over matrices).
    """
    a, b = values
    batched_a, batched_b = batched
    vector = ndim_of(b) - batched_b == 1
    if vector:
        b = expand_dims(b, -1)
    if not batched_a:
        shape = shape_of(b)                              # (size, *batch, n, k)
        nd = len(shape)
        cols = transpose(b, tuple(range(1, nd - 1)) + (0, nd - 1))     # (*batch, n, size, k)
        out = bind(prim, [a, reshape(cols, shape[1:-1] + (size * shape[-1],))], kwargs)
        out_shape = shape_of(out)
        out = reshape(out, out_shape[:-1] + (size, shape[-1]))         # (*batch, n, size, k)
        nd = len(out_shape) + 1
        out = transpose(out, (nd - 2,) + tuple(range(nd - 2)) + (nd - 1,))
    else:
        batch_nd = max(ndim_of(a) - 3, ndim_of(b) - batched_b - 2)
        a = pad_dims(a, batch_nd + 2)
        b = pad_dims(b, batch_nd + 2) if batched_b else b
        out = bind(prim, [a, b], kwargs)
    return getitem(out, (Ellipsis, 0)) if vector else out


def _tri(m, lower, unit_diagonal):
    """The triangle of ``m`` a triangular solve reads (without the diagonal when it is unit)."""
    n = shape_of(m)[-1]
    k = -1 if unit_diagonal else 0
    mask = np.tril(np.ones((n, n)), k) if lower else np.triu(np.ones((n, n)), -k)
    return m * mask


def _solve_tri_impl(a, b, trans=0, lower=False, unit_diagonal=False, check_finite=True):
    return sla.solve_triangular(a, b, trans=trans, lower=lower, unit_diagonal=unit_diagonal,
                                check_finite=check_finite)


solve_triangular_ = primitive(_solve_tri_impl, name="solve_triangular",
                              grad_fn_name="LinalgSolveTriangularBackward0")


def _tri_solve(a, rhs, trans, lower, unit_diagonal):
    # Derivatives need no finiteness check of their own: the values were checked.
    return solve_triangular_(a, rhs, trans=trans, lower=lower, unit_diagonal=unit_diagonal,
                             check_finite=False)


# x = op(T)^-1 b, op(T) = T (trans=0) or T^T (1), T the triangle of a. dx = op(T)^-1 (db -
# op(dT) x); b_bar = op(T)^-T g (the other trans); a_bar = -tri(b_bar x^T), or -tri(x b_bar^T)
# for trans=1. Plain transposes, no conjugates: a VJP is the JVP's transpose (API.md, complex).
def _tri_jvp_a(t, ans, a, b, trans=0, lower=False, unit_diagonal=False, check_finite=True):
    dt = _tri(t, lower, unit_diagonal)
    rhs = -matmul(_T(dt) if trans else dt, _col(ans, b))
    return _uncol(_tri_solve(a, rhs, trans, lower, unit_diagonal), b)


def _tri_jvp_b(t, ans, a, b, trans=0, lower=False, unit_diagonal=False, check_finite=True):
    return _tri_solve(a, t, trans, lower, unit_diagonal)


def _tri_vjp_b(g, ans, a, b, trans=0, lower=False, unit_diagonal=False, check_finite=True):
    return _uncol(_tri_solve(a, _col(g, b), 1 - trans, lower, unit_diagonal), b)


def _tri_vjp_a(g, ans, a, b, trans=0, lower=False, unit_diagonal=False, check_finite=True):
    b_bar = _tri_solve(a, _col(g, b), 1 - trans, lower, unit_diagonal)
    x = _col(ans, b)
    return -_tri(matmul(x, _T(b_bar)) if trans else matmul(b_bar, _T(x)), lower,
                 unit_diagonal)


solve_triangular_.defjvp_per_arg(_tri_jvp_a, _tri_jvp_b)
solve_triangular_.defvjp_per_arg(_tri_vjp_a, _tri_vjp_b)
solve_triangular_.defbatch(_solve_batched)
solve_triangular_.__doc__ = """Solve ``T x = b`` (``trans=0``) or ``T^T x = b`` (``trans=1``)
with ``T`` the lower or upper triangle of ``a`` (``scipy.linalg.solve_triangular``, batched as
scipy's); the other triangle is never read. ``trans=2`` is ``trans=1`` of ``conj(a)``."""


def _shift(p, s, axis):
    """``p`` moved by ``s`` along ``axis``: ``out[i] = p[i + s]``, zero where ``i + s`` is
    outside. O(size of p), as everything the banded rules do."""
    shape = shape_of(p)
    n = shape[axis]
    if s == 0:
        return p
    fill = list(shape)
    fill[axis] = min(abs(s), n)
    zero = np.zeros(fill, dtype_of(p))
    if abs(s) >= n:
        return zero
    index = [slice(None)] * len(shape)
    index[axis] = slice(s, None) if s > 0 else slice(None, n + s)
    kept = getitem(p, tuple(index))
    return concatenate(kept, zero, axis=axis) if s > 0 else concatenate(zero, kept, axis=axis)


def _band_row(ab, r):
    return getitem(ab, (Ellipsis, r, slice(None)))


def _band_matvec(ab, x, nlower, nupper):
    """``a @ x`` for the band matrix ``a`` stored in ``ab`` and columns ``x`` (..., n, k):
    ``y[i] = sum_r ab[r, i + u - r] x[i + u - r]``, one shifted product per stored diagonal."""
    y = 0
    for r in range(nlower + nupper + 1):
        y = y + _shift(expand_dims(_band_row(ab, r), -1) * x, nupper - r, -2)
    return y


def _band_outer(g, x, nlower, nupper):
    """``g x^T`` (summed over the columns k) read on the band only, in band storage:
    ``out[r, j] = sum_k g[j + r - u, k] x[j, k]``; no n-by-n array."""
    return stack([sum_(_shift(g, r - nupper, -2) * x, axis=-1)
                  for r in range(nlower + nupper + 1)], axis=-2)


def band_transpose(ab, nlower: int, nupper: int):
    """The band storage of ``a^T`` for ``a`` stored in ``ab`` with ``(nlower, nupper)``
    diagonals: a ``(nupper, nlower)`` band, ``out[r, j] = ab[l + u - r, j + r - l]``.

    Parameters
    ----------
    ab : (..., nlower + nupper + 1, n) Tensor or array_like
        Diagonal ordered form: ``a[i, j] == ab[nupper + i - j, j]``.
    nlower, nupper : int

    Returns
    -------
    Tensor or ndarray
        Same shape; the corners no diagonal reaches are zero.
    """
    last = nlower + nupper
    return stack([_shift(_band_row(ab, last - r), r - nlower, -1) for r in range(last + 1)],
                 axis=-2)


def _solve_banded_impl(ab, b, nlower, nupper, check_finite=True):
    return sla.solve_banded((nlower, nupper), ab, b, check_finite=check_finite)


solve_banded_ = primitive(_solve_banded_impl, name="solve_banded",
                          grad_fn_name="SolveBandedBackward0")


def _banded_solve(ab, rhs, nlower, nupper):
    return solve_banded_(ab, rhs, nlower=nlower, nupper=nupper, check_finite=False)


# The same calculus as the triangular solve, kept in band storage: dx = A^-1 (db - dA x) with
# dA x a banded mat-vec; b_bar = A^-T g, A^T a (u, l) band; ab_bar = -(b_bar x^T) on the band.
def _banded_jvp_ab(t, ans, ab, b, nlower, nupper, check_finite=True):
    rhs = -_band_matvec(t, _col(ans, b), nlower, nupper)
    return _uncol(_banded_solve(ab, rhs, nlower, nupper), b)


def _banded_jvp_b(t, ans, ab, b, nlower, nupper, check_finite=True):
    return _banded_solve(ab, t, nlower, nupper)


def _banded_b_bar(g, ab, b, nlower, nupper):
    """``A^-T g`` as columns."""
    return _banded_solve(band_transpose(ab, nlower, nupper), _col(g, b), nupper, nlower)


def _banded_vjp_ab(g, ans, ab, b, nlower, nupper, check_finite=True):
    b_bar = _banded_b_bar(g, ab, b, nlower, nupper)
    return -_band_outer(b_bar, _col(ans, b), nlower, nupper)


def _banded_vjp_b(g, ans, ab, b, nlower, nupper, check_finite=True):
    return _uncol(_banded_b_bar(g, ab, b, nlower, nupper), b)


solve_banded_.defjvp_per_arg(_banded_jvp_ab, _banded_jvp_b)
solve_banded_.defvjp_per_arg(_banded_vjp_ab, _banded_vjp_b)
solve_banded_.defbatch(_solve_batched)
solve_banded_.__doc__ = """Solve ``a x = b`` for the band matrix ``a`` stored in ``ab``
(``scipy.linalg.solve_banded`` with ``(l, u) = (nlower, nupper)``, batched as scipy's). Values
and derivatives stay in band storage: O(n (l + u + 1)) memory, never an n-by-n array."""


# -- LU ---------------------------------------------------------------------------------------
def lu_permutation(piv) -> np.ndarray:
    """LAPACK's row interchanges ``piv`` as a permutation ``perm``: ``a[perm] = L @ U``."""
    piv = np.asarray(piv)
    perm = np.arange(piv.shape[-1])
    for i, p in enumerate(piv):
        perm[i], perm[p] = perm[p], perm[i]
    return perm


def _lu_impl(a, piv):
    return sla.lu_factor(a)[0]


def _lu_parts(lu):
    n = shape_of(lu)[-1]
    low = lu * np.tril(np.ones((n, n)), -1) + np.eye(n)
    up = lu * np.triu(np.ones((n, n)))
    return low, up, np.tril(np.ones((n, n)), -1), np.triu(np.ones((n, n)))


lu_packed = primitive(_lu_impl, name="lu_factor", grad_fn_name="LinalgLuFactorExBackward0")


@lu_packed.defjvp
def _lu_jvp(tangents, ans, a, piv):
    # a[perm] = L U: F = L^-1 da[perm] U^-1 = L^-1 dL + dU U^-1, so dL = L sl(F), dU = tu(F) U,
    # and the packed tangent is dL + dU.
    low, up, sl, tu = _lu_parts(ans)
    dap = getitem(tangents[0], lu_permutation(piv))
    x = solve_triangular_(low, dap, lower=True, unit_diagonal=True)
    f = _T(solve_triangular_(_T(up), _T(x), lower=True))
    return matmul(low, f * sl) + matmul(f * tu, up)


@lu_packed.defvjp
def _lu_vjp(g, ans, a, piv):
    low, up, sl, tu = _lu_parts(ans)
    f_bar = matmul(_T(low), g) * sl + matmul(g, _T(up)) * tu
    y = solve_triangular_(up, _T(f_bar), lower=False)                 # U^-1 F_bar^T
    ap_bar = solve_triangular_(_T(low), _T(y), lower=False, unit_diagonal=True)
    return (getitem(ap_bar, np.argsort(lu_permutation(piv))),)


lu_packed.__doc__ = """The packed LU factor of ``scipy.linalg.lu_factor`` (unit lower ``L``
strictly below the diagonal, ``U`` on and above), for the row interchanges ``piv`` (a constant
found from the values)."""
