"""ad.gradcheck: passes on correct rules, fails in the right mode on wrong ones, names the rule."""
import json
import time

import numpy as np
import pytest

import autodiff as ad
from autodiff.check import GradcheckInputError


# -- primitives for the tests ----------------------------------------------------------------
def make_cube(vjp_factor=3.0, jvp_factor=3.0, name="cube_t"):
    """x**3 with rules written in ad operations; a factor other than 3 makes that rule wrong."""
    cube = ad.primitive(lambda x: x ** 3, name=name)
    cube.defjvp(lambda tangents, ans, x: jvp_factor * x ** 2 * tangents[0])
    cube.defvjp(lambda g, ans, x: (vjp_factor * x ** 2 * g,))
    return cube


def make_scaled_product(wrong_arg=None, name="scaled_product_t"):
    """2 x y, whose VJP is wrong for argument ``wrong_arg`` (if any)."""
    prod = ad.primitive(lambda x, y: 2 * x * y, name=name)
    prod.defjvp(lambda t, ans, x, y: (2 * t[0] * y if t[0] is not None else 0)
                + (2 * x * t[1] if t[1] is not None else 0))
    k0 = 2.5 if wrong_arg == 0 else 2.0
    k1 = 2.5 if wrong_arg == 1 else 2.0
    prod.defvjp(lambda g, ans, x, y: (k0 * g * y, k1 * g * x))
    return prod


X = np.array([0.3, -0.7, 1.2])
Y = np.array([0.5, 2.0, -1.1])


# -- passing --------------------------------------------------------------------------------
def test_smooth_function_of_two_inputs_passes():
    report = ad.gradcheck(lambda x, y: np.sin(x * y) + np.exp(x) * y, X, Y)
    assert report
    pairs = {(c.pair, c.input) for c in report.checks}
    assert pairs == {(p, f"input {k}") for p in ("fwd vs fd", "rev vs fd", "fwd vs rev")
                     for k in (0, 1)}
    assert all(c.status == "pass" for c in report.checks)
    # the reference is accurate to far better than the tolerance
    assert max(c.max_rel_error for c in report.checks) < 1e-9


def test_correct_custom_primitive_passes_at_order_2():
    cube = make_cube()
    report = ad.gradcheck(lambda x: ad.sin(cube(x)).sum(), X, order=2)
    assert report
    assert {"fwd-over-rev vs fd", "rev-over-rev vs fd", "fwd-over-fwd vs fd",
            "rev-over-fwd vs fd"} <= {c.pair for c in report.checks}


def test_report_table_and_dict():
    report = ad.gradcheck(lambda x: x * x, X)
    text = str(report)
    for word in ("check", "input", "max abs err", "max rel err", "fwd vs fd", "rev vs fd",
                 "fwd vs rev", "pass", "PASSED"):
        assert word in text
    d = report.to_dict()
    assert d["passed"] is True and len(d["checks"]) == 3
    json.dumps(d)


def test_float32_inputs_are_checked_in_float64_and_the_report_says_so():
    report = ad.gradcheck(lambda x: ad.tanh(x) * x, X.astype(np.float32))
    assert report
    assert any("float32" in n and "float64" in n for n in report.notes)


def test_modes_restrict_the_engines():
    report = ad.gradcheck(lambda x: x * x, X, modes=("rev",))
    assert [c.pair for c in report.checks] == ["rev vs fd"]


# -- wrong rules ------------------------------------------------------------------------------
def test_wrong_vjp_fails_in_rev_only_and_is_named():
    cube = make_cube(vjp_factor=2.0, name="cube_bad_vjp")
    f = lambda x, y: ad.sin(cube(x * y)) + ad.exp(x)
    report = ad.gradcheck(f, X, Y, raise_exception=False)
    assert not report
    status = {(c.pair, c.input): c.status for c in report.checks}
    assert status[("fwd vs fd", "input 0")] == status[("fwd vs fd", "input 1")] == "pass"
    assert status[("rev vs fd", "input 0")] == status[("rev vs fd", "input 1")] == "fail"
    first = report.wrong_rules[0]
    assert (first.primitive, first.rule, first.argument) == ("cube_bad_vjp", "vjp", 0)
    assert first.call == 1            # multiply is call 0, the cube call 1
    assert all(w.primitive == "cube_bad_vjp" for w in report.wrong_rules)


def test_wrong_vjp_raises_naming_mode_input_output_and_values():
    cube = make_cube(vjp_factor=2.0, name="cube_bad_vjp2")
    x = np.array([0.5, 1.5])
    with pytest.raises(ad.GradcheckError) as info:
        ad.gradcheck(lambda x: cube(x) + x, x)
    message = str(info.value)
    assert "rev mode" in message and "input 0" in message and "output element" in message
    # the worst element is output 1, input element 1: rev gives 2*1.5^2+1, fd gives 3*1.5^2+1
    assert "(1,)" in message
    assert f"{2 * 1.5 ** 2 + 1:.10g}" in message and f"{3 * 1.5 ** 2 + 1:.10g}" in message
    assert "cube_bad_vjp2" in message
    assert not info.value.report


def test_wrong_jvp_fails_in_fwd_only_and_is_named():
    cube = make_cube(jvp_factor=3.3, name="cube_bad_jvp")
    report = ad.gradcheck(lambda x: np.tanh(cube(x)).sum(), X, raise_exception=False)
    status = {c.pair: c.status for c in report.checks}
    assert status == {"fwd vs fd": "fail", "rev vs fd": "pass", "fwd vs rev": "fail"}
    w = report.wrong_rules[0]
    assert (w.primitive, w.rule, w.argument) == ("cube_bad_jvp", "jvp", 0)
    with pytest.raises(ad.GradcheckError, match="fwd mode"):
        ad.gradcheck(lambda x: np.tanh(cube(x)).sum(), X)


def test_the_wrong_argument_is_named():
    prod = make_scaled_product(wrong_arg=1, name="prod_bad_arg1")
    report = ad.gradcheck(lambda x, y: ad.sin(prod(x, y)), X, Y, raise_exception=False)
    assert [c.status for c in report.checks if c.pair == "rev vs fd"] == ["pass", "fail"]
    assert [(w.primitive, w.argument) for w in report.wrong_rules] == [("prod_bad_arg1", 1)]


def test_a_rule_wrong_by_one_part_in_a_million_is_caught():
    cube = make_cube(vjp_factor=3.0 * (1 + 1e-6), name="cube_slightly_wrong")
    report = ad.gradcheck(lambda x: cube(x), X, raise_exception=False)
    assert [c.pair for c in report.failures] == ["rev vs fd", "fwd vs rev"]
    assert report.wrong_rules[0].primitive == "cube_slightly_wrong"


def test_wrong_rule_of_a_rule_fails_only_at_order_2():
    # mysin's rules call mycos, whose value is right but whose own rules are wrong: first
    # derivatives are right, second derivatives are not, and the checker names mycos.
    mycos = ad.primitive(np.cos, name="mycos_bad_rules")
    mycos.defjvp(lambda t, ans, x: np.sin(x) * t[0])         # should be -sin
    mycos.defvjp(lambda g, ans, x: (np.sin(x) * g,))
    mysin = ad.primitive(np.sin, name="mysin_t")
    mysin.defjvp(lambda t, ans, x: mycos(x) * t[0])
    mysin.defvjp(lambda g, ans, x: (mycos(x) * g,))
    f = lambda x: mysin(x).sum()
    assert ad.gradcheck(f, X, order=1)
    report = ad.gradcheck(f, X, order=2, raise_exception=False)
    assert not report
    assert all(c.status == "pass" for c in report.checks if "-over-" not in c.pair)
    assert {c.pair for c in report.failures} == {"fwd-over-fwd vs fd", "fwd-over-rev vs fd",
                                                 "rev-over-fwd vs fd", "rev-over-rev vs fd"}
    assert report.wrong_rules[0].primitive == "mycos_bad_rules"
    # analytic check of what the wrong rule gives: d/dx of mycos via the bad rule is +sin
    assert report.wrong_rules[0].rule in ("jvp", "vjp")


# -- fast mode ------------------------------------------------------------------------------
def test_fast_mode_catches_a_wrong_vjp_and_a_wrong_jvp():
    bad_vjp = make_cube(vjp_factor=2.9, name="cube_fast_vjp")
    bad_jvp = make_cube(jvp_factor=2.9, name="cube_fast_jvp")
    r1 = ad.gradcheck(lambda x: ad.sin(bad_vjp(x)), X, fast=True, raise_exception=False)
    assert {c.pair: c.status for c in r1.checks} == {"fwd vs fd": "pass", "rev vs fd": "fail",
                                                     "fwd vs rev": "fail"}
    assert r1.wrong_rules[0].primitive == "cube_fast_vjp"
    r2 = ad.gradcheck(lambda x: ad.sin(bad_jvp(x)), X, fast=True, raise_exception=False)
    assert {c.pair: c.status for c in r2.checks} == {"fwd vs fd": "fail", "rev vs fd": "pass",
                                                     "fwd vs rev": "fail"}
    assert r2.wrong_rules[0].primitive == "cube_fast_jvp"


def test_fast_mode_order_2():
    cube = make_cube()
    assert ad.gradcheck(lambda x: ad.sin(cube(x)).sum(), X, fast=True, order=2)


def test_fast_mode_checks_a_million_inputs_in_seconds():
    x = np.random.default_rng(0).standard_normal(10 ** 6)
    start = time.perf_counter()
    report = ad.gradcheck(lambda x: (ad.sin(x) * x + ad.exp(-x * x)).sum(), x, fast=True)
    elapsed = time.perf_counter() - start
    assert report
    assert elapsed < 10.0, f"fast gradcheck of 10^6 inputs took {elapsed:.1f} s"


# -- non-differentiable points ----------------------------------------------------------------
def test_kink_is_reported_as_non_differentiable_not_as_a_wrong_rule():
    x = np.array([-1.0, 0.0, 2.0])
    report = ad.gradcheck(lambda x: ad.relu(x) * 3.0, x)
    assert report                       # relu'(0) = 0 lies between the one-sided 0 and 3
    kinks = [c for c in report.checks if c.status == "non-differentiable"]
    assert {c.pair for c in kinks} == {"fwd vs fd", "rev vs fd"}
    assert all(c.input_index == (1,) for c in kinks)
    assert not report.wrong_rules


def test_value_outside_the_one_sided_derivatives_at_a_kink_fails():
    myabs = ad.primitive(np.abs, name="abs_bad_at_zero")
    rule = lambda x: np.where(x == 0, 3.0, np.sign(x))
    myabs.defjvp(lambda t, ans, x: rule(np.asarray(x)) * t[0])
    myabs.defvjp(lambda g, ans, x: (rule(np.asarray(x)) * g,))
    report = ad.gradcheck(lambda x: myabs(x), np.array([0.0, 1.0]), raise_exception=False)
    assert not report


# -- bad input ------------------------------------------------------------------------------
@pytest.mark.filterwarnings("ignore:invalid value encountered in log")
@pytest.mark.parametrize("call, words", [
    (lambda: ad.gradcheck(lambda x: x * 1.0, np.array([1, 2])), "integer"),
    (lambda: ad.gradcheck(lambda x: [1.0], X), "list"),
    (lambda: ad.gradcheck(lambda x: x > 0, X), "bool"),
    (lambda: ad.gradcheck(lambda x: x, X, modes=("backward",)), "modes"),
    (lambda: ad.gradcheck(lambda x: x, X, order=3), "order"),
    (lambda: ad.gradcheck(lambda x: x), "at least one input"),
    (lambda: ad.gradcheck(lambda x: ad.log(x), np.array([-1.0])), "nan"),
])
def test_bad_input_gets_a_one_line_error(call, words):
    with pytest.raises(GradcheckInputError) as info:
        call()
    assert words in str(info.value) and "\n" not in str(info.value)


# -- the complex-step reference ---------------------------------------------------------------
def test_complex_step_reference_is_exact_to_rounding():
    from autodiff.examples import exercise_function
    x = np.array([-2.0, 0.5, 3.0])
    report = ad.gradcheck(exercise_function, x, reference="complex-step", rtol=1e-13,
                          atol=1e-14)
    assert report
    assert any("complex step" in n for n in report.notes)
    assert max(c.max_rel_error for c in report.checks) < 1e-13


def test_complex_step_catches_a_rule_wrong_by_one_part_in_a_billion():
    cube = make_cube(vjp_factor=3.0 * (1 + 1e-9), name="cube_wrong_1e-9")
    report = ad.gradcheck(lambda x: cube(x), X, reference="complex-step", rtol=1e-12,
                          atol=1e-14, raise_exception=False)
    assert [c.pair for c in report.failures] == ["rev vs fd", "fwd vs rev"]


def test_complex_step_refuses_a_function_that_drops_the_imaginary_part():
    with pytest.raises(GradcheckInputError, match="complex step"):
        ad.gradcheck(lambda x: ad.abs(x), X, reference="complex-step")


def test_a_wrong_complex_step_is_overruled_by_one_sided_differences():
    # |x| x on complex numbers keeps an imaginary part, but abs() drops half of it: the complex
    # step gives |x| where the derivative is 2|x|. One-sided differences side with the engines.
    report = ad.gradcheck(lambda x: ad.abs(x) * x, X, reference="complex-step")
    assert report
    assert any("not complex-step safe" in n for n in report.notes)
    d = ad.jacfwd(lambda x: ad.abs(x) * x)(X)
    np.testing.assert_allclose(np.diag(d), 2 * np.abs(X), rtol=1e-15)


def test_a_primitive_without_a_jvp_rule_gets_a_hint_and_checks_in_rev_mode():
    double = ad.primitive(lambda x: 2 * x, name="double_no_jvp")
    double.defvjp(lambda g, ans, x: (2 * g,))
    with pytest.raises(GradcheckInputError, match=r"no JVP rule.*modes=\('rev',\)"):
        ad.gradcheck(lambda x: double(x), X)
    assert ad.gradcheck(lambda x: double(x), X, modes=("rev",))


def test_functions_of_matrices_and_unused_inputs():
    a = np.arange(6.0).reshape(2, 3) + 1
    report = ad.gradcheck(lambda a, b: a @ a.T + 0.0 * ad.sum(b), a, np.array(1.5), order=2)
    assert report
    # the worst-element indices are in the shapes of the output and of the input
    assert all(len(c.output_index) == 2 and len(c.input_index) in (0, 2)
               for c in report.checks if not c.pair.startswith(("fwd-", "rev-")))


def test_fast_mode_finds_a_small_vjp_error_among_a_million_inputs():
    # a rule wrong by 1e-5 relative; with a random cotangent it would cancel away at this size
    cube = ad.primitive(lambda x: x * x * x, name="cube_million")
    cube.defjvp(lambda t, ans, x: 3 * x * x * t[0])
    cube.defvjp(lambda g, ans, x: (3.00003 * x * x * g,))
    x = np.random.default_rng(1).standard_normal(10 ** 6)
    start = time.perf_counter()
    report = ad.gradcheck(lambda x: (ad.sin(cube(x)) * x).sum(), x, fast=True,
                          raise_exception=False)
    elapsed = time.perf_counter() - start
    assert {c.pair: c.status for c in report.checks}["rev vs fd"] == "fail"
    assert {c.pair: c.status for c in report.checks}["fwd vs fd"] == "pass"
    assert (report.wrong_rules[0].primitive, report.wrong_rules[0].rule) == ("cube_million",
                                                                             "vjp")
    assert elapsed < 60.0


def test_to_dict_is_strict_json_even_with_nan():
    bad = ad.primitive(lambda x: 2 * x, name="nan_vjp")
    bad.defjvp(lambda t, ans, x: 2 * t[0])
    bad.defvjp(lambda g, ans, x: (g * np.nan,))
    report = ad.gradcheck(lambda x: bad(x), X, raise_exception=False)
    assert not report
    text = json.dumps(report.to_dict(), allow_nan=False)
    assert '"nan"' in text
    assert report.wrong_rules[0].primitive == "nan_vjp"


def test_a_function_computing_in_float32_is_noted():
    report = ad.gradcheck(lambda x: ad.sin(ad.astype(x, np.float32)), X)
    assert any("returns float32 values" in n for n in report.notes)
