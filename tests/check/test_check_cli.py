"""``python -m autodiff.check`` / ``autodiff-check`` run as a user runs them: in a subprocess."""
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from autodiff.check import cli
from autodiff.examples import examples

ROOT = Path(__file__).resolve().parents[2]

USER_MODULE = textwrap.dedent('''
    import numpy as np
    import autodiff as ad

    @ad.primitive
    def cube(x):
        return x ** 3

    @cube.defjvp
    def cube_jvp(tangents, ans, x):
        return 3 * x ** 2 * tangents[0]

    @cube.defvjp
    def cube_vjp(g, ans, x):
        return (2 * x ** 2 * g,)          # wrong: d(x^3)/dx is 3 x^2

    def wrong(x):
        return np.sin(cube(x)).sum()

    def good(x, y):
        return np.tanh(x * y) + y ** 2

    def not_an_array(x):
        return "hello"

    def crashes(x):
        raise ValueError("boom")

    def an_int(x):
        return 3

    def loss(x):
        return np.sum(x ** 2 * np.sin(x))

    def loss_grad(x):
        return 2 * x * np.sin(x) + x ** 2 * np.cos(x)

    def loss_grad_wrong(x):
        g = loss_grad(x)
        g[1] = 2 * x[1] * np.sin(x[1])
        return g
''')


def run(*args, cwd=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "autodiff.check", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=300)


@pytest.fixture
def user_dir(tmp_path):
    (tmp_path / "usermod.py").write_text(USER_MODULE)
    return tmp_path


def assert_one_line_error(result, *words):
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for w in words:
        assert w in lines[0]


def test_no_arguments_checks_every_document_example(tmp_path):
    result = run(cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    for ex in examples():
        assert ex.name in result.stdout
    assert "fwd vs fd" in result.stdout and "rev vs fd" in result.stdout
    assert "PASSED" in result.stdout and "fail" not in result.stdout


def test_a_user_module_with_a_wrong_rule_exits_1_and_names_it(user_dir):
    result = run("usermod:wrong", "--input", "0.5,1.0,1.5", cwd=user_dir)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "rev vs fd" in result.stdout and "fail" in result.stdout
    assert "VJP of primitive 'cube'" in result.stdout


def test_path_option_and_several_inputs(user_dir, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    result = run("usermod:good", "--input", "0.5,1.0", "--input", "2,3", "--path", str(user_dir),
                 cwd=elsewhere)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "input 1" in result.stdout


def test_json_output(user_dir):
    result = run("usermod:wrong", "--input", "0.5,1.0", "--json", cwd=user_dir)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["passed"] is False
    (report,) = data["reports"]
    assert report["wrong_rules"][0]["primitive"] == "cube"
    assert {c["pair"]: c["status"] for c in report["checks"]}["fwd vs fd"] == "pass"


def test_npy_input_scalar_input_order_fast_and_modes(user_dir):
    np.save(user_dir / "x.npy", np.array([[0.5, 1.0], [1.5, -0.3]]))
    assert run("usermod:good", "--input", "x.npy", "--input", "2.0", "--order", "2",
               cwd=user_dir).returncode == 0
    fast = run("usermod:wrong", "--input", "0.5,1.0,1.5", "--fast", cwd=user_dir)
    assert fast.returncode == 1 and "random direction" in fast.stdout
    fwd_only = run("usermod:wrong", "--input", "0.5,1.0,1.5", "--modes", "fwd", cwd=user_dir)
    assert fwd_only.returncode == 0 and "rev" not in fwd_only.stdout


@pytest.mark.parametrize("args, words", [
    (("nosuchmodule:f", "--input", "1.0"), ("no module named 'nosuchmodule'", "--path")),
    (("usermod:nosuchfunction", "--input", "1.0"), ("no function 'nosuchfunction'",)),
    (("usermod:wrong", "--input", "missing.npy"), ("cannot read --input 'missing.npy'",)),
    (("usermod:wrong", "--input", "1.0,abc"), ("neither numbers nor a .npy file",)),
    (("usermod:not_an_array", "--input", "1.0"), ("returned a str", "numpy array")),
    (("usermod:crashes", "--input", "1.0"), ("raised ValueError", "boom")),
    (("usermod:wrong",), ("--input",)),
    (("usermod", "--input", "1.0"), ("MODULE:FUNCTION",)),
    (("--order", "3"), ("--order",)),
    (("usermod:wrong", "--input", "1.0", "--modes", "sideways"), ("modes",)),
])
def test_bad_usage_exits_2_with_one_line(user_dir, args, words):
    assert_one_line_error(run(*args, cwd=user_dir), *words)


def test_integer_npy_input_exits_2(user_dir):
    np.save(user_dir / "ints.npy", np.array([1, 2, 3]))
    assert_one_line_error(run("usermod:wrong", "--input", "ints.npy", cwd=user_dir), "integer")


def test_unreadable_npy_file_exits_2(user_dir):
    (user_dir / "junk.npy").write_text("not numpy")
    assert_one_line_error(run("usermod:wrong", "--input", "junk.npy", cwd=user_dir),
                          "cannot read --input")


def test_progress_goes_to_stderr_once_a_run_is_long(capsys):
    say = cli._progress_printer(delay=0.0, terminal=True)
    say("[1/2] dot")
    captured = capsys.readouterr()
    assert captured.err == "[1/2] dot\n" and captured.out == ""


def test_no_progress_when_stderr_is_not_a_terminal(capsys):
    say = cli._progress_printer(delay=0.0)      # pytest's captured stderr is no terminal
    say("[1/2] dot")
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("args, status", [((), 0), (("usermod:wrong", "--input", "0.5,1.0"), 1)])
def test_a_closed_pipe_ends_quietly_with_the_status_it_would_have_had(user_dir, args, status):
    # Before: ``autodiff-check --json | head`` died with BrokenPipeError and status 1.
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "autodiff.check", *args, "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=user_dir,
                            env=env)
    proc.stdout.close()                         # the reader is gone before anything is written
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == status, err
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_a_raising_function_is_reported_with_its_file_and_line(user_dir):
    result = run("usermod:crashes", "--input", "1.0", cwd=user_dir)
    # line 27 of USER_MODULE is the raise in crashes()
    assert_one_line_error(result, "raised ValueError", "boom", "usermod.py", "line 27",
                          "in crashes")


def test_plain_words_for_what_a_function_returned(user_dir):
    assert_one_line_error(run("usermod:an_int", "--input", "1.0", cwd=user_dir),
                          "returned an int")


def test_the_locator_message_says_its_numbers_are_projections(user_dir):
    result = run("usermod:wrong", "--input", "0.5,1.0", cwd=user_dir)
    assert "random directions" in result.stdout


def test_quiet_prints_only_failures(user_dir):
    passing = run("usermod:good", "--input", "0.5,1.0", "--input", "2,3", "--quiet",
                  cwd=user_dir)
    assert passing.returncode == 0 and passing.stdout == "", passing.stdout
    failing = run("usermod:wrong", "--input", "0.5,1.0", "--quiet", cwd=user_dir)
    assert failing.returncode == 1
    assert "rev vs fd" in failing.stdout and "fwd vs fd" not in failing.stdout
    assert "VJP of primitive 'cube'" in failing.stdout and "note:" not in failing.stdout


def test_derivative_option_checks_a_hand_written_gradient(user_dir):
    good = run("usermod:loss", "--derivative", "usermod:loss_grad", "--input", "0.5,1.0,1.5",
               cwd=user_dir)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "derivative vs fd" in good.stdout and "derivative vs rev" in good.stdout
    bad = run("usermod:loss", "--derivative", "usermod:loss_grad_wrong", "--input",
              "0.5,1.0,1.5", cwd=user_dir)
    assert bad.returncode == 1
    assert "derivative wrong at input 0, element (1)" in bad.stdout
    missing = run("usermod:loss", "--derivative", "usermod:nope", "--input", "1.0",
                  cwd=user_dir)
    assert_one_line_error(missing, "no function 'nope'")


def test_negative_numbers_as_input(user_dir):
    result = run("usermod:good", "--input", "-0.5,1.0", "--input", "-2", cwd=user_dir)
    assert result.returncode == 0, result.stdout + result.stderr


def test_parse_input():
    assert cli.parse_input("2.5").shape == ()
    np.testing.assert_array_equal(cli.parse_input("1, 2,3"), [1.0, 2.0, 3.0])
    assert cli.parse_input("1,2").dtype == np.float64
