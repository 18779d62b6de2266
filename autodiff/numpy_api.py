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
    if not _UFUNCS:
        _UFUNCS.update(_ufunc_table())
    if method == "__call__" and not kwargs:        # the common case, kept short
        prim = _UFUNCS.get(ufunc)
        if prim is not None:
            return bind(prim, inputs, {})
    if kwargs.get("out") is not None:
        raise TypeError(f"numpy.{ufunc.__name__} with out= would write into a tensor behind the "
                        f"engines' back; assign the result instead")
    if method == "reduce" and ufunc is np.add:
        return ops.sum(inputs[0], **kwargs)
    if method != "__call__":
        raise _no_rule(f"numpy.{ufunc.__name__}.{method}", ufunc.__name__)
    prim = _UFUNCS.get(ufunc)
    if prim is None:
        raise _no_rule(f"numpy.{ufunc.__name__}", ufunc.__name__)
    kwargs = {k: v for k, v in kwargs.items() if v is not None}
    if kwargs:
        raise TypeError(f"numpy.{ufunc.__name__}: keyword arguments {sorted(kwargs)} are not "
                        f"supported on tensors")
    return prim(*inputs)


def _shape(a):
    return tuple(np.shape(a._data if hasattr(a, "_data") else a))


def _reductions(func):
    def call(a, axis=None, dtype=None, out=None, keepdims=False, **kw):
        """numpy's reduction signature, mapped onto the op."""
        if out is not None:
            raise TypeError("out= is not supported on tensors; assign the result instead")
        result = func(a, axis=axis, keepdims=keepdims)
        return result if dtype is None else ops.astype(result, dtype)
    return call


def _norm(x, ord=None, axis=None, keepdims=False):
    return ops.norm(x, 2 if ord is None else ord, dim=axis, keepdim=keepdims)


_FUNCTIONS = {
    np.sum: _reductions(ops.sum),
    np.mean: _reductions(ops.mean),
    np.amax: lambda a, axis=None, keepdims=False, **kw: ops.amax(a, axis=axis, keepdims=keepdims),
    np.max: lambda a, axis=None, keepdims=False, **kw: ops.amax(a, axis=axis, keepdims=keepdims),
    np.amin: lambda a, axis=None, keepdims=False, **kw: ops.amin(a, axis=axis, keepdims=keepdims),
    np.min: lambda a, axis=None, keepdims=False, **kw: ops.amin(a, axis=axis, keepdims=keepdims),
    np.dot: ops.dot,
    np.matmul: ops.matmul,
    np.outer: ops.outer,
    np.reshape: lambda a, shape=None, **kw: ops.reshape(a, kw.get("newshape", shape)),
    np.transpose: ops.transpose,
    np.swapaxes: ops.swapaxes,
    np.squeeze: ops.squeeze,
    np.expand_dims: ops.expand_dims,
    np.broadcast_to: ops.broadcast_to,
    np.concatenate: lambda arrays, axis=0, **kw: ops.concatenate(*arrays, axis=axis),
    np.stack: lambda arrays, axis=0, **kw: ops.stack(arrays, axis=axis),
    np.where: lambda c, x, y: ops.where(c, x, y),
    np.linalg.norm: _norm,
    np.shape: _shape,
    np.ndim: lambda a: len(_shape(a)),
    np.size: lambda a, axis=None: int(np.prod(_shape(a))) if axis is None else _shape(a)[axis],
}


def array_function(func, args, kwargs):
    """``Tensor.__array_function__``: route a numpy function call to the ops that differentiate
    it."""
    handler = _FUNCTIONS.get(func)
    if handler is None:
        name = getattr(func, "__name__", str(func))
        module = getattr(func, "__module__", "numpy") or "numpy"
        raise _no_rule(f"{module}.{name}", name)
    return handler(*args, **kwargs)
