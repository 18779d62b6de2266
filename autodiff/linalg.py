"""``autodiff.linalg``: the linear algebra of ``numpy.linalg`` and ``torch.linalg`` in one place,
plus scipy.linalg's matrix functions and solvers (the same functions as
:mod:`autodiff.scipy.linalg`: one implementation).

``cholesky`` and ``eigh`` keep numpy's and PyTorch's conventions here (lower factor, no ``b``);
``autodiff.scipy.linalg.cholesky``/``eigh`` take scipy's signatures (upper factor by default,
generalized problems).

Every function here is differentiable in both engines; see :mod:`autodiff.ops.decompositions`
and :mod:`autodiff.ops.scipy_linalg` for the rules.
"""
import numpy as _np

from .core.trace import lift as _lift
from .ops import astype as _astype
from .ops import (cholesky, cross, det, eigh, eigvalsh, inv, matmul, matrix_norm, matrix_power,
                  qr, solve, svd, svdvals)
from .ops import conj as _conj, swapaxes as _swapaxes
from .ops import cond as _cond, eig as _eig, eigvals as _eigvals, lstsq as _lstsq
from .ops import pinv as _pinv, tensorinv, tensorsolve
from .ops import vander as _vander
from .ops import diagonal as _np_diagonal, slogdet as _ops_slogdet, tril as _tril, triu as _triu
from .ops import add as _add, getitem as _getitem, sum as _sum, multiply as _multiply
from .ops.norms import linalg_norm as norm
from .ops.norms import norm as vector_norm
from .scipy.linalg import (cho_factor, cho_solve, expm, lu_factor, lu_solve, solve_banded,
                           solve_sylvester, solve_triangular, sqrtm)
from .torch_api import return_types as _rt
from .torch_more import _data
from .torch_more import lu as _torch_lu

matrix_exp = expm     # torch.linalg's name

__all__ = ["cho_factor", "cho_solve", "cholesky", "cross", "det", "eigh", "eigvalsh", "expm",
           "inv", "lu_factor", "lu_solve", "matmul", "matrix_exp", "matrix_norm", "matrix_power",
           "norm", "qr", "slogdet", "solve", "solve_banded", "solve_sylvester",
           "solve_triangular", "sqrtm", "svd", "svdvals", "vector_norm"]


# -- torch.linalg's names beyond numpy's and scipy's -----------------------------------------------



class LinAlgError(RuntimeError):
    """What PyTorch raises for a singular or non positive-definite matrix
    (``torch.linalg.LinAlgError``, a ``RuntimeError``)."""


def _info(a):
    return _lift(_np.zeros(_data(a).shape[:-2], _np.int32))


def _slogdet(A):
    """``(sign, logabsdet)`` of the determinant, a named tuple as ``torch.linalg.slogdet``.

    Returns
    -------
    return_types.linalg_slogdet
    """
    return _rt.linalg_slogdet(*_ops_slogdet(A))


def cholesky_ex(A, *, upper=False, check_errors=False):
    """``(L, info)``: the Cholesky factor (upper with ``upper``) and an int32 ``info`` (0 here;
    a matrix that is not positive-definite raises :class:`LinAlgError`).

    Returns
    -------
    return_types.linalg_cholesky_ex
    """
    try:
        low = cholesky(A)
    except _np.linalg.LinAlgError as exc:
        raise LinAlgError(f"linalg.cholesky: The factorization could not be completed because "
                          f"the input is not positive-definite ({exc}).") from None
    if upper:
        low = _conj(_mT(low))
    return _rt.linalg_cholesky_ex(low, _info(A))


def _mT(x):
    return _swapaxes(x, -1, -2)


def inv_ex(A, *, check_errors=False):
    """``(inverse, info)`` with an int32 ``info`` (0 here; a singular matrix raises).

    Returns
    -------
    return_types.linalg_inv_ex
    """
    return _rt.linalg_inv_ex(inv(A), _info(A))


def solve_ex(A, B, *, left=True, check_errors=False):
    """``(result, info)``: :func:`solve` and an int32 ``info`` (0 here).

    Returns
    -------
    return_types.linalg_solve_ex
    """
    return _rt.linalg_solve_ex(solve(A, B), _info(A))


def lu_factor_ex(A, *, pivot=True, check_errors=False):
    """``(LU, pivots, info)`` as ``torch.linalg.lu_factor_ex``: pivots int32, from 1.

    Returns
    -------
    return_types.linalg_lu_factor_ex
    """
    packed, pivots, info = _torch_lu(A, pivot=pivot, get_infos=True)
    return _rt.linalg_lu_factor_ex(packed, pivots, info)


slogdet = _slogdet
slogdet.__name__ = "slogdet"


def lu(A, *, pivot=True):
    """``(P, L, U)`` with ``A = P @ L @ U`` (``L`` unit lower, ``U`` upper), as
    ``torch.linalg.lu`` and ``scipy.linalg.lu``; ``L`` and ``U`` are differentiable.

    Returns
    -------
    return_types.linalg_lu
    """
    packed, pivots = _torch_lu(A, pivot=pivot)
    raw = _data(A)
    m, n = raw.shape[-2:]
    k = min(m, n)
    piv = _np.asarray(_data(pivots)).reshape(-1, k) - 1
    perms = []
    for row in piv:
        perm = _np.arange(m)
        for i, p in enumerate(row):
            perm[i], perm[p] = perm[p], perm[i]
        perms.append(_np.eye(m, dtype=raw.dtype)[perm].T)
    P = _np.stack(perms).reshape(raw.shape[:-2] + (m, m)) if perms else \
        _np.zeros(raw.shape[:-2] + (m, m), raw.dtype)
    lower = _add(_tril(_getitem(packed, (Ellipsis, slice(None), slice(0, k))), -1),
                 _lift(_np.eye(m, k, dtype=raw.dtype)))
    upper = _triu(_getitem(packed, (Ellipsis, slice(0, k), slice(None))))
    return _rt.linalg_lu(_lift(P), lower, upper)


def eig(A):
    """``(eigenvalues, eigenvectors)`` of a square matrix, always complex, as
    ``torch.linalg.eig``; differentiable.

    Returns
    -------
    return_types.linalg_eig
    """
    w, v = _eig(A)
    dtype = _np.result_type(_data(w).dtype, _np.complex64)
    return _rt.linalg_eig(_astype(w, dtype), _astype(v, dtype))


def eigvals(A):
    """The eigenvalues of a square matrix, always complex, as ``torch.linalg.eigvals``.

    Returns
    -------
    Tensor
    """
    w = _eigvals(A)
    return _astype(w, _np.result_type(_data(w).dtype, _np.complex64))


def cond(A, p=None):
    """The condition number of a matrix in the ``p``-norm (2 by default).

    Returns
    -------
    Tensor
    """
    return _cond(A, p)


def diagonal(A, *, offset=0, dim1=-2, dim2=-1):
    """The ``offset`` diagonal of the matrices in dimensions ``dim1`` and ``dim2``.

    Returns
    -------
    Tensor
    """
    return _np_diagonal(A, offset, dim1, dim2)


def lstsq(A, B, rcond=None, *, driver=None):
    """The least-squares solution of ``A X = B``, as ``torch.linalg.lstsq`` with its CPU
    default driver (``gelsy``): ``(solution, residuals, rank, singular_values)`` with the
    residuals and singular values empty.

    Returns
    -------
    return_types.linalg_lstsq
    """
    solution, _, rank, _ = _lstsq(A, B, rcond)
    dtype = _data(solution).dtype
    return _rt.linalg_lstsq(solution, _lift(_np.zeros(0, dtype)),
                            _lift(_np.asarray(rank, _np.int64)), _lift(_np.zeros(0, dtype)))


def matrix_rank(A, *, atol=None, rtol=None, hermitian=False):
    """The rank of a matrix (of each in a batch): the number of singular values above
    ``max(atol, rtol * largest)``, ``rtol`` defaulting to ``eps * max(m, n)``; int64.

    Returns
    -------
    Tensor
    """
    raw = _np.asarray(_data(A))
    s = _np.linalg.svd(raw, compute_uv=False)
    eps = _np.finfo(raw.dtype if raw.dtype.kind in "fc" else _np.float64).eps
    if rtol is None:
        rtol = 0.0 if atol is not None and atol > 0 else eps * max(raw.shape[-2:])
    top = s.max(-1, initial=0.0)
    tol = _np.maximum(atol or 0.0, rtol * top)
    return _lift(_np.asarray((s > _np.expand_dims(tol, -1)).sum(-1), _np.int64))


def multi_dot(tensors):
    """The product of a chain of matrices (the first may be a row vector, the last a column
    vector, both 1-D).

    Returns
    -------
    Tensor
    """
    tensors = list(tensors)
    if len(tensors) < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {len(tensors)}")
    out = tensors[0]
    for t in tensors[1:]:
        out = matmul(out, t)
    return out


def pinv(A, *, atol=None, rtol=None, hermitian=False):
    """The Moore-Penrose pseudo-inverse; singular values at most ``rtol`` times the largest
    (``eps * max(m, n)`` by default) count as zero; differentiable.

    Returns
    -------
    Tensor
    """
    raw = _data(A)
    if rtol is None:
        rtol = _np.finfo(raw.dtype).eps * max(raw.shape[-2:])
    return _pinv(A, rcond=rtol)


def vander(x, *, N=None):
    """The Vandermonde matrix with increasing powers ``x ** 0, x ** 1, ...`` in its columns,
    as ``torch.linalg.vander``; differentiable.

    Returns
    -------
    Tensor
    """
    return _vander(x, N, True)


def vecdot(x, y, *, dim=-1):
    """``sum(conj(x) * y)`` along ``dim`` (broadcast).

    Returns
    -------
    Tensor
    """
    return _sum(_multiply(_conj(x), y), dim)


__all__ += ["LinAlgError", "cholesky_ex", "cond", "diagonal", "eig", "eigvals", "inv_ex", "lstsq",
            "lu", "lu_factor_ex", "matrix_rank", "multi_dot", "pinv", "solve_ex", "tensorinv",
            "tensorsolve", "vander", "vecdot"]
