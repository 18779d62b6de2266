"""Shape, indexing and joining: reshape, transpose, broadcast, getitem, index_update, cat, stack."""
import numpy as np

from ..core import Tensor, bind, primitive, provide
from ..core.structure import fits, materialize, ndim_of, pad_dims
from ..core.structure import ops as structural
from ._util import dtype_of, normalize_axis, shape_of, zeros
from .comparison import where

__all__ = ["reshape", "transpose", "swapaxes", "squeeze", "expand_dims", "broadcast_to",
           "getitem", "index_update", "add_at", "concatenate", "cat", "stack", "astype"]


def _view(op):
    op.returns_view = True    # the base level shares the version counter with the input
    return op


_reshape = _view(primitive(lambda x, shape: np.reshape(x, shape), name="reshape",
                          grad_fn_name="ViewBackward0"))
_reshape.defjvp(lambda tangents, ans, x, shape: reshape(tangents[0], shape=shape_of(ans)))
_reshape.defvjp(lambda g, ans, x, shape: (reshape(g, shape=shape_of(x)),))

_transpose = _view(primitive(lambda x, axes=None: np.transpose(x, axes), name="transpose",
                            grad_fn_name="PermuteBackward0"))


def _inverse_axes(axes, ndim):
    if axes is None:
        return None
    return tuple(np.argsort([a % ndim for a in axes]))


_transpose.defjvp(lambda tangents, ans, x, axes=None: transpose(tangents[0], axes=axes))
_transpose.defvjp(lambda g, ans, x, axes=None:
                 (transpose(g, axes=_inverse_axes(axes, len(shape_of(x)))),))

_swapaxes = _view(primitive(lambda x, axis1, axis2: np.swapaxes(x, axis1, axis2),
                           name="swapaxes", grad_fn_name="TransposeBackward0"))
_swapaxes.defjvp(lambda tangents, ans, x, axis1, axis2:
                swapaxes(tangents[0], axis1=axis1, axis2=axis2))
_swapaxes.defvjp(lambda g, ans, x, axis1, axis2: (swapaxes(g, axis1=axis1, axis2=axis2),))


def reshape(x, shape):
    """The same values in a new shape (one dimension may be ``-1``)."""
    if isinstance(shape, (int, np.integer)):
        shape = (shape,)
    return _reshape(x, shape=tuple(int(d) for d in shape))


def transpose(x, axes=None):
    """Permute the dimensions (reverse them when ``axes`` is None)."""
    return _transpose(x, axes=None if axes is None else tuple(axes))


def swapaxes(x, axis1, axis2):
    """Swap two dimensions."""
    return _swapaxes(x, axis1=axis1, axis2=axis2)


def broadcast_to(x, shape):
    """Broadcast ``x`` to ``shape`` (a read-only view at the base level)."""
    return _broadcast_to(x, shape=tuple(shape))


def astype(x, dtype, copy=False):
    """``x`` converted to ``dtype``; the gradient is converted back."""
    return _astype(x, dtype=np.dtype(dtype), copy=copy)


def squeeze(x, axis=None):
    """Drop dimensions of length one (all of them, or those in ``axis`` that have length one)."""
    shape = shape_of(x)
    axes = normalize_axis(axis, len(shape)) if axis is not None else range(len(shape))
    return reshape(x, shape=tuple(d for i, d in enumerate(shape) if not (i in axes and d == 1)))


def expand_dims(x, axis):
    """Insert a dimension of length one at ``axis``."""
    shape = list(shape_of(x))
    axis = axis if axis >= 0 else axis + len(shape) + 1
    shape.insert(axis, 1)
    return reshape(x, shape=tuple(shape))


_broadcast_to = _view(primitive(lambda x, shape: np.broadcast_to(x, shape), name="broadcast_to",
                               grad_fn_name="ExpandBackward0"))
_broadcast_to.defjvp(lambda tangents, ans, x, shape: broadcast_to(tangents[0], shape=shape))
# Its VJP sums the broadcast dimensions away: sum_to, a reduction (ops/reductions.py imports
# this module, so it is reached through the core, where the reductions provide it).
_broadcast_to.defvjp(lambda g, ans, x, shape: (structural.sum_to(g, shape_of(x)),))


def _basic(index) -> bool:
    parts = index if isinstance(index, tuple) else (index,)
    return all(p is None or p is Ellipsis or isinstance(p, (int, np.integer, slice))
               for p in parts)


def _scatter_add_impl(g, shape, index):
    out = np.zeros(shape, dtype=np.result_type(g))
    if _basic(index):
        out[index] = g
    else:
        np.add.at(out, index, g)
    return out


def _getitem_impl(x, index):
    x = np.asarray(x)
    out = x[index]
    if out.__class__ is not np.ndarray and _basic(index):
        # An integer for every axis: numpy gives a scalar, a copy, so t[0].add_(1) would not
        # reach t; the same index with an Ellipsis gives the element as a 0-d view.
        out = x[(index if isinstance(index, tuple) else (index,)) + (Ellipsis,)]
    return out


_getitem = _view(primitive(_getitem_impl, name="getitem",
                           grad_fn_name=lambda a, kw: "SelectBackward0" if isinstance(
                               kw["index"], (int, np.integer)) else "IndexBackward0"))
_scatter_add = primitive(_scatter_add_impl, name="scatter_add", grad_fn_name="IndexPutBackward0")
_getitem.defjvp(lambda tangents, ans, x, index: _getitem(tangents[0], index=index))
_getitem.defvjp(lambda g, ans, x, index: (_scatter_add(g, shape=shape_of(x), index=index),))
_scatter_add.defjvp(lambda tangents, ans, g, shape, index:
                    _scatter_add(tangents[0], shape=shape, index=index))
_scatter_add.defvjp(lambda g, ans, v, shape, index: (_getitem(g, index=index),))


def _plain_index(index):
    """Tensors inside an index become numpy arrays (indices are never differentiated)."""
    if isinstance(index, tuple):
        return tuple(_plain_index(i) for i in index)
    if isinstance(index, Tensor):
        if index._trace.level > 0:
            index._check_value("indexing with an array")
        return index._data
    if isinstance(index, list):
        return np.asarray([_plain_index(i) if isinstance(i, Tensor) else i for i in index])
    return index


def getitem(x, index):
    """``x[index]``: basic, fancy and boolean indexing, differentiable in ``x``."""
    return _getitem(x, index=_plain_index(index))


def add_at(shape, index, values):
    """A zero array of ``shape`` with ``values`` added at ``index`` (``np.add.at``: repeated
    indices add up); the transpose of indexing, so its derivative is indexing again."""
    return _scatter_add(values, shape=tuple(int(n) for n in shape), index=_plain_index(index))


def _index_update_impl(x, value, index):
    out = np.array(x, copy=True)
    out[index] = value
    return out


_index_update = primitive(_index_update_impl, name="index_update",
                          grad_fn_name="IndexPutBackward0")
_index_update.defjvp_per_arg(
    lambda t, ans, x, v, index: _index_update(t, 0, index=index),
    lambda t, ans, x, v, index: _index_update(zeros(ans), t, index=index))


def _written(xshape, index):
    """Which entries of ``x[index]`` a write lands in for good: with repeated fancy indices numpy
    keeps the last write, so only that one's value reaches the output. None when all do."""
    selected = np.empty(xshape)[index].shape
    ids = np.arange(int(np.prod(selected))).reshape(selected)
    board = np.full(xshape, -1)
    board[index] = ids
    kept = board[index] == ids
    return None if kept.all() else kept


def _index_update_vjp_value(g, ans, x, v, index):
    ct = _getitem(g, index=index)
    kept = _written(shape_of(ans), index)
    return ct if kept is None else where(kept, ct, 0)


_index_update.defvjp_per_arg(
    lambda g, ans, x, v, index: _index_update(g, 0, index=index),
    _index_update_vjp_value)


def index_update(x, index, value):
    """A copy of ``x`` with ``x[index] = value``: the out-of-place, differentiable update.

    Parameters
    ----------
    x : Tensor or array_like
    index : index expression
        Anything ``x[index]`` accepts.
    value : Tensor or array_like
        Broadcast to ``x[index]``'s shape.

    Returns
    -------
    Tensor
        Gradients flow to ``x`` outside ``index`` and to ``value`` inside it.
    """
    return _index_update(x, value, index=_plain_index(index))


def _split(g, sizes, axis):
    out, start = [], 0
    for size in sizes:
        index = (slice(None),) * axis + (slice(start, start + size),)
        out.append(_getitem(g, index=index))
        start += size
    return tuple(out)


_concatenate = primitive(lambda *xs, axis=0: np.concatenate(xs, axis=axis), name="concatenate",
                         grad_fn_name="CatBackward0")
_concatenate.defjvp(lambda tangents, ans, *xs, axis=0: _concatenate(
    *[t if t is not None else zeros(x) for t, x in zip(tangents, xs)], axis=axis))
_concatenate.defvjp(lambda g, ans, *xs, axis=0: _split(
    g, [shape_of(x)[axis] for x in xs], axis % len(shape_of(ans))))


def concatenate(*xs, axis=0):
    """Join arrays along an existing axis: ``concatenate(*xs, axis=0)``, or numpy's
    ``concatenate([a, b], axis=0)`` (one sequence); every array is differentiable.

    A sequence is unpacked rather than taken as one constant array: numpy would turn it into
    an array of the tensors' values and silently drop their derivatives.
    """
    if len(xs) == 1 and isinstance(xs[0], (list, tuple)):
        xs = tuple(xs[0])
    if axis is None:             # numpy: flatten every array first, then join
        return _concatenate(*[reshape(x, (-1,)) for x in xs], axis=0)
    return _concatenate(*xs, axis=axis)


def cat(tensors, dim=0):
    """Join tensors along an existing dimension ``dim``."""
    return concatenate(*tensors, axis=dim)


def _unstack(g, n, axis):
    return tuple(_getitem(g, index=(slice(None),) * axis + (i,)) for i in range(n))


_stack = primitive(lambda *xs, axis=0: np.stack(xs, axis=axis), name="stack",
                   grad_fn_name="StackBackward0")
_stack.defjvp(lambda tangents, ans, *xs, axis=0: _stack(
    *[t if t is not None else zeros(x) for t, x in zip(tangents, xs)], axis=axis))
_stack.defvjp(lambda g, ans, *xs, axis=0: _unstack(g, len(xs), axis % len(shape_of(ans))))


def stack(tensors, dim=0, axis=None):
    """Join tensors along a new dimension ``dim``."""
    return _stack(*tensors, axis=dim if axis is None else axis)


_astype = primitive(lambda x, dtype, copy=False: np.asarray(x).astype(dtype, copy=copy),
                   name="astype", grad_fn_name="ToCopyBackward0")


def _cast_to(v, dtype):
    """``v`` cast to ``dtype``; complex to real keeps the real part, as numpy's cast does (said
    here, so numpy does not warn about a part the derivative drops on purpose)."""
    if dtype_of(v).kind == "c" and np.dtype(dtype).kind != "c":
        v = structural.real(v)
    return astype(v, dtype=dtype)


# A real value cast to complex: its cotangent is the real part of the complex one.
_astype.defjvp(lambda tangents, ans, x, dtype, copy=False: _cast_to(tangents[0], dtype))
_astype.defvjp(lambda g, ans, x, dtype, copy=False: (_cast_to(g, dtype_of(x)),))


# -- how the batch level applies these ops (one call over the whole batch) --------------------
def _rewriting(required, optional=()):
    """A batching rule for shape ops of one array argument: ``rewrite(nd, size, kwargs)`` gives
    the static parameters for the batched value (the batch axis first)."""
    def decorate(rewrite):
        """The op once on the batch, its parameters rewritten."""
        def rule(prim, values, batched, kwargs, size):
            """The op once, parameters rewritten; the loop if they are not the expected ones."""
            if len(values) != 1 or not fits(kwargs, required, optional):
                return NotImplemented
            return bind(prim, values, rewrite(ndim_of(values[0]) - 1, size, kwargs))
        rule.__doc__ = rewrite.__doc__
        return rule
    return decorate


@_rewriting(["shape"])
def _reshape_batched(nd, size, kw):
    """``reshape(x, shape)``: the batch axis stays first."""
    return dict(kw, shape=(size,) + tuple(kw["shape"]))


@_rewriting([], ["axes"])
def _transpose_batched(nd, size, kw):
    """``transpose(x, axes)``: the batch axis stays first, the others move as asked."""
    axes = kw.get("axes")
    axes = tuple(range(nd - 1, -1, -1)) if axes is None else tuple(a % nd for a in axes)
    return dict(kw, axes=(0,) + tuple(a + 1 for a in axes))


@_rewriting(["axis1", "axis2"])
def _swapaxes_batched(nd, size, kw):
    """``swapaxes(x, axis1, axis2)``: both axes shift past the batch axis."""
    return dict(kw, axis1=kw["axis1"] % nd + 1, axis2=kw["axis2"] % nd + 1)


def _broadcast_to_batched(prim, values, batched, kwargs, size):
    """``broadcast_to(x, shape)``: pad the example to ``len(shape)`` dims, prepend the batch."""
    if len(values) != 1 or not fits(kwargs, ["shape"]):
        return NotImplemented
    shape = tuple(kwargs["shape"])
    return bind(prim, [pad_dims(values[0], len(shape))], dict(kwargs, shape=(size,) + shape))


def _batched_index(index):
    """``index`` with a full slice for the batch axis in front, or None when that would move
    the advanced-index dimensions (numpy puts them first when they are not adjacent)."""
    parts = index if isinstance(index, tuple) else (index,)
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


def _getitem_batched(prim, values, batched, kwargs, size):
    """``getitem(x, index)``, also ``scatter_add(g, shape, index)``: index behind the batch."""
    if len(values) != 1 or not fits(kwargs, ["index"], ["shape"]):
        return NotImplemented
    index = _batched_index(kwargs["index"])
    if index is None:
        return NotImplemented
    new = dict(kwargs, index=index)
    if "shape" in kwargs:
        new["shape"] = (size,) + tuple(kwargs["shape"])
    return bind(prim, values, new)


def _index_update_batched(prim, values, batched, kwargs, size):
    """``index_update(x, value, index)``: the copy of ``x`` gets the batch axis."""
    if len(values) != 2 or not fits(kwargs, ["index"]):
        return NotImplemented
    index = _batched_index(kwargs["index"])
    if index is None:
        return NotImplemented
    x, v = values
    xb, vb = batched
    if not xb:
        x = materialize(x, size)
    if vb:
        # The value broadcasts against x[index]: align its example dims with that target's.
        probe = np.broadcast_to(np.empty((), bool), shape_of(x)[1:])[kwargs["index"]]
        v = pad_dims(v, probe.ndim)
    return bind(prim, [x, v], dict(kwargs, index=index))


def _joining(new_axis):
    def rule(prim, values, batched, kwargs, size):
        """``concatenate`` / ``stack`` along ``axis``: every operand gets the batch axis."""
        if not fits(kwargs, [], ["axis"]):
            return NotImplemented
        nd = ndim_of(values[batched.index(True)]) - 1 + new_axis
        args = [v if isb else materialize(v, size) for v, isb in zip(values, batched)]
        return bind(prim, args, dict(kwargs, axis=kwargs.get("axis", 0) % nd + 1))
    return rule


_reshape.defbatch(_reshape_batched)
_transpose.defbatch(_transpose_batched)
_swapaxes.defbatch(_swapaxes_batched)
_broadcast_to.defbatch(_broadcast_to_batched)
_getitem.defbatch(_getitem_batched)
_scatter_add.defbatch(_getitem_batched)
_index_update.defbatch(_index_update_batched)
_concatenate.defbatch(_joining(new_axis=0))
_stack.defbatch(_joining(new_axis=1))
_astype.defbatch("elementwise", params=("dtype", "copy"))

# The engines reach these through the core, without importing any op.
provide(broadcast_to=broadcast_to, astype=astype, reshape=reshape, getitem=getitem,
        stack=stack)
