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
# Every draw of the distributions goes through these functions, and every one of them through
# autodiff's own generator, so ``ad.manual_seed`` makes samples reproducible. Each mirrors the
# PyTorch call the distribution makes (``torch.randn``, ``torch.rand``, ``torch.bernoulli``,
# ``torch.multinomial``, ``torch.poisson``, ``torch.binomial``): where ``creation`` offers that
# function with PyTorch's stream, the body here becomes that one call.

def _standard_normal(shape, dtype) -> Tensor:
    """``torch.randn(shape)``."""
    return creation.randn(size=tuple(shape), dtype=dtype)


def _uniform(shape, dtype) -> Tensor:
    """``torch.rand(shape)``: uniform on [0, 1)."""
    return creation.rand(size=tuple(shape), dtype=dtype)


def _bernoulli(probs: np.ndarray) -> np.ndarray:
    """``torch.bernoulli(probs)``: 1.0 with probability ``probs``, else 0.0, in its dtype;
    PyTorch's values for the same seed (its CPU kernel, reproduced by ``creation``)."""
    return creation.bernoulli(creation.as_tensor(probs)).numpy()


def _multinomial(probs_2d: np.ndarray, n: int) -> np.ndarray:
    """``torch.multinomial(probs_2d, n, replacement=True)``: ``n`` category indices drawn
    from each row (rows need not be normalized), shape ``(rows, n)``, int64; PyTorch's values
    for the same seed."""
    return creation.multinomial(creation.as_tensor(probs_2d), n, replacement=True).numpy()


def _poisson(rates: np.ndarray) -> np.ndarray:
    """``torch.poisson(rates)``: counts in the rates' dtype."""
    return np.asarray(_numpy_generator().poisson(rates), dtype=rates.dtype)


def _binomial(counts: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """``torch.binomial(counts, probs)``: successes in the probabilities' dtype."""
    draws = _numpy_generator().binomial(counts.astype(np.int64), probs)
    return np.asarray(draws, dtype=probs.dtype)


def _numpy_generator() -> np.random.Generator:
    """A numpy generator seeded from autodiff's stream, for the two draws ``creation`` does not
    reproduce: ``torch.poisson`` and ``torch.binomial`` run their own rejection samplers on the
    CPU stream, so Poisson and Binomial samples are reproducible here but not PyTorch's."""
    seed = creation.rand(size=(4,), dtype=np.float64).numpy()
    return np.random.default_rng((seed * 2.0 ** 53).astype(np.uint64))
