"""Levels and ``bind``: how a primitive call finds the transform that must see it.

Every active transform (a dual level, a reverse tape, a batch, the checker's recording) is a
:class:`Trace` with its own level number. A value traced by a level is a *box* of that level: a
:class:`~autodiff.core.tensor.Tensor` whose ``_primal`` is the value one level down, with the
level's tangent or node beside it. :func:`bind` hands each primitive call to the innermost level
among its arguments, which computes one level down and adds its own part; at level 0 the call is
plain numpy.
"""
from __future__ import annotations

import numpy as np

from .state import new_level
from .tensor import Tensor


class Trace:
    """One level: the base class of every engine's trace.

    A subclass implements :meth:`process`; :meth:`unbox` gives it the arguments one level down
    and the boxes that belong to this level. ``active`` turns false when the transform returns,
    so a box that escapes it behaves as a constant afterwards.
    """

    def __init__(self):
        self.level = new_level()
        self.active = True

    def unbox(self, args):
        """``(values one level down, boxes)``: ``boxes[i]`` is ``args[i]`` if it is a box of
        this level, else None (a constant here, perhaps traced by an outer level)."""
        values, boxes = [], []
        for a in args:
            if isinstance(a, Tensor) and a._trace is self:
                values.append(a._primal)
                boxes.append(a)
            else:
                values.append(a)
                boxes.append(None)
        return values, boxes

    def process(self, prim, args, kwargs):
        """Apply ``prim`` to ``args``, at least one of which is a box of this level."""
        raise TypeError(f"{type(self).__name__} does not process primitives")

    def carries_derivative(self, prim, ans) -> bool:
        """Whether ``ans``, ``prim``'s result on a box of this level, gets a derivative here.

        Not when the level has closed, the op has none (comparisons) or the result is not
        floating point (indices). An object-dtype result (an operand of Python objects) would
        silently lose it, so it is refused.
        """
        if not (self.active and prim.differentiable):
            return False
        kind = ans.dtype.kind
        if prim.differentiable == "complex" and kind != "c":
            return False
        if kind == "O":
            raise TypeError(
                f"'{prim.name}' gave an array of Python objects (dtype=object) from a value that "
                f"is being differentiated, so its derivative would be lost; convert the other "
                f"operand to a numeric dtype first (np.asarray(a, dtype=float))")
        return kind in "fc"

    records = False   # true for a level that writes calls down instead of computing (ad.jit)

    def concretize(self, tensor, what: str) -> None:
        """Python asks for the values of ``tensor``, a box of this level (``bool``, ``float``,
        an index): allowed by default; a level that records a program instead of computing
        (``ad.jit``) refuses with an error naming ``what``."""


class EvalTrace(Trace):
    """Level 0 with nothing recorded: plain numpy on the values.

    The reverse engine replaces it with PyTorch's graph (:func:`set_base_trace`); it exists so the
    core works on its own.
    """

    def __init__(self):
        self.level = 0
        self.active = True

    def process(self, prim, args, kwargs):
        """The primitive's implementation on the raw values, as a tensor."""
        raw = [a._data if isinstance(a, Tensor) else a for a in args]
        return lift(as_value(prim.impl(*raw, **kwargs)))


def is_recorded(value) -> bool:
    """Whether ``value`` is, or boxes, a value that an active recording level (``ad.jit``)
    traces: its values are known now but the program is replayed for others, so a rule must not
    branch on them."""
    t = value
    while isinstance(t, Tensor) and t._trace.level > 0:
        if t._trace.records and t._trace.active:
            return True
        t = t._primal
    return False


def set_base_trace(trace: Trace) -> None:
    """Make ``trace`` the level every plain tensor lives at (level 0)."""
    Tensor._trace = trace


set_base_trace(EvalTrace())


def bind(prim, args, kwargs):
    """Run ``prim`` on ``args``: hand it to the innermost transform level any argument belongs to.

    With no tensor among the arguments this is plain numpy, which keeps rules fast when the
    engines run them on raw arrays.
    """
    top = None
    for a in args:
        if isinstance(a, Tensor):
            trace = a._trace
            if top is None or trace.level > top.level:
                top = trace
    if top is None:
        return prim.impl(*args, **kwargs)
    return top.process(prim, args, kwargs)


def lift(value) -> Tensor:
    """A value an op produced below every active level, as the tensor user code expects."""
    if isinstance(value, Tensor):
        return value
    out = Tensor.__new__(Tensor)
    out._data = value if value.__class__ is np.ndarray else np.asarray(value)
    return out


def as_value(ans):
    """An op's result as the traces use it: a user's implementation may return a Python number,
    which has no ``dtype``; anything else passes unchanged."""
    return ans if hasattr(ans, "dtype") else np.asarray(ans)


def box(trace: Trace, primal, tangent=None, node=None) -> Tensor:
    """A tensor of ``trace``'s level around ``primal`` (a value one level down)."""
    out = Tensor.__new__(Tensor)
    if isinstance(primal, Tensor):
        out._data = primal._data
    else:
        primal = primal if primal.__class__ is np.ndarray else np.asarray(primal)
        out._data = primal
    out._trace = trace
    out._primal = primal
    out._tangent = tangent
    out._node = node
    return out
