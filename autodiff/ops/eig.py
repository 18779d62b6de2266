"""The general (non-symmetric) eigendecomposition ``a = V diag(w) V^-1``: eig and eigvals.

Eigenvalues of a real matrix may be complex (numpy then returns complex arrays), so the rules
work in complex arithmetic and hand a real input the real part of its cotangent. Conventions
follow JAX (``jax.numpy.linalg.eig``): with ``X = V^-1 dA V`` and ``F[i, j] = 1 / (w_j - w_i)``
off the diagonal,

    dw = diag(X),    dV = V (F o X) - V diag(Re(diag(V^H V (F o X)))),

the last term keeping each eigenvector at unit length as numpy does. The phase of a complex
eigenvector is a free choice; numpy's (LAPACK's) makes each vector's largest component real, and
the rules follow it: a complex ``dV`` gets ``-i v_j Im(dv_kj) / v_kj`` on column ``j``, ``k`` the
row of its largest component, so the derivative is that of numpy's own function (JAX and PyTorch
leave the phase undefined). The VJPs are the transposes under the pairing ``Re(sum(a * b))``.
"""
import numpy as np

from ..core import primitive
from ._util import dtype_of, shape_of
from .comparison import eq, where
from .complex_parts import conj, imag, is_complex, real
from .decompositions import inv
from .linalg import matmul
from .reductions import _amax, sum_
from .shape import expand_dims, swapaxes
from .unary import abs as _abs

__all__ = ["eig", "eigvals", "eig_vectors"]


def _T(x):
    return swapaxes(x, -1, -2)


def _real_input(x) -> bool:
    return np.dtype(dtype_of(x)).kind != "c"


def _gaps_inv(w):
    """F[i, j] = 1 / (w_j - w_i) off the diagonal, 0 on it."""
    n = shape_of(w)[-1]
    eye = np.eye(n, dtype=bool)
    diff = expand_dims(w, -2) - expand_dims(w, -1)
    return where(eye, 0, 1 / where(eye, 1, diff))


def _diag_embed(v):
    n = shape_of(v)[-1]
    return where(np.eye(n, dtype=bool), expand_dims(v, -1), 0)


def _diag_part(m):
    n = shape_of(m)[-1]
    return sum_(where(np.eye(n, dtype=bool), m, 0), axis=-1)


def _fit_input(ct, a):
    """A real matrix takes the real part of its (complex) cotangent."""
    if _real_input(a) and np.dtype(dtype_of(ct)).kind == "c":
        return real(ct)
    return ct


eigvals = primitive(lambda a: np.linalg.eig(a)[0], name="eigvals",
                    grad_fn_name="LinalgEigBackward0")
eig_vectors = primitive(lambda a: np.linalg.eig(a)[1], name="eig_vectors",
                        grad_fn_name="LinalgEigBackward0")


@eigvals.defjvp
def _eigvals_jvp(tangents, ans, a):
    v = eig_vectors(a)
    return _diag_part(matmul(inv(v), matmul(tangents[0], v)))


@eigvals.defvjp
def _eigvals_vjp(g, ans, a):
    # transpose of dA -> diag(V^-1 dA V): V^-T diag(g) V^T
    v = eig_vectors(a)
    return (_fit_input(matmul(_T(inv(v)), matmul(_diag_embed(g), _T(v))), a),)


def _largest(v):
    """A mask (no derivative): True at the largest component of each column, the one LAPACK
    makes real. Written with ops, so it batches."""
    size = _abs(v)
    return eq(size, _amax(size, axis=-2, keepdims=True))


def _phase_term(v, mask, dv):
    """Im(dv_kj) / v_kj per column: the rotation i c_j v_j that keeps v_kj real."""
    vk = real(sum_(where(mask, v, 0), axis=-2))
    return imag(sum_(where(mask, dv, 0), axis=-2)) / vk


@eig_vectors.defjvp
def _eig_vectors_jvp(tangents, ans, a):
    v = ans
    f = _gaps_inv(eigvals(a))
    x = matmul(inv(v), matmul(tangents[0], v))
    du = matmul(v, f * x)
    norm = real(sum_(conj(v) * du, axis=-2))
    dv = du - v * expand_dims(norm, -2)
    if is_complex(v):   # numpy's phase: the largest component stays real
        dv = dv - v * expand_dims(_phase_term(v, _largest(v), dv) * 1j, -2)
    return dv


@eig_vectors.defvjp
def _eig_vectors_vjp(g, ans, a):
    v = ans
    f = _gaps_inv(eigvals(a))
    if is_complex(v):   # the transpose of dv -> dv - i v c(dv)
        mask = _largest(v)
        vk = real(sum_(where(mask, v, 0), axis=-2))
        c_bar = imag(sum_(g * v, axis=-2))
        g = g + where(mask, expand_dims(c_bar / vk * -1j, -2), 0)
    n_bar = -real(sum_(v * g, axis=-2))                  # transpose of N -> -V N
    du_bar = g + conj(v) * expand_dims(n_bar, -2)        # ... and of du -> Re(sum(conj(V) du))
    x_bar = f * matmul(_T(v), du_bar)                    # ... of X -> V (F o X)
    vinv = inv(v)
    return (_fit_input(matmul(_T(vinv), matmul(x_bar, _T(v))), a),)   # ... of dA -> V^-1 dA V


eigvals.__doc__ = """Eigenvalues of a general square matrix (``numpy.linalg.eigvals``), in
numpy's order; complex where numpy gives complex. Differentiable where they are distinct."""
eig_vectors.__doc__ = """The unit eigenvectors of :func:`eig` (the columns of ``V``)."""


def eig(a):
    """Eigenvalues and right eigenvectors of a general square matrix (``numpy.linalg.eig``).

    Returns
    -------
    (eigenvalues, eigenvectors)
        As numpy's (an ``EigResult``'s fields, in order). Both differentiable where the
        eigenvalues are distinct; the eigenvectors' derivatives keep unit length and numpy's
        choice of phase (each vector's largest component real), so they are the derivatives of
        numpy's own eigenvectors.
    """
    return eigvals(a), eig_vectors(a)
