"""The newer ``autodiff.scipy.special`` functions (exponential integrals, zeta, Box-Cox, losses,
scaled Bessel functions, ...): values against scipy, derivatives against mpmath (exact to the
digits asked), the clear error where a derivative has no closed form, scipy's own ufuncs on
tensors, and PyTorch's values where it has the function without a derivative.

The op table (``op_table.py``) checks both modes, second order and finite differences.
"""
import mpmath as mp
import numpy as np
import pytest
import scipy.special as sps

import autodiff as ad
import autodiff.scipy.special as asp
from autodiff.scipy.special import NoClosedFormError

DIGITS = 40     # set in each test (mp.workdps): other tests may change mpmath's global precision
rng = np.random.default_rng(29)
X = rng.uniform(0.2, 3.0, size=5)


def close(a, b, rtol=1e-12):
    np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=rtol,
                               atol=1e-300)


@pytest.mark.parametrize("name,args", [
    ("erfcx", (X * 4 - 6,)), ("log_expit", (X * 20 - 30,)), ("exp1", (X,)), ("expi", (X - 1.5,)),
    ("expn", (np.array([0, 1, 2, 3, 5]), X)), ("poch", (X, X[::-1] - 1)),
    ("rel_entr", (X, X[::-1])), ("kl_div", (X, X[::-1])), ("huber", (1.0, X - 1.5)),
    ("pseudo_huber", (0.7, X - 1.5)), ("boxcox", (X, X - 1.5)), ("boxcox1p", (X - 0.1, X - 2)),
    ("inv_boxcox", (X - 1, X / 5)), ("inv_boxcox1p", (X - 1, X / 5)), ("k0", (X,)), ("k1", (X,)),
    ("k0e", (X,)), ("k1e", (X,)), ("kve", (1.5, X)), ("spence", (X,)), ("log1p", (X - 1,)),
    ("expm1", (X - 1,)), ("cosm1", (X - 1,)), ("exprel", (X - 1,)), ("hyp1f1", (0.5, 1.5, X)),
    ("owens_t", (X - 1, X)), ("factorial", (X * 3,)), ("zeta", (X + 1.1,)),
    ("zeta", (X + 1.1, X)), ("erfi", (X - 1.5,)), ("dawsn", (X * 3 - 4,)),
    ("ndtri_exp", (-X * 10,)), ("loggamma", (X,)), ("gammaincinv", (2.5, X / 3.1)),
    ("gammainccinv", (0.7, X / 3.1)), ("betaincinv", (1.5, 2.5, X / 3.1)),
    ("kn", (np.array([0, 1, 2, 3, 5]), X)), ("hyp2f1", (0.5, 1.5, 2.5, X / 3.1 - 0.5)),
    ("wrightomega", (X * 3 - 4,)),
])
def test_values_are_scipys(name, args):
    expected = getattr(sps, name)(*args)
    close(getattr(asp, name)(*args), expected)
    xs = [ad.tensor(a) if isinstance(a, np.ndarray) else a for a in args]
    close(getattr(asp, name)(*xs).numpy(), expected)


def _d(f, x):
    """The derivative of a scalar function at x, by forward and by reverse mode (they agree)."""
    fwd = float(ad.jvp(f, (np.float64(x),), (np.float64(1.0),))[1])
    rev = float(ad.grad(f)(np.float64(x)))
    close(fwd, rev, 1e-14)
    return fwd


@pytest.mark.parametrize("f, exact, points", [
    (asp.erfcx, lambda x: mp.exp(x * x) * mp.erfc(x), [-1.5, 0.3, 5.0, 25.0]),
    (asp.exp1, lambda x: mp.e1(x), [0.05, 1.0, 8.0]),
    (asp.expi, lambda x: mp.ei(x), [-2.0, 0.5, 6.0]),
    (lambda x: asp.expn(0, x), lambda x: mp.expint(0, x), [0.3, 2.0]),
    (lambda x: asp.expn(4, x), lambda x: mp.expint(4, x), [0.3, 2.0]),
    (asp.spence, lambda z: mp.polylog(2, 1 - z), [0.2, 1.0, 3.0]),
    (asp.exprel, lambda x: mp.expm1(x) / x if x else mp.mpf(1), [1e-9, -3e-3, 0.0099, 0.0101, 2.0]),
    (lambda lm: asp.boxcox(2.5, lm), lambda lm: (mp.mpf(2.5) ** lm - 1) / lm,
     [1e-7, -4e-3, 0.2, 1.5]),
    (lambda lm: asp.boxcox1p(0.7, lm), lambda lm: (mp.mpf(1.7) ** lm - 1) / lm, [2e-6, 0.6]),
    (lambda lm: asp.inv_boxcox(0.8, lm), lambda lm: (1 + lm * mp.mpf(0.8)) ** (1 / lm),
     [1e-7, -5e-3, 0.3]),
    (lambda lm: asp.inv_boxcox1p(0.8, lm), lambda lm: (1 + lm * mp.mpf(0.8)) ** (1 / lm) - 1,
     [3e-6, 0.3]),
    (lambda x: asp.kve(0.7, x), lambda x: mp.besselk(0.7, x) * mp.exp(x), [0.4, 3.0]),
    (asp.k1e, lambda x: mp.besselk(1, x) * mp.exp(x), [0.4, 3.0]),
    (lambda x: asp.hyp1f1(0.5, 1.5, x), lambda x: mp.hyp1f1(0.5, 1.5, x), [-2.0, 0.7]),
    (lambda q: asp.zeta(3.5, q), lambda q: mp.zeta(3.5, q), [0.3, 2.0]),
    (lambda z: asp.poch(z, 1.7), lambda z: mp.rf(z, 1.7), [0.6, 2.5]),
    (lambda h: asp.owens_t(h, 0.8), lambda h: mp.quad(
        lambda t: mp.exp(-h * h * (1 + t * t) / 2) / (1 + t * t), [0, 0.8]) / (2 * mp.pi),
     [-0.7, 1.3]),
    (lambda a: asp.owens_t(0.6, a), lambda a: mp.quad(
        lambda t: mp.exp(-mp.mpf(0.36) * (1 + t * t) / 2) / (1 + t * t), [0, a]) / (2 * mp.pi),
     [0.3, 2.0]),
    (lambda d: asp.pseudo_huber(d, 0.9), lambda d: d * d * (mp.sqrt(1 + (0.9 / d) ** 2) - 1),
     [0.5, 2.0]),
    (asp.erfi, mp.erfi, [-1.2, 0.4]),
    (asp.dawsn, lambda x: mp.sqrt(mp.pi) / 2 * mp.exp(-x * x) * mp.erfi(x), [-2.0, 0.4, 6.0]),
    (asp.ndtri_exp, lambda y: -mp.sqrt(2) * mp.erfinv(1 - 2 * mp.exp(y)) if y > -30
     else mp.findroot(lambda x: mp.log(mp.ncdf(x)) - y, -mp.sqrt(-2 * y)), [-0.3, -5.0, -60.0]),
    (asp.loggamma, mp.loggamma, [0.3, 4.5]),
    (lambda y: asp.gammaincinv(2.5, y),
     lambda y: mp.findroot(lambda x: mp.gammainc(2.5, 0, x, regularized=True) - y, 2), [0.2, 0.8]),
    (lambda y: asp.betaincinv(1.5, 2.5, y),
     lambda y: mp.findroot(lambda x: mp.betainc(1.5, 2.5, 0, x, regularized=True) - y, 0.4),
     [0.2, 0.8]),
    (lambda x: asp.kn(3, x), lambda x: mp.besselk(3, x), [0.5, 4.0]),
    (lambda z: asp.hyp2f1(0.5, 1.5, 2.5, z), lambda z: mp.hyp2f1(0.5, 1.5, 2.5, z), [-0.7, 0.6]),
    (asp.wrightomega, lambda z: mp.lambertw(mp.exp(z)), [-2.0, 0.5, 3.0]),
])
@mp.workdps(DIGITS)
def test_derivatives_against_mpmath(f, exact, points):
    for x in points:
        close(_d(f, x), mp.diff(exact, mp.mpf(x)), 1e-12)


@mp.workdps(DIGITS)
def test_second_derivatives_near_zero_against_mpmath():
    """The Taylor branch and the closed form of exprel' meet at |t| = 1e-2: second derivatives on
    both sides."""
    for x in [0.0, 5e-3, -0.0099, 0.0101, -0.5]:
        d2 = float(ad.grad(ad.grad(asp.exprel))(np.float64(x)))
        close(d2, mp.diff(lambda t: mp.expm1(t) / t if t else mp.mpf(1), mp.mpf(x), 2), 1e-10)
    for lm in [0.0, 1e-3, 0.05]:
        d2 = float(ad.grad(ad.grad(lambda m: asp.inv_boxcox(0.8, m)))(np.float64(lm)))
        exact = mp.diff(lambda m: (1 + m * mp.mpf(0.8)) ** (1 / m) if m else mp.exp(0.8),
                        mp.mpf(lm), 2)
        close(d2, exact, 1e-10)


def test_no_closed_form_raises_for_that_argument_only():
    with pytest.raises(NoClosedFormError, match="'x'"):
        ad.grad(lambda x: asp.zeta(x, 1.5))(3.0)
    with pytest.raises(NoClosedFormError, match="'x'"):
        ad.grad(asp.zeta)(3.0)
    with pytest.raises(NoClosedFormError, match="'a'"):
        ad.grad(lambda a: asp.hyp1f1(a, 1.5, 0.3))(0.5)
    with pytest.raises(NoClosedFormError, match="'b'"):
        ad.jvp(lambda b: asp.hyp1f1(0.5, b, 0.3), (1.5,), (1.0,))
    with pytest.raises(NoClosedFormError, match="'v'"):
        ad.grad(lambda v: asp.kve(v, 0.3))(0.5)
    with pytest.raises(NoClosedFormError, match="'n'"):
        ad.grad(lambda n: asp.expn(n, 0.3))(2.0)
    with pytest.raises(NoClosedFormError, match="'c'"):
        ad.grad(lambda c: asp.hyp2f1(0.5, 1.5, c, 0.3))(2.5)
    with pytest.raises(NoClosedFormError, match="'a'"):
        ad.grad(lambda a: asp.gammaincinv(a, 0.3))(2.5)
    with pytest.raises(NoClosedFormError, match="'b'"):
        ad.grad(lambda b: asp.betaincinv(1.5, b, 0.3))(2.5)


def test_scipys_own_ufuncs_on_tensors():
    """scipy.special's ufuncs (not numpy's expm1/log1p) reach the primitives."""
    x = ad.tensor(np.array([0.3, -0.2]), requires_grad=True)
    y = sps.expm1(x) + sps.log1p(x) + sps.exprel(x) + sps.erfcx(x) + sps.zeta(3.0, x + 1)
    assert isinstance(y, ad.Tensor)
    y.sum().backward()
    xv = x.detach().numpy()
    expected = (np.exp(xv) + 1 / (1 + xv) + (np.exp(xv) - sps.exprel(xv)) / xv
                + 2 * xv * sps.erfcx(xv) - 2 / np.sqrt(np.pi) - 3 * sps.zeta(4.0, xv + 1))
    close(x.grad.numpy(), expected, 1e-11)


@mp.workdps(DIGITS)
def test_scipys_expm1_is_accurate_on_complex_input():
    z = np.array([1e-10 + 1e-10j, 0.3 + 0.2j])
    exact = np.array([complex(mp.expm1(mp.mpc(v))) for v in z])
    for value in (asp.expm1(z), asp.expm1(ad.tensor(z)).numpy()):
        assert np.max(np.abs(value - exact) / np.abs(exact)) < 1e-15


def test_factorial_options():
    n = np.array([-1.5, 0.0, 2.5, 4.0])
    close(asp.factorial(n), sps.factorial(n))
    close(asp.factorial(n, extend="complex"), sps.factorial(n, extend="complex"))
    assert asp.factorial(np.array([3, 5]), exact=True).tolist() == [6, 120]
    close(ad.grad(lambda v: asp.factorial(v))(2.5), sps.gamma(3.5) * sps.digamma(3.5))
    assert float(ad.grad(lambda v: asp.factorial(v))(-1.5)) == 0.0
    with pytest.raises(ValueError, match="extend"):
        asp.factorial(n, extend="bad")


def test_bessel_k_values_match_torch():
    torch = pytest.importorskip("torch")
    x = torch.tensor(X, dtype=torch.float64)
    for ours, theirs in [(asp.k0, torch.special.modified_bessel_k0),
                         (asp.k1, torch.special.modified_bessel_k1),
                         (asp.k0e, torch.special.scaled_modified_bessel_k0),
                         (asp.k1e, torch.special.scaled_modified_bessel_k1)]:
        close(ours(X), theirs(x).numpy(), 1e-12)


def test_two_result_ufuncs_on_tensors():
    """scipy's sici, shichi and fresnel of a tensor: a pair of tensors, each differentiable."""
    x = np.array([0.4, 1.3, 2.5])
    for name, derivs in [("sici", (np.sin(x) / x, np.cos(x) / x)),
                         ("shichi", (np.sinh(x) / x, np.cosh(x) / x)),
                         ("fresnel", (np.sin(np.pi * x * x / 2), np.cos(np.pi * x * x / 2)))]:
        expected = getattr(sps, name)(x)
        for k in (0, 1):
            close(getattr(asp, name)(x)[k], expected[k])
            out, tangent = ad.jvp(lambda t: getattr(sps, name)(t)[k], (x,), (np.ones(3),))
            close(out, expected[k])
            close(tangent, derivs[k], 1e-13)
    assert float(ad.grad(lambda t: asp.sici(t)[0])(0.0)) == 1.0
