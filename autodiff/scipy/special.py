"""``autodiff.scipy.special``: ``scipy.special``'s functions, differentiable.

Elementwise functions are registered primitives whose implementation is the scipy ufunc itself,
so their values are scipy's. Where a derivative has no closed form (the order of a Bessel
function, the shape parameters ``a`` and ``b`` of ``betainc``, ``a`` of ``gammainc``), asking for
it raises :class:`NoClosedFormError` for that argument only.
"""
import numpy as np

from ..core import Tensor
from ..ops import (beta, betainc, betaln, digamma, entr, erf, erfc, erfcinv, erfinv, expit, gamma,
                   gammainc, gammaincc, gammaln, gammasgn, i0, i0e, i1, i1e, iv, ive, j0, j1, jn,
                   jv, kv, log_ndtr, log_softmax, logit, multigammaln, ndtr, ndtri,
                   rgamma, softmax, stdtr, xlog1py, xlogy, y0, y1, yn, yv)
from ..ops import (betaincinv, dawsn, erfcx, exp1, expi, gammainccinv, gammaincinv, k0, k0e,
                   k1, k1e, kve, softplus, spence, stdtrit)
from ..ops import zeta as _zeta
from ..ops._no_closed_form import NoClosedFormError
from ..ops.arithmetic import where
from ..ops.comparison import stop_gradient
from ..ops.special import polygamma_
from ..ops.reductions import amax, sum_
from ..ops.shape import squeeze
from ..ops.statistics import logsumexp as _logsumexp
from ..ops.unary import abs as _abs, exp, log, sign

__all__ = ["NoClosedFormError", "beta", "betainc", "betaln", "digamma", "entr", "erf", "erfc",
           "erfcinv", "erfinv", "expit", "gamma", "gammainc", "gammaincc", "gammaln", "gammasgn",
           "i0", "i0e", "i1", "i1e", "iv", "ive", "j0", "j1", "jn", "jv", "kv", "log_ndtr",
           "log_softmax", "logit", "logsumexp", "multigammaln", "ndtr", "ndtri", "polygamma",
           "psi", "rgamma", "softmax", "stdtr", "xlog1py", "xlogy", "y0", "y1", "yn", "yv",
           "dawsn", "erfcx", "exp1", "expi", "k0", "k0e", "k1", "k1e", "kve", "spence", "zeta",
           "kl_div", "rel_entr", "log_expit", "factorial", "poch", "loggamma", "gammaincinv",
           "gammainccinv", "betaincinv", "stdtrit"]

psi = digamma


def polygamma(n, x):
    """The ``n``-th derivative of :func:`digamma` (``scipy.special.polygamma``).

    Parameters
    ----------
    n : int or array_like of int
        Orders, broadcast against ``x``; constants (no derivative).
    x : Tensor or array_like
    """
    orders = np.asarray(_plain(n))
    if orders.ndim == 0:
        return polygamma_(x, n=int(orders))
    if np.any(orders != np.floor(orders)) or np.any(orders < 0):
        raise ValueError("polygamma: the orders n must be non-negative integers")
    out = 0.0
    for k in np.unique(orders):
        out = out + where(orders == k, polygamma_(x, n=int(k)), 0.0)
    return out


def logsumexp(a, axis=None, b=None, keepdims=False, return_sign=False):
    """``log(sum(b * exp(a)))`` over ``axis``, without overflow (``scipy.special.logsumexp``).

    Parameters
    ----------
    a : Tensor or array_like
    axis : int or tuple of int, optional
        All elements when None.
    b : Tensor or array_like, optional
        Weights, broadcast against ``a``; may be negative (then see ``return_sign``).
        Differentiable too.
    keepdims : bool
    return_sign : bool
        Return ``(log|sum|, sign(sum))``; otherwise a negative sum gives nan, as scipy.

    Returns
    -------
    Tensor, or (Tensor, Tensor)
        The sign has no derivative.
    """
    if isinstance(axis, list):
        axis = tuple(axis)
    if b is None and not return_sign:
        return _logsumexp(a, axis=axis, keepdims=keepdims)
    if b is None:
        b = 1.0
    shifted = a + 0 * b                                  # a broadcast to the weighted shape
    m = amax(shifted, axis=axis, keepdims=True)
    # the shift cancels in value and derivative; only keep it finite (all -inf, or an inf)
    m = where(np.isfinite(_plain(m)), m, 0.0)
    s = sum_(b * exp(shifted - m), axis=axis, keepdims=True)
    out = log(_abs(s)) + m
    sgn = sign(s)
    if not keepdims:
        out = squeeze(out, axis) if axis is not None else squeeze(out)
        sgn = squeeze(sgn, axis) if axis is not None else squeeze(sgn)
    if return_sign:
        return out, sgn
    return where(_plain(sgn) < 0, np.nan, out)


def _plain(x):
    """The numpy value of a (possibly traced) array, for constant decisions such as masks; inside
    ``ad.jit`` a traced value without derivative, so the decision is recorded, not frozen."""
    if isinstance(x, Tensor):
        return stop_gradient(x) if x._recorded() else x.detach().numpy()
    return np.asarray(x)


def zeta(x, q=None):
    """Riemann zeta (``q`` None) or Hurwitz zeta ``sum_k (k + q) ** -x``
    (``scipy.special.zeta``).

    Parameters
    ----------
    x : Tensor or array_like
        The exponent; the derivative in ``x`` has no closed form (NoClosedFormError).
    q : Tensor or array_like, optional
        The shift, 1 by default; differentiable: ``d/dq = -x zeta(x + 1, q)``.
    """
    return _zeta(x, 1.0 if q is None else q)


def _domain(x, y):
    xv, yv = _plain(x), _plain(y)
    return (xv > 0) & (yv > 0), (xv == 0) & (yv >= 0)


def rel_entr(x, y):
    """Elementwise relative entropy ``x log(x / y)`` (0 at ``x = 0 <= y``, inf outside the
    domain; ``scipy.special.rel_entr``).

    Parameters
    ----------
    x, y : Tensor or array_like
        Differentiable where both are positive.
    """
    inside, edge = _domain(x, y)
    value = xlogy(x, where(inside, x, 1.0)) - xlogy(x, where(inside, y, 1.0))
    return where(inside, value, where(edge, 0.0 * (x + y), np.inf))


def kl_div(x, y):
    """Elementwise ``x log(x / y) - x + y`` (``y`` at ``x = 0 <= y``, inf outside the domain;
    ``scipy.special.kl_div``).

    Parameters
    ----------
    x, y : Tensor or array_like
        Differentiable where both are positive (and in ``y`` at ``x = 0``).
    """
    inside, edge = _domain(x, y)
    return where(inside, rel_entr(x, y) - x + y, where(edge, y + 0.0 * x, np.inf))


def log_expit(x):
    """``log(expit(x)) = -log(1 + exp(-x))``, without overflow (``scipy.special.log_expit``).

    Parameters
    ----------
    x : Tensor or array_like
    """
    return -softplus(-x)


def factorial(n, exact=False):
    """``n!`` as ``gamma(n + 1)`` (0 for negative ``n``; ``scipy.special.factorial``).

    Parameters
    ----------
    n : Tensor or array_like
    exact : bool
        scipy's exact integer arithmetic has no derivative: on a tensor only ``exact=False``.
    """
    if exact:
        raise TypeError("factorial(exact=True) computes integers, which have no derivative; "
                        "call it on numbers, or use exact=False on tensors")
    return where(_plain(n) < 0, 0.0, gamma(where(_plain(n) < 0, 0.0, n) + 1))


def poch(z, m):
    """Pochhammer's rising factorial ``gamma(z + m) / gamma(z)`` (``scipy.special.poch``).

    Parameters
    ----------
    z, m : Tensor or array_like
        Both differentiable (through ``gammaln``) where neither gamma has a pole.
    """
    return gammasgn(z + m) * gammasgn(z) * exp(gammaln(z + m) - gammaln(z))


def loggamma(x):
    """The principal branch of ``log(gamma(x))`` on real ``x > 0`` (``scipy.special.loggamma``;
    nan for real ``x <= 0``, as scipy).

    Parameters
    ----------
    x : Tensor or array_like
        Real; the complex branch is not differentiated here (a clear TypeError).
    """
    if np.iscomplexobj(_plain(x)):
        raise TypeError("loggamma of complex input has no derivative rule here; use gammaln "
                        "of real input")
    positive = _plain(x) > 0
    return where(positive, gammaln(where(positive, x, 1.0)), np.nan)
