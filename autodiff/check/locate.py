"""Finding the wrong rule: replay the function's primitives and check each rule on its own.

A :class:`RecordingTrace` is a transform level that changes nothing: it computes every primitive
one level down and writes down the call (primitive, arguments, keyword arguments, result). Each
recorded call is then a small check of its own: the primitive's JVP rule and VJP rule at exactly
those arguments, against finite differences of the primitive's numpy implementation alone. The
first call whose rule disagrees names the culprit, and for which argument.
"""
from __future__ import annotations

import numpy as np

from .._state import new_level
from ..registry import bind
from ..reverse import _lift, box
from ..tensor import Tensor, _is_float
from .compare import classify, tolerance
from .finite_differences import directional_derivative
from .report import WrongRule

__all__ = ["RecordingTrace", "record", "check_call", "find_wrong_rules"]


class RecordingTrace:
    """A transform level that records every differentiable primitive call passing through it."""

    def __init__(self):
        self.level = new_level()
        self.active = True
        self.calls = []   # (primitive, arguments, kwargs, result, traced argument positions)

    def process(self, prim, args, kwargs):
        """Compute ``prim`` one level down; record the call if it depends on the inputs."""
        primals = [a._primal if isinstance(a, Tensor) and a._trace is self else a for a in args]
        ans = bind(prim, primals, kwargs)
        if not (self.active and prim.differentiable and _is_float(ans.dtype)):
            return _lift(ans)
        traced = tuple(i for i, a in enumerate(args) if isinstance(a, Tensor) and a._trace is self)
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
    ct = np.asarray(ct, dtype=np.float64)
    while ct.ndim > len(shape):
        ct = ct.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and ct.shape[axis] != 1:
            ct = ct.sum(axis=axis, keepdims=True)
    return np.broadcast_to(ct, shape)


def check_call(prim, args, kwargs, ans, i, rules, rng, atol, rtol):
    """Check ``prim``'s rules for argument ``i`` at the recorded arguments.

    Returns
    -------
    list of (rule, value, reference)
        One entry per rule (``"jvp"``, ``"vjp"``) found wrong; empty when they agree with finite
        differences (or where the disagreement is a kink of the primitive).
    """
    x = np.asarray(args[i], dtype=np.float64)
    ans = np.asarray(ans)
    shape = x.shape
    u = rng.standard_normal(shape)

    def impl_along(vector):
        moved = list(args)
        moved[i] = vector.reshape(shape)
        return np.asarray(prim.impl(*moved, **kwargs), dtype=np.float64).ravel()

    fd = directional_derivative(impl_along, x.ravel(), u.ravel())
    # A primitive computing in float32 (an astype inside) is only as precise as float32.
    low = ans.dtype == np.float32
    atol, rtol = (max(atol, 1e-4), max(rtol, 1e-3)) if low else (atol, rtol)
    sides = None

    def one_sided():
        nonlocal sides
        if sides is None:
            sides = tuple(directional_derivative(impl_along, x.ravel(), u.ravel(), side=s).df
                          for s in (-1, 1))
        return sides

    wrong = []
    if "jvp" in rules:
        tangents = [None] * len(args)
        tangents[i] = u.astype(x.dtype)
        t = prim.jvp(tangents, ans, args, kwargs)
        got = np.zeros(fd.df.shape) if t is None else \
            np.broadcast_to(np.asarray(_raw(t), dtype=np.float64), ans.shape).ravel()
        tol = tolerance(fd.df, fd.error, atol, rtol)
        bad = ~(np.abs(got - fd.df) <= tol)
        if bad.any():
            left, right = one_sided()
            status = classify(got, fd.df, left, right, tol)
            if (status == "fail").any():
                e = int(np.argmax(np.where(status == "fail", np.abs(got - fd.df), -1)))
                wrong.append(("jvp", float(got[e]), float(fd.df[e])))
    if "vjp" in rules:
        w = rng.standard_normal(ans.shape)
        (ct,) = prim.vjp(w, ans, args, kwargs, [i])
        ct = np.zeros(shape) if ct is None else _unbroadcast(_raw(ct), shape)
        got = float(np.sum(ct * u))
        ref = float(np.sum(w.ravel() * fd.df))
        # the scale of the summed terms, so cancellation in the dot product is not an error
        scale = float(np.sum(np.abs(w.ravel() * fd.df)))
        tol = atol + rtol * scale + float(np.sum(np.abs(w.ravel()) * fd.error))
        if not abs(got - ref) <= tol:
            left, right = (float(np.sum(w.ravel() * s)) for s in one_sided())
            status = classify(np.array([got]), np.array([ref]), np.array([left]),
                              np.array([right]), np.array([tol]))
            if status[0] == "fail":
                wrong.append(("vjp", got, ref))
    return wrong


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
            for rule, value, reference in check_call(prim, args, kwargs, ans, i, rules, rng,
                                                     atol, rtol):
                found.append(WrongRule(prim.name, rule, i, n, value, reference))
    return found
