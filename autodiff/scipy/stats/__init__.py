"""``autodiff.scipy.stats``: scipy's distributions as modules of functions (as
``jax.scipy.stats``), ``stats.norm.logpdf(x, loc=0, scale=1)`` and so on, with scipy's method
names and defaults, differentiable in the data and in the parameters.

Discrete counts (``k``, ``n``) are constants. Distribution functions (``cdf``, ``sf``) of
``t``, ``chi2``, ``gamma``, ``invgamma`` and ``beta`` (and ``nbinom``'s in ``n``) are not
differentiable in their shape parameters (no closed form): asking for that derivative raises
``NoClosedFormError``.

Beside the distributions stand scipy.stats' descriptive statistics (``entropy``, ``zscore``,
``gmean``, ``hmean``, ``skew``, ``kurtosis``, ``moment``, ``sem``, ``variation``).
"""
from ._descriptive import (entropy, gmean, hmean, kurtosis, moment, sem, skew, variation,
                           zscore)
from . import (bernoulli, beta, binom, cauchy, chi2, dirichlet, expon, gamma, laplace, logistic,
               multivariate_normal, norm, poisson, t, uniform)
from . import (betabinom, geom, gumbel_l, gumbel_r, halfcauchy, halfnorm, invgamma, lognorm,
               nbinom, pareto, truncnorm, vonmises, weibull_min)

__all__ = ["bernoulli", "beta", "binom", "cauchy", "chi2", "dirichlet", "expon", "gamma",
           "laplace", "logistic", "multivariate_normal", "norm", "poisson", "t", "uniform",
           "betabinom", "geom", "gumbel_l", "gumbel_r", "halfcauchy", "halfnorm", "invgamma",
           "lognorm", "nbinom", "pareto", "truncnorm", "vonmises", "weibull_min",
           "entropy", "gmean", "hmean", "kurtosis", "moment", "sem", "skew", "variation",
           "zscore"]
