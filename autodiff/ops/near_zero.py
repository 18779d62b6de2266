"""Functions scipy computes without the cancellation of their naive formulas: scipy's own log1p
and expm1 (accurate on complex input too, where numpy's expm1 is not), cosm1, exprel and
log_expit.

Where a derivative cancels as badly as the function (exprel's near 0), it is written as a Taylor
polynomial on a small interval and as the closed form elsewhere, both with differentiable ops,
so it differentiates again; :func:`exprel_prime` and :func:`log1pr_prime` serve the Box-Cox
transforms too.
"""
import math

import scipy.special as sps

from .comparison import where
from .elementwise import log1p
from .unary import _unary, abs as _abs, exp, sigmoid, sin

__all__ = ["special_log1p", "special_expm1", "cosm1", "exprel", "log_expit", "exprel_prime",
           "log1pr_prime"]

special_log1p = _unary(sps.log1p, "special_log1p", "Log1PBackward0", lambda ans, x: 1 / (1 + x))
special_log1p.__doc__ = """``log(1 + x)`` (``scipy.special.log1p``), accurate near 0, complex
too."""
special_expm1 = _unary(sps.expm1, "special_expm1", "Expm1Backward0", lambda ans, x: ans + 1)
special_expm1.__doc__ = """``exp(x) - 1`` (``scipy.special.expm1``), accurate near 0, complex
too."""
cosm1 = _unary(sps.cosm1, "cosm1", "Cosm1Backward0", lambda ans, x: -sin(x))
cosm1.__doc__ = """``cos(x) - 1`` (``scipy.special.cosm1``), accurate near 0."""
# log(expit(x)) = -softplus(-x): d/dx = 1 - expit(x) = expit(-x).
log_expit = _unary(sps.log_expit, "log_expit", "LogSigmoidBackward0",
                   lambda ans, x: sigmoid(-x))
log_expit.__doc__ = """``log(expit(x))`` (``scipy.special.log_expit``), without overflow or
underflow; d/dx = expit(-x)."""

_SMALL = 1e-2     # below it the Taylor polynomials are exact to double precision


def _small(t):
    """``(small, ts, tl)``: the mask |t| < _SMALL, t where small (else 0) for the polynomial,
    and t where not small (else 1) for the closed form, so neither branch meets 0 / 0."""
    small = _abs(t) < _SMALL
    return small, where(small, t, 0.0), where(small, 1.0, t)


def exprel_prime(t):
    """d/dt exprel(t) = (exp(t) - exprel(t)) / t = sum_{k>=1} k t^(k-1) / (k+1)!."""
    small, ts, tl = _small(t)
    poly = 0.0
    for k in range(9, 0, -1):              # Horner: terms to t^8, below 1e-20 relative
        poly = poly * ts + k / math.factorial(k + 1)
    return where(small, poly, (exp(tl) - exprel(tl)) / tl)


def log1pr_prime(t):
    """d/dt [log1p(t) / t] = (t / (1 + t) - log1p(t)) / t^2 = sum_{k>=1} (-1)^k k t^(k-1) / (k+1).
    """
    small, ts, tl = _small(t)
    poly = 0.0
    for k in range(10, 0, -1):
        poly = poly * ts + (-1) ** k * k / (k + 1)
    return where(small, poly, (tl / (1 + tl) - log1p(tl)) / (tl * tl))


# exprel(x) = (exp(x) - 1) / x, 1 at 0.
exprel = _unary(sps.exprel, "exprel", "ExprelBackward0", lambda ans, x: exprel_prime(x))
exprel.__doc__ = """``(exp(x) - 1) / x``, 1 at 0 (``scipy.special.exprel``), accurate near 0."""
