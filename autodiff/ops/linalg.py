"""Products: dot (1-D), matmul (with 1-D and batched operands)."""
import numpy as np

from ..core import primitive
from ..core.structure import ndim_of, pad_dims
from ._util import shape_of
from .contractions import tensordot
from .reductions import sum_, sum_to
from .shape import reshape, swapaxes, transpose

__all__ = ["dot", "matmul", "outer"]

_dot = primitive(np.dot, name="dot", grad_fn_name="DotBackward0")
_dot.defjvp_per_arg(lambda t, ans, x, y: _dot(t, y),
                    lambda t, ans, x, y: _dot(x, t))
_dot.defvjp_per_arg(lambda g, ans, x, y: g * y,
                    lambda g, ans, x, y: g * x)


def _as_matrices(g, x, y):
    """Promote 1-D operands (and the cotangent) to matrices, as matmul itself does."""
    xs, ys = shape_of(x), shape_of(y)
    if len(xs) == 1:
        x = reshape(x, (1, xs[0]))
        g = reshape(g, shape_of(g)[:-1] + (1,) + shape_of(g)[-1:]) if len(ys) > 1 else \
            reshape(g, (1,) + shape_of(g))
    if len(ys) == 1:
        y = reshape(y, (ys[0], 1))
        g = reshape(g, shape_of(g) + (1,))
    return g, x, y


def _matmul_vjp_x(g, ans, x, y):
    g2, x2, y2 = _as_matrices(g, x, y)
    gx = matmul(g2, swapaxes(y2, -1, -2))
    if len(shape_of(x)) == 1:
        # a vector times a batch of matrices: its one row collects every batch element's share
        return reshape(sum_to(gx, shape_of(gx)[-2:]), shape_of(x))
    return gx


def _matmul_vjp_y(g, ans, x, y):
    g2, x2, y2 = _as_matrices(g, x, y)
    gy = matmul(swapaxes(x2, -1, -2), g2)
    if len(shape_of(y)) == 1:
        return reshape(sum_to(gy, shape_of(gy)[-2:]), shape_of(y))
    return gy


def _mm_name(args, kwargs):
    if args is not None and len(shape_of(args[0])) == 2 and len(shape_of(args[1])) == 2:
        return "MmBackward0"
    if args is not None and len(shape_of(args[0])) == 2 and len(shape_of(args[1])) == 1:
        return "MvBackward0"
    return "MatmulBackward0" if args is None or len(shape_of(args[0])) < 3 else "BmmBackward0"


matmul = primitive(np.matmul, name="matmul", grad_fn_name=_mm_name)
matmul.defjvp_per_arg(lambda t, ans, x, y: matmul(t, y),
                      lambda t, ans, x, y: matmul(x, t))
matmul.defvjp_per_arg(_matmul_vjp_x, _matmul_vjp_y)


def dot(x, y):
    """Inner product of two 1-D tensors (``torch.dot``); other shapes follow ``numpy.dot``."""
    xs, ys = shape_of(x), shape_of(y)
    if len(xs) == 1 and len(ys) == 1:
        if xs != ys:
            raise RuntimeError(f"inconsistent tensor size, expected tensor [{xs[0]}] and src "
                               f"[{ys[0]}] to have the same number of elements, but got "
                               f"{xs[0]} and {ys[0]} elements respectively")
        return _dot(x, y)
    if len(xs) == 0 or len(ys) == 0:
        return x * y
    if len(ys) <= 2:
        return matmul(x, y)
    # numpy's N-D dot: the last axis of x with the second-to-last of y, every other axis kept
    # (no batch broadcasting, unlike matmul)
    return tensordot(x, y, axes=([len(xs) - 1], [len(ys) - 2]))


def outer(x, y):
    """Outer product of two 1-D tensors."""
    return reshape(x, (-1, 1)) * reshape(y, (1, -1))


# -- how the batch level applies them: one matrix product over the whole batch ------------
def _matmul_batched(prim, values, batched, kwargs, size):
    """``matmul``: fold the batch into one matrix product where the shapes allow (the common
    vector-times-matrix cases of Jacobians), numpy's batched matmul otherwise."""
    x, y = values
    bx, by = batched
    xs = shape_of(x)[1:] if bx else shape_of(x)
    ys = shape_of(y)[1:] if by else shape_of(y)
    if kwargs or not xs or not ys:
        return NotImplemented
    if bx and not by and len(ys) <= 2:
        # Batch folded into the rows of x: (B*..., k) @ y.
        # An explicit row count: -1 is ambiguous when an operand is empty.
        rows = size * int(np.prod(xs[:-1], dtype=np.int64))
        out = matmul(reshape(x, (rows, xs[-1])), y)
        return reshape(out, (size,) + xs[:-1] + ys[1:])
    if by and not bx and len(xs) <= 2 and (len(ys) == 1 or (len(ys) == 2 and ys[1] == 1)):
        # Each example is x @ y_b with y_b a vector: all of them are rows of Y @ x^T.
        y2 = reshape(y, (size, ys[0]))
        out = matmul(y2, x if len(xs) == 1 else swapaxes(x, -1, -2))
        return reshape(out, (size,) + xs[:-1] + ys[1:])
    if by and not bx and len(xs) <= 2 and len(ys) == 2:
        # Batch folded into the columns of y: x @ (k, B*n).
        k, n = ys
        cols = reshape(transpose(y, (1, 0, 2)), (k, size * n))
        out = matmul(x, cols)
        if len(xs) == 1:
            return reshape(out, (size, n))
        return transpose(reshape(out, (xs[0], size, n)), (1, 0, 2))
    # General case: promote vectors to matrices, line up the batch axes, numpy's matmul.
    x2s = xs if len(xs) >= 2 else (1,) + xs
    y2s = ys if len(ys) >= 2 else ys + (1,)
    x2 = reshape(x, ((size,) if bx else ()) + x2s) if len(xs) < 2 else x
    y2 = reshape(y, ((size,) if by else ()) + y2s) if len(ys) < 2 else y
    nd = max(len(x2s), len(y2s))
    x2 = pad_dims(x2, nd) if bx else x2
    y2 = pad_dims(y2, nd) if by else y2
    out_shape = (tuple(np.broadcast_shapes(xs[:-2], ys[:-2]))
                 + (xs[-2:-1] if len(xs) >= 2 else ()) + (ys[-1:] if len(ys) >= 2 else ()))
    return reshape(matmul(x2, y2), (size,) + out_shape)


def _dot_batched(prim, values, batched, kwargs, size):
    """``dot`` of two vectors: a matrix-vector product (one side batched) or a row-wise sum."""
    x, y = values
    bx, by = batched
    if kwargs or ndim_of(x) - bx != 1 or ndim_of(y) - by != 1:
        return NotImplemented
    if bx and by:
        return sum_(x * y, axis=1)
    return matmul(x, y) if bx else matmul(y, x)


matmul.defbatch(_matmul_batched)
_dot.defbatch(_dot_batched)
