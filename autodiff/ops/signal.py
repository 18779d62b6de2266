"""N-dimensional convolution (the full linear convolution; ``autodiff.scipy.signal`` slices it
for scipy's ``same`` and ``valid`` modes, and flips for correlation).

The output is bilinear in the two inputs; each cotangent is a correlation of the output's
cotangent with the other input, i.e. a slice of a full convolution with the other input
flipped, so the rules differentiate again.
"""
import importlib

from ..core import primitive
from ._util import shape_of
from .rearrange import flip
from .shape import getitem

__all__ = ["convolve_full"]


def _convolve_full_impl(x, y):
    # scipy.signal takes most of a second to import (it pulls in scipy.stats): loaded on the
    # first convolution, not with autodiff.
    signal = importlib.import_module("scipy.signal")
    return signal.convolve(x, y, mode="full", method="direct")


def _correlate_valid(g, other, like):
    """``sum_n g[n + k] other[n]`` for each index ``k`` of ``like``: the full convolution of ``g``
    with ``other`` flipped, from index ``len(other) - 1`` on each axis."""
    full = convolve_full(g, flip(other))
    index = tuple(slice(m - 1, m - 1 + n) for m, n in zip(shape_of(other), shape_of(like)))
    return getitem(full, index)


convolve_full = primitive(_convolve_full_impl, name="convolve_nd",
                         grad_fn_name="ConvolutionBackward0")
convolve_full.defjvp_per_arg(lambda t, ans, x, y: convolve_full(t, y),
                             lambda t, ans, x, y: convolve_full(x, t))
convolve_full.defvjp_per_arg(lambda g, ans, x, y: _correlate_valid(g, y, x),
                             lambda g, ans, x, y: _correlate_valid(g, x, y))
convolve_full.__doc__ = """Full N-D linear convolution of two arrays with the same number of
dimensions (``scipy.signal.convolve(x, y, mode="full")``)."""
