"""The base class of the distributions: shapes, argument validation, sampling under no_grad."""
from __future__ import annotations

import warnings

import numpy as np

from ..core import Size, Tensor, no_grad
from .. import ops
from . import constraints
from .utils import lazy_property

__all__ = ["Distribution"]


def _shown(value) -> str:
    """A parameter as PyTorch's messages show it: a 0-d tensor by its number."""
    if isinstance(value, Tensor) and value.ndim == 0:
        return str(value.item())
    return str(value)


class Distribution:
    """Base class for probability distributions, as ``torch.distributions.Distribution``.

    Parameters
    ----------
    batch_shape : tuple of int
        The shape over which the parameters are batched.
    event_shape : tuple of int
        The shape of one sample (``()`` for scalar distributions).
    validate_args : bool, optional
        Check the parameters here and the values given to ``log_prob``; defaults to
        :meth:`set_default_validate_args`'s setting (on, unless Python runs with ``-O``).
    """

    has_rsample = False
    has_enumerate_support = False
    _validate_args = __debug__

    @staticmethod
    def set_default_validate_args(value: bool) -> None:
        """Turn argument validation on or off for every distribution made afterwards."""
        if value not in [True, False]:
            raise ValueError
        Distribution._validate_args = value

    def __init__(self, batch_shape=(), event_shape=(), validate_args: bool | None = None):
        self._batch_shape = Size(batch_shape)
        self._event_shape = Size(event_shape)
        if validate_args is not None:
            self._validate_args = validate_args
        if self._validate_args:
            try:
                arg_constraints = self.arg_constraints
            except NotImplementedError:
                arg_constraints = {}
                warnings.warn(f"{self.__class__} does not define `arg_constraints`. Please set "
                              f"`arg_constraints = {{}}` or initialize the distribution with "
                              f"`validate_args=False` to turn off validation.", stacklevel=2)
            for param, constraint in arg_constraints.items():
                if constraints.is_dependent(constraint):
                    continue
                if param not in self.__dict__ and isinstance(getattr(type(self), param, None),
                                                             lazy_property):
                    continue        # not computed yet: it follows from a checked argument
                value = getattr(self, param)
                if not bool(np.all(constraints._values(constraint.check(value)))):
                    raise ValueError(
                        f"Expected parameter {param} ({type(value).__name__} of shape "
                        f"{tuple(value.shape)}) of distribution {self!r} to satisfy the "
                        f"constraint {constraint!r}, but found invalid values:\n{_shown(value)}")

    # -- shapes --------------------------------------------------------------------------------
    @property
    def batch_shape(self) -> Size:
        """The shape over which the parameters are batched."""
        return self._batch_shape

    @property
    def event_shape(self) -> Size:
        """The shape of a single sample (without batching)."""
        return self._event_shape

    def _extended_shape(self, sample_shape=()) -> Size:
        """``sample_shape + batch_shape + event_shape``: the shape of ``sample(sample_shape)``."""
        return Size(_as_shape(sample_shape) + tuple(self._batch_shape)
                    + tuple(self._event_shape))

    # -- what each distribution defines ------------------------------------------------------
    @property
    def arg_constraints(self) -> dict:
        """The constraint each tensor argument must satisfy."""
        raise NotImplementedError(f"{type(self).__name__} does not implement arg_constraints: "
                                  "a Distribution subclass defines it")

    @property
    def support(self):
        """The constraint the values of the distribution satisfy."""
        raise NotImplementedError(f"{type(self).__name__} does not implement support: "
                                  "a Distribution subclass defines it")

    @property
    def mean(self) -> Tensor:
        """The mean."""
        raise NotImplementedError(f"{type(self).__name__} does not implement mean: "
                                  "a Distribution subclass defines it")

    @property
    def mode(self) -> Tensor:
        """The mode."""
        raise NotImplementedError(f"{self.__class__} does not implement mode")

    @property
    def variance(self) -> Tensor:
        """The variance."""
        raise NotImplementedError(f"{type(self).__name__} does not implement variance: "
                                  "a Distribution subclass defines it")

    @property
    def stddev(self) -> Tensor:
        """The standard deviation."""
        return ops.sqrt(self.variance)

    def sample(self, sample_shape=()) -> Tensor:
        """A sample of shape ``sample_shape + batch_shape + event_shape``, outside any graph."""
        with no_grad():
            return self.rsample(sample_shape)

    def rsample(self, sample_shape=()) -> Tensor:
        """A reparameterized sample: differentiable with respect to the parameters."""
        raise NotImplementedError(f"{type(self).__name__} does not implement rsample: "
                                  "a Distribution subclass defines it")

    def log_prob(self, value) -> Tensor:
        """The log of the density or mass function at ``value``."""
        raise NotImplementedError(f"{type(self).__name__} does not implement log_prob: "
                                  "a Distribution subclass defines it")

    def cdf(self, value) -> Tensor:
        """The cumulative distribution function at ``value``."""
        raise NotImplementedError(f"{type(self).__name__} does not implement cdf: "
                                  "a Distribution subclass defines it")

    def icdf(self, value) -> Tensor:
        """The inverse cumulative distribution function at ``value``."""
        raise NotImplementedError(f"{type(self).__name__} does not implement icdf: "
                                  "a Distribution subclass defines it")

    def enumerate_support(self, expand: bool = True) -> Tensor:
        """Every value of a discrete distribution, along dimension 0."""
        raise NotImplementedError(f"{type(self).__name__} does not implement enumerate_support: "
                                  "a Distribution subclass defines it")

    def entropy(self) -> Tensor:
        """The entropy, batched over ``batch_shape``."""
        raise NotImplementedError(f"{type(self).__name__} does not implement entropy: "
                                  "a Distribution subclass defines it")

    def perplexity(self) -> Tensor:
        """``exp(entropy())``."""
        return ops.exp(self.entropy())

    # -- validation ------------------------------------------------------------------------------
    def _validate_sample(self, value) -> None:
        """Check that ``value`` broadcasts with the shapes and lies in the support."""
        if not isinstance(value, Tensor):
            raise ValueError("The value argument to log_prob must be a Tensor")
        shape = tuple(value.shape)
        event_dim_start = len(shape) - len(self._event_shape)
        if shape[event_dim_start:] != tuple(self._event_shape):
            raise ValueError(f"The right-most size of value must match event_shape: "
                             f"{Size(shape)} vs {self._event_shape}.")
        expected = tuple(self._batch_shape) + tuple(self._event_shape)
        for i, j in zip(reversed(shape), reversed(expected)):
            if i != 1 and j != 1 and i != j:
                raise ValueError(f"Value is not broadcastable with batch_shape+event_shape: "
                                 f"{Size(shape)} vs {Size(expected)}.")
        try:
            support = self.support
        except NotImplementedError:
            warnings.warn(f"{self.__class__} does not define `support` to enable sample "
                          f"validation. Please initialize the distribution with "
                          f"`validate_args=False` to turn off validation.", stacklevel=2)
            return
        if not bool(np.all(constraints._values(support.check(value)))):
            raise ValueError(f"Expected value argument ({type(value).__name__} of shape "
                             f"{shape}) to be within the support ({support!r}) of the "
                             f"distribution {self!r}, but found invalid values:\n"
                             f"{_shown(value)}")

    def _get_checked_instance(self, cls, _instance=None):
        if _instance is None and type(self).__init__ != cls.__init__:
            raise NotImplementedError(f"Subclass {self.__class__.__name__} of {cls.__name__} "
                                      f"that defines a custom __init__ method must also define "
                                      f"a custom .expand() method.")
        return self.__new__(type(self)) if _instance is None else _instance

    def expand(self, batch_shape, _instance=None):
        """The distribution with its parameters broadcast to a larger ``batch_shape``."""
        raise NotImplementedError(f"{type(self).__name__} does not implement expand: "
                                  "a Distribution subclass defines it")

    def __repr__(self) -> str:
        params = {k: self.__dict__[k] for k in self.arg_constraints if k in self.__dict__}
        args = ", ".join(f"{k}: {_shown(v) if v.numel() == 1 else v.size()}"
                         for k, v in params.items())
        return self.__class__.__name__ + "(" + args + ")"


def _as_shape(sample_shape) -> tuple:
    if isinstance(sample_shape, (int, np.integer)):
        return (int(sample_shape),)
    return tuple(int(d) for d in sample_shape)
