"""More of ``scipy.special`` (what ``jax.scipy.special`` differentiates beyond autograd): the
exponential integrals exp1 and expi, erfcx, Dawson's integral, Spence's function, the modified
Bessel functions of the second kind k0, k1 and their scaled forms k0e, k1e, kve, and Hurwitz's
zeta in ``q``.

Each is scipy's ufunc with its derivative written with the registry's primitives, so it
differentiates again:

- ``exp1' = -exp(-x) / x``, ``expi' = exp(x) / x``;
- ``erfcx' = 2 x erfcx(x) - 2 / sqrt(pi)``, ``dawsn' = 1 - 2 x dawsn(x)``;
- ``spence' = log(z) / (1 - z)`` (its Taylor series next to ``z = 1``);
- ``k0' = -k1``, ``k1' = -(k0 + K_2) / 2``; the scaled ``k*e(x) = k*(x) exp(x)`` add themselves;
- ``d zeta(x, q) / dq = -x zeta(x + 1, q)``; the derivative in ``x`` has no closed form.
"""
import math

import scipy.special as sps

from ..core import primitive
from ._no_closed_form import no_closed_form
from .bessel import kv
from .comparison import where
from .unary import _unary, abs as abs_, exp, log

__all__ = ["exp1", "expi", "erfcx", "dawsn", "spence", "k0", "k1", "k0e", "k1e", "kve", "zeta"]

_TWO_OVER_SQRT_PI = 2 / math.sqrt(math.pi)

exp1 = _unary(sps.exp1, "exp1", "Exp1Backward0", lambda ans, x: -exp(-x) / x)
exp1.__doc__ = """Exponential integral ``E1(x) = int_x^inf exp(-t) / t dt``
(``scipy.special.exp1``)."""
expi = _unary(sps.expi, "expi", "ExpiBackward0", lambda ans, x: exp(x) / x)
expi.__doc__ = """Exponential integral ``Ei(x)`` (``scipy.special.expi``)."""
erfcx = _unary(sps.erfcx, "erfcx", "ErfcxBackward0",
               lambda ans, x: 2 * x * ans - _TWO_OVER_SQRT_PI)
erfcx.__doc__ = """Scaled complementary error function ``exp(x**2) * erfc(x)``
(``scipy.special.erfcx``)."""
dawsn = _unary(sps.dawsn, "dawsn", "DawsnBackward0", lambda ans, x: 1 - 2 * x * ans)
dawsn.__doc__ = """Dawson's integral ``exp(-x**2) int_0^x exp(t**2) dt``
(``scipy.special.dawsn``)."""


def _spence_derivative(ans, z):
    # log(z) / (1 - z) is 0/0 at z = 1: near there, its Taylor series (which differentiates
    # again to the right higher derivatives)
    d = z - 1
    near = abs_(d) < 1e-4                   # a traced comparison: ad.jit replays it
    series = -1 + d * (0.5 + d * (-1 / 3 + d * 0.25))
    safe = where(near, 2.0, z)              # keeps the formula finite where it is not taken
    return where(near, series, log(safe) / (1 - safe))


spence = _unary(sps.spence, "spence", "SpenceBackward0", _spence_derivative)
spence.__doc__ = """Spence's function (dilogarithm) ``int_1^z log(t) / (1 - t) dt``
(``scipy.special.spence``)."""

k0 = _unary(sps.k0, "k0", "K0Backward0", lambda ans, x: -k1(x))
k0.__doc__ = """Modified Bessel function of the second kind, order 0 (``scipy.special.k0``)."""
k1 = _unary(sps.k1, "k1", "K1Backward0", lambda ans, x: -(k0(x) + kv(2, x)) * 0.5)
k1.__doc__ = """Modified Bessel function of the second kind, order 1 (``scipy.special.k1``)."""
k0e = _unary(sps.k0e, "k0e", "K0eBackward0", lambda ans, x: ans - k1e(x))
k0e.__doc__ = """Exponentially scaled ``k0(x) * exp(x)`` (``scipy.special.k0e``)."""
k1e = _unary(sps.k1e, "k1e", "K1eBackward0",
             lambda ans, x: ans - (k0e(x) + kve(2, x)) * 0.5)
k1e.__doc__ = """Exponentially scaled ``k1(x) * exp(x)`` (``scipy.special.k1e``)."""

kve = primitive(sps.kve, name="kve")
kve.defjvp_per_arg(no_closed_form("kve", "v"), lambda t, ans, v, x: t * _kve_derivative(v, x, ans))
kve.defvjp_per_arg(no_closed_form("kve", "v"), lambda g, ans, v, x: g * _kve_derivative(v, x, ans))
kve.__doc__ = """Exponentially scaled modified Bessel function of the second kind
``kv(v, x) * exp(x)`` (``scipy.special.kve``); differentiable in ``x``."""


def _kve_derivative(v, x, ans):
    return ans - (kve(v - 1, x) + kve(v + 1, x)) * 0.5


# scipy.special.zeta(x, q) is a Python function over the ufunc _zeta: registering the ufunc
# lets scipy's own zeta reach this primitive through numpy's protocol.
zeta = primitive(getattr(getattr(sps, "_ufuncs", None), "_zeta", sps.zeta), name="zeta")
zeta.defjvp_per_arg(no_closed_form("zeta", "x"), lambda t, ans, x, q: -t * x * zeta(x + 1, q))
zeta.defvjp_per_arg(no_closed_form("zeta", "x"), lambda g, ans, x, q: -g * x * zeta(x + 1, q))
zeta.__doc__ = """Hurwitz zeta ``sum_k (k + q) ** -x`` as a primitive of two arguments;
differentiable in ``q`` (the derivative in ``x`` has no closed form). ``autodiff.scipy.special.
zeta(x, q=None)`` is the public function."""
