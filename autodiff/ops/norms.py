"""Norms: PyTorch's ``norm`` (vector p-norms, and the nuclear norm) and ``numpy.linalg.norm``.

Built from the reductions and, for matrix orders, from
:func:`~autodiff.ops.decompositions.matrix_norm`.
"""
import numpy as np

from ._util import dtype_of, shape_of
from .comparison import where
from .decompositions import matrix_norm
from .reductions import _amax, _amin, _axis_args, norm2, sum_
from .shape import astype
from .unary import abs as _abs

__all__ = ["norm", "linalg_norm"]


def norm(x, p=2, dim=None, keepdim=False, **kw):
    """Vector ``p``-norm over ``dim`` (all elements by default): 2, 1, inf, or any ``p > 0``.

    ``p="fro"`` is the 2-norm over ``dim``; ``p="nuc"`` the nuclear norm of the matrices over
    the two axes ``dim`` (the last two by default). Other matrix norms: :func:`matrix_norm`.
    """
    axis, keepdims = _axis_args(dim, keepdim, kw, None if p == "nuc" else x)
    if p == "nuc":    # the nuclear norm is a matrix norm (torch.norm accepts it too)
        return matrix_norm(x, "nuc", (-2, -1) if axis is None else axis, keepdims)
    if p in (2, "fro", None):
        return norm2(x, axis=axis, keepdims=keepdims)
    if p == np.inf:
        return _amax(_abs(x), axis=axis, keepdims=keepdims)
    if p == -np.inf:
        return _amin(_abs(x), axis=axis, keepdims=keepdims)
    if p == 1:
        return sum_(_abs(x), axis=axis, keepdims=keepdims)
    if p == 0:      # the number of nonzero elements: piecewise constant, no derivative
        count = sum_(x != 0, axis=axis, keepdims=keepdims)
        return astype(count, np.result_type(np.abs(np.zeros((), dtype_of(x))), np.float16))
    # sum(|x|^p)^(1/p). Its derivative is 0 where the norm is 0 (PyTorch's choice, as for p = 2)
    # and, for p < 1, at zero elements, where the formula gives 0 * inf; the masked bases (the
    # double where) keep every order finite.
    a = _abs(x)
    # a zero element contributes 0 for p > 0, and inf for p < 0 (the norm is then 0)
    powers = where(a == 0, 0 if p > 0 else np.inf, where(a == 0, 1, a) ** p)
    s = sum_(powers, axis=axis, keepdims=keepdims)
    return where(s == 0, 0, where(s == 0, 1, s) ** (1.0 / p))


def linalg_norm(x, ord=None, axis=None, keepdims=False):
    """``numpy.linalg.norm`` (and ``torch.linalg.norm``): vector or matrix norm by ``axis``.

    Parameters
    ----------
    x : Tensor or array_like
    ord : optional
        Vector orders (``axis`` an int, or None on 1-D input): any ``p`` accepted by
        :func:`autodiff.norm`. Matrix orders (``axis`` a pair, or None on 2-D input): see
        :func:`matrix_norm`. ``None``: the 2-norm of the flattened array / the Frobenius norm.
    axis : int or (int, int), optional
    keepdims : bool
    """
    ndim = len(shape_of(x))
    if isinstance(axis, (list, tuple)) and len(axis) == 1:
        axis = axis[0]
    if axis is None:
        if ord is None:
            return norm(x, 2, None, keepdims)
        if ndim == 1:
            axis = 0
        elif ndim == 2:
            axis = (0, 1)
        else:
            raise ValueError("Improper number of dimensions to norm.")
    if isinstance(axis, (list, tuple)):
        if len(axis) != 2:
            raise ValueError("Improper number of dimensions to norm.")
        return matrix_norm(x, "fro" if ord is None else ord, tuple(axis), keepdims)
    return norm(x, 2 if ord is None else ord, int(axis), keepdims)
