"""More elementwise functions: logarithms and exponentials near 0, trigonometric and hyperbolic
functions and their inverses, softplus, clip, and the binary arctan2, hypot, logaddexp.

Each op's derivative stands next to its numpy implementation. Derivatives are written with ops
that have rules themselves, so they differentiate again (higher order). Constants are Python
floats, so float32 inputs stay float32 under numpy's promotion rules.
"""
import math

import numpy as np

from ..core import primitive
from .comparison import logical_and as _and, where
from .complex_parts import imag, real
from .unary import _unary, exp, sigmoid, sqrt

__all__ = ["expm1", "log1p", "log2", "log10", "cbrt", "square", "reciprocal", "tan", "arcsin",
           "arccos", "arctan", "sinh", "cosh", "arcsinh", "arccosh", "arctanh", "softplus",
           "clip", "clamp", "arctan2", "hypot", "logaddexp", "angle"]

_LN2 = math.log(2.0)
_LN10 = math.log(10.0)

# -- unary: d/dx as a function of (ans, x) ------------------------------------------------------
expm1 = _unary(np.expm1, "expm1", "Expm1Backward0", lambda ans, x: ans + 1)
log1p = _unary(np.log1p, "log1p", "Log1PBackward0", lambda ans, x: 1 / (1 + x))
log2 = _unary(np.log2, "log2", "Log2Backward0", lambda ans, x: 1 / (x * _LN2))
log10 = _unary(np.log10, "log10", "Log10Backward0", lambda ans, x: 1 / (x * _LN10))
# cbrt'(0) is +inf, as 1 / (3 * 0**2) says; PyTorch (pow(x, 1/3)) agrees away from 0.
cbrt = _unary(np.cbrt, "cbrt", "CbrtBackward0", lambda ans, x: 1 / (3 * ans * ans))
square = _unary(np.square, "square", "PowBackward0", lambda ans, x: 2 * x)
reciprocal = _unary(np.reciprocal, "reciprocal", "ReciprocalBackward0",
                    lambda ans, x: -(ans * ans))
tan = _unary(np.tan, "tan", "TanBackward0", lambda ans, x: 1 + ans * ans)
arcsin = _unary(np.arcsin, "arcsin", "AsinBackward0", lambda ans, x: 1 / sqrt(1 - x * x))
arccos = _unary(np.arccos, "arccos", "AcosBackward0", lambda ans, x: -1 / sqrt(1 - x * x))
arctan = _unary(np.arctan, "arctan", "AtanBackward0", lambda ans, x: 1 / (1 + x * x))
sinh = _unary(np.sinh, "sinh", "SinhBackward0", lambda ans, x: cosh(x))
cosh = _unary(np.cosh, "cosh", "CoshBackward0", lambda ans, x: sinh(x))
arcsinh = _unary(np.arcsinh, "arcsinh", "AsinhBackward0", lambda ans, x: 1 / sqrt(x * x + 1))
arccosh = _unary(np.arccosh, "arccosh", "AcoshBackward0", lambda ans, x: 1 / sqrt(x * x - 1))
arctanh = _unary(np.arctanh, "arctanh", "AtanhBackward0", lambda ans, x: 1 / (1 - x * x))

# softplus(x) = log(1 + e^x), computed without overflow; its derivative is the sigmoid.
softplus = _unary(lambda x: np.logaddexp(0, x), "softplus", "SoftplusBackward0",
                  lambda ans, x: sigmoid(x))
softplus.__doc__ = """Elementwise ``log(1 + exp(x))``, computed without overflow.

Its derivative is :func:`sigmoid`. Unlike PyTorch's default ``threshold=20`` there is no switch
to the identity for large ``x``; the two agree to about ``exp(-20)``.
"""


# -- clip: three arguments, the bounds differentiable too (PyTorch's clamp with tensor bounds) ----
def _clip_impl(x, lo, hi):
    return np.minimum(np.maximum(x, lo), hi)


def _clamp_name(args, kwargs):
    # PyTorch: ClampBackward1 for number bounds, ClampBackward0 for tensor bounds
    tensor_bound = args is not None and any(np.ndim(b) > 0 or hasattr(b, "_data")
                                            for b in args[1:])
    return "ClampBackward0" if tensor_bound else "ClampBackward1"


_clip = primitive(_clip_impl, name="clip", grad_fn_name=_clamp_name)
# PyTorch's convention: x passes its derivative where lo <= x <= hi (both ends inclusive); a
# bound gets it where x lies strictly beyond that bound.
_clip.defjvp_per_arg(lambda t, ans, x, lo, hi: where(_and(x >= lo, x <= hi), t, 0),
                     lambda t, ans, x, lo, hi: where(x < lo, t, 0),
                     lambda t, ans, x, lo, hi: where(x > hi, t, 0))
_clip.defvjp_per_arg(lambda g, ans, x, lo, hi: where(_and(x >= lo, x <= hi), g, 0),
                     lambda g, ans, x, lo, hi: where(x < lo, g, 0),
                     lambda g, ans, x, lo, hi: where(x > hi, g, 0))


def clip(x, a_min=None, a_max=None, *, min=None, max=None):
    """Limit the values of ``x`` to ``[a_min, a_max]`` (numpy's ``clip``, PyTorch's ``clamp``).

    Parameters
    ----------
    x : Tensor or array_like
    a_min, a_max : Tensor, array_like or None
        Bounds; ``None`` means unbounded on that side. Also accepted as ``min`` / ``max``.
        Tensor bounds are differentiated too.

    Returns
    -------
    Tensor
        ``x`` passes its gradient where ``a_min <= x <= a_max`` (ends included, as PyTorch); a
        bound receives it where ``x`` lies strictly beyond that bound.
    """
    lo = a_min if a_min is not None else min
    hi = a_max if a_max is not None else max
    if lo is None and hi is None:
        raise ValueError("clip: at least one of a_min (min) and a_max (max) must be given")
    return _clip(x, -np.inf if lo is None else lo, np.inf if hi is None else hi)


def _python_number(v):
    """A numpy scalar bound as the Python number it holds: PyTorch reads ``np.float64(0.5)`` as
    a float, which keeps a float32 tensor float32 (numpy's clip would promote to float64)."""
    return v.item() if isinstance(v, np.generic) else v


def clamp(x, min=None, max=None):
    """PyTorch's name for :func:`clip`, with PyTorch's promotion of numpy scalar bounds (a
    Python number's: they do not change the tensor's dtype)."""
    return clip(x, _python_number(min), _python_number(max))


# -- binary ------------------------------------------------------------------------------------
arctan2 = primitive(np.arctan2, name="arctan2", grad_fn_name="Atan2Backward0")


def _radius2(y, x):
    """``x^2 + y^2``, 1 at the origin, where arctan2 has no derivative and PyTorch gives 0
    (the numerators are 0 there)."""
    r2 = x * x + y * y
    return where(r2 == 0, 1.0, r2)


arctan2.defjvp_per_arg(lambda t, ans, y, x: t * x / _radius2(y, x),
                       lambda t, ans, y, x: -t * y / _radius2(y, x))
arctan2.defvjp_per_arg(lambda g, ans, y, x: g * x / _radius2(y, x),
                       lambda g, ans, y, x: -g * y / _radius2(y, x))

hypot = primitive(np.hypot, name="hypot", grad_fn_name="HypotBackward0")
hypot.defjvp_per_arg(lambda t, ans, x, y: t * x / ans,
                     lambda t, ans, x, y: t * y / ans)
hypot.defvjp_per_arg(lambda g, ans, x, y: g * x / ans,
                     lambda g, ans, x, y: g * y / ans)

# d/dx log(e^x + e^y) = e^(x - ans): the softmax weight of x, never overflowing.
logaddexp = primitive(np.logaddexp, name="logaddexp", grad_fn_name="LogaddexpBackward0")
logaddexp.defjvp_per_arg(lambda t, ans, x, y: t * exp(x - ans),
                         lambda t, ans, x, y: t * exp(y - ans))
logaddexp.defvjp_per_arg(lambda g, ans, x, y: g * exp(x - ans),
                         lambda g, ans, x, y: g * exp(y - ans))

_clip.defbatch("elementwise")


def angle(z, deg=False):
    """The argument of ``z``, ``arctan2(imag(z), real(z))`` (``numpy.angle``).

    Parameters
    ----------
    z : Tensor or array_like
        Complex or real; on real input the angle is 0 or pi and its derivative zero.
    deg : bool
        Degrees instead of radians.
    """
    out = arctan2(imag(z), real(z))
    return out * (180.0 / np.pi) if deg else out
