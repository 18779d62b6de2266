"""The parts of a complex number: real, imag, conj, real_if_close (``angle`` is in elementwise).

Cotangents follow JAX's and HIPS autograd's convention (API.md section 3): a VJP is the
transpose of the JVP under the pairing ``Re(sum(a * b))`` (no conjugate). So ``real``'s
cotangent is ``g + 0j``, ``imag``'s is ``-1j * g`` and ``conj``'s is ``conj(g)``; the gradient of
a real function of ``z = x + iy`` comes out as ``df/dx - i df/dy``. On real input ``real`` and
``conj`` are the identity and ``imag`` is the constant zero.
"""
import numpy as np

from ..core import primitive, provide
from ._util import dtype_of

__all__ = ["real", "imag", "conj", "conjugate", "real_if_close", "is_complex"]


def is_complex(x) -> bool:
    """Whether ``x`` (array, tensor or number) has a complex dtype."""
    return np.dtype(dtype_of(x)).kind == "c"


real = primitive(np.real, name="real", grad_fn_name="RealBackward0")
real.defjvp(lambda tangents, ans, x: real(tangents[0]))
real.defvjp(lambda g, ans, x: (g * (1 + 0j) if is_complex(x) else g,))
real.__doc__ = """The real part, elementwise (``numpy.real``); the identity on real input."""

imag = primitive(np.imag, name="imag", grad_fn_name="ImagBackward0")
imag.defjvp(lambda tangents, ans, x: imag(tangents[0]))
# On real input imag is the constant zero: no gradient flows.
imag.defvjp(lambda g, ans, x: (g * -1j if is_complex(x) else None,))
imag.__doc__ = """The imaginary part, elementwise (``numpy.imag``); zeros on real input."""

conj = primitive(np.conjugate, name="conj", grad_fn_name="ConjBackward0")
conj.defjvp(lambda tangents, ans, x: conj(tangents[0]))
conj.defvjp(lambda g, ans, x: (conj(g),))
conj.__doc__ = """The complex conjugate, elementwise (``numpy.conj``, ``numpy.conjugate``)."""
conjugate = conj


def real_if_close(a, tol=100):
    """``real(a)`` when every imaginary part is within ``tol`` machine epsilons of zero, else
    ``a`` (``numpy.real_if_close``). The decision is made on the values; no derivative flows
    through it."""
    if not is_complex(a):
        return a
    values = np.imag(getattr(a, "_data", a))
    if tol > 1:
        tol = np.finfo(np.dtype(dtype_of(a)).type).eps * tol
    return real(a) if np.all(np.absolute(values) < tol) else a


# The reverse engine conjugates cotangents between the two complex conventions through the core.
provide(conj=conj, real=real)
