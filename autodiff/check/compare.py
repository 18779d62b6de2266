"""Deciding whether two derivatives agree, and telling a kink from a wrong value."""
from __future__ import annotations

import numpy as np

__all__ = ["tolerance", "mismatch", "classify", "DEFAULT_ATOL", "DEFAULT_RTOL"]

# Tight enough to catch a rule wrong by 1e-6 relative; the finite-difference reference is
# accurate to about 1e-12 on smooth functions, and its own error estimate is added on top.
DEFAULT_ATOL = 1e-8
DEFAULT_RTOL = 1e-7


def tolerance(reference, reference_error, atol, rtol, other=None) -> np.ndarray:
    """Allowed absolute difference per element: ``atol + rtol * |value| + 2 * fd error``."""
    scale = np.abs(reference) if other is None else np.maximum(np.abs(reference), np.abs(other))
    return atol + rtol * scale + 2.0 * np.abs(reference_error)


def mismatch(got, reference, tol) -> np.ndarray:
    """Where ``got`` and ``reference`` differ by more than ``tol`` (nan counts as differing)."""
    with np.errstate(invalid="ignore"):
        return ~(np.abs(got - reference) <= tol)


def classify(got, central, left, right, tol) -> np.ndarray:
    """``"pass"``, ``"fail"`` or ``"non-differentiable"`` per element, given one-sided differences.

    Where the backward and forward differences disagree the point is a kink (or a jump); the
    engine's value is then a valid subgradient if it lies between the two sides, and wrong only
    if it lies outside. Where they agree, the engine must match them.
    """
    got, central, left, right, tol = np.broadcast_arrays(*(np.asarray(a, dtype=np.float64)
                                                           for a in (got, central, left, right,
                                                                     tol)))
    status = np.full(got.shape, "pass", dtype=object)
    with np.errstate(invalid="ignore"):
        off = ~(np.abs(got - central) <= tol)
        finite = np.isfinite(left) & np.isfinite(right)
        kink = off & (~finite | ~(np.abs(left - right) <= tol))
        low, high = np.minimum(left, right) - tol, np.maximum(left, right) + tol
        inside = (got >= low) & (got <= high)
        status[kink & (inside | ~finite)] = "non-differentiable"
        status[kink & finite & ~inside] = "fail"
        smooth = off & ~kink
        agrees = (np.abs(got - left) <= tol) & (np.abs(got - right) <= tol)
        status[smooth & ~agrees] = "fail"
    return status
