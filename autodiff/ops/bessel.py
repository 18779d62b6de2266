"""Bessel functions: j0, j1, jv (jn), y0, y1, yv, yn, i0, i0e, i1, i1e, iv, ive, kv.

The derivatives come from the recurrences
``J_v' = (J_{v-1} - J_{v+1}) / 2`` (Y the same), ``I_v' = (I_{v-1} + I_{v+1}) / 2``,
``K_v' = -(K_{v-1} + K_{v+1}) / 2``, and for the scaled ``ive(v, x) = iv(v, x) exp(-|x|)``,
``ive' = (ive_{v-1} + ive_{v+1}) / 2 - sign(x) ive``. They are written with the order-``v``
primitives, so they differentiate again. The derivative with respect to an order has no closed
form: asking for it raises :class:`~autodiff.ops._no_closed_form.NoClosedFormError`.
"""
import scipy.special as sps

from ..core import primitive
from ._no_closed_form import no_closed_form
from .complex_parts import is_complex, real
from .unary import _unary, sign

__all__ = ["j0", "j1", "jv", "jn", "y0", "y1", "yv", "yn", "i0", "i0e", "i1", "i1e", "iv", "ive",
           "kv"]


def _with_order(impl, name, derivative):
    """``op(v, x)``: differentiable in ``x`` by ``derivative(v, x, ans)``, not in the order."""
    op = primitive(impl, name=name)
    op.defjvp_per_arg(no_closed_form(name, "v"),
                      lambda t, ans, v, x: t * derivative(v, x, ans))
    op.defvjp_per_arg(no_closed_form(name, "v"),
                      lambda g, ans, v, x: g * derivative(v, x, ans))
    return op


jv = _with_order(sps.jv, "jv", lambda v, x, ans: (jv(v - 1, x) - jv(v + 1, x)) * 0.5)
jv.__doc__ = """Bessel function of the first kind of real order (``scipy.special.jv``)."""
jn = jv      # scipy.special.jn is jv itself
yv = _with_order(sps.yv, "yv", lambda v, x, ans: (yv(v - 1, x) - yv(v + 1, x)) * 0.5)
yv.__doc__ = """Bessel function of the second kind of real order (``scipy.special.yv``)."""
yn = _with_order(sps.yn, "yn", lambda n, x, ans: (yv(n - 1, x) - yv(n + 1, x)) * 0.5)
yn.__doc__ = """Bessel function of the second kind of integer order (``scipy.special.yn``)."""
iv = _with_order(sps.iv, "iv", lambda v, x, ans: (iv(v - 1, x) + iv(v + 1, x)) * 0.5)
iv.__doc__ = """Modified Bessel function of the first kind of real order
(``scipy.special.iv``)."""
ive = primitive(sps.ive, name="ive")


# ive(v, z) = iv(v, z) exp(-|Re z|): the scale is not holomorphic in z, so on complex input
# d ive = A dz + B Re(dz) with A = (ive_{v-1} + ive_{v+1}) / 2 and B = -sign(Re z) ive, and the
# cotangent (the transpose under Re(sum(a * b))) is A g + Re(B g).
def _ive_parts(v, x, ans):
    return (ive(v - 1, x) + ive(v + 1, x)) * 0.5, -sign(real(x)) * ans


def _ive_jvp(t, ans, v, x):
    a, b = _ive_parts(v, x, ans)
    return a * t + b * (real(t) if is_complex(x) else t)


def _ive_vjp(g, ans, v, x):
    a, b = _ive_parts(v, x, ans)
    return a * g + (real(b * g) if is_complex(x) else b * g)


ive.defjvp_per_arg(no_closed_form("ive", "v"), _ive_jvp)
ive.defvjp_per_arg(no_closed_form("ive", "v"), _ive_vjp)
ive.__doc__ = """Exponentially scaled modified Bessel function ``iv(v, x) * exp(-|x|)``
(``scipy.special.ive``)."""
kv = _with_order(sps.kv, "kv", lambda v, x, ans: -(kv(v - 1, x) + kv(v + 1, x)) * 0.5)
kv.__doc__ = """Modified Bessel function of the second kind of real order
(``scipy.special.kv``)."""

# The fixed-order functions keep scipy's own (faster, cephes) implementations.
j0 = _unary(sps.j0, "j0", "J0Backward0", lambda ans, x: -j1(x))
j1 = _unary(sps.j1, "j1", "J1Backward0", lambda ans, x: (j0(x) - jv(2, x)) * 0.5)
y0 = _unary(sps.y0, "y0", "Y0Backward0", lambda ans, x: -y1(x))
y1 = _unary(sps.y1, "y1", "Y1Backward0", lambda ans, x: (y0(x) - yv(2, x)) * 0.5)
i0 = _unary(sps.i0, "i0", "I0Backward0", lambda ans, x: i1(x))
i1 = _unary(sps.i1, "i1", "I1Backward0", lambda ans, x: (i0(x) + iv(2, x)) * 0.5)
i0e = _unary(sps.i0e, "i0e", "I0eBackward0", lambda ans, x: i1e(x) - sign(x) * ans)
i1e = _unary(sps.i1e, "i1e", "I1eBackward0",
             lambda ans, x: (i0e(x) + ive(2, x)) * 0.5 - sign(x) * ans)
for _op, _what in [(j0, "first kind, order 0"), (j1, "first kind, order 1"),
                   (y0, "second kind, order 0"), (y1, "second kind, order 1"),
                   (i0, "modified, first kind, order 0"), (i1, "modified, first kind, order 1"),
                   (i0e, "exponentially scaled modified, order 0"),
                   (i1e, "exponentially scaled modified, order 1")]:
    _op.__doc__ = f"Bessel function of the {_what} (``scipy.special.{_op.name}``)."

# -- modified Bessel functions of the second kind, fixed order and exponentially scaled --------
# K0' = -K1, K1' = -K0 - K1 / x; the scaled kNe(x) = kN(x) exp(x) gain + kNe.
k0 = _unary(sps.k0, "k0", "K0Backward0", lambda ans, x: -k1(x))
k1 = _unary(sps.k1, "k1", "K1Backward0", lambda ans, x: -k0(x) - ans / x)
k0e = _unary(sps.k0e, "k0e", "K0eBackward0", lambda ans, x: ans - k1e(x))
k1e = _unary(sps.k1e, "k1e", "K1eBackward0", lambda ans, x: ans * (1 - 1 / x) - k0e(x))
for _op, _what in [(k0, "order 0"), (k1, "order 1"), (k0e, "order 0, scaled by exp(x)"),
                   (k1e, "order 1, scaled by exp(x)")]:
    _op.__doc__ = (f"Modified Bessel function of the second kind, {_what} "
                   f"(``scipy.special.{_op.name}``).")
# kve(v, z) = kv(v, z) exp(z), holomorphic in z: d/dz = -(kve_{v-1} + kve_{v+1}) / 2 + kve.
kve = _with_order(sps.kve, "kve", lambda v, x, ans: ans - (kve(v - 1, x) + kve(v + 1, x)) * 0.5)
kve.__doc__ = """Exponentially scaled modified Bessel function of the second kind
``kv(v, z) * exp(z)`` (``scipy.special.kve``)."""
__all__ += ["k0", "k1", "k0e", "k1e", "kve"]
# kn(n, x): kv of integer order, scipy's own ufunc.
kn = primitive(sps.kn, name="kn")
kn.defjvp_per_arg(no_closed_form("kn", "n", " (n is an integer order)"),
                  lambda t, ans, n, x: -t * (kv(n - 1, x) + kv(n + 1, x)) * 0.5)
kn.defvjp_per_arg(no_closed_form("kn", "n", " (n is an integer order)"),
                  lambda g, ans, n, x: -g * (kv(n - 1, x) + kv(n + 1, x)) * 0.5)
kn.__doc__ = """Modified Bessel function of the second kind of integer order
(``scipy.special.kn``)."""
__all__ += ["kn"]
