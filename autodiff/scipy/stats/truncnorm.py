"""The truncated normal distribution (``scipy.stats.truncnorm``): differentiable in ``x``, in
the standardized bounds ``a`` and ``b``, and in ``loc`` and ``scale``.

Everything goes through ``log(Phi(hi) - Phi(lo))``, computed without cancellation: from the
upper tails when both ends are above 0, from the lower tails when both are below, and as
``(erf(hi/sqrt 2) - erf(lo/sqrt 2)) / 2`` (a sum of two positive terms) when the interval
straddles 0. Each branch sees only safe inputs where it is not taken, so no nan or inf from an
unused branch reaches a derivative.
"""
import math

import numpy as np

from ...ops import erf, exp, expm1, log, log1p, log_ndtr
from ...ops.arithmetic import where
from ._common import as_params, plain, standardize, support

__all__ = ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "entropy"]

_HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)
_SQRT_HALF = math.sqrt(0.5)


def _log_diff(big, small):
    """``log(exp(big) - exp(small))`` for ``big > small``."""
    return big + log(-expm1(small - big))


def _log_mass(lo, hi):
    """``log(Phi(hi) - Phi(lo))`` for ``lo <= hi``, accurate in both tails."""
    lo_v, hi_v = plain(lo), plain(hi)
    upper = lo_v >= 0
    lower = hi_v <= 0
    mid = ~(upper | lower)
    # each branch gets placeholders (an interval of its own kind) where another one is taken
    u_lo, u_hi = where(upper, lo, 0.0), where(upper, hi, 1.0)
    l_lo, l_hi = where(lower, lo, -1.0), where(lower, hi, 0.0)
    m_lo, m_hi = where(mid, lo, -1.0), where(mid, hi, 1.0)
    from_upper = _log_diff(log_ndtr(-u_lo), log_ndtr(-u_hi))
    from_lower = _log_diff(log_ndtr(l_hi), log_ndtr(l_lo))
    from_mid = log(0.5 * (erf(m_hi * _SQRT_HALF) - erf(m_lo * _SQRT_HALF)))
    return where(upper, from_upper, where(lower, from_lower, from_mid))


def _parts(x, a, b, loc, scale):
    """y, the support mask a <= y <= b, y made safe outside it, and log Z."""
    y = standardize(x, loc, scale)
    yv, av, bv = plain(y), plain(a), plain(b)
    inside = (yv >= av) & (yv <= bv)
    fa, fb = np.isfinite(av), np.isfinite(bv)
    a_f, b_f = where(fa, a, 0.0), where(fb, b, 0.0)
    middle = where(fa & fb, (a_f + b_f) * 0.5, where(fa, a_f + 1.0, where(fb, b_f - 1.0, 0.0)))
    return y, inside, where(inside, y, middle), _log_mass(a, b)


def logpdf(x, a, b, loc=0, scale=1):
    """``-y^2 / 2 - log(sqrt(2 pi)) - log(Phi(b) - Phi(a)) - log(scale)`` on ``[a, b]``."""
    x, a, b, loc, scale = as_params(x, a, b, loc, scale)
    _, inside, y, log_z = _parts(x, a, b, loc, scale)
    return support(inside, -0.5 * y * y - _HALF_LOG_2PI - log_z - log(scale), -np.inf)


def pdf(x, a, b, loc=0, scale=1):
    """The truncated normal density."""
    x, a, b, loc, scale = as_params(x, a, b, loc, scale)
    return exp(logpdf(x, a, b, loc, scale))


def _log_tails(x, a, b, loc, scale):
    """``(log cdf, log sf)`` straight from the masses; each loses its digits where it is near 0
    (its probability near 1), which :func:`logcdf` and :func:`logsf` repair from the other."""
    y_raw, inside, y, log_z = _parts(x, a, b, loc, scale)
    yv, av, bv = plain(y_raw), plain(a), plain(b)
    at_a, at_b = plain(y) == av, plain(y) == bv
    lower = where(at_a, -np.inf, _log_mass(a, where(at_a, b, y)) - log_z)
    upper = where(at_b, -np.inf, _log_mass(where(at_b, a, y), b) - log_z)
    log_cdf = where(yv > bv, 0.0, support(inside, lower, -np.inf))
    log_sf = where(yv < av, 0.0, support(inside, upper, -np.inf))
    return log_cdf, log_sf


def _log1m_exp(direct, other):
    """``direct``, or ``log1p(-exp(other))`` where ``direct > log(1/2)`` (there ``other`` is
    the accurate one); the branch not taken gets a safe input."""
    near_one = plain(direct) > -0.6931471805599453
    return where(near_one, log1p(-exp(where(near_one, other, -1.0))), direct)


def logcdf(x, a, b, loc=0, scale=1):
    """``log(Phi(y) - Phi(a)) - log(Phi(b) - Phi(a))``; ``-inf`` below ``a``, 0 above ``b``."""
    x, a, b, loc, scale = as_params(x, a, b, loc, scale)
    log_cdf, log_sf = _log_tails(x, a, b, loc, scale)
    return _log1m_exp(log_cdf, log_sf)


def cdf(x, a, b, loc=0, scale=1):
    """``(Phi(y) - Phi(a)) / (Phi(b) - Phi(a))``."""
    x, a, b, loc, scale = as_params(x, a, b, loc, scale)
    return exp(logcdf(x, a, b, loc, scale))


def logsf(x, a, b, loc=0, scale=1):
    """``log(Phi(b) - Phi(y)) - log(Phi(b) - Phi(a))``; 0 below ``a``, ``-inf`` above ``b``."""
    x, a, b, loc, scale = as_params(x, a, b, loc, scale)
    log_cdf, log_sf = _log_tails(x, a, b, loc, scale)
    return _log1m_exp(log_sf, log_cdf)


def sf(x, a, b, loc=0, scale=1):
    """``(Phi(b) - Phi(y)) / (Phi(b) - Phi(a))``."""
    x, a, b, loc, scale = as_params(x, a, b, loc, scale)
    return exp(logsf(x, a, b, loc, scale))


def _x_phi(t):
    """``t phi(t)``, 0 at infinite ``t``."""
    finite = np.isfinite(plain(t))
    s = where(finite, t, 0.0)
    return where(finite, s * exp(-0.5 * s * s - _HALF_LOG_2PI), 0.0)


def entropy(a, b, loc=0, scale=1):
    """``log(sqrt(2 pi e) Z scale) + (a phi(a) - b phi(b)) / (2 Z)``, ``Z = Phi(b) - Phi(a)``."""
    a, b, loc, scale = as_params(a, b, loc, scale)
    log_z = _log_mass(a, b)
    return (_HALF_LOG_2PI + 0.5 + log_z + log(scale)
            + (_x_phi(a) - _x_phi(b)) * 0.5 * exp(-log_z) + 0 * loc)
