"""The error function's inverses and the normal distribution's functions: erfinv, erfcinv,
ndtr, log_ndtr, ndtri (scipy's ufuncs as implementations; ``erf``/``erfc`` stand with the other
special functions).
"""
import math

import scipy.special as sps

from ..core import primitive
from .special import erf
from .unary import _unary, exp

__all__ = ["erfinv", "erfcinv", "ndtr", "log_ndtr", "ndtri"]

_SQRT_PI_OVER_2 = math.sqrt(math.pi) / 2
_INV_SQRT_2PI = 1 / math.sqrt(2 * math.pi)
_SQRT_2PI = math.sqrt(2 * math.pi)
_TWO_OVER_SQRT_PI = 2 / math.sqrt(math.pi)
_INV_SQRT_2 = 1 / math.sqrt(2)

# y = erfinv(x): x = erf(y), so dy/dx = 1 / erf'(y) = sqrt(pi)/2 exp(y^2).
erfinv = _unary(sps.erfinv, "erfinv", "ErfinvBackward0",
                lambda ans, x: _SQRT_PI_OVER_2 * exp(ans * ans))
erfinv.__doc__ = """Inverse of erf on (-1, 1) (``scipy.special.erfinv``)."""
erfcinv = _unary(sps.erfcinv, "erfcinv", "ErfcinvBackward0",
                 lambda ans, x: -_SQRT_PI_OVER_2 * exp(ans * ans))
erfcinv.__doc__ = """Inverse of erfc on (0, 2) (``scipy.special.erfcinv``)."""

ndtr = _unary(sps.ndtr, "ndtr", "NdtrBackward0",
              lambda ans, x: _INV_SQRT_2PI * exp(-0.5 * x * x))
ndtr.__doc__ = """Standard normal distribution function (``scipy.special.ndtr``)."""
# d log Phi(x) = phi(x) / Phi(x) = exp(-x^2/2 - log Phi(x)) / sqrt(2 pi): no underflow for x << 0.
log_ndtr = _unary(sps.log_ndtr, "log_ndtr", "LogNdtrBackward0",
                  lambda ans, x: _INV_SQRT_2PI * exp(-0.5 * x * x - ans))
log_ndtr.__doc__ = """``log(ndtr(x))``, accurate far into the lower tail
(``scipy.special.log_ndtr``)."""
ndtri = _unary(sps.ndtri, "ndtri", "NdtriBackward0",
               lambda ans, x: _SQRT_2PI * exp(0.5 * ans * ans))
ndtri.__doc__ = """Inverse of ndtr, the standard normal quantile (``scipy.special.ndtri``)."""

# erfcx(x) = exp(x^2) erfc(x): d/dx = 2 x erfcx(x) - 2 / sqrt(pi) (holomorphic: complex too).
erfcx = _unary(sps.erfcx, "erfcx", "ErfcxBackward0", lambda ans, x: 2 * x * ans - _TWO_OVER_SQRT_PI)
erfcx.__doc__ = """Scaled complementary error function ``exp(x**2) erfc(x)``
(``scipy.special.erfcx``), without overflow for large ``x``."""


# Owen's T(h, a) = 1/(2 pi) int_0^a exp(-h^2 (1 + t^2) / 2) / (1 + t^2) dt:
# dT/dh = -phi(h) erf(a h / sqrt 2) / 2, dT/da = exp(-h^2 (1 + a^2) / 2) / (2 pi (1 + a^2)).
def _owens_t_dh(h, a):
    return -0.5 * _INV_SQRT_2PI * exp(-0.5 * h * h) * erf(a * h * _INV_SQRT_2)


def _owens_t_da(h, a):
    s = 1 + a * a
    return exp(-0.5 * h * h * s) / (2 * math.pi * s)


owens_t = primitive(sps.owens_t, name="owens_t", grad_fn_name="OwensTBackward0")
owens_t.defjvp_per_arg(lambda t, ans, h, a: t * _owens_t_dh(h, a),
                       lambda t, ans, h, a: t * _owens_t_da(h, a))
owens_t.defvjp_per_arg(lambda g, ans, h, a: g * _owens_t_dh(h, a),
                       lambda g, ans, h, a: g * _owens_t_da(h, a))
owens_t.__doc__ = """Owen's T function ``T(h, a)`` (``scipy.special.owens_t``), differentiable
in both."""
__all__ += ["erfcx", "owens_t"]

# erfi(x) = -i erf(i x): d/dx = 2 / sqrt(pi) exp(x^2); dawsn(x) = sqrt(pi)/2 exp(-x^2) erfi(x):
# d/dx = 1 - 2 x dawsn(x). Both holomorphic.
erfi = _unary(sps.erfi, "erfi", "ErfiBackward0", lambda ans, x: _TWO_OVER_SQRT_PI * exp(x * x))
erfi.__doc__ = """Imaginary error function ``-i erf(i x)`` (``scipy.special.erfi``)."""
dawsn = _unary(sps.dawsn, "dawsn", "DawsnBackward0", lambda ans, x: 1 - 2 * x * ans)
dawsn.__doc__ = """Dawson's integral ``exp(-x**2) int_0^x exp(t**2) dt``
(``scipy.special.dawsn``)."""
# x = ndtri(exp(y)): dx/dy = exp(y) / phi(x) = sqrt(2 pi) exp(y + x^2 / 2).
ndtri_exp = _unary(sps.ndtri_exp, "ndtri_exp", "NdtriExpBackward0",
                   lambda ans, y: _SQRT_2PI * exp(y + 0.5 * ans * ans))
ndtri_exp.__doc__ = """``ndtri(exp(y))`` for ``y <= 0``, accurate for very negative ``y``
(``scipy.special.ndtri_exp``), the inverse of :func:`log_ndtr`."""
__all__ += ["erfi", "dawsn", "ndtri_exp"]
