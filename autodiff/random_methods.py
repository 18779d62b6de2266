"""PyTorch's in-place samplers (``uniform_``, ``normal_``, ``bernoulli_``, ...), written as
functions of the tensor they fill, ready to be attached as :class:`Tensor` methods.

Each draws from :mod:`autodiff.generator` in the tensor's shape and dtype, as PyTorch's kernel
for that method does, and writes the samples with :meth:`Tensor.copy_`, so in-place rules
(version counters, a leaf that requires grad) are the same as for any in-place write.
"""
from __future__ import annotations

import numpy as np

from . import generator as _random
from .core import Tensor

__all__ = ["uniform_", "normal_", "bernoulli_", "exponential_", "cauchy_", "log_normal_",
           "geometric_", "random_"]


def _fill(tensor: Tensor, values: np.ndarray) -> Tensor:
    return tensor.copy_(values)


def uniform_(self: Tensor, from_=0.0, to=1.0, *, generator=None) -> Tensor:
    """Fill with uniform samples on ``[from_, to)``, PyTorch's values for the same seed."""
    return _fill(self, _random.uniform(self.shape, self.dtype, from_, to, generator))


def normal_(self: Tensor, mean=0.0, std=1.0, *, generator=None) -> Tensor:
    """Fill with normal samples (PyTorch's block-of-16 or one-at-a-time path by size).

    Examples
    --------
    >>> import autodiff as ad
    >>> from autodiff.random_methods import normal_
    >>> _ = ad.manual_seed(0)
    >>> normal_(ad.zeros(3))
    tensor([ 1.5410, -0.2934, -2.1788])
    """
    return _fill(self, _random.normal(self.shape, self.dtype, mean, std, generator))


def bernoulli_(self: Tensor, p=0.5, *, generator=None) -> Tensor:
    """Fill with 0/1 samples, 1 with probability ``p`` (a number or a tensor broadcast to
    this one's shape)."""
    probs = p._data if isinstance(p, Tensor) else float(p)
    return _fill(self, _random.bernoulli(probs, self.shape, self.dtype, generator))


def exponential_(self: Tensor, lambd=1.0, *, generator=None) -> Tensor:
    """Fill with exponential samples of rate ``lambd``."""
    return _fill(self, _random.exponential(self.shape, self.dtype, lambd, generator))


def cauchy_(self: Tensor, median=0.0, sigma=1.0, *, generator=None) -> Tensor:
    """Fill with Cauchy samples."""
    return _fill(self, _random.cauchy(self.shape, self.dtype, median, sigma, generator))


def log_normal_(self: Tensor, mean=1.0, std=2.0, *, generator=None) -> Tensor:
    """Fill with samples whose logarithm is normal with ``mean`` and ``std``."""
    return _fill(self, _random.log_normal(self.shape, self.dtype, mean, std, generator))


def geometric_(self: Tensor, p, *, generator=None) -> Tensor:
    """Fill with the number of trials up to the first success of probability ``p``."""
    return _fill(self, _random.geometric(self.shape, self.dtype, p, generator))


def random_(self: Tensor, from_=None, to=None, *, generator=None) -> Tensor:
    """Fill with integers: ``random_()`` over the dtype's range (``[0, 2**mantissa]`` for
    floats), ``random_(to)`` on ``[0, to)``, ``random_(from_, to)`` on ``[from_, to)``."""
    if from_ is None and to is None:
        return _fill(self, _random.random(self.shape, self.dtype, generator))
    if to is None:
        from_, to = 0, from_
    if from_ is None:
        from_ = 0
    return _fill(self, _random.random_from_to(self.shape, self.dtype, from_, to, generator))
