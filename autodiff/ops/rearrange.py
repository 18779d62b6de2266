"""Rearranging elements: flip, roll, tile, repeat, pad, take, take_along_axis, sort, split.

Most are indexing in disguise and are written with ``getitem`` and ``index_update``, whose rules
already scatter the gradient back; ``roll`` and ``tile`` are primitives with short rules of their
own.
"""
import numpy as np

from ..core import Tensor, bind, primitive
from ..core.structure import fits, ndim_of, pad_dims
from ._util import dtype_of, normalize_axis, shape_of
from .reductions import sum_
from .shape import getitem, index_update, reshape

__all__ = ["flip", "roll", "tile", "repeat", "repeat_interleave", "pad", "take",
           "take_along_axis", "sort", "split", "array_split"]


def _raw(x):
    return x._data if isinstance(x, Tensor) else np.asarray(x)


def flip(x, axis=None):
    """Reverse the order of elements along ``axis`` (all axes when None).

    Parameters
    ----------
    x : Tensor or array_like
    axis : int or tuple of int, optional

    Returns
    -------
    Tensor
        The gradient is reversed back.
    """
    ndim = len(shape_of(x))
    axes = normalize_axis(axis, ndim)
    return getitem(x, tuple(slice(None, None, -1) if i in axes else slice(None)
                            for i in range(ndim)))


# -- roll: a permutation, undone by rolling back ----------------------------------------------
roll_ = primitive(lambda x, shift, axis=None: np.roll(x, shift, axis=axis), name="roll",
                  grad_fn_name="RollBackward0")
roll_.defjvp(lambda tangents, ans, x, shift, axis=None: roll_(tangents[0], shift=shift, axis=axis))
roll_.defvjp(lambda g, ans, x, shift, axis=None: (roll_(g, shift=_neg(shift), axis=axis),))


def _neg(shift):
    return tuple(-s for s in shift) if isinstance(shift, tuple) else -shift


def roll(x, shift, axis=None, *, dims=None):
    """Shift elements cyclically by ``shift`` along ``axis`` (``dims``); flattened when None."""
    axis = dims if dims is not None else axis
    shift = tuple(int(s) for s in shift) if isinstance(shift, (list, tuple)) else int(shift)
    axis = tuple(int(a) for a in axis) if isinstance(axis, (list, tuple)) else axis
    return roll_(x, shift=shift, axis=axis)


# -- tile: copies side by side; each copy's cotangent adds up -----------------------------------
def _tile_vjp(g, ans, x, reps):
    xs = shape_of(x)
    d = max(len(xs), len(reps))
    xs_ = (1,) * (d - len(xs)) + xs
    rs = (1,) * (d - len(reps)) + tuple(reps)
    interleaved = tuple(v for pair in zip(rs, xs_) for v in pair)      # (r0, x0, r1, x1, ...)
    summed = sum_(reshape(g, interleaved), axis=tuple(range(0, 2 * d, 2)))
    return (reshape(summed, xs),)


tile_ = primitive(lambda x, reps: np.tile(x, reps), name="tile", grad_fn_name="RepeatBackward0")
tile_.defjvp(lambda tangents, ans, x, reps: tile_(tangents[0], reps=reps))
tile_.defvjp(_tile_vjp)


def tile(x, reps):
    """Repeat the whole array ``reps`` times along each axis (``numpy.tile``, PyTorch's
    ``Tensor.repeat``)."""
    reps = (int(reps),) if isinstance(reps, (int, np.integer)) else tuple(int(r) for r in reps)
    return tile_(x, reps=reps)


# -- indexing in disguise ------------------------------------------------------------------------
def take(x, indices, axis=None):
    """Elements of ``x`` at ``indices`` along ``axis`` (the flattened array when None).

    Repeated indices add their gradients.
    """
    indices = _raw(indices)
    if axis is None:
        return getitem(reshape(x, (-1,)), indices)
    axis = normalize_axis(axis, len(shape_of(x)))[0]
    return getitem(x, (slice(None),) * axis + (indices,))


def repeat(x, repeats, axis=None):
    """Repeat each element ``repeats`` times along ``axis`` (``numpy.repeat``; flattened when
    None). ``repeats`` is an int or one count per element."""
    if axis is None:
        x, axis = reshape(x, (-1,)), 0
    axis = normalize_axis(axis, len(shape_of(x)))[0]
    n = shape_of(x)[axis]
    return take(x, np.repeat(np.arange(n), _raw(repeats)), axis=axis)


def repeat_interleave(x, repeats, dim=None):
    """PyTorch's name for :func:`repeat`."""
    return repeat(x, repeats, dim)


def take_along_axis(x, indices, axis):
    """``numpy.take_along_axis``: pick ``indices[..., i, ...]`` along ``axis`` in each 1-D slice.

    ``axis=None`` works on the flattened array.
    """
    indices = _raw(indices)
    if axis is None:
        return getitem(reshape(x, (-1,)), indices)
    shape = shape_of(x)
    axis = normalize_axis(axis, len(shape))[0]
    if indices.ndim != len(shape):
        raise ValueError(f"take_along_axis: indices must have as many dimensions as x "
                         f"({len(shape)}), got {indices.ndim}")
    # As numpy: the other axes of indices and x broadcast against each other.
    out_shape = tuple(k if i == axis else np.broadcast_shapes((k,), (n,))[0]
                      for i, (k, n) in enumerate(zip(indices.shape, shape)))
    indices = np.broadcast_to(indices, out_shape)
    grids = np.ogrid[tuple(slice(n) for n in out_shape)]
    index = tuple(indices if i == axis else grids[i] for i in range(len(shape)))
    return getitem(x, index)


def sort(x, axis=-1, descending=False, *, dim=None, stable=True):
    """Sorted values along ``axis`` (``dim``); the flattened array when ``axis`` is None.

    The gradient follows each value back to the position it came from. Ties keep their order
    (a stable sort), so each tied element gets the gradient of the position it was sorted to,
    as with PyTorch's ``sort`` (not an even split).
    """
    axis = dim if dim is not None else axis
    if axis is None:
        x, axis = reshape(x, (-1,)), 0
    raw = _raw(x)
    order = np.argsort(-raw if descending else raw, axis=axis, kind="stable")
    return take_along_axis(x, order, axis)


def pad(x, pad_width, mode="constant", constant_values=0):
    """Pad ``x`` (``numpy.pad``): ``"constant"``, ``"edge"``, ``"reflect"``, ``"symmetric"`` or
    ``"wrap"``.

    The padded array is a function of ``x`` through indexing, so the gradient of an edge or
    reflected element adds into the element it copies. ``constant_values`` is a constant.
    """
    shape = shape_of(x)
    if not shape and mode in ("constant", "edge", "reflect", "symmetric", "wrap"):
        return reshape(x, ())         # numpy pads no axis of a 0-d array: a copy
    if mode == "constant":
        widths = np.broadcast_to(np.asarray(pad_width, dtype=int), (len(shape), 2))
        base = np.pad(np.zeros(shape, dtype_of(x)), widths, constant_values=constant_values)
        inside = tuple(slice(int(lo), int(lo) + d) for d, (lo, _) in zip(shape, widths))
        return index_update(base, inside, x)
    if mode in ("edge", "reflect", "symmetric", "wrap"):
        # Pad the element numbers, then gather: each output element names the input it copies.
        source = np.pad(np.arange(int(np.prod(shape))).reshape(shape), pad_width, mode=mode)
        return getitem(reshape(x, (-1,)), source)
    raise ValueError(f"pad: mode {mode!r} is not differentiable here; use 'constant', 'edge', "
                     f"'reflect', 'symmetric' or 'wrap'")


def array_split(x, indices_or_sections, axis=0):
    """Split into pieces along ``axis`` (``numpy.array_split``: sections need not be equal)."""
    n = shape_of(x)[axis]
    if isinstance(indices_or_sections, (int, np.integer)):
        k = int(indices_or_sections)
        if k <= 0:
            raise ValueError("number sections must be larger than 0.")
        size, extra = divmod(n, k)
        bounds = np.cumsum([0] + [size + 1] * extra + [size] * (k - extra))
    else:
        bounds = [0] + [int(i) for i in indices_or_sections] + [n]
    axis = normalize_axis(axis, len(shape_of(x)))[0]
    return [getitem(x, (slice(None),) * axis + (slice(int(a), int(b)),))
            for a, b in zip(bounds[:-1], bounds[1:])]


def split(x, indices_or_sections, axis=0):
    """Split into pieces along ``axis`` (``numpy.split``): equal sections, or at indices.

    Returns a list of tensors, each differentiable (a piece's gradient lands in its slice).
    """
    n = shape_of(x)[axis]
    if isinstance(indices_or_sections, (int, np.integer)) and n % int(indices_or_sections):
        raise ValueError("array split does not result in an equal division")
    return array_split(x, indices_or_sections, axis)


def _tile_batched(prim, values, batched, kwargs, size):
    """``tile(x, reps)``: one repetition along the batch axis."""
    if len(values) != 1 or not fits(kwargs, ["reps"]):
        return NotImplemented
    reps = kwargs["reps"]
    reps = (int(reps),) if np.ndim(reps) == 0 else tuple(int(r) for r in reps)
    d = max(len(reps), ndim_of(values[0]) - 1)
    x = pad_dims(values[0], d)
    return bind(prim, [x], dict(kwargs, reps=(1,) * (1 + d - len(reps)) + reps))


tile_.defbatch(_tile_batched)
roll_.defbatch("along_axis", params=("shift",))
