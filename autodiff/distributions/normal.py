"""The normal (Gaussian) distribution."""
from __future__ import annotations

import math
import numbers

from ..core import Size
from .. import ops
from . import constraints
from .exp_family import ExponentialFamily
from .utils import _standard_normal, broadcast_all

__all__ = ["Normal"]


class Normal(ExponentialFamily):
    r"""The normal distribution with mean ``loc`` and standard deviation ``scale``.

    Parameters
    ----------
    loc : float or Tensor
        Mean :math:`\mu`.
    scale : float or Tensor
        Standard deviation :math:`\sigma > 0`.
    validate_args : bool, optional
        Check the arguments (and the values given to ``log_prob``).

    Examples
    --------
    >>> import autodiff as ad
    >>> d = ad.distributions.Normal(ad.tensor(0.0), ad.tensor(2.0))
    >>> d.log_prob(ad.tensor(1.0))
    tensor(-1.7371)
    """

    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.real
    has_rsample = True
    _mean_carrier_measure = 0

    def __init__(self, loc, scale, validate_args: bool | None = None):
        self.loc, self.scale = broadcast_all(loc, scale)
        if isinstance(loc, numbers.Number) and isinstance(scale, numbers.Number):
            batch_shape = Size()
        else:
            batch_shape = self.loc.size()
        super().__init__(batch_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        """This distribution with its batch shape broadcast to ``batch_shape`` (the parameters are
        expanded, not copied), as PyTorch's ``expand``."""
        new = self._get_checked_instance(Normal, _instance)
        batch_shape = Size(batch_shape)
        new.loc = ops.broadcast_to(self.loc, batch_shape)
        new.scale = ops.broadcast_to(self.scale, batch_shape)
        super(Normal, new).__init__(batch_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

    @property
    def mean(self):
        """The mean, elementwise over the batch; differentiable in the parameters."""
        return self.loc

    @property
    def mode(self):
        """The most likely value (nan where it is not unique, as in PyTorch)."""
        return self.loc

    @property
    def stddev(self):
        """The standard deviation, elementwise over the batch."""
        return self.scale

    @property
    def variance(self):
        """The variance, elementwise over the batch; differentiable in the parameters."""
        return self.stddev ** 2

    def rsample(self, sample_shape=()):
        """``loc + eps * scale`` with standard normal ``eps``: differentiable in both."""
        shape = self._extended_shape(sample_shape)
        eps = _standard_normal(shape, dtype=self.loc.dtype)
        return self.loc + eps * self.scale

    def log_prob(self, value):
        """The log-probability (density or mass) of ``value``, differentiable in the parameters
        (and in ``value`` for continuous distributions)."""
        if self._validate_args:
            self._validate_sample(value)
        var = self.scale ** 2
        return (-((value - self.loc) ** 2) / (2 * var) - ops.log(self.scale)
                - math.log(math.sqrt(2 * math.pi)))

    def cdf(self, value):
        """The cumulative distribution function at ``value``, differentiable in the parameters."""
        if self._validate_args:
            self._validate_sample(value)
        return 0.5 * (1 + ops.erf((value - self.loc) * ops.reciprocal(self.scale)
                                  / math.sqrt(2)))

    def entropy(self):
        """The entropy, elementwise over the batch; differentiable in the parameters."""
        return 0.5 + 0.5 * math.log(2 * math.pi) + ops.log(self.scale)

    @property
    def _natural_params(self):
        return (self.loc / self.scale ** 2, -0.5 * ops.reciprocal(self.scale ** 2))

    def _log_normalizer(self, x, y):
        return -0.25 * x ** 2 / y + 0.5 * ops.log(-math.pi / y)
