"""``autodiff.scipy.linalg``: scipy.linalg's functions under its names, signatures and defaults,
differentiable in both modes.

``overwrite_*`` and similar performance flags are accepted and ignored (inputs are never
overwritten: the tape may still need them). ``check_finite`` is honoured by ``solve_triangular``
and ``solve_banded`` (scipy's ``ValueError`` on infinities or NaNs) and ignored elsewhere.
``cho_factor`` returns zeros in the triangle it does not use (scipy leaves arbitrary values
there); both are fine inputs to ``cho_solve``, which reads only the factor's triangle.
"""
import numpy as np
import scipy.linalg as _sla

from ..core import Tensor
from ..ops import cholesky as _np_cholesky, det, inv, swapaxes
from ..ops.complex_parts import conj, is_complex
from ..ops.decompositions import eigh as _np_eigh, eigvalsh
from ..ops.scipy_linalg import (expm, lu_packed, lu_permutation, solve_banded_,
                                solve_sylvester, solve_triangular_, sqrtm)
from ..ops.shape import getitem
from ..ops import (atleast_2d as _np_atleast_2d, concatenate as _np_concatenate,
                   conj as _np_conj, eig as _np_eig, eigvals as _np_eigvals,
                   index_update as _index_update, linalg_norm as _np_norm,
                   lstsq as _np_lstsq, matmul as _np_matmul, pinv as _np_pinv, qr as _np_qr,
                   ravel as _np_ravel, svd as _np_svd)
from ..ops.rearrange import flip as _np_flip

__all__ = ["cho_factor", "cho_solve", "cholesky", "det", "eigh", "expm", "inv", "lu_factor",
           "lu_solve", "solve_banded", "solve_sylvester", "solve_triangular", "sqrtm"]


def _T(x):
    return swapaxes(x, -1, -2)


def _plain(x):
    """The value of ``x`` for checks and pivots (inside ``ad.jit``: the recording's)."""
    return np.asarray(x._data) if isinstance(x, Tensor) else np.asarray(x)


_TRANS = {0: 0, 1: 1, 2: 2, "N": 0, "T": 1, "C": 2}


def solve_triangular(a, b, trans=0, lower=False, unit_diagonal=False, overwrite_b=False,
                     check_finite=True):
    """Solve ``a x = b`` for a triangular ``a`` (``scipy.linalg.solve_triangular``).

    Parameters
    ----------
    a : (..., n, n) Tensor or array_like
        Only its ``lower`` (or upper) triangle is read, without the diagonal when
        ``unit_diagonal``. Real or complex.
    b : (n,) or (..., n, k) Tensor or array_like
        As in scipy, a ``b`` of two or more dimensions is a matrix of ``k`` right-hand sides
        (a stack of them beyond two), never a stack of vectors; the batch shapes of ``a`` and
        ``b`` broadcast. A 1-D ``b`` is one vector for every matrix of the batch.
    trans : {0, 1, 2, 'N', 'T', 'C'}
        Solve ``a x = b`` (0), ``a^T x = b`` (1) or ``a^H x = b`` (2).
    lower, unit_diagonal : bool
    overwrite_b : bool
        Accepted and ignored (``b`` is never overwritten).
    check_finite : bool
        Raise ``ValueError`` if ``a`` or ``b`` holds an infinity or NaN, as scipy does.

    Returns
    -------
    Tensor or ndarray
        ``x``, of shape ``broadcast(batch of a, batch of b) + (n,)`` or ``+ (n, k)``.
        Differentiable in ``a`` and ``b``, to any order.
    """
    if _TRANS.get(trans) is None:
        raise ValueError(f"invalid trans {trans!r}; use 0, 1, 2, 'N', 'T' or 'C'")
    trans = _TRANS[trans]
    if trans == 2:                         # a^H x = b is conj(a)^T x = b
        a = a if isinstance(a, Tensor) else np.asarray(a)
        a, trans = (conj(a) if is_complex(a) else a), 1
    return solve_triangular_(a, b, trans=trans, lower=bool(lower),
                             unit_diagonal=bool(unit_diagonal), check_finite=bool(check_finite))


def cholesky(a, lower=False, overwrite_a=False, check_finite=True):
    """Cholesky factor of a symmetric positive-definite matrix (``scipy.linalg.cholesky``):
    upper ``U`` with ``a = U^T U`` by default, lower ``L`` with ``a = L L^T`` if ``lower``.
    The input is treated as symmetric, so the gradient is symmetric."""
    low = _np_cholesky(a)
    return low if lower else _T(low)


def cho_factor(a, lower=False, overwrite_a=False, check_finite=True):
    """``(c, lower)`` for :func:`cho_solve` (``scipy.linalg.cho_factor``)."""
    return cholesky(a, lower=lower), lower


def cho_solve(c_and_lower, b, overwrite_b=False, check_finite=True):
    """Solve ``a x = b`` given ``cho_factor(a)`` (``scipy.linalg.cho_solve``)."""
    c, lower = c_and_lower
    if lower:                                       # a = L L^T
        y = solve_triangular(c, b, lower=True)
        return solve_triangular(c, y, trans=1, lower=True)
    y = solve_triangular(c, b, trans=1, lower=False)    # a = U^T U
    return solve_triangular(c, y, lower=False)


def lu_factor(a, overwrite_a=False, check_finite=True):
    """Packed LU factorization with partial pivoting (``scipy.linalg.lu_factor``).

    Returns
    -------
    (lu, piv)
        ``lu`` is differentiable; the pivots ``piv`` are integers read from the values.
    """
    piv = _sla.lu_factor(_plain(a))[1]
    return lu_packed(a, piv=tuple(int(p) for p in piv)), piv


def lu_solve(lu_and_piv, b, trans=0, overwrite_b=False, check_finite=True):
    """Solve ``a x = b`` (``trans=0``), ``a^T x = b`` (1) or ``a^H x = b`` (2) given
    ``lu_factor(a)`` (``scipy.linalg.lu_solve``)."""
    lu, piv = lu_and_piv
    perm = lu_permutation(piv)
    if trans in (0, "N"):                                 # a[perm] = L U
        y = solve_triangular(lu, getitem(b, perm), lower=True, unit_diagonal=True)
        return solve_triangular(lu, y, lower=False)
    if trans not in (1, 2, "T", "C"):
        raise ValueError(f"invalid trans {trans!r}; use 0, 1, 2, 'N', 'T' or 'C'")
    y = solve_triangular(lu, b, trans=trans, lower=False)     # U^T L^T (x[perm]) = b
    z = solve_triangular(lu, y, trans=trans, lower=True, unit_diagonal=True)
    return getitem(z, np.argsort(perm))


def solve_banded(l_and_u, ab, b, overwrite_ab=False, overwrite_b=False, check_finite=True):
    """Solve ``a x = b`` for a banded ``a`` given in diagonal ordered form ``ab``
    (``scipy.linalg.solve_banded``): ``a[i, j] == ab[u + i - j, j]``.

    Parameters
    ----------
    l_and_u : (int, int)
        The numbers ``(l, u)`` of nonzero lower and upper diagonals.
    ab : (..., l + u + 1, n) Tensor or array_like
        The band, real or complex; the corners no diagonal reaches are never read.
    b : (n,) or (..., n, k) Tensor or array_like
        Batched as in :func:`solve_triangular` (and scipy).
    overwrite_ab, overwrite_b : bool
        Accepted and ignored (nothing is overwritten).
    check_finite : bool
        Raise ``ValueError`` on an infinity or NaN in ``ab`` or ``b``, as scipy does.

    Returns
    -------
    Tensor or ndarray
        ``x``, shaped as scipy's. Differentiable in ``ab`` and ``b`` to any order, in band
        storage throughout: the value, the tangents and the gradients take O(n (l + u + 1))
        memory per right-hand side, never an n-by-n matrix.
    """
    nlower, nupper = (int(v) for v in l_and_u)
    shape = np.shape(ab)
    if len(shape) < 2 or shape[-2] != nlower + nupper + 1:
        raise ValueError(f"invalid values for the number of lower and upper diagonals: "
                         f"l+u+1 ({nlower + nupper + 1}) does not equal ab.shape[-2] "
                         f"({shape[-2] if len(shape) >= 2 else None})")
    return solve_banded_(ab, b, nlower=nlower, nupper=nupper, check_finite=bool(check_finite))


def eigh(a, b=None, *, lower=True, eigvals_only=False, overwrite_a=False, overwrite_b=False,
         type=1, check_finite=True, subset_by_index=None, subset_by_value=None, driver=None):
    """Eigenvalues (ascending) and eigenvectors of a symmetric matrix, or of the generalized
    problem ``a v = w b v`` with ``b`` positive definite (``scipy.linalg.eigh``).

    The input is treated as symmetric (``lower`` is accepted: a symmetric matrix reads the same
    from either triangle). With ``b``, eigenvectors are ``b``-orthonormal, as scipy's:
    ``v = L^-T u`` for ``b = L L^T`` and ``u`` the eigenvectors of ``L^-1 a L^-T``. Only
    ``type=1`` and no subsets.
    """
    if type != 1 or subset_by_index is not None or subset_by_value is not None:
        raise ValueError("eigh: only type=1 without subsets is differentiable here")
    if b is None:
        return eigvalsh(a) if eigvals_only else _np_eigh(a)
    low = _np_cholesky(b)
    x = solve_triangular(low, a, lower=True)                       # L^-1 a
    c = _T(solve_triangular(low, _T(x), lower=True))               # L^-1 a L^-T
    if eigvals_only:
        return eigvalsh(c)
    w, u = _np_eigh(c)
    return w, solve_triangular(low, u, trans=1, lower=True)


# == What jax.scipy.linalg differentiates beyond autograd: composites of the primitives ========
__all__ += ["block_diag", "circulant", "eig", "eigvals", "hankel", "lstsq", "norm", "pinv",
            "polar", "qr", "svd", "toeplitz"]


def block_diag(*arrs):
    """The block-diagonal matrix of the given arrays (``scipy.linalg.block_diag``); 0-d and 1-d
    arrays count as 2-d (one row), as scipy; every block is differentiable."""
    blocks = [_np_atleast_2d(a) for a in arrs]
    if not blocks:
        return np.empty((1, 0))
    if any(len(np.shape(_plain(b))) > 2 for b in blocks):
        raise ValueError("arguments in the following positions have dimension greater than 2")
    rows = sum(np.shape(_plain(b))[0] for b in blocks)
    cols = sum(np.shape(_plain(b))[1] for b in blocks)
    dtype = np.result_type(*[_plain(b).dtype for b in blocks])
    out, r, c = np.zeros((rows, cols), dtype), 0, 0
    for b in blocks:
        h, w = np.shape(_plain(b))
        out = _index_update(out, (slice(r, r + h), slice(c, c + w)), b)
        r, c = r + h, c + w
    return out


def toeplitz(c, r=None):
    """The Toeplitz matrix with first column ``c`` and first row ``r`` (``scipy.linalg.
    toeplitz``; ``r`` defaults to ``conj(c)``, and ``r[0]`` is ignored); differentiable in
    both."""
    c = _np_ravel(c)
    r = _np_conj(c) if r is None else _np_ravel(r)
    m, n = np.shape(_plain(c))[0], np.shape(_plain(r))[0]
    vals = _np_concatenate(_np_flip(getitem(r, slice(1, None))), c) if n > 1 else c
    # entry (i, j) is c[i - j] for i >= j, r[j - i] otherwise: vals[n - 1 + i - j]
    idx = (n - 1) + np.arange(m)[:, None] - np.arange(n)[None, :]
    return getitem(vals, idx)


def hankel(c, r=None):
    """The Hankel matrix with first column ``c`` and last row ``r`` (``scipy.linalg.hankel``;
    ``r`` defaults to zeros, and ``r[0]`` is ignored)."""
    c = _np_ravel(c)
    m = np.shape(_plain(c))[0]
    if r is None:
        r = np.zeros_like(_plain(c))
    r = _np_ravel(r)
    n = np.shape(_plain(r))[0]
    vals = _np_concatenate(c, getitem(r, slice(1, None))) if n > 1 else c
    idx = np.arange(m)[:, None] + np.arange(n)[None, :]
    return getitem(vals, idx)


def circulant(c):
    """The circulant matrix whose first column is ``c`` (``scipy.linalg.circulant``)."""
    c = _np_ravel(c)
    n = np.shape(_plain(c))[0]
    return getitem(c, (np.arange(n)[:, None] - np.arange(n)[None, :]) % n)


def qr(a, overwrite_a=False, lwork=None, mode="full", pivoting=False, check_finite=True):
    """QR decomposition (``scipy.linalg.qr``): ``mode`` ``"full"`` (scipy's default; for a
    tall matrix only its reduced part is differentiable, so it is refused there),
    ``"economic"`` or ``"r"``. No pivoting."""
    if pivoting:
        raise TypeError("qr: pivoting=True is not differentiable (the permutation is piecewise "
                        "constant); use pivoting=False")
    shape = np.shape(_plain(a))
    if mode == "full" and shape[-2] > shape[-1]:
        raise ValueError("qr: mode='full' of a tall matrix adds columns of Q with no derivative; "
                         "use mode='economic'")
    if mode in ("full", "economic"):
        return tuple(_np_qr(a, "reduced"))
    if mode == "r":                   # scipy's R is m x n: zero rows under a tall one's
        r = _np_qr(a, "r")
        if shape[-2] > shape[-1]:
            zeros = np.zeros(shape[:-2] + (shape[-2] - shape[-1], shape[-1]),
                             _plain(r).dtype)
            r = _np_concatenate(r, zeros, axis=-2)
        return (r,)
    raise ValueError(f"qr: mode={mode!r} is not supported on tensors; use 'full', 'economic' "
                     f"or 'r'")


def svd(a, full_matrices=True, compute_uv=True, overwrite_a=False, check_finite=True,
        lapack_driver="gesdd"):
    """Singular value decomposition (``scipy.linalg.svd``); as ``numpy.linalg.svd``:
    ``full_matrices`` only for square input (the extra vectors have no derivative)."""
    shape = np.shape(_plain(a))
    if full_matrices and compute_uv and shape[-1] != shape[-2]:
        raise ValueError("svd: full_matrices=True of a non-square matrix adds singular vectors "
                         "with no derivative; use full_matrices=False")
    return _np_svd(a, full_matrices=False, compute_uv=compute_uv)


def pinv(a, *, atol=None, rtol=None, return_rank=False, check_finite=True):
    """Moore-Penrose pseudo-inverse (``scipy.linalg.pinv``)."""
    if return_rank or atol is not None:
        raise TypeError("pinv: return_rank and atol are not supported on tensors")
    return _np_pinv(a) if rtol is None else _np_pinv(a, rcond=rtol)


def norm(a, ord=None, axis=None, keepdims=False, check_finite=True):
    """Matrix or vector norm (``scipy.linalg.norm``, ``numpy.linalg.norm``'s values)."""
    return _np_norm(a, ord=ord, axis=axis, keepdims=keepdims)


def lstsq(a, b, cond=None, overwrite_a=False, overwrite_b=False, check_finite=True,
          lapack_driver=None):
    """Least-squares solution of ``a x = b`` (``scipy.linalg.lstsq``): ``(x, residues, rank,
    singular values)``, as scipy; ``x`` and the residues are differentiable."""
    x, residues, rank, s = _np_lstsq(a, b, rcond=cond)
    return x, residues, rank, s


def eigvals(a, b=None, overwrite_a=False, check_finite=True, homogeneous_eigvals=False):
    """Eigenvalues of a general square matrix (``scipy.linalg.eigvals``; no ``b``)."""
    if b is not None or homogeneous_eigvals:
        raise TypeError("eigvals: the generalized problem (b=) is not supported on tensors")
    return _np_eigvals(a)


def eig(a, b=None, left=False, right=True, overwrite_a=False, overwrite_b=False,
        check_finite=True, homogeneous_eigvals=False):
    """Eigenvalues and right eigenvectors of a general square matrix (``scipy.linalg.eig``;
    no ``b``, no left vectors)."""
    if b is not None or left or homogeneous_eigvals:
        raise TypeError("eig: b=, left=True and homogeneous_eigvals are not supported on "
                        "tensors")
    w, v = _np_eig(a)
    return (w, v) if right else w


def polar(a, side="right"):
    """Polar decomposition ``a = u p`` (``side="right"``) or ``a = p u`` (``"left"``) of a
    square or tall matrix (``scipy.linalg.polar``), through the SVD."""
    if side not in ("right", "left"):
        raise ValueError("`side` must be either 'right' or 'left'")
    u, s, vh = _np_svd(a, full_matrices=False)
    unitary = _np_matmul(u, vh)
    if side == "right":
        p = _np_matmul(_np_conj(_T(vh)) * s, vh)
    else:
        p = _np_matmul(u * s, _np_conj(_T(u)))
    return unitary, p
