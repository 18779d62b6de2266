"""The von Mises distribution function: scipy's own series (Hill's algorithm) as the value;
d/dx is the von Mises density, written with ``i0e`` so it differentiates again. The derivative
in the concentration ``kappa`` is a series with no closed form.
"""
import math

import numpy as np
import scipy.stats

from ..core import primitive
from ._no_closed_form import no_closed_form
from .bessel import i0e as _i0e
from .unary import cos, exp

__all__ = ["vonmises_cdf"]


def _vonmises_cdf_impl(x, kappa):
    if np.iscomplexobj(x) or np.iscomplexobj(kappa):
        # scipy would drop the imaginary part with only a warning
        raise TypeError("vonmises.cdf is defined for real x and kappa only")
    out = np.asarray(scipy.stats.vonmises.cdf(x, kappa))
    dtype = np.result_type(x, kappa)
    return out.astype(dtype) if dtype.kind == "f" else out   # scipy computes in float64


def _density(x, kappa):
    return exp(kappa * (cos(x) - 1)) / (2 * math.pi * _i0e(kappa))


vonmises_cdf = primitive(_vonmises_cdf_impl, name="vonmises_cdf",
                         grad_fn_name="VonmisesCdfBackward0")
vonmises_cdf.defjvp_per_arg(lambda t, ans, x, kappa: t * _density(x, kappa),
                            no_closed_form("vonmises.cdf", "kappa"))
vonmises_cdf.defvjp_per_arg(lambda g, ans, x, kappa: g * _density(x, kappa),
                            no_closed_form("vonmises.cdf", "kappa"))
vonmises_cdf.defbatch("elementwise")
vonmises_cdf.__doc__ = """The von Mises distribution function of the standardized ``x``
(``scipy.stats.vonmises.cdf(x, kappa)``, unwrapped as scipy's: it grows by 1 per period);
differentiable in ``x``, not in ``kappa``."""
