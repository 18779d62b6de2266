"""Exponential integrals and their relatives: exp1, expi, expn, spence.

Implementations are scipy's ufuncs; each derivative is an elementary function or a lower member
of the same family, written with primitives that have rules, so it differentiates again. exp1,
expi and spence are holomorphic off their branch cuts, so the same rules serve complex input.
"""
import scipy.special as sps

from ..core import primitive
from ._no_closed_form import no_closed_form
from .comparison import where
from .unary import _unary, exp, log

__all__ = ["exp1", "expi", "expn", "spence"]

# E1(z) = int_1^inf exp(-z t) / t dt: d/dz = -exp(-z) / z.
exp1 = _unary(sps.exp1, "exp1", "Exp1Backward0", lambda ans, x: -exp(-x) / x)
exp1.__doc__ = """Exponential integral ``E1(x)`` (``scipy.special.exp1``); d/dx = -exp(-x)/x."""
# Ei(x) = -PV int_{-x}^inf exp(-t) / t dt: d/dx = exp(x) / x.
expi = _unary(sps.expi, "expi", "ExpiBackward0", lambda ans, x: exp(x) / x)
expi.__doc__ = """Exponential integral ``Ei(x)`` (``scipy.special.expi``); d/dx = exp(x)/x."""


def _expn_dx(n, x):
    """d/dx E_n(x) = -E_{n-1}(x); for n = 0 that is -E_{-1}(x) = -exp(-x) (1 + x) / x^2.

    The order fed to expn is kept >= 0 so the branch not taken stays finite (no 0 * nan in a
    second derivative).
    """
    lower = -expn(where(n >= 1, n - 1, 0), x)
    return where(n >= 1, lower, -exp(-x) * (1 + x) / (x * x))


# E_n(x) = int_1^inf exp(-x t) / t^n dt; the order n is an integer, no derivative.
expn = primitive(sps.expn, name="expn", grad_fn_name="ExpnBackward0")
expn.defjvp_per_arg(no_closed_form("expn", "n", " (n is an integer order)"),
                    lambda t, ans, n, x: t * _expn_dx(n, x))
expn.defvjp_per_arg(no_closed_form("expn", "n", " (n is an integer order)"),
                    lambda g, ans, n, x: g * _expn_dx(n, x))
expn.__doc__ = """Generalized exponential integral ``E_n(x)`` (``scipy.special.expn``);
differentiable in ``x`` (d/dx = -E_{n-1}(x)); ``n`` is an integer order."""


def _spence_dz(z):
    """d/dz spence(z) = log(z) / (1 - z), whose limit at z = 1 is -1."""
    one = z == 1
    return where(one, -1.0, log(where(one, 2.0, z)) / (1 - where(one, 2.0, z)))


# scipy's dilogarithm: spence(z) = int_1^z log(t) / (1 - t) dt (= Li2(1 - z)).
spence = _unary(sps.spence, "spence", "SpenceBackward0", lambda ans, z: _spence_dz(z))
spence.__doc__ = """Spence's function ``int_1^z log(t) / (1 - t) dt`` (``scipy.special.spence``);
d/dz = log(z) / (1 - z)."""
