"""numpy conveniences written with the primitives: ravel, atleast_*d, hstack, vstack,
column_stack, append, diff, tril, triu, kron, cross, average, matrix_power.

None of these needs a rule of its own: each is a few primitives, so both engines and every
derivative order come for free.
"""
import numpy as np

from ..core import Tensor, lift
from ._util import dtype_of, normalize_axis, shape_of
from .comparison import where
from .contractions import moveaxis
from .decompositions import inv
from .linalg import matmul
from .reductions import mean_, sum_
from .shape import broadcast_to, concatenate, expand_dims, getitem, reshape

__all__ = ["ravel", "atleast_1d", "atleast_2d", "atleast_3d", "hstack", "vstack",
           "column_stack", "append", "diff", "tril", "triu", "kron", "cross", "average",
           "matrix_power"]


def ravel(x):
    """The values as a 1-D array (``numpy.ravel``)."""
    return reshape(x, (-1,))


def _one_or_list(out):
    return out[0] if len(out) == 1 else list(out)


def atleast_1d(*xs):
    """Each input with at least one dimension (``numpy.atleast_1d``)."""
    return _one_or_list([reshape(x, (1,)) if len(shape_of(x)) == 0 else x for x in xs])


def atleast_2d(*xs):
    """Each input with at least two dimensions; a 1-D ``(n,)`` becomes ``(1, n)``."""
    return _one_or_list([reshape(x, (1,) * (2 - len(shape_of(x))) + shape_of(x))
                         if len(shape_of(x)) < 2 else x for x in xs])


def atleast_3d(*xs):
    """Each input with at least three dimensions: ``(n,)`` -> ``(1, n, 1)``, ``(m, n)`` ->
    ``(m, n, 1)``, as numpy."""
    out = []
    for x in xs:
        s = shape_of(x)
        shape = {0: (1, 1, 1), 1: (1,) + s + (1,), 2: s + (1,)}.get(len(s), s)
        out.append(reshape(x, shape) if shape != s else x)
    return _one_or_list(out)


def hstack(tup):
    """Stack along the second axis (the first for 1-D inputs), as ``numpy.hstack``."""
    arrs = atleast_1d(*tup)
    arrs = arrs if isinstance(arrs, list) else [arrs]
    return concatenate(*arrs, axis=0 if len(shape_of(arrs[0])) == 1 else 1)


def vstack(tup):
    """Stack along the first axis, 1-D inputs as rows (``numpy.vstack``)."""
    arrs = atleast_2d(*tup)
    arrs = arrs if isinstance(arrs, list) else [arrs]
    return concatenate(*arrs, axis=0)


def column_stack(tup):
    """1-D inputs become columns of a 2-D array (``numpy.column_stack``)."""
    cols = [reshape(x, (-1, 1)) if len(shape_of(x)) < 2 else x for x in tup]
    return concatenate(*cols, axis=1)


def append(arr, values, axis=None):
    """``arr`` with ``values`` appended (``numpy.append``; both flattened when ``axis`` is
    None)."""
    if axis is None:
        return concatenate(ravel(arr), ravel(values), axis=0)
    return concatenate(arr, values, axis=axis)


def diff(x, n=1, axis=-1):
    """``n``-th discrete difference along ``axis`` (``numpy.diff``)."""
    axis = normalize_axis(axis, len(shape_of(x)))[0]
    lead = (slice(None),) * axis
    for _ in range(n):
        x = getitem(x, lead + (slice(1, None),)) - getitem(x, lead + (slice(None, -1),))
    return x


def _tri_mask(x, k, lower):
    m, n = shape_of(x)[-2:]
    return np.tri(m, n, k, dtype=bool) if lower else ~np.tri(m, n, k - 1, dtype=bool)


def tril(x, k=0):
    """The lower triangle of the last two axes (on and below diagonal ``k``), zeros above."""
    return where(_tri_mask(x, k, True), x, 0)


def triu(x, k=0):
    """The upper triangle of the last two axes (on and above diagonal ``k``), zeros below."""
    return where(_tri_mask(x, k, False), x, 0)


def kron(a, b):
    """Kronecker product (``numpy.kron``): blocks ``a[i, j] * b``."""
    sa, sb = shape_of(a), shape_of(b)
    nd = max(len(sa), len(sb))
    sa, sb = (1,) * (nd - len(sa)) + sa, (1,) * (nd - len(sb)) + sb
    a_ = reshape(a, tuple(v for d in sa for v in (d, 1)))       # (a0, 1, a1, 1, ...)
    b_ = reshape(b, tuple(v for d in sb for v in (1, d)))       # (1, b0, 1, b1, ...)
    return reshape(a_ * b_, tuple(p * q for p, q in zip(sa, sb)))


def cross(a, b, axis=None, *, axisa=None, axisb=None, axisc=None):
    """Cross product of 3-vectors along ``axis`` (``numpy.cross``), broadcasting the rest.

    As numpy, ``axis`` (when given) overrides ``axisa``, ``axisb`` and ``axisc``; each defaults
    to the last axis.
    """
    if axis is not None:
        axisa = axisb = axisc = None
    else:
        axis = -1
    if axisa is not None or axisb is not None or axisc is not None:
        axis_a = axis if axisa is None else axisa
        axis_b = axis if axisb is None else axisb
        a, b = moveaxis(a, axis_a, -1), moveaxis(b, axis_b, -1)
        out = cross(a, b)
        return moveaxis(out, -1, axis if axisc is None else axisc)
    a, b = moveaxis(a, axis, -1), moveaxis(b, axis, -1)
    if shape_of(a)[-1] != 3 or shape_of(b)[-1] != 3:
        raise ValueError("cross: both vectors must have 3 components along the axis (2-D cross "
                         "products are deprecated in numpy)")
    c = [getitem(a, (Ellipsis, i)) for i in range(3)]
    d = [getitem(b, (Ellipsis, i)) for i in range(3)]
    parts = [c[1] * d[2] - c[2] * d[1], c[2] * d[0] - c[0] * d[2], c[0] * d[1] - c[1] * d[0]]
    out = concatenate(*[expand_dims(p, -1) for p in parts], axis=-1)
    return moveaxis(out, -1, axis)


def average(a, axis=None, weights=None, returned=False, *, keepdims=False):
    """Weighted mean over ``axis`` (``numpy.average``); differentiable in ``a`` and
    ``weights``."""
    if weights is None:
        avg = mean_(a, axis=axis, keepdims=keepdims)
        total = np.broadcast_to(np.asarray(np.prod([shape_of(a)[i] for i in normalize_axis(
            axis, len(shape_of(a)))]), dtype=dtype_of(avg)), shape_of(avg)).copy()
    else:
        ws = shape_of(weights)
        if ws != shape_of(a):
            if axis is None or len(ws) != 1:
                raise TypeError("average: 1-D weights need an int axis; otherwise weights must "
                                "have the shape of a")
            ax = normalize_axis(axis, len(shape_of(a)))[0]
            weights = reshape(weights, tuple(-1 if i == ax else 1
                                             for i in range(len(shape_of(a)))))
        total = sum_(broadcast_to(weights, shape_of(a)), axis=axis, keepdims=keepdims)
        avg = sum_(a * weights, axis=axis, keepdims=keepdims) / total
    return (avg, total) if returned else avg


def matrix_power(a, n):
    """``a`` multiplied by itself ``n`` times (``numpy.linalg.matrix_power``); negative ``n``
    uses the inverse."""
    n = int(n)
    if n < 0:
        a, n = inv(a), -n
    if n == 0:
        eye = np.broadcast_to(np.eye(shape_of(a)[-1], dtype=dtype_of(a)), shape_of(a)).copy()
        return lift(eye) if isinstance(a, Tensor) else eye
    result, base = None, a
    while n:                      # repeated squaring
        if n & 1:
            result = base if result is None else matmul(result, base)
        n >>= 1
        if n:
            base = matmul(base, base)
    return result
