"""The categorical distribution over ``{0, ..., K-1}``."""
from __future__ import annotations

import numpy as np

from ..core import Size, Tensor
from .. import creation, ops
from . import constraints
from .distribution import Distribution
from .utils import _multinomial, lazy_property, logits_to_probs, probs_to_logits

__all__ = ["Categorical"]


class Categorical(Distribution):
    """A draw of one of ``K`` categories, parameterized by ``probs`` or ``logits`` (the last
    dimension indexes the categories; the others are batch dimensions).

    Parameters
    ----------
    probs : Tensor, optional
        Non-negative weights, normalized over the last dimension.
    logits : Tensor, optional
        Unnormalized log-probabilities.
    validate_args : bool, optional
        Check the arguments (and the values given to ``log_prob``).
    """

    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}
    has_enumerate_support = True

    def __init__(self, probs=None, logits=None, validate_args: bool | None = None):
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        if probs is not None:
            probs = probs if isinstance(probs, Tensor) else creation.as_tensor(probs)
            if probs.dim() < 1:
                raise ValueError("`probs` parameter must be at least one-dimensional.")
            self.probs = probs / probs.sum(-1, keepdim=True)
        else:
            logits = logits if isinstance(logits, Tensor) else creation.as_tensor(logits)
            if logits.dim() < 1:
                raise ValueError("`logits` parameter must be at least one-dimensional.")
            self.logits = logits - ops.logsumexp(logits, dim=-1, keepdim=True)
        self._param = self.probs if probs is not None else self.logits
        self._num_events = self._param.size()[-1]
        batch_shape = self._param.size()[:-1] if self._param.ndim > 1 else Size()
        super().__init__(batch_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        """This distribution with its batch shape broadcast to ``batch_shape`` (the parameters are
        expanded, not copied), as PyTorch's ``expand``."""
        new = self._get_checked_instance(Categorical, _instance)
        batch_shape = Size(batch_shape)
        param_shape = tuple(batch_shape) + (self._num_events,)
        if "probs" in self.__dict__:
            new.probs = ops.broadcast_to(self.probs, param_shape)
            new._param = new.probs
        if "logits" in self.__dict__:
            new.logits = ops.broadcast_to(self.logits, param_shape)
            new._param = new.logits
        new._num_events = self._num_events
        super(Categorical, new).__init__(batch_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

    @constraints.dependent_property(is_discrete=True, event_dim=0)
    def support(self):
        """The constraint the distribution's values satisfy."""
        return constraints.integer_interval(0, self._num_events - 1)

    @lazy_property
    def logits(self):
        """The log-odds or log-probabilities (from ``probs`` when those were given)."""
        return probs_to_logits(self.probs)

    @lazy_property
    def probs(self):
        """The probabilities (from ``logits`` when those were given)."""
        return logits_to_probs(self.logits)

    @property
    def param_shape(self) -> Size:
        """The shape of the parameter tensor (``probs`` or ``logits``, whichever was given)."""
        return self._param.size()

    @property
    def mean(self):
        """The mean, elementwise over the batch; differentiable in the parameters."""
        return creation.full(self._extended_shape(), np.nan, dtype=self.probs.dtype)

    @property
    def mode(self):
        """The most likely value (nan where it is not unique, as in PyTorch)."""
        return creation.tensor(np.argmax(self.probs.detach().numpy(), axis=-1))

    @property
    def variance(self):
        """The variance, elementwise over the batch; differentiable in the parameters."""
        return creation.full(self._extended_shape(), np.nan, dtype=self.probs.dtype)

    def sample(self, sample_shape=()):
        """Category indices (int64) of shape ``sample_shape + batch_shape``."""
        shape = self._extended_shape(sample_shape)
        probs_2d = self.probs.detach().numpy().reshape(-1, self._num_events)
        n = int(np.prod(shape[:len(shape) - len(self._batch_shape)], dtype=np.int64))
        return creation.tensor(_multinomial(probs_2d, n).T.reshape(shape))

    def log_prob(self, value):
        """The log-probability (density or mass) of ``value``, differentiable in the parameters
        (and in ``value`` for continuous distributions)."""
        if self._validate_args:
            self._validate_sample(value)
        index = ops.expand_dims(ops.astype(value, np.int64), -1)
        shape = np.broadcast_shapes(tuple(index.shape), tuple(self.logits.shape))
        index = ops.broadcast_to(index, shape[:-1] + (1,))
        log_pmf = ops.broadcast_to(self.logits, shape)
        return ops.squeeze(ops.take_along_axis(log_pmf, index, -1), -1)

    def entropy(self):
        """The entropy, elementwise over the batch; differentiable in the parameters."""
        min_real = float(np.finfo(self.logits.dtype).min)
        logits = ops.clip(self.logits, min_real, None)
        return -(logits * self.probs).sum(-1)

    def enumerate_support(self, expand: bool = True):
        """Every value of the finite support, along a new leading dimension (broadcast to the
        batch shape unless ``expand=False``)."""
        values = creation.arange(self._num_events)
        values = values.reshape((-1,) + (1,) * len(self._batch_shape))
        if expand:
            values = ops.broadcast_to(values, (self._num_events,) + tuple(self._batch_shape))
        return values
