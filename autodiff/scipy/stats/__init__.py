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
from . import (bernoulli, beta, betabinom, binom, cauchy, chi2, dirichlet, expon, gamma, gennorm,
               geom, gumbel_l, gumbel_r, halfcauchy, halfnorm, invgamma, laplace, logistic,
               lognorm, multinomial, multivariate_normal, nbinom, norm, pareto, poisson,
               rayleigh, t, truncnorm, uniform, vonmises, weibull_min, wrapcauchy)

__all__ = ["bernoulli", "beta", "betabinom", "binom", "cauchy", "chi2", "dirichlet", "expon",
           "gamma", "gennorm", "geom", "gumbel_l", "gumbel_r", "halfcauchy", "halfnorm",
           "invgamma", "laplace", "logistic", "lognorm", "multinomial", "multivariate_normal",
           "nbinom", "norm", "pareto", "poisson", "rayleigh", "t", "truncnorm", "uniform",
           "vonmises", "weibull_min", "wrapcauchy",
           "entropy", "gmean", "hmean", "kurtosis", "moment", "sem", "skew", "variation",
           "zscore"]
