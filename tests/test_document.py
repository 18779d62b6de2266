"""The document's cells, run with ``import autodiff as torch``, print the document's outputs."""
import ast

import numpy as np
import pytest

import autodiff as ad
from autodiff.examples import control_flow


def _cells(source: str):
    """(code, expected output) pairs: the code up to each ``# Out:`` comment."""
    lines = source.splitlines()
    cells, code = [], []
    for line in lines:
        if line.startswith("# Out:"):
            cells.append(("\n".join(code), line[len("# Out:"):].strip()))
            code = []
        else:
            code.append(line)
    return cells


def _run_cell(code: str, namespace: dict):
    """Run a cell as a notebook does: the value of its last expression is what it shows."""
    tree = ast.parse(code)
    last = tree.body[-1]
    body = ast.Module(body=tree.body[:-1], type_ignores=[])
    exec(compile(body, "<cell>", "exec"), namespace)
    value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)
    return "(nothing: None)" if value is None else repr(value)


def test_every_cell_prints_the_documents_output(document_dir):
    source = (document_dir / "cells.py").read_text().replace("import torch",
                                                             "import autodiff as torch")
    cells = _cells(source)
    assert len(cells) == 10   # the document shows ten outputs
    ad.manual_seed(0)
    namespace = {}
    for code, expected in cells:
        assert _run_cell(code, namespace) == expected, code


def _float32_replay(a: np.float32):
    """The control-flow function evaluated directly in numpy float32, and its exact slope."""
    b, slope = a * np.float32(2), np.float32(2)
    while np.abs(b) < 1000:
        b, slope = b * np.float32(2), slope * np.float32(2)
    if b > 0:
        return b, slope
    return np.float32(100) * b, np.float32(100) * slope


@pytest.mark.parametrize("seed", range(200))
def test_control_flow_cell_over_many_seeds(seed):
    ad.manual_seed(seed)
    a = ad.randn(size=(), requires_grad=True)
    d = control_flow(a)
    d.backward()
    value, slope = _float32_replay(np.float32(a.item()))
    assert d.dtype == np.float32 and a.grad.dtype == np.float32
    assert d.item() == value                      # same float32 arithmetic as the framework
    assert a.grad.item() == slope                 # the exact derivative (a power of two, x100)
    # The document's check: exact whenever float32 division undoes the scaling, as in PyTorch.
    assert bool(a.grad == d / a) == bool(slope == value / np.float32(a.item()))
    if value > 0:
        assert bool(a.grad == d / a)
