"""PyTorch's top-level functions that are a Tensor method called on their first argument.

``torch.all(x)``, ``torch.greater(x, y)``, ``torch.relu_(x)``, ``torch.isneginf(x)``, ...
are ``x.all()``, ``x.greater(y)``, ``x.relu_()``: one function per name, which calls the
method (so the two never disagree), plus ``isin``, ``rsub``, ``scalar_tensor`` and
``trapz``.
"""
from __future__ import annotations

import numpy as np

from . import ops as _ops
from .core import Tensor
from .creation import as_tensor, tensor

_METHOD_NAMES = (
    "all", "any", "greater", "greater_equal", "less", "less_equal", "not_equal", "logical_xor",
    "isneginf", "isposinf", "isreal", "bincount", "bitwise_and", "bitwise_or", "bitwise_xor",
    "bitwise_not", "bitwise_left_shift", "bitwise_right_shift", "diagflat", "i0", "unflatten",
    "mvlgamma", "index_put", "split_with_sizes", "addr", "resolve_conj", "resolve_neg",
    "conj_physical",
    # in place: the function writes into its first argument, as the method does
    "abs_", "acos_", "acosh_", "arccos_", "arccosh_", "arcsin_", "arcsinh_", "arctan_",
    "arctanh_", "asin_", "asinh_", "atan_", "atanh_", "ceil_", "clamp_", "clamp_max_",
    "clamp_min_", "clip_", "cos_", "cosh_", "deg2rad_", "erf_", "erfc_", "exp2_", "exp_",
    "expm1_", "fill_", "fix_", "floor_", "frac_", "gcd_", "i0_", "index_put_", "lcm_", "ldexp_",
    "log10_", "log1p_", "log2_", "log_", "logit_", "nan_to_num_", "neg_", "negative_",
    "rad2deg_", "reciprocal_", "relu_", "round_", "rsqrt_", "sigmoid_", "sin_", "sinc_", "sinh_",
    "sqrt_", "square_", "tan_", "tanh_", "trunc_", "xlogy_", "zero_",
)

__all__ = list(_METHOD_NAMES) + ["isin", "rsub", "scalar_tensor", "trapz"]


def _from_method(name):
    def function(input, *args, **kwargs):
        """The Tensor method of this name, called on ``input`` (docstring set below)."""
        if not isinstance(input, Tensor):
            raise TypeError(f"{name}(): argument 'input' must be Tensor, not "
                            f"{type(input).__name__}")
        return getattr(input, name)(*args, **kwargs)
    function.__name__ = name
    function.__doc__ = (f"``input.{name}(...)`` as a function (PyTorch's ``torch.{name}``): "
                        f"{(getattr(Tensor, name).__doc__ or '').strip().splitlines()[0]}")
    return function


globals().update({name: _from_method(name) for name in _METHOD_NAMES})


def isin(elements, test_elements, *, assume_unique=False, invert=False):
    """Whether each of ``elements`` is among ``test_elements`` (bool; no derivative)."""
    raw = test_elements._data if isinstance(test_elements, Tensor) else test_elements
    found = np.isin(elements._data if isinstance(elements, Tensor) else elements, raw,
                    assume_unique=assume_unique, invert=invert)
    return tensor(found)


def rsub(input, other, *, alpha=1):
    """``other - alpha * input`` (the subtraction with its operands swapped)."""
    return other - alpha * input if alpha != 1 else other - input


def scalar_tensor(s, *, dtype=None, device=None, requires_grad=False):
    """A 0-d tensor holding ``s`` (float32 unless ``dtype``)."""
    return tensor(float(s) if dtype is None else s, dtype=dtype, device=device,
                  requires_grad=requires_grad)


def trapz(y, x=None, *, dx=None, dim=-1):
    """The trapezoidal rule along ``dim`` (PyTorch's older name of ``trapezoid``)."""
    if x is None:
        return _ops.trapezoid(y, dx=1.0 if dx is None else dx, axis=dim)
    return _ops.trapezoid(y, as_tensor(x) if not isinstance(x, Tensor) else x, axis=dim)
