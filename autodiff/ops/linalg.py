"""Products: dot (1-D), matmul (with 1-D and batched operands)."""
import numpy as np

from ..registry import primitive
from ._util import shape_of
from .contractions import tensordot
from .shape import reshape, swapaxes

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
        from .shape import sum_to
        return reshape(sum_to(gx, shape_of(gx)[-2:]), shape_of(x))
    return gx


def _matmul_vjp_y(g, ans, x, y):
    g2, x2, y2 = _as_matrices(g, x, y)
    gy = matmul(swapaxes(x2, -1, -2), g2)
    if len(shape_of(y)) == 1:
        from .shape import sum_to
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
