"""The gamma function's family: gamma, rgamma, gammasgn, beta, betaln, the regularized
incomplete gamma and beta functions (gammainc, gammaincc, betainc), multigammaln, and the
Student t distribution function stdtr.

Each uses the scipy ufunc itself as implementation. Derivatives are written with primitives
that have rules (digamma, gammaln, betaln, xlogy, xlog1py, exp), so they differentiate again.
The derivative of an incomplete function with respect to its shape parameters (``a``, ``b``,
``df``) is an infinite series with no closed form: asking for it raises
:class:`~autodiff.ops._no_closed_form.NoClosedFormError` naming that argument, while the
derivative in ``x`` works.
"""
import math

import scipy.special as sps

from ..core import primitive
from ._no_closed_form import no_closed_form
from .entropy_terms import xlog1py
from .special import digamma, gammaln, xlogy
from .unary import _unary, exp, log
from .elementwise import log1p

__all__ = ["gamma", "rgamma", "gammasgn", "beta", "betaln", "gammainc", "gammaincc", "betainc",
           "multigammaln", "stdtr"]

gamma = _unary(sps.gamma, "gamma", "GammaBackward0", lambda ans, x: ans * digamma(x))
gamma.__doc__ = """The gamma function (``scipy.special.gamma``); d/dx = gamma(x) digamma(x)."""
rgamma = _unary(sps.rgamma, "rgamma", "RgammaBackward0", lambda ans, x: -ans * digamma(x))
rgamma.__doc__ = """``1 / gamma(x)`` (``scipy.special.rgamma``), zero at the poles of gamma."""
gammasgn = primitive(sps.gammasgn, name="gammasgn", differentiable=False)
gammasgn.__doc__ = """The sign of gamma(x): piecewise constant, no derivative."""


def _dbeta_da(ans, a, b):
    return digamma(a) - digamma(a + b)


# beta(a, b) = gamma(a) gamma(b) / gamma(a + b); d/da log beta = digamma(a) - digamma(a + b).
beta = primitive(sps.beta, name="beta", grad_fn_name="BetaBackward0")
beta.defjvp_per_arg(lambda t, ans, a, b: t * ans * _dbeta_da(ans, a, b),
                    lambda t, ans, a, b: t * ans * _dbeta_da(ans, b, a))
beta.defvjp_per_arg(lambda g, ans, a, b: g * ans * _dbeta_da(ans, a, b),
                    lambda g, ans, a, b: g * ans * _dbeta_da(ans, b, a))
beta.__doc__ = """The beta function ``gamma(a) gamma(b) / gamma(a + b)``
(``scipy.special.beta``)."""

betaln = primitive(sps.betaln, name="betaln", grad_fn_name="BetalnBackward0")
betaln.defjvp_per_arg(lambda t, ans, a, b: t * _dbeta_da(ans, a, b),
                      lambda t, ans, a, b: t * _dbeta_da(ans, b, a))
betaln.defvjp_per_arg(lambda g, ans, a, b: g * _dbeta_da(ans, a, b),
                      lambda g, ans, a, b: g * _dbeta_da(ans, b, a))
betaln.__doc__ = """``log(|beta(a, b)|)`` (``scipy.special.betaln``)."""


# -- regularized incomplete gamma: P(a, x) = gammainc, Q(a, x) = gammaincc = 1 - P -------------
def _gammainc_dx(a, x):
    """dP/dx = x^(a-1) e^(-x) / gamma(a), the gamma density."""
    return exp(xlogy(a - 1, x) - x - gammaln(a))


_HINT = " (it is an infinite series in the shape parameter)"

gammainc = primitive(sps.gammainc, name="gammainc", grad_fn_name="GammaincBackward0")
gammainc.defjvp_per_arg(no_closed_form("gammainc", "a", _HINT),
                        lambda t, ans, a, x: t * _gammainc_dx(a, x))
gammainc.defvjp_per_arg(no_closed_form("gammainc", "a", _HINT),
                        lambda g, ans, a, x: g * _gammainc_dx(a, x))
gammainc.__doc__ = """Regularized lower incomplete gamma function ``P(a, x)``
(``scipy.special.gammainc``); differentiable in ``x``, not in ``a``."""

gammaincc = primitive(sps.gammaincc, name="gammaincc", grad_fn_name="GammainccBackward0")
gammaincc.defjvp_per_arg(no_closed_form("gammaincc", "a", _HINT),
                         lambda t, ans, a, x: -t * _gammainc_dx(a, x))
gammaincc.defvjp_per_arg(no_closed_form("gammaincc", "a", _HINT),
                         lambda g, ans, a, x: -g * _gammainc_dx(a, x))
gammaincc.__doc__ = """Regularized upper incomplete gamma function ``Q(a, x) = 1 - P(a, x)``
(``scipy.special.gammaincc``); differentiable in ``x``, not in ``a``."""


# -- regularized incomplete beta ------------------------------------------------------------------
def _betainc_dx(a, b, x):
    """dI/dx = x^(a-1) (1-x)^(b-1) / beta(a, b), the beta density."""
    return exp(xlogy(a - 1, x) + xlog1py(b - 1, -x) - betaln(a, b))


betainc = primitive(sps.betainc, name="betainc", grad_fn_name="BetaincBackward0")
betainc.defjvp_per_arg(no_closed_form("betainc", "a", _HINT),
                       no_closed_form("betainc", "b", _HINT),
                       lambda t, ans, a, b, x: t * _betainc_dx(a, b, x))
betainc.defvjp_per_arg(no_closed_form("betainc", "a", _HINT),
                       no_closed_form("betainc", "b", _HINT),
                       lambda g, ans, a, b, x: g * _betainc_dx(a, b, x))
betainc.__doc__ = """Regularized incomplete beta function ``I_x(a, b)``
(``scipy.special.betainc``); differentiable in ``x``, not in ``a`` or ``b``."""


# -- Student t distribution function ----------------------------------------------------------
def _t_density(df, t):
    return exp(gammaln((df + 1) * 0.5) - gammaln(df * 0.5) - 0.5 * math.log(math.pi)
               - 0.5 * log(df) - (df + 1) * 0.5 * log1p(t * t / df))


stdtr = primitive(sps.stdtr, name="stdtr", grad_fn_name="StdtrBackward0")
stdtr.defjvp_per_arg(no_closed_form("stdtr", "df", _HINT),
                     lambda t_, ans, df, t: t_ * _t_density(df, t))
stdtr.defvjp_per_arg(no_closed_form("stdtr", "df", _HINT),
                     lambda g, ans, df, t: g * _t_density(df, t))
stdtr.__doc__ = """Student t distribution function (``scipy.special.stdtr(df, t)``);
differentiable in ``t``, not in ``df``."""


def multigammaln(a, d):
    """Log of the multivariate gamma function (``scipy.special.multigammaln``).

    ``log Gamma_d(a) = d (d-1)/4 log(pi) + sum_{j=1..d} gammaln(a - (j-1)/2)``.

    Parameters
    ----------
    a : Tensor or array_like
        Must be greater than ``(d - 1) / 2``.
    d : int
        Dimension, a constant.
    """
    d = int(d)
    if d < 1 or d != float(d):
        raise ValueError("d should be a positive integer (dimension)")
    out = d * (d - 1) * 0.25 * math.log(math.pi)
    for j in range(d):
        out = out + gammaln(a - j * 0.5)
    return out


# -- Pochhammer symbol: poch(z, m) = gamma(z + m) / gamma(z) ---------------------------------------
poch = primitive(sps.poch, name="poch", grad_fn_name="PochBackward0")
poch.defjvp_per_arg(lambda t, ans, z, m: t * ans * (digamma(z + m) - digamma(z)),
                    lambda t, ans, z, m: t * ans * digamma(z + m))
poch.defvjp_per_arg(lambda g, ans, z, m: g * ans * (digamma(z + m) - digamma(z)),
                    lambda g, ans, z, m: g * ans * digamma(z + m))
poch.__doc__ = """Pochhammer symbol (rising factorial) ``gamma(z + m) / gamma(z)``
(``scipy.special.poch``), differentiable in both."""
__all__ += ["poch"]


# -- log-gamma on the complex plane, and the inverses of the incomplete functions ---------------
loggamma = _unary(sps.loggamma, "loggamma", "LoggammaBackward0", lambda ans, z: digamma(z))
loggamma.__doc__ = """Principal branch of the log-gamma function (``scipy.special.loggamma``);
real for ``x > 0``, complex input too; d/dz = digamma(z)."""


# The inverse x(y) of F(x) = y has dx/dy = 1 / F'(x): exp(-log density) at the result.
def _log_gamma_density(a, x):
    return xlogy(a - 1, x) - x - gammaln(a)


# gammaincinv(a, y) = x with P(a, x) = y; gammainccinv with Q(a, x) = y (Q' = -P').
gammaincinv = primitive(sps.gammaincinv, name="gammaincinv", grad_fn_name="GammaincinvBackward0")
gammaincinv.defjvp_per_arg(no_closed_form("gammaincinv", "a", _HINT),
                           lambda t, ans, a, y: t * exp(-_log_gamma_density(a, ans)))
gammaincinv.defvjp_per_arg(no_closed_form("gammaincinv", "a", _HINT),
                           lambda g, ans, a, y: g * exp(-_log_gamma_density(a, ans)))
gammaincinv.__doc__ = """Inverse of :func:`gammainc` in ``x`` (``scipy.special.gammaincinv``);
differentiable in ``y``, not in ``a``."""
gammainccinv = primitive(sps.gammainccinv, name="gammainccinv",
                         grad_fn_name="GammainccinvBackward0")
gammainccinv.defjvp_per_arg(no_closed_form("gammainccinv", "a", _HINT),
                            lambda t, ans, a, y: -t * exp(-_log_gamma_density(a, ans)))
gammainccinv.defvjp_per_arg(no_closed_form("gammainccinv", "a", _HINT),
                            lambda g, ans, a, y: -g * exp(-_log_gamma_density(a, ans)))
gammainccinv.__doc__ = """Inverse of :func:`gammaincc` in ``x`` (``scipy.special.gammainccinv``);
differentiable in ``y``, not in ``a``."""


def _log_beta_density(a, b, x):
    return xlogy(a - 1, x) + xlog1py(b - 1, -x) - betaln(a, b)


betaincinv = primitive(sps.betaincinv, name="betaincinv", grad_fn_name="BetaincinvBackward0")
betaincinv.defjvp_per_arg(no_closed_form("betaincinv", "a", _HINT),
                          no_closed_form("betaincinv", "b", _HINT),
                          lambda t, ans, a, b, y: t * exp(-_log_beta_density(a, b, ans)))
betaincinv.defvjp_per_arg(no_closed_form("betaincinv", "a", _HINT),
                          no_closed_form("betaincinv", "b", _HINT),
                          lambda g, ans, a, b, y: g * exp(-_log_beta_density(a, b, ans)))
betaincinv.__doc__ = """Inverse of :func:`betainc` in ``x`` (``scipy.special.betaincinv``);
differentiable in ``y``, not in ``a`` or ``b``."""

stdtrit = primitive(sps.stdtrit, name="stdtrit", grad_fn_name="StdtritBackward0")
stdtrit.defjvp_per_arg(no_closed_form("stdtrit", "df", _HINT),
                       lambda t_, ans, df, p: t_ / _t_density(df, ans))
stdtrit.defvjp_per_arg(no_closed_form("stdtrit", "df", _HINT),
                       lambda g, ans, df, p: g / _t_density(df, ans))
stdtrit.__doc__ = """Inverse of ``stdtr(df, .)``: the ``t`` with ``stdtr(df, t) = p``
(``scipy.special.stdtrit``); differentiable in ``p``, not in ``df``."""

__all__ += ["loggamma", "gammaincinv", "gammainccinv", "betaincinv", "stdtrit"]
