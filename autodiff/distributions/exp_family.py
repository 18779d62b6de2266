"""Exponential families: the distributions with natural parameters and a log-normalizer."""
from __future__ import annotations

from .distribution import Distribution

__all__ = ["ExponentialFamily"]


class ExponentialFamily(Distribution):
    """Base class of the exponential-family distributions (``Normal``, ``Bernoulli``,
    ``Poisson``), as ``torch.distributions.ExponentialFamily``: densities of the form
    ``exp(<t(x), theta> - F(theta) + k(x))``.

    Subclasses give ``_natural_params`` (theta) and ``_log_normalizer`` (F); those whose entropy
    has a closed form define ``entropy`` themselves. PyTorch's generic entropy also needs the
    mean carrier measure E[k(x)], which no distribution here lacking a closed-form entropy
    has (``Poisson`` raises, as in PyTorch).
    """

    @property
    def _natural_params(self):
        raise NotImplementedError(f"{type(self).__name__} does not implement _natural_params: "
                                  "an ExponentialFamily subclass defines it")

    def _log_normalizer(self, *natural_params):
        raise NotImplementedError(f"{type(self).__name__} does not implement _log_normalizer: "
                                  "an ExponentialFamily subclass defines it")

    @property
    def _mean_carrier_measure(self) -> float:
        raise NotImplementedError(f"{type(self).__name__} does not implement "
                                  "_mean_carrier_measure: an ExponentialFamily subclass defines it")

    def entropy(self):
        """The entropy (only where the subclass knows its carrier measure)."""
        self._mean_carrier_measure      # raises NotImplementedError where it is unknown
        raise NotImplementedError(f"{type(self).__name__} does not implement entropy")
