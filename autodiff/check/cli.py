"""``autodiff-check``: the gradient checker as a command.

With no arguments it checks the document's examples (:mod:`autodiff.examples`) and prints one
table. ``autodiff-check MODULE:FUNCTION --input 1.0,2.0`` checks a function of the user's.
Exit status: 0 when every check passes, 1 when any fails, 2 for bad usage (with a one-line error
that says what to fix, never a traceback).
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import sysconfig
import time

import numpy as np

from ..core import MissingRuleError
from ..examples import examples
from .errors import GradcheckInputError
from .gradcheck import gradcheck
from .report import format_failures, format_reports

__all__ = ["main", "UsageError", "parse_input", "load_function"]

EXAMPLE_USAGE = "autodiff-check mymodule:f --input 1.0,2.0,3.0"


class UsageError(Exception):
    """Bad usage of the command; the message is the one line printed (exit status 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        """Raise :class:`UsageError` (exit status 2) instead of argparse's exit."""
        raise UsageError(f"{message} (usage: {EXAMPLE_USAGE}; see autodiff-check --help)")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="autodiff-check",
                description="Check derivatives three ways (forward mode, reverse mode, finite "
                            "differences) and name the primitive whose rule is wrong. With no "
                            "FUNCTION, check the document's examples.",
                epilog="exit status: 0 all checks pass, 1 a check fails, 2 bad usage")
    p.add_argument("target", nargs="?", metavar="MODULE:FUNCTION",
                   help="the function to check, e.g. mymodule:f (the module is imported from "
                        "the current directory, --path, or the installed packages)")
    p.add_argument("--input", action="append", default=[], metavar="VALUES",
                   help="one positional argument: comma-separated numbers (a 1-D float64 "
                        "array; one number: a scalar) or the path of a .npy file; repeat for "
                        "each argument")
    p.add_argument("--order", type=int, choices=(1, 2), default=1,
                   help="2 also checks second derivatives (default 1)")
    p.add_argument("--fast", action="store_true",
                   help="check w^T J u with random vectors instead of whole Jacobians")
    p.add_argument("--modes", default="fwd,rev", metavar="fwd,rev",
                   help="which engines to check (default: fwd,rev)")
    p.add_argument("--derivative", metavar="MODULE:FUNCTION", default=None,
                   help="your own hand-written derivative of FUNCTION (same arguments; returns "
                        "the gradient of a scalar function, else the Jacobian) to check against "
                        "finite differences and both engines")
    p.add_argument("--json", action="store_true", help="print the reports as JSON")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="print only the failures (nothing when every check passes)")
    p.add_argument("--path", action="append", default=[], metavar="DIR",
                   help="a directory to import MODULE from (repeatable)")
    p.add_argument("--eps", type=float, default=None, help="initial finite-difference step")
    p.add_argument("--atol", type=float, default=None, help="absolute tolerance (default 1e-8)")
    p.add_argument("--rtol", type=float, default=None, help="relative tolerance (default 1e-7)")
    p.add_argument("--seed", type=int, default=0, help="seed of the random directions")
    p.add_argument("--reference", choices=("richardson", "complex-step"), default="richardson",
                   help="finite differences with Richardson extrapolation (default), or the "
                        "complex step for functions that run on complex numbers")
    return p


def parse_input(text: str) -> np.ndarray:
    """One ``--input``: a ``.npy`` path, or comma-separated numbers (one number: a scalar).

    Raises
    ------
    UsageError
        When the file cannot be read or the text is not numbers.
    """
    if text.endswith(".npy") or os.path.sep in text or os.path.exists(text):
        try:
            value = np.load(text, allow_pickle=False)
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise UsageError(f"cannot read --input {text!r}: {reason}; give the path of a .npy "
                             f"file (np.save) or comma-separated numbers like 1.0,2.0") from None
        if not isinstance(value, np.ndarray):
            raise UsageError(f"--input {text!r} holds several arrays; save one array per file")
        return value
    parts = [s.strip() for s in text.split(",")]
    try:
        numbers = [float(s) for s in parts]
    except ValueError:
        raise UsageError(f"--input {text!r} is neither numbers nor a .npy file; give "
                         f"comma-separated numbers like 1.0,2.0,3.0 or the path of a .npy "
                         f"file") from None
    if len(numbers) == 1:
        return np.array(numbers[0], dtype=np.float64)
    return np.array(numbers, dtype=np.float64)


def load_function(target: str, paths=()):
    """Import ``MODULE:FUNCTION`` and return the function.

    Raises
    ------
    UsageError
        When the target is malformed, the module cannot be imported or has no such callable.
    """
    module_name, sep, function_name = target.partition(":")
    if not sep or not module_name or not function_name:
        raise UsageError(f"{target!r} is not MODULE:FUNCTION; name the function like "
                         f"mymodule:f")
    for p in reversed([os.getcwd(), *paths]):
        p = os.path.abspath(p)
        if p not in sys.path:
            sys.path.insert(0, p)
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            raise UsageError(f"no module named {module_name!r}; run from its directory or add "
                             f"it with --path DIR") from None
        raise UsageError(f"module {module_name!r} failed to import: {exc}") from None
    except Exception as exc:   # the user's module raised while importing
        raise UsageError(f"module {module_name!r} failed to import: "
                         f"{type(exc).__name__}: {exc}") from None
    obj = module
    for part in function_name.split("."):
        if not hasattr(obj, part):
            raise UsageError(f"module {module_name!r} has no function {function_name!r}; "
                             f"check the name after the colon")
        obj = getattr(obj, part)
    if not callable(obj):
        raise UsageError(f"{target} is not a function (it is of type {type(obj).__name__}); "
                         f"name a function")
    return obj


def _progress_printer(delay: float = 1.0, terminal: bool | None = None):
    """Print progress to stderr once a run has taken longer than ``delay`` seconds, and only
    when stderr is a terminal (``terminal``: None asks it), so logs and pipes stay clean."""
    start = time.perf_counter()
    if terminal is None:
        terminal = _isatty(sys.stderr)

    def say(message: str):
        """Print a progress line to stderr once the run has taken longer than the delay."""
        if terminal and time.perf_counter() - start > delay:
            print(message, file=sys.stderr, flush=True)

    return say


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _options(args) -> dict:
    return dict(modes=tuple(m.strip() for m in args.modes.split(",") if m.strip()),
                order=args.order, fast=args.fast, eps=args.eps, atol=args.atol, rtol=args.rtol,
                seed=args.seed, reference=args.reference, raise_exception=False)


def _run_examples(args) -> list:
    found = examples()
    say = _progress_printer()
    reports = []
    for n, ex in enumerate(found, 1):
        say(f"[{n}/{len(found)}] {ex.name}")
        report = gradcheck(ex.function, *ex.inputs, **_options(args))
        report.function = ex.name
        reports.append(report)
    return reports


def _run_target(args) -> list:
    if not args.input:
        raise UsageError(f"give the point to check at with --input (one per argument), e.g. "
                         f"{EXAMPLE_USAGE}")
    function = load_function(args.target, args.path)
    derivative = load_function(args.derivative, args.path) if args.derivative else None
    inputs = [parse_input(text) for text in args.input]
    report = gradcheck(function, *inputs, progress=_progress_printer(), derivative=derivative,
                       **_options(args))
    report.function = args.target
    return [report]


def _user_frame(exc) -> str:
    """Where in the user's code ``exc`` was raised: ``file, line N, in name``, the innermost
    frame outside autodiff, numpy and the standard library ("" when there is none)."""
    import traceback
    ours = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    library = {os.path.abspath(sysconfig.get_paths()[key])
               for key in ("stdlib", "platstdlib", "purelib", "platlib")}
    frames = traceback.extract_tb(exc.__traceback__)
    outside = [fr for fr in frames if not os.path.abspath(fr.filename).startswith(ours)]
    users = [fr for fr in outside
             if not any(os.path.abspath(fr.filename).startswith(lib) for lib in library)]
    frame = (users or outside or [None])[-1]
    if frame is None:
        return ""
    return f"{frame.filename}, line {frame.lineno}, in {frame.name}"


def _join_negative_inputs(argv: list) -> list:
    """``--input -1.5,2`` as ``--input=-1.5,2``: argparse takes ``-1.5,2`` for an option."""
    out, i = [], 0
    while i < len(argv):
        token = argv[i]
        following = argv[i + 1] if i + 1 < len(argv) else ""
        if token == "--input" and following[:1] == "-" and following[1:2] in tuple("0123456789."):
            out.append(f"--input={following}")
            i += 2
        else:
            out.append(token)
            i += 1
    return out


def main(argv=None) -> int:
    """Run the command; returns the exit status (0 pass, 1 fail, 2 bad usage)."""
    argv = _join_negative_inputs(list(sys.argv[1:] if argv is None else argv))
    try:
        args = _parser().parse_args(argv)
        if args.target is None and args.input:
            raise UsageError(f"--input needs a function to check: {EXAMPLE_USAGE}")
        try:
            reports = _run_target(args) if args.target else _run_examples(args)
        except (GradcheckInputError, MissingRuleError) as exc:
            raise UsageError(str(exc)) from None
        except UsageError:
            raise
        except Exception as exc:  # the user's function crashed: say so in one line
            if not args.target:
                raise
            where = _user_frame(exc)
            raise UsageError(f"{args.target} raised {type(exc).__name__} at the given input: "
                             f"{exc}" + (f" ({where})" if where else "")) from None
    except UsageError as exc:
        _write(sys.stderr, f"autodiff-check: error: {exc}\n")
        return 2
    status = 0 if all(reports) else 1
    shown = [r for r in reports if not r] if args.quiet else reports
    if args.json:
        text = json.dumps({"passed": all(reports), "reports": [r.to_dict() for r in shown]},
                          indent=2) + "\n"
    elif args.quiet:
        text = format_failures(reports)
    else:
        text = format_reports(reports) + "\n"
    _write(sys.stdout, text)
    return status


def _write(stream, text: str) -> None:
    """Write and flush; a reader that closed the pipe (``| head``) ends the output quietly."""
    if not text:
        return
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        # Point the stream at /dev/null so the interpreter's own flush at exit finds nothing
        # to write (it would print a traceback); the exit status stays the check's.
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, stream.fileno())
        except (OSError, ValueError):
            pass
        finally:
            os.close(devnull)


if __name__ == "__main__":
    sys.exit(main())
