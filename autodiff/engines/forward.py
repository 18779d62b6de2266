"""The forward engine: dual numbers, one level per :func:`dual_level`, pushed through JVP rules.

A dual tensor is a box of a :class:`ForwardTrace`: its primal lives one level down and its
tangent beside it. Each op computes the primal one level down, then asks the registry's JVP rule
for the tangent. Rules run on the lower level's values, so a tangent can itself carry tangents of
outer levels (higher derivatives) and levels never mix (no perturbation confusion).
"""
from __future__ import annotations

import contextlib
from typing import NamedTuple

import numpy as np

from ..core import Tensor, Trace, as_value, bind, box, fit, is_float, lift, state

__all__ = ["ForwardTrace", "UnpackedDualTensor", "dual_level", "make_dual", "unpack_dual"]


class ForwardTrace(Trace):
    """One forward-mode level."""

    def process(self, prim, args, kwargs):
        """Compute the primal one level down, then the tangent through ``prim``'s JVP rule."""
        # The unboxing loop is written out (not Trace.unbox): it runs once per op of a JVP.
        primals, tangents = [], []
        for a in args:
            if isinstance(a, Tensor) and a._trace is self:
                primals.append(a._primal)
                tangents.append(a._tangent)
            else:
                primals.append(a)
                tangents.append(None)
        ans = as_value(bind(prim, primals, kwargs))
        if not (ans.dtype.kind in "fc" and self.active and prim.differentiable is True
                or self.carries_derivative(prim, ans)):
            return lift(ans)
        tangent = prim.jvp(tangents, ans, primals, kwargs)
        if tangent is None:
            return lift(ans)
        return box(self, ans, tangent=fit(tangent, ans))


def _dual_stack() -> list:
    if not hasattr(state, "dual_levels"):
        state.dual_levels = []
    return state.dual_levels


@contextlib.contextmanager
def dual_level():
    """Open a forward-mode level; dual tensors made inside it lose their tangents on exit.

    Levels nest: each has its own tangents, and an inner level's tangents never leak into an
    outer one's.

    Examples
    --------
    >>> import autodiff as ad
    >>> with ad.forward.dual_level():
    ...     x = ad.forward.make_dual(ad.tensor(2.0), ad.tensor(1.0))
    ...     y = x * x
    ...     ad.forward.unpack_dual(y).tangent
    tensor(4.)
    """
    trace = ForwardTrace()
    stack = _dual_stack()
    stack.append(trace)
    try:
        yield trace.level
    finally:
        trace.active = False
        stack.remove(trace)


def _current(level):
    stack = _dual_stack()
    if not stack:
        raise RuntimeError("make_dual and unpack_dual need an open forward level: use "
                           "`with autodiff.forward.dual_level():`")
    if level is None:
        return stack[-1]
    for trace in stack:
        if trace.level == level:
            return trace
    raise RuntimeError(f"forward level {level} is not open")


def make_dual(primal, tangent, *, level=None) -> Tensor:
    """A dual tensor: ``primal`` carrying ``tangent`` at the current (or given) level.

    Parameters
    ----------
    primal, tangent : Tensor or array_like
        Same shape; the primal must be floating point.
    level : int, optional
        The level to attach the tangent to; the innermost open level by default.

    Returns
    -------
    Tensor
    """
    trace = _current(level)
    if not isinstance(primal, Tensor):
        primal = lift(np.asarray(primal))
    if not is_float(primal.dtype):
        raise RuntimeError(f"make_dual: expected a floating point primal, got {primal.dtype}")
    t = tangent if isinstance(tangent, Tensor) else np.asarray(tangent)
    if tuple(t.shape) != tuple(primal.shape):
        raise RuntimeError(f"Trying to set a forward gradient that has a different size than "
                           f"that of the original Tensor, this is not supported. Tensor is of "
                           f"size {list(primal.shape)} while the given forward gradient is of "
                           f"size {list(t.shape)}.")
    return box(trace, primal, tangent=fit(t, primal))


class UnpackedDualTensor(NamedTuple):
    """What :func:`unpack_dual` returns: ``(primal, tangent)``."""

    primal: Tensor
    tangent: Tensor | None


def unpack_dual(tensor, *, level=None) -> UnpackedDualTensor:
    """Split a dual tensor into ``(primal, tangent)`` at the current (or given) level.

    The tangent is ``None`` when ``tensor`` carries none at that level.
    """
    trace = _current(level)
    while isinstance(tensor, Tensor) and tensor._trace.level > 0 and not tensor._trace.active:
        tensor = lift(tensor._primal)      # levels already closed have dropped their tangents
    if isinstance(tensor, Tensor) and tensor._trace is trace:
        return UnpackedDualTensor(lift(tensor._primal), lift(tensor._tangent))
    return UnpackedDualTensor(tensor, None)
