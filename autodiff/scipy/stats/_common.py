"""What the distributions share: standardizing, masks decided on values, support handling."""
import numpy as np

from ...core import Tensor
from ...ops.arithmetic import where

__all__ = ["plain", "safe", "standardize", "support"]


def plain(x) -> np.ndarray:
    """The numpy value of a (possibly traced) array: for masks, which carry no derivative."""
    return x.detach().numpy() if isinstance(x, Tensor) else np.asarray(x)


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
