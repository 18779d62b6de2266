"""Helpers shared by the distributions, as ``torch.distributions.utils``, and the one place
where they draw random numbers."""
from __future__ import annotations

import numbers

import numpy as np

from ..core import Tensor, enable_grad, get_default_dtype
from .. import creation, ops

__all__ = ["broadcast_all", "clamp_probs", "euler_constant", "lazy_property",
           "logits_to_probs", "probs_to_logits"]

euler_constant = 0.57721566490153286060


def broadcast_all(*values) -> tuple[Tensor, ...]:
    """The arguments as tensors of one broadcast shape.

    Numbers become tensors of the first tensor argument's dtype (the default dtype when there
    is none); tensors keep their graph, so the results stay differentiable.
    """
    if not all(isinstance(v, (Tensor, numbers.Number, np.ndarray)) for v in values):
        raise ValueError("Input arguments must all be instances of Number or Tensor.")
    dtype = next((v.dtype for v in values if isinstance(v, Tensor)), get_default_dtype())
    tensors = [v if isinstance(v, Tensor) else
               creation.as_tensor(v) if isinstance(v, np.ndarray) else
               creation.tensor(v, dtype=dtype) for v in values]
    shape = np.broadcast_shapes(*(tuple(t.shape) for t in tensors))
    return tuple(t if tuple(t.shape) == shape else ops.broadcast_to(t, shape) for t in tensors)


def logits_to_probs(logits: Tensor, is_binary: bool = False) -> Tensor:
    """Probabilities from log-odds (``is_binary``: one sigmoid each) or from unnormalized
    log-probabilities over the last dimension (a softmax)."""
    if is_binary:
        return ops.sigmoid(logits)
    return ops.softmax(logits, dim=-1)


def clamp_probs(probs: Tensor) -> Tensor:
    """Probabilities kept inside ``[eps, 1 - eps]``, so their logarithms stay finite."""
    eps = float(np.finfo(probs.dtype).eps)
    return ops.clip(probs, eps, 1 - eps)


def probs_to_logits(probs: Tensor, is_binary: bool = False) -> Tensor:
    """Log-odds (``is_binary``) or log-probabilities from probabilities."""
    ps_clamped = clamp_probs(probs)
    if is_binary:
        return ops.log(ps_clamped) - ops.log1p(-ps_clamped)
    return ops.log(ps_clamped)


class lazy_property:
    """A property computed on first use, with gradients enabled, and then stored on the
    instance (``Bernoulli(logits=...).probs``)."""

    def __init__(self, wrapped):
        self.wrapped = wrapped
        self.__doc__ = wrapped.__doc__
        self.__name__ = wrapped.__name__

    def __get__(self, instance, obj_type=None):
        if instance is None:
            return self
        with enable_grad():
            value = self.wrapped(instance)
        setattr(instance, self.wrapped.__name__, value)
        return value


# -- random numbers -----------------------------------------------------------------------------
# Every draw goes through autodiff's own generator, so ``ad.manual_seed`` makes samples
# reproducible. Uniform and normal draws come from ``creation``; the Poisson and binomial draws
# (which ``creation`` does not offer) come from a numpy generator seeded from that same stream.

def _standard_normal(shape, dtype) -> Tensor:
    return creation.randn(size=tuple(shape), dtype=dtype)


def _uniform(shape, dtype) -> Tensor:
    return creation.rand(size=tuple(shape), dtype=dtype)


def _numpy_generator() -> np.random.Generator:
    seed = creation.rand(size=(4,), dtype=np.float64).numpy()
    return np.random.default_rng((seed * 2.0 ** 53).astype(np.uint64))


def _categorical_indices(probs_2d: np.ndarray, n: int) -> np.ndarray:
    """``n`` draws (with replacement) from each row of ``probs_2d``: shape ``(n, rows)``."""
    cdf = np.cumsum(probs_2d.astype(np.float64), axis=-1)
    cdf /= cdf[:, -1:]
    u = _uniform((n, probs_2d.shape[0]), np.float64).numpy()
    indices = (u[..., None] >= cdf).sum(-1)
    return np.minimum(indices, probs_2d.shape[-1] - 1).astype(np.int64)
