"""numpy's protocols: ``np.sin(t)`` and ``np.sum(t)`` on tensors run the registry's ops.

Every numpy ufunc that is some primitive's implementation maps to that primitive automatically;
array functions map through the table below. Anything else is refused with a message that names
the function and shows how to register it, never computed silently without a derivative.
"""
from __future__ import annotations

import numpy as np

from . import ops
from .registry import REGISTRY, bind

_HOW_TO = ("register it as a primitive with its derivative rules, e.g.\n"
           "    @ad.primitive\n"
           "    def my_{name}(x):\n"
           "        return np.{name}(x)\n"
           "    @my_{name}.defvjp\n"
           "    def my_{name}_vjp(g, ans, x): ...\n"
           "and call my_{name}(t) instead")


def _no_rule(what: str, name: str) -> TypeError:
    return TypeError(f"autodiff has no differentiation rule for {what}; "
                     + _HOW_TO.format(name=name))


def _ufunc_table() -> dict:
    table = {}
    for prim in REGISTRY.values():
        if isinstance(prim.impl, np.ufunc):
            table.setdefault(prim.impl, prim)
    table[np.absolute] = ops.abs
    table[np.divide] = ops.divide
    return table


_UFUNCS: dict = {}


def array_ufunc(ufunc, method, inputs, kwargs):
    """``Tensor.__array_ufunc__``: route a numpy ufunc call to its primitive."""
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
    if method == "reduce" and ufunc is np.add:
        return ops.sum(inputs[0], **kwargs)
    if method != "__call__":
        raise _no_rule(f"numpy.{ufunc.__name__}.{method}", ufunc.__name__)
    if prim is None:
        raise _no_rule(f"numpy.{ufunc.__name__}", ufunc.__name__)
    kwargs = {k: v for k, v in kwargs.items() if v is not None}
    if kwargs:
        raise TypeError(f"numpy.{ufunc.__name__}: keyword arguments {sorted(kwargs)} are not "
                        f"supported on tensors")
    return prim(*inputs)


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


def _svd(a, full_matrices=True, compute_uv=True, hermitian=False):
    # numpy defaults to full matrices, which equal the reduced ones for square input.
    _refuse("linalg.svd", {"hermitian": hermitian or None})
    shape = _shape(a)
    square = shape[-1] == shape[-2]
    return ops.svd(a, full_matrices=full_matrices and not square, compute_uv=compute_uv)


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
    np.einsum: lambda subscripts, *operands, out=None, optimize=False, dtype=None, order="K",
        casting="safe": _joined("einsum", ops.einsum(subscripts, *operands), out, dtype, casting,
                                "safe") if order in ("K", "C", "A") else _c_order("einsum", order),
    np.trace: lambda a, offset=0, axis1=0, axis2=1, dtype=None, out=None:
        _no_out(ops.trace)(a, offset, axis1, axis2, out=out),
    np.diag: ops.diag,
    np.diagonal: ops.diagonal,
    np.linalg.inv: ops.inv,
    np.linalg.solve: ops.solve,
    np.linalg.det: ops.det,
    np.linalg.slogdet: ops.slogdet,
    np.linalg.cholesky: lambda a, upper=False: ops.swapaxes(ops.cholesky(a), -1, -2)
        if upper else ops.cholesky(a),
    np.linalg.eigh: ops.eigh,
    np.linalg.eigvalsh: ops.eigvalsh,
    np.linalg.svd: _svd,
    np.linalg.qr: ops.qr,
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


def _values(func):
    """A numpy function whose result has no derivative (indices, tests, constants): run it on
    the values and return the result as a tensor without history."""
    def call(*args, **kwargs):
        """``func`` on the values of the arguments; the result as tensors without history."""
        from .reverse import _lift
        from .tensor import Tensor
        raw = [a._data if isinstance(a, Tensor) else a for a in args]
        raw_kw = {k: v._data if isinstance(v, Tensor) else v for k, v in kwargs.items()}
        out = func(*raw, **raw_kw)
        if isinstance(out, tuple):
            return tuple(_lift(np.asarray(o)) for o in out)
        return _lift(np.asarray(out)) if isinstance(out, (np.ndarray, np.generic)) else out
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
              np.unique, np.isin, np.iscomplexobj, np.isrealobj, np.result_type):
    _FUNCTIONS[_func] = _values(_func)


def _dtype(a):
    return a.dtype


for _name in ("svdvals", "matrix_norm"):
    if hasattr(np.linalg, _name):
        _FUNCTIONS[getattr(np.linalg, _name)] = getattr(ops, _name)


def array_function(func, args, kwargs):
    """``Tensor.__array_function__``: route a numpy function call to the ops that differentiate
    it."""
    handler = _FUNCTIONS.get(func)
    if handler is None:
        name = getattr(func, "__name__", str(func))
        module = getattr(func, "__module__", "numpy") or "numpy"
        raise _no_rule(f"{module}.{name}", name)
    return handler(*args, **kwargs)
