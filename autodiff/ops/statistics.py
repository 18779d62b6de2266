"""Statistical reductions with ``axis``/``keepdims``: var, std, logsumexp."""
import numpy as np

from ..core import primitive
from ._util import shape_of
from .reductions import _axis_args, _count, _expand, mean_, sum_
from .comparison import where
from .complex_parts import conj, is_complex, real
from .unary import exp

__all__ = ["var", "std", "logsumexp"]


def _centered(x, axis):
    return x - mean_(x, axis=axis, keepdims=True)


def _spread(x, axis, t, axis_kw):
    """``sum(conj(x - mean) * t)``'s real part over ``axis``: the variance's directional
    derivative up to its scale (on real input, ``sum((x - mean) * t)``)."""
    c = _centered(x, axis)
    if is_complex(x):
        return sum_(real(conj(c) * t), axis=axis, keepdims=axis_kw)
    return sum_(c * t, axis=axis, keepdims=axis_kw)


def _centered_cotangent(x, axis):
    """What a cotangent of the variance multiplies, up to its scale: ``conj(x - mean)``."""
    c = _centered(x, axis)
    return conj(c) if is_complex(x) else c


def _dof(x, axis, ddof) -> float:
    """``N - ddof``, the variance's divisor."""
    return float(_count(shape_of(x), axis) - ddof)


def _var_scale(x, axis, ddof) -> float:
    """``2 / (N - ddof)``, divided by numpy: no degrees of freedom left gives inf (and numpy's
    warning), as the variance itself does, not Python's ZeroDivisionError. A Python float, so
    float32 stays float32."""
    return float(np.float64(2.0) / _dof(x, axis, ddof))


# var = sum((x - mean)^2) / (N - ddof); d var = 2 / (N - ddof) * sum((x - mean) * dx) (the mean's
# own variation drops out because the centred values sum to zero).
var_ = primitive(lambda x, axis=None, keepdims=False, ddof=0:
                 np.var(x, axis=axis, keepdims=keepdims, ddof=ddof),
                 name="var", grad_fn_name="VarBackward0")
var_.defjvp(lambda tangents, ans, x, axis=None, keepdims=False, ddof=0:
            _spread(x, axis, tangents[0], keepdims) * _var_scale(x, axis, ddof))
var_.defvjp(lambda g, ans, x, axis=None, keepdims=False, ddof=0:
            (_expand(g, shape_of(x), axis, keepdims) * _centered_cotangent(x, axis)
             * _var_scale(x, axis, ddof),))

def _std_divisor(ans, x, axis, ddof):
    """``std * (N - ddof)``, and 1 where the std is 0 (constant data, one element): the centred
    values are 0 there, so the gradient is 0, as PyTorch gives, not 0/0."""
    return where(ans == 0, 1.0, ans * _dof(x, axis, ddof))


# std = sqrt(var): d std = d var / (2 std).
std_ = primitive(lambda x, axis=None, keepdims=False, ddof=0:
                 np.std(x, axis=axis, keepdims=keepdims, ddof=ddof),
                 name="std", grad_fn_name="StdBackward0")
std_.defjvp(lambda tangents, ans, x, axis=None, keepdims=False, ddof=0:
            _spread(x, axis, tangents[0], keepdims) / _std_divisor(ans, x, axis, ddof))
std_.defvjp(lambda g, ans, x, axis=None, keepdims=False, ddof=0:
            (_expand(g / _std_divisor(ans, x, axis, ddof), shape_of(x), axis, keepdims)
             * _centered_cotangent(x, axis),))


def _ddof(correction, unbiased, ddof, default):
    if ddof is not None:
        return int(ddof)
    if correction is not None:
        return int(correction)
    if unbiased is not None:
        return int(bool(unbiased))
    return default


def var(x, dim=None, unbiased=None, keepdim=False, *, correction=None, ddof=None, **kw):
    """Variance over ``dim`` (``axis``), all elements by default.

    Parameters
    ----------
    x : Tensor or array_like
    dim : int or tuple of int, optional
        Also accepted as numpy's ``axis``.
    unbiased, correction, ddof
        The divisor is ``N - ddof``. numpy's ``ddof`` and PyTorch's ``correction`` say it
        directly; ``unbiased=True`` means ``ddof=1``. With none given the default is PyTorch's
        ``correction=1`` (``numpy.var`` on a tensor passes its own default, ``ddof=0``).
    keepdim : bool
        Also accepted as numpy's ``keepdims``.
    """
    axis, keepdims = _axis_args(dim, keepdim, kw, x)
    return var_(x, axis=axis, keepdims=keepdims, ddof=_ddof(correction, unbiased, ddof, 1))


def std(x, dim=None, unbiased=None, keepdim=False, *, correction=None, ddof=None, **kw):
    """Standard deviation over ``dim`` (``axis``); see :func:`var` for ``ddof``.

    The gradient is 0 for a single element (std is identically 0) and nan for constant data
    in larger groups (a kink; 0/0), as in PyTorch.
    """
    axis, keepdims = _axis_args(dim, keepdim, kw, x)
    return std_(x, axis=axis, keepdims=keepdims, ddof=_ddof(correction, unbiased, ddof, 1))


def max_shift(x, axis):
    """The largest element over ``axis`` (kept dims), 0 where it is not finite or the group is
    empty: what a stable exp subtracts first."""
    m = np.amax(x, axis=axis, keepdims=True, initial=-np.inf)
    return np.where(np.isfinite(m), m, 0).astype(np.result_type(x), copy=False)


def _logsumexp_impl(x, axis=None, keepdims=False):
    # Not scipy's: it gives shape (1,) for a 0-d x with axis=(), and fails on empty arrays
    # reduced over a tuple of axes.
    x = np.asarray(x)
    m = max_shift(x, axis)
    s = np.sum(np.exp(x - m), axis=axis, keepdims=keepdims)
    with np.errstate(divide="ignore"):
        return np.log(s) + m.reshape(np.shape(s))


# d logsumexp = sum(softmax(x) * dx), softmax = exp(x - logsumexp): never overflows.
logsumexp_ = primitive(_logsumexp_impl,
                       name="logsumexp", grad_fn_name="LogsumexpBackward0")
logsumexp_.defjvp(lambda tangents, ans, x, axis=None, keepdims=False:
                  sum_(tangents[0] * exp(x - _expand(ans, shape_of(x), axis, keepdims)),
                       axis=axis, keepdims=keepdims))
logsumexp_.defvjp(lambda g, ans, x, axis=None, keepdims=False:
                  (_expand(g, shape_of(x), axis, keepdims)
                   * exp(x - _expand(ans, shape_of(x), axis, keepdims)),))


def logsumexp(x, dim=None, keepdim=False, **kw):
    """``log(sum(exp(x)))`` over ``dim`` (``axis``), computed without overflow.

    Parameters
    ----------
    x : Tensor or array_like
    dim : int or tuple of int, optional
        All elements when None. Also accepted as ``axis``.
    keepdim : bool
        Also accepted as ``keepdims``.
    """
    axis, keepdims = _axis_args(dim, keepdim, kw, x)
    return logsumexp_(x, axis=axis, keepdims=keepdims)

logsumexp_.defbatch("reduction")
var_.defbatch("reduction", params=("ddof",))
std_.defbatch("reduction", params=("ddof",))
