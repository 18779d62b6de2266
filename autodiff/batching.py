"""The batch level: a value carrying a leading batch axis, pushed through any op in one call.

This is what makes Jacobians one pass. ``jacfwd`` gives each input a batch of tangents (the rows
of the identity), ``jacrev`` gives each output a batch of cotangents; the JVP and VJP rules are
written with autodiff ops, so when a tangent or cotangent is a *batched box* every computation in
every rule runs once over the whole batch instead of once per basis vector.

A batched box is a tensor of a :class:`BatchTrace`: ``_primal`` is the value one level down with
the batch axis first; ``shape`` and ``dtype`` are those of one example, so rules and engines see
the per-example shapes they were written for. (``_data`` is the first example, a view that gives
those; reading a batched box's values as one array is refused, see :class:`BatchedTensor`.)

How an op is batched is declared once per primitive, by *kind*, in :data:`KINDS` below, or with
:func:`defbatch` for a user's primitive. The engines never look at op names. A primitive with no
kind (a newly registered op, a user's op) goes through the generic rule: run it once per batch
element and stack. That is always correct, only slower, so a missing declaration never gives a
wrong answer.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._state import new_level
from .ops._util import normalize_axis, shape_of
from .registry import REGISTRY, Primitive, bind
from .tensor import Tensor

__all__ = ["KINDS", "LOOPED", "BatchTrace", "BatchedTensor", "batch", "batch_rule_for",
           "defbatch", "unbatch"]


class BatchTrace:
    """One batch level: its boxes hold values with a leading axis of length ``size``.

    Parameters
    ----------
    size : int
        Length of the batch axis (at least 1).
    """

    def __init__(self, size: int):
        if size < 1:
            raise ValueError(f"a batch needs at least one element, got {size}")
        self.level = new_level()
        self.size = int(size)
        self.active = True       # as every level: code that strips closed levels asks

    def process(self, prim, args, kwargs):
        """Apply ``prim`` to the whole batch at once with the rule its kind gives."""
        values, batched = [], []
        for a in args:
            if isinstance(a, Tensor) and a._trace is self:
                values.append(a._primal)
                batched.append(True)
            else:
                values.append(a)
                batched.append(False)
        rule = batch_rule_for(prim)
        return _box(self, rule(prim, values, batched, kwargs, self.size))


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
            f"this tensor holds a batch of {self._trace.size} values (a tangent or cotangent "
            f"that jacfwd/jacrev/hessian push through the rules all at once), so it cannot be "
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
    from . import ops
    if isinstance(value, Tensor) and value._trace is trace:
        return value._primal
    shape = (trace.size,) + shape_of(value)
    if isinstance(value, Tensor):
        return ops.broadcast_to(value, shape)
    return np.broadcast_to(np.asarray(value), shape).copy()   # writable, as results must be


# -- helpers the rules share (they run one level down, so they use ops and stay traceable) ----
def _ndim(x) -> int:
    return len(shape_of(x))


def _reshape(x, shape):
    if isinstance(x, np.ndarray):
        return x.reshape(shape)
    from .ops import reshape
    return reshape(x, shape)


def _pad(x, nd: int):
    """A batched value (batch axis first) with ones inserted after the batch axis, so its
    per-example part has ``nd`` dimensions and broadcasts against unbatched operands."""
    shape = shape_of(x)
    missing = nd - (len(shape) - 1)
    if missing <= 0:
        return x
    return _reshape(x, shape[:1] + (1,) * missing + shape[1:])


def _materialize(x, size):
    """An unbatched value broadcast along a new leading batch axis."""
    from . import ops
    shape = (size,) + shape_of(x)
    return np.broadcast_to(np.asarray(x), shape) if not isinstance(x, Tensor) else \
        ops.broadcast_to(x, shape)


# -- the generic rule ------------------------------------------------------------------------
LOOPED: set = set()
"""Names of the primitives that went through :func:`loop_rule` so far: where a kind (see
:func:`defbatch`) would make Jacobians faster."""


def loop_rule(prim, values, batched, kwargs, size):
    """Correct for any primitive: apply it to each batch element and stack the results."""
    from .ops import getitem, stack
    LOOPED.add(prim.name)
    outs = []
    for b in range(size):
        args = [getitem(v, b) if isb else v for v, isb in zip(values, batched)]
        outs.append(bind(prim, args, kwargs))
    return stack(outs, axis=0)


# -- kinds -------------------------------------------------------------------------------------
def elementwise_rule(prim, values, batched, kwargs, size):
    """Elementwise ops with numpy broadcasting: line the batch axis up in front, call once.

    Keyword arguments must not name axes (``astype``'s dtype is fine)."""
    nd = max(_ndim(v) - isb for v, isb in zip(values, batched))
    args = [_pad(v, nd) if isb else v for v, isb in zip(values, batched)]
    return bind(prim, args, kwargs)


def elementwise_with(*params):
    """Elementwise with static parameters that name no axis (``round``'s decimals)."""
    def rule(prim, values, batched, kwargs, size):
        """Elementwise when the parameters are the ones named, else the loop."""
        if not _fits(kwargs, [], params):
            return loop_rule(prim, values, batched, kwargs, size)
        return elementwise_rule(prim, values, batched, kwargs, size)
    rule.__doc__ = f"Elementwise, with static parameters {params}."
    return rule


def reduction_rule(prim, values, batched, kwargs, size, extra=()):
    """Reductions ``op(x, axis=None, keepdims=False)``: shift the reduced axes past the batch."""
    if len(values) != 1 or not _fits(kwargs, [], ("axis", "keepdims") + tuple(extra)):
        return loop_rule(prim, values, batched, kwargs, size)
    nd = _ndim(values[0]) - 1
    axis = kwargs.get("axis")
    axes = tuple(range(nd)) if axis is None else normalize_axis(axis, nd)
    new = dict(kwargs, axis=tuple(a + 1 for a in axes))
    return bind(prim, values, new)


def _fits(kwargs, required, optional=()) -> bool:
    """Whether the static parameters are exactly those a rule was written for (anything else,
    e.g. an op re-registered with other parameters, takes the loop)."""
    return set(required) <= set(kwargs) <= set(required) | set(optional)


def along_axis_rule(prim, values, batched, kwargs, size, extra=()):
    """Ops along one ``axis`` (or a tuple of them) that keep the other axes apart: softmax,
    cumsum, roll. The axis shifts past the batch; ``axis=None`` (flatten first) takes the
    loop."""
    axis = kwargs.get("axis")
    if len(values) != 1 or axis is None or not _fits(kwargs, ["axis"], extra):
        return loop_rule(prim, values, batched, kwargs, size)
    nd = _ndim(values[0]) - 1
    shifted = (tuple(a + 1 for a in normalize_axis(axis, nd)) if isinstance(axis, tuple)
               else int(axis) % nd + 1)
    return bind(prim, values, dict(kwargs, axis=shifted))


def tile_rule(prim, values, batched, kwargs, size):
    """``tile(x, reps)``: one repetition along the batch axis."""
    if len(values) != 1 or not _fits(kwargs, ["reps"]):
        return loop_rule(prim, values, batched, kwargs, size)
    reps = kwargs["reps"]
    reps = (int(reps),) if np.ndim(reps) == 0 else tuple(int(r) for r in reps)
    d = max(len(reps), _ndim(values[0]) - 1)
    x = _pad(values[0], d)
    return bind(prim, [x], dict(kwargs, reps=(1,) * (1 + d - len(reps)) + reps))


def _only_first_batched(required, optional=()):
    """Shape ops of one array argument: the rule rewrites the static parameters."""
    def decorate(rule):
        """Turn ``rule(nd, size, kwargs) -> new kwargs`` into a batching rule."""
        def wrapped(prim, values, batched, kwargs, size):
            """The op once, parameters rewritten; the loop if they are not the expected ones."""
            if len(values) != 1 or not _fits(kwargs, required, optional):
                return loop_rule(prim, values, batched, kwargs, size)
            return bind(prim, values, rule(_ndim(values[0]) - 1, size, kwargs))
        wrapped.__doc__ = rule.__doc__
        return wrapped
    return decorate


@_only_first_batched(["shape"])
def reshape_rule(nd, size, kw):
    """``reshape(x, shape)``: the batch axis stays first."""
    return dict(kw, shape=(size,) + tuple(kw["shape"]))


@_only_first_batched([], ["axes"])
def transpose_rule(nd, size, kw):
    """``transpose(x, axes)``: the batch axis stays first, the others move as asked."""
    axes = kw.get("axes")
    axes = tuple(range(nd - 1, -1, -1)) if axes is None else tuple(a % nd for a in axes)
    return dict(kw, axes=(0,) + tuple(a + 1 for a in axes))


@_only_first_batched(["axis1", "axis2"])
def swapaxes_rule(nd, size, kw):
    """``swapaxes(x, axis1, axis2)``: both axes shift past the batch axis."""
    return dict(kw, axis1=kw["axis1"] % nd + 1, axis2=kw["axis2"] % nd + 1)


def broadcast_to_rule(prim, values, batched, kwargs, size):
    """``broadcast_to(x, shape)``: pad the example to ``len(shape)`` dims, prepend the batch."""
    if len(values) != 1 or not _fits(kwargs, ["shape"]):
        return loop_rule(prim, values, batched, kwargs, size)
    shape = tuple(kwargs["shape"])
    x = _pad(values[0], len(shape))
    return bind(prim, [x], dict(kwargs, shape=(size,) + shape))


def _index_parts(index):
    return index if isinstance(index, tuple) else (index,)


def _batched_index(index):
    """``index`` with a full slice for the batch axis in front, or None when that would move
    the advanced-index dimensions (numpy puts them first when they are not adjacent)."""
    parts = _index_parts(index)
    plain = (int, np.integer, slice, type(None), type(Ellipsis))
    if all(isinstance(p, plain) and not isinstance(p, bool) for p in parts):
        return (slice(None),) + parts
    if not all(isinstance(p, plain + (np.ndarray,)) and not isinstance(p, bool) for p in parts):
        return None
    advanced = [i for i, p in enumerate(parts)
                if isinstance(p, (np.ndarray, int, np.integer))]
    if advanced and advanced[-1] - advanced[0] + 1 != len(advanced):
        return None
    return (slice(None),) + parts


def getitem_rule(prim, values, batched, kwargs, size):
    """``getitem(x, index)``, also ``scatter_add(g, shape, index)``: index behind the batch."""
    if len(values) != 1 or not _fits(kwargs, ["index"], ["shape"]):
        return loop_rule(prim, values, batched, kwargs, size)
    index = _batched_index(kwargs["index"])
    if index is None:
        return loop_rule(prim, values, batched, kwargs, size)
    new = dict(kwargs, index=index)
    if "shape" in kwargs:
        new["shape"] = (size,) + tuple(kwargs["shape"])
    return bind(prim, values, new)


def index_update_rule(prim, values, batched, kwargs, size):
    """``index_update(x, value, index)``: the copy of ``x`` gets the batch axis."""
    if len(values) != 2 or not _fits(kwargs, ["index"]):
        return loop_rule(prim, values, batched, kwargs, size)
    index = _batched_index(kwargs["index"])
    if index is None:
        return loop_rule(prim, values, batched, kwargs, size)
    x, v = values
    xb, vb = batched
    if not xb:
        x = _materialize(x, size)
    if vb:
        # The value broadcasts against x[index]: align its example dims with that target's.
        probe = np.broadcast_to(np.empty((), bool), shape_of(x)[1:])[kwargs["index"]]
        v = _pad(v, probe.ndim)
    return bind(prim, [x, v], dict(kwargs, index=index))


def join_rule(prim, values, batched, kwargs, size, new_axis):
    """``concatenate`` / ``stack`` along ``axis``: every operand gets the batch axis."""
    if not _fits(kwargs, [], ["axis"]):
        return loop_rule(prim, values, batched, kwargs, size)
    nd = _ndim(values[batched.index(True)]) - 1 + new_axis
    args = [v if isb else _materialize(v, size) for v, isb in zip(values, batched)]
    return bind(prim, args, dict(kwargs, axis=kwargs.get("axis", 0) % nd + 1))


def matmul_rule(prim, values, batched, kwargs, size):
    """``matmul``: fold the batch into one matrix product where the shapes allow (the common
    vector-times-matrix cases of Jacobians), numpy's batched matmul otherwise."""
    from .ops import matmul, swapaxes, transpose
    x, y = values
    bx, by = batched
    xs = shape_of(x)[1:] if bx else shape_of(x)
    ys = shape_of(y)[1:] if by else shape_of(y)
    if kwargs or not xs or not ys:
        return loop_rule(prim, values, batched, kwargs, size)
    if bx and not by and len(ys) <= 2:
        # Batch folded into the rows of x: (B*..., k) @ y.
        out = matmul(_reshape(x, (-1, xs[-1])), y)
        return _reshape(out, (size,) + xs[:-1] + ys[1:])
    if by and not bx and len(xs) <= 2 and (len(ys) == 1 or (len(ys) == 2 and ys[1] == 1)):
        # Each example is x @ y_b with y_b a vector: all of them are rows of Y @ x^T.
        y2 = _reshape(y, (size, ys[0]))
        out = matmul(y2, x if len(xs) == 1 else swapaxes(x, -1, -2))
        return _reshape(out, (size,) + xs[:-1] + ys[1:])
    if by and not bx and len(xs) <= 2 and len(ys) == 2:
        # Batch folded into the columns of y: x @ (k, B*n).
        k, n = ys
        cols = _reshape(transpose(y, (1, 0, 2)), (k, size * n))
        out = matmul(x, cols)
        if len(xs) == 1:
            return _reshape(out, (size, n))
        return transpose(_reshape(out, (xs[0], size, n)), (1, 0, 2))
    # General case: promote vectors to matrices, line up the batch axes, numpy's matmul.
    x2s = xs if len(xs) >= 2 else (1,) + xs
    y2s = ys if len(ys) >= 2 else ys + (1,)
    x2 = _reshape(x, ((size,) if bx else ()) + x2s) if len(xs) < 2 else x
    y2 = _reshape(y, ((size,) if by else ()) + y2s) if len(ys) < 2 else y
    nd = max(len(x2s), len(y2s))
    x2 = _pad(x2, nd) if bx else x2
    y2 = _pad(y2, nd) if by else y2
    out_shape = (tuple(np.broadcast_shapes(xs[:-2], ys[:-2]))
                 + (xs[-2:-1] if len(xs) >= 2 else ()) + (ys[-1:] if len(ys) >= 2 else ()))
    return _reshape(matmul(x2, y2), (size,) + out_shape)


def dot_rule(prim, values, batched, kwargs, size):
    """``dot`` of two vectors: a matrix-vector product (one side batched) or a row-wise sum."""
    from .ops import matmul, sum
    x, y = values
    bx, by = batched
    if kwargs or _ndim(x) - bx != 1 or _ndim(y) - by != 1:
        return loop_rule(prim, values, batched, kwargs, size)
    if bx and by:
        return sum(x * y, dim=1)
    return matmul(x, y) if bx else matmul(y, x)


def ufunc_rule(prim, values, batched, kwargs, size):
    """Elementwise without static parameters: a primitive whose implementation is a numpy ufunc
    is elementwise by definition; a call with keyword arguments takes the loop."""
    if kwargs:
        return loop_rule(prim, values, batched, kwargs, size)
    return elementwise_rule(prim, values, batched, kwargs, size)


def astype_rule(prim, values, batched, kwargs, size):
    """``astype(x, dtype, copy)``: elementwise, its parameters name no axis."""
    if not _fits(kwargs, ["dtype"], ["copy"]):
        return loop_rule(prim, values, batched, kwargs, size)
    return elementwise_rule(prim, values, batched, kwargs, size)


def _with(rule, **fixed):
    def bound(prim, values, batched, kwargs, size):
        """``rule`` with the fixed keyword arguments (its docstring replaces this one)."""
        return rule(prim, values, batched, kwargs, size, **fixed)
    bound.__doc__ = rule.__doc__
    return bound


# The one table of kinds, by the name each library primitive is registered under. Only the
# primitive objects registered under these names when this module is imported get a kind; a
# user's primitive that later reuses a name does not inherit it. Every rule checks the static
# parameters it was written for and takes the loop when they differ, and a name not registered
# is skipped, so an entry can never make a result wrong, only fast.
KINDS: dict[str, Callable] = {
    # elementwise with broadcasting (ops whose implementation is a ufunc need no entry)
    "sigmoid": ufunc_rule, "relu": ufunc_rule, "where": ufunc_rule, "astype": astype_rule,
    "softplus": ufunc_rule, "clip": ufunc_rule, "round": elementwise_with("decimals"),
    "polygamma": elementwise_with("n"),
    # reductions (x, axis=None, keepdims=False)
    "sum": reduction_rule, "mean": reduction_rule, "norm2": reduction_rule,
    "amax": reduction_rule, "amin": reduction_rule, "prod": reduction_rule,
    "logsumexp": reduction_rule, "var": _with(reduction_rule, extra=("ddof",)),
    "std": _with(reduction_rule, extra=("ddof",)),
    # along one axis
    "softmax": along_axis_rule, "log_softmax": along_axis_rule, "cumsum": along_axis_rule,
    "cumprod": along_axis_rule, "roll": _with(along_axis_rule, extra=("shift",)),
    "tile": tile_rule,
    # shape and indexing
    "reshape": reshape_rule, "transpose": transpose_rule, "swapaxes": swapaxes_rule,
    "broadcast_to": broadcast_to_rule, "getitem": getitem_rule, "scatter_add": getitem_rule,
    "index_update": index_update_rule, "concatenate": _with(join_rule, new_axis=0),
    "stack": _with(join_rule, new_axis=1),
    # products: batched natively, for speed
    "matmul": matmul_rule, "dot": dot_rule,
}

_RULES: dict[Primitive, Callable] = {}


def _declare_library_kinds():
    for name, rule in KINDS.items():
        prim = REGISTRY.get(name)
        if prim is not None:
            _RULES[prim] = rule


def defbatch(prim: Primitive, rule: str | Callable) -> None:
    """Declare how ``prim`` is batched, so Jacobians through it take one call, not a loop.

    Parameters
    ----------
    prim : Primitive
    rule : str or callable
        ``"elementwise"`` (numpy broadcasting, no axis arguments), ``"reduction"`` (signature
        ``(x, axis=None, keepdims=False)``), ``"loop"`` (the generic per-element rule), or a
        callable ``rule(prim, values, batched, kwargs, size)`` that returns the batched result
        (batch axis first) computed from ``values`` one level down, where ``batched[i]`` says
        whether ``values[i]`` carries the batch axis.

    Examples
    --------
    >>> import numpy as np, autodiff as ad
    >>> my_softplus = ad.primitive(lambda x: np.logaddexp(0, x), name="my_softplus")
    >>> ad.batching.defbatch(my_softplus, "elementwise")
    """
    named = {"elementwise": elementwise_rule, "reduction": reduction_rule, "loop": loop_rule}
    if isinstance(rule, str):
        if rule not in named:
            raise ValueError(f"defbatch: unknown kind {rule!r}; use one of {sorted(named)} or "
                             f"a rule function")
        rule = named[rule]
    _RULES[prim] = rule


def batch_rule_for(prim: Primitive) -> Callable:
    """The batching rule of ``prim``: its declared kind, elementwise for a ufunc, else the loop."""
    rule = _RULES.get(prim)
    if rule is not None:
        return rule
    if isinstance(prim.impl, np.ufunc):
        return ufunc_rule
    return loop_rule


_declare_library_kinds()
