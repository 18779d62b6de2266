"""The confluent hypergeometric function hyp1f1 (Kummer's M).

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
