"""Finding the wrong rule: replay the function's primitives and check each rule on its own.

A :class:`RecordingTrace` is a transform level that changes nothing: it computes every primitive
one level down and writes down the call (primitive, arguments, keyword arguments, result). Each
recorded call is then a small check of its own: the primitive's JVP rule and VJP rule at exactly
those arguments, against finite differences of the primitive's numpy implementation alone. The
first call whose rule disagrees names the culprit, and for which argument.
"""
from __future__ import annotations

import numpy as np

from ..core import MissingRuleError, Tensor, Trace, as_value, bind, box, lift
from .compare import classify, mismatch
from .finite_differences import aligned_cotangent, default_step, directional_derivative
from .report import WrongRule

__all__ = ["RecordingTrace", "record", "check_call", "find_wrong_rules"]


class RecordingTrace(Trace):
    """A transform level that records every differentiable primitive call passing through it."""

    def __init__(self):
        super().__init__()
        self.calls = []   # (primitive, arguments, kwargs, result, traced argument positions)

    def process(self, prim, args, kwargs):
        """Compute ``prim`` one level down; record the call if it depends on the inputs."""
        primals, boxes = self.unbox(args)
        ans = as_value(bind(prim, primals, kwargs))
        if not self.carries_derivative(prim, ans):
            return lift(ans)
        traced = tuple(i for i, b in enumerate(boxes) if b is not None)
        self.calls.append((prim, [_raw(p) for p in primals], dict(kwargs), _raw(ans), traced))
        return box(self, ans)


def _raw(value):
    while isinstance(value, Tensor):
        value = value._data
    return value


def record(f, arrays) -> list:
    """Run ``f`` on ``arrays`` and return its recorded primitive calls, in execution order."""
    trace = RecordingTrace()
    boxed = [box(trace, np.asarray(a)) for a in arrays]
    try:
        f(*boxed)
    finally:
        trace.active = False
    return trace.calls


def _unbroadcast(ct, shape) -> np.ndarray:
    ct = np.asarray(ct)
    ct = ct.astype(np.complex128 if ct.dtype.kind == "c" else np.float64)
    while ct.ndim > len(shape):
        ct = ct.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and ct.shape[axis] != 1:
            ct = ct.sum(axis=axis, keepdims=True)
    return np.broadcast_to(ct, shape)


# Above this many output elements the rules are compared through one projection <w, J u>:
# elementwise bookkeeping costs more than the primitive itself on a million elements.
ELEMENTWISE_LIMIT = 10_000


def structured_direction(structure, shape, rng) -> np.ndarray:
    """A random direction for an argument that must keep ``structure`` (see ``defstructure``).

    Symmetric, Hermitian and positive-definite arguments get symmetric directions (over the
    last two axes), triangular ones triangular directions; a step along them keeps the
    structure, and a positive-definite matrix stays so for small enough steps (the finite
    differences shrink their step when the primitive fails).
    """
    u = rng.standard_normal(shape)
    if structure is None or len(shape) < 2:
        return u
    if structure in ("symmetric", "hermitian", "positive-definite"):
        return (u + np.swapaxes(u, -1, -2)) / 2
    if structure == "lower":
        return np.tril(u)
    if structure == "upper":
        return np.triu(u)
    return u


def _structure(prim, i):
    structure = getattr(prim, "structure", None)
    return structure[i] if structure is not None and i < len(structure) else None


class RuleResultError(Exception):
    """A rule returned something that is not a derivative of the right shape or dtype."""


def _fit(value, shape, who, what, complex_ok=False) -> np.ndarray:
    """A rule's result as a float64 (complex128 where ``complex_ok``) array of ``shape``
    (broadcasting allowed, and summing over broadcast axes for a cotangent), or
    :class:`RuleResultError` saying what is wrong."""
    raw = np.asarray(_raw(value))
    kinds = "fiuc" if complex_ok else "fiu"
    if raw.dtype.kind not in kinds or raw.dtype == bool:
        raise RuleResultError(f"returned {what} of dtype {raw.dtype}, where the "
                              f"{who} is {'complex' if complex_ok else 'real (float64)'}")
    try:
        if what == "a cotangent":
            return _unbroadcast(raw, shape)
        return np.broadcast_to(raw.astype(np.complex128 if complex_ok else np.float64), shape)
    except ValueError:
        raise RuleResultError(f"returned {what} of shape {raw.shape}, where the {who} has "
                              f"shape {tuple(shape)}") from None


def check_call(prim, args, kwargs, ans, i, rules, rng, atol, rtol):
    """Check ``prim``'s rules for argument ``i`` at the recorded arguments.

    The JVP rule's ``J u`` is compared element by element with finite differences of the
    primitive along a random ``u`` (within the structure the argument must keep); the VJP rule
    through ``<VJP(w), u> = <w, J u>``, with ``w`` aligned to ``J u`` so that a rule wrong by a
    small factor is not lost in cancellation. A rule that raises or returns the wrong shape or
    dtype is a finding too.

    Returns
    -------
    list of (rule, value, reference, problem)
        One entry per rule (``"jvp"``, ``"vjp"``) found wrong; empty when they agree with finite
        differences (or where the disagreement is a kink of the primitive). ``problem`` says, in
        words, what a rule returned when it was not a derivative at all ("" otherwise).
    """
    x = np.asarray(args[i])
    x = x.astype(np.complex128 if x.dtype.kind == "c" else np.float64)
    ans = np.asarray(ans)
    shape = x.shape
    u = structured_direction(_structure(prim, i), shape, rng)
    if x.dtype.kind == "c":
        u = u + 1j * structured_direction(_structure(prim, i), shape, rng)
    # Complex values are compared as pairs of reals: (real parts, imaginary parts).
    complex_out = ans.dtype.kind == "c"
    out_size = ans.size * (2 if complex_out else 1)
    # A primitive computing in float32 (an astype inside) is only as precise as float32.
    precision = float(np.finfo(ans.dtype).eps) if ans.dtype.kind == "f" else \
        float(np.finfo(np.float64).eps)
    if ans.dtype == np.float32:
        atol, rtol = max(atol, 1e-4), max(rtol, 1e-3)

    def impl_along(vector):
        """The primitive's numpy implementation with argument ``i`` replaced, raveled; nan
        where it fails (a step left its domain: a matrix no longer positive definite)."""
        moved = list(args)
        moved[i] = _from_reals(vector, x).reshape(shape)
        try:
            with np.errstate(all="ignore"):
                return _as_reals(prim.impl(*moved, **kwargs), complex_out)
        except (ArithmeticError, ValueError, np.linalg.LinAlgError):
            return np.full(out_size, np.nan)

    wrong = []
    jvp_out = None
    if "jvp" in rules or ans.size > ELEMENTWISE_LIMIT:
        tangents = [None] * len(args)
        tangents[i] = u.astype(x.dtype)
        try:
            t = prim.jvp(tangents, ans, args, kwargs)
            jvp_out = np.zeros(out_size) if t is None else _as_reals(
                _fit(t, ans.shape, "output", "a tangent", complex_out), complex_out)
        except MissingRuleError:
            if "jvp" in rules:
                raise
        except Exception as exc:      # a wrong rule: report it, never crash the check
            if "jvp" in rules:
                wrong.append(("jvp", float("nan"), float("nan"), _problem(exc)))
            jvp_out = None
        if jvp_out is None and ans.size > ELEMENTWISE_LIMIT:
            jvp_out = np.zeros(out_size)

    # Finite differences run on real vectors: a complex argument as (real parts, imag parts).
    xr, ur = _as_reals(x, x.dtype.kind == "c"), _as_reals(u, x.dtype.kind == "c")
    step = default_step(xr, ur)
    if ans.size > ELEMENTWISE_LIMIT:
        w = aligned_cotangent(jvp_out, rng)
        projected = lambda v: np.array([w @ impl_along(v)])     # noqa: E731
        fd = directional_derivative(projected, xr, ur, step=step, precision=precision)
        reference, error = fd.df, fd.error
        sides = _one_sided(projected, xr, ur, step, precision)
    else:
        fd = directional_derivative(impl_along, xr, ur, step=step, precision=precision)
        w = aligned_cotangent(fd.df, rng)
        reference, error = fd.df, fd.error
        sides = _one_sided(impl_along, xr, ur, step, precision)
    if not np.all(np.isfinite(reference)):
        return wrong     # no step stays where the primitive is defined: nothing to compare

    if "jvp" in rules and jvp_out is not None:
        got = jvp_out if reference.size == jvp_out.size else np.array([w @ jvp_out])
        scale = np.abs(reference) if got.size == jvp_out.size else np.abs(w) @ np.abs(jvp_out)
        found = _disagreement(got, reference, atol + rtol * scale + 2 * error, sides,
                              project=None if got.size == jvp_out.size else w)
        if found is not None:
            wrong.append(("jvp",) + found + ("",))
    if "vjp" in rules:
        try:
            (ct,) = prim.vjp(_cotangent(w, ans), ans, args, kwargs, [i])
            ct = np.zeros(shape) if ct is None else _fit(ct, shape, "argument", "a cotangent",
                                                         complex_ok=True)
        except MissingRuleError:
            raise
        except Exception as exc:      # a wrong rule: report it, never crash the check
            wrong.append(("vjp", float("nan"), float("nan"), _problem(exc)))
            return wrong
        # <VJP(w), u> under the pairing Re(sum(a * b)) (the transpose, JAX's convention).
        got = np.array([float(np.real(np.sum(ct * u)))])
        if reference.size == 1 and ans.size > ELEMENTWISE_LIMIT:
            ref, err, project = reference, error, None
        else:
            ref = np.array([w @ reference])
            err = np.array([np.abs(w) @ error])
            project = w
        # the scale of the summed terms, so rounding in the dot product is not an error
        scale = np.abs(w) @ np.abs(reference if project is not None else jvp_out)
        scale = scale + float(np.sum(np.abs(ct * u)))
        found = _disagreement(got, ref, atol + rtol * scale + 2 * err, sides, project=project)
        if found is not None:
            wrong.append(("vjp",) + found + ("",))
    return wrong


def _as_reals(value, complex_out: bool) -> np.ndarray:
    """A value as one float64 vector: its real then its imaginary parts if complex."""
    value = np.asarray(value)
    if complex_out:
        value = value.astype(np.complex128).ravel()
        return np.concatenate([value.real, value.imag])
    return value.astype(np.float64).ravel()


def _from_reals(vector, like) -> np.ndarray:
    """Inverse of :func:`_as_reals` for an argument shaped and typed like ``like``."""
    if like.dtype.kind != "c":
        return vector
    half = vector.size // 2
    return vector[:half] + 1j * vector[half:]


def _cotangent(w, ans):
    """The cotangent, shaped like ``ans``, whose pairing Re(sum(W * t)) with a tangent is
    ``w`` dotted with the tangent's real-and-imaginary vector."""
    if ans.dtype.kind != "c":
        return w.reshape(ans.shape)
    half = w.size // 2
    return (w[:half] - 1j * w[half:]).reshape(ans.shape)


def _problem(exc) -> str:
    if isinstance(exc, RuleResultError):
        return str(exc)
    return f"raised {type(exc).__name__}: {exc}"


def _one_sided(fun, x, u, step, precision):
    """Backward and forward differences along ``u``, computed once, when first asked for."""
    cache = []

    def sides():
        """The one-sided finite differences (left, right) along ``u``, computed once."""
        if not cache:
            cache.extend(directional_derivative(fun, x.ravel(), u.ravel(), side=s, step=step,
                                                precision=precision).df
                         for s in (-1, 1))
        return cache

    return sides


def _disagreement(got, reference, tol, sides, project=None):
    """``(value, reference)`` at the worst element where a rule is wrong, or None.

    A mismatch at a kink of the primitive (the one-sided differences disagree and the rule's
    value lies between them) is a subgradient, not a wrong rule.
    """
    got, reference = np.atleast_1d(got), np.atleast_1d(reference)
    bad = mismatch(got, reference, tol)
    if not bad.any():
        return None
    left, right = sides()
    if project is not None:
        left, right = np.array([project @ left]), np.array([project @ right])
    status = classify(got, reference, left, right, tol)
    failing = status == "fail"
    if not failing.any():
        return None
    e = int(np.argmax(np.where(failing, np.abs(got - reference), -1)))
    return float(got[e]), float(reference[e])


def find_wrong_rules(calls, rules=("jvp", "vjp"), atol=1e-8, rtol=1e-7, seed=0) -> list:
    """Check every recorded call's rules; return the wrong ones as :class:`WrongRule`, in order.

    Parameters
    ----------
    calls : list
        What :func:`record` returned.
    rules : tuple of str
        Which rules to check: ``"jvp"`` (forward mode failed), ``"vjp"`` (reverse mode failed).
    atol, rtol : float
        Tolerances, as in :func:`autodiff.gradcheck`.
    seed : int
        Seed of the random directions and cotangents.
    """
    rng = np.random.default_rng(seed)
    found = []
    for n, (prim, args, kwargs, ans, traced) in enumerate(calls):
        for i in traced:
            for rule, value, reference, problem in check_call(prim, args, kwargs, ans, i, rules,
                                                              rng, atol, rtol):
                found.append(WrongRule(prim.name, rule, i, n, value, reference, problem))
    return found
