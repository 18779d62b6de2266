"""User primitives register exactly as the library's do, and their rules differentiate again."""
import numpy as np
import pytest

import autodiff as ad
from autodiff.core import REGISTRY


def _make_cube():
    @ad.primitive
    def cube(x):
        return x ** 3

    @cube.defjvp
    def cube_jvp(tangents, ans, x):
        (dx,) = tangents
        return 3 * x ** 2 * dx

    @cube.defvjp
    def cube_vjp(g, ans, x):
        return (3 * x ** 2 * g,)

    return cube


def test_user_primitive_in_both_engines_and_torch_style():
    cube = _make_cube()
    x = np.array([1.0, -2.0])
    np.testing.assert_allclose(ad.grad(lambda v: cube(v).sum())(x), 3 * x ** 2)
    np.testing.assert_allclose(ad.jvp(cube, (x,), (np.ones(2),))[1], 3 * x ** 2)
    t = ad.tensor(x, requires_grad=True)
    cube(t).sum().backward()
    np.testing.assert_allclose(t.grad.numpy(), 3 * x ** 2)
    assert cube(t).grad_fn.name() == "CubeBackward0"


def test_user_rules_differentiate_again():
    cube = _make_cube()
    assert ad.grad(ad.grad(cube))(2.0) == 12.0            # 6x
    assert ad.jacfwd(ad.grad(cube))(2.0) == 12.0
    assert ad.grad(ad.grad(ad.grad(cube)))(2.0) == 6.0


def test_reregistering_replaces_the_entry():
    first = _make_cube()
    second = _make_cube()
    assert REGISTRY["cube"] is second and first is not second


def test_library_ops_are_in_the_same_registry():
    for name in ["add", "multiply", "exp", "sum", "matmul", "getitem", "where"]:
        assert isinstance(REGISTRY[name], ad.Primitive)


def test_wrong_number_of_cotangents_is_reported():
    @ad.primitive
    def twice(x, y):
        return 2 * x + y

    twice.defvjp(lambda g, ans, x, y: (2 * g,))
    with pytest.raises(TypeError, match="returned 1 cotangents for 2 arguments"):
        ad.grad(lambda a: twice(a, a).sum())(np.ones(2))


def test_an_implementation_may_return_a_python_number():
    # Works at the base level; the transforms must accept it too (not fail on `.dtype`).
    @ad.primitive
    def total(x):
        return float(np.sum(x))

    total.defjvp(lambda tangents, ans, x: ad.sum(tangents[0]))
    total.defvjp(lambda g, ans, x: (g * np.ones(np.shape(x)),))
    x = np.array([1.0, 2.0])
    np.testing.assert_array_equal(ad.grad(total)(x), [1.0, 1.0])
    assert ad.jvp(total, (x,), (np.array([1.0, 3.0]),))[1] == 4.0
    t = ad.tensor(x, requires_grad=True)
    total(t).backward()
    np.testing.assert_array_equal(t.grad.numpy(), [1.0, 1.0])
    assert ad.gradcheck(total, x)


def test_a_vjp_rule_may_return_a_python_number():
    # A number as a cotangent stands for that value in every element (as a tangent does); it
    # failed on `.shape` inside the engine.
    @ad.primitive
    def scaled(x, y):
        return x * 2.0 + y

    scaled.defvjp(lambda g, ans, x, y: (2.0 * g, 1.0))   # the second right only for g = ones
    gx, gy = ad.grad(lambda x, y: scaled(x, y).sum(), argnums=(0, 1))(
        np.array([1.0, 2.0]), np.array([3.0, 4.0]))
    np.testing.assert_array_equal(gx, [2.0, 2.0])
    np.testing.assert_array_equal(gy, [1.0, 1.0])
    t = ad.tensor([1.0, 2.0], requires_grad=True)
    scaled(1.0, t).sum().backward()
    np.testing.assert_array_equal(t.grad.numpy(), [1.0, 1.0])
