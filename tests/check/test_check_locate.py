"""The recording trace and the per-primitive rule check."""
import numpy as np

import autodiff as ad
from autodiff.check.locate import find_wrong_rules, record


def test_record_lists_the_primitives_in_order_with_their_inputs():
    x, y = np.array([0.5, 1.0]), np.array([2.0, -1.0])
    calls = record(lambda x, y: ad.sin(x * y).sum(), [x, y])
    assert [c[0].name for c in calls] == ["multiply", "sin", "sum"]
    prim, args, kwargs, ans, traced = calls[1]
    np.testing.assert_array_equal(args[0], x * y)
    np.testing.assert_array_equal(ans, np.sin(x * y))
    assert traced == (0,)


def test_constants_are_not_traced_arguments():
    calls = record(lambda x: x * 3.0 + 1.0, [np.array([1.0, 2.0])])
    assert [(c[0].name, c[4]) for c in calls] == [("multiply", (0,)), ("add", (0,))]


def test_library_rules_pass_at_recorded_inputs():
    x = np.array([0.4, 1.3, 2.2])
    f = lambda x: (ad.exp(x) / (1 + x * x) - ad.sqrt(x) * ad.tanh(x)).sum()
    assert find_wrong_rules(record(f, [x])) == []


def test_a_wrong_vjp_is_found_and_a_right_jvp_is_not_blamed():
    sq = ad.primitive(lambda x: x * x, name="sq_locate")
    sq.defjvp(lambda t, ans, x: 2 * x * t[0])
    sq.defvjp(lambda g, ans, x: (x * g,))     # should be 2 x g
    calls = record(lambda x: ad.sin(sq(x)), [np.array([0.5, 1.5])])
    wrong = find_wrong_rules(calls)
    assert [(w.primitive, w.rule, w.argument, w.call) for w in wrong] == [
        ("sq_locate", "vjp", 0, 0)]
    # the VJP gives <x g, u>, finite differences <g, 2 x u>: their ratio is 1/2
    assert abs(wrong[0].value / wrong[0].reference - 0.5) < 1e-8
