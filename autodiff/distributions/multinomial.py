"""The multinomial distribution: category counts of ``total_count`` categorical draws."""
from __future__ import annotations

import math

import numpy as np

from ..core import Size
from .. import creation, ops
from . import constraints
from .binomial import Binomial
from .categorical import Categorical
from .distribution import Distribution
from .utils import broadcast_all

__all__ = ["Multinomial"]


class Multinomial(Distribution):
    """How often each of ``K`` categories comes up in ``total_count`` independent draws.

    Parameters
    ----------
    total_count : int
        Number of draws (one count for the whole batch).
    probs : Tensor, optional
        Category weights over the last dimension (normalized).
    logits : Tensor, optional
        Unnormalized log-probabilities.
    validate_args : bool, optional
        Check the arguments (and the values given to ``log_prob``).

    Examples
    --------
    Section 2.6 of *Dive into Deep Learning* tosses a die::

        fair_probs = ad.ones(6) / 6
        ad.distributions.multinomial.Multinomial(10, fair_probs).sample()
    """

    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}

    def __init__(self, total_count: int = 1, probs=None, logits=None,
                 validate_args: bool | None = None):
        if not isinstance(total_count, int):
            raise NotImplementedError("inhomogeneous total_count is not supported")
        self.total_count = total_count
        self._categorical = Categorical(probs=probs, logits=logits)
        self._binomial = Binomial(total_count=total_count, probs=self.probs)
        batch_shape = self._categorical.batch_shape
        event_shape = self._categorical.param_shape[-1:]
        super().__init__(batch_shape, event_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        """This distribution with its batch shape broadcast to ``batch_shape`` (the parameters are
        expanded, not copied), as PyTorch's ``expand``."""
        new = self._get_checked_instance(Multinomial, _instance)
        batch_shape = Size(batch_shape)
        new.total_count = self.total_count
        new._categorical = self._categorical.expand(batch_shape)
        new._binomial = Binomial(total_count=self.total_count, probs=new._categorical.probs,
                                 validate_args=False)
        super(Multinomial, new).__init__(batch_shape, self.event_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

    @constraints.dependent_property(is_discrete=True, event_dim=1)
    def support(self):
        """The constraint the distribution's values satisfy."""
        return constraints.multinomial(self.total_count)

    @property
    def logits(self):
        """Log-probabilities of the categories (normalised), from the underlying categorical."""
        return self._categorical.logits

    @property
    def probs(self):
        """Probabilities of the categories (normalised), from the underlying categorical."""
        return self._categorical.probs

    @property
    def param_shape(self) -> Size:
        """The shape of the parameter tensor (``probs`` or ``logits``, whichever was given)."""
        return self._categorical.param_shape

    @property
    def mean(self):
        """The mean, elementwise over the batch; differentiable in the parameters."""
        return self.probs * self.total_count

    @property
    def variance(self):
        """The variance, elementwise over the batch; differentiable in the parameters."""
        return self.total_count * self.probs * (1 - self.probs)

    def sample(self, sample_shape=()):
        """Counts (in the probabilities' dtype) of shape ``sample_shape + batch_shape + (K,)``."""
        shape = self._extended_shape(sample_shape)
        draws = self._categorical.sample((self.total_count,) + tuple(Size(
            shape[:len(shape) - len(self._batch_shape) - 1]))).numpy()
        k = self._categorical._num_events
        counts = (draws[..., None] == np.arange(k)).sum(0)
        return creation.tensor(counts.reshape(shape).astype(self.probs.dtype))

    def entropy(self):
        """The entropy, elementwise over the batch; differentiable in the parameters."""
        n = self.total_count
        term1 = n * self._categorical.entropy() - math.lgamma(n + 1)
        support = ops.getitem(self._binomial.enumerate_support(expand=False), slice(1, None))
        binomial_probs = ops.exp(self._binomial.log_prob(support))
        weights = ops.gammaln(support + 1)
        return ops.sum(binomial_probs * weights, (0, -1)) + term1

    def log_prob(self, value):
        """The log-probability (density or mass) of ``value``, differentiable in the parameters
        (and in ``value`` for continuous distributions)."""
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        log_factorial_n = ops.gammaln(value.sum(-1) + 1)
        log_factorial_xs = ops.gammaln(value + 1).sum(-1)
        # 0 * log(0) counts as 0: a category of probability zero that never came up
        logits = ops.where((value == 0) & (logits == -np.inf), 0.0, logits)
        log_powers = (logits * value).sum(-1)
        return log_factorial_n - log_factorial_xs + log_powers
