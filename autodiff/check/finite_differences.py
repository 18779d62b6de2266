"""Finite-difference reference derivatives that know their own error, and stay in the domain.

Everything here differentiates along directions: ``t -> fun(x + t u)`` at ``t = 0``, for many
directions ``u`` at once (the rows of ``U``). A full Jacobian is one direction per input element,
fast mode is one random direction, and the one-sided variants tell a kink from a wrong rule.

:func:`richardson` takes central differences at a few halving steps and extrapolates them
(Richardson), and gives per element both the value and an error estimate: the change between the
last two extrapolations (truncation) plus the rounding of ``fun``'s values divided by the step
(roundoff, what grows in a large sum). The comparison's tolerance adds that estimate, so roundoff
never fails a correct derivative and a real error still does.

A step that gives a non-finite value (it left the function's domain: ``log`` near 0, ``arcsin``
near 1) is shrunk, and after a few shrinks the difference goes one-sided, away from the edge.

The points are evaluated through an *evaluator*, ``(B, n) -> (B, m)``: :class:`BatchedFunction`
pushes a whole batch of perturbed inputs through the function in one call on autodiff's batching
level, and falls back to a loop where the function does not allow that.
For functions that run on complex numbers, :func:`complex_step` is exact to rounding.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engines.batching import BatchTrace, batch, unbatch
from ..core import Tensor

__all__ = ["FDResult", "richardson", "directional_derivative", "default_step", "basis_steps",
           "complex_step", "aligned_cotangent", "BatchedFunction", "looped"]

EPS = np.finfo(np.float64).eps
# A value of the function may be off by several roundings (a sum of many terms, a chain of ops).
ROUNDOFF_ULPS = 4.0
# How many matrix elements one batched call may hold (rows times inputs): 2 MB, which keeps
# numpy's temporaries in cache (measured faster than one large call).
BATCH_ELEMENTS = 2 ** 18


@dataclass
class FDResult:
    """Finite-difference directional derivatives of a vector-valued function.

    Attributes
    ----------
    df : ndarray
        The derivative of each (flattened) output element along each direction; shape (m,) for
        one direction, (d, m) for ``d`` directions.
    error : ndarray
        The estimated error of each element of ``df`` (truncation plus roundoff).
    converged : ndarray of bool
        Where the estimate is finite and its error small next to the value; elsewhere the
        reference is doubtful (a kink, a jump, a singularity within the step).
    """

    df: np.ndarray
    error: np.ndarray
    converged: np.ndarray


def looped(fun):
    """An evaluator ``(B, n) -> (B, m)`` that calls the flat function ``fun`` once per row."""
    def evaluate(points):
        """``fun`` at each row of ``points``, stacked."""
        with np.errstate(all="ignore"):   # a step out of the domain is handled, not warned
            return np.stack([np.asarray(fun(p), dtype=np.float64).ravel() for p in points])
    return evaluate


def _raw(value):
    while isinstance(value, Tensor):
        value = value._data
    return value


class BatchedFunction:
    """The checked function as an evaluator ``(B, n) -> (B, m)``, many points in one call.

    Each batch of rows reaches the function as one batched tensor per input (autodiff's batching
    level), so ``f`` runs once over the whole batch. A function that cannot run batched (it
    converts its input to a float, calls a library that only takes arrays) raises on the first
    call, and from then on the rows are evaluated one at a time with ``flat_f``. The first
    batched result is also compared with ``flat_f`` on two of its rows, so a function that runs
    batched but gives other values falls back too.

    Parameters
    ----------
    f : callable
        The function, one argument per input.
    point : Point
        Its inputs (shapes and flattening).
    flat_f : callable
        ``f`` as a map between flat float64 vectors (:func:`numpy_function`).
    batched : bool
        False: always loop.
    """

    def __init__(self, f, point, flat_f, batched: bool = True):
        self.f, self.point, self.flat_f = f, point, flat_f
        self.batched = None if batched else False   # None: not tried yet
        self.calls = 0

    def __call__(self, points) -> np.ndarray:
        points = np.asarray(points, dtype=np.float64)
        if points.shape[0] == 0:
            return np.zeros((0, 0))
        width = max(points.shape[1], 1)
        rows = max(1, BATCH_ELEMENTS // width)
        parts = [self._chunk(points[lo:lo + rows]) for lo in range(0, points.shape[0], rows)]
        return np.concatenate(parts, axis=0)

    def _chunk(self, points):
        self.calls += 1
        if self.batched is not False and points.shape[0] > 1:
            try:
                with np.errstate(all="ignore"):
                    out = self._batched(points)
            except Exception:    # the function cannot run batched: loop from now on
                self.batched = False
            else:
                if self.batched is None:
                    self.batched = self._agrees(points, out)
                if self.batched:
                    return out
        with np.errstate(all="ignore"):
            return looped(self.flat_f)(points)

    def _batched(self, points):
        size = points.shape[0]
        trace = BatchTrace(size)
        args = [batch(trace, np.ascontiguousarray(points[:, lo:hi]).reshape((size,) + shape))
                for lo, hi, shape in zip(self.point.offsets[:-1], self.point.offsets[1:],
                                         self.point.shapes)]
        out = self.f(*args)
        if not isinstance(out, (Tensor, np.ndarray, np.generic, float)):
            raise TypeError("not an array")
        value = np.asarray(_raw(unbatch(out, trace)))
        if value.dtype.kind != "f" or value.shape[:1] != (size,):
            raise TypeError("not a batch of floats")
        return value.astype(np.float64).reshape(size, -1)

    def _agrees(self, points, out) -> bool:
        for r in (0, points.shape[0] - 1):
            with np.errstate(all="ignore"):
                one = np.asarray(self.flat_f(points[r]), dtype=np.float64).ravel()
            if one.shape != out[r].shape:
                return False
            both_finite = np.isfinite(one) & np.isfinite(out[r])
            if not np.array_equal(np.isfinite(one), np.isfinite(out[r])):
                return False
            # batched reductions may sum in another order: allow rounding of the output dtype
            dtype = getattr(self.flat_f, "out_dtype", None) or np.float64
            rel = max(1e-10, 64 * float(np.finfo(dtype).eps))
            scale = np.abs(one[both_finite]) + np.abs(out[r][both_finite])
            if not np.all(np.abs(one - out[r])[both_finite] <= rel * scale + 1e-300):
                return False
        return True


def default_step(x: np.ndarray, u: np.ndarray) -> float:
    """The initial step along ``u``: each element moves by at most a tenth of its own scale.

    The scale of an element is its size, but at least a tenth of the inputs' root mean square
    (1e-2 when all are zero), so a point near a singularity at zero (``log``, ``1/x``,
    ``gammaln``'s pole) is not stepped across; the step is also capped at a tenth of the inputs'
    scale (at most 0.1) so a large ``x`` does not start from a step that spans periods of a
    ``sin``.
    """
    x = np.asarray(x, dtype=np.float64)
    u = np.asarray(u, dtype=np.float64)
    support = np.abs(x[u != 0]) if x.shape == u.shape else np.abs(x)
    scale = float(np.sqrt(np.mean(support ** 2))) if support.size else 0.0
    scale = min(scale, 1.0) if scale > 0 else 1e-2
    umax = float(np.max(np.abs(u))) if u.size else 1.0
    step = 0.1 * scale / (umax if umax > 0 else 1.0)
    if x.shape == u.shape and np.any(u != 0):
        moving = u != 0
        floor = 0.1 * scale if np.any(support > 0) else scale
        own = np.maximum(np.abs(x[moving]), floor)
        step = min(step, 0.1 * float(np.min(own / np.abs(u[moving]))))
    return step


def basis_steps(x: np.ndarray, relative: float = 1e-3) -> np.ndarray:
    """Steps for the basis directions: ``relative`` times each element's own scale.

    The scale of element ``j`` is ``|x_j|``, but at least a tenth of the inputs' root mean
    square (and 1e-2 when all are zero), so an element that happens to be near zero is not
    differenced with a step lost in roundoff.
    """
    x = np.abs(np.asarray(x, dtype=np.float64))
    rms = float(np.sqrt(np.mean(x ** 2))) if x.size else 0.0
    floor = 0.1 * rms if rms > 0 else 1e-2
    return relative * np.maximum(x, floor)


# Central differences: shrink the step by 8 up to four times when a value is not finite, then
# go one-sided (forward, then backward) from the smallest step.
_CENTRAL_PLAN = [(1.0, 0), (1 / 8, 0), (1 / 64, 0), (1 / 512, 0), (1 / 4096, 0),
                 (1 / 64, 1), (1 / 64, -1), (1 / 4096, 1), (1 / 4096, -1)]


def _one_sided_plan(side):
    return [(f, side) for f in (1.0, 1 / 8, 1 / 64, 1 / 512, 1 / 4096, 1 / 32768)]


def richardson(evaluate, x, directions, steps, *, side: int = 0, levels: int = 2,
               base=None, precision: float = EPS) -> FDResult:
    """d/dt f(x + t u) at t = 0 for each row ``u`` of ``directions``, with an error estimate.

    Parameters
    ----------
    evaluate : callable
        ``(B, n) -> (B, m)``: the function at each row (:class:`BatchedFunction`, :func:`looped`).
    x : ndarray, shape (n,)
    directions : ndarray, shape (d, n)
    steps : ndarray, shape (d,) or float
        The initial step of each direction, in units of ``t``.
    side : {0, 1, -1}
        0 for central differences; 1 or -1 for one-sided ones (a kink shows as the two sides
        disagreeing).
    levels : int
        How many halvings of the step: 2 gives the fourth-order difference of ``+-h, +-h/2``
        (four evaluations a direction); more give higher order and the step with the smallest
        estimated error is taken per element.
    base : ndarray, optional
        ``f(x)``, flat, when already known (one-sided differences need it).
    precision : float
        The relative rounding of the function's values (``np.finfo(dtype).eps`` of what it
        computes in), for the roundoff part of the error estimate.

    Returns
    -------
    FDResult
        ``df`` and ``error`` of shape (d, m). A direction whose every step leaves the domain
        gets nan.
    """
    x = np.asarray(x, dtype=np.float64)
    U = np.atleast_2d(np.asarray(directions, dtype=np.float64))
    d = U.shape[0]
    h = np.broadcast_to(np.asarray(steps, dtype=np.float64), (d,)).copy()
    if base is None and side != 0:
        base = evaluate(x[None, :])[0]
    df = err = None
    todo = np.arange(d)
    plan = _CENTRAL_PLAN if side == 0 else _one_sided_plan(side)
    for factor, s in plan:
        if todo.size == 0:
            break
        if s != 0 and base is None:
            base = evaluate(x[None, :])[0]
        got, got_err, ok = _tableau(evaluate, x, U[todo], h[todo] * factor, s, levels, base,
                                    precision)
        if df is None:
            m = got.shape[1]
            df, err = np.full((d, m), np.nan), np.full((d, m), np.inf)
        df[todo[ok]], err[todo[ok]] = got[ok], got_err[ok]
        todo = todo[~ok]
    with np.errstate(invalid="ignore"):
        converged = np.isfinite(df) & (err <= 1e-6 * np.abs(df) + 1e-10)
    return FDResult(df=df, error=err, converged=converged)


def _tableau(evaluate, x, U, h, side, levels, base, precision):
    """One attempt: differences at steps ``h 2^-k`` extrapolated; ``ok`` where all finite."""
    d, n = U.shape
    k = np.arange(levels)
    t = h[:, None] * 2.0 ** -k[None, :]                          # (d, L)
    if side == 0:
        signs = np.array([1.0, -1.0])
        offsets = t[:, :, None] * signs[None, None, :]            # (d, L, 2)
    else:
        offsets = (side * t)[:, :, None]                          # (d, L, 1)
    points = x[None, None, None, :] + offsets[..., None] * U[:, None, None, :]
    values = evaluate(points.reshape(-1, n))
    m = values.shape[1]
    values = values.reshape(offsets.shape + (m,))
    ok = np.isfinite(values).all(axis=(1, 2, 3))
    with np.errstate(all="ignore"):
        if side == 0:
            diffs = (values[:, :, 0] - values[:, :, 1]) / (2 * t[:, :, None])   # (d, L, m)
            noise = np.abs(values).max(axis=2) / t[:, :, None]
            ratio = 4.0                                           # error in h^2, h^4, ...
        else:
            diffs = (values[:, :, 0] - base[None, None, :]) / (side * t[:, :, None])
            noise = (np.abs(values[:, :, 0]) + np.abs(base)[None, None, :]) / t[:, :, None]
            ratio = 2.0                                           # error in h, h^2, ...
        noise = noise * precision * ROUNDOFF_ULPS
        value, error = _extrapolate(diffs, noise, ratio)
    return value, error, ok


def _extrapolate(diffs, noise, ratio):
    """Richardson's tableau over axis 1; the entry with the smallest estimated error."""
    L = diffs.shape[1]
    rows = [diffs[:, k] for k in range(L)]
    noises = [noise[:, k] for k in range(L)]
    best, best_err = rows[0], np.full(rows[0].shape, np.inf)
    prev_row, prev_noise = rows, noises
    for j in range(1, L):
        factor = ratio ** j
        row = [prev_row[k] + (prev_row[k] - prev_row[k - 1]) / (factor - 1)
               for k in range(1, len(prev_row))]
        row_noise = [(factor * prev_noise[k] + prev_noise[k - 1]) / (factor - 1)
                     for k in range(1, len(prev_noise))]
        for k in range(len(row)):
            # the change from the column before bounds this entry's truncation error
            trunc = np.abs(row[k] - prev_row[k + 1])
            if k > 0:
                trunc = np.maximum(trunc, np.abs(row[k] - row[k - 1]))
            estimate = trunc + row_noise[k]
            better = estimate < best_err
            best = np.where(better, row[k], best)
            best_err = np.where(better, estimate, best_err)
        prev_row, prev_noise = row, row_noise
    if L == 1:
        best_err = np.abs(rows[0]) + noises[0]   # one difference: no estimate of its error
    return best, best_err


def directional_derivative(fun, x: np.ndarray, u: np.ndarray, *, step: float | None = None,
                           side: int = 0, levels: int = 7, precision: float = EPS) -> FDResult:
    """d/dt fun(x + t u) at t = 0 for every output element of a flat function, one direction.

    Parameters
    ----------
    fun : callable
        Maps a flat float64 vector to a flat float64 vector (the outputs).
    x, u : ndarray
        The point and the direction, flat float64 vectors of the same length.
    step : float, optional
        The initial step (in units of ``t``); :func:`default_step` by default.
    side : {0, 1, -1}
        0 for central differences; 1 or -1 for one-sided differences.
    levels : int
        Halvings of the step (see :func:`richardson`).
    precision : float
        The relative rounding of ``fun``'s values.

    Returns
    -------
    FDResult
        With ``df`` and ``error`` of shape (m,).
    """
    x = np.asarray(x, dtype=np.float64).ravel()
    u = np.asarray(u, dtype=np.float64).ravel()
    h = default_step(x, u) if step is None else float(step)
    res = richardson(looped(fun), x, u[None, :], h, side=side, levels=levels,
                     precision=precision)
    return FDResult(df=res.df[0], error=res.error[0], converged=res.converged[0])

def complex_step(fun, x: np.ndarray, u: np.ndarray, real_values: np.ndarray,
                 h: float = 1e-20) -> FDResult:
    """d/dt fun(x + t u) at t = 0 by the complex step: Im fun(x + i h u) / h.

    No difference of nearby values is taken, so there is no cancellation and the result is
    exact to rounding, for functions that are analytic in their inputs and run on complex
    numbers. ``abs``, ``max``, norms and casts to real break that silently in the imaginary
    part, so the caller must opt in.

    Parameters
    ----------
    fun : callable
        Maps a flat complex128 vector to a flat complex128 vector.
    x, u : ndarray
        The point and the direction.
    real_values : ndarray
        ``fun`` at the real point, to confirm the complex evaluation did not change the values.
    h : float
        The imaginary step; tiny, since nothing cancels.

    Raises
    ------
    ValueError
        When the real part of the complex evaluation differs from the real values (the function
        is not written for complex inputs).
    """
    values = np.asarray(fun(np.asarray(x, dtype=np.complex128) + 1j * h * np.asarray(u)))
    if not np.allclose(values.real, real_values, rtol=1e-10, atol=1e-12):
        raise ValueError("the function gives different values on complex inputs; it is not "
                         "complex-step safe")
    df = values.imag / h
    return FDResult(df=df, error=np.abs(df) * np.finfo(np.float64).eps * 4,
                    converged=np.ones(df.shape, dtype=bool))


def aligned_cotangent(reference: np.ndarray, rng) -> np.ndarray:
    """A cotangent ``w`` for checking ``<w, J u>``: mostly ``J u`` itself, plus some noise.

    With a random ``w`` the terms of ``<w, J u>`` cancel, so a rule wrong by a small factor
    changes the sum by only ``sqrt(n)`` terms' worth against a tolerance of ``n`` terms. Aligned
    with ``J u`` the terms add up and a relative error shows at its full size; the noise keeps
    ``w`` from vanishing where ``J u`` does.
    """
    reference = np.asarray(reference, dtype=np.float64)
    noise = rng.standard_normal(reference.shape)
    rms = float(np.sqrt(np.mean(reference ** 2))) if reference.size else 0.0
    return reference / rms + 0.1 * noise if rms > 0 and np.isfinite(rms) else noise
