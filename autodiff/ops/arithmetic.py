"""Elementwise arithmetic with broadcasting: + - * / ** neg, maximum, minimum."""
import numpy as np

from ..core import Tensor, primitive
from ._util import zeros
from .comparison import isnan, logical_and, logical_or, where
from .unary import log

__all__ = ["add", "subtract", "multiply", "divide", "negative", "power", "maximum", "minimum",
           "floor_divide", "remainder"]

add = primitive(np.add, name="add", grad_fn_name="AddBackward0")
add.defjvp_per_arg(lambda t, ans, x, y: t,
                   lambda t, ans, x, y: t)
add.defvjp_per_arg(lambda g, ans, x, y: g,
                   lambda g, ans, x, y: g)

def _scalar_first(args) -> bool:
    return args is not None and not isinstance(args[0], (Tensor, np.ndarray))


def _sub_name(args, kwargs):
    # PyTorch records ``2 - t`` as a reversed subtraction, RsubBackward1
    return "RsubBackward1" if _scalar_first(args) else "SubBackward0"


def _div_name(args, kwargs):
    # ... and ``2 / t`` as a product with the reciprocal, MulBackward0
    return "MulBackward0" if _scalar_first(args) else "DivBackward0"


subtract = primitive(np.subtract, name="subtract", grad_fn_name=_sub_name)
subtract.defjvp_per_arg(lambda t, ans, x, y: t,
                        lambda t, ans, x, y: -t)
subtract.defvjp_per_arg(lambda g, ans, x, y: g,
                        lambda g, ans, x, y: -g)

multiply = primitive(np.multiply, name="multiply", grad_fn_name="MulBackward0")
multiply.defjvp_per_arg(lambda t, ans, x, y: t * y,
                        lambda t, ans, x, y: x * t)
multiply.defvjp_per_arg(lambda g, ans, x, y: g * y,
                        lambda g, ans, x, y: x * g)

divide = primitive(np.true_divide, name="divide", grad_fn_name=_div_name)
divide.defjvp_per_arg(lambda t, ans, x, y: t / y,
                      lambda t, ans, x, y: -t * ans / y)
divide.defvjp_per_arg(lambda g, ans, x, y: g / y,
                      lambda g, ans, x, y: -g * ans / y)

negative = primitive(np.negative, name="negative", grad_fn_name="NegBackward0")
negative.defjvp(lambda tangents, ans, x: -tangents[0])
negative.defvjp(lambda g, ans, x: (-g,))


def _pow_name(args, kwargs):
    if args is None:
        return "PowBackward0"
    base_is_tensor = isinstance(args[0], (Tensor, np.ndarray))
    exp_is_tensor = isinstance(args[1], (Tensor, np.ndarray))
    if base_is_tensor and exp_is_tensor:
        return "PowBackward1"
    return "PowBackward0" if base_is_tensor else "PowBackward2"


def _log_base(x, y, ans):
    # d(x**y)/dy = x**y log x, taken as 0 where x == 0 and y >= 0 (PyTorch's choice: the limit).
    safe = where(x == 0, 1, x)
    # logical_and, not &: x may be a Python number, and `bool & Tensor` has no meaning.
    return where(logical_and(x == 0, y >= 0), 0, ans * log(safe))


def _pow_slope(x, y):
    # d(x**y)/dx = y * x**(y-1), and 0 where y == 0: x**0 is constant, but at x == 0 the formula
    # says 0 * inf (PyTorch masks that case too). The masked exponent keeps every order finite.
    if isinstance(y, (int, float)):            # a constant exponent: decided once, here
        return zeros(x) if y == 0 else y * x ** (y - 1)
    return where(y == 0, 0, y * x ** where(y == 0, 1, y - 1))


power = primitive(np.power, name="power", grad_fn_name=_pow_name)
power.defjvp_per_arg(lambda t, ans, x, y: t * _pow_slope(x, y),
                     lambda t, ans, x, y: t * _log_base(x, y, ans))
power.defvjp_per_arg(lambda g, ans, x, y: g * _pow_slope(x, y),
                     lambda g, ans, x, y: g * _log_base(x, y, ans))


def _share(v, a, b):
    """``v`` where ``a`` wins (or is the NaN that the result carries), half of it at ties
    (PyTorch's subgradient), zero elsewhere."""
    return where(logical_or(a > b, isnan(a)), v, where(a == b, v * 0.5, 0))


maximum = primitive(np.maximum, name="maximum", grad_fn_name="MaximumBackward0")
maximum.defjvp_per_arg(lambda t, ans, x, y: _share(t, x, y),
                       lambda t, ans, x, y: _share(t, y, x))
maximum.defvjp_per_arg(lambda g, ans, x, y: _share(g, x, y),
                       lambda g, ans, x, y: _share(g, y, x))

minimum = primitive(np.minimum, name="minimum", grad_fn_name="MinimumBackward0")
minimum.defjvp_per_arg(lambda t, ans, x, y: _share(t, y, x),
                       lambda t, ans, x, y: _share(t, x, y))
minimum.defvjp_per_arg(lambda g, ans, x, y: _share(g, y, x),
                       lambda g, ans, x, y: _share(g, x, y))

floor_divide = primitive(np.floor_divide, name="floor_divide", differentiable=False)

remainder = primitive(np.remainder, name="remainder", grad_fn_name="RemainderBackward0")
remainder.defjvp_per_arg(lambda t, ans, x, y: t,
                         lambda t, ans, x, y: -t * floor_divide(x, y))
remainder.defvjp_per_arg(lambda g, ans, x, y: g,
                         lambda g, ans, x, y: -g * floor_divide(x, y))
