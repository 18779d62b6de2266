"""Elementwise functions of one argument: exp, log, trigonometric, activations."""
import numpy as np
import scipy.special

from ..core import primitive
from .comparison import where
from .complex_parts import conj, imag, is_complex, real

__all__ = ["exp", "log", "sin", "cos", "tanh", "sigmoid", "relu", "abs", "sqrt", "sign",
           "floor", "ceil", "round", "tanh_backward"]


def _unary(impl, name, grad_fn_name, derivative):
    """An elementwise op whose JVP and VJP are both ``derivative(ans, x)`` times the input."""
    op = primitive(impl, name=name, grad_fn_name=grad_fn_name)
    op.defjvp(lambda tangents, ans, x: tangents[0] * derivative(ans, x))
    op.defvjp(lambda g, ans, x: (g * derivative(ans, x),))
    op.defbatch("elementwise")
    return op


exp = _unary(np.exp, "exp", "ExpBackward0", lambda ans, x: ans)
log = _unary(np.log, "log", "LogBackward0", lambda ans, x: 1 / x)
sin = _unary(np.sin, "sin", "SinBackward0", lambda ans, x: cos(x))
cos = _unary(np.cos, "cos", "CosBackward0", lambda ans, x: -sin(x))
tanh = _unary(np.tanh, "tanh", "TanhBackward0", lambda ans, x: 1 - ans * ans)
sigmoid = _unary(scipy.special.expit, "sigmoid", "SigmoidBackward0",
                 lambda ans, x: ans * (1 - ans))
# Kinks take PyTorch's subgradient: relu'(0) = 0, |x|'(0) = sign(0) = 0.
relu = _unary(lambda x: np.maximum(x, 0), "relu", "ReluBackward0",
              lambda ans, x: x > 0)
relu.__doc__ = """Elementwise ``max(x, 0)``; the derivative at 0 is 0 (PyTorch's choice)."""
abs = primitive(np.absolute, name="abs", grad_fn_name="AbsBackward0")


def _unit(x, ans):
    """z / |z| (0 at 0) for complex z, written so it differentiates again: ``sign`` is piecewise
    constant on the reals, but on complex numbers z / |z| moves with z."""
    zero = ans == 0
    return where(zero, 0, x / where(zero, 1, ans))


# d|z| = Re(conj(sgn z) dz): on complex input the tangent is the real part, and the cotangent,
# the transpose under Re(sum(a * b)), is g * conj(sgn z) (for z = x + iy: df/dx - i df/dy).
@abs.defjvp
def _abs_jvp(tangents, ans, x):
    if is_complex(x):
        return real(conj(_unit(x, ans)) * tangents[0])
    return tangents[0] * sign(x)


abs.defvjp(lambda g, ans, x: (g * conj(_unit(x, ans)) if is_complex(x) else g * sign(x),))
abs.defbatch("elementwise")
sqrt = _unary(np.sqrt, "sqrt", "SqrtBackward0", lambda ans, x: 0.5 / ans)


def _tanh_backward_impl(g, ans):
    # g * (1 - ans * ans), the same operations in the same order as the unfused rule (so the
    # same bits), in one buffer: a backward pass through a long tanh chain holds one temporary
    # fewer, as PyTorch's fused tanh_backward.
    out = np.multiply(ans, ans)
    if (type(out) is np.ndarray and type(g) is np.ndarray and g.shape == out.shape
            and g.dtype == out.dtype):
        np.subtract(1, out, out=out)
        return np.multiply(g, out, out=out)
    return np.multiply(g, np.subtract(1, out))


tanh_backward = primitive(_tanh_backward_impl, name="tanh_backward",
                          grad_fn_name="TanhBackwardBackward0")
tanh_backward.__doc__ = """``g * (1 - ans ** 2)``: the VJP of ``tanh`` as one primitive (one
buffer for a backward pass through a tanh chain, as PyTorch's ``TanhBackward0``)."""
tanh_backward.fresh_result = True     # never a view of its arguments (ad.jit may reuse them)
tanh_backward.defjvp_per_arg(lambda t, out, g, ans: t * (1 - ans * ans),
                             lambda t, out, g, ans: t * (-2 * g * ans))
tanh_backward.defvjp_per_arg(lambda c, out, g, ans: c * (1 - ans * ans),
                             lambda c, out, g, ans: c * (-2 * g * ans))
tanh_backward.defbatch("elementwise")
tanh.defvjp(lambda g, ans, x: (tanh_backward(g, ans),))

# Piecewise constant: derivative zero almost everywhere, so no tangent and no gradient flows.
# Except sign on complex numbers, z / |z|, which moves with z: d sgn = i sgn Im(conj(sgn) dz) / |z|;
# the VJP, its transpose under Re(sum(a * b)), is i Im(g sgn) conj(sgn) / |z|. 0 at z = 0.
sign = primitive(np.sign, name="sign", differentiable="complex")


def _size(ans, x):
    """|x|, and 1 where sign(x) is 0 (so the rules give 0 there, not 0/0)."""
    return where(ans == 0, 1, abs(x))


sign.defjvp(lambda tangents, ans, x: ans * imag(conj(ans) * tangents[0]) * 1j / _size(ans, x))
sign.defvjp(lambda g, ans, x: (conj(ans) * imag(g * ans) * 1j / _size(ans, x),))
floor = primitive(np.floor, name="floor", differentiable=False)
ceil = primitive(np.ceil, name="ceil", differentiable=False)
round = primitive(np.round, name="round", differentiable=False)

round.defbatch("elementwise", params=("decimals",))
