"""``autodiff.scipy.integrate.odeint``: scipy's values; gradients by the adjoint method against
finite differences on a linear and a nonlinear ODE, and against the closed form of the linear
one (``y(t) = expm(A t) y0``)."""
import numpy as np
import pytest
import scipy.integrate as si
import scipy.linalg as sla

import autodiff as ad
import autodiff.scipy.linalg as asl
from autodiff.scipy.integrate import odeint

T = np.linspace(0.0, 1.5, 5)
TOL = {"rtol": 1e-12, "atol": 1e-12}
A = np.array([[-0.5, 1.0], [-1.0, -0.3]])
Y0 = np.array([1.0, 0.5])


def linear(y, t, a):
    return a @ y


def pendulum(y, t, b, c):
    return ad.stack([y[1], -b * y[1] - c * ad.sin(y[0])])


def fd_grad(f, x, eps=1e-5):
    x = np.asarray(x, dtype=float)
    out = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = eps
        out[i] = (f(x + e) - f(x - e)) / (2 * eps)
    return out


def test_values_are_scipys():
    np.testing.assert_allclose(odeint(linear, Y0, T, (A,), **TOL),
                               si.odeint(linear, Y0, T, (A,), **TOL), rtol=1e-12)
    np.testing.assert_allclose(odeint(pendulum, Y0, T, (0.25, 5.0)),
                               si.odeint(pendulum, Y0, T, (0.25, 5.0)), rtol=1e-12)
    np.testing.assert_allclose(odeint(lambda t, y, a: a @ y, Y0, T, (A,), tfirst=True, **TOL),
                               si.odeint(linear, Y0, T, (A,), **TOL), rtol=1e-12)


def test_linear_ode_gradients_match_closed_form_and_fd():
    w = np.random.default_rng(0).standard_normal((len(T), 2))

    def loss(y0, a):
        return ad.sum(w * odeint(linear, y0, T, (a,), **TOL))

    def closed(y0, a):
        return sum(ad.sum(w[i] * (asl.expm(a * t) @ y0)) for i, t in enumerate(T))

    gy, ga = ad.grad(loss, argnums=(0, 1))(Y0, A)
    cy, ca = ad.grad(closed, argnums=(0, 1))(Y0, A)
    np.testing.assert_allclose(gy, cy, rtol=1e-8)
    np.testing.assert_allclose(ga, ca, rtol=1e-8)
    np.testing.assert_allclose(ga, fd_grad(lambda a: loss(Y0, a), A), rtol=1e-6)
    _, tangent = ad.jvp(loss, (Y0, A), (np.array([0.3, -1.0]), np.zeros((2, 2))))
    np.testing.assert_allclose(tangent, gy @ np.array([0.3, -1.0]), rtol=1e-8)


def test_nonlinear_ode_gradients_match_fd():
    def loss(y0, b, c):
        y = odeint(pendulum, y0, T, (b, c), **TOL)
        return ad.sum(y[-1] ** 2) + ad.sum(y[:, 0])

    gy, gb, gc = ad.grad(loss, argnums=(0, 1, 2))(Y0, 0.25, 5.0)
    np.testing.assert_allclose(gy, fd_grad(lambda y0: loss(y0, 0.25, 5.0), Y0), rtol=1e-6)
    np.testing.assert_allclose(gb, fd_grad(lambda b: loss(Y0, b, 5.0), 0.25), rtol=1e-6)
    np.testing.assert_allclose(gc, fd_grad(lambda c: loss(Y0, 0.25, c), 5.0), rtol=1e-6)
    # forward mode (sensitivities) agrees with reverse mode (adjoint)
    _, tc = ad.jvp(lambda c: loss(Y0, 0.25, c), (5.0,), (1.0,))
    np.testing.assert_allclose(tc, gc, rtol=1e-8)
    # second order: the Hessian in y0, forward over reverse and reverse over reverse
    h1 = ad.hessian(lambda y0: loss(y0, 0.25, 5.0))(Y0)
    h2 = ad.jacrev(ad.grad(lambda y0: loss(y0, 0.25, 5.0)))(Y0)
    np.testing.assert_allclose(h1, h2, rtol=1e-7)
    g = ad.grad(lambda y0: loss(y0, 0.25, 5.0))
    np.testing.assert_allclose(h1, np.stack([fd_grad(lambda y: g(y)[k], Y0) for k in range(2)]),
                               rtol=1e-5)


def test_tensor_backward():
    y0 = ad.tensor(Y0, requires_grad=True)
    a = ad.tensor(A, requires_grad=True)
    odeint(linear, y0, T, (a,), **TOL)[-1].sum().backward()
    expected = sla.expm(A * T[-1]).T @ np.ones(2)
    np.testing.assert_allclose(y0.grad.numpy(), expected, rtol=1e-8)


def test_gradient_in_the_times_matches_the_slopes_and_fd():
    # For y' = A y: d y(t_i)/d t_i = A y(t_i), and moving t_0 moves every later y(t_i) by
    # -expm(A (t_i - t_0)) A y0.
    w = np.random.default_rng(2).standard_normal((len(T), 2))

    def loss(t):
        return ad.sum(w * odeint(linear, Y0, t, (A,), **TOL))

    g = ad.grad(loss)(T)
    ys = [sla.expm(A * (t - T[0])) @ Y0 for t in T]
    closed = np.array([w[i] @ (A @ ys[i]) for i in range(len(T))])
    closed[0] = -sum(w[i] @ (sla.expm(A * (T[i] - T[0])) @ A @ Y0) for i in range(1, len(T)))
    np.testing.assert_allclose(g, closed, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(g, fd_grad(loss, T, eps=1e-6), rtol=1e-6)
    _, tangent = ad.jvp(loss, (T,), (np.arange(len(T), dtype=float),))
    np.testing.assert_allclose(tangent, g @ np.arange(len(T)), rtol=1e-8)


def test_times_with_a_time_dependent_system_to_second_order():
    def forced(y, t, b, c):
        return ad.stack([y[1], -b * y[1] - c * ad.sin(y[0]) * ad.cos(t)])

    w = np.random.default_rng(1).standard_normal((len(T), 2))

    def loss(t, c):
        return ad.sum(w * odeint(forced, Y0, t, (0.25, c), **TOL))

    gt, gc = ad.grad(loss, argnums=(0, 1))(T, 5.0)
    np.testing.assert_allclose(gt, fd_grad(lambda t: loss(t, 5.0), T, eps=1e-6), rtol=1e-6)
    np.testing.assert_allclose(gc, fd_grad(lambda c: loss(T, c), 5.0, eps=1e-6), rtol=1e-6)
    h = ad.hessian(lambda t: loss(t, 5.0))(T)
    np.testing.assert_allclose(h, ad.jacrev(ad.grad(lambda t: loss(t, 5.0)))(T), rtol=1e-7,
                               atol=1e-9)
    g = ad.grad(lambda t: loss(t, 5.0))
    np.testing.assert_allclose(h, np.stack([fd_grad(lambda t: g(t)[k], T) for k in range(len(T))]),
                               rtol=1e-5, atol=1e-7)
    # PyTorch style: a leaf of times
    t = ad.tensor(T, requires_grad=True)
    ad.sum(ad.tensor(w) * odeint(forced, Y0, t, (0.25, 5.0), **TOL)).backward()
    np.testing.assert_allclose(t.grad.numpy(), gt, rtol=1e-10)


def test_unsupported_requests_say_so():
    with pytest.raises(ValueError, match="full_output"):
        odeint(linear, Y0, T, (A,), full_output=1)
