"""scipy.special and friends: erf, erfc, gammaln, digamma, polygamma, expit, logit, xlogy,
softmax, log_softmax.

The elementwise ones use the scipy ufunc itself as implementation, so ``scipy.special.erf(t)``
on a tensor reaches them through ``__array_ufunc__``.
"""
import math

import numpy as np
import scipy.special as sps

from ..core import primitive
from .reductions import sum_, zero_d_axis
from .statistics import max_shift
from .unary import _unary, exp, sigmoid

__all__ = ["erf", "erfc", "gammaln", "lgamma", "digamma", "polygamma", "expit", "logit", "xlogy",
           "softmax", "log_softmax"]

_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)

erf = _unary(sps.erf, "erf", "ErfBackward0",
             lambda ans, x: _TWO_OVER_SQRT_PI * exp(-(x * x)))
erfc = _unary(sps.erfc, "erfc", "ErfcBackward0",
              lambda ans, x: -_TWO_OVER_SQRT_PI * exp(-(x * x)))
gammaln = _unary(sps.gammaln, "gammaln", "LgammaBackward0", lambda ans, x: digamma(x))
lgamma = gammaln
digamma = _unary(sps.digamma, "digamma", "DigammaBackward0",
                 lambda ans, x: polygamma_(x, n=1))
logit = _unary(sps.logit, "logit", "LogitBackward0", lambda ans, x: 1 / (x * (1 - x)))
expit = sigmoid    # one primitive: its implementation is scipy.special.expit already


# B_2k, k = 1..10, for the asymptotic series of the polygamma functions.
_BERNOULLI_2K = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510,
                 43867 / 798, -174611 / 330)


def _polygamma_complex(n, z):
    """polygamma(n, z) for complex z (scipy's is real only; its digamma takes complex).

    The recurrence psi_n(z) = psi_n(z + 1) + (-1)^(n+1) n! / z^(n+1) moves every element to
    Re(z) >= 20, where the asymptotic series
    psi_n(w) ~ (-1)^(n+1) [(n-1)!/w^n + n!/(2 w^(n+1)) + sum_k B_2k (2k+n-1)!/((2k)! w^(2k+n))]
    is accurate to double precision.
    """
    if n == 0:
        return sps.digamma(z)
    z = np.asarray(z)
    w = z.astype(np.complex128)
    steps = np.maximum(0, np.ceil(20.0 - w.real)).astype(np.int64)
    acc = np.zeros_like(w)
    for k in range(int(steps.max(initial=0))):
        moving = k < steps
        acc = acc + np.where(moving, 1 / np.where(moving, w, 1) ** (n + 1), 0)
        w = np.where(moving, w + 1, w)
    series = math.factorial(n - 1) / w ** n + math.factorial(n) / (2 * w ** (n + 1))
    for k, b in enumerate(_BERNOULLI_2K, start=1):
        series = series + b * math.factorial(2 * k + n - 1) / math.factorial(2 * k) / w ** (
            2 * k + n)
    out = (-1) ** (n + 1) * (series + math.factorial(n) * acc)
    return out.astype(z.dtype) if z.dtype.kind == "c" else out


def _polygamma_impl(x, n):
    if np.iscomplexobj(x):
        return _polygamma_complex(n, x)
    # scipy's polygamma computes in float64; keep a float32 input's dtype, as its ufuncs do.
    out = sps.polygamma(n, x)
    dtype = getattr(x, "dtype", None)
    return out.astype(dtype) if dtype is not None and dtype.kind == "f" else out


# polygamma(n, x): the order n is static; the derivative raises it by one.
polygamma_ = primitive(_polygamma_impl, name="polygamma",
                       grad_fn_name="PolygammaBackward0")
polygamma_.defjvp(lambda tangents, ans, x, n: tangents[0] * polygamma_(x, n=n + 1))
polygamma_.defvjp(lambda g, ans, x, n: (g * polygamma_(x, n=n + 1),))


def polygamma(n, x):
    """The ``n``-th derivative of :func:`digamma` (``scipy.special.polygamma``).

    Parameters
    ----------
    n : int
        Order, not differentiated.
    x : Tensor or array_like
    """
    return polygamma_(x, n=int(n))


# xlogy(x, y) = x * log(y), and 0 where x == 0 (even for y == 0).
xlogy = primitive(sps.xlogy, name="xlogy", grad_fn_name="XlogyBackward0")
# d/dx is log(y) but 0 where x == 0, as PyTorch: xlogy(x != 0, y) says exactly that and
# differentiates again in y only.
xlogy.defjvp_per_arg(lambda t, ans, x, y: t * xlogy(x != 0, y),
                     lambda t, ans, x, y: t * x / y)
xlogy.defvjp_per_arg(lambda g, ans, x, y: g * xlogy(x != 0, y),
                     lambda g, ans, x, y: g * x / y)


# -- softmax family: the axis is static ---------------------------------------------------------
# Not scipy's softmax: it fails on empty arrays.
def _softmax_impl(x, axis):
    e = np.exp(x - max_shift(x, axis))
    return e / np.sum(e, axis=axis, keepdims=True)


softmax_ = primitive(_softmax_impl, name="softmax", grad_fn_name="SoftmaxBackward0")
# d softmax = s * (t - <s, t>) along the axis; the VJP is the same expression (J is symmetric).
softmax_.defjvp(lambda tangents, ans, x, axis:
                ans * (tangents[0] - sum_(ans * tangents[0], axis=axis, keepdims=True)))
softmax_.defvjp(lambda g, ans, x, axis:
                (ans * (g - sum_(ans * g, axis=axis, keepdims=True)),))


def _log_softmax_impl(x, axis):
    shifted = x - max_shift(x, axis)
    with np.errstate(divide="ignore"):      # an empty group sums to 0: log(0) for no element
        return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


log_softmax_ = primitive(_log_softmax_impl, name="log_softmax",
                         grad_fn_name="LogSoftmaxBackward0")
log_softmax_.defjvp(lambda tangents, ans, x, axis:
                    tangents[0] - sum_(exp(ans) * tangents[0], axis=axis, keepdims=True))
log_softmax_.defvjp(lambda g, ans, x, axis:
                    (g - exp(ans) * sum_(g, axis=axis, keepdims=True),))


def softmax(x, dim=None, *, axis=None):
    """``exp(x) / sum(exp(x))`` along ``dim`` (``axis``), computed stably.

    Parameters
    ----------
    x : Tensor or array_like
    dim : int or tuple of int, optional
        Axis to normalize over; all elements when None (scipy's default). Also accepted as
        ``axis``.
    """
    axis = axis if dim is None else dim
    return softmax_(x, axis=None if axis is None else zero_d_axis(x, axis))


def log_softmax(x, dim=None, *, axis=None):
    """``x - logsumexp(x)`` along ``dim`` (``axis``), computed stably.

    Parameters
    ----------
    x : Tensor or array_like
    dim : int or tuple of int, optional
        All elements when None. Also accepted as ``axis``.
    """
    axis = axis if dim is None else dim
    return log_softmax_(x, axis=None if axis is None else zero_d_axis(x, axis))

polygamma_.defbatch("elementwise", params=("n",))
softmax_.defbatch("along_axis")
log_softmax_.defbatch("along_axis")
