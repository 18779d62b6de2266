"""The added distributions (lognorm, weibull_min, pareto, halfnorm, halfcauchy, gumbel_r,
gumbel_l, invgamma, vonmises, truncnorm, geom, nbinom, betabinom) against scipy's values to
1e-12, across and outside the support, on arrays and on tensors; against mpmath where scipy
itself loses digits (log-probabilities near 0, truncnorm's entropy); and the no-closed-form
errors. Derivatives: the op table (``op_table.py``)."""
import mpmath as mp
import numpy as np
import pytest
import scipy.stats as ss

import autodiff as ad
import autodiff.scipy.stats as st
from autodiff.scipy.special import NoClosedFormError

DIGITS = 60     # set in each test (mp.workdps): other tests may change mpmath's global precision
X = np.array([-1.0, 0.05, 0.3, 1.2, 2.5, 8.0, 40.0])
K = np.array([-1.0, 0.0, 1.0, 2.0, 3.5, 5.0, 12.0, 40.0])
LOC, SCALE = 0.1, 1.3


def close(actual, expected, rtol=1e-12):
    actual, expected = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    np.testing.assert_array_equal(np.isfinite(actual), np.isfinite(expected))
    finite = np.isfinite(expected)
    np.testing.assert_array_equal(actual[~finite], expected[~finite])
    np.testing.assert_allclose(actual[finite], expected[finite], rtol=rtol, atol=1e-300)


CONTINUOUS = [("lognorm", (0.8,)), ("weibull_min", (1.7,)), ("pareto", (2.5,)),
              ("halfnorm", ()), ("halfcauchy", ()), ("gumbel_r", ()), ("gumbel_l", ()),
              ("invgamma", (2.5,)), ("vonmises", (2.0,))]


@pytest.mark.parametrize("name, shapes", CONTINUOUS)
def test_continuous_values_are_scipys(name, shapes):
    ours, theirs = getattr(st, name), getattr(ss, name)
    for method in ours.__all__:
        if method == "entropy":
            close(ours.entropy(*shapes, LOC, SCALE), theirs.entropy(*shapes, loc=LOC, scale=SCALE))
            continue
        x = np.array([1e-9, 0.01, 0.3, 0.5, 0.9, 0.99]) if method in ("ppf", "isf") else X
        expected = getattr(theirs, method)(x, *shapes, loc=LOC, scale=SCALE)
        with np.errstate(all="ignore"):
            close(getattr(ours, method)(x, *shapes, LOC, SCALE), expected)
            close(getattr(ours, method)(ad.tensor(x), *shapes, LOC, SCALE).numpy(), expected)


@pytest.mark.parametrize("name, shapes", [("gamma", (2.5,)), ("chi2", (3.5,)),
                                           ("beta", (2.5, 1.5)), ("invgamma", (0.7,))])
def test_quantiles_are_scipys(name, shapes):
    q = np.array([1e-12, 1e-3, 0.3, 0.5, 0.9, 1 - 1e-9])
    for method in ("ppf", "isf"):
        expected = getattr(getattr(ss, name), method)(q, *shapes, loc=LOC, scale=SCALE)
        close(getattr(getattr(st, name), method)(q, *shapes, LOC, SCALE), expected)
    with pytest.raises(NoClosedFormError):
        ad.grad(lambda s: getattr(st, name).ppf(0.3, s, *shapes[1:]))(shapes[0])


@pytest.mark.parametrize("a, b", [(-0.5, 1.5), (-np.inf, 0.7), (1.0, np.inf), (5.0, 6.0),
                                  (-9.0, -8.5), (-1e-3, 2e-3), (-3.0, -1.0)])
def test_truncnorm_values_are_scipys(a, b):
    lo = a if np.isfinite(a) else min(b, 0) - 6
    hi = b if np.isfinite(b) else max(a, 0) + 6
    y = np.concatenate([np.linspace(lo, hi, 9)[1:-1], [lo - 1, hi + 1]])
    x = LOC + SCALE * y
    for method in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf"):
        expected = getattr(ss.truncnorm, method)(x, a, b, LOC, SCALE)
        got = getattr(st.truncnorm, method)(x, a, b, LOC, SCALE)
        # log-probabilities near 0 (below 1e-12) are where scipy loses digits: mpmath there
        keep = ~((np.abs(expected) < 1e-12) & (expected != 0)) if method.startswith("log") \
            else np.ones(len(x), bool)
        close(np.asarray(got)[keep], expected[keep], 1e-11 if a == -9.0 else 1e-12)


def _mp_mass(lo, hi):
    """Phi(hi) - Phi(lo) at 60 digits, upper tails through erfc."""
    def q(v):
        return mp.erfc(v / mp.sqrt(2)) / 2 if mp.isfinite(v) else mp.mpf(0 if v > 0 else 1)
    return q(mp.mpf(lo)) - q(mp.mpf(hi))


@pytest.mark.parametrize("a, b", [(-np.inf, np.inf), (1.0, np.inf), (-np.inf, 0.7),
                                  (5.0, 6.0), (-0.5, 1.5)])
@mp.workdps(DIGITS)
def test_truncnorm_entropy_against_mpmath(a, b):
    """scipy gives nan for an infinite bound and loses 9 digits at (5, 6)."""
    z = _mp_mass(a, b)
    exact = mp.quad(lambda v: (lambda p: -p * mp.log(p))(mp.npdf(v) / z),
                    [mp.mpf(a) if np.isfinite(a) else -mp.inf,
                     mp.mpf(b) if np.isfinite(b) else mp.inf]) + mp.log(SCALE)
    close(st.truncnorm.entropy(a, b, LOC, SCALE), float(exact), 1e-13)


@mp.workdps(DIGITS)
def test_truncnorm_log_tails_near_zero_against_mpmath():
    """log cdf near 0 (the far upper end of a lower-truncated normal), where scipy's
    ``log(1 - sf)`` keeps fewer digits."""
    a, b = 1.0, np.inf
    z = _mp_mass(a, b)
    for y in (6.0, 9.0, 12.0):
        exact = mp.log(1 - _mp_mass(y, b) / z)
        close(st.truncnorm.logcdf(y, a, b), float(exact), 1e-13)
    a, b = -np.inf, 0.7
    z = _mp_mass(a, b)
    for y in (-6.0, -9.0):
        close(st.truncnorm.logsf(y, a, b), float(mp.log(1 - _mp_mass(a, y) / z)), 1e-13)


@mp.workdps(DIGITS)
def test_log_probabilities_near_zero_against_mpmath():
    """Where scipy computes ``log(cdf)`` as is, ours keeps the digits (geom; halfnorm's tail)."""
    close(st.geom.logcdf(60, 0.3), float(mp.log(1 - mp.mpf(0.7) ** 60)), 1e-14)
    y = (40.0 - LOC) / SCALE
    close(st.halfnorm.logsf(40.0, LOC, SCALE), float(mp.log(mp.erfc(mp.mpf(y) / mp.sqrt(2)))),
          1e-14)
    y = (1e6 - LOC) / SCALE
    close(st.halfcauchy.logcdf(1e6, LOC, SCALE),
          float(mp.log(2 / mp.pi * mp.atan(mp.mpf(y)))), 1e-13)


@pytest.mark.parametrize("name, params, methods", [
    ("geom", (0.3,), ("logpmf", "pmf", "cdf", "sf", "logsf", "entropy")),
    ("nbinom", (2.5, 0.4), ("logpmf", "pmf", "cdf", "logcdf", "sf", "logsf")),
    ("betabinom", (12, 1.5, 2.5), ("logpmf", "pmf")),
])
def test_discrete_values_are_scipys(name, params, methods):
    ours, theirs = getattr(st, name), getattr(ss, name)
    for method in methods:
        if method == "entropy":
            close(ours.entropy(*params), theirs.entropy(*params))
            continue
        with np.errstate(all="ignore"):
            close(getattr(ours, method)(K, *params), getattr(theirs, method)(K, *params))
    assert set(ours.__all__) >= set(methods)


def test_discrete_values_with_loc():
    close(st.geom.logpmf(K, 0.3, loc=2), ss.geom.logpmf(K, 0.3, loc=2))
    close(st.nbinom.cdf(K, 2.5, 0.4, loc=-1), ss.nbinom.cdf(K, 2.5, 0.4, loc=-1))
    close(st.betabinom.pmf(K, 12, 1.5, 2.5, loc=1), ss.betabinom.pmf(K, 12, 1.5, 2.5, loc=1))


def test_vonmises_cdf_is_scipys_and_real_only():
    x = np.array([-7.0, -3.0, 0.3, 2.9, 9.0])         # unwrapped beyond one period, as scipy
    for method in ("cdf", "logcdf", "sf", "logsf"):
        with np.errstate(all="ignore"):
            close(getattr(st.vonmises, method)(x, 1.7, LOC, SCALE),
                  getattr(ss.vonmises, method)(x, 1.7, loc=LOC, scale=SCALE))
    g = ad.grad(lambda v: st.vonmises.cdf(v, 1.7, LOC, SCALE))(0.8)
    close(g, ss.vonmises.pdf(0.8, 1.7, loc=LOC, scale=SCALE), 1e-13)
    with pytest.raises(NoClosedFormError, match="'kappa'"):
        ad.grad(lambda k: st.vonmises.cdf(0.8, k))(1.7)
    with pytest.raises(TypeError, match="real"):
        st.vonmises.cdf(np.array([0.3 + 0.1j]), 1.7)


def test_no_closed_form_in_shape_parameters_of_distribution_functions():
    with pytest.raises(NoClosedFormError, match="'a'"):
        ad.grad(lambda a: st.invgamma.cdf(2.0, a))(2.5)
    with pytest.raises(NoClosedFormError, match="betainc"):   # n is a shape of betainc
        ad.grad(lambda n: st.nbinom.sf(3.0, n, 0.4))(2.5)
    # the densities are differentiable in them
    assert np.isfinite(ad.grad(lambda a: st.invgamma.logpdf(2.0, a))(2.5))
    assert np.isfinite(ad.grad(lambda n: st.nbinom.logpmf(3.0, n, 0.4))(2.5))
