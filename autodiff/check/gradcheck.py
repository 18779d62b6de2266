"""``ad.gradcheck``: forward mode, reverse mode and finite differences, compared with each other."""
from __future__ import annotations

import time

import numpy as np

from .compare import DEFAULT_ATOL, DEFAULT_RTOL, classify, mismatch, tolerance
from .engines import (MODES, batched_jvp_columns, batched_vjp_rows,
                      directional_first_derivative, first_derivative, jvp_columns, vjp_rows)
from ..core import MissingRuleError
from .errors import GradcheckError, GradcheckInputError
from .finite_differences import (BatchedFunction, aligned_cotangent, basis_steps, complex_step,
                                 directional_derivative, looped, richardson)
from .function import as_point, complex_function, numpy_function, output_array
from .locate import find_wrong_rules, record
from .report import FAIL, NONDIFF, PASS, Check, GradcheckReport, WrongElement

__all__ = ["gradcheck"]

REFERENCES = {
    "richardson": ("reference: central finite differences, Richardson-extrapolated, with an error "
                   "estimate per element (truncation plus roundoff) added to the tolerance"),
    "complex-step": ("reference: complex step, Im f(x + ih u) / h with h = 1e-20 (one-sided "
                     "differences for kinks)"),
}


def gradcheck(f, *inputs, modes=("fwd", "rev"), order=1, eps=None, atol=None, rtol=None,
              fast=False, raise_exception=True, seed=0, progress=None,
              reference="richardson", derivative=None) -> GradcheckReport:
    """Check ``f``'s derivatives: forward mode, reverse mode and finite differences agree.

    Three Jacobians of ``f`` at ``inputs`` are compared: forward mode (JVPs along the input
    elements), reverse mode (VJPs of the output elements) and finite differences (central
    differences, Richardson-extrapolated where the engines disagree with plain ones, each
    element with an estimate of its own error that the tolerance adds). The perturbed inputs
    are evaluated many at a time on autodiff's batching level where ``f`` allows it (one at a
    time otherwise), and steps that leave ``f``'s domain (a nan) are shrunk or made one-sided.
    Past about four million Jacobian elements a random sample of input and output elements is
    compared (the report says so).
    When an engine disagrees, the function's primitive calls are replayed and each primitive's
    JVP and VJP rule is checked on its own, so the report names the primitive whose rule is wrong
    and for which argument.

    Parameters
    ----------
    f : callable
        Takes one array per input and returns one floating-point array (or tensor, or float).
        It may be written with numpy functions or with tensor methods.
    *inputs : array_like or Tensor
        The point to check at; floating-point. float32 inputs are checked in float64 (the
        report says so), where finite differences are accurate.
    modes : tuple of {"fwd", "rev"}
        The engines to check.
    order : {1, 2}
        2 also checks second derivatives: each engine differentiating each engine's first
        derivative (fwd-over-rev, rev-over-rev, fwd-over-fwd, rev-over-fwd), against finite
        differences of that first derivative.
    eps : float, optional
        The finite-difference step (Richardson extrapolation starts from a few times it and
        shrinks it); by default 1e-3 times each element's size (at least a tenth of the
        inputs' root mean square).
    atol, rtol : float, optional
        Two derivatives agree where ``|a - b| <= atol + rtol * |b| + 2 * (fd error estimate)``;
        defaults 1e-8 and 1e-7, tight enough to catch a rule wrong by 1e-6.
    fast : bool
        Check ``w^T J u`` for random ``u`` and ``w`` instead of whole Jacobians (PyTorch's fast
        gradcheck): one JVP, one VJP and one directional difference, so a function of 10^6
        inputs checks in seconds. Forward mode is still compared element by element of ``J u``.
    raise_exception : bool
        Raise :class:`GradcheckError` on a failure instead of returning a falsy report.
    seed : int
        Seed of the random directions (fast mode, rule checks).
    progress : callable, optional
        Called with a short message at each stage of a long check (the command prints them to
        stderr).
    derivative : callable, optional
        Your own hand-written derivative of ``f`` to check: it takes the same arguments as
        ``f`` (numpy arrays) and returns the gradient when ``f`` returns a scalar (an array of
        the input's shape; a tuple of them for several inputs), else the Jacobian (shape
        ``f``'s output shape + the input's shape; a tuple for several inputs). It is compared
        with finite differences, forward mode and reverse mode, and the report lists the
        elements where it is wrong (``report.wrong_elements``).
    reference : {"richardson", "complex-step"}
        How the finite-difference reference is computed. ``"complex-step"`` is exact to rounding
        but only valid for functions analytic in their inputs that run on complex numbers (no
        ``abs``, ``max``, norms); the check stops with an error when the function returns real
        values for complex inputs, but cannot detect every way a function breaks it.

    Returns
    -------
    GradcheckReport
        Truthy when every check passed. Points where the function is not differentiable (the
        one-sided differences disagree) and the engine gives a value between them count as
        passed, with status ``"non-differentiable"``.

    Raises
    ------
    GradcheckError
        With ``raise_exception=True``, when a check fails; the message names the mode, the input,
        the output element, the two values and, when found, the wrong rule.
    GradcheckInputError
        When the check cannot run as asked (integer inputs, a function that returns no array,
        bad options).

    Examples
    --------
    >>> import numpy as np, autodiff as ad
    >>> bool(ad.gradcheck(lambda x: np.sin(x) * x, np.array([0.5, 1.0])))
    True
    """
    start = time.perf_counter()
    modes = _validate_modes(modes)
    if order not in (1, 2):
        raise GradcheckInputError(f"order must be 1 or 2, got {order!r}")
    if not callable(f):
        raise GradcheckInputError(f"the function to check must be callable, got "
                                  f"{type(f).__name__}")
    atol = DEFAULT_ATOL if atol is None else float(atol)
    rtol = DEFAULT_RTOL if rtol is None else float(rtol)
    say = progress or (lambda message: None)
    point = as_point(inputs)
    name = _name(f)
    if derivative is not None and not callable(derivative):
        raise GradcheckInputError(f"derivative must be a function with the same arguments as "
                                  f"{name}, got {type(derivative).__name__}")
    report = GradcheckReport(function=name, order=order, fast=bool(fast))
    for k, dtype in enumerate(point.original_dtypes):
        if dtype != np.float64:
            report.notes.append(f"input {k} is {dtype}: checked in float64, where finite "
                                f"differences are accurate")
    if reference not in REFERENCES:
        raise GradcheckInputError(f"reference must be 'richardson' or 'complex-step', got "
                                  f"{reference!r}")
    report.notes.append(REFERENCES[reference])
    rng = np.random.default_rng(seed)
    flat_f = numpy_function(f, point, name)
    y0 = flat_f(point.flat())
    if not np.all(np.isfinite(y0)):
        raise GradcheckInputError(f"{name} returns nan or inf at this input; check it where it "
                                  f"is finite")
    if flat_f.out_dtype != np.float64:
        report.notes.append(f"{name} returns {flat_f.out_dtype} values for float64 inputs: "
                            f"finite differences are only as precise as {flat_f.out_dtype}, and "
                            f"their error estimate widens the tolerance accordingly")
    settings = dict(atol=atol, rtol=rtol, eps=eps, fast=fast, rng=rng, say=say,
                    reference=reference, name=name, seed=seed)
    hand_written = None
    if derivative is not None:
        hand_written = _derivative_matrix(derivative, point, flat_f.out_shape, y0.size)
        report.notes.append(f"derivative: {_name(derivative)} compared with finite differences "
                            f"and with {' and '.join(modes)} mode")
    try:
        _run_checks(report, f, point, modes, order, y0, settings, hand_written)
    except MissingRuleError as exc:
        # a primitive without a rule for one mode can still be checked in the other
        other = "rev" if "no JVP rule" in str(exc) else "fwd"
        hint = f"; or check {other} mode only: modes=('{other}',)" if len(modes) == 2 else ""
        raise GradcheckInputError(f"{exc}{hint}") from None
    report.seconds = time.perf_counter() - start
    if raise_exception and not report:
        raise GradcheckError(_failure_message(report), report)
    return report


def _name(f) -> str:
    return getattr(f, "__qualname__", None) or getattr(f, "__name__", None) or repr(f)


def _derivative_matrix(derivative, point, out_shape, m) -> np.ndarray:
    """The user's derivative at the point as an (outputs, inputs) matrix, or a one-line error
    saying what it should have returned."""
    name = _name(derivative)
    value = derivative(*[a.copy() for a in point.arrays])
    k = len(point.shapes)
    out = tuple(out_shape or ())
    what = "the gradient" if m == 1 else "the Jacobian"
    expected = [out + tuple(s) if m > 1 else tuple(s) for s in point.shapes]
    want = expected[0] if k == 1 else "a tuple of " + ", ".join(map(str, expected))
    parts = value if k > 1 and isinstance(value, (tuple, list)) else [value]
    if k > 1 and (not isinstance(value, (tuple, list)) or len(value) != k):
        got = f"a {type(value).__name__}" if not isinstance(value, (tuple, list)) else \
            f"{len(value)} arrays"
        raise GradcheckInputError(f"derivative {name} returned {got}; with {k} inputs it must "
                                  f"return {what} as {want} (one array per input)")
    blocks = []
    for j, (part, shape) in enumerate(zip(parts, point.shapes)):
        array = output_array(part, f"derivative {name}")
        size = int(np.prod(shape))
        if array.size != m * size:
            raise GradcheckInputError(
                f"derivative {name} returned an array of shape {array.shape} for input {j}; "
                f"it must return {what} of shape {expected[j]} (f has {m} output "
                f"element{'s' if m != 1 else ''} and input {j} has {size})")
        blocks.append(np.asarray(array, dtype=np.float64).reshape(m, size))
    matrix = np.concatenate(blocks, axis=1)
    if not np.all(np.isfinite(matrix)):
        bad = np.argwhere(~np.isfinite(matrix))[0]
        raise GradcheckInputError(f"derivative {name} returned nan or inf (at output element "
                                  f"{int(bad[0])}, input element {int(bad[1])}); a derivative "
                                  f"of a function that is finite here must be finite")
    return matrix


def _run_checks(report, f, point, modes, order, y0, settings, hand_written=None):
    name, say, rng = settings["name"], settings["say"], settings["rng"]

    say(f"{name}: first derivatives ({', '.join(modes)} vs finite differences)")
    engines = {m: m for m in modes}
    if hand_written is not None:
        engines = {DERIVATIVE: hand_written, **engines}
    _check_function(report, f, point, engines, **settings)
    if order == 2:
        for outer in modes:
            for inner in modes:
                label = f"{outer}-over-{inner}"
                say(f"{name}: second derivatives, {label}")
                if settings["fast"]:
                    u = rng.standard_normal(point.size)
                    w = rng.standard_normal(y0.size)
                    g = directional_first_derivative(f, point, inner, u, w)
                else:
                    g = first_derivative(f, point, inner)
                try:
                    _check_function(report, g, point, {label: outer}, **settings)
                except (MissingRuleError, GradcheckInputError):
                    raise
                except Exception as exc:   # the inner engine itself fails on a wrong rule
                    report.checks.append(_engine_raised(label, exc))

    if not report:
        say(f"{name}: a check failed; checking each recorded primitive's rules")
        try:
            _locate(report, f, point, settings["atol"], settings["rtol"], settings["seed"])
        except MissingRuleError:
            raise
        except Exception as exc:     # the search is a help; its failure must not hide the report
            report.notes.append(f"the search for the wrong rule stopped: "
                                f"{type(exc).__name__}: {exc}")


def _validate_modes(modes):
    if isinstance(modes, str):
        modes = (modes,)
    modes = tuple(modes)
    unknown = [m for m in modes if m not in MODES]
    if unknown or not modes:
        raise GradcheckInputError(f"modes must be a non-empty subset of ('fwd', 'rev'), got "
                                  f"{modes!r}")
    return tuple(m for m in MODES if m in modes)


def _check_function(report, g, point, engines, *, atol, rtol, eps, fast, rng, say, reference,
                    name, seed):
    """Compare each engine's derivative of ``g`` with finite differences (and with each other)."""
    flat_g = numpy_function(g, point, name)
    x = point.flat()
    y0 = flat_g(x)
    along = _reference(reference, g, flat_g, point, x, eps, name)
    if fast:
        _check_fast(report, g, flat_g, along, point, x, engines, atol, rtol, eps, rng, y0)
    else:
        _check_full(report, g, flat_g, along, point, x, engines, atol, rtol, eps, say, rng, y0,
                    reference)


def _reference(reference, g, flat_g, point, x, eps, name):
    """The reference directional derivative ``u -> FDResult`` at ``x``."""
    if reference == "richardson":
        return lambda u: directional_derivative(
            flat_g, x, u, step=eps, levels=6,
            precision=float(np.finfo(flat_g.out_dtype or np.float64).eps))
    flat_c = complex_function(g, point, name)
    real_values = flat_g(x)

    def along(u):
        """The complex-step derivative along ``u`` (None if complex input is refused)."""
        try:
            return complex_step(flat_c, x, u, real_values)
        except ValueError as exc:
            raise GradcheckInputError(f"{name}: {exc}; use reference='richardson'") from None

    return along


def _ticker(say, what):
    def tick(done, total):
        """Report progress about ten times over a long loop (50 steps or more)."""
        if total >= 50 and (done == total or done % max(1, total // 10) == 0):
            say(f"  {what}: {done}/{total}")
    return tick


# Above this many Jacobian elements the full check compares a random sample of the input
# elements (columns) and output elements (rows) instead of all of them, so a check of 10^4 or
# 10^6 inputs stays seconds; fast mode covers every element through random projections.
FULL_ELEMENTS = 4_000_000
MIN_SAMPLE = 64


def _sample(count, budget, rng):
    """All of ``range(count)`` within the budget, else a sorted random sample of ``budget``."""
    if count <= budget:
        return np.arange(count)
    return np.sort(rng.choice(count, size=budget, replace=False))


def _engine_columns(g, point, directions):
    """``J d`` for each direction, batched where the function allows, else one by one."""
    try:
        return batched_jvp_columns(g, point, directions), True
    except MissingRuleError:
        raise
    except Exception:
        return jvp_columns(g, point, directions=list(directions)), False


def _engine_rows(g, point, rows, m):
    """Rows ``e_i J`` for the output elements ``rows``, batched where possible."""
    try:
        return batched_vjp_rows(g, point, rows), True
    except MissingRuleError:
        raise
    except Exception:
        return vjp_rows(g, point, cotangents=np.eye(m)[rows]), False


def _check_full(report, g, flat_g, along, point, x, engines, atol, rtol, eps, say, rng, y0,
                reference):
    n, m = point.size, y0.size
    budget = max(MIN_SAMPLE, FULL_ELEMENTS // max(n, m, 1))
    cols, rows = _sample(n, budget, rng), _sample(m, budget, rng)
    if cols.size < n or rows.size < m:
        report.notes.append(f"{n} inputs and {m} outputs: the full check compares a random "
                            f"sample of {cols.size} input and {rows.size} output elements "
                            f"(fast=True checks every element along random directions)")
    basis = np.zeros((cols.size, n))
    basis[np.arange(cols.size), cols] = 1.0
    evaluate = BatchedFunction(g, point, flat_g)
    precision = float(np.finfo(flat_g.out_dtype or np.float64).eps)
    steps = basis_steps(x)[cols] if eps is None else np.full(cols.size, float(eps))
    say(f"  finite differences of {cols.size} input elements")
    if reference == "richardson":
        # A first pass of plain central differences (two points an element, all in a few
        # batched calls) settles the elements where the engine agrees at the tight tolerance;
        # the rest get the careful reference with its error estimate (refine, below).
        quick = richardson(evaluate, x, basis, steps / 10, levels=1, precision=precision)
        ref, ref_err = quick.df.T[rows], quick.error.T[rows]
    else:
        fds = [along(e) for e in basis]
        ref = np.stack([fd.df for fd in fds], axis=1)[rows]
        ref_err = np.stack([fd.error for fd in fds], axis=1)[rows]
    if evaluate.batched is False and reference == "richardson":
        report.notes.append(f"{report.function} could not run on a batch of inputs; finite "
                            f"differences evaluated it once per point")
    refined = np.zeros(cols.size, dtype=bool)
    sides = {}

    def refine(columns):
        """The careful reference (more steps, smallest estimated error) for these columns."""
        columns = np.asarray([c for c in columns if not refined[c]], dtype=int)
        if columns.size == 0 or reference != "richardson":
            return
        fine = richardson(looped(flat_g), x, basis[columns], 4 * steps[columns], levels=6,
                          base=y0, precision=precision)
        better = fine.error.T[rows] < ref_err[:, columns]
        ref[:, columns] = np.where(better, fine.df.T[rows], ref[:, columns])
        ref_err[:, columns] = np.where(better, fine.error.T[rows], ref_err[:, columns])
        refined[columns] = True

    def one_sided(c):
        """Backward and forward differences of column ``c`` (on the sampled rows), once."""
        if c not in sides:
            sides[c] = tuple(richardson(looped(flat_g), x, basis[c:c + 1], steps[c:c + 1],
                                        side=s, levels=6, base=y0,
                                        precision=precision).df[0][rows]
                             for s in (-1, 1))
        return sides[c]

    jacobians = {}
    for label, mode in engines.items():
        if isinstance(mode, str):
            say(f"  {label}: {'JVPs' if mode == 'fwd' else 'VJPs'}")
        try:
            if isinstance(mode, np.ndarray):      # the user's hand-written Jacobian
                jac, batched = mode[rows][:, cols], False
            elif mode == "fwd":
                jac, batched = _engine_columns(g, point, basis)
                jac = jac[rows]
            else:
                jac, batched = _engine_rows(g, point, rows, m)
                jac = jac[:, cols]
        except (MissingRuleError, GradcheckInputError):
            raise
        except Exception as exc:     # a rule returned something unusable: a finding
            _engine_failed(report, label, exc, engines)
            continue
        # elements off at the tight tolerance: refine the reference, recompute unbatched
        with np.errstate(invalid="ignore"):
            suspect = ~(np.abs(jac - ref) <= atol + rtol * np.maximum(np.abs(ref), np.abs(jac)))
        bad_cols = np.flatnonzero(suspect.any(axis=0))
        refine(bad_cols)
        if batched and bad_cols.size:
            if isinstance(mode, str) and mode == "fwd":
                jac[:, bad_cols] = jvp_columns(g, point, directions=list(basis[bad_cols]))[rows]
            else:
                bad_rows = np.flatnonzero(suspect.any(axis=1))
                jac[bad_rows] = vjp_rows(g, point, cotangents=np.eye(m)[rows[bad_rows]])[:, cols]
        jacobians[label] = jac
    for label, jac in jacobians.items():
        for k in range(len(point.shapes)):
            mine = np.flatnonzero((cols >= point.offsets[k]) & (cols < point.offsets[k + 1]))
            got, want, err = jac[:, mine], ref[:, mine], ref_err[:, mine]
            tol = tolerance(want, err, atol, rtol, other=got)
            off = mismatch(got, want, tol)
            status = _codes(off)
            for jj in np.flatnonzero(off.any(axis=0)):
                left, right = one_sided(mine[jj])
                status[:, jj] = _codes(classify(got[:, jj], want[:, jj], left, right,
                                                tol[:, jj]))
            row = _row(f"{label} vs fd", label, k, point, got, want, tol, status,
                       flat_g.out_shape, lambda jj, mine=mine: one_sided(mine[jj]),
                       out_ids=rows, in_ids=cols[mine])
            if label == DERIVATIVE:
                _list_wrong_elements(report, k, point, got, want, status, flat_g.out_shape,
                                     rows, cols[mine])
            if (off & (status == CODES[PASS])).any():
                row.note = ("the central reference disagreed where one-sided differences agree "
                            "with the engine")
                _note_unreliable_reference(report)
            report.checks.append(row)
    for first, second in _pairs(list(jacobians)):
        a, b = jacobians[first], jacobians[second]
        for k in range(len(point.shapes)):
            mine = np.flatnonzero((cols >= point.offsets[k]) & (cols < point.offsets[k + 1]))
            tol = tolerance(b[:, mine], 0.0, atol, rtol, other=a[:, mine])
            status = _codes(mismatch(a[:, mine], b[:, mine], tol))
            report.checks.append(_row(f"{first} vs {second}", first, k, point,
                                      a[:, mine], b[:, mine], tol, status, flat_g.out_shape,
                                      out_ids=rows, in_ids=cols[mine]))


DERIVATIVE = "derivative"
# How many wrong elements of a hand-written derivative the report lists one by one.
LISTED_ELEMENTS = 20


def _pairs(labels):
    """The engine-engine comparisons: the user's derivative against each engine, then fwd
    against rev (engine labels keep their order: fwd before rev)."""
    pairs = [(DERIVATIVE, other) for other in labels if other != DERIVATIVE] \
        if DERIVATIVE in labels else []
    engines = [lab for lab in labels if lab != DERIVATIVE]
    if len(engines) == 2:
        pairs.append((engines[0], engines[1]))
    return pairs


def _engine_failed(report, label, exc, engines):
    """An engine raised. With a hand-written derivative under check the engines are only
    witnesses (the function may use code they cannot trace): a note. Otherwise a failure."""
    if DERIVATIVE in engines:
        report.notes.append(f"{label} mode could not differentiate the function "
                            f"({type(exc).__name__}: {exc}); the derivative is compared with "
                            f"the others")
    else:
        report.checks.append(_engine_raised(label, exc))


def _list_wrong_elements(report, k, point, got, want, status, out_shape, out_ids, in_ids):
    """Record each element where the hand-written derivative fails, in the report."""
    for i, j in zip(*np.nonzero(status == CODES[FAIL])):
        if len(report.wrong_elements) >= LISTED_ELEMENTS:
            more = f"the derivative is wrong at more elements than the {LISTED_ELEMENTS} listed"
            if more not in report.notes:
                report.notes.append(more)
            return
        out_index = np.unravel_index(int(out_ids[i]), out_shape) if out_shape is not None \
            else (int(out_ids[i]),)
        in_index = np.unravel_index(int(in_ids[j]) - int(point.offsets[k]), point.shapes[k])
        report.wrong_elements.append(WrongElement(
            input=k, output_index=tuple(int(v) for v in out_index),
            input_index=tuple(int(v) for v in in_index), value=float(got[i, j]),
            reference=float(want[i, j])))


# Statuses of many elements as small integers (object arrays of strings are slow at 10^6).
CODES = {PASS: 0, NONDIFF: 1, FAIL: 2}


def _codes(status) -> np.ndarray:
    """Status codes from booleans (True: fail) or from :func:`classify`'s strings."""
    status = np.asarray(status)
    if status.dtype == bool:
        return status.astype(np.int8) * CODES[FAIL]
    return (CODES[FAIL] * (status == FAIL) + CODES[NONDIFF] * (status == NONDIFF)).astype(np.int8)


def _engine_raised(label, exc) -> Check:
    """A failed row for an engine that raised while differentiating (a function that raises
    on its own fails before any engine runs, so this is a rule's doing)."""
    return Check(pair=f"{label} vs fd", mode=label, input="all inputs", output_index=None,
                 input_index=None, value=float("nan"), reference=float("nan"),
                 max_abs_error=float("inf"), max_rel_error=float("inf"), status=FAIL,
                 note=f"{label} mode raised {type(exc).__name__}: {exc}")


def _note_unreliable_reference(report):
    note = ("the reference disagreed with the engines where one-sided finite differences "
            "agree with them, so those elements pass; with the complex step this means the "
            "function is not complex-step safe (abs, max, norms)")
    if note not in report.notes:
        report.notes.append(note)


def _row(pair, mode, k, point, got, want, tol, status, out_shape=None, sides=None,
         out_ids=None, in_ids=None) -> Check:
    """One table row for input ``k``: the worst element and the largest errors.

    ``sides(column)`` gives the one-sided differences of a column, to quote at a kink;
    ``out_ids`` and ``in_ids`` are the flat output and input elements of ``got``'s rows and
    columns when they are a sample (input elements counted over all inputs).
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        abs_err = np.abs(got - want)
        rel_err = _relative(abs_err, got, want, tol)
        badness = np.where(np.isfinite(abs_err), abs_err / tol, np.inf)
    rank = np.asarray(status, dtype=int)   # the codes: fail 2, kink 1, pass 0
    # the worst element: a failure first, then a kink, then the largest error relative to tol
    worst = np.lexsort((badness.ravel(), rank.ravel()))[-1] if status.size else 0
    i, j = np.unravel_index(worst, got.shape) if got.size else (0, 0)
    result = (FAIL if (rank == CODES[FAIL]).any() else NONDIFF if (rank == CODES[NONDIFF]).any()
              else PASS) if status.size else PASS
    note = ""
    if result == NONDIFF:
        note = "one-sided differences disagree (a kink or a jump); the engine's value lies " \
               "between them"
        if sides is not None:
            left, right = sides(j)
            note += f": backward {left[i]:.6g}, forward {right[i]:.6g}"
    elif result == FAIL and (rank == CODES[NONDIFF]).any():
        note = "other elements are non-differentiable points"
    flat_out = int(out_ids[i]) if out_ids is not None and got.size else int(i)
    flat_in = int(in_ids[j]) - int(point.offsets[k]) if in_ids is not None and got.size \
        else int(j)
    out_index = np.unravel_index(flat_out, out_shape) if out_shape is not None else (flat_out,)
    return Check(pair=pair, mode=mode, input=f"input {k}",
                 output_index=tuple(int(v) for v in out_index),
                 input_index=tuple(int(v) for v in np.unravel_index(flat_in, point.shapes[k])),
                 value=float(got[i, j]) if got.size else 0.0,
                 reference=float(want[i, j]) if got.size else 0.0,
                 max_abs_error=float(np.max(abs_err)) if got.size else 0.0,
                 max_rel_error=float(np.max(rel_err)) if got.size else 0.0,
                 status=result, note=note)


def _relative(abs_err, got, want, tol):
    """|a - b| / max(|a|, |b|), over elements larger than the absolute tolerance only (a
    difference of 1e-13 between 0 and 1e-13 is not a 100% error)."""
    size = np.maximum(np.abs(got), np.abs(want))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(size > tol, abs_err / size, 0.0)


def _check_fast(report, g, flat_g, along, point, x, engines, atol, rtol, eps, rng, y0):
    u = rng.standard_normal(point.size)
    fd = along(u)
    w = aligned_cotangent(fd.df, rng)
    sides = []

    def one_sided():
        """The one-sided finite differences (left, right) of this direction, computed once."""
        if not sides:
            sides.extend(directional_derivative(
                flat_g, x, u, step=eps, side=s,
                precision=float(np.finfo(flat_g.out_dtype or np.float64).eps)).df
                         for s in (-1, 1))
        return sides

    scales = {}
    ref_scalar = float(w @ fd.df)
    ref_scale = float(np.abs(w) @ np.abs(fd.df))
    scalar_tol = atol + rtol * ref_scale + 2.0 * float(np.abs(w) @ np.abs(fd.error))
    scalars = {}
    for label, mode in engines.items():
        try:
            row = _fast_row(report, g, flat_g, point, label, mode, u, w, fd, one_sided,
                            ref_scalar, scalar_tol, scalars, scales, atol, rtol)
        except (MissingRuleError, GradcheckInputError):
            raise
        except Exception as exc:     # a rule returned something unusable: a finding
            _engine_failed(report, label, exc, engines)
            continue
        report.checks.append(row)
    for first, second in _pairs(list(scalars)):
        a, b = scalars[first], scalars[second]
        # the engines' own scale: a reference that left the domain must not make this nan
        scale = max([v for v in scales.values() if np.isfinite(v)], default=0.0)
        tol = atol + rtol * max(scale, abs(a), abs(b))
        status = PASS if abs(a - b) <= tol else FAIL
        report.checks.append(_scalar_row(f"{first} vs {second}", first, a, b, status,
                                         "w^T J u, projected on random directions u and "
                                         "w, both ways"))


def _fast_row(report, g, flat_g, point, label, mode, u, w, fd, one_sided, ref_scalar,
              scalar_tol, scalars, scales, atol, rtol):
    """One engine's row of the fast check; records its ``w^T J u`` in ``scalars``."""
    if isinstance(mode, np.ndarray) or mode == "fwd":
        ju = mode @ u if isinstance(mode, np.ndarray) else \
            jvp_columns(g, point, directions=[u])[:, 0]
        scalars[label] = float(w @ ju)
        scales[label] = float(np.abs(w) @ np.abs(ju))
        tol = tolerance(fd.df, fd.error, atol, rtol)
        status = _codes(mismatch(ju, fd.df, tol))
        off = status == CODES[FAIL]
        if off.any():
            left, right = one_sided()
            status = _codes(classify(ju, fd.df, left, right, tol))
            if (off & (status == CODES[PASS])).any():
                _note_unreliable_reference(report)
        row = _row(f"{label} vs fd", label, 0, point, ju[:, None], fd.df[:, None],
                   tol[:, None], status[:, None], flat_g.out_shape,
                   lambda column: one_sided())
        row.input, row.input_index = "random direction", None
        along = "J u along a random direction u, element by element"
        row.note = f"{row.note}; {along}" if row.note else along
    else:
        wj = vjp_rows(g, point, cotangents=[w])[0]
        got = float(wj @ u)
        scalars[label] = got
        status = FAIL if not abs(got - ref_scalar) <= scalar_tol else PASS
        if status == FAIL:
            left, right = (float(w @ s) for s in one_sided())
            status = classify(got, ref_scalar, left, right, scalar_tol)[()]
            if status == PASS:
                _note_unreliable_reference(report)
        row = _scalar_row(f"{label} vs fd", label, got, ref_scalar, status,
                          "w^T J u, projected on random directions u and w")
    return row


def _scalar_row(pair, mode, got, ref, status, note) -> Check:
    abs_err = abs(got - ref) if np.isfinite(got) else float("inf")
    return Check(pair=pair, mode=mode, input="random direction", output_index=None,
                 input_index=None, value=got, reference=ref, max_abs_error=abs_err,
                 max_rel_error=float(_relative(abs_err, got, ref, 0.0)), status=status,
                 note=note if status != NONDIFF else note + "; one-sided differences disagree")


def _locate(report, f, point, atol, rtol, seed):
    """Replay the function's primitives and name the ones whose rules are wrong."""
    failing = [c for c in report.failures if c.mode != DERIVATIVE
               and not c.pair.startswith(f"{DERIVATIVE} ")]
    if not failing:
        return
    rules = set()
    targets = []
    first_order = [c for c in failing if c.mode in MODES]
    for c in first_order:
        rules.update({"fwd": ["jvp"], "rev": ["vjp"]}[c.mode])
    if first_order:
        targets.append(f)
    else:   # only second derivatives failed: replay the first derivative, rules of rules too
        rules.update(("jvp", "vjp"))
        for inner in {c.mode.split("-over-")[1] for c in failing if "-over-" in c.mode}:
            targets.append(first_derivative(f, point, inner))
    for target in targets:
        calls = record(target, point.arrays)
        wrong = find_wrong_rules(calls, tuple(sorted(rules)), atol=atol, rtol=rtol, seed=seed)
        report.wrong_rules.extend(wrong)
        if wrong:
            break
    if not report.wrong_rules:
        report.notes.append("no recorded primitive's rule disagrees with finite differences at "
                            "the inputs it saw: look at how the function composes its ops, or "
                            "at the engine")


def _failure_message(report) -> str:
    failing = report.failures
    if report.wrong_elements:
        wrong = report.wrong_elements
        count = f"{len(wrong)} element{'s' if len(wrong) != 1 else ''}"
        if len(wrong) >= LISTED_ELEMENTS:
            count = f"{LISTED_ELEMENTS} or more elements"
        return (f"gradcheck failed for {report.function}: the derivative is wrong at {count}; "
                + "; ".join(e.describe() for e in wrong[:3]))
    # name an engine-versus-finite-differences failure first: it says which engine is wrong
    c = next((c for c in failing if c.pair.endswith("vs fd")), failing[0])
    if c.note.startswith(f"{c.mode} mode raised"):
        message = f"gradcheck failed for {report.function}: {c.note}"
        if report.wrong_rules:
            message += f"; wrong rule: {report.wrong_rules[0].describe()}"
        return message
    other = "finite differences" if c.pair.endswith("vs fd") else c.pair.split(" vs ")[1]
    verb = "give" if other == "finite differences" else "gives"
    where = c.input
    if c.input_index is not None:
        where += f", element {c.input_index}"
    out = "output element (w^T J u)" if c.output_index is None else \
        f"output element {c.output_index}"
    message = (f"gradcheck failed for {report.function}: {c.mode} mode disagrees with {other} "
               f"at {where}, {out}: {c.mode} gives {c.value:.10g}, {other} {verb} "
               f"{c.reference:.10g} (abs error {abs(c.value - c.reference):.3g})")
    if report.wrong_rules:
        message += f"; wrong rule: {report.wrong_rules[0].describe()}"
    return message
