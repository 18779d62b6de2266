"""PyTorch's functions, as ``import autodiff as torch`` finds them: ``ad.add``, ``ad.argmax``,
``ad.mm``, ``ad.topk``, ``ad.max(a, b)``, ...

These are thin wrappers over the ops (:mod:`autodiff.ops`) that add what PyTorch's functions do and
numpy's do not: PyTorch's type promotion (:mod:`autodiff.promotion`), PyTorch's signatures
(``dim``, ``keepdim``, ``alpha``, ``dtype=``) and ``(values, indices)`` results. The Tensor's
methods (:mod:`autodiff.tensor_methods`) route here too. numpy's protocol calls the primitives
directly, so ``np.add(t, 1.5)`` keeps numpy's promotion: the namespace you call decides.
"""
from __future__ import annotations

import builtins
import itertools
import math
import warnings

import numpy as np

from . import ops as _ops
from .core import Tensor, get_default_dtype
from .core.trace import lift
from .promotion import float_result, promote, result_type

__all__ = [
    "add", "subtract", "sub", "multiply", "mul", "divide", "div", "true_divide", "power", "pow",
    "maximum", "minimum", "remainder", "floor_divide", "arctan2", "atan2", "hypot", "logaddexp",
    "xlogy", "where", "cat", "concatenate", "concat", "stack", "max", "min", "amax", "amin",
    "argmax", "argmin", "sort", "argsort", "topk", "dot", "matmul", "mm", "mv", "bmm", "meshgrid",
    "isnan", "isinf", "isfinite", "sum", "mean", "clone", "numel", "squeeze", "unsqueeze",
    "flatten", "masked_fill", "gather", "scatter", "scatter_add", "index_add", "index_select", "addcmul", "addcdiv", "lerp",
    "finfo", "iinfo", "return_types", "FLOATING", "transpose", "split", "tensordot", "cross",
    "inverse", "t",
]


# -- results PyTorch returns as named tuples -----------------------------------------------------
class _ReturnType(tuple):
    """``(values, indices)``, printed as PyTorch's ``torch.return_types.sort(...)``."""

    _name = "values_indices"

    def __new__(cls, values, indices):
        return super().__new__(cls, (values, indices))

    @property
    def values(self):
        """The values."""
        return self[0]

    @property
    def indices(self):
        """Where each value came from (int64)."""
        return self[1]

    def __repr__(self):
        return (f"autodiff.return_types.{self._name}(\nvalues={self[0]!r},\n"
                f"indices={self[1]!r})")

    def __reduce__(self):
        return (type(self), (self[0], self[1]))


def _return_type(name):
    return type(name, (_ReturnType,), {"_name": name, "__doc__": f"What ``{name}`` returns: "
                                       f"``(values, indices)``, a named tuple as in PyTorch."})


class return_types:
    """The named tuples PyTorch's reductions return (``torch.return_types``)."""

    sort = _return_type("sort")
    max = _return_type("max")
    min = _return_type("min")
    topk = _return_type("topk")
    kthvalue = _return_type("kthvalue")
    median = _return_type("median")


# -- elementwise, with PyTorch's promotion -------------------------------------------------------
def _binary(op, name, to_float=False, doc=""):
    def func(input, other):
        """The PyTorch function (its docstring is set below)."""
        args, _ = promote(input, other, to_float=to_float)
        return op(*args)
    func.__name__ = name
    func.__doc__ = doc + "\n\nOperands promote as in PyTorch (:func:`autodiff.result_type`)."
    return func


def _number(alpha):
    """A numpy scalar ``alpha`` as the Python number it holds (PyTorch's reading: it keeps a
    float32 tensor float32)."""
    return alpha.item() if isinstance(alpha, np.generic) else alpha


def add(input, other, *, alpha=1):
    """``input + alpha * other``, promoted as in PyTorch."""
    (input, other), _ = promote(input, other)
    return _ops.add(input, other if alpha == 1 else _ops.multiply(other, _number(alpha)))


def subtract(input, other, *, alpha=1):
    """``input - alpha * other``, promoted as in PyTorch."""
    (input, other), _ = promote(input, other)
    return _ops.subtract(input, other if alpha == 1 else _ops.multiply(other, _number(alpha)))


sub = subtract
multiply = mul = _binary(_ops.multiply, "multiply", doc="Elementwise product.")
true_divide = _binary(_ops.divide, "true_divide", to_float=True,
                      doc="Elementwise true division; integers give the default float dtype.")
power = pow = _binary(_ops.power, "power", doc="``input ** exponent``.")
maximum = _binary(_ops.maximum, "maximum", doc="Elementwise maximum.")
minimum = _binary(_ops.minimum, "minimum", doc="Elementwise minimum.")
remainder = _binary(_ops.remainder, "remainder", doc="Python's ``%``: the sign of the divisor.")
floor_divide = _binary(_ops.floor_divide, "floor_divide", doc="``input // other``.")
arctan2 = atan2 = _binary(_ops.arctan2, "atan2", to_float=True,
                          doc="Elementwise ``arctan(input / other)`` in the right quadrant.")
hypot = _binary(_ops.hypot, "hypot", doc="Elementwise ``sqrt(input**2 + other**2)``.")
logaddexp = _binary(_ops.logaddexp, "logaddexp", doc="``log(exp(input) + exp(other))``.")
xlogy = _binary(_ops.xlogy, "xlogy", to_float=True, doc="``input * log(other)``, 0 where "
                "``input == 0``.")


def divide(input, other, *, rounding_mode=None):
    """``input / other``; ``rounding_mode`` ``"trunc"`` or ``"floor"`` rounds the quotient
    (integers then stay integers), as ``torch.div``."""
    if rounding_mode is None:
        return true_divide(input, other)
    if rounding_mode == "floor":
        return floor_divide(input, other)
    if rounding_mode == "trunc":
        (input, other), dtype = promote(input, other)
        if dtype is not None and dtype.kind in "iu":
            q = _ops.floor_divide(input, other)
            r = _ops.remainder(input, other)
            # floor differs from trunc where the signs differ and the division is inexact
            fix = _ops.logical_and(_ops.ne(r, 0), _ops.ne(_ops.lt(input, 0), _ops.lt(other, 0)))
            return _ops.where(fix, q + 1, q)
        q = _ops.divide(input, other)
        return _ops.where(_ops.lt(q, 0), _ops.ceil(q), _ops.floor(q))
    raise RuntimeError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but "
                       f"found '{rounding_mode}'")


div = divide


def where(condition, input=None, other=None):
    """``input`` where ``condition`` holds, else ``other`` (promoted as in PyTorch); with only a
    condition, the indices where it holds, one tensor per dimension."""
    if input is None and other is None:
        raw = condition._data if isinstance(condition, Tensor) else np.asarray(condition)
        return tuple(lift(i) for i in np.nonzero(raw))
    (input, other), _ = promote(input, other)
    return _ops.where(condition, input, other)


def _joined(tensors):
    tensors = list(tensors)
    if len(tensors) > 1:
        dtype = result_type(*[t if isinstance(t, (Tensor, np.ndarray)) else np.asarray(t)
                              for t in tensors])
        tensors = [t if getattr(t, "dtype", None) == dtype else _ops.astype(t, dtype)
                   for t in tensors]
    return tensors


def cat(tensors, dim=0, *, axis=None):
    """Join tensors along an existing dimension; dtypes promote as in PyTorch."""
    return _ops.cat(_joined(tensors), dim if axis is None else axis)


concatenate = concat = cat


def stack(tensors, dim=0, *, axis=None):
    """Join tensors along a new dimension; dtypes promote as in PyTorch."""
    return _ops.stack(_joined(tensors), dim if axis is None else axis)


def _floating(op, name):
    def func(input, *args, **kwargs):
        """The PyTorch function (its docstring is set below)."""
        return op(float_result(input), *args, **kwargs)
    func.__name__ = name
    func.__doc__ = (f"``{op.__name__ if hasattr(op, '__name__') else name}`` elementwise; integer "
                    f"and bool tensors give the default float dtype, as in PyTorch.")
    return func


# PyTorch computes these in floating point, even for an integer tensor. (The special functions,
# ad.erf and friends, stay the primitives that ad.special also exports.)
FLOATING = ("exp", "log", "sin", "cos", "tanh", "sigmoid", "sqrt", "expm1", "log1p", "log2",
            "log10", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "arcsinh", "arccosh",
            "arctanh", "reciprocal", "softmax", "log_softmax")
for _name in FLOATING:
    globals()[_name] = _floating(getattr(_ops, _name), _name)
    __all__.append(_name)


# -- reductions ----------------------------------------------------------------------------------
def _data(x):
    return x._data if isinstance(x, Tensor) else np.asarray(x)


def _chosen_by_value(x, what: str):
    """``x``'s values, read to choose elements (indices of a sort, a max): a level that records
    a program (``ad.jit``) refuses, since the choice would be frozen into the program."""
    if isinstance(x, Tensor) and x._trace.level > 0:
        x._check_value(what)
    return _data(x)


def _check_dtype_arg(x, dtype):
    return x if dtype is None else _ops.astype(x, dtype)


_TYPE_NAMES = {"float32": "Float", "float64": "Double", "float16": "Half", "int64": "Long",
               "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool",
               "complex64": "ComplexFloat", "complex128": "ComplexDouble"}


def type_name(dtype) -> str:
    """PyTorch's name of a dtype in messages: ``Float``, ``Long``, ..."""
    dtype = np.dtype(dtype)
    return _TYPE_NAMES.get(dtype.name, dtype.name)


def sum(input, dim=None, keepdim=False, *, dtype=None, **kw):
    """Sum over ``dim`` (all elements by default); ``dtype`` converts first. Integer and bool
    tensors sum to int64, as in PyTorch."""
    x = _check_dtype_arg(input, dtype)
    if dtype is None and _data(x).dtype.kind in "biu":
        x = _ops.astype(x, np.int64)
    return _ops.sum(x, dim, keepdim, **kw)


def mean(input, dim=None, keepdim=False, *, dtype=None, **kw):
    """Mean over ``dim`` (all elements by default); ``dtype`` converts first. An integer tensor
    needs ``dtype=``, as in PyTorch."""
    x = _check_dtype_arg(input, dtype)
    kind = _data(x).dtype
    if kind.kind not in "fc":
        raise RuntimeError(f"mean(): could not infer output dtype. Input dtype must be either a "
                           f"floating point or complex dtype. Got: {type_name(kind)}")
    return _ops.mean(x, dim, keepdim, **kw)


def _index_result(indices, dim, keepdim, ndim):
    if dim is None:
        if keepdim:
            indices = np.reshape(indices, (1,) * ndim)
        return lift(np.asarray(indices, dtype=np.int64))
    if keepdim:
        indices = np.expand_dims(indices, dim)
    return lift(np.asarray(indices, dtype=np.int64))


def _arg_extreme(npfunc, name):
    def func(input, dim=None, keepdim=False, *, axis=None):
        """The PyTorch function (its docstring is set below)."""
        if axis is not None:
            dim = axis                   # numpy's spelling, which PyTorch accepts too
        raw = _chosen_by_value(input, f"the indices of {name}")
        if raw.size == 0:
            raise RuntimeError(f"{name}(): Expected reduction dim to be specified for "
                               f"input.numel() == 0.")
        if dim is None:
            return _index_result(npfunc(raw), None, keepdim, raw.ndim)
        return _index_result(npfunc(raw, axis=dim), dim, keepdim, raw.ndim)
    func.__name__ = name
    func.__doc__ = (f"Index of the {'largest' if name == 'argmax' else 'smallest'} element (of the "
                    f"flattened tensor, or along ``dim``), as int64; not differentiable.")
    return func


argmax = _arg_extreme(np.argmax, "argmax")
argmin = _arg_extreme(np.argmin, "argmin")


def _extreme(name, values_op, elementwise, argfunc):
    result = getattr(return_types, name)

    def func(input, dim=None, keepdim=False, *, other=None, axis=None, keepdims=None):
        """The PyTorch function (its docstring is set below)."""
        if axis is not None:
            dim = axis                   # numpy's spellings, which PyTorch accepts too
        if keepdims is not None:
            keepdim = keepdims
        if isinstance(dim, (Tensor, np.ndarray)):
            return elementwise(input, dim)      # torch.max(a, b): the elementwise maximum
        if other is not None:
            return elementwise(input, other)
        if dim is None:
            if keepdim:
                raise TypeError(f"{name}() received an invalid combination of arguments: "
                                f"keepdim needs dim")
            return values_op(input)
        values = values_op(input, dim, keepdim)
        raw = _chosen_by_value(input, "the indices of max/min along a dimension")
        indices = argfunc(raw, axis=dim)
        return result(values, _index_result(indices, dim, keepdim, raw.ndim))
    func.__name__ = name
    func.__doc__ = (f"``{name}(input)``: the {name}imum element; ``{name}(input, dim, "
                    f"keepdim=False)``: ``(values, indices)`` along ``dim``, a named tuple; "
                    f"``{name}(input, other)``: the elementwise {name}imum, as in PyTorch.")
    return func


def _values_max(x, dim=None, keepdim=False):
    return _ops.amax(x, dim, keepdim)[0] if dim is not None else _ops.amax(x)


def _values_min(x, dim=None, keepdim=False):
    return _ops.amin(x, dim, keepdim)[0] if dim is not None else _ops.amin(x)


max = _extreme("max", _values_max, maximum, np.argmax)
min = _extreme("min", _values_min, minimum, np.argmin)


def _amax_amin(op, input, dim, keepdim, axis, keepdims):
    if axis is not None:
        dim = axis                       # numpy's spellings, which PyTorch accepts too
    if keepdims is not None:
        keepdim = keepdims
    if dim in ((), None):
        return op(input, keepdims=True) if keepdim else op(input)
    return op(input, axis=dim, keepdims=keepdim)


def amax(input, dim=(), keepdim=False, *, axis=None, keepdims=None):
    """The largest values over ``dim`` (all dimensions by default), without indices; ties
    share the gradient evenly (``max`` along a dim gives it to the index it returns)."""
    return _amax_amin(_ops.amax, input, dim, keepdim, axis, keepdims)


def amin(input, dim=(), keepdim=False, *, axis=None, keepdims=None):
    """The smallest values over ``dim`` (all dimensions by default), without indices; ties
    share the gradient evenly."""
    return _amax_amin(_ops.amin, input, dim, keepdim, axis, keepdims)


def _order(raw, dim, descending):
    if raw.ndim == 0:
        return np.zeros((), np.int64)
    key = raw
    if descending:
        if raw.dtype.kind == "b":
            key = ~raw
        elif raw.dtype.kind == "u":
            key = raw.max() - raw
        else:
            key = -raw
    return np.argsort(key, axis=dim, kind="stable").astype(np.int64)


def sort(input, dim=-1, descending=False, stable=False, *, axis=None):
    """Sorted values along ``dim`` and where they came from, as a named tuple ``(values,
    indices)``; the values are differentiable. Ties keep their order."""
    if axis is not None:
        dim = axis
    raw = _chosen_by_value(input, "sort's indices")
    order = _order(raw, dim, descending)
    if raw.ndim == 0:
        return return_types.sort(input if isinstance(input, Tensor) else lift(raw), lift(order))
    return return_types.sort(_ops.take_along_axis(input, order, dim), lift(order))


def argsort(input, dim=-1, descending=False, stable=False):
    """The indices that sort ``input`` along ``dim``."""
    return lift(_order(_chosen_by_value(input, "argsort's indices"), dim, descending))


def topk(input, k, dim=-1, largest=True, sorted=True):
    """The ``k`` largest (``largest=False``: smallest) values along ``dim`` and their indices, as a
    named tuple; the values are differentiable."""
    raw = _chosen_by_value(input, "topk's indices")
    n = raw.shape[dim] if raw.ndim else 1
    if not 0 <= k <= n:
        raise RuntimeError("selected index k out of range")
    order = _order(raw, dim, largest)
    if raw.ndim == 0:
        return return_types.topk(input, lift(order))
    idx = np.take(order, np.arange(k), axis=dim)
    return return_types.topk(_ops.take_along_axis(input, idx, dim), lift(idx))


# -- products: PyTorch wants one dtype -----------------------------------------------------------
def _same_dtype(a, b, message):
    da, db = _data(a).dtype, _data(b).dtype
    if da != db:
        raise RuntimeError(message(da, db))


def dot(input, other):
    """Inner product of two 1-D tensors of the same dtype."""
    _same_dtype(input, other, lambda a, b: f"dot : expected both vectors to have same dtype, but "
                f"found {type_name(a)} and {type_name(b)}")
    a, b = _data(input), _data(other)
    if a.ndim != 1 or b.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {a.ndim}D and {b.ndim}D tensors")
    if a.shape != b.shape:
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{a.shape[0]}] and src "
                           f"[{b.shape[0]}] to have the same number of elements, but got "
                           f"{a.shape[0]} and {b.shape[0]} elements respectively")
    return _ops.dot(input, other)


def _c_name(dtype):
    return {"float32": "float", "float64": "double", "float16": "c10::Half",
            "int64": "long int", "int32": "int"}.get(np.dtype(dtype).name, np.dtype(dtype).name)


def matmul(input, other):
    """Matrix product with broadcasting; both operands need the same dtype, as in PyTorch."""
    if _data(input).ndim == 1 and _data(other).ndim == 1:
        return dot(input, other)
    _same_dtype(input, other, lambda a, b: f"expected m1 and m2 to have the same dtype, but "
                f"got: {_c_name(a)} != {_c_name(b)}")
    return _ops.matmul(input, other)


def mm(input, mat2):
    """Product of two matrices (no broadcasting)."""
    a, b = _data(input), _data(mat2)
    if a.ndim != 2:
        raise RuntimeError("self must be a matrix")
    if b.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    if a.shape[1] != b.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({a.shape[0]}x{a.shape[1]}"
                           f" and {b.shape[0]}x{b.shape[1]})")
    return matmul(input, mat2)


def mv(input, vec):
    """Product of a matrix and a vector."""
    a, b = _data(input), _data(vec)
    if a.ndim != 2 or b.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {a.ndim}, {b.ndim}")
    if a.shape[1] != b.shape[0]:
        raise RuntimeError(f"size mismatch, got input ({a.shape[0]}), mat ({a.shape[0]}x"
                           f"{a.shape[1]}), vec ({b.shape[0]})")
    return matmul(input, vec)


def bmm(input, mat2):
    """Batched matrix product of two 3-D tensors."""
    a, b = _data(input), _data(mat2)
    if a.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if b.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    if b.shape[:2] != (a.shape[0], a.shape[2]):
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{a.shape[0]}, {a.shape[2]}] but got: [{b.shape[0]}, {b.shape[1]}].")
    if a.dtype != b.dtype:
        raise RuntimeError(f"expected scalar type {type_name(a.dtype)} but found "
                           f"{type_name(b.dtype)}")
    return _ops.matmul(input, mat2)


def meshgrid(*tensors, indexing=None):
    """Coordinate grids from 1-D tensors; ``indexing="ij"`` (PyTorch's default, with a warning
    when not given, as PyTorch) or ``"xy"``. Differentiable."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is None:
        warnings.warn("torch.meshgrid: in an upcoming release, it will be required to pass the "
                      "indexing argument.", UserWarning, stacklevel=2)
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError(f"torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but "
                           f"received: {indexing}")
    shapes = [_data(t).shape for t in tensors]
    for s in shapes:
        if len(s) > 1:
            raise RuntimeError(f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but "
                               f"got: {len(s)}D")
    sizes = [s[0] if s else 1 for s in shapes]
    swap = indexing == "xy" and len(tensors) >= 2
    if swap:
        sizes[0], sizes[1] = sizes[1], sizes[0]
    n = len(tensors)
    out = []
    for i, t in enumerate(tensors):
        axis = i
        if swap and i < 2:
            axis = 1 - i
        shape = [1] * n
        shape[axis] = sizes[axis]
        out.append(_ops.broadcast_to(_ops.reshape(t, tuple(shape)), tuple(sizes)))
    return tuple(out)


# -- tests, copies, shapes -----------------------------------------------------------------------
def isnan(input):
    """Where the values are NaN (a bool tensor)."""
    return _ops.isnan(input)


def isfinite(input):
    """Where the values are neither infinite nor NaN."""
    return _ops.isfinite(input)


def isinf(input):
    """Where the values are infinite (either sign)."""
    return _ops.logical_and(_ops.logical_not(_ops.isfinite(input)),
                            _ops.logical_not(_ops.isnan(input)))


def clone(input, *, memory_format=None):
    """A copy that stays in the graph (its gradient flows back to ``input``)."""
    return _ops.astype(input, _data(input).dtype, copy=True)


def numel(input) -> int:
    """Number of elements of ``input``."""
    return int(np.size(_data(input)))


def squeeze(input, dim=None):
    """Drop dimensions of length one (only ``dim``, which may be a tuple, when given; a ``dim``
    whose length is not one is left alone, as in PyTorch)."""
    shape = _data(input).shape
    if dim is None:
        return _ops.squeeze(input)
    dims = dim if isinstance(dim, (tuple, list)) else (dim,)
    ndim = builtins.max(len(shape), 1)
    for d in dims:
        if not -ndim <= d < ndim:
            raise IndexError(f"Dimension out of range (expected to be in range of [{-ndim}, "
                             f"{ndim - 1}], but got {d})")
    keep = tuple(d % len(shape) for d in dims if shape and shape[d] == 1)
    if not keep:
        return _ops.reshape(input, shape)
    return _ops.squeeze(input, keep)


def unsqueeze(input, dim):
    """Insert a dimension of length one at ``dim`` (negative counts from the new end)."""
    ndim = _data(input).ndim + 1
    if not -ndim <= dim < ndim:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-ndim}, "
                         f"{ndim - 1}], but got {dim})")
    return _ops.expand_dims(input, dim % ndim)


def flatten(input, start_dim=0, end_dim=-1):
    """Merge dimensions ``start_dim`` to ``end_dim`` into one."""
    shape = _data(input).shape
    if not shape:
        return _ops.reshape(input, (1,))
    nd = len(shape)
    s, e = start_dim % nd, end_dim % nd
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    merged = math.prod(shape[s:e + 1])
    return _ops.reshape(input, shape[:s] + (merged,) + shape[e + 1:])


def masked_fill(input, mask, value):
    """``value`` where ``mask`` holds, else ``input``; the result keeps ``input``'s dtype."""
    raw = _data(input)
    if isinstance(value, Tensor):
        if value.ndim:
            raise RuntimeError(f"masked_fill_ only supports a 0-dimensional value tensor, but got "
                               f"tensor with {value.ndim} dimension(s).")
        value = value if value.dtype == raw.dtype else _ops.astype(value, raw.dtype)
    else:
        value = raw.dtype.type(value)
    mask_raw = _data(mask)
    if mask_raw.dtype != np.bool_:
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype "
                           f"{_c_name(mask_raw.dtype)}")
    return _ops.where(mask, value, input)


def _grids(index, dim):
    index = _data(index)
    if index.dtype.kind not in "iu":
        raise RuntimeError("gather(): Expected dtype int32/int64 for index")
    grids = np.ogrid[tuple(slice(n) for n in index.shape)]
    return tuple(index if i == dim % index.ndim else grids[i] for i in range(index.ndim))


def gather(input, dim, index):
    """``out[i][j] = input[i][index[i][j]]`` along ``dim``; differentiable in ``input``."""
    return _ops.getitem(input, _grids(index, dim))


def scatter(input, dim, index, src=None, *, value=None, reduce=None):
    """A copy of ``input`` with ``src[i][j]`` (or ``value``) written at ``index[i][j]`` along
    ``dim``; differentiable in ``input`` and ``src``."""
    if reduce is not None:
        raise ValueError(f"scatter(reduce={reduce!r}) is not supported; use scatter_add for "
                         f"reduce='add', or compute the product out of place")
    if src is None:
        src = value
    where = _grids(index, dim)
    raw = _data(input)
    if isinstance(src, Tensor):
        values = _ops.getitem(src, tuple(slice(n) for n in _data(index).shape))
        if values.dtype != raw.dtype:
            values = _ops.astype(values, raw.dtype)
    else:
        values = raw.dtype.type(src)
    return _ops.index_update(input, where, values)


def scatter_add(input, dim, index, src):
    """A copy of ``input`` with ``src[i][j]`` added at ``index[i][j]`` along ``dim`` (repeated
    indices add up); differentiable in ``input`` and ``src``."""
    values = _ops.getitem(src, tuple(slice(n) for n in _data(index).shape))
    raw = _data(input)
    if values.dtype != raw.dtype:
        values = _ops.astype(values, raw.dtype)
    return input + _ops.add_at(raw.shape, _grids(index, dim), values)


def index_add(input, dim, index, source, *, alpha=1):
    """A copy of ``input`` with ``alpha * source`` added at the slices ``index`` along ``dim``
    (repeated indices add up); differentiable in ``input`` and ``source``."""
    raw = _data(input)
    index = np.asarray(_data(index))
    if index.ndim != 1 or index.dtype.kind not in "iu":
        raise IndexError("index_add_(): Index is supposed to be a vector of integers")
    where = (slice(None),) * (dim % raw.ndim) + (index,)
    values = source if alpha == 1 else source * alpha
    if values.dtype != raw.dtype:
        values = _ops.astype(values, raw.dtype)
    return input + _ops.add_at(raw.shape, where, values)


def index_select(input, dim, index):
    """The slices of ``input`` at ``index`` (1-D int) along ``dim``; differentiable."""
    idx = _data(index)
    if idx.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    return _ops.take(input, idx.reshape(-1), dim)


def addcmul(input, tensor1, tensor2, *, value=1):
    """``input + value * tensor1 * tensor2``."""
    return add(input, multiply(tensor1, tensor2), alpha=value)


def addcdiv(input, tensor1, tensor2, *, value=1):
    """``input + value * tensor1 / tensor2``."""
    return add(input, true_divide(tensor1, tensor2), alpha=value)


def lerp(input, end, weight):
    """``input + weight * (end - input)``: linear interpolation."""
    return add(input, multiply(weight, subtract(end, input)))


def transpose(input, dim0=None, dim1=None, *, axes=None):
    """``transpose(input, dim0, dim1)`` swaps two dimensions, as PyTorch; ``transpose(input)``
    or ``transpose(input, axes)`` reverses or reorders them all, as numpy."""
    if dim1 is not None:
        return _ops.swapaxes(input, dim0, dim1)
    return _ops.transpose(input, dim0 if axes is None else axes)


def t(input):
    """The transpose of a matrix (a vector as it is)."""
    if _data(input).ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is "
                           f"{_data(input).ndim}D")
    return _ops.transpose(input)


def split(tensor, split_size_or_sections, dim=0):
    """Pieces along ``dim``, as PyTorch: an int is each piece's size (the last may be smaller),
    a list gives the sizes. (numpy's meaning, a number of pieces or split points, is
    ``np.split(t, ...)`` or :func:`autodiff.ops.split`.)"""
    n = _data(tensor).shape[dim]
    if isinstance(split_size_or_sections, (list, tuple)):
        sizes = list(split_size_or_sections)
        if builtins.sum(sizes) != n:
            raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {n} "
                               f"(input tensor's size at dimension {dim}), but got "
                               f"split_sizes={sizes}")
    else:
        step = int(split_size_or_sections)
        sizes = [builtins.min(step, n - i) for i in range(0, n, step)] or [0]
    points = list(itertools.accumulate(sizes))[:-1]
    return tuple(_ops.split(tensor, points, dim))


def tensordot(a, b, dims=2, *, axes=None):
    """Sum products over ``dims`` of ``a`` and ``b`` (numpy's ``axes`` accepted too)."""
    return _ops.tensordot(a, b, dims if axes is None else axes)


def cross(input, other, dim=None):
    """Cross product of 3-vectors along ``dim`` (the first dimension of length 3 by default,
    as PyTorch's deprecated default; pass ``dim``)."""
    if dim is None:
        shape = np.broadcast_shapes(_data(input).shape, _data(other).shape)
        dim = next((i for i, d in enumerate(shape) if d == 3), -1)
    return _ops.cross(input, other, axis=dim)


def inverse(input):
    """The inverse of a square matrix (of each in a batch)."""
    return _ops.inv(input)


# -- numbers of a dtype --------------------------------------------------------------------------
def _g(v):
    return f"{v:g}"


class finfo:
    """Machine limits of a floating dtype (the default float dtype when none is given), as
    ``torch.finfo``: ``bits``, ``eps``, ``max``, ``min``, ``tiny``, ``smallest_normal``,
    ``resolution``, ``dtype`` (its name)."""

    def __init__(self, type=None):
        dt = np.dtype(get_default_dtype() if type is None else type)
        if dt.kind not in "fc":
            raise TypeError(f"torch.finfo() requires a floating point input type. Use "
                            f"torch.iinfo to handle '{dt.name}'")
        info = np.finfo(dt)
        self.bits = int(info.bits)
        self.eps = float(info.eps)
        self.max = float(info.max)
        self.min = float(info.min)
        self.tiny = self.smallest_normal = float(info.smallest_normal)
        self.resolution = float(info.resolution)
        self.dtype = np.dtype(info.dtype).name

    def __repr__(self):
        return (f"finfo(resolution={_g(self.resolution)}, min={_g(self.min)}, max={_g(self.max)}, "
                f"eps={_g(self.eps)}, smallest_normal={_g(self.smallest_normal)}, "
                f"tiny={_g(self.tiny)}, dtype={self.dtype})")


class iinfo:
    """Limits of an integer dtype, as ``torch.iinfo``: ``bits``, ``max``, ``min``, ``dtype``."""

    def __init__(self, type):
        dt = np.dtype(type)
        if dt.kind not in "iub":
            raise TypeError(f"torch.iinfo() requires an integer input type. Use torch.finfo to "
                            f"handle '{dt.name}'")
        if dt.kind == "b":
            self.bits, self.min, self.max = 8, 0, 1
        else:
            info = np.iinfo(dt)
            self.bits, self.min, self.max = int(info.bits), int(info.min), int(info.max)
        self.dtype = dt.name

    def __repr__(self):
        return f"iinfo(min={_g(self.min)}, max={_g(self.max)}, dtype={self.dtype})"
