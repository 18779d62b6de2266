"""The document's examples: every engine and the finite differences against hand-worked derivatives."""
import numpy as np
import pytest

import autodiff as ad
from autodiff.check.engines import jvp_columns, vjp_rows
from autodiff.check.finite_differences import directional_derivative
from autodiff.check.function import as_point, numpy_function
from autodiff.examples import (CONTROL_FLOW_SEEDS, control_flow, example, examples,
                               exercise_derivative, exercise_function,
                               exercise_second_derivative)

EXAMPLES = examples()


def _analytic_matrix(ex, point, out_size):
    """The hand-worked Jacobians, one per input, side by side as an (m, n) matrix."""
    return np.concatenate([np.asarray(j, dtype=np.float64).reshape(out_size, -1)
                           for j in ex.jacobian(*point.arrays)], axis=1)


@pytest.mark.parametrize("ex", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_engines_match_the_analytic_jacobian(ex):
    point = as_point(ex.inputs)
    fwd = jvp_columns(ex.function, point)
    rev = vjp_rows(ex.function, point)
    analytic = _analytic_matrix(ex, point, fwd.shape[0])
    np.testing.assert_allclose(fwd, analytic, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(rev, analytic, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("ex", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_finite_differences_match_the_analytic_jacobian(ex):
    point = as_point(ex.inputs)
    flat = numpy_function(ex.function, point)
    x = point.flat()
    columns = [directional_derivative(flat, x, np.eye(point.size)[j]).df
               for j in range(point.size)]
    fd = np.stack(columns, axis=1)
    analytic = _analytic_matrix(ex, point, fd.shape[0])
    scale = max(1.0, np.abs(analytic).max())
    np.testing.assert_allclose(fd, analytic, rtol=1e-9, atol=1e-9 * scale)


@pytest.mark.parametrize("ex", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_gradcheck_passes_on_every_example_at_order_2(ex):
    assert ex.check(order=2)


def test_control_flow_gradient_is_d_over_a_for_every_seed():
    # the document's own assertion: a.grad == d / a
    for seed in CONTROL_FLOW_SEEDS:
        a = example(f"control-flow-seed-{seed}").inputs[0].astype(np.float64)
        d = np.asarray(control_flow(ad.tensor(a)))
        assert ad.grad(control_flow)(a) == pytest.approx(d / a, rel=1e-15)


def test_control_flow_seeds_draw_what_randn_draws():
    for seed in CONTROL_FLOW_SEEDS:
        ad.manual_seed(seed)
        a = ad.randn(size=())
        assert example(f"control-flow-seed-{seed}").inputs[0] == a.numpy()


def test_exercise_derivatives_by_hand_agree_with_finite_differences():
    x = np.array([-2.0, 0.5, 1.0, 3.0])
    fd1 = directional_derivative(lambda v: exercise_derivative(v), x, np.ones(4)).df
    np.testing.assert_allclose(fd1, exercise_second_derivative(x), rtol=1e-9)
    grads = ad.grad(lambda v: exercise_function(v).sum())(x)
    np.testing.assert_allclose(grads, exercise_derivative(x), rtol=1e-13)


def test_second_derivatives_of_elementwise_examples():
    for name in ("sin", "log-sin-reciprocal"):
        ex = example(name)
        x = ex.inputs[0]
        h = ad.hessian(lambda v, ex=ex: ex.function(v).sum())(x)
        np.testing.assert_allclose(np.diag(h), ex.second_derivative(x), rtol=1e-10, atol=1e-12)


def test_unknown_example_lists_the_names():
    with pytest.raises(KeyError, match="dot"):
        example("nope")
