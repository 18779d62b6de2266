"""The confluent hypergeometric function hyp1f1 (Kummer's M) and Gauss' hyp2f1.

d/dx 1F1(a; b; x) = (a / b) 1F1(a + 1; b + 1; x), written with the primitive itself, so it
differentiates again; it is holomorphic in ``x``, so the rule serves complex ``x`` too. The
derivatives in the parameters ``a`` and ``b`` are double series with no closed form.
"""
import scipy.special as sps

from ..core import primitive
from ._no_closed_form import no_closed_form

__all__ = ["hyp1f1"]

_HINT = " (it is a double series in the parameters)"


def _dx(a, b, x):
    return a / b * hyp1f1(a + 1, b + 1, x)


hyp1f1 = primitive(sps.hyp1f1, name="hyp1f1", grad_fn_name="Hyp1f1Backward0")
hyp1f1.defjvp_per_arg(no_closed_form("hyp1f1", "a", _HINT), no_closed_form("hyp1f1", "b", _HINT),
                      lambda t, ans, a, b, x: t * _dx(a, b, x))
hyp1f1.defvjp_per_arg(no_closed_form("hyp1f1", "a", _HINT), no_closed_form("hyp1f1", "b", _HINT),
                      lambda g, ans, a, b, x: g * _dx(a, b, x))
hyp1f1.__doc__ = """Confluent hypergeometric function ``1F1(a; b; x)``
(``scipy.special.hyp1f1``); differentiable in ``x``, not in ``a`` or ``b``."""


def _dz(a, b, c, z):
    return a * b / c * hyp2f1(a + 1, b + 1, c + 1, z)


# d/dz 2F1(a, b; c; z) = (a b / c) 2F1(a + 1, b + 1; c + 1; z), holomorphic in z.
hyp2f1 = primitive(sps.hyp2f1, name="hyp2f1", grad_fn_name="Hyp2f1Backward0")
hyp2f1.defjvp_per_arg(no_closed_form("hyp2f1", "a", _HINT), no_closed_form("hyp2f1", "b", _HINT),
                      no_closed_form("hyp2f1", "c", _HINT),
                      lambda t, ans, a, b, c, z: t * _dz(a, b, c, z))
hyp2f1.defvjp_per_arg(no_closed_form("hyp2f1", "a", _HINT), no_closed_form("hyp2f1", "b", _HINT),
                      no_closed_form("hyp2f1", "c", _HINT),
                      lambda g, ans, a, b, c, z: g * _dz(a, b, c, z))
hyp2f1.__doc__ = """Gauss' hypergeometric function ``2F1(a, b; c; z)``
(``scipy.special.hyp2f1``); differentiable in ``z``, not in ``a``, ``b`` or ``c``."""
__all__ += ["hyp2f1"]
