"""The torch-style surface: :class:`Tensor`, a numpy array that the engines can trace.

A tensor at the base level is PyTorch's tensor: data, ``requires_grad``, ``grad_fn``, ``grad``.
Inside a transform a tensor is also a *box* of that transform's level: it holds the value one
level down (``_primal``) and either a tangent (forward mode) or a tape node (reverse mode). The
methods here only route to ops; the calculus lives in the registry.
"""
from __future__ import annotations

import numpy as np

from . import _format
from ._state import InplaceClock, state
from .config import get_default_dtype


class Size(tuple):
    """The shape of a tensor: a tuple that prints like PyTorch's ``Size([2, 3])``."""

    def __repr__(self):
        return f"Size({list(self)})"

    def numel(self) -> int:
        """Number of elements a tensor of this shape holds."""
        n = 1
        for d in self:
            n *= d
        return n


def _is_float(dtype) -> bool:
    return dtype.kind in "fc"     # floating or complex: the dtypes that carry derivatives


class Tensor:
    """An n-dimensional array with automatic differentiation, PyTorch style.

    Create tensors with :func:`autodiff.tensor` and friends; ``Tensor(data)`` does the same.
    Arithmetic, comparisons, indexing, ``@`` and numpy functions (``np.sin(t)``) all work and, when
    the tensor requires grad or is traced by a transform, are differentiated.

    Parameters
    ----------
    data : array_like
        Values; floats get the default dtype (float32) unless ``data`` is a numpy array.
    requires_grad : bool
        Record operations on this tensor for :meth:`backward`.
    """

    # Class-level defaults keep construction on the hot path down to the fields that differ.
    _trace = None            # the level this tensor is a box of (set to the base level below)
    _primal = None           # value one level down (boxes only)
    _tangent = None          # forward-mode tangent at this level
    _node = None             # reverse-mode node: grad_fn at the base level
    _requires_grad = False
    _grad = None
    _accumulator = None      # the AccumulateGrad node of a leaf that requires grad
    _retains_grad = False
    _vc = None               # version counter [version, last write tick], shared with views
    _view_of = None          # the tensor whose memory this one views
    __array_priority__ = 1000
    __hash__ = object.__hash__

    def __init__(self, data, requires_grad: bool = False):
        from .creation import _as_array
        self._data = _as_array(data, None)
        if requires_grad:
            self.requires_grad_(True)

    # -- identity and levels ------------------------------------------------------------------
    def _base(self):
        """The base-level tensor under any forward-mode boxes, or None if there is none."""
        t = self
        while t._trace.level > 0:
            if t._node is not None:      # a reverse-mode box has no base-level identity
                return None
            t = t._primal
            if not isinstance(t, Tensor):
                return None
        return t

    # -- attributes -------------------------------------------------------------------------
    @property
    def shape(self) -> Size:
        """The tensor's dimensions, as a :class:`Size`."""
        return Size(self._data.shape)

    def size(self, dim: int | None = None):
        """The shape, or the length of dimension ``dim``."""
        return self.shape if dim is None else self._data.shape[dim]

    @property
    def dtype(self) -> np.dtype:
        """The numpy dtype of the values."""
        return self._data.dtype

    @property
    def ndim(self) -> int:
        """Number of dimensions."""
        return self._data.ndim

    def dim(self) -> int:
        """Number of dimensions (PyTorch's spelling)."""
        return self._data.ndim

    def numel(self) -> int:
        """Number of elements."""
        return self._data.size

    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    @property
    def requires_grad(self) -> bool:
        """Whether operations on this tensor are recorded for :meth:`backward`."""
        base = self._base()
        return bool(base is not None and base._requires_grad)

    @requires_grad.setter
    def requires_grad(self, flag: bool):
        """Same as :meth:`requires_grad_`."""
        self.requires_grad_(flag)

    def requires_grad_(self, requires_grad: bool = True) -> "Tensor":
        """Start (or stop) recording operations on this leaf tensor; returns the tensor."""
        if self._trace.level > 0:
            raise RuntimeError("requires_grad_() is for base tensors; a tensor traced by a "
                               "transform is differentiated by that transform already")
        if requires_grad and not _is_float(self._data.dtype):
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        if not requires_grad and self._node is not None:
            raise RuntimeError("you can only change requires_grad flags of leaf variables. If you "
                               "want to use a computed variable in a subgraph that doesn't require "
                               "differentiation use var_no_grad = var.detach().")
        self._requires_grad = bool(requires_grad)
        return self

    @property
    def grad_fn(self):
        """The node that produced this tensor (``None`` for leaves and constants)."""
        base = self._base()
        if base is None:
            # A reverse transform's box: its inputs are leaves (a node without a primitive).
            node = self._node
            return node if node is not None and node.prim is not None else None
        return base._node

    @property
    def is_leaf(self) -> bool:
        """True for tensors not produced by a recorded operation."""
        return self.grad_fn is None

    @property
    def grad(self):
        """The gradient accumulated by :meth:`backward` (``None`` until then)."""
        base = self._base()
        if base is None:
            return None
        if base._node is not None and not base._retains_grad:
            import warnings
            warnings.warn("The .grad attribute of a Tensor that is not a leaf Tensor is being "
                          "accessed. Its .grad attribute won't be populated during backward(). "
                          "If you indeed want the .grad field to be populated for a non-leaf "
                          "Tensor, use .retain_grad() on the non-leaf Tensor.", UserWarning,
                          stacklevel=2)
        return base._grad

    @grad.setter
    def grad(self, value):
        """Set or clear (``None``) the accumulated gradient."""
        if value is not None and not isinstance(value, Tensor):
            raise TypeError(f"assigned grad expected to be a Tensor or None but got "
                            f"{type(value).__name__}")
        if value is not None and value.shape != self.shape:
            raise RuntimeError(f"assigned grad has data of a different size: {value.shape} "
                               f"vs {self.shape}")
        self._grad = value

    def retain_grad(self) -> None:
        """Keep this non-leaf tensor's gradient in ``.grad`` during :meth:`backward`."""
        if not self.requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self._node is not None:
            import weakref
            self._node.retained = weakref.ref(self)
        self._retains_grad = True

    @property
    def data(self) -> "Tensor":
        """A detached tensor that shares this tensor's values."""
        return self.detach()

    @data.setter
    def data(self, value):
        """Replace the values without recording anything."""
        self._data = np.asarray(value._data if isinstance(value, Tensor) else value)

    @property
    def T(self) -> "Tensor":
        """The tensor with its dimensions reversed."""
        return _ops.transpose(self)

    @property
    def mT(self) -> "Tensor":
        """The tensor with its last two dimensions swapped."""
        return _ops.swapaxes(self, -1, -2)

    # -- leaving the graph --------------------------------------------------------------------
    def detach(self) -> "Tensor":
        """A tensor with the same values, outside every graph (shares memory)."""
        out = Tensor.__new__(Tensor)
        out._data = self._data
        out._vc = self._version_counter()
        return out

    def detach_(self) -> "Tensor":
        """Detach in place: drop ``grad_fn`` and ``requires_grad``."""
        self._node = None
        self._requires_grad = False
        return self

    def numpy(self) -> np.ndarray:
        """The values as a numpy array (shares memory). Refused while the tensor requires grad
        or a transform traces it (``detach()`` first)."""
        if self.requires_grad:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use "
                               "tensor.detach().numpy() instead.")
        self._refuse_if_traced()
        return self._data

    def _refuse_if_traced(self):
        if self._trace.level > 0 and self._trace.active:
            # Handing the values to numpy code would silently cut the derivative (scipy's
            # rosen() calls asarray on its argument and returns a gradient of zeros).
            raise TypeError(
                "this tensor is traced by a transform (grad, jvp, jacrev, a dual level, ...), so "
                "converting it to a numpy array would silently drop its derivative. Compute with "
                "autodiff ops or numpy functions on the tensor itself; to use its values as a "
                "constant on purpose, take .detach() first (or unpack_dual(t).primal).")

    def __array__(self, dtype=None, copy=None):
        self._refuse_if_traced()
        if dtype is not None and dtype != self._data.dtype:
            return self._data.astype(dtype)
        return self._data.copy() if copy else self._data

    def item(self):
        """The value of a one-element tensor as a Python number."""
        if self._data.size != 1:
            raise RuntimeError(f"a Tensor with {self._data.size} elements cannot be converted "
                               f"to Scalar")
        return self._data.item()

    def tolist(self):
        """The values as (nested) Python lists."""
        return self._data.tolist()

    def __float__(self):
        return float(self.item())

    def __int__(self):
        return int(self.item())

    def __index__(self):
        if not np.issubdtype(self._data.dtype, np.integer) or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an "
                            "index")
        return int(self.item())

    def __bool__(self):
        if self._data.size != 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return bool(self._data.item())

    def __repr__(self):
        suffixes = []
        if self._trace.level == 0:
            if self._node is not None:
                suffixes.append(f"grad_fn=<{self._node.name()}>")
            elif self._requires_grad:
                suffixes.append("requires_grad=True")
        else:
            if self._tangent is not None:
                suffixes.append(f"tangent={self._tangent!r}")
            grad_fn = self.grad_fn
            if grad_fn is not None:
                suffixes.append(f"grad_fn=<{grad_fn.name()}>")
        return _format.tensor_repr(self._data, suffixes, get_default_dtype())

    __str__ = __repr__

    def __format__(self, spec):
        if self._data.ndim == 0 and spec:
            return format(self._data.item(), spec)
        return repr(self)

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self._data.shape[0]))

    # -- in-place writes ---------------------------------------------------------------------
    def _version_counter(self) -> list:
        if self._vc is None:
            self._vc = [0, 0]
        return self._vc

    @property
    def _version(self) -> int:
        return self._vc[0] if self._vc is not None else 0

    def _check_inplace(self):
        if self._trace.level > 0:
            raise RuntimeError("in-place operations are not supported on tensors traced by a "
                               "transform (grad, jvp, ...); write the function out of place")
        if state.grad_enabled:
            root = self
            while root._view_of is not None:
                root = root._view_of
            if root._requires_grad and root._node is None:
                what = "a view of a leaf Variable" if root is not self else "a leaf Variable"
                raise RuntimeError(f"{what} that requires grad is being used in an in-place "
                                   f"operation.")
            if root is not self and root.requires_grad:
                raise RuntimeError("in-place modification of a view of a tensor that requires "
                                   "grad is not supported; compute the new tensor out of place "
                                   "(ad.where, ad.index_update) instead")

    def _write(self, result) -> "Tensor":
        """Store ``result``'s values in this tensor's memory and take over its graph node."""
        value = result._data if isinstance(result, Tensor) else np.asarray(result)
        if not self._data.flags.writeable:
            raise RuntimeError("unsupported operation: this tensor is a broadcast (expanded) view "
                               "that shares memory between elements; clone() it before writing")
        if np.can_cast(value.dtype, self._data.dtype, casting="same_kind") is False and \
                not _is_float(self._data.dtype):
            raise RuntimeError(f"result type {value.dtype} can't be cast to the desired output "
                               f"type {self._data.dtype}")
        old_node, new_node = self._node, getattr(result, "_node", None)
        if old_node is not None or new_node is not None:
            # Nodes that saved the values about to be overwritten keep a copy of them.
            old_values = self._data.copy()
            if old_node is not None and old_node.ans is self._data:
                old_node.ans = old_values
            if new_node is not None:
                new_node.inputs = tuple(self._snapshot(old_values) if a is self else a
                                        for a in new_node.inputs)
        np.copyto(self._data, value, casting="unsafe")
        InplaceClock.now += 1
        vc = self._version_counter()
        vc[0] += 1
        vc[1] = InplaceClock.now
        if new_node is not None:
            new_node.tick = InplaceClock.now
            self._node = new_node
            self._requires_grad = True
        return self

    def _snapshot(self, values) -> "Tensor":
        """This tensor as it was before an in-place write: same graph position, old values."""
        old = Tensor.__new__(Tensor)
        old._data = values
        old._node = self._node
        old._requires_grad = self._requires_grad
        old._accumulator = self._accumulator
        return old

    def _inplace(self, op, *args) -> "Tensor":
        self._check_inplace()
        return self._write(op(self, *args))

    def zero_(self) -> "Tensor":
        """Fill with zeros in place (the document resets ``x.grad`` with it)."""
        self._check_inplace()
        return self._write(np.zeros_like(self._data))

    def fill_(self, value) -> "Tensor":
        """Fill with ``value`` in place."""
        self._check_inplace()
        return self._write(np.full_like(self._data, value))

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
        from .reverse import backward
        backward(self, gradient, retain_graph, create_graph, inputs)

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

    def pow(self, exponent):
        """``self ** exponent``."""
        return _ops.power(self, exponent)

    def dot(self, other):
        """Inner product of two 1-D tensors."""
        return _ops.dot(self, other)

    def matmul(self, other):
        """Matrix product."""
        return _ops.matmul(self, other)

    def exp(self):
        """Elementwise exponential."""
        return _ops.exp(self)

    def log(self):
        """Elementwise natural logarithm."""
        return _ops.log(self)

    def sin(self):
        """Elementwise sine."""
        return _ops.sin(self)

    def cos(self):
        """Elementwise cosine."""
        return _ops.cos(self)

    def tanh(self):
        """Elementwise hyperbolic tangent."""
        return _ops.tanh(self)

    def sigmoid(self):
        """Elementwise logistic sigmoid."""
        return _ops.sigmoid(self)

    def relu(self):
        """Elementwise ``max(x, 0)``."""
        return _ops.relu(self)

    def abs(self):
        """Elementwise absolute value."""
        return _ops.abs(self)

    def sqrt(self):
        """Elementwise square root."""
        return _ops.sqrt(self)

    def max(self, dim=None, keepdim=False):
        """Largest element (over ``dim``)."""
        return _ops.amax(self, dim, keepdim)

    def min(self, dim=None, keepdim=False):
        """Smallest element (over ``dim``)."""
        return _ops.amin(self, dim, keepdim)


    # -- more math methods (issue #3), each routing to the ``autodiff`` function of that name ---
    def sort(self, dim=-1, descending=False, stable=False):
        """Sorted values along ``dim`` and their original indices, as PyTorch's ``sort``."""
        from .reverse import _lift
        raw = -self._data if descending else self._data
        indices = np.argsort(raw, axis=dim, kind="stable")
        return _SortResult(_ops.take_along_axis(self, indices, dim), _lift(indices))

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

    def inverse(self):
        """Matrix inverse."""
        return _ops.inv(self)

    def clamp(self, min=None, max=None):
        """Values limited to ``[min, max]``."""
        return _ops.clip(self, min, max)

    clip = clamp


def _method(name, doc):
    def method(self, *args, **kwargs):
        """The autodiff function of this name, the tensor first (docstring set below)."""
        return getattr(_ops, name)(self, *args, **kwargs)
    method.__name__ = name
    method.__doc__ = doc
    return method


# PyTorch method name -> (autodiff function, docstring)
for _name, (_func, _doc) in {
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
}.items():
    setattr(Tensor, _name, _method(_func, _doc))
del _name, _func, _doc


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


from . import ops as _ops  # noqa: E402  (ops need the Tensor class defined first)
from . import numpy_api as _numpy_api  # noqa: E402
from .registry import bind as _bind  # noqa: E402


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


for _name, _prim in [("add", _ops.add), ("sub", _ops.subtract), ("mul", _ops.multiply),
                     ("truediv", _ops.divide), ("pow", _ops.power), ("matmul", _ops.matmul),
                     ("mod", _ops.remainder), ("floordiv", _ops.floor_divide)]:
    setattr(Tensor, f"__{_name}__", _operator(_prim))
    setattr(Tensor, f"__r{_name}__", _operator(_prim, reflected=True))
for _name, _prim in [("eq", _ops.eq), ("ne", _ops.ne), ("lt", _ops.lt), ("le", _ops.le),
                     ("gt", _ops.gt), ("ge", _ops.ge), ("and", _ops.logical_and),
                     ("or", _ops.logical_or)]:
    setattr(Tensor, f"__{_name}__", _operator(_prim))
Tensor.__neg__ = lambda self: _bind(_ops.negative, (self,), {})
Tensor.__abs__ = lambda self: _bind(_ops.abs, (self,), {})
Tensor.__invert__ = lambda self: _bind(_ops.logical_not, (self,), {})
Tensor.__pos__ = lambda self: self
