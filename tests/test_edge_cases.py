"""The edge-case decisions of ``docs/edge_cases.rst``, one test per row, in both engines.

Expected values come from the documented decision (PyTorch's where one exists) and from numpy's
own values, never from our output.
"""
import warnings

import numpy as np
import pytest

import autodiff as ad
from op_table import CASES


def both(f, x):
    """Derivative of scalar-to-array ``f`` at ``x`` along ones: (reverse mode, forward mode)."""
    x = np.asarray(x, dtype=np.float64)
    rev = ad.grad(lambda z: ad.sum(f(z)))(x)
    fwd = np.asarray(ad.jvp(lambda z: ad.sum(f(z)), (x,), (np.ones_like(x),))[1])
    return rev, fwd


def assert_both(f, x, expected_grad):
    rev, fwd = both(f, x)
    np.testing.assert_array_equal(rev, expected_grad)
    np.testing.assert_array_equal(fwd, np.sum(expected_grad))


# -- kinks ---------------------------------------------------------------------------------
def test_abs_at_zero_is_zero():
    assert_both(np.abs, [0.0, -2.0, 3.0], np.array([0.0, -1.0, 1.0]))


def test_relu_at_zero_is_zero():
    assert_both(ad.relu, [0.0, -1.0, 2.0], np.array([0.0, 0.0, 1.0]))


def test_maximum_and_minimum_split_ties_evenly():
    assert_both(lambda x: np.maximum(x, 1.0), [1.0, 2.0, 0.0], np.array([0.5, 1.0, 0.0]))
    assert_both(lambda x: np.minimum(x, 1.0), [1.0, 2.0, 0.0], np.array([0.5, 0.0, 1.0]))


def test_clip_passes_the_gradient_at_its_bounds():
    assert_both(lambda x: np.clip(x, -1.0, 1.0), [-1.0, 1.0, 1.5, 0.0],
                np.array([1.0, 1.0, 0.0, 1.0]))


def test_max_and_min_split_ties_evenly():
    assert_both(np.max, [1.0, 3.0, 3.0], np.array([0.0, 0.5, 0.5]))
    assert_both(lambda x: np.min(x, axis=0), [[2.0, 1.0], [2.0, 0.0]],
                np.array([[0.5, 0.0], [0.5, 1.0]]))


def test_sort_ties_follow_the_stable_order():
    # sorted [1, 1, 2]: weight 1, 10, 100 on the positions; the first tied 1 (index 1) is first.
    w = np.array([1.0, 10.0, 100.0])
    x = np.array([2.0, 1.0, 1.0])
    np.testing.assert_array_equal(ad.grad(lambda z: ad.sum(np.sort(z) * w))(x),
                                  [100.0, 1.0, 10.0])


def test_norm_at_the_origin_is_zero():
    assert_both(lambda x: np.linalg.norm(x), [0.0, 0.0], np.zeros(2))


# -- domain edges -------------------------------------------------------------------------------
def test_sqrt_at_zero_is_inf_with_numpys_warning():
    for engine in (lambda f, x: ad.grad(f)(x), lambda f, x: ad.jvp(f, (x,), (1.0,))[1]):
        with pytest.warns(RuntimeWarning, match="divide by zero"):
            d = engine(lambda z: np.sqrt(z), np.array(0.0))
        assert np.isposinf(d)


def test_log_at_zero_is_minus_inf_with_inf_derivative():
    with pytest.warns(RuntimeWarning, match="divide by zero"):
        out, t = ad.jvp(np.log, (np.array(0.0),), (np.array(1.0),))
    with pytest.warns(RuntimeWarning, match="divide by zero"):
        g = ad.grad(np.log)(np.array(0.0))
    assert np.isneginf(out) and np.isposinf(t) and np.isposinf(g)


@pytest.mark.parametrize("engine", ["fwd", "rev"])
def test_log_of_a_negative_is_nan_with_numpys_warning(engine):
    x = np.array([-1.0, 2.0])
    with warnings.catch_warnings(record=True) as numpy_warns:
        warnings.simplefilter("always")
        expected = np.log(x)
    with pytest.warns(RuntimeWarning, match="invalid value encountered in log") as ours:
        if engine == "fwd":
            value, deriv = ad.jvp(np.log, (x,), (np.ones(2),))
        else:
            value, vjp_fn = ad.vjp(np.log, x)
            (deriv,) = vjp_fn(np.ones(2))
    assert [str(w.message) for w in numpy_warns] == [str(w.message) for w in ours
                                                     if "log" in str(w.message)]
    np.testing.assert_array_equal(value, expected)           # nan where numpy gives nan
    np.testing.assert_array_equal(deriv, 1 / x)              # the rule 1/x, same in both engines


def test_log_of_a_negative_tensor_warns_like_numpy():
    t = ad.tensor([-1.0], requires_grad=True)
    with pytest.warns(RuntimeWarning, match="invalid value encountered in log"):
        y = t.log()
    assert np.isnan(y.item())
    y.backward()
    assert t.grad.item() == -1.0


# -- where and NaN -------------------------------------------------------------------------------
def test_where_keeps_nan_of_the_untaken_branch_out_of_the_gradient():
    x = np.array([1.0, -1.0])
    assert_both(lambda z: np.where(z > 0, z, np.nan), x, np.array([1.0, 0.0]))
    # both branches differentiated: the untaken one gets exact zeros, not 0 * nan
    grads = ad.grad(lambda a, b: ad.sum(np.where(a > 0, a, b)), argnums=(0, 1))(
        x, np.array([np.nan, 2.0]))
    np.testing.assert_array_equal(grads[0], [1.0, 0.0])
    np.testing.assert_array_equal(grads[1], [0.0, 1.0])


def test_nan_from_a_branch_rule_needs_the_double_where_idiom():
    x = np.array([4.0, -1.0])
    with np.errstate(invalid="ignore", divide="ignore"):
        naive = ad.grad(lambda z: ad.sum(np.where(z > 0, np.sqrt(z), 0.0)))(x)
    assert np.isnan(naive[1])                # sqrt's rule sees sqrt(-1) = nan: 0 * nan (PyTorch too)
    safe = ad.grad(lambda z: ad.sum(np.where(z > 0, np.sqrt(np.where(z > 0, z, 1.0)), 0.0)))(x)
    np.testing.assert_array_equal(safe, [0.25, 0.0])


# -- integer and bool inputs --------------------------------------------------------------------
def test_integer_and_bool_inputs_get_no_gradient_and_no_error():
    x = ad.tensor([1.0, 2.0], requires_grad=True)
    n = ad.tensor([2, 3])
    mask = ad.tensor([True, False])
    y = (x ** n * mask + np.exp(n)).sum()
    y.backward()
    np.testing.assert_array_equal(x.grad.numpy(), [2.0, 0.0])
    assert n.grad is None and mask.grad is None and not n.requires_grad


def test_integer_only_computation_records_nothing():
    n = ad.tensor([1, 2, 3])
    y = np.cumsum(n * 2)
    assert y.grad_fn is None and y.dtype == np.int64
    np.testing.assert_array_equal(y.numpy(), np.cumsum(np.array([1, 2, 3]) * 2))


def test_integer_constants_inside_transforms():
    f = lambda x: ad.sum(x * np.arange(3) + np.take(x, np.array([0, 0])).sum())  # noqa: E731
    np.testing.assert_array_equal(ad.grad(f)(np.ones(3)), [6.0, 1.0, 2.0])


# -- float32 ------------------------------------------------------------------------------------
F32 = [c for c in CASES if c.order >= 1]


@pytest.mark.parametrize("case", F32, ids=[c.id for c in F32])
def test_float32_in_float32_out(case):
    args = tuple(a.astype(np.float32) for a in case.args)
    if case.op != "astype":
        assert np.asarray(case.fn(*args)).dtype == np.float32
    with np.errstate(all="ignore"):
        expected = np.asarray(case.fn(*args))
        out, tangent = ad.jvp(case.fn, args, tuple(np.ones_like(a) for a in args))
        _, vjp_fn = ad.vjp(case.fn, *args)
        cts = vjp_fn(np.ones(expected.shape, expected.dtype))
    # numpy decides the output dtype (float32 here, except where the function itself converts)
    assert out.dtype == expected.dtype and tangent.dtype == expected.dtype
    assert all(c.dtype == np.float32 for c in cts)


def test_float32_tensor_gradients_are_float32():
    x = ad.tensor(np.array([[1.0, 2.0], [3.0, 5.0]], np.float32), requires_grad=True)
    y = np.linalg.det(x) + np.cumprod(x).sum() + ad.logsumexp(x) + np.std(x)
    assert y.dtype == np.float32
    y.backward()
    assert x.grad.dtype == np.float32
