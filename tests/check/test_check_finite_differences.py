"""Finite-difference reference: accuracy against analytic derivatives, one-sided kinks."""
import numpy as np
import pytest

from autodiff.check.finite_differences import default_step, directional_derivative


def test_directional_derivative_matches_analytic_derivative():
    x = np.array([0.3, -1.2, 2.5])
    u = np.array([1.0, -0.5, 2.0])
    fd = directional_derivative(lambda v: np.exp(v) * np.sin(v), x, u)
    analytic = (np.exp(x) * np.sin(x) + np.exp(x) * np.cos(x)) * u
    np.testing.assert_allclose(fd.df, analytic, rtol=1e-11)
    assert fd.converged.all()


def test_vector_output_of_all_inputs():
    # f(v) = (v0 * v1, v0 + v1^3) along u: J u by hand
    x, u = np.array([2.0, -1.5]), np.array([0.7, 0.2])
    fd = directional_derivative(lambda v: np.array([v[0] * v[1], v[0] + v[1] ** 3]), x, u)
    jac = np.array([[x[1], x[0]], [1.0, 3 * x[1] ** 2]])
    np.testing.assert_allclose(fd.df, jac @ u, rtol=1e-11)


def test_near_singularity_uses_a_step_relative_to_x():
    x = np.array([0.05])
    fd = directional_derivative(lambda v: np.log(v ** 2) + 1 / v, x, np.ones(1))
    np.testing.assert_allclose(fd.df, 2 / x - 1 / x ** 2, rtol=1e-10)


def test_one_sided_differences_disagree_at_a_kink():
    x = np.array([0.0])
    left = directional_derivative(np.abs, x, np.ones(1), side=-1).df
    right = directional_derivative(np.abs, x, np.ones(1), side=1).df
    np.testing.assert_allclose(left, [-1.0], atol=1e-9)
    np.testing.assert_allclose(right, [1.0], atol=1e-9)


def test_default_step_stays_within_bounds():
    u = np.ones(3)
    assert default_step(np.zeros(3), u) == 0.1 * 1e-2
    assert default_step(np.full(3, 1e6), u) == 0.1
    assert default_step(np.full(3, 0.5), u) == 0.05
    assert default_step(np.full(3, 1e-5), u) == pytest.approx(1e-6)
