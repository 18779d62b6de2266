"""Exponential integrals and their relatives: exp1, expi, expn, spence, and the sine, cosine,
hyperbolic and Fresnel integrals (sici, shichi, fresnel).

Implementations are scipy's ufuncs; each derivative is an elementary function or a lower member
of the same family, written with primitives that have rules, so it differentiates again. exp1,
expi and spence are holomorphic off their branch cuts, so the same rules serve complex input.
"""
import math

import scipy.special as sps

from ..core import primitive
from ._no_closed_form import no_closed_form
from .comparison import where
from .elementwise import cosh, sinh
from .unary import _unary, cos, exp, log, sin

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


# -- the sine, cosine, hyperbolic sine and cosine integrals and Fresnel's integrals -------------
# scipy returns each pair from one ufunc; here each half is its own primitive (an elementwise op
# with its own rule) and sici, shichi, fresnel return the pair.
def _over_x(f, x):
    """f(x) / x, with the limit 1 at 0 (f is sin or sinh)."""
    zero = x == 0
    safe = where(zero, 1.0, x)
    return where(zero, 1.0, f(safe) / safe)


def _half(ufunc, k):
    """The k-th result of a two-result scipy ufunc, as a one-result function."""
    def impl(x):
        """Result ``k`` of the scipy ufunc."""
        return ufunc(x)[k]
    impl.__name__ = f"{ufunc.__name__}_{k}"
    return impl


si = _unary(_half(sps.sici, 0), "si", "SiBackward0", lambda ans, x: _over_x(sin, x))
si.__doc__ = """Sine integral ``int_0^x sin(t) / t dt`` (the first result of
``scipy.special.sici``)."""
ci = _unary(_half(sps.sici, 1), "ci", "CiBackward0", lambda ans, x: cos(x) / x)
ci.__doc__ = """Cosine integral ``gamma + log(x) + int_0^x (cos(t) - 1) / t dt`` (the second
result of ``scipy.special.sici``)."""
shi = _unary(_half(sps.shichi, 0), "shi", "ShiBackward0", lambda ans, x: _over_x(sinh, x))
shi.__doc__ = """Hyperbolic sine integral ``int_0^x sinh(t) / t dt`` (the first result of
``scipy.special.shichi``)."""
chi = _unary(_half(sps.shichi, 1), "chi", "ChiBackward0", lambda ans, x: cosh(x) / x)
chi.__doc__ = """Hyperbolic cosine integral (the second result of ``scipy.special.shichi``)."""
_HALF_PI = math.pi / 2
fresnel_s = _unary(_half(sps.fresnel, 0), "fresnel_s", "FresnelSBackward0",
                   lambda ans, z: sin(_HALF_PI * z * z))
fresnel_s.__doc__ = """Fresnel sine integral ``int_0^z sin(pi t^2 / 2) dt`` (the first result of
``scipy.special.fresnel``)."""
fresnel_c = _unary(_half(sps.fresnel, 1), "fresnel_c", "FresnelCBackward0",
                   lambda ans, z: cos(_HALF_PI * z * z))
fresnel_c.__doc__ = """Fresnel cosine integral ``int_0^z cos(pi t^2 / 2) dt`` (the second result
of ``scipy.special.fresnel``)."""


def sici(x):
    """Sine and cosine integrals ``(si(x), ci(x))`` (``scipy.special.sici``).

    Parameters
    ----------
    x : Tensor or array_like

    Returns
    -------
    (Tensor, Tensor)
        d si/dx = sin(x) / x, d ci/dx = cos(x) / x.
    """
    return si(x), ci(x)


def shichi(x):
    """Hyperbolic sine and cosine integrals ``(shi(x), chi(x))`` (``scipy.special.shichi``).

    Parameters
    ----------
    x : Tensor or array_like

    Returns
    -------
    (Tensor, Tensor)
        d shi/dx = sinh(x) / x, d chi/dx = cosh(x) / x.
    """
    return shi(x), chi(x)


def fresnel(z):
    """Fresnel integrals ``(S(z), C(z))`` (``scipy.special.fresnel``).

    Parameters
    ----------
    z : Tensor or array_like

    Returns
    -------
    (Tensor, Tensor)
        dS/dz = sin(pi z^2 / 2), dC/dz = cos(pi z^2 / 2).
    """
    return fresnel_s(z), fresnel_c(z)


__all__ += ["si", "ci", "shi", "chi", "fresnel_s", "fresnel_c", "sici", "shichi", "fresnel"]
