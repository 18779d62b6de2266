"""The Bernoulli distribution: 1 with probability ``probs``, else 0."""
from __future__ import annotations

import numbers

import numpy as np

from ..core import Size
from .. import creation, ops
from . import constraints
from .exp_family import ExponentialFamily
from .utils import _bernoulli, broadcast_all, lazy_property, logits_to_probs, probs_to_logits

__all__ = ["Bernoulli"]


def _bce_with_logits(logits, target):
    """PyTorch's ``binary_cross_entropy_with_logits(reduction="none")``, computed stably:
    ``softplus(logits) - logits * target``."""
    return ops.softplus(logits) - logits * target


class Bernoulli(ExponentialFamily):
    """The Bernoulli distribution, parameterized by ``probs`` or by ``logits`` (log-odds),
    not both.

    Parameters
    ----------
    probs : float or Tensor, optional
        Probability of 1, in [0, 1].
    logits : float or Tensor, optional
        Log-odds of 1.
    validate_args : bool, optional
        Check the arguments (and the values given to ``log_prob``).
    """

    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.boolean
    has_enumerate_support = True
    _mean_carrier_measure = 0

    def __init__(self, probs=None, logits=None, validate_args: bool | None = None):
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        if probs is not None:
            is_scalar = isinstance(probs, numbers.Number)
            (self.probs,) = broadcast_all(probs)
        else:
            is_scalar = isinstance(logits, numbers.Number)
            (self.logits,) = broadcast_all(logits)
        self._param = self.probs if probs is not None else self.logits
        batch_shape = Size() if is_scalar else self._param.size()
        super().__init__(batch_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        """This distribution with its batch shape broadcast to ``batch_shape`` (the parameters are
        expanded, not copied), as PyTorch's ``expand``."""
        new = self._get_checked_instance(Bernoulli, _instance)
        batch_shape = Size(batch_shape)
        if "probs" in self.__dict__:
            new.probs = ops.broadcast_to(self.probs, batch_shape)
            new._param = new.probs
        if "logits" in self.__dict__:
            new.logits = ops.broadcast_to(self.logits, batch_shape)
            new._param = new.logits
        super(Bernoulli, new).__init__(batch_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

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

    @property
    def mean(self):
        """The mean, elementwise over the batch; differentiable in the parameters."""
        return self.probs

    @property
    def mode(self):
        """The most likely value (nan where it is not unique, as in PyTorch)."""
        p = self.probs.detach().numpy()
        mode = (p >= 0.5).astype(p.dtype)
        mode[p == 0.5] = np.nan
        return creation.tensor(mode)

    @property
    def variance(self):
        """The variance, elementwise over the batch; differentiable in the parameters."""
        return self.probs * (1 - self.probs)

    def sample(self, sample_shape=()):
        """Zeros and ones (in the parameter's dtype), 1 with probability ``probs``."""
        shape = self._extended_shape(sample_shape)
        probs = np.broadcast_to(self.probs.detach().numpy(), shape)
        return creation.tensor(_bernoulli(probs))

    def log_prob(self, value):
        """The log-probability (density or mass) of ``value``, differentiable in the parameters
        (and in ``value`` for continuous distributions)."""
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        return -_bce_with_logits(logits, value)

    def entropy(self):
        """The entropy, elementwise over the batch; differentiable in the parameters."""
        return _bce_with_logits(self.logits, self.probs)

    def enumerate_support(self, expand: bool = True):
        """Every value of the finite support, along a new leading dimension (broadcast to the
        batch shape unless ``expand=False``)."""
        values = creation.arange(2, dtype=self._param.dtype)
        values = values.reshape((-1,) + (1,) * len(self._batch_shape))
        if expand:
            values = ops.broadcast_to(values, (2,) + tuple(self._batch_shape))
        return values

    @property
    def _natural_params(self):
        return (ops.logit(self.probs),)

    def _log_normalizer(self, x):
        return ops.log1p(ops.exp(x))
