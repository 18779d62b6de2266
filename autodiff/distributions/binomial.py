"""The binomial distribution: successes in ``total_count`` Bernoulli trials."""
from __future__ import annotations

import numpy as np

from ..core import Size
from .. import creation, ops
from . import constraints
from .distribution import Distribution
from .utils import (_binomial, broadcast_all, lazy_property, logits_to_probs,
                    probs_to_logits)

__all__ = ["Binomial"]


def _clamp_by_zero(x):
    # max(x, 0) whose derivative at 0 is 1/2, as PyTorch's
    return (ops.clip(x, 0, None) + x - ops.clip(x, None, 0)) / 2


class Binomial(Distribution):
    """The number of successes in ``total_count`` independent trials of probability
    ``probs`` (or log-odds ``logits``).

    Parameters
    ----------
    total_count : int or Tensor
        Number of trials (non-negative integers, broadcast with the probabilities).
    probs : Tensor, optional
        Success probability of each trial.
    logits : Tensor, optional
        Log-odds of success.
    validate_args : bool, optional
        Check the arguments (and the values given to ``log_prob``).
    """

    arg_constraints = {"total_count": constraints.nonnegative_integer,
                       "probs": constraints.unit_interval, "logits": constraints.real}
    has_enumerate_support = True

    def __init__(self, total_count=1, probs=None, logits=None,
                 validate_args: bool | None = None):
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        if probs is not None:
            self.total_count, self.probs = broadcast_all(total_count, probs)
            self.total_count = ops.astype(self.total_count, self.probs.dtype)
        else:
            self.total_count, self.logits = broadcast_all(total_count, logits)
            self.total_count = ops.astype(self.total_count, self.logits.dtype)
        self._param = self.probs if probs is not None else self.logits
        super().__init__(self._param.size(), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        """This distribution with its batch shape broadcast to ``batch_shape`` (the parameters are
        expanded, not copied), as PyTorch's ``expand``."""
        new = self._get_checked_instance(Binomial, _instance)
        batch_shape = Size(batch_shape)
        new.total_count = ops.broadcast_to(self.total_count, batch_shape)
        if "probs" in self.__dict__:
            new.probs = ops.broadcast_to(self.probs, batch_shape)
            new._param = new.probs
        if "logits" in self.__dict__:
            new.logits = ops.broadcast_to(self.logits, batch_shape)
            new._param = new.logits
        super(Binomial, new).__init__(batch_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

    @constraints.dependent_property(is_discrete=True, event_dim=0)
    def support(self):
        """The constraint the distribution's values satisfy."""
        return constraints.integer_interval(0, self.total_count)

    @property
    def mean(self):
        """The mean, elementwise over the batch; differentiable in the parameters."""
        return self.total_count * self.probs

    @property
    def mode(self):
        """The most likely value (nan where it is not unique, as in PyTorch)."""
        return ops.minimum(ops.floor((self.total_count + 1) * self.probs), self.total_count)

    @property
    def variance(self):
        """The variance, elementwise over the batch; differentiable in the parameters."""
        return self.total_count * self.probs * (1 - self.probs)

    @lazy_property
    def logits(self):
        """The log-odds or log-probabilities (from ``probs`` when those were given)."""
        return probs_to_logits(self.probs, is_binary=True)

    @lazy_property
    def probs(self):
        """The probabilities (from ``logits`` when those were given)."""
        return logits_to_probs(self.logits, is_binary=True)

    @property
    def param_shape(self) -> Size:
        """The shape of the parameter tensor (``probs`` or ``logits``, whichever was given)."""
        return self._param.size()

    def sample(self, sample_shape=()):
        """Success counts (in the parameter's dtype) of shape ``sample_shape + batch_shape``."""
        shape = self._extended_shape(sample_shape)
        counts = np.broadcast_to(self.total_count.detach().numpy(), shape)
        return creation.tensor(_binomial(counts, np.broadcast_to(self.probs.detach().numpy(),
                                                                 shape)))

    def log_prob(self, value):
        """The log-probability (density or mass) of ``value``, differentiable in the parameters
        (and in ``value`` for continuous distributions)."""
        if self._validate_args:
            self._validate_sample(value)
        log_factorial_n = ops.gammaln(self.total_count + 1)
        log_factorial_k = ops.gammaln(value + 1)
        log_factorial_nmk = ops.gammaln(self.total_count - value + 1)
        normalize_term = (self.total_count * _clamp_by_zero(self.logits)
                          + self.total_count * ops.log1p(ops.exp(-ops.abs(self.logits)))
                          - log_factorial_n)
        return value * self.logits - log_factorial_k - log_factorial_nmk - normalize_term

    def entropy(self):
        """The entropy, elementwise over the batch; differentiable in the parameters."""
        self._homogeneous_count("entropy")
        log_prob = self.log_prob(self.enumerate_support(False))
        return -(ops.exp(log_prob) * log_prob).sum(0)

    def _homogeneous_count(self, what) -> int:
        counts = self.total_count.detach().numpy()
        total_count = int(counts.max())
        if not counts.min() == total_count:
            raise NotImplementedError(f"Inhomogeneous total count not supported by `{what}`.")
        return total_count

    def enumerate_support(self, expand: bool = True):
        """Every value of the finite support, along a new leading dimension (broadcast to the
        batch shape unless ``expand=False``)."""
        total_count = self._homogeneous_count("enumerate_support")
        values = creation.arange(1 + total_count, dtype=self._param.dtype)
        values = values.reshape((-1,) + (1,) * len(self._batch_shape))
        if expand:
            values = ops.broadcast_to(values, (1 + total_count,) + tuple(self._batch_shape))
        return values
