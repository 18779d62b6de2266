"""Finite-difference reference derivatives: Richardson-extrapolated, from ``scipy.differentiate``.

Everything here differentiates along one direction: ``t -> fun(x + t u)`` at ``t = 0``. A full
Jacobian is one direction per input element, fast mode is one random direction, and the one-sided
variants tell a kink from a wrong rule. ``scipy.differentiate.derivative`` does the extrapolation
(an order-8 stencil whose step shrinks until successive estimates agree), so the reference is
accurate to about 1e-12 relative on smooth functions, enough to catch a rule wrong by 1e-6.
For functions that run on complex numbers, :func:`complex_step` is exact to rounding.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.differentiate

__all__ = ["FDResult", "directional_derivative", "default_step", "complex_step",
           "aligned_cotangent"]


@dataclass
class FDResult:
    """A finite-difference directional derivative of a vector-valued function.

    Attributes
    ----------
    df : ndarray
        The derivative of each (flattened) output element along the direction.
    error : ndarray
        scipy's error estimate per element (the change between the last two extrapolations).
    converged : ndarray of bool
        Where scipy's iteration met its tolerance; elsewhere the reference is doubtful (a kink, a
        jump, a singularity within the step).
    """

    df: np.ndarray
    error: np.ndarray
    converged: np.ndarray


def default_step(x: np.ndarray, u: np.ndarray) -> float:
    """The initial step along ``u``: a tenth of the scale of ``x`` (at most 0.1; 1e-3 at 0).

    Relative to ``x`` so a point near a singularity at zero (``log``, ``1/x``, the document's
    doubling loop) is not stepped across; capped so a large ``x`` does not start from a step
    that spans periods of a ``sin``. The extrapolation shrinks it by up to 2**10 from there.
    """
    support = np.abs(x[u != 0]) if x.shape == u.shape else np.abs(x)
    scale = float(np.sqrt(np.mean(support ** 2))) if support.size else 0.0
    scale = min(scale, 1.0) if scale > 0 else 1e-2
    umax = float(np.max(np.abs(u))) if u.size else 1.0
    return 0.1 * scale / (umax if umax > 0 else 1.0)


def directional_derivative(fun, x: np.ndarray, u: np.ndarray, *, step: float | None = None,
                           side: int = 0) -> FDResult:
    """d/dt fun(x + t u) at t = 0, for every output element, by Richardson extrapolation.

    Parameters
    ----------
    fun : callable
        Maps a flat float64 vector to a flat float64 vector (the outputs).
    x, u : ndarray
        The point and the direction, flat float64 vectors of the same length.
    step : float, optional
        The initial step (in units of ``t``); :func:`default_step` by default.
    side : {0, 1, -1}
        0 for central differences; 1 or -1 for one-sided differences that only step forward or
        backward, which is how a kink shows itself (the two sides disagree).

    Returns
    -------
    FDResult
    """
    x = np.asarray(x, dtype=np.float64)
    u = np.asarray(u, dtype=np.float64)
    base = np.asarray(fun(x), dtype=np.float64).ravel()
    m = base.size
    cache = {0.0: base}

    def along(t):
        """The elementwise function ``t_i -> fun(x + t_i u)[i]`` that scipy differentiates."""
        # scipy asks for the elementwise function t_i -> fun(x + t_i u)[i]. All outputs share
        # their abscissae (they only drift apart once some elements converge), so evaluate each
        # distinct t once and hand out the elements asked for.
        t = np.asarray(t, dtype=np.float64)
        flat_t = t.reshape(m, -1)
        out = np.empty_like(flat_t)
        for k in range(flat_t.shape[1]):
            column = flat_t[:, k]
            first = column[0]
            # the common case, all abscissae equal, without sorting a million of them
            values = (first,) if (column == first).all() else np.unique(column)
            for value in values:
                key = float(value)
                if key not in cache:
                    cache[key] = np.asarray(fun(x + key * u), dtype=np.float64).ravel()
                if len(values) == 1:
                    out[:, k] = cache[key]
                else:
                    rows = column == value
                    out[rows, k] = cache[key][rows]
        return out.reshape(t.shape)

    h = default_step(x, u) if step is None else float(step)
    with np.errstate(all="ignore"):
        res = scipy.differentiate.derivative(along, np.zeros(m), initial_step=h,
                                             step_direction=side, preserve_shape=True)
    return FDResult(df=np.asarray(res.df, dtype=np.float64).reshape(m),
                    error=np.asarray(res.error, dtype=np.float64).reshape(m),
                    converged=np.asarray(res.success, dtype=bool).reshape(m))


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
