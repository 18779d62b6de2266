"""Products and running totals along an axis: prod, cumsum, cumprod.

The derivative of a product is the product of the *other* factors. Dividing the product by the
factor breaks at zeros, so ``prod`` never divides: it multiplies exclusive running products from
the left and from the right. ``cumprod`` divides only when no factor is zero, and otherwise
replaces each factor by one in turn.
"""
import numpy as np

from ..core import Tensor, is_recorded, primitive
from ._util import dtype_of, normalize_axis, shape_of
from .comparison import eq, gt, where
from .reductions import _axis_args, _expand, sum_, zero_d_axis
from .rearrange import flip
from .shape import astype, concatenate, expand_dims, getitem, reshape, swapaxes, transpose

__all__ = ["prod", "cumsum", "cumprod"]


# -- running sums ----------------------------------------------------------------------------
def _running(prim, x, axis, dtype, dim):
    """``prim(x, axis=...)`` for a running total along ``axis`` (PyTorch's ``dim``), on the
    flattened array when both are None, after converting ``x`` to ``dtype`` if given."""
    axis = dim if dim is not None else axis
    if dtype is not None:
        x = astype(x, dtype)
    if axis is None:
        x, axis = reshape(x, (-1,)), 0
    if zero_d_axis(x, axis) == ():
        # PyTorch's running total of a 0-d tensor along dim 0 is the tensor itself (0-d)
        return reshape(prim(reshape(x, (1,)), axis=0), ())
    return prim(x, axis=int(axis) % len(shape_of(x)))


cumsum_ = primitive(lambda x, axis: np.cumsum(x, axis=axis), name="cumsum",
                    grad_fn_name="CumsumBackward0")
cumsum_.defjvp(lambda tangents, ans, x, axis: cumsum_(tangents[0], axis=axis))
# y_k = sum_{i<=k} x_i, so x_i collects g_k for every k >= i: a running sum from the right.
cumsum_.defvjp(lambda g, ans, x, axis: (flip(cumsum_(flip(g, axis), axis=axis), axis),))


def cumsum(x, axis=None, dtype=None, *, dim=None):
    """Running sum along ``axis`` (``dim``); the flattened array when None.

    Parameters
    ----------
    x : Tensor or array_like
    axis : int, optional
        Also accepted as PyTorch's ``dim``.
    dtype : dtype, optional
        Convert ``x`` to this dtype first.
    """
    return _running(cumsum_, x, axis, dtype, dim)


# -- running products ------------------------------------------------------------------------
def _without_each(x):
    """Along the last axis (length n): shape (..., n, n), row i is x with x_i replaced by 1."""
    n = shape_of(x)[-1]
    return where(np.eye(n, dtype=bool), 1, expand_dims(x, -2))


def _cumprod_last(x):
    return cumprod_(x, axis=len(shape_of(x)) - 1)


def _cumprod_partials(x, axis):
    """C[..., i, k] = prod_{j <= k, j != i} x_j along ``axis`` (moved last), for i <= k, else 0:
    the derivative of y_k with respect to x_i, with no division (zeros are fine)."""
    xl = swapaxes(x, axis, -1)
    n = shape_of(xl)[-1]
    upper = np.triu(np.ones((n, n), dtype=bool))        # [i, k]: i <= k
    return where(upper, _cumprod_last(_without_each(xl)), 0)


cumprod_ = primitive(lambda x, axis: np.cumprod(x, axis=axis), name="cumprod",
                     grad_fn_name="CumprodBackward0")


def _has_zero(x) -> bool:
    raw = x._data if isinstance(x, Tensor) else np.asarray(x)   # the values, at any level
    return bool(np.any(raw == 0))


def _by_zeros(x, without_zeros, with_zeros):
    """``with_zeros()`` if ``x`` has a zero, else ``without_zeros(x)`` (``x`` the divisor).
    Inside ``ad.jit`` the values are those of one call only, so both are recorded and the values
    pick at replay."""
    if is_recorded(x):
        zero = eq(x, 0)
        has_zero = gt(sum_(astype(zero, np.int64)), 0)
        # the branch not taken must not divide by zero (no warning eager mode would not give);
        # where there is no zero, the divisor is x itself, bit for bit
        return where(has_zero, with_zeros(), without_zeros(where(zero, 1.0, x)))
    return with_zeros() if _has_zero(x) else without_zeros(x)


# Without zeros, dy_k/dx_i = y_k / x_i: O(n) rules, exact at every order (no zero is near).
# With zeros, the O(n^2) partials above, which never divide.
@cumprod_.defjvp
def _cumprod_jvp(tangents, ans, x, axis):
    def with_zeros():
        """The rule where ``x`` may hold zeros (no division by ``x``)."""
        c = _cumprod_partials(x, axis)
        t = expand_dims(swapaxes(tangents[0], axis, -1), -1)         # t_i along rows
        return swapaxes(sum_(c * t, axis=-2), axis, -1)
    return _by_zeros(x, lambda d: ans * cumsum_(tangents[0] / d, axis=axis), with_zeros)


@cumprod_.defvjp
def _cumprod_vjp(g, ans, x, axis):
    def without_zeros(d):
        # x_i collects g_k y_k / x_i for every k >= i: a running sum from the right
        """The rule where ``x`` has no zeros: a division by ``d``."""
        return flip(cumsum_(flip(g * ans, axis), axis=axis), axis) / d

    def with_zeros():
        """The rule where ``x`` may hold zeros (no division by ``x``)."""
        c = _cumprod_partials(x, axis)
        gk = expand_dims(swapaxes(g, axis, -1), -2)                  # g_k along columns
        return swapaxes(sum_(c * gk, axis=-1), axis, -1)
    return (_by_zeros(x, without_zeros, with_zeros),)


def cumprod(x, axis=None, dtype=None, *, dim=None):
    """Running product along ``axis`` (``dim``); the flattened array when None.

    The derivative is exact with zeros among the factors: without zeros it costs O(n) along
    the axis, with zeros O(n^2) (it then never divides by a factor).
    """
    return _running(cumprod_, x, axis, dtype, dim)


# -- products ----------------------------------------------------------------------------------
def _prod_others(x, axis):
    """For every element, the product of the other elements in its reduction group."""
    shape = shape_of(x)
    axes = normalize_axis(axis, len(shape))
    if not axes:
        return np.ones(shape, dtype_of(x))
    if 0 in shape:                       # no elements: nothing to differentiate
        return np.zeros(shape, dtype_of(x))
    keep = [i for i in range(len(shape)) if i not in axes]
    perm = tuple(keep) + axes
    lead = tuple(shape[i] for i in keep)
    flat = reshape(transpose(x, perm), lead + (-1,))                  # (..., n)
    one = np.ones(lead + (1,), dtype_of(x))
    # exclusive running products: left_i = x_0 ... x_{i-1}, right_i = x_{i+1} ... x_{n-1}
    left = _cumprod_last(concatenate(one, getitem(flat, (Ellipsis, slice(None, -1))), axis=-1))
    rev = getitem(flat, (Ellipsis, slice(None, 0, -1)))               # x_{n-1} ... x_1
    right_rev = _cumprod_last(concatenate(one, rev, axis=-1))
    right = getitem(right_rev, (Ellipsis, slice(None, None, -1)))
    others = reshape(left * right, tuple(shape[i] for i in perm))
    return transpose(others, tuple(np.argsort(perm)))


prod_ = primitive(lambda x, axis=None, keepdims=False: np.prod(x, axis=axis, keepdims=keepdims),
                  name="prod", grad_fn_name=lambda a, kw: "ProdBackward%d" % (
                      kw.get("axis") is not None))
prod_.defjvp(lambda tangents, ans, x, axis=None, keepdims=False:
             sum_(tangents[0] * _prod_others(x, axis), axis=axis, keepdims=keepdims))
prod_.defvjp(lambda g, ans, x, axis=None, keepdims=False:
             (_expand(g, shape_of(x), axis, keepdims) * _prod_others(x, axis),))


def prod(x, dim=None, keepdim=False, **kw):
    """Product of the elements over ``dim`` (``axis``), all of them by default.

    Parameters
    ----------
    x, dim, keepdim
        As in :func:`autodiff.sum`.

    Notes
    -----
    The gradient of element ``i`` is the product of the other elements, computed without
    division, so it is exact when some elements are zero.
    """
    axis, keepdims = _axis_args(dim, keepdim, kw, x)
    return prod_(x, axis=axis, keepdims=keepdims)

prod_.defbatch("reduction")
cumsum_.defbatch("along_axis")
cumprod_.defbatch("along_axis")
