"""PyTorch's type promotion, for the Tensor's operators and the ``ad.*`` functions.

The namespace you call decides: ``t + 1.5``, ``ad.add(t, 1.5)`` and ``t.add(1.5)`` promote as
PyTorch does; ``np.add(t, 1.5)`` reaches the same primitive through numpy's protocol and keeps
numpy's promotion. So the rule lives here, in front of the primitives, and never inside them.

PyTorch's rule (``torch.result_type``), in short:

- Categories are ordered bool < integer < floating < complex.
- Operands fall in three priority groups: tensors with dimensions, 0-d tensors, and Python (or
  numpy) scalars. Each group promotes within itself; a lower group changes the result only when
  its category is higher than the higher group's (``float32 vector + float64 0-d`` is float32,
  ``int vector + 0-d float64`` is float64).
- A Python float scalar counts as the default float dtype, a Python complex as the default
  complex dtype, a Python int as int64 (``int vector + 1.5`` is float32).
- Within a category the wider dtype wins; across categories the higher category's dtype wins
  (``float32 + int64`` is float32, ``float16 + int64`` is float16).
"""
from __future__ import annotations

import numbers

import numpy as np

from . import ops as _ops
from .core import Tensor, get_default_dtype

__all__ = ["promote_types", "result_type", "promote", "float_result", "can_cast"]

_BOOL = np.dtype(np.bool_)
_INT64 = np.dtype(np.int64)


def _category(dtype: np.dtype) -> int:
    kind = dtype.kind
    if kind == "b":
        return 0
    if kind in "iu":
        return 1
    if kind == "f":
        return 2
    if kind == "c":
        return 3
    raise TypeError(f"no PyTorch type promotion for dtype {dtype}")


def _default_complex() -> np.dtype:
    return np.dtype(np.complex128 if get_default_dtype() == np.float64 else np.complex64)


def promote_types(a, b) -> np.dtype:
    """The dtype PyTorch gives an operation on tensors of dtypes ``a`` and ``b``
    (``torch.promote_types``).

    Examples
    --------
    >>> import autodiff as ad
    >>> ad.promote_types(ad.float32, ad.int64)
    dtype('float32')
    """
    a, b = np.dtype(a), np.dtype(b)
    if a == b:
        return a
    ca, cb = _category(a), _category(b)
    if ca != cb:
        high, low = (a, b) if ca > cb else (b, a)
        if _category(high) == 3 and _category(low) == 2:
            # complex64 with float64 keeps the float's precision: complex128
            return np.promote_types(high, low)
        return high
    return np.promote_types(a, b)


def _combine(higher, lower):
    """PyTorch's ``combine_categories``: a lower priority group wins only by its category."""
    if higher is None:
        return lower
    if lower is None:
        return higher
    ch, cl = _category(higher), _category(lower)
    if ch == 3:
        return higher
    if cl == 3:
        if ch == 2:
            return np.promote_types(higher, np.complex64)
        return lower
    if ch == 2:
        return higher
    if ch == 0 or cl == 2:
        return promote_types(higher, lower)
    return higher


def _scalar_dtype(value) -> np.dtype | None:
    """The dtype a Python or numpy scalar takes part as (None: not a scalar)."""
    if isinstance(value, (bool, np.bool_)):
        return _BOOL
    if isinstance(value, (numbers.Integral,)):
        return _INT64
    if isinstance(value, numbers.Real):
        return get_default_dtype()
    if isinstance(value, numbers.Complex):
        return _default_complex()
    return None


def _groups(args):
    dim = zero = wrapped = None
    for a in args:
        if isinstance(a, (Tensor, np.ndarray)):
            dt = a.dtype
            if a.ndim:
                dim = dt if dim is None else promote_types(dim, dt)
            else:
                zero = dt if zero is None else promote_types(zero, dt)
        else:
            dt = _scalar_dtype(a)
            if dt is None:
                continue
            wrapped = dt if wrapped is None else promote_types(wrapped, dt)
    return dim, zero, wrapped


def result_type(*args) -> np.dtype:
    """The dtype PyTorch gives an operation on ``args`` (tensors, arrays, Python numbers), as
    ``torch.result_type``.

    Examples
    --------
    >>> import autodiff as ad
    >>> ad.result_type(ad.arange(3), 1.5)
    dtype('float32')
    >>> ad.result_type(ad.ones(2), ad.tensor(1.0, dtype=ad.float64))
    dtype('float32')
    """
    dim, zero, wrapped = _groups(args)
    out = _combine(dim, _combine(zero, wrapped))
    if out is None:
        raise TypeError("result_type needs at least one tensor or number")
    return out


def can_cast(from_, to) -> bool:
    """Whether PyTorch allows an in-place result of dtype ``from_`` into ``to``
    (``torch.can_cast``): never to a lower category."""
    return _category(np.dtype(from_)) <= _category(np.dtype(to))


def _cast(a, dtype):
    if isinstance(a, (Tensor, np.ndarray)):
        return a if a.dtype == dtype else _ops.astype(a, dtype)
    if isinstance(a, np.generic) or isinstance(a, (bool, int, float, complex)):
        # numpy would treat a numpy scalar as a dtype of its own; a Python number is weak.
        if isinstance(a, np.generic):
            a = a.item()
        if dtype.kind in "iub" and isinstance(a, float):
            return dtype.type(a)
        return a
    return a


def promote(*args, to_float=False):
    """``args`` cast to their PyTorch result dtype (Python numbers left weak), and that dtype.

    With ``to_float``, an integer or bool result becomes the default float dtype (true
    division, ``sqrt`` of an integer tensor).
    """
    arrays = [a for a in args if isinstance(a, (Tensor, np.ndarray))]
    if not arrays or any(a.dtype.kind not in "biufc" for a in arrays):
        # nothing to promote, or dtypes PyTorch has no rule for (object, strings): the
        # primitive decides, and refuses what it cannot differentiate
        return args, None
    dtype = result_type(*args)
    if to_float and dtype.kind in "biu":
        dtype = get_default_dtype()
    return tuple(_cast(a, dtype) for a in args), dtype


def float_result(x):
    """``x`` itself, or cast to the default float dtype when it holds integers or bools (what
    PyTorch's floating functions do: ``torch.sqrt(torch.arange(3))`` is float32)."""
    if isinstance(x, (Tensor, np.ndarray)) and x.dtype.kind in "biu":
        return _ops.astype(x, get_default_dtype())
    return x
