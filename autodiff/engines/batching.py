"""The batch level: a value carrying a leading batch axis, pushed through any op in one call.

This is what makes Jacobians one pass. ``jacfwd`` gives each input a batch of tangents (the rows
of the identity), ``jacrev`` gives each output a batch of cotangents; the JVP and VJP rules are
written with autodiff ops, so when a tangent or cotangent is a *batched box* every computation in
every rule runs once over the whole batch instead of once per basis vector.

A batched box is a tensor of a :class:`BatchTrace`: ``_primal`` is the value one level down with
the batch axis first; ``shape`` and ``dtype`` are those of one example, so rules and engines see
the per-example shapes they were written for. (``_data`` is the first example, a view that gives
those; reading a batched box's values as one array is refused, see :class:`BatchedTensor`.)

Each primitive declares how it batches, beside its rules (:meth:`Primitive.defbatch`): a kind
this module implements (elementwise, reduction, along one axis, loop) or a rule of its own. The
engine never looks at op names. A primitive with no declaration goes through the generic rule:
run it once per batch element and stack. That is always correct, only slower, so a missing
declaration never gives a wrong answer.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..core import Primitive, Tensor, Trace, bind
from ..core.structure import fits, ndim_of, normalize_axis, ops, pad_dims, shape_of

__all__ = ["LOOPED", "BatchTrace", "BatchedTensor", "batch", "batch_rule_for", "defbatch",
           "unbatch"]


class BatchTrace(Trace):
    """One batch level: its boxes hold values with a leading axis of length ``size``.

    Parameters
    ----------
    size : int
        Length of the batch axis (at least 1).
    """

    def __init__(self, size: int):
        if size < 1:
            raise ValueError(f"a batch needs at least one element, got {size}")
        super().__init__()
        self.size = int(size)

    def process(self, prim, args, kwargs):
        """Apply ``prim`` to the whole batch at once with the rule it declared."""
        values, boxes = self.unbox(args)
        batched = [b is not None for b in boxes]
        out = batch_rule_for(prim)(prim, values, batched, kwargs, self.size)
        if out is NotImplemented:
            out = loop_rule(prim, values, batched, kwargs, self.size)
        return _box(self, out)


class BatchedTensor(Tensor):
    """A tensor of a :class:`BatchTrace`: one value per batch element, seen by the ops as one
    example (``shape``, ``dtype``).

    Its values cannot be read as one array (``np.asarray``, ``item``, ``float``, ``bool``):
    there is one per batch element, and any single one would silently stand for all of them. A
    rule that meets one (as a tangent or cotangent inside ``jacfwd`` / ``jacrev``) must compute
    with autodiff ops or numpy functions on the tensor, which batch, instead of converting it.
    """

    def _refuse(self, *args, **kwargs):
        """Refused: a batched tensor holds one value per batch element (see the class)."""
        raise TypeError(
            f"this tensor holds a batch of {self._trace.size} values (the examples of ad.vmap, "
            f"or a tangent or cotangent that jacfwd/jacrev/hessian push through the rules all at "
            f"once), so it cannot be "
            f"converted to one array or number. Compute with autodiff ops or numpy functions on "
            f"the tensor itself (np.cos(x) * g, not np.cos(x) * np.asarray(g)) so the "
            f"computation is batched too.")

    __array__ = item = tolist = numpy = _refuse

    def __repr__(self):
        return f"BatchedTensor(batch of {self._trace.size}, per example {tuple(self.shape)}: " \
               f"{self._primal!r})"

    __str__ = __repr__


def _box(trace: BatchTrace, value) -> Tensor:
    out = BatchedTensor.__new__(BatchedTensor)
    if not isinstance(value, (Tensor, np.ndarray)):
        value = np.asarray(value)
    out._trace = trace
    out._primal = value
    # The per-example view: gives the box its per-example shape and dtype.
    out._data = (value._data if isinstance(value, Tensor) else value)[0]
    return out


def batch(trace: BatchTrace, value) -> Tensor:
    """A batched box of ``trace`` around ``value``, whose leading axis is the batch axis."""
    shape = shape_of(value)
    if not shape or shape[0] != trace.size:
        raise ValueError(f"batch: the value's leading axis has length "
                         f"{shape[0] if shape else None}, the batch has {trace.size}")
    return _box(trace, value)


def unbatch(value, trace: BatchTrace):
    """The value one level down with the batch axis first; an unbatched ``value`` (the same for
    every batch element, e.g. a zero cotangent) is broadcast along a new leading axis."""
    if isinstance(value, Tensor) and value._trace is trace:
        return value._primal
    shape = (trace.size,) + shape_of(value)
    if isinstance(value, Tensor):
        return ops.broadcast_to(value, shape)
    return np.broadcast_to(np.asarray(value), shape).copy()   # writable, as results must be


# -- the generic rule ------------------------------------------------------------------------
LOOPED: set = set()
"""Names of the primitives that went through :func:`loop_rule` so far: where a kind (see
:func:`defbatch`) would make Jacobians faster."""


def loop_rule(prim, values, batched, kwargs, size):
    """Correct for any primitive: apply it to each batch element and stack the results."""
    LOOPED.add(prim.name)
    outs = []
    for b in range(size):
        args = [ops.getitem(v, b) if isb else v for v, isb in zip(values, batched)]
        outs.append(bind(prim, args, kwargs))
    return ops.stack(outs, axis=0)


# -- kinds -------------------------------------------------------------------------------------
def elementwise_rule(prim, values, batched, kwargs, size, extra=()):
    """Elementwise ops with numpy broadcasting: line the batch axis up in front, call once.

    Static parameters other than ``extra`` (which must name no axis: ``round``'s decimals,
    ``astype``'s dtype) take the loop."""
    if not fits(kwargs, [], extra):
        return loop_rule(prim, values, batched, kwargs, size)
    nd = max(ndim_of(v) - isb for v, isb in zip(values, batched))
    args = [pad_dims(v, nd) if isb else v for v, isb in zip(values, batched)]
    return bind(prim, args, kwargs)


def reduction_rule(prim, values, batched, kwargs, size, extra=()):
    """Reductions ``op(x, axis=None, keepdims=False)``: shift the reduced axes past the batch."""
    if len(values) != 1 or not fits(kwargs, [], ("axis", "keepdims") + tuple(extra)):
        return loop_rule(prim, values, batched, kwargs, size)
    nd = ndim_of(values[0]) - 1
    axis = kwargs.get("axis")
    axes = tuple(range(nd)) if axis is None else normalize_axis(axis, nd)
    new = dict(kwargs, axis=tuple(a + 1 for a in axes))
    return bind(prim, values, new)


def along_axis_rule(prim, values, batched, kwargs, size, extra=()):
    """Ops along one ``axis`` (or a tuple of them) that keep the other axes apart: softmax,
    cumsum, roll. The axis shifts past the batch; ``axis=None`` (flatten first) takes the
    loop."""
    axis = kwargs.get("axis")
    if len(values) != 1 or axis is None or not fits(kwargs, ["axis"], extra):
        return loop_rule(prim, values, batched, kwargs, size)
    nd = ndim_of(values[0]) - 1
    shifted = (tuple(a + 1 for a in normalize_axis(axis, nd)) if isinstance(axis, tuple)
               else int(axis) % nd + 1)
    return bind(prim, values, dict(kwargs, axis=shifted))

_KINDS: dict[str, Callable] = {"elementwise": elementwise_rule, "reduction": reduction_rule,
                               "along_axis": along_axis_rule, "loop": loop_rule}


def _kind_rule(kind: str, params: tuple) -> Callable:
    rule = _KINDS[kind]
    if not params:
        return rule

    def with_params(prim, values, batched, kwargs, size):
        """The kind's rule, with further static parameters passed through."""
        return rule(prim, values, batched, kwargs, size, extra=params)
    return with_params


def defbatch(prim: Primitive, rule, params=()) -> None:
    """Declare how ``prim`` is batched: the same as ``prim.defbatch(rule, params)``.

    Examples
    --------
    >>> import numpy as np, autodiff as ad
    >>> my_softplus = ad.primitive(lambda x: np.logaddexp(0, x), name="my_softplus")
    >>> ad.batching.defbatch(my_softplus, "elementwise")
    """
    prim.defbatch(rule, params)


def batch_rule_for(prim: Primitive) -> Callable:
    """The batching rule of ``prim``: what it declared, elementwise for an undeclared numpy
    ufunc, else the loop."""
    rule = prim.batch_rule
    if rule is None:
        return elementwise_rule if isinstance(prim.impl, np.ufunc) else loop_rule
    if isinstance(rule, str):
        return _kind_rule(rule, prim.batch_params)
    return rule
