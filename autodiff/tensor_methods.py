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
from .core import Tensor, bind as _bind
from .core.trace import lift
from .engines.reverse import backward as reverse_backward

__all__ = ["RemovableHandle", "attach"]


class _SortResult(tuple):
    """``(values, indices)`` as PyTorch's ``sort`` returns them."""

    def __new__(cls, values, indices):
        return super().__new__(cls, (values, indices))

    @property
    def values(self):
        """The sorted values."""
        return self[0]

    @property
    def indices(self):
        """Where each sorted value came from."""
        return self[1]


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


class _Methods:
    """The methods with argument handling of their own (PyTorch's signatures)."""

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
        return _ops.reshape(self, shape[0] if len(shape) == 1 and not isinstance(
            shape[0], int) else shape)

    view = reshape

    def flatten(self):
        """The values as a 1-D tensor."""
        return _ops.reshape(self, (-1,))

    def transpose(self, dim0=None, dim1=None):
        """Swap two dimensions (all of them reversed when none are given)."""
        if dim0 is None:
            return _ops.transpose(self)
        return _ops.swapaxes(self, dim0, dim1)

    def permute(self, *dims):
        """Reorder the dimensions."""
        return _ops.transpose(self, dims[0] if len(dims) == 1 and not isinstance(dims[0], int)
                              else dims)

    def squeeze(self, dim=None):
        """Drop dimensions of length one."""
        return _ops.squeeze(self, dim)

    def unsqueeze(self, dim):
        """Insert a dimension of length one at ``dim``."""
        return _ops.expand_dims(self, dim)

    def expand(self, *sizes):
        """Broadcast to a larger shape."""
        return _ops.broadcast_to(self, sizes[0] if len(sizes) == 1 and not isinstance(
            sizes[0], int) else sizes)

    def __getitem__(self, index):
        return _ops.getitem(self, index)

    # -- dtype ----------------------------------------------------------------------------------
    def to(self, dtype):
        """The tensor converted to ``dtype``; a device (``"cpu"``) leaves it as it is.

        Everything here lives on the CPU, so PyTorch code that moves tensors to ``"cpu"`` runs
        unchanged; any other device is refused rather than ignored.
        """
        if isinstance(dtype, str) and not hasattr(np, dtype):
            if dtype.split(":")[0] == "cpu":
                return self
            raise RuntimeError(f"autodiff computes with numpy on the CPU; device {dtype!r} is "
                               f"not available")
        return _ops.astype(self, dtype)

    def type(self, dtype):
        """The tensor converted to ``dtype``."""
        return _ops.astype(self, dtype)

    def float(self):
        """Converted to float32."""
        return _ops.astype(self, np.float32)

    def double(self):
        """Converted to float64."""
        return _ops.astype(self, np.float64)

    def long(self):
        """Converted to int64."""
        return _ops.astype(self, np.int64)

    def int(self):
        """Converted to int32."""
        return _ops.astype(self, np.int32)

    def bool(self):
        """Converted to bool."""
        return _ops.astype(self, np.bool_)

    def clone(self):
        """A copy that stays in the graph."""
        return _ops.astype(self, self.dtype, copy=True)

    # -- numpy protocols ----------------------------------------------------------------------
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return _numpy_api.array_ufunc(ufunc, method, inputs, kwargs)

    def __array_function__(self, func, types, args, kwargs):
        return _numpy_api.array_function(func, args, kwargs)

    # -- math methods -----------------------------------------------------------------------
    def sum(self, dim=None, keepdim=False, **kw):
        """Sum over ``dim`` (all dimensions by default)."""
        return _ops.sum(self, dim, keepdim, **kw)

    def mean(self, dim=None, keepdim=False, **kw):
        """Mean over ``dim`` (all dimensions by default)."""
        return _ops.mean(self, dim, keepdim, **kw)

    def norm(self, p=2, dim=None, keepdim=False):
        """The ``p``-norm over ``dim`` (the 2-norm of all elements by default)."""
        return _ops.norm(self, p, dim, keepdim)

    def max(self, dim=None, keepdim=False):
        """Largest element (over ``dim``)."""
        return _ops.amax(self, dim, keepdim)

    def min(self, dim=None, keepdim=False):
        """Smallest element (over ``dim``)."""
        return _ops.amin(self, dim, keepdim)

    def sort(self, dim=-1, descending=False, stable=False):
        """Sorted values along ``dim`` and their original indices, as PyTorch's ``sort``."""
        if self._trace.level > 0:
            self._check_value("sort's indices")
        raw = -self._data if descending else self._data
        indices = np.argsort(raw, axis=dim, kind="stable")
        return _SortResult(_ops.take_along_axis(self, indices, dim), lift(indices))

    def repeat(self, *sizes):
        """Tile the tensor ``sizes`` times along each dimension (PyTorch's ``repeat``)."""
        return _ops.tile(self, sizes[0] if len(sizes) == 1 and not isinstance(sizes[0], int)
                         else sizes)

    def var(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        """Variance over ``dim``; unbiased (``correction=1``) by default, as PyTorch."""
        return _ops.var(self, dim, unbiased, keepdim, correction=correction)

    def std(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        """Standard deviation over ``dim``; unbiased by default, as PyTorch."""
        return _ops.std(self, dim, unbiased, keepdim, correction=correction)

    def clamp(self, min=None, max=None):
        """Values limited to ``[min, max]``."""
        return _ops.clip(self, min, max)

    clip = clamp


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
}


def _method(name, doc):
    def method(self, *args, **kwargs):
        """The autodiff function of this name, the tensor first (docstring set below)."""
        return getattr(_ops, name)(self, *args, **kwargs)
    method.__name__ = name
    method.__doc__ = doc
    return method


def _operator(prim, reflected=False):
    """A Python operator method that binds ``prim`` directly (the hottest path in the library)."""
    if reflected:
        def method(self, other):
            """The reflected operator."""
            return _bind(prim, (other, self), {})
    else:
        def method(self, other):
            """The operator."""
            return _bind(prim, (self, other), {})
    method.__name__ = prim.name
    method.__doc__ = f"``{prim.name}`` as a Python operator."
    return method


# Python operator -> primitive; binary ones get a reflected twin (``2 * x``).
_BINARY = {"add": "add", "sub": "subtract", "mul": "multiply", "truediv": "divide",
           "pow": "power", "matmul": "matmul", "mod": "remainder", "floordiv": "floor_divide"}
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
        setattr(cls, f"__{name}__", _operator(prim))
        setattr(cls, f"__r{name}__", _operator(prim, reflected=True))
    for name, op in _COMPARISONS.items():
        setattr(cls, f"__{name}__", _operator(getattr(_ops, op)))
    for name, op in _UNARY.items():
        setattr(cls, f"__{name}__", _unary_operator(getattr(_ops, op)))
    cls.__pos__ = _positive


attach()
