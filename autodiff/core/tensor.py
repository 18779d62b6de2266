"""The value box: :class:`Tensor`, a numpy array that the engines can trace.

A tensor at the base level is PyTorch's tensor: data, ``requires_grad``, ``grad_fn``, ``grad``.
Inside a transform a tensor is also a *box* of that transform's level: it holds the value one
level down (``_primal``) and either a tangent (forward mode) or a tape node (reverse mode). This
module holds the box itself: values, level, node and tangent slots, version counter, repr and
conversions. Its math methods and operators are attached from above, by
:mod:`autodiff.tensor_methods`, over the ops.
"""
from __future__ import annotations

import warnings
import weakref

import numpy as np

from . import format as _format
from .config import get_default_dtype
from .state import InplaceClock, state


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


def is_float(dtype) -> bool:
    """Whether values of ``dtype`` carry derivatives: floating point or complex."""
    return dtype.kind in "fc"


def as_array(data, dtype) -> np.ndarray:
    """numpy values for ``data``: Python floats get the default dtype, numpy arrays keep theirs."""
    if isinstance(data, Tensor):
        if data._trace.level > 0:
            data._check_value("building a new tensor from its values")
        arr = data._data
    elif isinstance(data, np.ndarray):
        arr = data
    else:
        if isinstance(data, (list, tuple)):
            data = _unwrap(data)
        arr = np.asarray(data)
        if dtype is None and arr.dtype == np.float64:
            arr = arr.astype(get_default_dtype())
        if arr.dtype.kind == "O":
            raise TypeError(f"could not build a tensor from {type(data).__name__}: nested "
                            f"sequences must be rectangular and hold numbers")
    if dtype is not None:
        arr = arr.astype(dtype, copy=False)
    return arr


def _unwrap(seq):
    return [_unwrap(s) if isinstance(s, (list, tuple)) else
            (s._data if isinstance(s, Tensor) else s) for s in seq]


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
    _trace = None            # the level this tensor is a box of (level 0 unless a box)
    _primal = None           # value one level down (boxes only)
    _tangent = None          # forward-mode tangent at this level
    _node = None             # reverse-mode node: grad_fn at the base level
    _requires_grad = False
    _grad = None
    _accumulator = None      # the AccumulateGrad node of a leaf that requires grad
    _retains_grad = False
    _vc = None               # version counter [version, last write tick], shared with views
    _view_of = None          # the tensor whose memory this one views
    _hooks = None            # a leaf's register_hook functions, by handle id
    _structural = None       # the structural primitives (core.structure sets it: no import up)
    __array_priority__ = 1000
    __hash__ = object.__hash__

    def __init__(self, data, requires_grad: bool = False):
        self._data = as_array(data, None)
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
        if requires_grad and not is_float(self._data.dtype):
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

    # -- leaving the graph --------------------------------------------------------------------
    def detach(self) -> "Tensor":
        """A tensor with the same values, outside every graph (shares memory)."""
        out = Tensor.__new__(Tensor)
        out._data = self._data
        out._vc = self._version_counter()
        return out

    def _recorded(self) -> bool:
        """Whether a level under this box records a program (``ad.jit``) instead of computing:
        its values then are the recording's, not the ones a replay will see."""
        t = self
        while t._trace.level > 0:
            if t._trace.records and t._trace.active:
                return True
            t = t._primal
            if not isinstance(t, Tensor):
                return False
        return False

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

    def _refuse_if_traced(self, into: str = "a numpy array"):
        if self._trace.level > 0 and self._trace.active and self._data.dtype.kind in "fc":
            # Handing the values to numpy code would silently cut the derivative (scipy's
            # rosen() calls asarray on its argument and returns a gradient of zeros).
            raise TypeError(
                f"this tensor is traced by a transform (grad, jvp, jacrev, a dual level, ...), so "
                f"converting it to {into} would silently drop its derivative. Compute with "
                f"autodiff ops or numpy functions on the tensor itself (ad.where instead of an "
                f"if on its value); to use its values as a constant on purpose, take .detach() "
                f"first (or unpack_dual(t).primal).")

    def _check_value(self, what: str) -> None:
        """Let every level under this box refuse to give its values (``ad.jit`` records the
        operations, so Python control flow on a value it traces would be recorded wrongly)."""
        t = self
        while t._trace.level > 0:
            t._trace.concretize(t, what)
            t = t._primal
            if not isinstance(t, Tensor):
                return

    def __array__(self, dtype=None, copy=None):
        # An integer or bool copy (numpy's np.int64(t)) has derivative zero wherever it has
        # one, as int() and bool() do, so nothing is lost; a float copy would lose it.
        if dtype is None or np.dtype(dtype).kind not in "iub":
            self._refuse_if_traced()
        if self._trace.level > 0:
            self._check_value("converting it to a numpy array (np.asarray)")
        if dtype is not None and dtype != self._data.dtype:
            return self._data.astype(dtype)
        return self._data.copy() if copy else self._data

    def item(self):
        """The value of a one-element tensor as a Python number."""
        if self._trace.level > 0:
            self._check_value(".item(), float() or int()")
        if self._data.size != 1:
            raise RuntimeError(f"a Tensor with {self._data.size} elements cannot be converted "
                               f"to Scalar")
        self._refuse_if_traced("a Python number")
        return self._data.item()

    def tolist(self):
        """The values as (nested) Python lists."""
        self._refuse_if_traced("Python lists")
        if self._trace.level > 0:
            self._check_value(".tolist()")
        return self._data.tolist()

    def __float__(self):
        return float(self.item())

    def __int__(self):
        # Truncation is piecewise constant: its derivative is zero wherever it exists, so int()
        # of a traced value (an index computed from values) loses nothing, unlike float().
        if self._trace.level > 0:
            self._check_value(".item(), float() or int()")
        if self._data.size != 1:
            raise RuntimeError(f"a Tensor with {self._data.size} elements cannot be converted "
                               f"to Scalar")
        return int(self._data.item())

    def __index__(self):
        if self._trace.level > 0:
            self._check_value("using an array as an index or a size")
        if not np.issubdtype(self._data.dtype, np.integer) or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an "
                            "index")
        return int(self.item())

    def __bool__(self):
        if self._trace.level > 0:
            self._check_value("bool() (an `if` or `while` on an array)")
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
        # PyTorch: a 0-d tensor formats as its number (f"{loss:.3f}", and f"{t}" gives "2.5");
        # any other tensor takes no format spec and prints its repr.
        if self._data.ndim == 0:
            return format(self._data.item(), spec)
        return object.__format__(self, spec)

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
                not is_float(self._data.dtype):
            raise RuntimeError(f"result type {value.dtype} can't be cast to the desired output "
                               f"type {self._data.dtype}")
        old_node, new_node = self._node, getattr(result, "_node", None)
        if new_node is None and old_node is not None and state.grad_enabled:
            # New values that do not depend on the history (zero_, fill_, copy_ of a constant,
            # the random fills): the tensor stays a non-leaf, and the node it gets now passes
            # a zero gradient back, as PyTorch's ZeroBackward0 and FillBackward0 do; keeping the
            # old node would send the gradient to the values that were overwritten.
            new_node = self._structural.where(False, self, np.zeros((), self._data.dtype))._node
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
