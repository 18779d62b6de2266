"""Linear algebra on (batches of) matrices: inv, solve, det, slogdet, cholesky, eigh, svd, qr,
and matrix norms.

All operate on the last two axes, leading axes are a batch. Functions with several outputs
(eigh, svd, qr, slogdet) are several single-output primitives, one per differentiable output,
each with its own rules; by linearity the engines add their contributions. The rules use the
primitives themselves (inv, matmul, the decompositions), so they differentiate again.

Symmetric inputs (cholesky, eigh): numpy reads only the lower triangle, but a symmetric matrix is
what the caller means, so the rules treat the input as symmetric: the JVP uses the symmetric part
of the tangent and the VJP returns a symmetric cotangent (PyTorch does the same). A complex input
is Hermitian to numpy: the lower triangle mirrored with conjugates, and the real part of the
diagonal (LAPACK never reads the imaginary one); the rules differentiate exactly that function.

Complex inputs follow the transforms' convention (API.md section 3): a VJP is the transpose of the
JVP under the pairing ``Re(sum(a * b))``, so conjugates appear where the JVP has ``A^H`` or
``conj``. Each rule branches on ``is_complex`` so real inputs run the real formulas unchanged.
"""
import numpy as np

from ..core import Tensor, is_recorded, primitive
from ._util import dtype_of, shape_of
from .comparison import where
from .complex_parts import conj, imag, is_complex, real
from .contractions import moveaxis
from .linalg import matmul
from .products import cumprod
from .rearrange import flip
from .reductions import _amax, _amin, norm2, sum_
from .shape import concatenate, expand_dims, getitem, reshape, swapaxes
from .unary import abs as _abs, log

__all__ = ["inv", "solve", "det", "slogdet", "logdet", "cholesky", "eigh", "eigvalsh", "svd",
           "svdvals", "qr", "matrix_norm"]


def _T(x):
    return swapaxes(x, -1, -2)


def _H(x):
    """The conjugate transpose (the transpose of a real matrix)."""
    return conj(_T(x)) if is_complex(x) else _T(x)


def _cj(x):
    return conj(x) if is_complex(x) else x


def _sym(x):
    return (x + _T(x)) * 0.5


def _hermitian_lower(x):
    """The Hermitian matrix LAPACK sees in a complex ``x`` (``UPLO='L'``): the strict lower
    triangle mirrored with conjugates, and the real part of the diagonal. Real-linear."""
    n = shape_of(x)[-1]
    low = x * np.tri(n, k=-1)
    return low + conj(_T(low)) + _diag_embed(real(_diag_part(x)))


def _hermitian_lower_T(g):
    """The transpose of :func:`_hermitian_lower` under ``Re(sum(a * b))``: what a cotangent of the
    Hermitian matrix gives the input (the lower triangle only, as numpy reads only that)."""
    n = shape_of(g)[-1]
    return (g + conj(_T(g))) * np.tri(n, k=-1) + _diag_embed(real(_diag_part(g)))


def _eye(n):
    return np.eye(n, dtype=bool)


def _diag_embed(v):
    """(..., n) -> (..., n, n) with ``v`` on the diagonal."""
    n = shape_of(v)[-1]
    return where(_eye(n), expand_dims(v, -1), 0)


def _diag_part(m):
    """(..., n, n) -> (..., n): the diagonal."""
    n = shape_of(m)[-1]
    return sum_(where(_eye(n), m, 0), axis=-1)


def _mtrace(m):
    return sum_(_diag_part(m), axis=-1)


# -- inverse and solve ---------------------------------------------------------------------------
inv = primitive(np.linalg.inv, name="inv", grad_fn_name="LinalgInvExBackward0")
# d(A^-1) = -A^-1 dA A^-1
inv.defjvp(lambda tangents, ans, a: -matmul(ans, matmul(tangents[0], ans)))
inv.defvjp(lambda g, ans, a: (-matmul(_T(ans), matmul(g, _T(ans))),))
inv.__doc__ = """Inverse of a (batch of) square matrix: ``numpy.linalg.inv``, differentiable."""


def _col(x, b):
    """numpy's solve treats a 1-D ``b`` as a vector: give ``x`` (shaped like b or the solution) a
    trailing column axis then, so every rule works with matrices."""
    return expand_dims(x, -1) if len(shape_of(b)) == 1 else x


def _uncol(x, b):
    return getitem(x, (Ellipsis, 0)) if len(shape_of(b)) == 1 else x


solve = primitive(np.linalg.solve, name="solve", grad_fn_name="LinalgSolveExBackward0")
# x = A^-1 b: dx = A^-1 (db - dA x); b_bar = A^-T g, A_bar = -b_bar x^T.
solve.defjvp_per_arg(
    lambda t, ans, a, b: _uncol(solve(a, -matmul(t, _col(ans, b))), b),
    lambda t, ans, a, b: solve(a, t))
solve.defvjp_per_arg(
    lambda g, ans, a, b: -matmul(solve(_T(a), _col(g, b)), _T(_col(ans, b))),
    lambda g, ans, a, b: _uncol(solve(_T(a), _col(g, b)), b))
solve.__doc__ = """Solve ``a @ x = b`` for ``x`` (``numpy.linalg.solve``), differentiable in both.

A 1-D ``b`` is a vector, otherwise a (batch of) matrix, as in numpy 2."""


# -- determinants ------------------------------------------------------------------------------
det = primitive(np.linalg.det, name="det", grad_fn_name="LinalgDetBackward0")


def _nearly_singular(a) -> bool:
    """Whether any matrix of ``a`` is too close to singular for ``det * A^-1`` to be accurate
    (the decision reads the values only; both branches give the same derivative). Inside
    ``ad.jit``, which replays on other values, the recorded rule is always ``det * A^-1``."""
    if is_recorded(a):
        return False
    raw = a._data if isinstance(a, Tensor) else np.asarray(a)
    if raw.shape[-1] == 0:
        return False
    s = np.linalg.svd(raw, compute_uv=False)
    return bool(np.any(s[..., -1] <= 1e-8 * s[..., 0]))


def _others_product(s):
    """``p_i = prod_{j != i} s_j`` along the last axis, without dividing (zeros allowed)."""
    ones = np.ones(shape_of(s)[:-1] + (1,), dtype_of(s))
    before = concatenate(ones, cumprod(getitem(s, (Ellipsis, slice(None, -1))), axis=-1),
                         axis=-1)
    flipped = flip(s, axis=-1)
    after = flip(concatenate(ones, cumprod(getitem(flipped, (Ellipsis, slice(None, -1))),
                                           axis=-1), axis=-1), axis=-1)
    return before * after


_MINORS_UP_TO = 32   # beyond, the n^2 minors (n^4 numbers) cost more than an SVD


def _cofactors(a):
    """The cofactor matrix ``adj(A)^T``, the derivative of ``det`` (``det(A) A^-T`` where ``A``
    is invertible), also at singular ``A``.

    Up to 32 x 32 it is ``(-1)^(i+j) det(minor_ij)``, a polynomial made of ``det`` one size
    down, so it differentiates again exactly (det's Hessian at a singular matrix). Beyond, the
    SVD ``A = U S V^H`` gives it as ``det(U) det(V^H) conj(U) diag(p) conj(V^H)`` with ``p_i``
    the product of the other singular values (exact to first order).
    """
    n = shape_of(a)[-1]
    if n == 1:
        return np.ones(shape_of(a), dtype_of(a))
    if n <= _MINORS_UP_TO:
        keep = np.array([[k for k in range(n) if k != i] for i in range(n)])   # (n, n - 1)
        rows = keep[:, None, :, None]
        cols = keep[None, :, None, :]
        minors = getitem(a, (Ellipsis, rows, cols))                  # (..., n, n, n-1, n-1)
        signs = (-1.0) ** np.add.outer(np.arange(n), np.arange(n))
        return det(minors) * signs
    u, s, vh = svd_u(a), svdvals(a), svd_vh(a)
    if is_complex(a):
        u, vh = conj(u), conj(vh)
        phase = conj(det(u)) * conj(det(vh))
    else:
        phase = det(u) * det(vh)
    weighted = u * expand_dims(_others_product(s), -2)
    return expand_dims(expand_dims(phase, -1), -1) * matmul(weighted, vh)


# d det = tr(adj(A) dA) = det * tr(A^-1 dA); A_bar = g adj(A)^T. The cofactors come from the
# SVD where A is (nearly) singular: det is a polynomial, its derivative exists everywhere.
det.defjvp(lambda tangents, ans, a: sum_(_cofactors(a) * tangents[0], axis=(-2, -1))
           if _nearly_singular(a) else ans * _mtrace(solve(a, tangents[0])))
det.defvjp(lambda g, ans, a: (expand_dims(expand_dims(g, -1), -1) * _cofactors(a)
                              if _nearly_singular(a) else
                              expand_dims(expand_dims(g * ans, -1), -1) * _T(inv(a)),))
det.__doc__ = """Determinant of a (batch of) square matrix (``numpy.linalg.det``)."""

logabsdet = primitive(lambda a: np.linalg.slogdet(a)[1], name="logabsdet",
                      grad_fn_name="LinalgSlogdetBackward0")
# d log|det A| = tr(A^-1 dA); A_bar = g * A^-T.
logabsdet.defjvp(lambda tangents, ans, a: _mtrace(solve(a, tangents[0])))
logabsdet.defvjp(lambda g, ans, a: (expand_dims(expand_dims(g, -1), -1) * _T(inv(a)),))
logabsdet.__doc__ = """``log|det a|``, the differentiable half of :func:`slogdet`."""


slogdet_sign = primitive(lambda a: np.linalg.slogdet(a)[0], name="slogdet_sign",
                         differentiable="complex")
# Real: +-1, piecewise constant. Complex: the phase det/|det|, which moves with a:
# d sign = i sign Im(tr(A^-1 dA)); the VJP is its transpose, i Im(g sign) A^-T.
slogdet_sign.defjvp(lambda tangents, ans, a: ans * imag(_mtrace(solve(a, tangents[0]))) * 1j)
slogdet_sign.defvjp(lambda g, ans, a: (
    expand_dims(expand_dims(imag(g * ans) * 1j, -1), -1) * _T(inv(a)),))
slogdet_sign.__doc__ = """The sign of the determinant: piecewise constant (no derivative) for
real input; for complex input the phase ``det / |det|``, differentiable."""


def slogdet(a):
    """Sign and log of the absolute value of the determinant (``numpy.linalg.slogdet``).

    Returns
    -------
    (sign, logabsdet)
        ``sign`` is piecewise constant (no gradient) for real input, the differentiable phase
        ``det / |det|`` for complex input; ``logabsdet``'s gradient is ``inv(a).T``.
    """
    return slogdet_sign(a), logabsdet(a)


def logdet(a):
    """``log(det(a))``: nan where the determinant is negative, as in PyTorch."""
    return log(det(a))


# -- cholesky -------------------------------------------------------------------------------------
def _phi(x):
    """Lower triangle with the diagonal halved: the 'half' of a symmetric matrix."""
    n = shape_of(x)[-1]
    return x * (np.tril(np.ones((n, n)), -1) + 0.5 * np.eye(n))


def _phi_c(x):
    """:func:`_phi` of a Hermitian matrix, whose diagonal is real (exactly, not to rounding)."""
    n = shape_of(x)[-1]
    return x * np.tri(n, k=-1) + _diag_embed(real(_diag_part(x)) * 0.5)


cholesky = primitive(np.linalg.cholesky, name="cholesky", grad_fn_name="LinalgCholeskyExBackward0")
cholesky.defstructure("positive-definite")


@cholesky.defjvp
def _cholesky_jvp(tangents, ans, a):
    # A = L L^T  =>  L^-1 dA L^-T = X + X^T with X = L^-1 dL lower triangular: dL = L phi(...)
    linv = inv(ans)
    if is_complex(a):
        # A = L L^H with a real diagonal in L: X + X^H, and X's diagonal is real.
        m = matmul(linv, matmul(_hermitian_lower(tangents[0]), _H(linv)))
        return matmul(ans, _phi_c(m))
    return matmul(ans, _phi(matmul(linv, matmul(_sym(tangents[0]), _T(linv)))))


@cholesky.defvjp
def _cholesky_vjp(g, ans, a):
    # The transpose of the JVP: A_bar = sym(L^-T phi(L^T L_bar) L^-1).
    linv = inv(ans)
    if is_complex(a):
        core = _phi_c(matmul(_T(ans), g))
        return (_hermitian_lower_T(matmul(_T(linv), matmul(core, conj(linv)))),)
    return (_sym(matmul(_T(linv), matmul(_phi(matmul(_T(ans), g)), linv))),)


cholesky.__doc__ = """Lower Cholesky factor ``L`` of a symmetric positive-definite matrix,
``a = L @ L.T`` (``numpy.linalg.cholesky``). The input is treated as symmetric (see the module
notes), so the gradient is symmetric."""


# -- eigh -----------------------------------------------------------------------------------------
def _gaps_inv(w):
    """F[i, j] = 1 / (w_j - w_i) off the diagonal, 0 on it (inf at repeated eigenvalues, whose
    eigenvectors are not differentiable)."""
    diff = expand_dims(w, -2) - expand_dims(w, -1)
    n = shape_of(w)[-1]
    return where(_eye(n), 0, 1 / where(_eye(n), 1, diff))


eigvalsh_ = primitive(lambda a: np.linalg.eigvalsh(a), name="eigvalsh",
                     grad_fn_name="LinalgEighBackward0")
eigh_vectors = primitive(lambda a: np.linalg.eigh(a)[1], name="eigh_vectors",
                         grad_fn_name="LinalgEighBackward0")
eigvalsh_.defstructure("symmetric")
eigh_vectors.defstructure("symmetric")


eigvalsh_.__doc__ = """The eigenvalue primitive: its input is symmetric (see :func:`eigvalsh`), so
the gradient ``V diag(g) V^T`` is symmetric."""


@eigvalsh_.defjvp
def _eigvalsh_jvp(tangents, ans, a):
    v = eigh_vectors(a)
    if is_complex(a):   # dw_i = Re(v_i^H dH v_i), dH the Hermitian matrix numpy reads
        return real(_diag_part(matmul(_H(v), matmul(_hermitian_lower(tangents[0]), v))))
    return _diag_part(matmul(_T(v), matmul(tangents[0], v)))   # dw_i = v_i^T dA v_i


@eigvalsh_.defvjp
def _eigvalsh_vjp(g, ans, a):
    v = eigh_vectors(a)
    if is_complex(a):   # the transpose of dH -> V^H dH V is conj(V) . V^T
        return (_hermitian_lower_T(matmul(conj(v), expand_dims(g, -1) * _T(v))),)
    return (matmul(v, expand_dims(g, -1) * _T(v)),)             # V diag(g) V^T, symmetric


# Complex (JAX's eigh JVP): dV = V (F o (V^H dH V)), whose diagonal V^H dV is zero: the phase of
# each eigenvector is a free choice (numpy's is LAPACK's), so only phase-independent functions of
# the eigenvectors have a derivative that finite differences of numpy can confirm.
@eigh_vectors.defjvp
def _eigh_vectors_jvp(tangents, ans, a):
    f = _gaps_inv(eigvalsh_(a))
    if is_complex(a):
        return matmul(ans, f * matmul(_H(ans), matmul(_hermitian_lower(tangents[0]), ans)))
    return matmul(ans, f * matmul(_T(ans), matmul(_sym(tangents[0]), ans)))


@eigh_vectors.defvjp
def _eigh_vectors_vjp(g, ans, a):
    f = _gaps_inv(eigvalsh_(a))
    if is_complex(a):
        core = matmul(conj(ans), matmul(f * matmul(_T(ans), g), _T(ans)))
        return (_hermitian_lower_T(core),)
    return (_sym(matmul(ans, matmul(f * matmul(_T(ans), g), _T(ans)))),)


def _from_triangle(a, UPLO):
    """The symmetric (Hermitian) matrix numpy's ``eigh`` sees: the ``UPLO`` triangle of ``a``
    mirrored, conjugated on complex input (the other triangle is never read, so it gets no
    gradient)."""
    if UPLO not in ("L", "U"):
        raise ValueError(f"UPLO argument must be 'L' or 'U', got {UPLO!r}")
    n = shape_of(a)[-1]
    keep = np.tri(n, dtype=bool)
    t = where(keep if UPLO == "L" else keep.T, a, 0)
    mirrored = _T(where(_eye(n), 0, t))
    return t + (conj(mirrored) if is_complex(a) else mirrored)     # Hermitian on complex input


def eigvalsh(a, UPLO="L"):
    """Eigenvalues (ascending) of a symmetric matrix (``numpy.linalg.eigvalsh``).

    As numpy, only the ``UPLO`` triangle (``"L"``, the lower, by default) is read.
    """
    return eigvalsh_(_from_triangle(a, UPLO))


def eigh(a, UPLO="L"):
    """Eigenvalues (ascending) and eigenvectors of a symmetric matrix (``numpy.linalg.eigh``).

    As numpy, only the ``UPLO`` triangle (``"L"``, the lower, by default) is read; the other
    triangle gets no gradient.

    Returns
    -------
    (eigenvalues, eigenvectors)
        Both differentiable. Eigenvectors are defined up to sign, and their derivative is
        infinite at repeated eigenvalues, as in PyTorch.
    """
    s = _from_triangle(a, UPLO)
    return eigvalsh_(s), eigh_vectors(s)


# -- svd ------------------------------------------------------------------------------------------
svdvals = primitive(lambda a: np.linalg.svd(a, compute_uv=False), name="svdvals",
                    grad_fn_name="LinalgSvdBackward0")
svd_u = primitive(lambda a: np.linalg.svd(a, full_matrices=False)[0], name="svd_u",
                  grad_fn_name="LinalgSvdBackward0")
svd_vh = primitive(lambda a: np.linalg.svd(a, full_matrices=False)[2], name="svd_vh",
                   grad_fn_name="LinalgSvdBackward0")


def _svd_parts(a):
    """U, s, V (not Vh), and F[i, j] = 1 / (s_j^2 - s_i^2) off the diagonal."""
    u, s, v = svd_u(a), svdvals(a), _H(svd_vh(a))
    s2 = s * s
    return u, s, v, _gaps_inv(s2)


def _eye_minus(p):
    """I - P P^H for an orthonormal-column P: the projector onto P's orthogonal complement."""
    m = shape_of(p)[-2]
    return np.eye(m) - matmul(p, _H(p))


svdvals.__doc__ = """Singular values, descending (``numpy.linalg.svd(a, compute_uv=False)``).

Differentiable wherever they are distinct from zero: the gradient is ``U diag(g) Vh``."""


@svdvals.defjvp
def _svdvals_jvp(tangents, ans, a):
    u, v = svd_u(a), _H(svd_vh(a))
    if is_complex(a):   # ds_i = Re(u_i^H dA v_i)
        return real(_diag_part(matmul(_H(u), matmul(tangents[0], v))))
    return _diag_part(matmul(_T(u), matmul(tangents[0], v)))   # ds_i = u_i^T dA v_i


@svdvals.defvjp
def _svdvals_vjp(g, ans, a):
    u, vh = svd_u(a), svd_vh(a)
    if is_complex(a):   # the transpose of dA -> U^H dA V: conj(U) diag(g) V^T
        return (matmul(conj(u), expand_dims(g, -1) * conj(vh)),)
    return (matmul(u, expand_dims(g, -1) * vh),)              # U diag(g) V^T


# JAX's svd JVP (real case), with dP = U^T dA V and S = diag(s):
#   dU = U (F o (dP S + S dP^T)) + (I - U U^T) dA V S^-1
#   dV = V (F o (S dP + dP^T S)) + (I - V V^T) dA^T U S^-1
# and the VJPs are their transposes (Townsend, "Differentiating the SVD", 2016).
# Complex: ^T becomes ^H in the JVPs (dP = U^H dA V), and each pair (u_i, v_i) has a free common
# phase; JAX's choice, followed here, puts i Im(dP_ii) / s_i on U's diagonal (U^H dU) and none on
# V's. The VJPs are the transposes under Re(sum(a * b)).
def _imag_diag(x, s):
    """diag(i Im(x_ii) / s_i): the phase term of a complex svd."""
    return _diag_embed(imag(_diag_part(x)) * 1j / s)


@svd_u.defjvp
def _svd_u_jvp(tangents, ans, a):
    u, s, v, f = _svd_parts(a)
    da = tangents[0]
    if is_complex(a):
        dp = matmul(_H(u), matmul(da, v))
        dps = dp * expand_dims(s, -2)
        core = f * (dps + _H(dps)) + _imag_diag(dp, s)
        return matmul(u, core) + matmul(_eye_minus(u), matmul(da, v)) / expand_dims(s, -2)
    dp = matmul(_T(u), matmul(da, v))
    dps = dp * expand_dims(s, -2)
    return matmul(u, f * (dps + _T(dps))) + matmul(_eye_minus(u), matmul(da, v)) / expand_dims(
        s, -2)


@svd_u.defvjp
def _svd_u_vjp(g, ans, a):
    u, s, v, f = _svd_parts(a)
    if is_complex(a):
        x = matmul(_T(u), g)
        fx = f * x
        core = (fx + _H(fx)) * expand_dims(s, -2) + _imag_diag(x, s)
        return (matmul(conj(u), matmul(core, _T(v)))
                + matmul(conj(_eye_minus(u)), matmul(g / expand_dims(s, -2), _T(v))),)
    x = matmul(_T(u), g)
    core = (f * (x - _T(x))) * expand_dims(s, -2)
    return (matmul(u, matmul(core, _T(v)))
            + matmul(_eye_minus(u), matmul(g / expand_dims(s, -2), _T(v))),)


@svd_vh.defjvp
def _svd_vh_jvp(tangents, ans, a):
    u, s, v, f = _svd_parts(a)
    da = tangents[0]
    if is_complex(a):
        dp = matmul(_H(u), matmul(da, v))
        sdp = expand_dims(s, -1) * dp
        dv = matmul(v, f * (sdp + _H(sdp))) + matmul(
            _eye_minus(v), matmul(_H(da), u)) / expand_dims(s, -2)
        return _H(dv)
    dp = matmul(_T(u), matmul(da, v))
    sdp = expand_dims(s, -1) * dp
    dv = matmul(v, f * (sdp + _T(sdp))) + matmul(_eye_minus(v), matmul(_T(da), u)) / expand_dims(
        s, -2)
    return _T(dv)


@svd_vh.defvjp
def _svd_vh_vjp(g, ans, a):
    u, s, v, f = _svd_parts(a)
    if is_complex(a):
        fy = f * matmul(_T(v), _H(g))
        core = expand_dims(s, -1) * (fy + _H(fy))
        return (matmul(conj(u), matmul(core, _T(v)))
                + matmul(conj(u) / expand_dims(s, -2), matmul(g, conj(_eye_minus(v)))),)
    gv = _T(g)
    y = matmul(_T(v), gv)
    core = expand_dims(s, -1) * (f * (y - _T(y)))
    return (matmul(u, matmul(core, _T(v)))
            + matmul(u / expand_dims(s, -2), matmul(_T(gv), _eye_minus(v))),)


def svd(a, full_matrices=False, compute_uv=True):
    """Reduced singular value decomposition ``a = U @ diag(S) @ Vh`` (``numpy.linalg.svd``).

    Parameters
    ----------
    a : Tensor or array_like
        Shape ``(..., m, n)``.
    full_matrices : bool
        Only ``False`` (the reduced decomposition) is differentiable; the extra columns of the
        full one are not unique.
    compute_uv : bool
        ``False`` returns only the singular values.

    Returns
    -------
    (U, S, Vh), or S
        U and Vh are defined up to the sign of each singular pair; their derivatives are
        infinite at repeated singular values, and involve ``1/S`` (infinite for rank-deficient
        inputs), as in PyTorch.
    """
    if not compute_uv:
        return svdvals(a)
    if full_matrices:
        raise ValueError("svd: only the reduced decomposition (full_matrices=False) is "
                         "differentiable; the extra columns of the full one are not unique")
    return svd_u(a), svdvals(a), svd_vh(a)


# -- qr -------------------------------------------------------------------------------------------
qr_q = primitive(lambda a: np.linalg.qr(a)[0], name="qr_q", grad_fn_name="LinalgQrBackward0")
qr_r = primitive(lambda a: np.linalg.qr(a)[1], name="qr_r", grad_fn_name="LinalgQrBackward0")


def _qr_parts(a):
    shape = shape_of(a)
    if shape[-2] < shape[-1]:
        raise ValueError(f"qr: the derivative is implemented for inputs with at least as many "
                         f"rows as columns (m >= n); got shape {shape}")
    q, r = qr_q(a), qr_r(a)
    return q, r, inv(r)


def _strict_lower(x):
    n = shape_of(x)[-1]
    return x * np.tril(np.ones((n, n)), -1)


# JAX's qr JVP (m >= n): with P = Q^T dA R^-1 and Omega = tril(P, -1) - tril(P, -1)^T,
#   dQ = Q (Omega - P) + dA R^-1,   dR = (P - Omega) R.
# Complex: P = Q^H dA R^-1, Omega = tril(P, -1) - tril(P, -1)^H + i Im(diag(P)), which keeps R's
# diagonal real as LAPACK's is; the VJPs are the transposes under Re(sum(a * b)).
def _qr_tangents(a, da):
    q, r, rinv = _qr_parts(a)
    m_ = matmul(da, rinv)
    p = matmul(_H(q), m_)
    low = _strict_lower(p)
    omega = low - _H(low)
    if is_complex(a):
        omega = omega + _diag_embed(imag(_diag_part(p)) * 1j)
    return q, r, matmul(q, omega - p) + m_, matmul(p - omega, r)


@qr_q.defjvp
def _qr_q_jvp(tangents, ans, a):
    return _qr_tangents(a, tangents[0])[2]


@qr_r.defjvp
def _qr_r_jvp(tangents, ans, a):
    return _qr_tangents(a, tangents[0])[3]


@qr_q.defvjp
def _qr_q_vjp(g, ans, a):
    q, r, rinv = _qr_parts(a)
    b = matmul(_T(q), g)
    if is_complex(a):
        core = _strict_lower(b - _H(b)) - b + _diag_embed(imag(_diag_part(b)) * 1j)
        return (matmul(g + matmul(conj(q), core), _T(rinv)),)
    return (matmul(g + matmul(q, _strict_lower(b - _T(b)) - b), _T(rinv)),)


@qr_r.defvjp
def _qr_r_vjp(g, ans, a):
    q, r, rinv = _qr_parts(a)
    e = matmul(g, _T(r))
    if is_complex(a):
        core = e - _strict_lower(e - _H(e)) - _diag_embed(imag(_diag_part(e)) * 1j)
        return (matmul(conj(q), matmul(core, _T(rinv))),)
    return (matmul(q, matmul(e - _strict_lower(e - _T(e)), _T(rinv))),)


def qr(a, mode="reduced"):
    """Reduced QR decomposition ``a = Q @ R`` (``numpy.linalg.qr``), for ``m >= n``.

    Parameters
    ----------
    a : Tensor or array_like
        Shape ``(..., m, n)`` with ``m >= n`` for the derivative.
    mode : {"reduced", "r"}
        ``"r"`` returns only R.

    Returns
    -------
    (Q, R), or R
    """
    if mode == "r":
        return qr_r(a)
    if mode != "reduced":
        raise ValueError(f"qr: mode {mode!r} is not differentiable; use 'reduced' or 'r'")
    return qr_q(a), qr_r(a)


# -- matrix norms ---------------------------------------------------------------------------------
def matrix_norm(x, ord="fro", dim=(-2, -1), keepdim=False):
    """Matrix norm over the two axes ``dim`` (``numpy.linalg.norm`` with a 2-tuple axis).

    Parameters
    ----------
    x : Tensor or array_like
    ord : {"fro", "nuc", 2, -2, 1, -1, inf, -inf}
        Frobenius, nuclear (sum of singular values), largest/smallest singular value, max/min
        absolute column sum, max/min absolute row sum.
    dim : (int, int)
    keepdim : bool
    """
    ndim = len(shape_of(x))
    r, c = (d % ndim for d in dim)
    if ord in ("fro", None):
        return norm2(x, axis=(r, c), keepdims=keepdim)
    if ord in ("nuc", 2, -2):
        s = svdvals(moveaxis(x, (r, c), (-2, -1)))
        out = sum_(s, axis=-1) if ord == "nuc" else (_amax if ord == 2 else _amin)(s, axis=-1)
    elif ord in (1, -1, np.inf, -np.inf):
        # 1: max over columns of the column sums (sum over rows); inf: the same with rows.
        summed, other = (r, c) if ord in (1, -1) else (c, r)
        sums = sum_(_abs(x), axis=summed, keepdims=True)
        pick = _amax if ord in (1, np.inf) else _amin
        out = pick(sums, axis=(other, summed), keepdims=True)
        return out if keepdim else reshape(out, tuple(
            d for i, d in enumerate(shape_of(x)) if i not in (r, c)))
    else:
        raise ValueError(f"matrix_norm: unsupported ord {ord!r}; use 'fro', 'nuc', 2, -2, 1, -1, "
                         f"inf or -inf")
    if keepdim:
        out = expand_dims(expand_dims(out, min(r, c)), max(r, c))
    return out
