"""Creating tensors, PyTorch style: tensor, arange, zeros, randn, ...

The random ones (rand, randn, normal, randint, randperm, bernoulli, multinomial) draw from
:mod:`autodiff.generator`, which reproduces PyTorch's CPU streams: after ``manual_seed(s)`` they
give PyTorch's values bit for bit. Every function takes PyTorch's ``device=``: ``"cpu"`` (or
None); any other device is refused (:mod:`autodiff.device`).
"""
from __future__ import annotations

import operator

import numpy as np

from . import generator as _random
from . import ops
from . import rejection_samplers as _rejection
from .core import Tensor, as_array, get_default_dtype
from .device import check_device
from .generator import Generator, default_generator

__all__ = ["tensor", "as_tensor", "from_numpy", "arange", "linspace", "zeros", "ones", "full",
           "eye", "zeros_like", "ones_like", "full_like", "rand", "randn", "normal",
           "randint", "randperm", "bernoulli", "multinomial", "rand_like", "randn_like",
           "randint_like", "poisson", "binomial", "manual_seed", "seed",
           "initial_seed", "get_rng_state", "set_rng_state", "Generator", "default_generator",
           "empty", "empty_like", "rand_like", "randn_like"]


def _new(arr, requires_grad=False) -> Tensor:
    out = Tensor.__new__(Tensor)
    out._data = arr
    if requires_grad:
        out.requires_grad_(True)
    return out


def tensor(data, dtype=None, requires_grad=False, device=None) -> Tensor:
    """A new tensor holding a copy of ``data``.

    Parameters
    ----------
    data : array_like
        Python numbers and nested lists get the default float dtype (float32) for floats and
        int64 for integers; a numpy array or numpy scalar (``np.float64(0.5)``) keeps its dtype,
        as in PyTorch.
    dtype : numpy dtype, optional
    requires_grad : bool
        Record operations on the result for :meth:`Tensor.backward`.
    device : str or device, optional
        ``"cpu"`` (the only device there is) or None.

    Examples
    --------
    >>> import autodiff as ad
    >>> ad.tensor([1.5, 2.25])
    tensor([1.5000, 2.2500])
    """
    check_device(device)
    if isinstance(data, np.generic) and dtype is None:
        return _new(np.array(data), requires_grad)
    return _new(np.array(as_array(data, dtype), copy=True), requires_grad)


def as_tensor(data, dtype=None, device=None) -> Tensor:
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


def arange(start, end=None, step=1, *, dtype=None, requires_grad=False, device=None) -> Tensor:
    """Values from ``start`` to ``end`` (exclusive) by ``step``; ``arange(4.0)`` is float."""
    check_device(device)
    if end is None:
        start, end = 0, start
    dt = _float_dtype(dtype, start, end, step)
    return _new(np.arange(start, end, step).astype(dt), requires_grad)


def linspace(start, end, steps, *, dtype=None, requires_grad=False, device=None) -> Tensor:
    """``steps`` evenly spaced values from ``start`` to ``end`` inclusive."""
    check_device(device)
    dt = np.dtype(dtype) if dtype is not None else get_default_dtype()
    return _new(np.linspace(start, end, steps).astype(dt), requires_grad)


def _size(size):
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        return tuple(size[0])
    return tuple(size)


def zeros(*size, dtype=None, requires_grad=False, device=None) -> Tensor:
    """A tensor of zeros of the given size."""
    check_device(device)
    return _new(np.zeros(_size(size), dtype or get_default_dtype()), requires_grad)


def ones(*size, dtype=None, requires_grad=False, device=None) -> Tensor:
    """A tensor of ones of the given size."""
    check_device(device)
    return _new(np.ones(_size(size), dtype or get_default_dtype()), requires_grad)


def empty(*size, dtype=None, requires_grad=False, device=None) -> Tensor:
    """An uninitialised tensor (zeros here) of the given size."""
    check_device(device)
    return zeros(*size, dtype=dtype, requires_grad=requires_grad)


def full(size, fill_value, *, dtype=None, requires_grad=False, device=None) -> Tensor:
    """A tensor of the given size filled with ``fill_value``.

    A ``fill_value`` that is a tensor (a 0-d one, or one that broadcasts to ``size``) is
    differentiated: the result is ``fill_value`` broadcast to ``size``.
    """
    check_device(device)
    if isinstance(fill_value, Tensor):
        out = ops.broadcast_to(fill_value, tuple(size) if isinstance(size, (tuple, list))
                               else (size,))
        out = ops.astype(out, dtype, copy=True) if dtype is not None else out + 0
        return out.requires_grad_(True) if requires_grad else out
    dt = dtype or (get_default_dtype() if isinstance(fill_value, float) else None)
    return _new(np.full(tuple(size), fill_value, dtype=dt), requires_grad)


def eye(n, m=None, *, dtype=None, requires_grad=False, device=None) -> Tensor:
    """The ``n`` by ``m`` identity matrix."""
    check_device(device)
    return _new(np.eye(n, m, dtype=dtype or get_default_dtype()), requires_grad)


def _like(x, dtype):
    arr = x._data if isinstance(x, Tensor) else np.asarray(x)
    return arr.shape, dtype or arr.dtype


def zeros_like(x, *, dtype=None, requires_grad=False, device=None) -> Tensor:
    """Zeros with ``x``'s shape and dtype."""
    check_device(device)
    shape, dt = _like(x, dtype)
    return _new(np.zeros(shape, dt), requires_grad)


def ones_like(x, *, dtype=None, requires_grad=False, device=None) -> Tensor:
    """Ones with ``x``'s shape and dtype."""
    check_device(device)
    shape, dt = _like(x, dtype)
    return _new(np.ones(shape, dt), requires_grad)


def full_like(x, fill_value, *, dtype=None, requires_grad=False, device=None) -> Tensor:
    """``fill_value`` with ``x``'s shape and dtype."""
    check_device(device)
    shape, dt = _like(x, dtype)
    return _new(np.full(shape, fill_value, dt), requires_grad)


def empty_like(x, *, dtype=None, requires_grad=False, device=None) -> Tensor:
    """An uninitialised tensor (zeros here) with ``x``'s shape and dtype."""
    return zeros_like(x, dtype=dtype, requires_grad=requires_grad, device=device)


def rand_like(x, *, dtype=None, requires_grad=False, device=None) -> Tensor:
    """:func:`rand` with ``x``'s shape and (floating) dtype: PyTorch's values for the seed."""
    shape, dt = _like(x, dtype)
    return rand(size=shape, dtype=dt, requires_grad=requires_grad, device=device)


def randn_like(x, *, dtype=None, requires_grad=False, device=None) -> Tensor:
    """:func:`randn` with ``x``'s shape and (floating) dtype: PyTorch's values for the seed."""
    shape, dt = _like(x, dtype)
    return randn(size=shape, dtype=dt, requires_grad=requires_grad, device=device)


def manual_seed(seed) -> Generator:
    """Seed the default generator, as ``torch.manual_seed``.

    Afterwards :func:`rand`, :func:`randn`, :func:`normal`, :func:`randint`, :func:`randperm`,
    :func:`bernoulli` and :func:`multinomial` give PyTorch's CPU values for the same seed.

    Parameters
    ----------
    seed : int
        In ``[-2**63, 2**64)``; a negative seed is taken modulo ``2**64`` as in PyTorch.

    Returns
    -------
    Generator
        The default generator.

    Examples
    --------
    >>> import autodiff as ad
    >>> _ = ad.manual_seed(0)
    >>> ad.randn(3)
    tensor([ 1.5410, -0.2934, -2.1788])
    """
    return default_generator.manual_seed(seed)


def seed() -> int:
    """Seed the default generator non-deterministically and return the seed."""
    return default_generator.seed()


def initial_seed() -> int:
    """The seed the default generator was last seeded with."""
    return default_generator.initial_seed()


def get_rng_state() -> Tensor:
    """The default generator's state as a uint8 tensor in ``torch.get_rng_state()``'s layout."""
    return default_generator.get_state()


def set_rng_state(new_state) -> None:
    """Restore the default generator from :func:`get_rng_state` (or PyTorch's state bytes)."""
    default_generator.set_state(new_state)


def _random_size(size_args, size):
    if size is not None:
        if size_args:
            raise TypeError("give the size either positionally or as size=, not both")
        shape = tuple(size) if isinstance(size, (tuple, list)) else (size,)
    else:
        shape = _size(size_args)
    try:
        shape = tuple(operator.index(d) for d in shape)
    except TypeError:
        raise TypeError(f"the size must be integers, as rand(2, 3) or rand((2, 3)); got "
                        f"{shape}") from None
    if any(d < 0 for d in shape):
        raise RuntimeError(f"Trying to create tensor with negative dimension: {list(shape)}")
    return shape


def _sample_dtype(dtype, what):
    dt = np.dtype(dtype) if dtype is not None else get_default_dtype()
    if dt not in (np.float32, np.float64):
        raise TypeError(f"{what} makes float32 or float64 tensors, not {dt}; for integers "
                        f"use randint")
    return dt


def rand(*size_args, size=None, generator=None, dtype=None, requires_grad=False,
         device=None) -> Tensor:
    """Uniform samples on [0, 1), PyTorch's values for the same seed.

    Parameters
    ----------
    *size_args : int or tuple of int
        The shape, as ``rand(2, 3)`` or ``rand((2, 3))``.
    size : tuple of int, optional
        The shape as a keyword instead.
    generator : Generator, optional
        Draw from this generator instead of the default one.
    dtype : float32 or float64, optional
        Defaults to the default float dtype.
    requires_grad : bool

    Examples
    --------
    >>> import autodiff as ad
    >>> _ = ad.manual_seed(0)
    >>> ad.rand(2, 2)
    tensor([[0.4963, 0.7682],
            [0.0885, 0.1320]])
    """
    check_device(device)
    shape = _random_size(size_args, size)
    values = _random.uniform(shape, _sample_dtype(dtype, "rand"), generator=generator)
    return _new(values, requires_grad)


def randn(*size_args, size=None, generator=None, dtype=None, requires_grad=False,
          device=None) -> Tensor:
    """Standard normal samples, PyTorch's values for the same seed.

    ``randn(size=())`` is a 0-d tensor as in the document. Parameters as :func:`rand`.
    """
    check_device(device)
    shape = _random_size(size_args, size)
    values = _random.normal(shape, _sample_dtype(dtype, "randn"), generator=generator)
    return _new(values, requires_grad)


def _like_float(x, dtype, what):
    arr = x._data if isinstance(x, Tensor) else np.asarray(x)
    return arr.shape, _sample_dtype(dtype if dtype is not None else arr.dtype, what)


def rand_like(input, *, generator=None, dtype=None, requires_grad=False) -> Tensor:
    """:func:`rand` with ``input``'s shape and (float) dtype."""
    shape, dt = _like_float(input, dtype, "rand_like")
    return _new(_random.uniform(shape, dt, generator=generator), requires_grad)


def randn_like(input, *, generator=None, dtype=None, requires_grad=False) -> Tensor:
    """:func:`randn` with ``input``'s shape and (float) dtype."""
    shape, dt = _like_float(input, dtype, "randn_like")
    return _new(_random.normal(shape, dt, generator=generator), requires_grad)


def randint_like(input, low=0, high=None, *, generator=None, dtype=None,
                 requires_grad=False) -> Tensor:
    """:func:`randint` with ``input``'s shape and dtype: ``randint_like(x, high)`` or
    ``randint_like(x, low, high)``."""
    if high is None:
        low, high = 0, low
    arr = input._data if isinstance(input, Tensor) else np.asarray(input)
    dt = np.dtype(dtype) if dtype is not None else arr.dtype
    return _new(_random.random_from_to(arr.shape, dt, low, high, generator=generator),
                requires_grad)


def _values(x):
    return x._data if isinstance(x, Tensor) else None


def normal(mean=0.0, std=1.0, size=None, *, generator=None, dtype=None,
           requires_grad=False, device=None) -> Tensor:
    """Normal samples with the given mean and standard deviation, as ``torch.normal``.

    Parameters
    ----------
    mean, std : float or Tensor
        With two numbers, ``size`` gives the shape. A tensor mean or std gives the shape (the
        two broadcast) and its dtype; PyTorch then draws standard normals and scales them,
        ``randn * std + mean``, which is what happens here too.
    size : tuple of int, optional
        Only with a number for both ``mean`` and ``std``.
    generator : Generator, optional
    dtype : float32 or float64, optional
    requires_grad : bool
    """
    check_device(device)
    mean_v, std_v = _values(mean), _values(std)
    if mean_v is None and std_v is None:
        shape = _random_size((), size) if size is not None else ()
        values = _random.normal(shape, _sample_dtype(dtype, "normal"), float(mean), float(std),
                                generator=generator)
        return _new(values, requires_grad)
    if size is not None:
        raise TypeError("normal: give size= only with a number for both mean and std; with a "
                        "tensor mean or std the shape comes from the tensor")
    if std_v is not None and np.any(std_v < 0):
        raise RuntimeError("normal expects all elements of std >= 0.0")
    like = mean_v if mean_v is not None else std_v
    dt = np.dtype(dtype) if dtype is not None else like.dtype
    _sample_dtype(dt, "normal")
    if std_v is None:
        # A number std scales inside the kernel (mean 0); the tensor mean is added afterwards.
        out = _random.normal(like.shape, dt, 0.0, float(std), generator=generator)
        values = out + mean_v.astype(dt)
    else:
        shape = np.broadcast_shapes(np.shape(std_v) if mean_v is None else mean_v.shape,
                                    std_v.shape)
        out = _random.normal(shape, dt, generator=generator)
        m = mean_v.astype(dt) if mean_v is not None else dt.type(mean)
        values = out * std_v.astype(dt) + m      # two rounded ops: mul_ then add_ in PyTorch
    return _new(np.asarray(values, dtype=dt), requires_grad)


def randint(*args, size=None, low=None, high=None, generator=None, dtype=None,
            requires_grad=False, device=None) -> Tensor:
    """Integers drawn uniformly from ``[low, high)``, as ``torch.randint``.

    Call it as ``randint(high, size)``, ``randint(low, high, size)`` or with keywords.

    Parameters
    ----------
    low : int, default 0
    high : int
        One past the largest value.
    size : tuple of int
    generator : Generator, optional
    dtype : numpy dtype, default int64
    requires_grad : bool
        Only for a float ``dtype``.

    Examples
    --------
    >>> import autodiff as ad
    >>> _ = ad.manual_seed(0)
    >>> ad.randint(0, 10, (5,))
    tensor([4, 9, 3, 0, 3])
    """
    check_device(device)
    args = list(args)
    if size is None and args and isinstance(args[-1], (tuple, list)):
        size = args.pop()
    if len(args) == 2:
        low, high = args
    elif len(args) == 1:
        if high is None:
            high = args[0]
        else:
            low = args[0]
    elif args:
        raise TypeError("randint(low=0, high, size): give at most low and high positionally, "
                        "then the size as a tuple")
    if high is None or size is None:
        raise TypeError("randint needs high and size, e.g. randint(10, (3,)) or "
                        "randint(0, 10, (3,))")
    low = 0 if low is None else low
    dt = np.dtype(dtype) if dtype is not None else np.dtype(np.int64)
    values = _random.random_from_to(_random_size((), size), dt, low, high, generator=generator)
    return _new(values, requires_grad)


def randperm(n, *, generator=None, dtype=None, requires_grad=False, device=None) -> Tensor:
    """A random permutation of ``0, ..., n - 1``, as ``torch.randperm``.

    Examples
    --------
    >>> import autodiff as ad
    >>> _ = ad.manual_seed(0)
    >>> ad.randperm(5)
    tensor([4, 0, 1, 3, 2])
    """
    check_device(device)
    dt = np.dtype(dtype) if dtype is not None else np.dtype(np.int64)
    return _new(_random.randperm(n, dt, generator=generator), requires_grad)


def _probabilities(x) -> np.ndarray:
    return x._data if isinstance(x, Tensor) else as_array(x, None)


def bernoulli(input, p=None, *, generator=None, device=None) -> Tensor:
    """0/1 samples: 1 with probability ``input`` (elementwise), or with probability ``p``.

    Parameters
    ----------
    input : Tensor
        Probabilities in [0, 1]; the result has its shape and dtype. With ``p`` given, only
        its shape and dtype count.
    p : float, optional
        One probability for every element (``torch.bernoulli(x, p)``).
    generator : Generator, optional

    Notes
    -----
    Dropout masks come out as PyTorch's: ``bernoulli(full(shape, 1 - p))``,
    ``bernoulli(x, 1 - p)`` (the kernel of ``torch.nn.functional.dropout``) and D2L's
    ``rand(shape) > p``. PyTorch releases before 2.5 drew a number ``p`` from MKL's stream on
    Intel CPUs; this follows the kernel every build uses since.

    Examples
    --------
    >>> import autodiff as ad
    >>> _ = ad.manual_seed(0)
    >>> ad.bernoulli(ad.full((6,), 0.5))
    tensor([1., 0., 1., 1., 1., 0.])
    """
    check_device(device)
    probs = _probabilities(input)
    if p is None:
        return _new(_random.bernoulli(probs, generator=generator))
    return _new(_random.bernoulli(float(p), probs.shape, probs.dtype, generator=generator))


def poisson(input, generator=None) -> Tensor:
    """Poisson samples, each with the rate at the same place in ``input``.

    Parameters
    ----------
    input : Tensor
        Non-negative float rates; the result has their shape and dtype.
    generator : Generator, optional

    Examples
    --------
    >>> import autodiff as ad
    >>> _ = ad.manual_seed(0)
    >>> ad.poisson(ad.tensor([0.5, 4.0, 30.0]))
    tensor([ 2.,  5., 26.])
    """
    return _new(_rejection.poisson(_probabilities(input), generator=generator))


def binomial(count, prob, generator=None) -> Tensor:
    """Binomial samples: successes in ``count`` trials of probability ``prob``, elementwise.

    Parameters
    ----------
    count, prob : Tensor
        Float tensors of one dtype (they broadcast); the result has that dtype.
    generator : Generator, optional

    Examples
    --------
    >>> import autodiff as ad
    >>> _ = ad.manual_seed(0)
    >>> ad.binomial(ad.tensor([10.0, 100.0]), ad.tensor([0.5, 0.25]))
    tensor([ 7., 26.])
    """
    return _new(_rejection.binomial(_probabilities(count), _probabilities(prob),
                                 generator=generator))


def multinomial(input, num_samples, replacement=False, *, generator=None) -> Tensor:
    """Indices sampled from the categories weighted by each row of ``input``.

    Parameters
    ----------
    input : Tensor
        1-D or 2-D non-negative weights (they need not sum to 1).
    num_samples : int
    replacement : bool
        Without replacement no index repeats within a row.
    generator : Generator, optional

    Returns
    -------
    Tensor
        int64 indices of shape ``input.shape[:-1] + (num_samples,)``.
    """
    return _new(_random.multinomial(_probabilities(input), num_samples, replacement,
                                    generator=generator))
