"""The rest of PyTorch's ``Tensor`` methods: aliases, routes to the functions, in-place forms.

:mod:`autodiff.tensor_methods` attaches the methods with argument handling of their own; this
module adds the ones that are another function with the tensor first (``x.eq(y)``,
``x.nansum(dim)``, ``x.type_as(y)``), PyTorch's alias names (``greater``, ``neg``), the
``new_*`` constructors, the memory-layout queries a CPU array answers trivially
(``contiguous``, ``stride``), and the in-place form ``x.f_(...)`` of every method ``f`` that
computes a tensor of ``x``'s shape (the result written into ``x``, its dtype kept).
"""
from __future__ import annotations

import collections

import numpy as np

from . import creation as _creation
from . import ops as _ops
from . import torch_api as _torch
from .core import Tensor

__all__ = ["attach_rest"]


def _values(x):
    return x._data if isinstance(x, Tensor) else np.asarray(x)


def _named(name, func, doc):
    func.__name__ = name
    func.__doc__ = doc
    return func


# -- routes: another function, the tensor first ---------------------------------------------------
def _route(func, doc):
    def method(self, *args, **kwargs):
        """The function, the tensor first (docstring set below)."""
        return func(self, *args, **kwargs)
    method.__doc__ = doc
    return method


_ROUTES = {
    "eq": (_ops.eq, "``self == other``, elementwise (bool)."),
    "ne": (_ops.ne, "``self != other``, elementwise (bool)."),
    "lt": (_ops.lt, "``self < other``, elementwise (bool)."),
    "le": (_ops.le, "``self <= other``, elementwise (bool)."),
    "gt": (_ops.gt, "``self > other``, elementwise (bool)."),
    "ge": (_ops.ge, "``self >= other``, elementwise (bool)."),
    "greater": (_ops.gt, "Alias of :meth:`gt`."),
    "greater_equal": (_ops.ge, "Alias of :meth:`ge`."),
    "less": (_ops.lt, "Alias of :meth:`lt`."),
    "less_equal": (_ops.le, "Alias of :meth:`le`."),
    "not_equal": (_ops.ne, "Alias of :meth:`ne`."),
    "logical_and": (_ops.logical_and, "Elementwise logical and (bool)."),
    "logical_or": (_ops.logical_or, "Elementwise logical or (bool)."),
    "logical_xor": (_ops.logical_xor, "Elementwise logical exclusive or (bool)."),
    "logical_not": (_ops.logical_not, "Elementwise logical not (bool)."),
    "neg": (_ops.negative, "``-self``."),
    "angle": (_ops.angle, "The argument of each (complex) element."),
    "arccosh": (_ops.arccosh, "Inverse hyperbolic cosine."),
    "arcsinh": (_ops.arcsinh, "Inverse hyperbolic sine."),
    "arctanh": (_ops.arctanh, "Inverse hyperbolic tangent."),
    "deg2rad": (_ops.deg2rad, "Degrees to radians."),
    "rad2deg": (_ops.rad2deg, "Radians to degrees."),
    "exp2": (_ops.exp2, "``2 ** self``."),
    "i0": (_ops.i0, "The modified Bessel function of order 0."),
    "sinc": (_ops.sinc, "The normalized sinc, ``sin(pi x) / (pi x)``."),
    "fmax": (_ops.fmax, "Elementwise maximum, ignoring NaN."),
    "fmin": (_ops.fmin, "Elementwise minimum, ignoring NaN."),
    "broadcast_to": (_ops.broadcast_to, "A view broadcast to ``size``."),
    "bincount": (_ops.bincount, "Counts (or weight sums) of each non-negative integer."),
    "cross": (_torch.cross, "The cross product along ``dim``."),
    "split": (_torch.split, "Pieces along ``dim`` (an int: each piece's size)."),
    "cov": (_ops.cov, "The covariance of the rows (variables) over the columns."),
    "corrcoef": (_ops.corrcoef, "Pearson correlation coefficients of the rows."),
    "bernoulli": (_creation.bernoulli, "0/1 draws with the tensor's values as probabilities."),
    "multinomial": (_creation.multinomial, "Indices drawn with the rows as weights."),
}


class _Rest:
    """Methods whose arguments differ from the function's."""

    def where(self, condition, y):
        """``self`` where ``condition`` holds, else ``y`` (``torch.where(condition, self, y)``)."""
        return _ops.where(condition, self, y)

    def polygamma(self, n):
        """The ``n``-th derivative of the digamma function at ``self``."""
        return _ops.polygamma(n, self)

    def mvlgamma(self, p):
        """The log of the multivariate gamma function of dimension ``p``."""
        return _ops.multigammaln(self, p)

    def diagflat(self, offset=0):
        """A 2-D tensor with the flattened tensor on diagonal ``offset``."""
        return _ops.diag(_ops.reshape(self, (-1,)), offset)

    def nan_to_num(self, nan=0.0, posinf=None, neginf=None):
        """NaN, +inf and -inf replaced by finite numbers (the dtype's extremes by default)."""
        return _ops.nan_to_num(self, nan=nan, posinf=posinf, neginf=neginf)

    def nansum(self, dim=None, keepdim=False, *, dtype=None):
        """The sum over ``dim`` with NaN counted as zero."""
        return _ops.nansum(self, axis=dim, keepdims=keepdim, dtype=dtype)

    def nanmean(self, dim=None, keepdim=False, *, dtype=None):
        """The mean over ``dim`` of the elements that are not NaN."""
        return _ops.nanmean(self, axis=dim, keepdims=keepdim, dtype=dtype)

    def all(self, dim=None, keepdim=False):
        """Whether every element (along ``dim``) is nonzero (bool; no derivative)."""
        return np.all(self, axis=dim, keepdims=keepdim)

    def any(self, dim=None, keepdim=False):
        """Whether any element (along ``dim``) is nonzero (bool; no derivative)."""
        return np.any(self, axis=dim, keepdims=keepdim)

    def isneginf(self):
        """Where the values are -inf (bool)."""
        return np.isneginf(self)

    def isposinf(self):
        """Where the values are +inf (bool)."""
        return np.isposinf(self)

    def isreal(self):
        """Where the imaginary part is zero (bool)."""
        return np.isreal(self)

    def type_as(self, other):
        """The tensor in ``other``'s dtype."""
        return self if self.dtype == other.dtype else _ops.astype(self, other.dtype)

    def contiguous(self, memory_format=None):
        """The tensor itself: a numpy array is laid out for numpy already."""
        return self

    def is_contiguous(self, memory_format=None) -> bool:
        """True (the values are C-contiguous numpy memory, or read as such)."""
        return True

    def stride(self, dim=None):
        """Elements (not bytes) to step in each dimension, for a C-ordered tensor."""
        shape = self.shape
        strides, step = [], 1
        for n in reversed(shape):
            strides.append(step)
            step *= max(n, 1)
        strides = tuple(reversed(strides))
        return strides if dim is None else strides[dim]

    def ndimension(self) -> int:
        """The number of dimensions (``ndim``)."""
        return self.ndim

    @property
    def nbytes(self) -> int:
        """The size of the values in bytes."""
        return int(self._data.nbytes)

    @property
    def itemsize(self) -> int:
        """The size of one element in bytes."""
        return int(self._data.itemsize)

    @property
    def is_cpu(self) -> bool:
        """True: tensors live on the CPU."""
        return True

    def get_device(self) -> int:
        """-1, PyTorch's answer for a CPU tensor."""
        return -1

    def is_signed(self) -> bool:
        """Whether the dtype holds negative numbers."""
        return self.dtype.kind in "fic"

    def is_same_size(self, other) -> bool:
        """Whether ``other`` has the same shape."""
        return tuple(self.shape) == tuple(other.shape)

    def is_nonzero(self) -> bool:
        """The truth of a one-element tensor."""
        if self.numel() != 1:
            amount = "no" if self.numel() == 0 else "more than one"
            raise RuntimeError(f"Boolean value of Tensor with {amount} values is ambiguous")
        return bool(self._data.reshape(()))

    def resolve_conj(self):
        """The tensor itself (conjugation is never lazy here)."""
        return self

    def resolve_neg(self):
        """The tensor itself (negation is never lazy here)."""
        return self

    def conj_physical(self):
        """The complex conjugate (a new tensor)."""
        return _ops.conj(self)

    @property
    def H(self):
        """The conjugate transpose of a 2-D tensor."""
        if self.ndim != 2:
            raise RuntimeError("tensor.H is only supported on matrices (2-D tensors). Got "
                               f"{self.ndim}-D tensor.")
        return _ops.conj(_ops.transpose(self))

    @property
    def mH(self):
        """The conjugate transpose of the last two dimensions."""
        return _ops.conj(_ops.swapaxes(self, -1, -2))

    def adjoint(self):
        """The conjugate transpose of the last two dimensions (``mH``)."""
        return _ops.conj(_ops.swapaxes(self, -1, -2))

    def unflatten(self, dim, sizes):
        """Dimension ``dim`` split into ``sizes`` (one of them may be -1)."""
        shape = list(self.shape)
        dim = dim % len(shape)
        sizes = list(sizes)
        if -1 in sizes:
            known = int(np.prod([s for s in sizes if s != -1]))
            sizes[sizes.index(-1)] = shape[dim] // known if known else 0
        if int(np.prod(sizes)) != shape[dim]:
            raise RuntimeError(f"unflatten: Provided sizes {list(sizes)} don't multiply up to "
                               f"the size of dim {dim} ({shape[dim]}) in the input tensor")
        return _ops.reshape(self, tuple(shape[:dim] + sizes + shape[dim + 1:]))

    def unfold(self, dimension, size, step):
        """Every window of ``size`` elements along ``dimension``, ``step`` apart, as a new last
        dimension (differentiable: the windows gather the elements)."""
        n = self.shape[dimension] if self.ndim else 1
        starts = np.arange(0, n - size + 1, step)
        index = starts[:, None] + np.arange(size)[None, :]          # (windows, size)
        moved = _ops.moveaxis(self, dimension, -1) if self.ndim else _ops.reshape(self, (1,))
        windows = moved[..., index]                                # (..., windows, size)
        return _ops.moveaxis(windows, -2, dimension) if self.ndim else windows[0]

    def sum_to_size(self, *size):
        """The sum over the broadcast dimensions, down to ``size``."""
        shape = tuple(size[0]) if len(size) == 1 and isinstance(size[0], (tuple, list)) \
            else tuple(size)
        return _ops.sum_to(self, shape)

    def cdouble(self):
        """The tensor as complex128."""
        return _ops.astype(self, np.complex128)

    def cfloat(self):
        """The tensor as complex64."""
        return _ops.astype(self, np.complex64)

    def char(self):
        """The tensor as int8."""
        return _ops.astype(self, np.int8)

    def bitwise_and(self, other):
        """Elementwise ``&`` of integer or bool tensors (no derivative)."""
        return np.bitwise_and(self, other)

    def bitwise_or(self, other):
        """Elementwise ``|`` of integer or bool tensors (no derivative)."""
        return np.bitwise_or(self, other)

    def bitwise_xor(self, other):
        """Elementwise ``^`` of integer or bool tensors (no derivative)."""
        return np.bitwise_xor(self, other)

    def bitwise_not(self):
        """Elementwise ``~`` of an integer or bool tensor (no derivative)."""
        return np.invert(self)

    def bitwise_left_shift(self, other):
        """Elementwise ``<<`` of integer tensors (no derivative)."""
        return np.left_shift(self, other)

    def bitwise_right_shift(self, other):
        """Elementwise ``>>`` of integer tensors (no derivative)."""
        return np.right_shift(self, other)

    def split_with_sizes(self, split_sizes, dim=0):
        """Pieces of the given sizes along ``dim``."""
        return _torch.split(self, list(split_sizes), dim)

    def addr(self, vec1, vec2, *, beta=1, alpha=1):
        """``beta * self + alpha * outer(vec1, vec2)``."""
        return beta * self + alpha * _ops.outer(vec1, vec2)

    def index_put(self, indices, values, accumulate=False):
        """A copy with ``values`` written (or, with ``accumulate``, added) at ``indices``, a
        tuple of index tensors; differentiable in both."""
        index = tuple(indices)
        if accumulate:
            return self + _ops.add_at(self.shape, index, _ops.astype(values, self.dtype)
                                      if isinstance(values, Tensor) else values)
        return _ops.index_update(self, index, values)

    def svd(self, some=True, compute_uv=True):
        """``(U, S, V)`` with ``self = U diag(S) V^H`` (PyTorch's older ``Tensor.svd``: ``V``,
        not ``V^H``; reduced unless ``some=False``)."""
        u, s, vh = _ops.svd(self, full_matrices=not some)
        v = _ops.conj(_ops.swapaxes(vh, -1, -2))
        if not compute_uv:                       # PyTorch fills U and V with zeros then
            u, v = np.zeros(u.shape, u.dtype), np.zeros(v.shape, v.dtype)
        return _SvdResult(u, s, v)

    def qr(self, some=True):
        """``(Q, R)`` with ``self = Q R`` (reduced unless ``some=False``)."""
        q, r = _ops.qr(self, mode="reduced" if some else "complete")
        return _QrResult(q, r)

    def _new(self, data, dtype, requires_grad):
        return _creation.tensor(data, dtype=self.dtype if dtype is None else dtype,
                                requires_grad=requires_grad)

    def new_tensor(self, data, *, dtype=None, device=None, requires_grad=False):
        """A new tensor from ``data``, in this tensor's dtype unless given."""
        return _Rest._new(self, _values(data), dtype, requires_grad)

    def new_zeros(self, *size, dtype=None, device=None, requires_grad=False):
        """Zeros of ``size``, in this tensor's dtype unless given."""
        return _Rest._new(self, np.zeros(_size(size)), dtype, requires_grad)

    def new_ones(self, *size, dtype=None, device=None, requires_grad=False):
        """Ones of ``size``, in this tensor's dtype unless given."""
        return _Rest._new(self, np.ones(_size(size)), dtype, requires_grad)

    def new_full(self, size, fill_value, *, dtype=None, device=None, requires_grad=False):
        """``fill_value`` everywhere in ``size``, in this tensor's dtype unless given."""
        return _Rest._new(self, np.full(_size((size,)), fill_value), dtype, requires_grad)

    def new_empty(self, *size, dtype=None, device=None, requires_grad=False):
        """A tensor of ``size`` (zeros here), in this tensor's dtype unless given."""
        return _Rest._new(self, np.zeros(_size(size)), dtype, requires_grad)


_SvdResult = collections.namedtuple("svd", ["U", "S", "V"])
_QrResult = collections.namedtuple("qr", ["Q", "R"])


def _size(size) -> tuple:
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        return tuple(int(n) for n in size[0])
    return tuple(int(n) for n in size)


# -- in place: the method's result written into the tensor ----------------------------------------
_SHAPE_CHANGING = {"squeeze", "unsqueeze", "t", "transpose", "swapaxes", "swapdims"}


def _inplace(name):
    def method(self, *args, **kwargs):
        """The method of this name, written into the tensor (docstring set below)."""
        if name in _SHAPE_CHANGING:
            raise RuntimeError(f"{name}_ changes the tensor's shape in place, which autodiff's "
                               f"tensors do not do; use x = x.{name}(...) instead")
        result = getattr(self, name)(*args, **kwargs)
        if not np.can_cast(result.dtype, self.dtype, casting="same_kind"):
            raise RuntimeError(f"result type {_torch.type_name(result.dtype)} can't be cast to "
                               f"the desired output type {_torch.type_name(self.dtype)}")
        return self._inplace(lambda x: result)
    method.__name__ = name + "_"
    method.__doc__ = f":meth:`{name}` in place: the result written into the tensor."
    return method


def attach_rest(cls=Tensor) -> None:
    """Give ``cls`` (the Tensor) the methods above and every missing in-place form."""
    for name, (func, doc) in _ROUTES.items():
        if not hasattr(cls, name):
            setattr(cls, name, _named(name, _route(func, doc), doc))
    for name, value in vars(_Rest).items():
        if not name.startswith("__") and not hasattr(cls, name):
            setattr(cls, name, value)
    for name in [
            "abs", "acos", "acosh", "arccos", "arcsin", "arctan2", "arctan", "asin", "asinh",
            "atan2", "atan", "atanh", "arccosh", "arcsinh", "arctanh", "ceil", "clip", "cos",
            "cosh", "cumprod", "cumsum", "digamma", "divide", "erf", "erfc", "expm1", "floor",
            "floor_divide", "hypot", "lgamma", "log10", "log1p", "log2", "log", "logit",
            "multiply", "reciprocal", "relu", "remainder", "round", "sigmoid", "sign", "sin",
            "sinh", "square", "subtract", "tan", "tanh", "tril", "triu", "true_divide", "xlogy",
            "exp2", "deg2rad", "rad2deg", "i0", "sinc", "polygamma", "mvlgamma", "nan_to_num",
            "neg", "eq", "ne", "lt", "le", "gt", "ge", "greater", "greater_equal", "less",
            "less_equal", "not_equal", "logical_and", "logical_or", "logical_xor", "logical_not",
            "squeeze", "unsqueeze", "t", "transpose", "swapaxes", "swapdims", "bitwise_and",
            "bitwise_or", "bitwise_xor", "bitwise_not", "bitwise_left_shift",
            "bitwise_right_shift", "addr", "index_put"]:
        if hasattr(cls, name) and callable(getattr(cls, name)) and not hasattr(cls, name + "_"):
            setattr(cls, name + "_", _inplace(name))


attach_rest()
