"""Bad input gets PyTorch's error, in its words where it has them, never a wrong gradient."""
import numpy as np
import pytest
import scipy.special as sp

import autodiff as ad


def _reference_error(document_dir, expression):
    text = (document_dir / "torch_reference.txt").read_text()
    line = next(l for l in text.splitlines() if l.startswith(expression))
    return line.split("->", 1)[1].strip()


def test_backward_of_non_scalar_without_gradient(document_dir):
    expected = _reference_error(document_dir, "(x * x).backward()")
    x = ad.arange(4.0, requires_grad=True)
    with pytest.raises(RuntimeError) as err:
        (x * x).backward()
    assert f"RuntimeError: {err.value}" == expected


def test_second_backward_through_freed_graph(document_dir):
    expected = _reference_error(document_dir, "l.backward() twice")
    x = ad.arange(4.0, requires_grad=True)
    loss = 2 * ad.dot(x, x)
    loss.backward()
    with pytest.raises(RuntimeError) as err:
        loss.backward()
    assert f"RuntimeError: {err.value}".startswith(expected.rstrip(". "))
    assert "retain_graph=True" in str(err.value)


def test_retain_graph_allows_a_second_backward():
    x = ad.arange(4.0, requires_grad=True)
    loss = 2 * ad.dot(x, x)
    loss.backward(retain_graph=True)
    loss.backward()
    np.testing.assert_array_equal(x.grad.numpy(), 8 * np.arange(4.0))   # 4x, twice


def test_integer_tensor_cannot_require_grad(document_dir):
    expected = _reference_error(document_dir, "arange(4).requires_grad_(True)")
    with pytest.raises(RuntimeError) as err:
        ad.arange(4).requires_grad_(True)
    assert f"RuntimeError: {err.value}" == expected


def test_gradient_of_the_wrong_shape():
    x = ad.arange(4.0, requires_grad=True)
    with pytest.raises(RuntimeError, match=r"Mismatch in shape: grad_output\[0\] has a shape of "
                                           r"Size\(\[3\]\) and output\[0\] has a shape of "
                                           r"Size\(\[4\]\)"):
        (x * x).backward(gradient=ad.ones(3))


def test_backward_on_a_tensor_without_graph():
    with pytest.raises(RuntimeError, match="does not require grad"):
        ad.arange(4.0).sum().backward()


def test_grad_of_a_non_scalar_function():
    with pytest.raises(TypeError, match=r"scalar output.*shape \(3,\).*jacrev"):
        ad.grad(lambda x: x * 2)(np.ones(3))


def test_grad_of_integer_input():
    with pytest.raises(TypeError, match="floating-point inputs, got dtype int64"):
        ad.grad(lambda x: (x * x).sum())(np.arange(3))


def test_numpy_function_without_rule_names_it_and_how_to_register():
    x = ad.arange(4.0, requires_grad=True)
    with pytest.raises(TypeError) as err:
        sp.kelvin(x)
    message = str(err.value)
    assert "kelvin" in message and "ad.primitive" in message and "defvjp" in message


def test_a_ufunc_without_rule_names_it():
    with pytest.raises(TypeError, match=r"(?s)scipy\.special\.struve.*ad\.primitive"):
        sp.struve(0.0, ad.arange(4.0))


def test_inplace_on_a_leaf_that_requires_grad():
    x = ad.arange(4.0, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in "
                                           "an in-place operation"):
        x += 1


def test_modified_saved_value_is_caught_not_silently_wrong():
    x = ad.arange(4.0, requires_grad=True)
    y = x * 2
    z = y * y           # saves y
    y += 1              # ... which is then changed in place
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        z.sum().backward()


def test_inplace_on_non_leaf_is_recorded():
    x = ad.arange(4.0, requires_grad=True)
    y = x * 2
    y += x              # y = 3x, and the graph knows it
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), np.full(4, 3.0))


def test_setitem_on_non_leaf_is_differentiated():
    x = ad.arange(4.0, requires_grad=True)
    y = x * 1
    y[0] = 10.0
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 1.0, 1.0, 1.0])


def test_missing_rule_says_which_and_how():
    @ad.primitive
    def only_value(x):
        return x * 2

    with pytest.raises(ad.MissingRuleError, match=r"'only_value' has no VJP rule.*defvjp"):
        ad.grad(lambda x: only_value(x).sum())(np.ones(2))
    with pytest.raises(ad.MissingRuleError, match=r"'only_value' has no JVP rule.*defjvp"):
        ad.jvp(only_value, (np.ones(2),), (np.ones(2),))


def test_bool_of_many_elements():
    with pytest.raises(RuntimeError, match="more than one value is ambiguous"):
        bool(ad.arange(3.0))


def test_numpy_of_a_tensor_that_requires_grad():
    with pytest.raises(RuntimeError, match=r"detach\(\)\.numpy\(\)"):
        ad.arange(3.0, requires_grad=True).numpy()


def test_dot_of_mismatched_vectors():
    with pytest.raises(RuntimeError, match="inconsistent tensor size"):
        ad.dot(ad.ones(3), ad.ones(4))
