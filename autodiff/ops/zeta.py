"""The Riemann and Hurwitz zeta functions (``scipy.special.zeta(x, q=None)``).

The Hurwitz zeta ``zeta(x, q) = sum_k (k + q)^(-x)`` has d/dq = ``-x zeta(x + 1, q)``. Its
derivative in the exponent ``x`` (and the Riemann zeta's) is a series with no closed form: asking
for it raises :class:`~autodiff.ops._no_closed_form.NoClosedFormError`.
"""
import scipy.special._ufuncs as _sps_ufuncs

from ..core import primitive
from ._no_closed_form import no_closed_form

__all__ = ["hurwitz_zeta", "riemann_zeta"]

_HINT = " (d/dx zeta is an infinite series of logarithms)"

# scipy.special.zeta(x, q) calls this ufunc, so scipy's zeta of a tensor reaches it.
hurwitz_zeta = primitive(_sps_ufuncs._zeta, name="zeta", grad_fn_name="ZetaBackward0")
hurwitz_zeta.defjvp_per_arg(no_closed_form("zeta", "x", _HINT),
                            lambda t, ans, x, q: -t * x * hurwitz_zeta(x + 1, q))
hurwitz_zeta.defvjp_per_arg(no_closed_form("zeta", "x", _HINT),
                            lambda g, ans, x, q: -g * x * hurwitz_zeta(x + 1, q))
hurwitz_zeta.__doc__ = """Hurwitz zeta function ``sum_{k>=0} (k + q)**(-x)``
(``scipy.special.zeta(x, q)``); differentiable in ``q``, not in ``x``."""

# scipy.special.zeta(x) calls this one: its only argument is the exponent.
riemann_zeta = primitive(_sps_ufuncs._riemann_zeta, name="riemann_zeta",
                         grad_fn_name="ZetaBackward0")
riemann_zeta.defjvp_per_arg(no_closed_form("zeta", "x", _HINT))
riemann_zeta.defvjp_per_arg(no_closed_form("zeta", "x", _HINT))
riemann_zeta.__doc__ = """Riemann zeta function (``scipy.special.zeta(x)``), analytically
continued; its derivative has no closed form (NoClosedFormError)."""
