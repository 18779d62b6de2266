"""What the distributions share: standardizing, masks decided on values, support handling."""
import numpy as np

from ...core import Tensor
from ...ops.arithmetic import where
from ...ops.comparison import stop_gradient
from ...ops.elementwise import expm1, log1p
from ...ops.unary import exp, log

__all__ = ["as_params", "float_dtype", "log1mexp", "plain", "safe", "standardize", "support"]


def plain(x) -> np.ndarray:
    """The numpy value of a (possibly traced) array, for checks and decisions that carry no
    derivative (inside ``ad.jit``: the recording's value; ``mask_value`` records a mask)."""
    return np.asarray(x._data) if isinstance(x, Tensor) else np.asarray(x)


def mask_value(x):
    """:func:`plain` for a support mask: inside ``ad.jit`` a traced value without derivative,
    so the mask is recorded (the recording's values, replayed as constants, kept every later
    point on the side of the support boundary the first one was on: nan or a wrong 0)."""
    if isinstance(x, Tensor) and x._recorded():
        return stop_gradient(x)
    return plain(x)


def standardize(x, loc, scale):
    """``(x - loc) / scale``, scipy's location-scale convention."""
    return (x - loc) / scale


def support(inside, value, outside):
    """``value`` where ``inside`` holds, else the constant ``outside``.

    ``inside`` is a numpy bool mask (no derivative). Where it is False the gradient is 0; the
    caller computes ``value`` from inputs made safe there (see :func:`safe`) so that no nan
    from outside the support leaks into the gradient (``0 * nan``).
    """
    return where(inside, value, outside)


def safe(inside, x, fill=1.0):
    """``x`` where ``inside``, else ``fill``: an input safe to evaluate outside the support."""
    return where(inside, x, fill)


def float_dtype(value) -> np.dtype:
    """``value``'s dtype if it is a float one, else float64."""
    dtype = np.dtype(getattr(value, "dtype", np.float64))
    return dtype if dtype.kind == "f" else np.dtype(np.float64)


def as_params(*values):
    """``values`` with Python numbers made arrays of the others' float dtype.

    A special function of a Python number returns a float64 numpy scalar, which numpy promotes
    with (float32 arrays stay float32 only if every constant they meet is weakly typed);
    converting the numbers first keeps float32 data float32, as numpy itself would.
    """
    dtypes = [v.dtype for v in values if hasattr(v, "dtype")]
    dtype = np.result_type(*dtypes, 0.0) if dtypes else np.dtype(np.float64)
    if dtype.kind != "f":
        dtype = np.dtype(np.float64)
    return tuple(np.asarray(v, dtype=dtype)
                 if isinstance(v, (int, float)) and not isinstance(v, bool) else v
                 for v in values)


def log1mexp(a):
    """``log(1 - exp(a))`` for ``a <= 0``, accurate at both ends (Maechler's switch at -log 2):
    what a ``logcdf`` is, given an accurate ``logsf`` (and the other way round)."""
    near = plain(a) > -0.6931471805599453
    return where(near, log(-expm1(where(near, a, -1.0))), log1p(-exp(where(near, -1.0, a))))
