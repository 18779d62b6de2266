"""The Moore-Penrose pseudo-inverse and least squares: pinv, lstsq.

Golub and Pereyra's derivative of the pseudo-inverse ``P = A+`` (valid where the rank does not
change, e.g. full rank):

    dP = -P dA P + P P^H dA^H (I - A P) + (I - P A) dA^H P^H P.

Its VJP is the transpose under the pairing ``Re(sum(a * b))`` (JAX's convention); on real input
every ``^H`` is a plain transpose.
"""
import numpy as np

from ..core import Tensor, primitive
from ._util import dtype_of, shape_of
from .complex_parts import conj, real
from .decompositions import svdvals
from .linalg import matmul
from .reductions import sum_
from .shape import expand_dims, getitem, swapaxes

__all__ = ["pinv", "lstsq"]


def _T(x):
    return swapaxes(x, -1, -2)


def _is_complex(x) -> bool:
    return np.dtype(dtype_of(x)).kind == "c"


def _c(x, like):
    """conj(x) when ``like`` is complex; real values need none."""
    return conj(x) if _is_complex(like) else x


def _eye_minus(p, q):
    """I - p q for the square product p q."""
    n = shape_of(p)[-2]
    return np.eye(n) - matmul(p, q)


def _pinv_impl(a, **kw):
    return np.linalg.pinv(a, **kw)


pinv = primitive(_pinv_impl, name="pinv", grad_fn_name="LinalgPinvBackward0")


@pinv.defjvp
def _pinv_jvp(tangents, ans, a, **kw):
    p, da = ans, tangents[0]
    dah = _c(_T(da), a)
    ph = _c(_T(p), a)
    return (-matmul(p, matmul(da, p))
            + matmul(matmul(p, ph), matmul(dah, _eye_minus(a, p)))
            + matmul(_eye_minus(p, a), matmul(dah, matmul(ph, p))))


@pinv.defvjp
def _pinv_vjp(g, ans, a, **kw):
    p = ans
    ph = _c(_T(p), a)
    gt = _T(g)
    # dA -> -P dA P: transpose -P^T G P^T. dA -> M dA^H Q: transpose conj(Q G^T M), likewise
    # for dA -> R dA^H N with R = I - P A, N = P^H P.
    first = -matmul(_T(p), matmul(g, _T(p)))
    second = matmul(_eye_minus(a, p), matmul(gt, matmul(p, ph)))
    third = matmul(matmul(ph, p), matmul(gt, _eye_minus(p, a)))
    return (first + _c(second + third, a),)


pinv.__doc__ = """Moore-Penrose pseudo-inverse (``numpy.linalg.pinv``), differentiable where the
rank does not change (Golub and Pereyra), e.g. at full rank."""


def lstsq(a, b, rcond=None):
    """Least-squares solution of ``a @ x = b`` (``numpy.linalg.lstsq``).

    Returns
    -------
    (x, residuals, rank, s)
        ``x = pinv(a) @ b``, differentiable in ``a`` and ``b`` at full rank; ``residuals`` (the
        squared residual norm of each column, empty unless ``a`` has full column rank and more
        rows than columns) and the singular values ``s`` are differentiable too; ``rank`` is an
        integer.
    """
    values = a._data if isinstance(a, Tensor) else np.asarray(a)
    m, n = shape_of(a)[-2:]
    kw = {} if rcond is None else {"rcond": rcond}
    rank = np.linalg.matrix_rank(values, tol=None if rcond is None else
                                 rcond * np.linalg.svd(values, compute_uv=False).max())
    vector = len(shape_of(b)) == 1
    rhs = expand_dims(b, -1) if vector else b
    x = matmul(pinv(a, **kw), rhs)
    if rank == n and m > n:
        r = matmul(a, x) - rhs
        residuals = sum_(r * _c(r, r), axis=-2)
        if _is_complex(residuals):
            residuals = real(residuals)
    else:
        real_dtype = np.empty((), np.result_type(dtype_of(a), dtype_of(b))).real.dtype
        residuals = np.zeros((0,), dtype=real_dtype)
    if vector:
        x = getitem(x, (Ellipsis, 0))
    return x, residuals, int(rank), svdvals(a)
