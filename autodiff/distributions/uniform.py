"""The continuous uniform distribution on ``[low, high)``."""
from __future__ import annotations

import numbers

import numpy as np

from ..core import Size
from .. import ops
from . import constraints
from .distribution import Distribution
from .utils import _uniform, broadcast_all

__all__ = ["Uniform"]


class Uniform(Distribution):
    """The uniform distribution on the half-open interval ``[low, high)``.

    Parameters
    ----------
    low, high : float or Tensor
        The bounds, ``low < high``.
    validate_args : bool, optional
        Check the arguments (and the values given to ``log_prob``).
    """

    has_rsample = True

    @property
    def arg_constraints(self):
        """The constraint each tensor argument must satisfy."""
        return {"low": constraints.less_than(self.high),
                "high": constraints.greater_than(self.low)}

    def __init__(self, low, high, validate_args: bool | None = None):
        self.low, self.high = broadcast_all(low, high)
        if isinstance(low, numbers.Number) and isinstance(high, numbers.Number):
            batch_shape = Size()
        else:
            batch_shape = self.low.size()
        super().__init__(batch_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        """This distribution with its batch shape broadcast to ``batch_shape`` (the parameters are
        expanded, not copied), as PyTorch's ``expand``."""
        new = self._get_checked_instance(Uniform, _instance)
        batch_shape = Size(batch_shape)
        new.low = ops.broadcast_to(self.low, batch_shape)
        new.high = ops.broadcast_to(self.high, batch_shape)
        super(Uniform, new).__init__(batch_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

    @constraints.dependent_property(is_discrete=False, event_dim=0)
    def support(self):
        """The constraint the distribution's values satisfy."""
        return constraints.interval(self.low, self.high)

    @property
    def mean(self):
        """The mean, elementwise over the batch; differentiable in the parameters."""
        return (self.high + self.low) / 2

    @property
    def mode(self):
        """The most likely value (nan where it is not unique, as in PyTorch)."""
        return np.nan * self.high

    @property
    def stddev(self):
        """The standard deviation, elementwise over the batch."""
        return (self.high - self.low) / 12 ** 0.5

    @property
    def variance(self):
        """The variance, elementwise over the batch; differentiable in the parameters."""
        return (self.high - self.low) ** 2 / 12

    def rsample(self, sample_shape=()):
        """``low + u * (high - low)`` with ``u`` uniform on [0, 1): differentiable in both."""
        shape = self._extended_shape(sample_shape)
        rand = _uniform(shape, dtype=self.low.dtype)
        return self.low + rand * (self.high - self.low)

    def log_prob(self, value):
        """The log-probability (density or mass) of ``value``, differentiable in the parameters
        (and in ``value`` for continuous distributions)."""
        if self._validate_args:
            self._validate_sample(value)
        lb = ops.astype(self.low <= value, self.low.dtype)
        ub = ops.astype(self.high > value, self.low.dtype)
        with np.errstate(divide="ignore"):      # log(0) = -inf outside the support
            return ops.log(lb * ub) - ops.log(self.high - self.low)

    def cdf(self, value):
        """The cumulative distribution function at ``value``, differentiable in the parameters."""
        if self._validate_args:
            self._validate_sample(value)
        return ops.clip((value - self.low) / (self.high - self.low), 0, 1)

    def icdf(self, value):
        """The inverse of :meth:`cdf`: the value whose cumulative probability is ``value``."""
        return value * (self.high - self.low) + self.low

    def entropy(self):
        """The entropy, elementwise over the batch; differentiable in the parameters."""
        return ops.log(self.high - self.low)
