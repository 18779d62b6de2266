"""What a gradient check found: one row per comparison, the wrong rules, and the notes."""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

__all__ = ["Check", "WrongRule", "WrongElement", "GradcheckReport"]

PASS, FAIL, NONDIFF = "pass", "fail", "non-differentiable"


@dataclass
class Check:
    """One comparison of two ways of computing the same derivatives, for one input.

    Attributes
    ----------
    pair : str
        What was compared, e.g. ``"rev vs fd"`` or ``"fwd-over-rev vs fd"``.
    mode : str
        The engine under test (``"fwd"``, ``"rev"``, ``"fwd-over-rev"``...); for an engine-engine
        comparison, the first of the two.
    input : str
        Which input: ``"input 0"``, or ``"random direction"`` in fast mode.
    output_index, input_index : tuple or None
        The worst element: its index in the output and in the input (None in fast mode, where a
        random direction stands for all elements).
    value, reference : float
        The two values at the worst element.
    max_abs_error, max_rel_error : float
        Largest absolute and relative difference over the elements.
    status : str
        ``"pass"``, ``"fail"`` or ``"non-differentiable"`` (a kink: one-sided differences disagree
        and the engine's value lies between them, a valid subgradient).
    note : str
        Why the status is what it is, when it needs saying.
    """

    pair: str
    mode: str
    input: str
    output_index: tuple | None
    input_index: tuple | None
    value: float
    reference: float
    max_abs_error: float
    max_rel_error: float
    status: str
    note: str = ""

    @property
    def passed(self) -> bool:
        """True unless the status is ``"fail"``."""
        return self.status != FAIL


@dataclass
class WrongRule:
    """A primitive whose rule disagrees with finite differences of its own implementation.

    Attributes
    ----------
    primitive : str
        The registry name of the primitive.
    rule : str
        ``"jvp"`` or ``"vjp"``.
    argument : int
        The positional argument whose derivative is wrong.
    call : int
        Which recorded call of the function (0-based, in execution order) exposed it.
    value, reference : float
        What the rule gives and what finite differences of the primitive give, along random
        directions (for a VJP, the product ``<cotangent, direction>``; for a JVP, the worst
        element of ``J u``); nan when the rule returned no derivative at all.
    problem : str
        When the rule raised or returned the wrong shape or dtype, what it did, in words.
    """

    primitive: str
    rule: str
    argument: int
    call: int
    value: float
    reference: float
    problem: str = ""

    def describe(self) -> str:
        """One line naming the rule, e.g. ``the VJP of primitive 'mul3' for argument 0``."""
        head = (f"the {self.rule.upper()} of primitive '{self.primitive}' for argument "
                f"{self.argument} (recorded call #{self.call})")
        if self.problem:
            return f"{head} {self.problem}"
        along = "along a random direction" if self.rule == "jvp" else \
            "projected on random directions (<cotangent, direction>)"
        return (f"{head}, {along}, gives {self.value:.10g} where finite differences of the "
                f"primitive give {self.reference:.10g}")


@dataclass
class WrongElement:
    """An element where a hand-written derivative (``gradcheck(..., derivative=df)``) is wrong.

    Attributes
    ----------
    input : int
        Which input (positional argument).
    output_index, input_index : tuple
        The element: ``d f[output_index] / d x_input[input_index]``.
    value, reference : float
        What the derivative gives and what finite differences give.
    """

    input: int
    output_index: tuple
    input_index: tuple
    value: float
    reference: float

    def describe(self) -> str:
        """One line, e.g. ``d out() / d input 0 (3,): derivative gives 2.1, finite ...``."""
        output = f" (output {_fmt_index(self.output_index)})" if self.output_index else ""
        return (f"derivative wrong at input {self.input}, element {_fmt_index(self.input_index)}"
                f"{output}: it gives {self.value:.10g}, finite differences give "
                f"{self.reference:.10g}")


def _fmt_index(index) -> str:
    if index is None:
        return "-"
    return "(" + ",".join(str(i) for i in index) + ")" if index else "()"


@dataclass
class GradcheckReport:
    """The result of :func:`autodiff.gradcheck`: truthy when every check passed.

    ``str(report)`` is a table (check, input, worst element, errors, status); ``to_dict()`` gives
    the same as plain Python data for tools (``--json``).

    Attributes
    ----------
    function : str
        The name of the checked function.
    order : int
    fast : bool
    checks : list of Check
    wrong_rules : list of WrongRule
        The primitives whose rules were found wrong, first recorded call first.
    wrong_elements : list of WrongElement
        With ``derivative=df``: the elements where ``df`` disagrees with finite differences
        (at most 20 listed).
    notes : list of str
        Facts about the run worth knowing (float32 inputs checked in float64, the reference
        method, where no single wrong rule was found).
    seconds : float
        Wall time of the check.
    """

    function: str
    order: int
    fast: bool
    checks: list = field(default_factory=list)
    wrong_rules: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    seconds: float = 0.0
    wrong_elements: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return all(c.passed for c in self.checks)

    @property
    def passed(self) -> bool:
        """Whether every check passed (non-differentiable points count as passed)."""
        return bool(self)

    @property
    def failures(self) -> list:
        """The checks that failed."""
        return [c for c in self.checks if not c.passed]

    def to_dict(self) -> dict:
        """The report as JSON-ready Python data."""
        return {
            "function": self.function,
            "passed": self.passed,
            "order": self.order,
            "fast": self.fast,
            "seconds": self.seconds,
            "notes": list(self.notes),
            "checks": [_finite(dict(asdict(c), output_index=_listify(c.output_index),
                                    input_index=_listify(c.input_index)))
                       for c in self.checks],
            "wrong_rules": [_finite(asdict(w)) for w in self.wrong_rules],
            "wrong_elements": [_finite(dict(asdict(e), output_index=_listify(e.output_index),
                                            input_index=_listify(e.input_index)))
                               for e in self.wrong_elements],
        }

    def table_rows(self) -> list:
        """The rows of the table, as lists of strings, without the header."""
        return [[self.function, c.pair, c.input,
                 f"out{_fmt_index(c.output_index)} in{_fmt_index(c.input_index)}",
                 f"{c.max_abs_error:.2e}", f"{c.max_rel_error:.2e}", c.status]
                for c in self.checks]

    def __str__(self) -> str:
        lines = [format_table(self.table_rows())]
        for n in self.notes:
            lines.append(f"note: {n}")
        for c in self.checks:
            if c.status == FAIL and " mode raised " in c.note and math.isnan(c.value):
                lines.append(f"fail: {c.note}")
            elif c.status != PASS:
                lines.append(f"{c.status}: {c.pair}, {c.input}, output {_fmt_index(c.output_index)}"
                             f", input element {_fmt_index(c.input_index)}: {c.mode} gives "
                             f"{c.value:.10g}, {_spelled(c.pair.split(' vs ')[1])} "
                             f"{c.reference:.10g}"
                             + (f" ({c.note})" if c.note else ""))
        for e in self.wrong_elements:
            lines.append(e.describe())
        for w in self.wrong_rules:
            lines.append(f"wrong rule: {w.describe()}")
        verdict = "PASSED" if self else "FAILED"
        lines.append(f"{verdict}: {sum(c.passed for c in self.checks)} of {len(self.checks)} "
                     f"checks passed in {self.seconds:.2f} s")
        return "\n".join(lines)


def _spelled(other: str) -> str:
    """The other side of a comparison, with its verb, in words."""
    return "finite differences give" if other == "fd" else f"{other} gives"


HEADER = ["function", "check", "input", "worst element", "max abs err", "max rel err", "result"]


def format_table(rows: list, header: list = HEADER) -> str:
    """Left-aligned columns, a header and a rule under it."""
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    out = ["  ".join(str(h).ljust(w) for h, w in zip(header, widths)).rstrip(),
           "  ".join("-" * w for w in widths)]
    out += ["  ".join(str(v).ljust(w) for v, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(out)


def _finite(record: dict) -> dict:
    """nan and inf as the strings "nan", "inf", "-inf": strict JSON has no spelling for them."""
    return {k: (repr(v) if isinstance(v, float) and not math.isfinite(v) else v)
            for k, v in record.items()}


def _listify(index):
    return None if index is None else [int(i) for i in index]


def format_reports(reports: list) -> str:
    """Several reports as one table, then their notes (once each), details and a verdict."""
    rows = [row for r in reports for row in r.table_rows()]
    lines = [format_table(rows)]
    seen = set()
    for r in reports:
        for n in r.notes:
            if n not in seen:
                seen.add(n)
                lines.append(f"note: {n}")
    for r in reports:
        detail = str(r).splitlines()
        # the single-report details: everything after its table and notes, before its verdict
        lines += [d for d in detail[len(r.checks) + 2:-1] if not d.startswith("note: ")]
    passed = sum(bool(r) for r in reports)
    seconds = sum(r.seconds for r in reports)
    verdict = "PASSED" if passed == len(reports) else "FAILED"
    lines.append(f"{verdict}: {passed} of {len(reports)} functions passed "
                 f"({sum(len(r.checks) for r in reports)} checks, {seconds:.2f} s)")
    return "\n".join(lines)


def format_failures(reports: list) -> str:
    """Only what failed (``--quiet``): the failing rows, their details, the wrong rules and
    elements; the empty string when nothing failed."""
    failed = [r for r in reports if not r]
    if not failed:
        return ""
    rows = [row for r in failed for row, c in zip(r.table_rows(), r.checks) if not c.passed]
    lines = [format_table(rows)]
    for r in failed:
        lines += [d for d in str(r).splitlines()
                  if d.startswith(("fail:", "wrong rule:", "derivative wrong"))]
    lines.append(f"FAILED: {len(failed)} of {len(reports)} functions")
    return "\n".join(lines) + "\n"
