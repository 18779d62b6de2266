"""Evaluating sampled and polynomial functions: interp (piecewise linear) and polyval (Horner).

Both are arithmetic on the inputs once the interval of each point is known; the intervals are
read from the values (piecewise constant, no derivative), so the result is differentiable in
the points and in the sampled values or coefficients.
"""
import numpy as np

from ..core import Tensor
from ._util import dtype_of, shape_of
from .comparison import where
from .shape import astype, getitem

__all__ = ["interp", "polyval"]


def _values(x):
    return x._data if isinstance(x, Tensor) else np.asarray(x)


def interp(x, xp, fp, left=None, right=None, period=None):
    """Piecewise-linear interpolation (``numpy.interp``), differentiable in ``x`` and ``fp``
    (``xp``, the increasing sample points, too). Outside ``[xp[0], xp[-1]]`` the value is
    ``left``/``right`` (``fp``'s end values by default), constant in ``x``."""
    if period is not None:
        raise ValueError("interp: period= is not supported on tensors")
    xv, xpv = _values(x), _values(xp)
    for name, v in (("x", xv), ("xp", xpv)):
        if v.dtype.kind == "c":                       # numpy casts them to float64 and refuses
            raise TypeError(f"interp: {name} must be real (numpy refuses complex {name}); only "
                            f"fp may be complex")
    if xpv.ndim != 1 or len(xpv) < 1:
        raise ValueError("interp: xp must be a non-empty 1-D array")
    if len(xpv) == 1:
        return np.interp(xv, xpv, _values(fp)) * 0 + getitem(fp, 0)
    i = np.clip(np.searchsorted(xpv, xv, side="right") - 1, 0, len(xpv) - 2)
    x0, x1 = getitem(xp, i), getitem(xp, i + 1)
    f0, f1 = getitem(fp, i), getitem(fp, i + 1)
    inside = f0 + (f1 - f0) / (x1 - x0) * (x - x0)
    lo = getitem(fp, 0) if left is None else left
    hi = getitem(fp, -1) if right is None else right
    out = where(xv < xpv[0], lo, where(xv > xpv[-1], hi, inside))
    # numpy's interp computes in float64 (complex128 for complex fp)
    dtype = np.result_type(dtype_of(out), np.float64)
    return out if np.dtype(dtype_of(out)) == dtype else astype(out, dtype)


def polyval(p, x):
    """The polynomial with coefficients ``p`` (highest power first) at ``x``
    (``numpy.polyval``), by Horner's rule; differentiable in both."""
    n = shape_of(p)[0] if not isinstance(p, (list, tuple)) else len(p)
    coeff = [p[k] if isinstance(p, (list, tuple)) else getitem(p, k) for k in range(n)]
    y = x * 0 + coeff[0] if n else x * 0
    for c in coeff[1:]:
        y = y * x + c
    return y
