"""The Tensor's methods and operators, attached over the ops.

The value box (:mod:`autodiff.core.tensor`) knows no op. Its PyTorch methods (``x.sum(dim)``,
``x.exp()``, ``x.T``), its Python operators and numpy's dispatch protocols are attached here, from
tables and one :func:`attach`, as JAX attaches its array methods, so imports flow one way: the
core below, the ops above it, this module on top of both.
"""
from __future__ import annotations

import itertools

import numpy as np

from . import numpy_api as _numpy_api
from . import ops as _ops
from . import random_methods as _random_methods
from . import torch_api as _torch
from . import torch_more as _more
from .core import Tensor, bind as _bind
from .device import CPU, DeviceUnavailableError, check_device, device as _device
from .engines.reverse import backward as reverse_backward
from .promotion import promote as _promote

__all__ = ["RemovableHandle", "attach"]


_handles = itertools.count()


class RemovableHandle:
    """What :meth:`Tensor.register_hook` returns: ``remove()`` takes the hook away again."""

    def __init__(self, hooks: dict, key: int):
        self._hooks = hooks
        self.id = key

    def remove(self) -> None:
        """Stop calling the hook (removing twice is harmless)."""
        self._hooks.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


_box_detach = Tensor.detach        # the value box's own: same values, outside every graph


class _Methods:
    """The methods with argument handling of their own (PyTorch's signatures)."""

    def detach(self) -> "Tensor":
        """A tensor with the same values, outside every graph (shares memory).

        Inside ``ad.jit`` the detached value is recorded (as ``stop_gradient``), so a replay
        computes it from that call's inputs instead of reusing the recording's values.
        """
        if self._trace.level > 0 and self._recorded():
            return _ops.stop_gradient(self)
        return _box_detach(self)

    def register_hook(self, hook) -> RemovableHandle:
        """Call ``hook(grad)`` whenever a backward pass computes this tensor's gradient.

        The hook may return a tensor to use instead of the gradient (for the tensor's own
        ``.grad`` and everything further back), or None to leave it. Hooks run in the order
        they were registered, in ``backward`` and in ``autograd.grad``.

        Returns
        -------
        RemovableHandle
            ``handle.remove()`` takes the hook away.
        """
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require "
                               "gradient")
        if self._node is not None:
            if self._node.hooks is None:
                self._node.hooks = {}
            hooks = self._node.hooks
        else:
            if self._hooks is None:
                self._hooks = {}
            hooks = self._hooks
        key = next(_handles)
        hooks[key] = hook
        return RemovableHandle(hooks, key)

    @property
    def T(self) -> "Tensor":
        """The tensor with its dimensions reversed."""
        return _ops.transpose(self)

    @property
    def mT(self) -> "Tensor":
        """The tensor with its last two dimensions swapped."""
        return _ops.swapaxes(self, -1, -2)

    @property
    def real(self) -> "Tensor":
        """The real part (differentiable); the tensor itself when it is real, as PyTorch."""
        return _ops.real(self) if self.dtype.kind == "c" else self

    @property
    def imag(self) -> "Tensor":
        """The imaginary part of a complex tensor (differentiable); PyTorch refuses it for a
        real one, and so does this."""
        if self.dtype.kind != "c":
            raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")
        return _ops.imag(self)

    def copy_(self, src) -> "Tensor":
        """Copy ``src``'s values into this tensor in place."""
        self._check_inplace()
        return self._write(_ops.broadcast_to(src, self.shape) if isinstance(src, Tensor) else
                           np.broadcast_to(src, self._data.shape))

    def add_(self, other, alpha=1):
        """In-place ``self += alpha * other``."""
        return self._inplace(_ops.add, other if alpha == 1 else other * alpha)

    def sub_(self, other, alpha=1):
        """In-place ``self -= alpha * other``."""
        return self._inplace(_ops.subtract, other if alpha == 1 else other * alpha)

    def mul_(self, other):
        """In-place ``self *= other``."""
        return self._inplace(_ops.multiply, other)

    def div_(self, other):
        """In-place ``self /= other``."""
        return self._inplace(_ops.divide, other)

    def __iadd__(self, other):
        return self._inplace(_ops.add, other)

    def __isub__(self, other):
        return self._inplace(_ops.subtract, other)

    def __imul__(self, other):
        return self._inplace(_ops.multiply, other)

    def __itruediv__(self, other):
        return self._inplace(_ops.divide, other)

    def __setitem__(self, index, value):
        self._check_inplace()
        self._write(_ops.index_update(self, index, value))

    # -- backward ----------------------------------------------------------------------------
    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Accumulate the gradient of this tensor into the ``.grad`` of the leaves.

        Parameters
        ----------
        gradient : Tensor, optional
            The cotangent ``v`` of ``v^T J``; needed unless this tensor has one element.
        retain_graph : bool, optional
            Keep the saved values so backward can run through the graph again; defaults to
            ``create_graph``.
        create_graph : bool
            Record the backward pass itself, so the gradients can be differentiated again.
        inputs : sequence of Tensor, optional
            Accumulate only into these leaves.
        """
        reverse_backward(self, gradient, retain_graph, create_graph, inputs)

    # -- shape --------------------------------------------------------------------------------
    def reshape(self, *shape):
        """The same values in a new shape (one dimension may be ``-1``)."""
        shape = _sizes(shape)
        known = [d for d in shape if d != -1]
        n = self._data.size
        total = 1
        for d in known:
            total *= d
        if (len(known) == len(shape) and total != n) or (len(known) < len(shape) - 1) or \
                (len(known) == len(shape) - 1 and (total == 0 or n % total)):
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {n}")
        return _ops.reshape(self, shape)

    view = reshape

    def view_as(self, other):
        """This tensor in ``other``'s shape."""
        return self.reshape(other.shape)

    def reshape_as(self, other):
        """This tensor in ``other``'s shape."""
        return self.reshape(other.shape)

    def flatten(self, start_dim=0, end_dim=-1):
        """Dimensions ``start_dim`` to ``end_dim`` merged into one (all of them by default)."""
        return _torch.flatten(self, start_dim, end_dim)

    def transpose(self, dim0=None, dim1=None):
        """Swap two dimensions (all of them reversed when none are given)."""
        if dim0 is None:
            return _ops.transpose(self)
        return _ops.swapaxes(self, dim0, dim1)

    def t(self):
        """The transpose of a matrix (a vector as it is)."""
        if self._data.ndim > 2:
            raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is "
                               f"{self._data.ndim}D")
        return _ops.transpose(self)

    def permute(self, *dims):
        """Reorder the dimensions."""
        return _ops.transpose(self, _sizes(dims))

    def squeeze(self, dim=None, *, axis=None):
        """Drop dimensions of length one (only ``dim``, numpy's ``axis``, when given)."""
        return _torch.squeeze(self, dim if axis is None else axis)

    def unsqueeze(self, dim):
        """Insert a dimension of length one at ``dim``."""
        return _torch.unsqueeze(self, dim)

    def expand(self, *sizes):
        """Broadcast to a larger shape (``-1`` keeps a dimension); a view, no copy."""
        sizes = _sizes(sizes)
        shape = self._data.shape
        lead = len(sizes) - len(shape)
        if lead < 0:
            raise RuntimeError(f"expand(torch.FloatTensor{{{list(shape)}}}, size={list(sizes)}): "
                               f"the number of sizes provided ({len(sizes)}) must be greater or "
                               f"equal to the number of dimensions in the tensor ({len(shape)})")
        target = tuple(shape[i - lead] if d == -1 and i >= lead else d
                       for i, d in enumerate(sizes))
        return _ops.broadcast_to(self, target)

    def expand_as(self, other):
        """Broadcast to ``other``'s shape."""
        return self.expand(other.shape)

    def repeat(self, *sizes):
        """Tile the tensor ``sizes`` times along each dimension (PyTorch's ``repeat``)."""
        sizes = _sizes(sizes)
        if len(sizes) < self._data.ndim:
            raise RuntimeError("Number of dimensions of repeat dims can not be smaller than "
                               "number of dimensions of tensor")
        return _ops.tile(self, sizes)

    def __getitem__(self, index):
        return _ops.getitem(self, index)

    # -- dtype and device -----------------------------------------------------------------------
    @property
    def device(self) -> _device:
        """Where the tensor lives: always ``device(type='cpu')``."""
        return CPU

    is_cuda = False

    def to(self, *args, **kwargs):
        """The tensor converted to a dtype and/or device, as PyTorch's ``to``.

        ``to(dtype)``, ``to(device)``, ``to(device, dtype)``, ``to(other)`` (its dtype and
        device) and the keywords ``dtype=``, ``device=``, ``copy=``, ``non_blocking=`` (ignored:
        nothing is asynchronous). Returns the tensor itself when nothing changes, unless
        ``copy=True``. Every tensor lives on the CPU; another device is refused with
        :class:`~autodiff.device.DeviceUnavailableError`.
        """
        copy = kwargs.pop("copy", False)
        kwargs.pop("non_blocking", None)
        kwargs.pop("memory_format", None)
        dtype = kwargs.pop("dtype", None)
        where = kwargs.pop("device", None)
        if kwargs:
            raise TypeError(f"to() got an unexpected keyword argument '{next(iter(kwargs))}'")
        for a in args:
            if isinstance(a, Tensor):
                dtype = a.dtype
            elif isinstance(a, (str, _device)) or (isinstance(a, int) and not
                                                   isinstance(a, bool)):
                where = a
            elif isinstance(a, bool):
                continue                     # non_blocking given positionally
            else:
                dtype = a
        check_device(where)
        if dtype is not None and np.dtype(dtype) != self._data.dtype:
            return _ops.astype(self, dtype)
        return _torch.clone(self) if copy else self

    def cpu(self):
        """The tensor itself: it is on the CPU already."""
        return self

    def cuda(self, device=None, non_blocking=False):
        """Refused: autodiff has no CUDA device (``autodiff.cuda.is_available()`` is False)."""
        raise DeviceUnavailableError("autodiff computes with numpy on the CPU; there is no CUDA "
                                     "device (autodiff.cuda.is_available() is False). Keep the "
                                     "tensor on the CPU, or choose the device with "
                                     "torch.cuda.is_available() as D2L's try_gpu() does.")

    def type(self, dtype=None, non_blocking=False):
        """With no argument, the type's name (``'autodiff.FloatTensor'``, where PyTorch says
        ``'torch.FloatTensor'``); with a dtype (or such a name), the converted tensor."""
        if dtype is None:
            return f"autodiff.{_TENSOR_TYPES.get(self._data.dtype.name, 'Tensor')}"
        if isinstance(dtype, str):
            name = dtype.rpartition(".")[2]
            found = [k for k, v in _TENSOR_TYPES.items() if v == name]
            if not found:
                raise ValueError(f"invalid type: '{dtype}'")
            dtype = found[0]
        if np.dtype(dtype) == self._data.dtype:
            return self
        return _ops.astype(self, dtype)

    def float(self):
        """Converted to float32."""
        return self.to(np.float32)

    def double(self):
        """Converted to float64."""
        return self.to(np.float64)

    def half(self):
        """Converted to float16."""
        return self.to(np.float16)

    def long(self):
        """Converted to int64."""
        return self.to(np.int64)

    def int(self):
        """Converted to int32."""
        return self.to(np.int32)

    def short(self):
        """Converted to int16."""
        return self.to(np.int16)

    def bool(self):
        """Converted to bool."""
        return self.to(np.bool_)

    def byte(self):
        """Converted to uint8."""
        return self.to(np.uint8)

    def is_floating_point(self) -> bool:
        """Whether the dtype is a floating point one."""
        return self._data.dtype.kind == "f"

    def is_complex(self) -> bool:
        """Whether the dtype is a complex one."""
        return self._data.dtype.kind == "c"

    def element_size(self) -> int:
        """Bytes per element."""
        return self._data.dtype.itemsize

    def nelement(self) -> int:
        """Number of elements (same as :meth:`numel`)."""
        return self._data.size

    def clone(self, *, memory_format=None):
        """A copy that stays in the graph."""
        return _torch.clone(self)

    @property
    def retains_grad(self) -> bool:
        """True for a non-leaf tensor whose ``.grad`` :meth:`retain_grad` keeps."""
        return bool(self._retains_grad and self._node is not None)

    # -- numpy protocols ----------------------------------------------------------------------
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return _numpy_api.array_ufunc(ufunc, method, inputs, kwargs)

    def __array_function__(self, func, types, args, kwargs):
        return _numpy_api.array_function(func, args, kwargs)

    # -- math methods -----------------------------------------------------------------------
    def sum(self, dim=None, keepdim=False, *, dtype=None, **kw):
        """Sum over ``dim`` (all dimensions by default); ``dtype`` converts first."""
        return _torch.sum(self, dim, keepdim, dtype=dtype, **kw)

    def mean(self, dim=None, keepdim=False, *, dtype=None, **kw):
        """Mean over ``dim`` (all dimensions by default); ``dtype`` converts first."""
        return _torch.mean(self, dim, keepdim, dtype=dtype, **kw)

    def norm(self, p=2, dim=None, keepdim=False):
        """The ``p``-norm over ``dim`` (the 2-norm of all elements by default)."""
        return _ops.norm(self, p, dim, keepdim)

    def max(self, dim=None, keepdim=False, **kw):
        """Largest element; ``(values, indices)`` along ``dim`` (or numpy's ``axis``, with
        ``keepdims``); with a tensor, the elementwise maximum."""
        return _torch.max(self, dim, keepdim, **kw)

    def min(self, dim=None, keepdim=False, **kw):
        """Smallest element; ``(values, indices)`` along ``dim`` (or numpy's ``axis``, with
        ``keepdims``); with a tensor, the elementwise minimum."""
        return _torch.min(self, dim, keepdim, **kw)

    def sort(self, dim=-1, descending=False, stable=False):
        """Sorted values along ``dim`` and their original indices, as PyTorch's ``sort``."""
        return _torch.sort(self, dim, descending, stable)

    def var(self, dim=None, unbiased=None, keepdim=False, *, correction=None, **kw):
        """Variance over ``dim``; unbiased (``correction=1``) by default, as PyTorch (numpy's
        ``axis``, ``ddof`` and ``keepdims`` are accepted too)."""
        return _ops.var(self, dim, unbiased, keepdim, correction=correction, **kw)

    def std(self, dim=None, unbiased=None, keepdim=False, *, correction=None, **kw):
        """Standard deviation over ``dim``; unbiased by default, as PyTorch (numpy's ``axis``,
        ``ddof`` and ``keepdims`` are accepted too)."""
        return _ops.std(self, dim, unbiased, keepdim, correction=correction, **kw)

    def swapaxes(self, axis0, axis1) -> "Tensor":
        """The tensor with dimensions ``axis0`` and ``axis1`` exchanged (``swapdims``)."""
        return _ops.swapaxes(self, axis0, axis1)

    swapdims = swapaxes

    def conj(self) -> "Tensor":
        """The complex conjugate (the tensor itself, for a real one)."""
        return _ops.conj(self)

    def clamp(self, min=None, max=None):
        """Values limited to ``[min, max]`` (a numpy scalar bound counts as a Python number, as
        in PyTorch)."""
        return _ops.clamp(self, min, max)

    clip = clamp

    # -- in place, PyTorch's optimizers' helpers -------------------------------------------------
    def masked_fill_(self, mask, value):
        """Write ``value`` where ``mask`` holds, in place."""
        return self._inplace(_torch.masked_fill, mask, value)

    def scatter_(self, dim, index, src=None, *, value=None, reduce=None):
        """:func:`autodiff.scatter` in place."""
        return self._inplace(lambda x: _torch.scatter(x, dim, index, src, value=value,
                                                      reduce=reduce))

    def scatter_add_(self, dim, index, src):
        """:func:`autodiff.scatter_add` in place."""
        return self._inplace(lambda x: _torch.scatter_add(x, dim, index, src))

    def index_add_(self, dim, index, source, *, alpha=1):
        """:func:`autodiff.index_add` in place."""
        return self._inplace(lambda x: _torch.index_add(x, dim, index, source, alpha=alpha))

    def addcmul_(self, tensor1, tensor2, *, value=1):
        """In-place ``self += value * tensor1 * tensor2``."""
        return self._inplace(lambda x, a, b: _torch.addcmul(x, a, b, value=value), tensor1, tensor2)

    def addcdiv_(self, tensor1, tensor2, *, value=1):
        """In-place ``self += value * tensor1 / tensor2``."""
        return self._inplace(lambda x, a, b: _torch.addcdiv(x, a, b, value=value), tensor1, tensor2)

    def lerp_(self, end, weight):
        """In-place ``self += weight * (end - self)``."""
        return self._inplace(_torch.lerp, end, weight)

    def clamp_(self, min=None, max=None):
        """Limit the values to ``[min, max]`` in place."""
        return self._inplace(_ops.clamp, min, max)

    def pow_(self, exponent):
        """In-place ``self **= exponent``."""
        return self._inplace(_ops.power, exponent)

    def sqrt_(self):
        """In-place square root."""
        return self._inplace(_ops.sqrt)

    def exp_(self):
        """In-place exponential."""
        return self._inplace(_ops.exp)


_TENSOR_TYPES = {"float32": "FloatTensor", "float64": "DoubleTensor", "float16": "HalfTensor",
                 "int64": "LongTensor", "int32": "IntTensor", "int16": "ShortTensor",
                 "int8": "CharTensor", "uint8": "ByteTensor", "bool": "BoolTensor",
                 "complex64": "ComplexFloatTensor", "complex128": "ComplexDoubleTensor"}


def _sizes(args) -> tuple:
    """``f(2, 3)`` or ``f((2, 3))`` (PyTorch accepts both) as one tuple."""
    if len(args) == 1 and not isinstance(args[0], int):
        return tuple(args[0])
    return tuple(args)


# PyTorch method name -> (autodiff function it routes to, docstring)
_ROUTED = {
    "pow": ("power", "``self ** exponent``."),
    "dot": ("dot", "Inner product of two 1-D tensors."),
    "matmul": ("matmul", "Matrix product."),
    "exp": ("exp", "Elementwise exponential."),
    "log": ("log", "Elementwise natural logarithm."),
    "sin": ("sin", "Elementwise sine."),
    "cos": ("cos", "Elementwise cosine."),
    "tanh": ("tanh", "Elementwise hyperbolic tangent."),
    "sigmoid": ("sigmoid", "Elementwise logistic sigmoid."),
    "relu": ("relu", "Elementwise ``max(x, 0)``."),
    "abs": ("abs", "Elementwise absolute value."),
    "sqrt": ("sqrt", "Elementwise square root."),
    "inverse": ("inv", "Matrix inverse."),

    "expm1": ("expm1", "Elementwise ``exp(x) - 1``."),
    "log1p": ("log1p", "Elementwise ``log(1 + x)``."),
    "log2": ("log2", "Elementwise base-2 logarithm."),
    "log10": ("log10", "Elementwise base-10 logarithm."),
    "square": ("square", "Elementwise square."),
    "reciprocal": ("reciprocal", "Elementwise ``1 / x``."),
    "tan": ("tan", "Elementwise tangent."),
    "asin": ("arcsin", "Elementwise inverse sine."), "arcsin": ("arcsin", "Inverse sine."),
    "acos": ("arccos", "Elementwise inverse cosine."), "arccos": ("arccos", "Inverse cosine."),
    "atan": ("arctan", "Elementwise inverse tangent."), "arctan": ("arctan", "Inverse tangent."),
    "sinh": ("sinh", "Elementwise hyperbolic sine."),
    "cosh": ("cosh", "Elementwise hyperbolic cosine."),
    "asinh": ("arcsinh", "Elementwise inverse hyperbolic sine."),
    "acosh": ("arccosh", "Elementwise inverse hyperbolic cosine."),
    "atanh": ("arctanh", "Elementwise inverse hyperbolic tangent."),
    "atan2": ("arctan2", "Elementwise ``arctan(self / other)`` in the right quadrant."),
    "hypot": ("hypot", "Elementwise ``sqrt(self**2 + other**2)``."),
    "logaddexp": ("logaddexp", "Elementwise ``log(exp(self) + exp(other))``."),
    "sign": ("sign", "Elementwise sign (no gradient)."),
    "floor": ("floor", "Elementwise floor (no gradient)."),
    "ceil": ("ceil", "Elementwise ceiling (no gradient)."),
    "round": ("round", "Elementwise rounding to even (no gradient)."),
    "erf": ("erf", "Elementwise error function."),
    "erfc": ("erfc", "Elementwise complementary error function."),
    "lgamma": ("gammaln", "Elementwise log of the absolute gamma function."),
    "digamma": ("digamma", "Elementwise digamma (derivative of lgamma)."),
    "logit": ("logit", "Elementwise ``log(p / (1 - p))``."),
    "xlogy": ("xlogy", "Elementwise ``self * log(other)``, 0 where ``self == 0``."),
    "prod": ("prod", "Product over ``dim`` (all elements by default)."),
    "logsumexp": ("logsumexp", "``log(sum(exp(self)))`` over ``dim``, computed stably."),
    "cumsum": ("cumsum", "Running sum along ``dim``."),
    "cumprod": ("cumprod", "Running product along ``dim``."),
    "softmax": ("softmax", "Softmax along ``dim``."),
    "log_softmax": ("log_softmax", "Log-softmax along ``dim``."),
    "trace": ("trace", "Sum of the main diagonal."),
    "diag": ("diag", "Diagonal of a matrix, or a matrix with a vector on its diagonal."),
    "diagonal": ("diagonal", "A diagonal of the 2-D slices."),
    "flip": ("flip", "Reverse the order along the given dimensions."),
    "roll": ("roll", "Shift elements cyclically."),
    "repeat_interleave": ("repeat", "Repeat each element along ``dim``."),
    "tile": ("tile", "Tile the tensor."),
    "take": ("take", "Elements at the given indices of the flattened tensor."),
    "moveaxis": ("moveaxis", "Move dimensions to new positions."),
    "movedim": ("moveaxis", "Move dimensions to new positions."),
    "cholesky": ("cholesky", "Lower Cholesky factor."),
    "det": ("det", "Determinant."),
    "logdet": ("logdet", "Log of the determinant."),
    "slogdet": ("slogdet", "Sign and log-absolute-value of the determinant."),
    "inner": ("inner", "Inner product over the last dimensions."),
    "outer": ("outer", "Outer product of two 1-D tensors."),
    "arctan2": ("arctan2", "Elementwise ``arctan(self / other)`` in the right quadrant."),
    "astype": ("astype", "The tensor converted to ``dtype`` (numpy's spelling of ``to``)."),
    "ravel": ("ravel", "The values as a 1-D tensor."),
    "tril": ("tril", "The lower triangle of the last two dimensions."),
    "triu": ("triu", "The upper triangle of the last two dimensions."),
    "diff": ("diff", "The discrete difference along ``dim``."),
    "kron": ("kron", "Kronecker product."),

    "add": ("add", "``self + alpha * other``, promoted as in PyTorch."),
    "sub": ("subtract", "``self - alpha * other``, promoted as in PyTorch."),
    "subtract": ("subtract", "``self - alpha * other``, promoted as in PyTorch."),
    "mul": ("multiply", "``self * other``, promoted as in PyTorch."),
    "multiply": ("multiply", "``self * other``, promoted as in PyTorch."),
    "div": ("divide", "``self / other`` (``rounding_mode`` as ``torch.div``)."),
    "divide": ("divide", "``self / other`` (``rounding_mode`` as ``torch.div``)."),
    "true_divide": ("true_divide", "``self / other``."),
    "floor_divide": ("floor_divide", "``self // other``."),
    "remainder": ("remainder", "``self % other``."),
    "maximum": ("maximum", "Elementwise maximum with ``other``."),
    "minimum": ("minimum", "Elementwise minimum with ``other``."),
    "amax": ("amax", "The largest values over ``dim``."),
    "amin": ("amin", "The smallest values over ``dim``."),
    "argmax": ("argmax", "Index of the largest element (along ``dim``)."),
    "argmin": ("argmin", "Index of the smallest element (along ``dim``)."),
    "argsort": ("argsort", "The indices that sort the tensor along ``dim``."),
    "topk": ("topk", "The ``k`` largest values along ``dim`` and their indices."),
    "mm": ("mm", "Matrix product of two matrices."),
    "mv": ("mv", "Matrix-vector product."),
    "bmm": ("bmm", "Batched matrix product."),
    "isnan": ("isnan", "Where the values are NaN."),
    "isinf": ("isinf", "Where the values are infinite."),
    "isfinite": ("isfinite", "Where the values are finite."),
    "masked_fill": ("masked_fill", "``value`` where ``mask`` holds, else the tensor."),
    "gather": ("gather", "Values picked along ``dim`` by ``index``."),
    "scatter": ("scatter", "A copy with ``src`` written at ``index`` along ``dim``."),
    "scatter_add": ("scatter_add", "A copy with ``src`` added at ``index`` along ``dim``."),
    "index_add": ("index_add", "A copy with ``source`` added at the slices ``index``."),
    "index_select": ("index_select", "The slices at ``index`` along ``dim``."),
    "addcmul": ("addcmul", "``self + value * tensor1 * tensor2``."),
    "addcdiv": ("addcdiv", "``self + value * tensor1 / tensor2``."),
    "lerp": ("lerp", "``self + weight * (end - self)``."),
}


def _method(name, doc):
    # PyTorch's version (promotion, dim/keepdim) where there is one, else the op itself
    func = getattr(_torch, name, None) or getattr(_ops, name)

    def method(self, *args, **kwargs):
        """The autodiff function of this name, the tensor first (docstring set below)."""
        return func(self, *args, **kwargs)
    method.__name__ = name
    method.__doc__ = doc
    return method


def _needs_promotion(dtype, other, to_float) -> bool:
    """False when numpy's result dtype is PyTorch's already (the common case)."""
    if to_float and dtype.kind in "biu":
        return True
    cls = other.__class__
    if cls is Tensor:
        return other._data.dtype != dtype
    if cls is np.ndarray:                # a constant array of the tensor's dtype: nothing to do
        return other.dtype != dtype
    if cls is float:
        return dtype.kind not in "fc"
    if cls is int:
        return dtype.kind == "b"
    return True


def _operator(prim, reflected=False, to_float=False):
    """A Python operator method that binds ``prim``, promoting its operands as PyTorch does.

    The hottest path in the library: two tensors of one dtype, or a float tensor and a Python
    float, go straight to the primitive after one class check and one dtype comparison.
    """
    if to_float:
        def method(self, other):
            """The operator (true division: integers give the default float dtype)."""
            if _needs_promotion(self._data.dtype, other, True):
                args, _ = _promote(*((other, self) if reflected else (self, other)),
                                   to_float=True)
                return _bind(prim, args, {})
            return _bind(prim, (other, self) if reflected else (self, other), {})
    elif reflected:
        def method(self, other):
            """The reflected operator."""
            if other.__class__ is not float or self._data.dtype.kind not in "fc":
                if _needs_promotion(self._data.dtype, other, False):
                    (other, self), _ = _promote(other, self)
            return _bind(prim, (other, self), {})
    else:
        def method(self, other):
            """The operator."""
            if other.__class__ is Tensor:
                if other._data.dtype is not self._data.dtype and \
                        other._data.dtype != self._data.dtype:
                    (self, other), _ = _promote(self, other)
            elif other.__class__ is not float or self._data.dtype.kind not in "fc":
                if _needs_promotion(self._data.dtype, other, False):
                    (self, other), _ = _promote(self, other)
            return _bind(prim, (self, other), {})
    method.__name__ = prim.name
    method.__doc__ = f"``{prim.name}`` as a Python operator."
    return method


# Python operator -> primitive; binary ones get a reflected twin (``2 * x``).
_BINARY = {"add": "add", "sub": "subtract", "mul": "multiply", "truediv": "divide",
           "pow": "power", "mod": "remainder", "floordiv": "floor_divide"}
_COMPARISONS = {"eq": "eq", "ne": "ne", "lt": "lt", "le": "le", "gt": "gt", "ge": "ge",
                "and": "logical_and", "or": "logical_or"}
_UNARY = {"neg": "negative", "abs": "abs", "invert": "logical_not"}


def _unary_operator(prim):
    def method(self):
        """The operator."""
        return _bind(prim, (self,), {})
    method.__name__ = prim.name
    method.__doc__ = f"``{prim.name}`` as a Python operator."
    return method


def _matmul(self, other):
    """``self @ other``: the matrix product (both of one dtype, as in PyTorch)."""
    return _torch.matmul(self, other)


def _rmatmul(self, other):
    """``other @ self``."""
    return _torch.matmul(other, self)


def _positive(self):
    """``+x``: the tensor itself."""
    return self


def attach(cls=Tensor) -> None:
    """Give ``cls`` (the Tensor) its methods, operators and numpy protocols."""
    for name, value in vars(_Methods).items():
        if name not in ("__module__", "__qualname__", "__doc__", "__dict__", "__weakref__"):
            setattr(cls, name, value)
    for name, (func, doc) in _ROUTED.items():
        setattr(cls, name, _method(func, doc))
    for name, op in _BINARY.items():
        prim = getattr(_ops, op)
        setattr(cls, f"__{name}__", _operator(prim, to_float=name == "truediv"))
        setattr(cls, f"__r{name}__", _operator(prim, reflected=True, to_float=name == "truediv"))
    for name, op in _COMPARISONS.items():
        setattr(cls, f"__{name}__", _operator(getattr(_ops, op)))
    for name, op in _UNARY.items():
        setattr(cls, f"__{name}__", _unary_operator(getattr(_ops, op)))
    cls.__pos__ = _positive
    for name in _random_methods.__all__:           # uniform_, normal_, bernoulli_, ...
        setattr(cls, name, getattr(_random_methods, name))
    # ``@`` promotes nothing: PyTorch wants one dtype (its error names the two)
    cls.__matmul__ = _matmul
    cls.__rmatmul__ = _rmatmul


attach()


# -- more of PyTorch's methods (autodiff.torch_more), attached the same way ----------------------
# method name -> the function it routes to (``self`` first), its docstring taken from there
_MORE = {name: getattr(_more, name) for name in (
    "trunc", "fix", "frac", "fmod", "erfinv", "copysign", "nextafter", "ldexp", "frexp",
    "float_power", "rsqrt", "heaviside", "gcd", "lcm", "isclose", "allclose", "equal",
    "count_nonzero", "clamp_min", "clamp_max", "logaddexp2", "sgn", "signbit", "positive",
    "negative", "absolute", "median", "nanmedian", "quantile", "nanquantile", "kthvalue", "mode",
    "cummax", "cummin", "logcumsumexp", "aminmax", "msort", "take_along_dim", "narrow", "chunk",
    "tensor_split", "unbind", "select", "index_copy", "index_fill", "masked_select",
    "masked_scatter", "nonzero", "argwhere", "diag_embed", "unique", "unique_consecutive",
    "histc", "addmm", "addmv", "baddbmm", "addbmm", "ger", "dist", "renorm", "matrix_exp",
    "pinverse", "cholesky_solve", "triangular_solve", "lu", "is_complex")}
_MORE.update({name: getattr(_more, name) for name in (
    "fliplr", "flipud", "matrix_power", "slogdet", "moveaxis", "movedim", "diff", "hsplit",
    "vsplit", "dsplit")})
_MORE["vdot"] = _ops.vdot

# in place: the function's result written into ``self`` (its dtype kept, as PyTorch)
_MORE_INPLACE = ("trunc", "fix", "frac", "fmod", "erfinv", "copysign", "nextafter", "ldexp",
                 "rsqrt", "heaviside", "gcd", "lcm", "clamp_min", "clamp_max", "sgn", "negative",
                 "absolute", "addmm", "addmv", "baddbmm", "addbmm", "index_copy", "index_fill",
                 "masked_scatter", "renorm", "logaddexp2")


def _more_method(name, func):
    def method(self, *args, **kwargs):
        """The autodiff function of this name, the tensor first (docstring set below)."""
        return func(self, *args, **kwargs)
    method.__name__ = name
    method.__doc__ = func.__doc__
    return method


def _more_inplace(name, func):
    def method(self, *args, **kwargs):
        """The function of this name, written into the tensor (docstring set below)."""
        result = func(self, *args, **kwargs)
        if np.can_cast(result.dtype, self.dtype, casting="same_kind") is False:
            raise RuntimeError(f"result type {_torch.type_name(result.dtype)} can't be cast to "
                               f"the desired output type {_torch.type_name(self.dtype)}")
        return self._inplace(lambda x: result)      # computed from ``self``, as _inplace would
    method.__name__ = name + "_"
    method.__doc__ = f":func:`autodiff.{name}` in place: the result written into the tensor."
    return method


def _rot90(self, k=1, dims=(0, 1)):
    """The tensor rotated by ``k`` quarter turns in the plane of ``dims`` (from the first
    toward the second), as ``torch.rot90``."""
    return _ops.rot90(self, k, axes=tuple(dims))


def _float_power_(self, exponent):
    """``self **= exponent`` in double precision; ``self`` must be float64 (or complex128), as
    PyTorch requires."""
    wanted = "complex128" if self.dtype.kind == "c" or np.iscomplexobj(exponent) else "float64"
    if self.dtype.name != wanted:
        raise RuntimeError(f"the base given to float_power_ has dtype "
                           f"{_torch.type_name(self.dtype)} but the operation's result requires "
                           f"dtype {_torch.type_name(np.dtype(wanted))}")
    return self._inplace(lambda x: _more.float_power(x, exponent))


def _attach_more(cls=Tensor) -> None:
    for name, func in _MORE.items():
        setattr(cls, name, _more_method(name, func))
    for name in _MORE_INPLACE:
        setattr(cls, name + "_", _more_inplace(name, getattr(_more, name)))
    cls.rot90 = _rot90
    cls.float_power_ = _float_power_


_attach_more()
