"""Reprs match PyTorch's, character for character (``shared/document/torch_reference.txt``)."""
import numpy as np
import pytest

import autodiff as ad


def _reference(document_dir) -> dict:
    """``{expression: output}`` from the reference file; continuation lines join with newlines."""
    table, key = {}, None
    for line in (document_dir / "torch_reference.txt").read_text().splitlines():
        if line.startswith("#") or not line.strip() or line.startswith("Errors:"):
            key = None
            continue
        if "->" in line and not line.startswith(" "):
            left, right = line.split("->", 1)
            key = left.strip()
            table[key] = right.strip()
            column = len(line) - len(right.lstrip())   # where the output starts on the line
        elif key is not None:
            table[key] += "\n" + line[column:]
    return table


def _cases():
    x = ad.arange(4.0)
    cases = {"x = arange(4.0)": lambda: ad.arange(4.0)}

    def leaf():
        return ad.arange(4.0).requires_grad_(True)

    cases["x.requires_grad_(True); x"] = leaf
    cases["y = x * x"] = lambda: leaf() * leaf()
    cases["y.detach()"] = lambda: (leaf() * leaf()).detach()
    cases["u * x  (u detached)"] = lambda: (lambda x: (x * x).detach() * x)(leaf())
    cases["x.sum()"] = lambda: leaf().sum()
    cases["x.mean()"] = lambda: leaf().mean()
    cases["-x"] = lambda: -leaf()
    cases["x / 2"] = lambda: leaf() / 2
    cases["x.exp()"] = lambda: leaf().exp()
    cases["x - 1"] = lambda: leaf() - 1
    cases["arange(12.0).reshape(3, 4)"] = lambda: ad.arange(12.0).reshape(3, 4)
    cases["tensor([1e-5, 1.0, 1000.0])"] = lambda: ad.tensor([1e-5, 1.0, 1000.0])
    cases["tensor([1.5, 2.25])"] = lambda: ad.tensor([1.5, 2.25])
    cases["tensor(3)"] = lambda: ad.tensor(3)
    cases["arange(4)"] = lambda: ad.arange(4)
    del x
    return cases


CASES = _cases()


@pytest.mark.parametrize("expression", list(CASES))
def test_repr_matches_pytorch(expression, document_dir):
    expected = _reference(document_dir)[expression]
    assert repr(CASES[expression]()) == expected


def test_random_scalar_prints_with_four_decimals(document_dir):
    expected = _reference(document_dir)["a = randn(size=(), requires_grad=True)"]
    assert repr(ad.tensor(-0.7853, requires_grad=True)) == expected


def test_control_flow_result_prints_like_pytorch(document_dir):
    expected = _reference(document_dir)["d = f(a)"]
    a = ad.tensor(np.float32(-160836.59375) / 100, requires_grad=True)
    assert repr(a * 100) == expected


def test_more_reprs_follow_pytorchs_rules():
    assert repr(ad.tensor([[1.0, 2.5], [3.0, 4.0]], dtype=np.float64)) == \
        "tensor([[1.0000, 2.5000],\n        [3.0000, 4.0000]], dtype=float64)"
    assert repr(ad.tensor([True, False])) == "tensor([ True, False])"
    assert repr(ad.zeros(0)) == "tensor([])"
    assert repr(ad.tensor([1e9, 1.0])) == "tensor([1.0000e+09, 1.0000e+00])"
    assert repr(ad.tensor([float("nan"), 1.0])) == "tensor([nan, 1.])"
    assert repr(ad.arange(4, dtype=np.int32)) == "tensor([0, 1, 2, 3], dtype=int32)"
    # 1999 / 1 > 1000 switches PyTorch to scientific notation; the middle is elided.
    assert repr(ad.arange(2000.0)) == ("tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., "
                                       "1.9970e+03, 1.9980e+03,\n        1.9990e+03])")


def test_tensors_inside_a_transform_print():
    # print(x) in a function being differentiated: the inputs are the transform's leaves
    seen = []

    def f(x):
        y = x * 2
        seen.extend([repr(x), repr(y)])
        assert x.is_leaf and x.grad_fn is None and y.grad_fn.name() == "MulBackward0"
        return y.sum()

    ad.grad(f)(np.ones(2))
    assert seen == ["tensor([1., 1.], dtype=float64)",
                    "tensor([2., 2.], dtype=float64, grad_fn=<MulBackward0>)"]
