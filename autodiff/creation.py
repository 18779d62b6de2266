"""Creating tensors, PyTorch style: tensor, arange, zeros, randn, ..."""
from __future__ import annotations

import numpy as np

from .core import Tensor, as_array, get_default_dtype

__all__ = ["tensor", "as_tensor", "from_numpy", "arange", "linspace", "zeros", "ones", "full",
           "eye", "zeros_like", "ones_like", "full_like", "rand", "randn", "normal",
           "manual_seed", "empty"]

_rng = [np.random.default_rng()]


def _new(arr, requires_grad=False) -> Tensor:
    out = Tensor.__new__(Tensor)
    out._data = arr
    if requires_grad:
        out.requires_grad_(True)
    return out


def tensor(data, dtype=None, requires_grad=False) -> Tensor:
    """A new tensor holding a copy of ``data``.

    Parameters
    ----------
    data : array_like
        Python numbers and nested lists get the default float dtype (float32) for floats and
        int64 for integers; a numpy array keeps its dtype.
    dtype : numpy dtype, optional
    requires_grad : bool
        Record operations on the result for :meth:`Tensor.backward`.

    Examples
    --------
    >>> import autodiff as ad
    >>> ad.tensor([1.5, 2.25])
    tensor([1.5000, 2.2500])
    """
    return _new(np.array(as_array(data, dtype), copy=True), requires_grad)


def as_tensor(data, dtype=None) -> Tensor:
    """A tensor sharing ``data``'s memory where it can (no copy for a numpy array)."""
    if isinstance(data, Tensor) and (dtype is None or data.dtype == dtype):
        return data
    return _new(as_array(data, dtype))


def from_numpy(array: np.ndarray) -> Tensor:
    """A tensor that shares ``array``'s memory and keeps its dtype."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(array).__name__})")
    return _new(array)


def _float_dtype(dtype, *values):
    if dtype is not None:
        return np.dtype(dtype)
    if any(isinstance(v, float) or (isinstance(v, np.generic) and v.dtype.kind == "f")
           for v in values):
        return get_default_dtype()
    return np.dtype(np.int64)


def arange(start, end=None, step=1, *, dtype=None, requires_grad=False) -> Tensor:
    """Values from ``start`` to ``end`` (exclusive) by ``step``; ``arange(4.0)`` is float."""
    if end is None:
        start, end = 0, start
    dt = _float_dtype(dtype, start, end, step)
    return _new(np.arange(start, end, step).astype(dt), requires_grad)


def linspace(start, end, steps, *, dtype=None, requires_grad=False) -> Tensor:
    """``steps`` evenly spaced values from ``start`` to ``end`` inclusive."""
    dt = np.dtype(dtype) if dtype is not None else get_default_dtype()
    return _new(np.linspace(start, end, steps).astype(dt), requires_grad)


def _size(size):
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        return tuple(size[0])
    return tuple(size)


def zeros(*size, dtype=None, requires_grad=False) -> Tensor:
    """A tensor of zeros of the given size."""
    return _new(np.zeros(_size(size), dtype or get_default_dtype()), requires_grad)


def ones(*size, dtype=None, requires_grad=False) -> Tensor:
    """A tensor of ones of the given size."""
    return _new(np.ones(_size(size), dtype or get_default_dtype()), requires_grad)


def empty(*size, dtype=None, requires_grad=False) -> Tensor:
    """An uninitialised tensor (zeros here) of the given size."""
    return zeros(*size, dtype=dtype, requires_grad=requires_grad)


def full(size, fill_value, *, dtype=None, requires_grad=False) -> Tensor:
    """A tensor of the given size filled with ``fill_value``."""
    dt = dtype or (get_default_dtype() if isinstance(fill_value, float) else None)
    return _new(np.full(tuple(size), fill_value, dtype=dt), requires_grad)


def eye(n, m=None, *, dtype=None, requires_grad=False) -> Tensor:
    """The ``n`` by ``m`` identity matrix."""
    return _new(np.eye(n, m, dtype=dtype or get_default_dtype()), requires_grad)


def _like(x, dtype):
    arr = x._data if isinstance(x, Tensor) else np.asarray(x)
    return arr.shape, dtype or arr.dtype


def zeros_like(x, *, dtype=None, requires_grad=False) -> Tensor:
    """Zeros with ``x``'s shape and dtype."""
    shape, dt = _like(x, dtype)
    return _new(np.zeros(shape, dt), requires_grad)


def ones_like(x, *, dtype=None, requires_grad=False) -> Tensor:
    """Ones with ``x``'s shape and dtype."""
    shape, dt = _like(x, dtype)
    return _new(np.ones(shape, dt), requires_grad)


def full_like(x, fill_value, *, dtype=None, requires_grad=False) -> Tensor:
    """``fill_value`` with ``x``'s shape and dtype."""
    shape, dt = _like(x, dtype)
    return _new(np.full(shape, fill_value, dt), requires_grad)


def manual_seed(seed: int):
    """Seed the generator behind :func:`rand`, :func:`randn` and :func:`normal`."""
    _rng[0] = np.random.default_rng(seed)
    return _rng[0]


def _random_size(size_args, size):
    if size is not None:
        if size_args:
            raise TypeError("give the size either positionally or as size=, not both")
        return tuple(size) if isinstance(size, (tuple, list)) else (size,)
    return _size(size_args)


def rand(*size_args, size=None, dtype=None, requires_grad=False) -> Tensor:
    """Uniform samples on [0, 1)."""
    shape = _random_size(size_args, size)
    return _new(_rng[0].random(shape).astype(dtype or get_default_dtype()), requires_grad)


def randn(*size_args, size=None, dtype=None, requires_grad=False) -> Tensor:
    """Standard normal samples; ``randn(size=())`` is a 0-d tensor as in the document."""
    shape = _random_size(size_args, size)
    values = np.asarray(_rng[0].standard_normal(shape)).astype(dtype or get_default_dtype())
    return _new(values, requires_grad)


def normal(mean=0.0, std=1.0, size=None, *, dtype=None, requires_grad=False) -> Tensor:
    """Normal samples with the given mean and standard deviation."""
    mean_v = mean._data if isinstance(mean, Tensor) else mean
    std_v = std._data if isinstance(std, Tensor) else std
    shape = tuple(size) if size is not None else np.broadcast(mean_v, std_v).shape
    values = np.asarray(_rng[0].normal(mean_v, std_v, shape))
    return _new(values.astype(dtype or get_default_dtype()), requires_grad)
