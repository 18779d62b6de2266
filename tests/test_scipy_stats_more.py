"""scipy.stats' descriptive statistics (entropy, zscore, gmean, hmean, skew, kurtosis, moment,
sem, variation) against scipy's values, shapes and defaults, on arrays and on tensors; the
nan_policy refusal. Derivatives: the op table (``op_table.py``)."""
import numpy as np
import pytest
import scipy.stats as ss

import autodiff as ad
import autodiff.scipy.stats as st

rng = np.random.default_rng(31)
A = rng.uniform(0.3, 2.0, size=(5, 4))
W = rng.uniform(0.5, 1.5, size=(5, 4))


@pytest.mark.parametrize("name, kw", [
    ("entropy", {}), ("entropy", {"axis": 1, "base": 2}), ("entropy", {"keepdims": True}),
    ("zscore", {}), ("zscore", {"axis": None, "ddof": 1}), ("zscore", {"axis": 1}),
    ("gmean", {}), ("gmean", {"axis": 1, "weights": W}), ("gmean", {"axis": None}),
    ("hmean", {}), ("hmean", {"axis": None, "weights": W}), ("hmean", {"keepdims": True}),
    ("skew", {}), ("skew", {"axis": 1, "bias": False}), ("skew", {"axis": None}),
    ("kurtosis", {}), ("kurtosis", {"fisher": False}), ("kurtosis", {"axis": 1, "bias": False}),
    ("kurtosis", {"axis": None, "bias": False, "keepdims": True}),
    ("moment", {}), ("moment", {"order": 0}), ("moment", {"order": 3, "axis": 1}),
    ("moment", {"order": [0, 1, 2, 5], "axis": None}), ("moment", {"order": 2, "center": 0.4}),
    ("sem", {}), ("sem", {"axis": None, "ddof": 0}), ("sem", {"axis": 1, "keepdims": True}),
    ("variation", {}), ("variation", {"axis": 1, "ddof": 1}), ("variation", {"axis": None}),
])
def test_values_and_shapes_are_scipys(name, kw):
    expected = getattr(ss, name)(A, **kw)
    for a in (A, ad.tensor(A)):
        got = np.asarray(getattr(st, name)(a, **kw))
        assert got.shape == np.shape(expected)
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)


def test_relative_entropy_broadcasts_and_normalizes():
    q = rng.uniform(0.3, 2.0, size=(5, 1))
    np.testing.assert_allclose(st.entropy(A, q), ss.entropy(A, q), rtol=1e-12)
    np.testing.assert_allclose(st.entropy(A[:, 0] * 3, A[:, 1], base=10),
                               ss.entropy(A[:, 0] * 3, A[:, 1], base=10), rtol=1e-12)


def test_constant_data_gives_scipys_nan():
    const = np.ones((4, 2))
    with np.errstate(all="ignore"):
        for name in ("skew", "kurtosis"):
            assert np.all(np.isnan(getattr(st, name)(const)))
            assert np.all(np.isnan(getattr(ss, name)(const)))


def test_gradient_of_a_standardized_moment():
    """d skew / d a sums to 0 (shift invariance) and is orthogonal to a - mean (scale
    invariance)."""
    a = rng.normal(size=7)
    g = ad.grad(lambda x: st.skew(x))(a)
    assert abs(np.sum(g)) < 1e-12 and abs(np.sum(g * (a - a.mean()))) < 1e-12


def test_nan_policy():
    with pytest.raises(ValueError, match="only 'propagate'"):
        st.skew(A, nan_policy="omit")
    with pytest.raises(ValueError, match="only 'propagate'"):
        st.entropy(A, nan_policy="raise")
    with pytest.raises(ValueError, match="nan_policy"):
        st.zscore(A, nan_policy="ignore")
    a = A.copy()
    a[0, 0] = np.nan
    assert np.isnan(st.gmean(a)[0]) and np.isfinite(st.gmean(a)[1])


def test_hmean_refuses_negative_data():
    with pytest.raises(ValueError, match="greater than or equal to zero"):
        st.hmean(A - 1)
