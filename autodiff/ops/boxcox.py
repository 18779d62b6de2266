"""The Box-Cox transforms and their inverses: boxcox, boxcox1p, inv_boxcox, inv_boxcox1p.

With ``u = log(x)`` (``log1p(x)`` for the 1p forms), ``boxcox = expm1(lmbda u) / lmbda =
u exprel(lmbda u)``, so d/dlmbda = ``u^2 exprel'(lmbda u)``, which stays accurate as lmbda -> 0
(the limit is ``u^2 / 2``). The inverses are ``exp(y L(lmbda y))`` with ``L(t) = log1p(t) / t``,
so their lmbda-derivative is ``ans y^2 L'(lmbda y)``. Both derivatives come from
:mod:`.near_zero`'s differentiable helpers, so they differentiate again.
"""
import scipy.special as sps

from ..core import primitive
from .elementwise import log1p
from .near_zero import exprel_prime, log1pr_prime
from .unary import exp, log

__all__ = ["boxcox", "boxcox1p", "inv_boxcox", "inv_boxcox1p"]


def _forward(impl, name, logarithm):
    """``op(x, lmbda)`` for the transform whose ``u`` is ``logarithm(x)``."""
    def dx(x, lmbda):
        """The derivative in ``x``."""
        return exp((lmbda - 1) * logarithm(x))         # (x or 1 + x) ** (lmbda - 1)

    def dlmbda(x, lmbda):
        """The derivative in ``lmbda`` (accurate near ``lmbda = 0``)."""
        u = logarithm(x)
        return u * u * exprel_prime(lmbda * u)

    op = primitive(impl, name=name)
    op.defjvp_per_arg(lambda t, ans, x, lmbda: t * dx(x, lmbda),
                      lambda t, ans, x, lmbda: t * dlmbda(x, lmbda))
    op.defvjp_per_arg(lambda g, ans, x, lmbda: g * dx(x, lmbda),
                      lambda g, ans, x, lmbda: g * dlmbda(x, lmbda))
    return op


boxcox = _forward(sps.boxcox, "boxcox", log)
boxcox.__doc__ = """Box-Cox transform ``(x**lmbda - 1) / lmbda`` (``log(x)`` at 0)
(``scipy.special.boxcox``), differentiable in ``x`` and ``lmbda``."""
boxcox1p = _forward(sps.boxcox1p, "boxcox1p", log1p)
boxcox1p.__doc__ = """Box-Cox transform of ``1 + x`` (``scipy.special.boxcox1p``),
differentiable in ``x`` and ``lmbda``."""


def _inverse(impl, name, plus_one):
    """``op(y, lmbda)``, the inverse transform; ``plus_one(ans)`` is ``(1 + lmbda y)^(1/lmbda)``.
    """
    op = primitive(impl, name=name)
    op.defjvp_per_arg(lambda t, ans, y, lmbda: t * plus_one(ans) / (1 + lmbda * y),
                      lambda t, ans, y, lmbda: t * plus_one(ans) * y * y
                      * log1pr_prime(lmbda * y))
    op.defvjp_per_arg(lambda g, ans, y, lmbda: g * plus_one(ans) / (1 + lmbda * y),
                      lambda g, ans, y, lmbda: g * plus_one(ans) * y * y
                      * log1pr_prime(lmbda * y))
    return op


inv_boxcox = _inverse(sps.inv_boxcox, "inv_boxcox", lambda ans: ans)
inv_boxcox.__doc__ = """Inverse of :func:`boxcox`, ``(1 + lmbda y)**(1 / lmbda)``
(``scipy.special.inv_boxcox``), differentiable in ``y`` and ``lmbda``."""
inv_boxcox1p = _inverse(sps.inv_boxcox1p, "inv_boxcox1p", lambda ans: ans + 1)
inv_boxcox1p.__doc__ = """Inverse of :func:`boxcox1p` (``scipy.special.inv_boxcox1p``),
differentiable in ``y`` and ``lmbda``."""
