"""The error function's inverses and the normal distribution's functions: erfinv, erfcinv,
ndtr, log_ndtr, ndtri (scipy's ufuncs as implementations; ``erf``/``erfc`` stand with the other
special functions).
"""
import math

import scipy.special as sps

from .unary import _unary, exp

__all__ = ["erfinv", "erfcinv", "ndtr", "log_ndtr", "ndtri"]

_SQRT_PI_OVER_2 = math.sqrt(math.pi) / 2
_INV_SQRT_2PI = 1 / math.sqrt(2 * math.pi)
_SQRT_2PI = math.sqrt(2 * math.pi)

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
