"""The differential fuzzer: random straight-line programs run by every engine and compared.

Each program (3-15 ops over 1-3 inputs of broadcastable shapes, 0-d and empty shapes included,
float64 or float32) is drawn from the op table's ops, reached four ways (``ad.f(x)``, ``x.f()``,
``np.f(x)``, operators), and run by ``Tensor.backward``, ``ad.grad``, ``ad.vjp``, ``ad.jvp``,
dual numbers, ``ad.jacfwd`` and ``ad.jacrev``; they must agree with each other and with
finite differences of the same program in plain numpy (float64). Second order: ``ad.hessian``
against finite differences of the gradient, and double backward (``create_graph=True``). With
PyTorch installed, the gradient is also compared with PyTorch's. The machinery and the tolerance
model are in ``fuzz_programs.py``.

Profiles
--------
- quick (in the default ``python -m pytest``): 120 programs, derandomized (the same every run).
- long: ``python -m pytest -m fuzz tests/test_fuzz.py`` runs 10,000 programs (more with
  ``AUTODIFF_FUZZ_EXAMPLES=N``), seeded by ``AUTODIFF_FUZZ_SEED`` (default 0): a failure is
  shrunk by hypothesis to a minimal program and reported with a one-line repro.
- complex128 programs are drawn too (``AUTODIFF_FUZZ_COMPLEX=0`` leaves them out), checked with
  ``jvp`` against finite differences and the transpose identity of the transforms' convention.

Twin programs (``fuzz_twins.py``): one PyTorch-style source with in-place writes, views,
mixed dtypes, ``no_grad`` and ``detach``, run by PyTorch and by autodiff and compared (values,
dtypes, gradients, ``retain_graph``, double backward); 150 in the quick profile, 5,000 in the
long one (``AUTODIFF_FUZZ_TWINS=N``). Every float64 program of the op table also runs through
``ad.jit`` (recorded, then replayed on other values) against eager autodiff.

Points near a kink, a tie, a domain edge or an overflow, and float32 programs that are
ill-conditioned, are skipped (the reference decides in float64), so a failure is a real
disagreement. Known engine-side bugs sit in ``fuzz_programs.KNOWN_ENGINE_BUGS`` with their repros.
"""
import os

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, seed, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import fuzz_programs as fp
import fuzz_twins as ft

COMPLEX = os.environ.get("AUTODIFF_FUZZ_COMPLEX", "1") not in ("", "0")
STATS = {"run": 0, "skipped": 0}


@st.composite
def programs(draw):
    return fp.draw_program(draw, st, hnp, complex_=COMPLEX)


def _check(program):
    try:
        with np.errstate(all="ignore"):
            fp.Run(program).run()
    except fp.Skip:
        STATS["skipped"] += 1
        assume(False)
    STATS["run"] += 1


_HEALTH = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large]


def _say(request, line):
    """Print past pytest's output capture (the count of programs is the profile's result)."""
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if capture is None or reporter is None:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line("\n" + line)


@settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=_HEALTH,
          database=None)
@given(programs())
def _quick_profile(program):
    _check(program)


def test_quick_profile(request):
    before = STATS["run"]
    _quick_profile()
    _say(request, f"fuzz quick profile: {STATS['run'] - before} programs checked by every "
                  f"engine")


LONG_EXAMPLES = int(os.environ.get("AUTODIFF_FUZZ_EXAMPLES", "10000"))


@seed(int(os.environ.get("AUTODIFF_FUZZ_SEED", "0")))
@settings(max_examples=LONG_EXAMPLES, deadline=None, suppress_health_check=_HEALTH,
          database=None)
@given(programs())
def _long_profile(program):
    _check(program)


@pytest.mark.fuzz
def test_long_profile(request):
    before = dict(STATS)
    _long_profile()
    ran, skipped = STATS["run"] - before["run"], STATS["skipped"] - before["skipped"]
    _say(request, f"fuzz long profile: {ran} programs checked by every engine, 0 "
                  f"disagreements; {skipped} points skipped")
    assert ran >= LONG_EXAMPLES


def test_programs_render_in_one_line():
    """The repro of a program is one line that numpy and the tensors both run."""
    spec = fp.SPEC_BY_NAME["sin"]
    prog = fp.Program([(2,)], [fp.Step(spec, "method", (0,), {})])
    assert prog.one_line() == "lambda x0: x0.sin()"
    assert "np.sin(x0)" in prog.source("ref")


def _twins(seeds):
    torch = fp.torch_module()
    if torch is None:
        pytest.skip("PyTorch is not installed: twin programs need it")
    counts = {}
    for seed in seeds:
        twin = ft.draw_twin(seed)
        for mode in ("backward", "retain", "double"):
            try:
                verdict = ft.check_twin(twin, torch, mode)
            except ft.Refused:
                verdict = "refused (a write into a view of a tensor that requires grad)"
                counts[verdict] = counts.get(verdict, 0) + 1
                break
            counts[verdict] = counts.get(verdict, 0) + 1
    return counts


def test_twin_programs_quick(request):
    counts = _twins(range(150))
    _say(request, f"fuzz twins quick profile: 150 programs x 3 modes: {counts}")


TWINS = int(os.environ.get("AUTODIFF_FUZZ_TWINS", "5000"))


@pytest.mark.fuzz
def test_twin_programs_long(request):
    start = 100_000 * (1 + int(os.environ.get("AUTODIFF_FUZZ_SEED", "0")))
    counts = _twins(range(start, start + TWINS))
    _say(request, f"fuzz twins long profile: {TWINS} programs x 3 modes, 0 disagreements: "
                  f"{counts}")
