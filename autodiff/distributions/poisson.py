"""The Poisson distribution."""
from __future__ import annotations

import numbers

import numpy as np

from ..core import Size
from .. import creation, ops
from . import constraints
from .exp_family import ExponentialFamily
from .utils import _poisson, broadcast_all

__all__ = ["Poisson"]


class Poisson(ExponentialFamily):
    """The Poisson distribution with rate ``rate``: ``P(k) = rate^k e^(-rate) / k!``.

    Parameters
    ----------
    rate : float or Tensor
        The rate (mean), non-negative.
    validate_args : bool, optional
        Check the arguments (and the values given to ``log_prob``).
    """

    arg_constraints = {"rate": constraints.nonnegative}
    support = constraints.nonnegative_integer

    def __init__(self, rate, validate_args: bool | None = None):
        (self.rate,) = broadcast_all(rate)
        batch_shape = Size() if isinstance(rate, numbers.Number) else self.rate.size()
        super().__init__(batch_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        """This distribution with its batch shape broadcast to ``batch_shape`` (the parameters are
        expanded, not copied), as PyTorch's ``expand``."""
        new = self._get_checked_instance(Poisson, _instance)
        batch_shape = Size(batch_shape)
        new.rate = ops.broadcast_to(self.rate, batch_shape)
        super(Poisson, new).__init__(batch_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

    @property
    def mean(self):
        """The mean, elementwise over the batch; differentiable in the parameters."""
        return self.rate

    @property
    def mode(self):
        """The most likely value (nan where it is not unique, as in PyTorch)."""
        return ops.floor(self.rate)

    @property
    def variance(self):
        """The variance, elementwise over the batch; differentiable in the parameters."""
        return self.rate

    def sample(self, sample_shape=()):
        """Counts (in the rate's dtype) of shape ``sample_shape + batch_shape``."""
        shape = self._extended_shape(sample_shape)
        return creation.tensor(_poisson(np.broadcast_to(self.rate.detach().numpy(), shape)))

    def log_prob(self, value):
        """The log-probability (density or mass) of ``value``, differentiable in the parameters
        (and in ``value`` for continuous distributions)."""
        if self._validate_args:
            self._validate_sample(value)
        rate, value = broadcast_all(self.rate, value)
        return ops.xlogy(value, rate) - rate - ops.gammaln(value + 1)

    def entropy(self):
        """The entropy ``-sum_k P(k) log P(k)``, differentiable in the rate.

        PyTorch's Poisson has none (it raises NotImplementedError); here the series is summed
        over ``k`` up to ``rate + 12 sqrt(rate) + 40``, past which its terms are below float64's
        resolution.
        """
        rate = self.rate
        values = rate.detach().numpy()
        most = float(np.max(values, initial=0.0))
        top = int(np.ceil(most + 12 * np.sqrt(most) + 40))
        k = ops.reshape(creation.arange(top, dtype=rate.dtype), (top,) + (1,) * rate.ndim)
        log_p = ops.xlogy(k, rate) - rate - ops.gammaln(k + 1)
        p = ops.exp(log_p)
        terms = ops.where(p > 0, p * ops.where(p > 0, log_p, 0.0), 0.0)
        return 0.0 - ops.sum(terms, 0)      # 0.0 - : an entropy of 0 prints as 0., not -0.

    @property
    def _natural_params(self):
        return (ops.log(self.rate),)

    def _log_normalizer(self, x):
        return ops.exp(x)
