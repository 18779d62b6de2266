"""``autodiff.scipy.special`` and ``autodiff.scipy.stats`` against scipy's values (1e-12), mpmath
where scipy itself is the question, and the clear error for derivatives with no closed form.

Derivatives are checked by the op table's walk (``op_table.py``); here: values and errors.
"""
import numpy as np
import pytest
import scipy.special as sps
import scipy.stats as ss

import autodiff as ad
import autodiff.scipy.special as asp
import autodiff.scipy.stats as st
from autodiff.scipy.special import NoClosedFormError

rng = np.random.default_rng(11)
X = rng.uniform(0.1, 0.9, size=6)


def close(a, b, rtol=1e-12):
    np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=rtol,
                               atol=1e-300, equal_nan=True)


@pytest.mark.parametrize("name,args", [
    ("gamma", (X * 5 - 2,)), ("rgamma", (X * 5 - 2,)), ("gammasgn", (X * 5 - 2,)),
    ("beta", (X, X[::-1] * 3)), ("betaln", (X * 10, X[::-1])), ("gammainc", (2.5, X * 3)),
    ("gammaincc", (0.5, X * 3)), ("betainc", (1.5, 2.5, X)), ("stdtr", (4.0, X * 6 - 3)),
    ("erfinv", (X * 2 - 1,)), ("erfcinv", (X * 2,)), ("ndtr", (X * 6 - 3,)),
    ("log_ndtr", (X * 60 - 50,)), ("ndtri", (X,)), ("xlog1py", (X, X - 0.5)), ("entr", (X,)),
    ("xlogy", (X, X)), ("digamma", (X,)), ("erf", (X,)), ("j0", (X * 9,)), ("j1", (X * 9,)),
    ("y0", (X * 9,)), ("y1", (X * 9,)), ("i0", (X * 9,)), ("i1", (X * 9,)), ("i0e", (X * 9,)),
    ("i1e", (X * 9,)), ("jv", (2.5, X * 9)), ("jn", (3, X * 9)), ("yv", (1.5, X * 9)),
    ("yn", (2, X * 9)), ("iv", (1.5, X * 9)), ("ive", (0.5, X * 9)), ("kv", (1.2, X * 9)),
])
def test_special_values_are_scipys(name, args):
    close(getattr(asp, name)(*args), getattr(sps, name)(*args))
    traced = ad.jvp(lambda x: getattr(asp, name)(*args[:-1], x), (args[-1],),
                    (np.ones_like(args[-1]),))[0] if name != "gammasgn" else None
    if traced is not None:
        close(traced, getattr(sps, name)(*args))


def test_polygamma_multigammaln_softmax():
    close(asp.polygamma(3, X), sps.polygamma(3, X))
    n = np.array([0, 1, 2, 3, 1, 0])
    close(asp.polygamma(n, X), sps.polygamma(n, X))
    close(asp.multigammaln(X + 3, 4), sps.multigammaln(X + 3, 4))
    a = rng.normal(size=(3, 4))
    close(asp.softmax(a, axis=1), sps.softmax(a, axis=1))
    close(asp.log_softmax(a, 0), sps.log_softmax(a, 0))
    with pytest.raises(ValueError):
        asp.multigammaln(X, 0)


@pytest.mark.parametrize("kw", [{}, {"axis": 1}, {"axis": 0, "keepdims": True},
                                {"axis": (0, 1)}, {"axis": 1, "b": "pos"},
                                {"axis": 1, "b": "mixed", "return_sign": True},
                                {"b": "mixed", "return_sign": True},
                                {"axis": -1, "b": "mixed"}])
def test_logsumexp_like_scipy(kw):
    a = rng.normal(size=(3, 4)) * 10
    kw = dict(kw)
    if kw.get("b") == "pos":
        kw["b"] = rng.uniform(0.5, 2, size=4)
    elif kw.get("b") == "mixed":
        kw["b"] = rng.normal(size=(3, 4))
    with np.errstate(invalid="ignore"):
        ours, theirs = asp.logsumexp(a, **kw), sps.logsumexp(a, **kw)
    if kw.get("return_sign"):
        close(ours[0], theirs[0])
        close(ours[1], theirs[1])
    else:
        close(ours, theirs)


def test_logsumexp_gradient_in_b():
    a, b = rng.normal(size=4), rng.uniform(0.5, 2, size=4)
    ga, gb = ad.grad(lambda a, b: asp.logsumexp(a, b=b), argnums=(0, 1))(a, b)
    w = b * np.exp(a) / np.sum(b * np.exp(a))
    close(ga, w)
    close(gb, w / b)


def test_mpmath_references():
    """Values where a rule's constants matter: the derivatives of gammainc, betainc and stdtr
    in x are the gamma, beta and t densities; mpmath's quadrature-free closed forms check them."""
    mp = pytest.importorskip("mpmath")
    mp.mp.dps = 30
    g = ad.grad(lambda x: asp.gammainc(2.5, x))(1.3)
    assert abs(g - float(mp.diff(lambda t: mp.gammainc(2.5, 0, t, regularized=True), 1.3))) < 1e-13
    g = ad.grad(lambda x: asp.betainc(1.5, 2.5, x))(0.3)
    assert abs(g - float(mp.diff(lambda t: mp.betainc(1.5, 2.5, 0, t, regularized=True), 0.3))) \
        < 1e-13
    g = ad.grad(lambda x: asp.kv(0.7, x))(1.1)
    assert abs(g - float(mp.diff(lambda t: mp.besselk(0.7, t), 1.1))) < 1e-13
    g = ad.grad(lambda x: asp.ive(1, x))(-2.1)
    assert abs(g - float(mp.diff(lambda t: mp.besseli(1, t) * mp.exp(-abs(t)), -2.1))) < 1e-13
    h = ad.grad(ad.grad(lambda x: asp.erfinv(x)))(0.4)
    assert abs(h - float(mp.diff(mp.erfinv, 0.4, 2))) < 1e-12


@pytest.mark.parametrize("f,argnum,argname", [
    (lambda a, x: asp.gammainc(a, x), 0, "a"),
    (lambda a, x: asp.gammaincc(a, x), 0, "a"),
    (lambda a, x: asp.betainc(a, 2.0, x), 0, "a"),
    (lambda b, x: asp.betainc(2.0, b, x), 0, "b"),
    (lambda v, x: asp.jv(v, x), 0, "v"),
    (lambda v, x: asp.kv(v, x), 0, "v"),
    (lambda df, x: asp.stdtr(df, x), 0, "df"),
    (lambda df, x: st.t.cdf(x, df), 0, "df"),
])
def test_no_closed_form_raises_for_that_argument_only(f, argnum, argname):
    with pytest.raises(NoClosedFormError, match=f"'{argname}'") as info:
        ad.grad(f, argnums=argnum)(1.5, 0.4)
    assert info.value.argument == argname
    with pytest.raises(NoClosedFormError):
        ad.jvp(lambda p: f(p, 0.4), (1.5,), (1.0,))
    assert isinstance(info.value, ad.MissingRuleError)
    assert np.isfinite(ad.grad(f, argnums=1)(1.5, 0.4))           # the other argument works


# -- stats ----------------------------------------------------------------------------------------
CONT = [("norm", (0.3, 1.7)), ("t", (3.5, 0.3, 1.7)), ("chi2", (3.5, -0.2, 1.1)),
        ("gamma", (2.5, 0.1, 1.3)), ("beta", (2.5, 1.3, -0.5, 2.0)), ("expon", (0.2, 1.3)),
        ("uniform", (0.2, 1.3)), ("laplace", (0.2, 1.3)), ("cauchy", (0.2, 1.3)),
        ("logistic", (0.2, 1.3))]


@pytest.mark.parametrize("name,params", CONT, ids=[c[0] for c in CONT])
def test_continuous_values_are_scipys(name, params):
    x = np.linspace(-3, 4, 15)
    with np.errstate(divide="ignore", invalid="ignore"):
        for m in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf"):
            close(getattr(getattr(st, name), m)(x, *params),
                  getattr(getattr(ss, name), m)(x, *params), rtol=1e-11)
    close(getattr(st, name).entropy(*params), getattr(ss, name).entropy(*params))


def test_norm_tails_and_quantiles():
    x = np.array([-40.0, -10.0, 0.0, 10.0, 40.0])
    close(st.norm.logcdf(x), ss.norm.logcdf(x))
    close(st.norm.logsf(x), ss.norm.logsf(x))
    q = np.linspace(0.01, 0.99, 7)
    close(st.norm.ppf(q, 1.0, 2.0), ss.norm.ppf(q, 1.0, 2.0))
    close(st.norm.isf(q, 1.0, 2.0), ss.norm.isf(q, 1.0, 2.0))
    close(st.expon.ppf(q, 1.0, 2.0), ss.expon.ppf(q, 1.0, 2.0))
    close(st.uniform.ppf(q, 1.0, 2.0), ss.uniform.ppf(q, 1.0, 2.0))


@pytest.mark.parametrize("name,params", [("poisson", (2.3,)), ("bernoulli", (0.3,)),
                                         ("binom", (6, 0.3))])
def test_discrete_values_are_scipys(name, params):
    k = np.array([-1.0, 0.0, 1.0, 1.5, 2.0, 5.0, 6.0, 8.0])
    with np.errstate(divide="ignore"):
        for m in ("logpmf", "pmf", "cdf", "logcdf", "sf", "logsf"):
            close(getattr(getattr(st, name), m)(k, *params),
                  getattr(getattr(ss, name), m)(k, *params), rtol=1e-11)
    close(getattr(st, name).entropy(*params), getattr(ss, name).entropy(*params))
    if name == "poisson":
        mu = np.array([0.1, 2.0, 45.0])
        close(st.poisson.entropy(mu), ss.poisson.entropy(mu))


def test_dirichlet_values():
    alpha = np.array([1.5, 2.0, 3.0])
    x = rng.dirichlet(alpha, size=5).T
    close(st.dirichlet.logpdf(x, alpha), ss.dirichlet.logpdf(x, alpha))
    close(st.dirichlet.pdf(x[:2], alpha), ss.dirichlet.pdf(x[:2], alpha))
    close(st.dirichlet.entropy(alpha), ss.dirichlet.entropy(alpha))
    close(st.dirichlet.mean(alpha), ss.dirichlet.mean(alpha))
    close(st.dirichlet.var(alpha), ss.dirichlet.var(alpha))
    with pytest.raises(ValueError):
        st.dirichlet.logpdf(x[:, 0] + 0.1, alpha)


def test_multivariate_normal_values():
    mvn, ref = st.multivariate_normal, ss.multivariate_normal
    b = rng.normal(size=(3, 3))
    cov, mean, x = b @ b.T + np.eye(3), rng.normal(size=3), rng.normal(size=(4, 3))
    close(mvn.logpdf(x, mean, cov), ref.logpdf(x, mean, cov))
    close(mvn.pdf(x[0], mean, cov), ref.pdf(x[0], mean, cov))
    close(mvn.logpdf(x, mean, np.array([1.0, 2.0, 3.0])),
          ref.logpdf(x, mean, np.array([1.0, 2.0, 3.0])))
    close(mvn.logpdf(x[:, 0], 0.5, 2.0), ref.logpdf(x[:, 0], 0.5, 2.0))
    close(mvn.entropy(mean, cov), ref.entropy(mean, cov))
    b2 = rng.normal(size=(3, 2))
    sing = b2 @ b2.T
    pts = mean + rng.normal(size=(4, 2)) @ b2.T
    close(mvn.logpdf(pts, mean, sing, allow_singular=True),
          ref.logpdf(pts, mean, sing, allow_singular=True), rtol=1e-9)
    close(mvn.entropy(mean, sing), ref.entropy(mean, sing), rtol=1e-9)
    with pytest.raises(np.linalg.LinAlgError):
        mvn.logpdf(pts, mean, sing)


def test_stats_gradients_in_parameters():
    """One hand-derived gradient per family of parameter: d/dloc, d/dscale of norm.logpdf."""
    x = np.array([0.5, -1.0])
    gl, gs = ad.grad(lambda l, s: st.norm.logpdf(x, l, s).sum(), argnums=(0, 1))(0.2, 1.5)
    z = (x - 0.2) / 1.5
    close(gl, np.sum(z / 1.5))
    close(gs, np.sum((z * z - 1) / 1.5))


@pytest.mark.parametrize("ours,theirs", [
    (lambda x: asp.j0(x), "bessel_j0"), (lambda x: asp.j1(x), "bessel_j1"),
    (lambda x: asp.y0(x), "bessel_y0"), (lambda x: asp.y1(x), "bessel_y1"),
    (lambda x: asp.kv(0, x), "modified_bessel_k0"), (lambda x: asp.kv(1, x), "modified_bessel_k1"),
    (lambda x: asp.erfcinv(2 * x / 10), None)])
def test_bessel_values_against_torch(ours, theirs):
    """PyTorch has these values but no derivatives for them (the op table's torch rows cover
    the ones it differentiates), so values only. PyTorch's j0, j1, y0, y1 are accurate to about
    1e-7 absolute (scipy's, to 4e-16 against mpmath; see the next test), hence the tolerance."""
    torch = pytest.importorskip("torch")
    x = np.linspace(0.3, 9.0, 7)
    if theirs is None:
        expected = -torch.special.erfinv(torch.tensor(2 * x / 10 - 1)).numpy()
    else:
        expected = getattr(torch.special, theirs)(torch.tensor(x)).numpy()
    np.testing.assert_allclose(ours(x), expected, rtol=1e-10,
                               atol=2e-7 if theirs and theirs.startswith("bessel") else 1e-14)


def test_bessel_values_against_mpmath():
    mp = pytest.importorskip("mpmath")
    x = np.linspace(0.3, 9.0, 7)
    for ours, ref in [(asp.j0, lambda v: mp.besselj(0, v)), (asp.y1, lambda v: mp.bessely(1, v)),
                      (lambda v: asp.jv(2.5, v), lambda v: mp.besselj(2.5, v)),
                      (lambda v: asp.ive(1.5, v), lambda v: mp.besseli(1.5, v) * mp.exp(-v))]:
        np.testing.assert_allclose(ours(x), [float(ref(v)) for v in x], rtol=1e-13, atol=1e-15)
