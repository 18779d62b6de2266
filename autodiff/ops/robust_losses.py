"""Robust regression losses: huber and pseudo_huber (scipy's ``(delta, r)`` argument order).

Both are differentiable in the residual ``r`` and in the threshold ``delta``; huber's second
derivative in ``r`` jumps at ``|r| = delta``, where the first is still continuous.
"""
import scipy.special as sps

from ..core import primitive
from .comparison import where
from .unary import abs as _abs, sign, sqrt

__all__ = ["huber", "pseudo_huber"]

# huber(delta, r) = r^2 / 2 for |r| <= delta, delta (|r| - delta / 2) beyond.
huber = primitive(sps.huber, name="huber", grad_fn_name="HuberLossBackward0")
huber.defjvp_per_arg(
    lambda t, ans, delta, r: t * where(_abs(r) <= delta, 0.0, _abs(r) - delta),
    lambda t, ans, delta, r: t * where(_abs(r) <= delta, r, delta * sign(r)))
huber.defvjp_per_arg(
    lambda g, ans, delta, r: g * where(_abs(r) <= delta, 0.0, _abs(r) - delta),
    lambda g, ans, delta, r: g * where(_abs(r) <= delta, r, delta * sign(r)))
huber.__doc__ = """Huber loss ``r**2 / 2`` for ``|r| <= delta``, else ``delta (|r| - delta / 2)``
(``scipy.special.huber(delta, r)``), differentiable in both."""


def _root(delta, r):
    """sqrt(1 + (r / delta)^2)."""
    q = r / delta
    return sqrt(1 + q * q)


# pseudo_huber(delta, r) = delta^2 (sqrt(1 + (r / delta)^2) - 1) =: delta^2 (s - 1):
# d/dr = r / s, d/ddelta = 2 ans / delta - r^2 / (delta s).
pseudo_huber = primitive(sps.pseudo_huber, name="pseudo_huber",
                         grad_fn_name="PseudoHuberBackward0")
pseudo_huber.defjvp_per_arg(
    lambda t, ans, delta, r: t * (2 * ans / delta - r * r / (delta * _root(delta, r))),
    lambda t, ans, delta, r: t * r / _root(delta, r))
pseudo_huber.defvjp_per_arg(
    lambda g, ans, delta, r: g * (2 * ans / delta - r * r / (delta * _root(delta, r))),
    lambda g, ans, delta, r: g * r / _root(delta, r))
pseudo_huber.__doc__ = """Pseudo-Huber loss ``delta**2 (sqrt(1 + (r / delta)**2) - 1)``
(``scipy.special.pseudo_huber(delta, r)``), differentiable in both."""
