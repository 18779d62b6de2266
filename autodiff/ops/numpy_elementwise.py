"""numpy's remaining elementwise functions: angle units, base 2, NaN-ignoring max/min, and
nan_to_num.

``deg2rad``, ``radians``, ``rad2deg`` and ``degrees`` are four ufuncs (numpy keeps the pairs as
separate objects), each a primitive so that ``np.deg2rad(t)`` reaches it through the ufunc
protocol. ``fmax``/``fmin`` differ from ``maximum``/``minimum`` only at NaN, where the other
argument wins and takes the whole derivative.
"""
import math

import numpy as np

from ..core import primitive
from ._util import dtype_of
from .arithmetic import _log_base, _pow_slope, where
from .comparison import isnan, logical_and, logical_not
from .complex_parts import imag, real
from .unary import _unary, cos

__all__ = ["deg2rad", "radians", "rad2deg", "degrees", "exp2", "logaddexp2", "fmax", "fmin",
           "nan_to_num", "positive", "float_power", "fmod", "copysign", "trunc", "rint", "isinf",
           "signbit", "logical_xor", "sinc"]

_LN2 = math.log(2.0)


def _scaling(ufunc, name, factor, grad_fn_name="MulBackward0"):
    """A ufunc that multiplies by a constant: linear, its derivative is that constant."""
    op = primitive(ufunc, name=name, grad_fn_name=grad_fn_name)
    op.defjvp(lambda tangents, ans, x: tangents[0] * factor)
    op.defvjp(lambda g, ans, x: (g * factor,))
    return op


deg2rad = _scaling(np.deg2rad, "deg2rad", math.pi / 180.0)
radians = _scaling(np.radians, "radians", math.pi / 180.0)
rad2deg = _scaling(np.rad2deg, "rad2deg", 180.0 / math.pi)
degrees = _scaling(np.degrees, "degrees", 180.0 / math.pi)

positive = _scaling(np.positive, "positive", 1.0, "PositiveBackward0")

exp2 = _unary(np.exp2, "exp2", "Exp2Backward0", lambda ans, x: ans * _LN2)

# d/dx log2(2^x + 2^y) = 2^x / (2^x + 2^y) = 2^(x - ans): never overflows.
logaddexp2 = primitive(np.logaddexp2, name="logaddexp2", grad_fn_name="Logaddexp2Backward0")
logaddexp2.defjvp_per_arg(lambda t, ans, x, y: t * exp2(x - ans),
                          lambda t, ans, x, y: t * exp2(y - ans))
logaddexp2.defvjp_per_arg(lambda g, ans, x, y: g * exp2(x - ans),
                          lambda g, ans, x, y: g * exp2(y - ans))


def _wins(v, a, b):
    """``v`` where ``a`` is the result of fmax(a, b) (``a`` larger, or ``b`` NaN and ``a`` not),
    half of it at ties (PyTorch's subgradient, as ``maximum``), zero elsewhere."""
    alone = logical_and(isnan(b), logical_not(isnan(a)))
    return where(alone, v, where(a > b, v, where(a == b, v * 0.5, 0)))


def _loses(v, a, b):
    """The same for fmin: ``a`` smaller, or ``b`` NaN."""
    alone = logical_and(isnan(b), logical_not(isnan(a)))
    return where(alone, v, where(a < b, v, where(a == b, v * 0.5, 0)))


fmax = primitive(np.fmax, name="fmax", grad_fn_name="FmaxBackward0")
fmax.defjvp_per_arg(lambda t, ans, x, y: _wins(t, x, y),
                    lambda t, ans, x, y: _wins(t, y, x))
fmax.defvjp_per_arg(lambda g, ans, x, y: _wins(g, x, y),
                    lambda g, ans, x, y: _wins(g, y, x))
fmax.__doc__ = """Elementwise maximum that ignores NaN (``numpy.fmax``)."""

fmin = primitive(np.fmin, name="fmin", grad_fn_name="FminBackward0")
fmin.defjvp_per_arg(lambda t, ans, x, y: _loses(t, x, y),
                    lambda t, ans, x, y: _loses(t, y, x))
fmin.defvjp_per_arg(lambda g, ans, x, y: _loses(g, x, y),
                    lambda g, ans, x, y: _loses(g, y, x))
fmin.__doc__ = """Elementwise minimum that ignores NaN (``numpy.fmin``)."""


def _finite(x, nan, posinf, neginf):
    info = np.finfo(np.dtype(dtype_of(x)))
    hi = info.max if posinf is None else posinf
    lo = info.min if neginf is None else neginf
    # the replaced entries are constants: their derivative is zero, the others pass through
    return where(isnan(x), nan, where(x == np.inf, hi, where(x == -np.inf, lo, x)))


def nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None):
    """NaN and infinities replaced by finite numbers (``numpy.nan_to_num``).

    Finite entries pass their derivative through; replaced entries are constants. Complex input
    is treated part by part, as numpy does.
    """
    kind = np.dtype(dtype_of(x)).kind
    if kind not in "fc":
        return x
    if kind == "c":
        return (_finite(real(x), nan, posinf, neginf)
                + _finite(imag(x), nan, posinf, neginf) * 1j)
    return _finite(x, nan, posinf, neginf)



# -- piecewise constant: no derivative ----------------------------------------------------------
trunc = primitive(np.trunc, name="trunc", differentiable=False)
rint = primitive(np.rint, name="rint", differentiable=False)
isinf = primitive(np.isinf, name="isinf", differentiable=False)
signbit = primitive(np.signbit, name="signbit", differentiable=False)
logical_xor = primitive(np.logical_xor, name="logical_xor", differentiable=False)

# -- float_power: power computed in float64 (or complex128), with power's derivatives -----------
float_power = primitive(np.float_power, name="float_power", grad_fn_name="PowBackward1")
float_power.defjvp_per_arg(lambda t, ans, x, y: t * _pow_slope(x, y),
                           lambda t, ans, x, y: t * _log_base(x, y, ans))
float_power.defvjp_per_arg(lambda g, ans, x, y: g * _pow_slope(x, y),
                           lambda g, ans, x, y: g * _log_base(x, y, ans))

# -- fmod: x - trunc(x / y) * y, the remainder with the sign of x --------------------------------
fmod = primitive(np.fmod, name="fmod", grad_fn_name="FmodBackward0")
fmod.defjvp_per_arg(lambda t, ans, x, y: t,
                    lambda t, ans, x, y: -t * trunc(x / y))
fmod.defvjp_per_arg(lambda g, ans, x, y: g,
                    lambda g, ans, x, y: -g * trunc(x / y))


# -- copysign: |x| with the sign of y; y's derivative is zero (away from its sign change) --------
def _same_sign(x, y):
    return where(signbit(x) == signbit(y), 1.0, -1.0)


copysign = primitive(np.copysign, name="copysign", grad_fn_name="CopysignBackward0")
copysign.defjvp_per_arg(lambda t, ans, x, y: t * _same_sign(x, y), None)
copysign.defvjp_per_arg(lambda g, ans, x, y: g * _same_sign(x, y), None)


# -- sinc(x) = sin(pi x) / (pi x): d/dx = (cos(pi x) - sinc(x)) / x, and 0 at x = 0 ------------
def _sinc_slope(ans, x):
    zero = x == 0
    return where(zero, 0.0, (cos(math.pi * x) - ans) / where(zero, 1.0, x))


sinc = _unary(np.sinc, "sinc", "SincBackward0", _sinc_slope)
sinc.__doc__ = """The normalised sinc ``sin(pi x) / (pi x)`` (``numpy.sinc``); its derivative
at 0 is 0 (the second derivative there, -pi^2/3, is not reproduced: a removable
singularity)."""
