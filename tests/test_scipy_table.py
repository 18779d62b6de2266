"""The docs' generated table of ``autodiff.scipy``: every public function is in it, each
argument in exactly one column, and the columns agree with what scipy's mathematics says
(closed-form derivatives exist for the data and location-scale parameters; not for Bessel
orders or the incomplete functions' shape parameters)."""
import inspect
import pathlib
import sys

import pytest

import autodiff.scipy as asp

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def entries():
    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    try:
        import scipy_table
    finally:
        sys.path.pop(0)
    return {e.name: e for e in scipy_table.entries()}


def _public_functions():
    for mod_name in ("special", "stats", "linalg", "signal", "integrate"):
        mod = getattr(asp, mod_name)
        for name in mod.__all__:
            obj = getattr(mod, name)
            if inspect.ismodule(obj):
                yield from (f"{mod_name}.{name}.{fn}" for fn in obj.__all__
                            if not inspect.isclass(getattr(obj, fn)))
            elif callable(obj) and not inspect.isclass(obj):
                yield f"{mod_name}.{name}"


def test_every_public_function_is_listed(entries):
    missing = sorted(set(_public_functions()) - set(entries))
    assert not missing
    assert len(entries) > 150


def test_each_argument_in_one_column(entries):
    for e in entries.values():
        names = e.differentiable + e.zero + e.no_closed_form + e.not_implemented + e.integer
        assert len(names) == len(set(names)), e
        assert names, e


@pytest.mark.parametrize("name, column, args", [
    ("special.jv", "no_closed_form", ["v"]), ("special.jv", "differentiable", ["z"]),
    ("special.betainc", "no_closed_form", ["a", "b"]), ("special.gammainc", "no_closed_form",
                                                         ["a"]),
    ("special.gammasgn", "zero", ["x"]), ("special.polygamma", "integer", ["n"]),
    ("stats.norm.logpdf", "differentiable", ["x", "loc", "scale"]),
    ("stats.t.cdf", "no_closed_form", ["df"]), ("stats.t.logpdf", "differentiable",
                                                 ["x", "df", "loc", "scale"]),
    ("stats.poisson.logpmf", "differentiable", ["mu"]), ("stats.norm.entropy", "zero", ["loc"]),
    ("stats.multivariate_normal.logpdf", "differentiable", ["x", "mean", "cov"]),
    ("integrate.odeint", "differentiable", ["y0", "t", "args"]),
    ("linalg.solve_banded", "differentiable", ["ab", "b"]),
    ("stats.multivariate_normal.cdf", "differentiable", ["x", "mean", "cov", "lower_limit"]),
])
def test_known_facts(entries, name, column, args):
    assert getattr(entries[name], column) == args
