"""Wrong answers and crashes found by trying autodiff as a new user would (the reliability
issue), each pinned by a test that failed before its fix."""
import gc
import threading
import weakref

import numpy as np
import pytest

import autodiff as ad


@pytest.mark.parametrize("argnums, nargs", [((0, 0), 1), ((0, -2), 2), ((1, 1, 0), 2)])
@pytest.mark.parametrize("transform", [ad.grad, ad.value_and_grad, ad.jacfwd, ad.jacrev,
                                       ad.hessian])
def test_repeated_argnums_are_refused(transform, argnums, nargs):
    # They gave zeros for all but the last copy (as if the other copies were constants).
    f = (lambda x: x * x) if nargs == 1 else (lambda x, y: x * y)
    args = (np.array(1.5),) * nargs
    with pytest.raises(ValueError, match="more than once"):
        transform(f, argnums=argnums)(*args)


@pytest.mark.parametrize("convert", [float, lambda t: t.item(), lambda t: t.tolist(),
                                     lambda t: np.asarray(t, dtype=float)])
def test_converting_a_traced_value_to_python_is_refused(convert):
    # grad(lambda v: float(sum(v*v))) returned zeros: the derivative was silently cut.
    with pytest.raises(TypeError, match="drop its derivative"):
        ad.grad(lambda v: convert(np.sum(v * v)))(np.ones(2))
    with pytest.raises(TypeError, match="drop its derivative"):
        ad.jvp(lambda v: convert(np.sum(v * v)), (np.ones(2),), (np.ones(2),))


def test_int_of_a_traced_value_is_an_index_with_zero_derivative():
    # Truncation is piecewise constant, so int() loses no derivative (as bool() does not).
    x = np.array([0.3, 0.7, 2.0])
    np.testing.assert_allclose(ad.grad(lambda x: x[int(x[2])] * 3)(x), [0, 0, 3])


def test_control_flow_on_a_traced_value_stays_allowed():
    # bool() is how Python control flow reads a value: allowed, as in the document's cell.
    def f(x):
        return x * 2 if np.sum(x) > 0 else x * 3
    np.testing.assert_allclose(ad.grad(lambda x: np.sum(f(x)))(np.ones(2)), [2.0, 2.0])
    # A tensor that requires grad (no transform) still converts, as in PyTorch.
    t = ad.tensor([2.0], requires_grad=True)
    assert float(t * 3) == 6.0 and (t * 3).item() == 6.0


def test_an_object_dtype_operand_is_refused_not_dropped():
    # x * object_array gave a gradient of zeros.
    obj = np.array([1, 2], dtype=object)
    with pytest.raises(TypeError, match="dtype=object"):
        ad.grad(lambda x: np.sum(x * obj))(np.ones(2))
    with pytest.raises(TypeError, match="dtype=object"):
        ad.jvp(lambda x: x * obj, (np.ones(2),), (np.ones(2),))
    t = ad.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(TypeError, match="dtype=object"):
        t * obj


def test_the_grad_of_a_0d_leaf_stays_writable_after_two_backward_passes():
    t = ad.tensor(0.5, requires_grad=True)
    (2 * t).backward()
    (2 * t).backward()
    assert t.grad.item() == 4.0          # 2 + 2, against the analytic derivative
    t.grad.zero_()                       # raised: "a broadcast (expanded) view"
    assert t.grad.item() == 0.0


def test_accumulation_from_many_threads_loses_nothing():
    # 8 threads x 200 backward passes into one leaf ended at 448 instead of 1600.
    x = ad.tensor(np.zeros(200_000), requires_grad=True)

    def work():
        for _ in range(200):
            (x * 1.0).sum().backward()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    np.testing.assert_array_equal(x.grad.numpy(), np.full(200_000, 1600.0))


def test_a_leaf_is_freed_without_the_cyclic_collector():
    # Tensor._accumulator <-> AccumulateGrad.variable kept every leaf that took part in an op
    # alive until the cyclic collector ran.
    gc.disable()
    try:
        x = ad.tensor([1.0, 2.0], requires_grad=True)
        y = (x * x).sum()
        ref = weakref.ref(x)
        del x, y
        assert ref() is None
    finally:
        gc.enable()


def test_the_accumulator_is_the_same_node_while_a_graph_holds_it():
    x = ad.tensor([1.0, 2.0], requires_grad=True)
    a, b = x * 2, x * 3
    assert a.grad_fn.next_functions[0][0] is b.grad_fn.next_functions[0][0]
    (a.sum() + b.sum()).backward()
    np.testing.assert_allclose(x.grad.numpy(), [5.0, 5.0])


@pytest.mark.parametrize("transform", [ad.jacfwd, ad.jacrev, ad.hessian])
def test_an_empty_argument_is_still_traced(transform):
    seen = []

    def f(x):
        seen.append(isinstance(x, ad.Tensor))
        return np.sum(x * x) if transform is ad.hessian else np.sin(x)
    out = transform(f)(np.zeros(0))
    assert out.shape == (0, 0)             # out.shape + in.shape
    assert seen and all(seen)            # it was handed a raw ndarray


def test_grad_of_a_complex_valued_function_is_refused():
    # It warned and returned the real part's gradient.
    with pytest.raises(TypeError, match="real-valued"):
        ad.grad(lambda z: z * z)(np.array(1 + 1j))


def test_jacfwd_through_matmul_of_an_empty_operand():
    # The batch rule of matmul reshaped an empty operand to (-1, 0): "cannot reshape array of
    # size 0". d/dx (diff(x) . diff(x)) for one element is the empty sum: 0.
    f = lambda x: ad.matmul(np.diff(x), np.diff(x))      # noqa: E731
    np.testing.assert_array_equal(ad.jacfwd(f)(np.ones(1)), [0.0])
    assert ad.hessian(f)(np.ones(1)).shape == (1, 1)


def test_jacfwd_hands_every_argument_as_a_tensor_even_one_without_elements():
    # Found by the long fuzz profile: with argnums (0, 1) and an empty x0, x0 got no tangent in
    # the basis chunk and f received a raw ndarray (AttributeError on x0.exp()).
    def f(x0, x1):
        return x0.exp().sum() + x1.exp()
    j0, j1 = ad.jacfwd(f, argnums=(0, 1))(np.array([]), np.array(0.41))
    assert j0.shape == (0,) and j1 == pytest.approx(np.exp(0.41))


def test_odeint_refuses_complex_state_instead_of_dropping_its_imaginary_part():
    from autodiff.scipy.integrate import odeint
    with pytest.raises(TypeError, match="real systems"):
        odeint(lambda y, t: -y, np.array([1.0 + 1.0j]), np.array([0.0, 1.0]))
