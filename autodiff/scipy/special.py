"""``autodiff.scipy.special``: ``scipy.special``'s functions, differentiable.

Elementwise functions are registered primitives whose implementation is the scipy ufunc itself,
so their values are scipy's. Where a derivative has no closed form (the order of a Bessel
function, the shape parameters ``a`` and ``b`` of ``betainc``, ``a`` of ``gammainc``), asking for
it raises :class:`NoClosedFormError` for that argument only.
"""
import numpy as np
import scipy.special as sps

from ..core import Tensor
from ..ops import (beta, betainc, betaln, digamma, entr, erf, erfc, erfcinv, erfinv, expit, gamma,
                   gammainc, gammaincc, gammaln, gammasgn, i0, i0e, i1, i1e, iv, ive, j0, j1, jn,
                   jv, kv, log_ndtr, log_softmax, logit, multigammaln, ndtr, ndtri,
                   rgamma, softmax, stdtr, xlog1py, xlogy, y0, y1, yn, yv)
from ..ops._no_closed_form import NoClosedFormError
from ..ops.arithmetic import where
from ..ops.comparison import stop_gradient
from ..ops.special import polygamma_
from ..ops.reductions import amax, sum_
from ..ops.shape import squeeze
from ..ops.statistics import logsumexp as _logsumexp
from ..ops.unary import abs as _abs, exp, log, sign
# scipy.special's functions added with the exponential integrals, zeta and Box-Cox
from ..ops import (boxcox, boxcox1p, cosm1, erfcx, exp1, expi, expn, exprel, huber,
                   hurwitz_zeta, hyp1f1, inv_boxcox, inv_boxcox1p, k0, k0e, k1, k1e, kl_div, kve,
                   log_expit, owens_t, poch, pseudo_huber, rel_entr, riemann_zeta, spence)
from ..ops import fresnel, shichi, sici, special_expm1 as expm1, special_log1p as log1p
from ..ops.gamma_family import gamma as _gamma
from ..ops import stdtrit
from ..ops import (betaincinv, dawsn, erfi, gammainccinv, gammaincinv, hyp2f1, kn, loggamma,
                   ndtri_exp, wrightomega)

__all__ = ["NoClosedFormError", "beta", "betainc", "betaln", "digamma", "entr", "erf", "erfc",
           "erfcinv", "erfinv", "expit", "gamma", "gammainc", "gammaincc", "gammaln", "gammasgn",
           "i0", "i0e", "i1", "i1e", "iv", "ive", "j0", "j1", "jn", "jv", "kv", "log_ndtr",
           "log_softmax", "logit", "logsumexp", "multigammaln", "ndtr", "ndtri", "polygamma",
           "psi", "rgamma", "softmax", "stdtr", "xlog1py", "xlogy", "y0", "y1", "yn", "yv"]

psi = digamma


def polygamma(n, x):
    """The ``n``-th derivative of :func:`digamma` (``scipy.special.polygamma``).

    Parameters
    ----------
    n : int or array_like of int
        Orders, broadcast against ``x``; constants (no derivative).
    x : Tensor or array_like
    """
    orders = np.asarray(n._data if isinstance(n, Tensor) else n)     # static orders
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


# -- more of scipy.special: exponential integrals, zeta, Box-Cox, losses, scaled functions --------
__all__ += ["boxcox", "boxcox1p", "cosm1", "erfcx", "exp1", "expi", "expm1", "expn", "exprel",
            "factorial", "huber", "hyp1f1", "inv_boxcox", "inv_boxcox1p", "k0", "k0e", "k1", "k1e",
            "kl_div", "kve", "log1p", "log_expit", "owens_t", "poch", "pseudo_huber", "rel_entr",
            "spence", "zeta", "sici", "shichi", "fresnel", "betaincinv", "dawsn", "erfi",
            "gammainccinv", "gammaincinv", "hyp2f1", "kn", "loggamma", "ndtri_exp", "wrightomega",
            "stdtrit"]


def zeta(x, q=None):
    """Riemann (``q=None``) or Hurwitz zeta function (``scipy.special.zeta``).

    Parameters
    ----------
    x : Tensor or array_like
        The exponent; its derivative has no closed form (:class:`NoClosedFormError`).
    q : Tensor or array_like, optional
        The Hurwitz shift; d/dq ``zeta(x, q) = -x zeta(x + 1, q)``.

    Returns
    -------
    Tensor
    """
    if q is None:
        return riemann_zeta(x)
    return hurwitz_zeta(x, q)


def factorial(n, exact=False, extend="zero"):
    """``gamma(n + 1)`` (``scipy.special.factorial``), differentiable in ``n`` when inexact.

    Parameters
    ----------
    n : Tensor or array_like
    exact : bool
        True: scipy's exact integers, a constant (no derivative).
    extend : {"zero", "complex"}
        "zero": 0 for ``n < 0`` (scipy's default); "complex": ``gamma(n + 1)`` everywhere.

    Returns
    -------
    Tensor or ndarray
        d/dn = ``gamma(n + 1) digamma(n + 1)``.
    """
    if extend not in ("zero", "complex"):
        raise ValueError(f"factorial: extend must be 'zero' or 'complex', not {extend!r}")
    if exact:
        return sps.factorial(_plain(n), exact=True, extend=extend)
    if extend == "complex":
        return _gamma(n + 1)
    negative = _plain(n) < 0
    return where(negative, 0.0, _gamma(where(negative, 1.0, n) + 1))
