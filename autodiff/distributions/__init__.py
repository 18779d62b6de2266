"""Probability distributions, as ``torch.distributions``: :class:`Normal`, :class:`Uniform`,
:class:`Bernoulli`, :class:`Categorical`, :class:`Multinomial`, :class:`Binomial`,
:class:`Poisson`.

Each has ``sample(sample_shape)``, ``log_prob(value)`` (differentiable in the parameters and in
the value), ``entropy()``, ``mean``, ``variance``, ``stddev``, ``batch_shape`` and
``event_shape``; the continuous ones also ``rsample`` (reparameterized: differentiable in the
parameters); :func:`kl_divergence` gives the divergence between two of them. Arguments are
checked as PyTorch checks them (``validate_args``). Samples come from autodiff's generator, so
``ad.manual_seed`` makes them reproducible.

The submodules are PyTorch's too (``ad.distributions.multinomial.Multinomial``), so code that
imports them that way runs unchanged.
"""
from . import constraints, utils
from . import distribution, exp_family
from . import bernoulli, binomial, categorical, multinomial, normal, poisson, uniform
from . import kl
from .bernoulli import Bernoulli
from .binomial import Binomial
from .categorical import Categorical
from .distribution import Distribution
from .exp_family import ExponentialFamily
from .kl import kl_divergence, register_kl
from .multinomial import Multinomial
from .normal import Normal
from .poisson import Poisson
from .uniform import Uniform

__all__ = ["Bernoulli", "Binomial", "Categorical", "Distribution", "ExponentialFamily",
           "Multinomial", "Normal", "Poisson", "Uniform", "constraints", "kl", "kl_divergence",
           "register_kl", "utils"]
