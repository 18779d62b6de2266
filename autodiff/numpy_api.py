"""numpy's protocols: ``np.sin(t)`` and ``np.sum(t)`` on tensors run the registry's ops.

Every numpy ufunc that is some primitive's implementation maps to that primitive automatically;
array functions map through the table below. Anything else is refused with a message that names
the function and shows how to register it, never computed silently without a derivative.
"""
from __future__ import annotations

from collections import namedtuple

import numpy as np
import scipy.special

from . import ops
from .core import REGISTRY, Primitive, Tensor, bind, is_recorded, lift
from .numpy_composites import COMPOSITES, UFUNC_COMPOSITES, VALUES_ONLY
from .numpy_gather import GATHERING
from .ops import building

_HOW_TO = ("register it as a primitive with its derivative rules, e.g.\n"
           "    @ad.primitive\n"
           "    def my_{name}(x):\n"
           "        return {call}(x)\n"
           "    @my_{name}.defvjp\n"
           "    def my_{name}_vjp(g, ans, x): ...\n"
           "and call my_{name}(t) instead")


def _no_rule(what: str, name: str) -> TypeError:
    call = what.replace("numpy.", "np.", 1) if what.startswith("numpy.") else what
    return TypeError(f"autodiff has no differentiation rule for {what}; "
                     + _HOW_TO.format(name=name, call=call))


def _ufunc_table() -> dict:
    table = {}
    for prim in REGISTRY.values():
        if isinstance(prim.impl, np.ufunc):
            table.setdefault(prim.impl, prim)
    table[np.absolute] = ops.abs
    table[np.divide] = ops.divide
    table[np.fabs] = ops.abs           # numpy's fabs refuses complex input; on reals it is abs
    return table


_UFUNCS: dict = {}


def array_ufunc(ufunc, method, inputs, kwargs):
    """``Tensor.__array_ufunc__``: route a numpy ufunc call to its primitive."""
    if ufunc is np.fabs and any(np.iscomplexobj(x) for x in inputs):
        raise TypeError("np.fabs does not accept complex input (numpy refuses it); use np.abs "
                        "for the modulus")
    if ufunc in _UFUNC_FUNCTIONS and method == "__call__" and kwargs.get("out") is None:
        return _UFUNC_FUNCTIONS[ufunc](*inputs, **kwargs)
    prim = _UFUNCS.get(ufunc)
    if prim is None:
        # First call, or a primitive registered since the table was built (a user's): rebuild.
        _UFUNCS.update(_ufunc_table())
        prim = _UFUNCS.get(ufunc)
    if method == "__call__" and not kwargs and prim is not None:   # the common case
        return bind(prim, inputs, {})
    if kwargs.get("out") is not None:
        raise TypeError(f"numpy.{ufunc.__name__} with out= would write into a tensor behind the "
                        f"engines' back; assign the result instead")
    if method != "__call__":
        return _ufunc_method(ufunc, method, prim, inputs, kwargs)
    if prim is None:
        raise _no_rule(_numpy_name(ufunc), ufunc.__name__)
    kwargs = {k: v for k, v in kwargs.items() if v is not None}
    if kwargs:
        raise TypeError(f"numpy.{ufunc.__name__}: keyword arguments {sorted(kwargs)} are not "
                        f"supported on tensors")
    return prim(*inputs)


# ufunc.reduce and ufunc.accumulate as the reductions and running ops they are
_REDUCE = {np.add: lambda a, axis, keepdims, **kw: np.sum(a, axis=axis, keepdims=keepdims, **kw),
           np.multiply: lambda a, axis, keepdims, **kw: np.prod(a, axis=axis, keepdims=keepdims,
                                                                **kw),
           np.maximum: lambda a, axis, keepdims, **kw: np.max(a, axis=axis, keepdims=keepdims,
                                                              **kw),
           np.minimum: lambda a, axis, keepdims, **kw: np.min(a, axis=axis, keepdims=keepdims,
                                                              **kw)}
_ACCUMULATE = {np.add: lambda a, axis: ops.cumsum(a, axis=axis),
               np.multiply: lambda a, axis: ops.cumprod(a, axis=axis)}


def _ufunc_method(ufunc, method, prim, inputs, kwargs):
    """``np.add.reduce``, ``np.multiply.accumulate``, ``np.subtract.outer`` and the like."""
    name = f"numpy.{ufunc.__name__}.{method}"
    if method == "outer" and prim is not None and len(inputs) == 2 and not kwargs:
        a, b = inputs
        return prim(ops.reshape(a, _shape(a) + (1,) * len(_shape(b))), b)
    if method == "reduce" and ufunc in _REDUCE:
        # numpy's own reductions take the rest (dtype, initial, where) or refuse it by name
        rest = {k: v for k, v in kwargs.items() if k not in ("axis", "keepdims")
                and v is not None}
        return _REDUCE[ufunc](inputs[0], kwargs.get("axis", 0), kwargs.get("keepdims", False),
                              **rest)
    if method == "accumulate" and ufunc in _ACCUMULATE:
        axis = kwargs.pop("axis", 0)
        if any(v is not None for v in kwargs.values()):
            raise TypeError(f"{name}: only axis= is supported on tensors")
        return _ACCUMULATE[ufunc](inputs[0], axis)
    if method == "at":
        raise TypeError(f"{name} adds into its argument in place behind the engines' back; "
                        f"use t.index_add_(dim, index, source) or ad.scatter_add(t, dim, index, "
                        f"src), which add on a tensor the engines can follow")
    raise TypeError(f"autodiff has no differentiation rule for {name} on tensors; write it with "
                    f"functions that have one (np.add.reduce is np.sum, np.add.accumulate is "
                    f"np.cumsum, ufunc.outer works for every differentiable ufunc)")


def _shape(a):
    return tuple(np.shape(a._data if hasattr(a, "_data") else a))


def _refuse(name, kwargs):
    """A numpy keyword is honoured or refused, never dropped: raise for any left in
    ``kwargs`` (keywords given as None, numpy's own defaults, are fine)."""
    left = sorted(k for k, v in kwargs.items() if v is not None)
    if left:
        raise TypeError(f"numpy.{name}: keyword argument {left[0]!r} is not supported on "
                        f"tensors")


def _no_out_kw(name, out):
    if out is not None:
        raise TypeError(f"numpy.{name}: out= is not supported on tensors; assign the result "
                        f"instead")


_NO_WHERE = True     # numpy's default for where=: every element takes part


def _masked(a, where, fill):
    """``a`` with ``fill`` where the mask is False, broadcast to the mask's shape as numpy
    does."""
    if where is _NO_WHERE or where is True:
        return a
    mask = np.asarray(where._data if hasattr(where, "_data") else where, dtype=bool)
    full = np.broadcast_shapes(_shape(a), mask.shape)
    return ops.where(mask, ops.broadcast_to(a, full), fill)


def _count(a, axis, keepdims, where):
    """How many elements each reduction group of ``a`` takes (the mask's count)."""
    mask = np.ones(_shape(a), bool) if where is _NO_WHERE or where is True else \
        np.broadcast_to(np.asarray(where._data if hasattr(where, "_data") else where, bool),
                        _shape(a))
    return np.sum(mask, axis=axis, keepdims=keepdims)


def _reduction(name, func, fill, combine):
    """numpy's reduction signature, mapped onto the op: ``where=`` fills the masked elements
    with the reduction's identity ``fill``, ``initial=`` joins the result through
    ``combine``."""
    def call(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=_NO_WHERE,
             **kw):
        """The numpy reduction on a tensor, with ``where=`` and ``initial=`` honoured."""
        _no_out_kw(name, out)
        _refuse(name, kw)
        if isinstance(axis, list):
            axis = tuple(axis)
        if fill is None and where is not _NO_WHERE and where is not True and initial is None:
            raise ValueError(f"reduction operation '{name}' does not have an identity, so to "
                             f"use a where mask one has to specify 'initial'")
        x = a if dtype is None else ops.astype(a, dtype)
        x = _masked(x, where, -np.inf if name == "max" else np.inf if name == "min" else fill)
        result = func(x, axis=axis, keepdims=keepdims)
        if initial is not None:
            result = combine(result, initial)
        return result
    return call


def _mean(a, axis=None, dtype=None, out=None, keepdims=False, *, where=_NO_WHERE, **kw):
    _no_out_kw("mean", out)
    _refuse("mean", kw)
    if isinstance(axis, list):
        axis = tuple(axis)
    x = a if dtype is None else ops.astype(a, dtype)
    if where is _NO_WHERE or where is True:
        return ops.mean(x, axis=axis, keepdims=keepdims)
    total = ops.sum(_masked(x, where, 0), axis=axis, keepdims=keepdims)
    return total / _count(_masked(x, where, 0), axis, keepdims, where).astype(total.dtype)


def _var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=_NO_WHERE,
         mean=None, correction=None, **kw):
    _no_out_kw("var", out)
    _refuse("var", dict(kw, mean=mean))
    if correction is not None:
        ddof = correction
    if isinstance(axis, list):
        axis = tuple(axis)
    x = a if dtype is None else ops.astype(a, dtype)
    if where is _NO_WHERE or where is True:
        return ops.var(x, axis=axis, keepdims=keepdims, ddof=ddof)
    m = _mean(x, axis=axis, keepdims=True, where=where)
    sq = _masked((x - m) * (x - m), where, 0)
    n = _count(sq, axis, keepdims, where) - ddof
    total = ops.sum(sq, axis=axis, keepdims=keepdims)
    return total / np.asarray(n).astype(total.dtype)


def _std(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=_NO_WHERE,
         mean=None, correction=None, **kw):
    _no_out_kw("std", out)
    if where is _NO_WHERE or where is True:
        _refuse("std", dict(kw, mean=mean))
        if correction is not None:
            ddof = correction
        x = a if dtype is None else ops.astype(a, dtype)
        return ops.std(x, axis=tuple(axis) if isinstance(axis, list) else axis,
                       keepdims=keepdims, ddof=ddof)
    return ops.sqrt(_var(a, axis, dtype, None, ddof, keepdims, where=where, mean=mean,
                         correction=correction, **kw))


def _extreme(name, op):
    def combine(result, initial):
        """The extreme of the reduction's result and ``initial``."""
        return (ops.maximum if name == "max" else ops.minimum)(result, initial)
    return _reduction(name, lambda x, axis, keepdims: op(x, axis=axis, keepdims=keepdims),
                      None, combine)


_FUNCTIONS = {
    np.sum: _reduction("sum", ops.sum, 0, lambda r, initial: r + initial),
    np.mean: _mean,
    np.amax: _extreme("max", ops.amax),
    np.max: _extreme("max", ops.amax),
    np.amin: _extreme("min", ops.amin),
    np.min: _extreme("min", ops.amin),
    np.dot: ops.dot,
    np.matmul: ops.matmul,
    np.outer: ops.outer,
    np.reshape: lambda a, shape=None, order="C", *, newshape=None, copy=None:
        _c_order("reshape", order) or ops.reshape(a, shape if newshape is None else newshape),
    np.transpose: ops.transpose,
    np.swapaxes: ops.swapaxes,
    np.squeeze: ops.squeeze,
    np.expand_dims: ops.expand_dims,
    np.broadcast_to: ops.broadcast_to,
    np.concatenate: lambda arrays, axis=0, out=None, *, dtype=None, casting="same_kind":
        _joined("concatenate", ops.concatenate(*arrays, axis=axis), out, dtype, casting),
    np.stack: lambda arrays, axis=0, out=None, *, dtype=None, casting="same_kind":
        _joined("stack", ops.stack(arrays, axis=axis), out, dtype, casting),
    np.where: lambda c, x, y: ops.where(c, x, y),
    np.shape: _shape,
    np.ndim: lambda a: len(_shape(a)),
    np.size: lambda a, axis=None: int(np.prod(_shape(a))) if axis is None else _shape(a)[axis],
}


def _c_order(name, order):
    """Tensors are C-ordered; numpy's other memory orders would give other values."""
    if order not in ("C", "K", "A", None):
        raise TypeError(f"numpy.{name}: order={order!r} is not supported on tensors (they are "
                        f"C-ordered); transpose explicitly instead")


def _joined(name, result, out, dtype, casting, default_casting="same_kind"):
    """A joining function's result with numpy's ``out``/``dtype``/``casting`` honoured."""
    _no_out_kw(name, out)
    _refuse(name, {"casting": None if casting == default_casting else casting})
    return result if dtype is None else ops.astype(result, dtype)


def _no_out(func):
    """Refuse ``out=`` (a write behind the engines' back) and drop numpy-only no-op options."""
    def call(*args, out=None, **kw):
        """``func`` with ``out=`` refused."""
        if out is not None:
            raise TypeError("out= is not supported on tensors; assign the result instead")
        return func(*args, **kw)
    return call


def _clip(a, a_min=None, a_max=None, out=None, *, min=None, max=None, **kw):
    if out is not None:
        raise TypeError("out= is not supported on tensors; assign the result instead")
    return ops.clip(a, a_min, a_max, min=min, max=max)


# numpy 2's result types, field for field, so ``np.linalg.eig(t).eigenvalues`` works on tensors
EigResult = namedtuple("EigResult", ["eigenvalues", "eigenvectors"])
EighResult = namedtuple("EighResult", ["eigenvalues", "eigenvectors"])
SVDResult = namedtuple("SVDResult", ["U", "S", "Vh"])
SlogdetResult = namedtuple("SlogdetResult", ["sign", "logabsdet"])
QRResult = namedtuple("QRResult", ["Q", "R"])


def _svd(a, full_matrices=True, compute_uv=True, hermitian=False):
    # numpy defaults to full matrices, which equal the reduced ones for square input.
    _refuse("linalg.svd", {"hermitian": hermitian or None})
    shape = _shape(a)
    square = shape[-1] == shape[-2]
    out = ops.svd(a, full_matrices=full_matrices and not square, compute_uv=compute_uv)
    return SVDResult(*out) if compute_uv else out


def _qr(a, mode="reduced"):
    out = ops.qr(a, mode)
    return QRResult(*out) if mode == "reduced" else out


# The ops added for scientific code (issue #3): reductions, scans, contractions, linear algebra,
# rearranging.
_FUNCTIONS.update({
    np.prod: _reduction("prod", ops.prod, 1, lambda r, initial: r * initial),
    np.var: _var,
    np.std: _std,
    np.cumsum: _no_out(ops.cumsum),
    np.cumprod: _no_out(ops.cumprod),
    np.vdot: ops.vdot,
    np.inner: ops.inner,
    np.tensordot: ops.tensordot,
    np.trace: lambda a, offset=0, axis1=0, axis2=1, dtype=None, out=None:
        _no_out(ops.trace)(a, offset, axis1, axis2, out=out),
    np.diag: ops.diag,
    np.diagonal: ops.diagonal,
    np.linalg.inv: ops.inv,
    np.linalg.solve: ops.solve,
    np.linalg.det: ops.det,
    np.linalg.slogdet: lambda a: SlogdetResult(*ops.slogdet(a)),
    np.linalg.cholesky: lambda a, upper=False: ops.swapaxes(ops.cholesky(a), -1, -2)
        if upper else ops.cholesky(a),
    np.linalg.eigh: lambda a, UPLO="L": EighResult(*ops.eigh(a, UPLO)),
    np.linalg.eigvalsh: lambda a, UPLO="L": ops.eigvalsh(a, UPLO),
    np.linalg.svd: _svd,
    np.linalg.qr: _qr,
    np.linalg.norm: ops.linalg_norm,
    np.moveaxis: ops.moveaxis,
    np.split: ops.split,
    np.array_split: ops.array_split,
    np.flip: ops.flip,
    np.roll: ops.roll,
    np.tile: ops.tile,
    np.repeat: ops.repeat,
    np.pad: ops.pad,
    np.take: lambda a, indices, axis=None, out=None, mode="raise":
        _refuse("take", {"mode": None if mode == "raise" else mode})
        or _no_out(ops.take)(a, indices, axis, out=out),
    np.take_along_axis: ops.take_along_axis,
    # kind and stable choose the algorithm, not the values
    np.sort: lambda a, axis=-1, kind=None, order=None, *, stable=None:
        _refuse("sort", {"order": order}) or ops.sort(a, axis),
    np.clip: _clip,
    np.round: lambda a, decimals=0, out=None: _no_out(ops.round)(a, decimals=decimals, out=out),
    np.around: lambda a, decimals=0, out=None: _no_out(ops.round)(a, decimals=decimals, out=out),
})


# Functions that read only shapes and dtypes: fine on values ad.jit traces.
_SHAPE_ONLY = {np.zeros_like, np.ones_like, np.empty_like, np.result_type, np.iscomplexobj,
               np.isrealobj}


# Those whose result's shape does not depend on the values: inside ad.jit they are recorded as
# calls of one primitive without derivative (the others are refused there).
_SHAPE_KEEPING = {np.argmax, np.argmin, np.argsort, np.count_nonzero, np.any, np.all,
                  np.isclose, np.allclose, np.array_equal, np.searchsorted, np.isin,
                  np.full_like}


def _numpy_values_impl(*args, func, **kwargs):
    return func(*args, **kwargs)


# An engine detail rather than an op a user calls, so it stays out of the registry (the checker
# and the op table walk every registered op).
_numpy_values = Primitive(_numpy_values_impl, name="numpy_values", differentiable=False)
REGISTRY.pop(_numpy_values.name, None)


def _values(func):
    """A numpy function whose result has no derivative (indices, tests, constants): run it on
    the values and return the result as a tensor without history."""
    def call(*args, **kwargs):
        """``func`` on the values of the arguments; the result as tensors without history."""
        if func not in _SHAPE_ONLY and any(is_recorded(a) for a in (*args, *kwargs.values())):
            if func in _SHAPE_KEEPING:
                # Inside ad.jit: recorded as one call, replayed on the new values.
                return bind(_numpy_values, args, dict(kwargs, func=func))
            for a in (*args, *kwargs.values()):
                if isinstance(a, Tensor) and a._trace.level > 0:
                    a._check_value(f"numpy.{func.__name__} (its result's shape depends on the "
                                   f"values)")
        raw = [a._data if isinstance(a, Tensor) else a for a in args]
        raw_kw = {k: v._data if isinstance(v, Tensor) else v for k, v in kwargs.items()}
        out = func(*raw, **raw_kw)
        if isinstance(out, tuple):
            return tuple(lift(np.asarray(o)) for o in out)
        return lift(np.asarray(out)) if isinstance(out, (np.ndarray, np.generic)) else out
    return call


# More numpy a scientist writes: conveniences built from the primitives, and functions whose
# results carry no derivative (indices, comparisons, fresh constants).
_FUNCTIONS.update({
    np.ravel: lambda a, order="C": _c_order("ravel", order) or ops.ravel(a),
    np.atleast_1d: ops.atleast_1d,
    np.atleast_2d: ops.atleast_2d,
    np.atleast_3d: ops.atleast_3d,
    np.hstack: lambda tup, *, dtype=None, casting="same_kind":
        _joined("hstack", ops.hstack(tup), None, dtype, casting),
    np.vstack: lambda tup, *, dtype=None, casting="same_kind":
        _joined("vstack", ops.vstack(tup), None, dtype, casting),
    np.column_stack: ops.column_stack,
    np.append: ops.append,
    np.diff: ops.diff,
    np.tril: ops.tril,
    np.triu: ops.triu,
    np.kron: ops.kron,
    np.cross: ops.cross,
    np.average: ops.average,
    np.linalg.matrix_power: ops.matrix_power,
    np.copy: lambda a, order="K", subok=False: ops.astype(a, _dtype(a), copy=True),
})
for _func in (np.argmax, np.argmin, np.argsort, np.nonzero, np.argwhere, np.flatnonzero,
              np.count_nonzero, np.any, np.all, np.isclose, np.allclose, np.array_equal,
              np.zeros_like, np.ones_like, np.empty_like, np.full_like, np.searchsorted,
              np.isin, np.iscomplexobj, np.isrealobj, np.result_type):
    _FUNCTIONS[_func] = _values(_func)


def _dtype(a):
    return a.dtype


for _name in ("svdvals", "matrix_norm"):
    if hasattr(np.linalg, _name):
        _FUNCTIONS[getattr(np.linalg, _name)] = getattr(ops, _name)


def _einsum(*args, out=None, optimize=False, dtype=None, order="K", casting="safe"):
    """``numpy.einsum`` in both forms: ``einsum("ij,jk", a, b)`` and the sublist form
    ``einsum(a, [0, 1], b, [1, 2], [0, 2])``, with ``dtype``, ``order`` and ``casting`` honoured
    (``optimize`` only chooses numpy's contraction order, never the result)."""
    if order not in ("K", "C", "A"):
        return _c_order("einsum", order)
    if isinstance(args[0], str):
        result = ops.einsum(args[0], *args[1:])
    else:
        result = ops.einsum(*_sublists_to_subscripts(args))
    return _joined("einsum", result, out, dtype, casting, "safe")


def _sublists_to_subscripts(args):
    """``(a, [0, 1], b, [1, 2], [0, 2])`` -> ``("ab,bc->ac", a, b)``, as numpy reads it."""
    output = args[-1] if len(args) % 2 else None
    pairs = args[:-1] if len(args) % 2 else args
    operands, subs = list(pairs[0::2]), list(pairs[1::2])

    def letters(sub):
        """An einsum sublist as subscript letters."""
        return "".join("..." if s is Ellipsis else _EINSUM_LETTERS[int(s)] for s in sub)
    spec = ",".join(letters(s) for s in subs)
    if output is not None:
        spec += "->" + letters(output)
    return (spec, *operands)


_EINSUM_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _cumulative(running, initial, x, axis, dtype, out, include_initial):
    """numpy 2's ``cumulative_sum``/``cumulative_prod``: a running total, optionally with the
    empty total (0 or 1) first."""
    if out is not None:
        raise TypeError("out= is not supported on tensors; assign the result instead")
    if axis is None:
        if len(_shape(x)) > 1:
            raise ValueError("axis must be specified for multi-dimensional arrays")
        axis = 0
    result = running(x, axis=axis, dtype=dtype)
    if not include_initial:
        return result
    shape = list(_shape(result))
    shape[axis] = 1
    first = np.full(shape, initial, dtype=result.dtype)
    return ops.concatenate(first, result, axis=axis)


def _multi_dot(arrays):
    result = arrays[0]
    for a in arrays[1:]:
        result = ops.matmul(result, a)
    return result


def _vecdot(x1, x2, axis=-1):
    """numpy's ``vecdot``: ``sum(conj(x1) * x2)`` over ``axis``."""
    kind = np.dtype(x1.dtype if hasattr(x1, "dtype") else np.result_type(x1)).kind
    return ops.sum(ops.conj(x1) * x2 if kind == "c" else x1 * x2, axis=axis)


def _matvec(a, v, **kw):
    return ops.matmul(a, ops.expand_dims(v, -1))[..., 0]


def _vecmat(v, a, **kw):
    kind = np.dtype(v.dtype if hasattr(v, "dtype") else np.result_type(v)).kind
    v = ops.conj(v) if kind == "c" else v
    return ops.matmul(ops.expand_dims(v, -2), a)[..., 0, :]


# numpy 2's generalized ufuncs that are composites of primitives here
_UFUNC_FUNCTIONS = {getattr(np, name): func for name, func in (
    ("vecdot", lambda x1, x2, axis=-1, **kw: _vecdot(x1, x2, axis)), ("matvec", _matvec),
    ("vecmat", _vecmat)) if hasattr(np, name)}


def _like(build):
    """``np.array(obj, like=t)``: numpy hands the call to ``t``'s protocol without ``like``."""
    def call(obj, dtype=None, *args, **kw):
        """``build`` on the nested object, tensors inside it differentiated."""
        return build(obj, dtype, **kw)
    return call


# numpy functions with no derivative of their own before issue #11: complex parts, angle units,
# NaN handling, more rearranging, building arrays, finite differences, general linear algebra.
_FUNCTIONS.update({
    np.real: ops.real,
    np.imag: ops.imag,
    np.angle: ops.angle,
    np.real_if_close: ops.real_if_close,
    np.nan_to_num: ops.nan_to_num,
    np.flipud: ops.flipud,
    np.fliplr: ops.fliplr,
    np.rot90: ops.rot90,
    np.rollaxis: ops.rollaxis,
    np.hsplit: ops.hsplit,
    np.vsplit: ops.vsplit,
    np.dsplit: ops.dsplit,
    np.partition: ops.partition,
    np.select: ops.select,
    np.linspace: building.linspace,
    np.gradient: ops.gradient,
    np.einsum: _einsum,
    np.array: _like(lambda obj, dtype, copy=True, ndmin=0, **kw:
                    ops.array(obj, dtype, copy=copy, ndmin=ndmin, **kw)),
    np.asarray: _like(lambda obj, dtype, **kw: ops.asarray(obj, dtype)),
    np.asanyarray: _like(lambda obj, dtype, **kw: ops.asarray(obj, dtype)),
    np.linalg.eig: lambda a: EigResult(*ops.eig(a)),
    np.linalg.eigvals: ops.eigvals,
    np.linalg.pinv: lambda a, rcond=None, hermitian=False, **kw:
        ops.pinv(a, **({} if rcond is None else {"rcond": rcond}), **kw,
                 **({"hermitian": True} if hermitian else {})),
    np.linalg.lstsq: ops.lstsq,
    np.dstack: lambda tup, **kw: ops.dstack(tup),
    np.cov: ops.cov,
    np.corrcoef: ops.corrcoef,
    np.median: ops.median,
    np.quantile: ops.quantile,
    np.percentile: ops.percentile,
    np.ptp: ops.ptp,
    np.nansum: ops.nansum,
    np.nanmean: ops.nanmean,
    np.nanmax: ops.nanmax,
    np.nanmin: ops.nanmin,
    np.interp: ops.interp,
    np.polyval: ops.polyval,
    np.convolve: ops.convolve,
    np.correlate: ops.correlate,
    np.meshgrid: ops.meshgrid,
    np.linalg.multi_dot: lambda arrays, *, out=None: _no_out(_multi_dot)(arrays, out=out),
    np.sinc: ops.sinc,
    **{getattr(np.fft, name): getattr(ops, name) for name in (
        "fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft", "rfft2", "irfft2",
        "rfftn", "irfftn", "fftshift", "ifftshift")},
    np.block: ops.block,
})

# numpy 2's additions, where this numpy has them
for _where, _name, _handler in [
        (np, "trapezoid", ops.trapezoid), (np, "trapz", ops.trapezoid),
        (np, "cumulative_sum", lambda x, *, axis=None, dtype=None, out=None,
         include_initial=False: _cumulative(ops.cumsum, 0, x, axis, dtype, out, include_initial)),
        (np, "cumulative_prod", lambda x, *, axis=None, dtype=None, out=None,
         include_initial=False: _cumulative(ops.cumprod, 1, x, axis, dtype, out,
                                            include_initial)),
        (np.linalg, "vecdot", lambda x1, x2, *, axis=-1: _vecdot(x1, x2, axis=axis)),
        (np.linalg, "matrix_transpose", lambda x: ops.swapaxes(x, -1, -2)),
        (np.linalg, "outer", ops.outer),
        (np, "astype", lambda x, dtype, /, *, copy=True, device=None:
         _refuse("astype", {"device": None if device in (None, "cpu") else device})
         or ops.astype(x, dtype, copy=copy))]:
    if hasattr(_where, _name):
        _FUNCTIONS[getattr(_where, _name)] = _handler

def _diff(a, n=1, axis=-1, prepend=None, append=None):
    if prepend is None and append is None:
        return ops.diff(a, n=n, axis=axis)
    return ops.diff_with_ends(a, n=n, axis=axis, prepend=prepend, append=append)


# What JAX's jax.numpy differentiates beyond autograd: composites of the primitives
_FUNCTIONS.update({
    np.diff: _diff,
    np.i0: ops.i0,
    np.nanprod: ops.nanprod,
    np.nanvar: ops.nanvar,
    np.nanstd: ops.nanstd,
    np.nancumsum: ops.nancumsum,
    np.nancumprod: ops.nancumprod,
    np.ediff1d: ops.ediff1d,
    np.polyadd: ops.polyadd,
    np.polysub: ops.polysub,
    np.polymul: ops.polymul,
    np.polyder: ops.polyder,
    np.polyint: ops.polyint,
    np.vander: ops.vander,
    np.unwrap: ops.unwrap,
    np.fix: lambda x, out=None: _no_out(ops.trunc)(x, out=out),
    np.linalg.cond: ops.cond,
    np.linalg.tensorsolve: ops.tensorsolve,
    np.linalg.tensorinv: ops.tensorinv,
    np.bincount: ops.bincount,
    np.piecewise: ops.piecewise,
    np.apply_along_axis: ops.apply_along_axis,
    np.apply_over_axes: ops.apply_over_axes,
})
_UFUNC_FUNCTIONS.update({
    np.ldexp: lambda x1, x2, **kw: _refuse("ldexp", kw) or ops.ldexp(x1, x2),
})
for _where, _name, _handler in [
        (np, "matrix_transpose", lambda x, /: ops.swapaxes(x, -1, -2)),
        (np.linalg, "vector_norm", ops.vector_norm), (np.linalg, "cross", ops.linalg_cross),
        (np.linalg, "trace", ops.linalg_trace), (np.linalg, "diagonal", ops.linalg_diagonal)]:
    if hasattr(_where, _name):
        _FUNCTIONS[getattr(_where, _name)] = _handler

_FUNCTIONS.update(GATHERING)
for _func, _handler in COMPOSITES.items():
    _FUNCTIONS.setdefault(_func, _handler)     # an alias of a function above keeps its handler
_UFUNC_FUNCTIONS.update(UFUNC_COMPOSITES)
# scipy.special's two-result ufuncs: one primitive per result
_UFUNC_FUNCTIONS.update({scipy.special.sici: ops.sici, scipy.special.shichi: ops.shichi,
                         scipy.special.fresnel: ops.fresnel})
for _func in VALUES_ONLY:
    (_UFUNC_FUNCTIONS if isinstance(_func, np.ufunc) else _FUNCTIONS)[_func] = _values(_func)

# Functions whose arguments are sequences of arrays: a list there is not one array.
_STACKING = {np.concatenate, np.stack, np.hstack, np.vstack, np.dstack, np.column_stack,
             np.linalg.multi_dot}
_SEQUENCE_ARGS = {np.concatenate, np.stack, np.hstack, np.vstack, np.dstack, np.column_stack,
                  np.block, np.select, np.einsum, np.array, np.asarray, np.asanyarray,
                  np.linalg.multi_dot, np.choose, np.piecewise}


def _arrays_in_lists(args, kwargs):
    """An array argument given as a list holding tensors (``np.append(t, [t[0], 1.0])``)
    becomes the array that list means, built so the tensors inside keep their derivatives."""
    def fix(a):
        """A list holding tensors as the array it means; anything else unchanged."""
        return ops.array(a) if isinstance(a, (list, tuple)) and building._has_tensor(a) else a
    return [fix(a) for a in args], {k: fix(v) for k, v in kwargs.items()}


def _lists_in_sequence(args, kwargs):
    """The elements of a sequence argument (``np.concatenate([t, [t[0], 1.0]])``) that are lists
    holding tensors become the arrays they mean."""
    def fix(a):
        """A list holding tensors as the array it means; anything else unchanged."""
        return ops.array(a) if isinstance(a, (list, tuple)) and building._has_tensor(a) else a
    if args and isinstance(args[0], (list, tuple)):
        args = [[fix(a) for a in args[0]], *args[1:]]
    return args, kwargs


def array_function(func, args, kwargs):
    """``Tensor.__array_function__``: route a numpy function call to the ops that differentiate
    it."""
    handler = _FUNCTIONS.get(func)
    if handler is None:
        name = getattr(func, "__name__", str(func))
        module = getattr(func, "__module__", "numpy") or "numpy"
        raise _no_rule(f"{module}.{name}", name)
    if func not in _SEQUENCE_ARGS:
        args, kwargs = _arrays_in_lists(args, kwargs)
    elif func in _STACKING:
        args, kwargs = _lists_in_sequence(args, kwargs)
    return handler(*args, **kwargs)


def _numpy_name(func) -> str:
    name = func.__name__
    if isinstance(func, np.ufunc):       # scipy.special's ufuncs say they come from numpy
        return f"numpy.{name}" if getattr(np, name, None) is func else f"scipy.special.{name}"
    for sub in ("linalg", "fft"):
        if getattr(getattr(np, sub), name, None) is func:
            return f"numpy.{sub}.{name}"
    return f"numpy.{name}"


def _numpy_callables():
    """numpy's functions that dispatch on a tensor argument (ufuncs and array functions), by
    every public name numpy gives them (``numpy.acos`` is ``numpy.arccos``)."""
    for module, prefix in ((np, "numpy"), (np.linalg, "numpy.linalg"), (np.fft, "numpy.fft")):
        for name in dir(module):
            func = getattr(module, name)
            if not name.startswith("_") and (isinstance(func, np.ufunc)
                                             or hasattr(func, "_implementation")):
                yield f"{prefix}.{name}", func


def coverage() -> dict:
    """Every numpy function that runs on tensors, by its numpy name: ``"differentiated"`` or
    ``"values only"`` (a result without derivative: indices, tests, piecewise constants), the
    in-place writers that refuse (``"raises TypeError (writes in place)"``), and every other
    numpy function that dispatches on tensors: ``"raises TypeError (no rule)"``.

    Generated from the registry and the dispatch tables, so the documentation never drifts
    from the code.
    """
    out, kinds = {}, {}
    for ufunc, prim in _ufunc_table().items():
        kinds[ufunc] = "differentiated" if prim.differentiable else "values only"
    handlers = {**_FUNCTIONS, **_UFUNC_FUNCTIONS}
    values_only = {f for f, h in handlers.items() if getattr(h, "__qualname__", "").startswith(
        "_values")} | {np.shape, np.ndim, np.size}
    for func, handler in handlers.items():
        kinds[func] = getattr(handler, "refuses", None) or (
            "values only" if func in values_only else "differentiated")
    for func, kind in kinds.items():
        out[_numpy_name(func)] = kind
    for name, func in _numpy_callables():
        out[name] = kinds.get(func, "raises TypeError (no rule)")
    return dict(sorted(out.items()))
