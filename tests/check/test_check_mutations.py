"""Mutation test: every registered primitive's rules, scaled by (1 + 1e-4), are caught.

For each primitive, its first row of the op table (``tests/op_table.py``) is checked with the
JVP rule scaled, then with the VJP rule scaled: the check must fail in the mode that uses the
rule (forward mode for the JVP, reverse mode for the VJP), pass in the other, and the locator
must name that primitive and rule first. On the unmutated registry the same rows pass and the
locator names nothing.

Every primitive runs by default (about half a minute); ``AUTODIFF_QUICK_MUTATIONS=1`` runs
only a fixed sample that covers each family.
"""
import contextlib
import os

import pytest

import autodiff as ad
from autodiff.core import REGISTRY
from op_table import CASES

SCALE = 1 + 1e-4


def _scaled(value):
    return None if value is None else value * SCALE


def _scale_all(values):
    return None if values is None else type(values)(_scaled(v) for v in values) \
        if isinstance(values, (tuple, list)) else _scaled(values)


def _scaled_rule(rule):
    return lambda *args, **kwargs: _scaled(rule(*args, **kwargs))


@contextlib.contextmanager
def mutated(prim, rule):
    """``prim``'s JVP or VJP rule (all its per-argument rules) scaled by ``SCALE``."""
    saved = (prim.jvp_rule, prim.jvp_rules, prim.vjp_rule, prim.vjp_rules)
    try:
        if rule == "jvp":
            if prim.jvp_rules is not None:
                prim.jvp_rules = tuple(None if r is None else _scaled_rule(r)
                                       for r in prim.jvp_rules)
            else:
                prim.jvp_rule = (lambda *a, r=prim.jvp_rule, **k: _scaled(r(*a, **k)))
        else:
            if prim.vjp_rules is not None:
                prim.vjp_rules = tuple(None if r is None else _scaled_rule(r)
                                       for r in prim.vjp_rules)
            else:
                prim.vjp_rule = (lambda *a, r=prim.vjp_rule, **k: _scale_all(r(*a, **k)))
        yield
    finally:
        prim.jvp_rule, prim.jvp_rules, prim.vjp_rule, prim.vjp_rules = saved


def _first_rows():
    """One differentiable op-table row per registered primitive."""
    rows = {}
    for case in CASES:
        if case.op in REGISTRY and case.order >= 1 and case.op not in rows \
                and case.label != "edge":
            rows[case.op] = case
    return rows


ROWS = _first_rows()
ALL = sorted(ROWS)
# A fixed sample that covers each family: elementwise, binary, reductions, shape ops,
# contractions, decompositions with structured inputs, special functions.
SAMPLE = ["sin", "log", "multiply", "divide", "power", "sum", "logsumexp", "reshape", "getitem",
          "concatenate", "matmul", "einsum", "solve", "cholesky", "eigvalsh", "eigh_vectors",
          "svdvals", "digamma", "norm2", "cumprod"]
RUN_ALL = os.environ.get("AUTODIFF_QUICK_MUTATIONS") != "1"
LONG = pytest.mark.skip(reason="outside the sample that AUTODIFF_QUICK_MUTATIONS=1 runs")


def _params():
    for op in ALL:
        marks = [] if op in SAMPLE or RUN_ALL else [LONG]
        for rule in ("jvp", "vjp"):
            yield pytest.param(op, rule, marks=marks, id=f"{op}-{rule}")


@pytest.mark.parametrize("op, rule", list(_params()))
def test_a_rule_scaled_by_1e_4_is_caught_and_named_first(op, rule):
    case = ROWS[op]
    prim = REGISTRY[op]
    with mutated(prim, rule):
        report = ad.gradcheck(case.fn, *case.args, raise_exception=False)
    mode = {"jvp": "fwd", "vjp": "rev"}[rule]
    other = {"jvp": "rev", "vjp": "fwd"}[rule]
    assert not report, str(report)
    assert any(c.mode == mode and c.pair == f"{mode} vs fd" for c in report.failures), \
        str(report)
    assert not any(c.pair == f"{other} vs fd" for c in report.failures), str(report)
    assert report.wrong_rules, str(report)
    first = report.wrong_rules[0]
    assert (first.primitive, first.rule) == (op, rule), str(report)


@pytest.mark.parametrize("op", [pytest.param(op, marks=[] if op in SAMPLE or RUN_ALL
                                             else [LONG]) for op in ALL])
def test_the_unmutated_rule_passes(op):
    case = ROWS[op]
    report = ad.gradcheck(case.fn, *case.args, raise_exception=False)
    assert report, str(report)
