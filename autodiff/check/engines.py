"""Derivatives of the checked function by each engine, through the public transforms only.

Forward mode gives Jacobian columns (one :func:`autodiff.jvp` per input element), reverse mode
gives rows (one :func:`autodiff.vjp` pullback per output element). For second derivatives the
first derivative itself is written as a function of the inputs (:func:`first_derivative`), which
the outer engine then differentiates like any other function.
"""
from __future__ import annotations

import numpy as np

from .. import ops
from ..core import Tensor
from ..engines.batching import BatchTrace, batch, unbatch
from ..transforms import jvp, vjp
from .function import Point

__all__ = ["jvp_columns", "vjp_rows", "batched_jvp_columns", "batched_vjp_rows",
           "first_derivative", "directional_first_derivative", "MODES"]

MODES = ("fwd", "rev")


def _flat(value) -> np.ndarray:
    data = value._data if isinstance(value, Tensor) else value
    return np.asarray(data, dtype=np.float64).ravel()


def _basis_tangents(point: Point, j: int) -> tuple:
    tangents = [np.zeros(s) for s in point.shapes]
    k, idx = point.owner(j)
    tangents[k][idx] = 1.0
    return tuple(tangents)


def jvp_columns(f, point: Point, directions=None, progress=None) -> np.ndarray:
    """``J @ d`` for each direction ``d`` (by default every input element): shape (m, len)."""
    columns = []
    count = point.size if directions is None else len(directions)
    for j in range(count):
        tangents = _basis_tangents(point, j) if directions is None else \
            tuple(point.split(directions[j]))
        _, tangent = jvp(f, tuple(point.arrays), tangents)
        columns.append(_flat(tangent))
        if progress is not None:
            progress(j + 1, count)
    return np.stack(columns, axis=1)


def vjp_rows(f, point: Point, cotangents=None, progress=None) -> np.ndarray:
    """``c @ J`` for each cotangent ``c`` (by default every output element): shape (len, n)."""
    out, pullback = vjp(f, *point.arrays)
    shape = np.shape(out._data if isinstance(out, Tensor) else out)
    m = int(np.prod(shape))
    if cotangents is None:
        cotangents = np.eye(m)
    rows = []
    for i, c in enumerate(cotangents):
        cts = pullback(np.asarray(c, dtype=np.float64).reshape(shape))
        rows.append(np.concatenate([_flat(ct) for ct in cts]))
        if progress is not None:
            progress(i + 1, len(cotangents))
    return np.stack(rows, axis=0)


# Rows (tangents or cotangents) of one batched call times their length: about 16 MB.
BATCH_ELEMENTS = 2 ** 21


def _raw(value):
    while isinstance(value, Tensor):
        value = value._data
    return value


def _chunks(count, width):
    rows = max(1, BATCH_ELEMENTS // max(width, 1))
    return [(lo, min(count, lo + rows)) for lo in range(0, count, rows)]


def batched_jvp_columns(f, point: Point, directions: np.ndarray) -> np.ndarray:
    """``J @ d`` for each row ``d`` of ``directions``, many per call (autodiff's batching level).

    Returns an (m, len(directions)) array, as :func:`jvp_columns`. Raises whatever the function
    raises when it cannot run on batched tangents; the caller falls back to the loop.
    """
    columns = []
    for lo, hi in _chunks(len(directions), point.size):
        trace = BatchTrace(hi - lo)
        block = np.asarray(directions[lo:hi], dtype=np.float64)
        tangents = tuple(batch(trace, np.ascontiguousarray(block[:, a:b]).reshape((hi - lo,) + s))
                         for a, b, s in zip(point.offsets[:-1], point.offsets[1:], point.shapes))
        _, tangent = jvp(f, tuple(point.arrays), tangents)
        value = np.asarray(_raw(unbatch(tangent, trace)), dtype=np.float64)
        columns.append(value.reshape(hi - lo, -1))
    return np.concatenate(columns, axis=0).T


def batched_vjp_rows(f, point: Point, rows: np.ndarray | None = None) -> np.ndarray:
    """The rows ``e_i @ J`` of the output elements ``rows`` (default all), many per call.

    Returns a (len(rows), n) array, as :func:`vjp_rows`.
    """
    out, pullback = vjp(f, *point.arrays)
    shape = tuple(np.shape(_raw(out)))
    m = int(np.prod(shape))
    rows = np.arange(m) if rows is None else np.asarray(rows)
    if m == 1 and len(rows) == 1:
        cts = pullback(np.ones(shape))
        return np.concatenate([_flat(c) for c in cts])[None, :]
    result = []
    for lo, hi in _chunks(len(rows), max(m, point.size)):
        trace = BatchTrace(hi - lo)
        basis = np.zeros((hi - lo, m))
        basis[np.arange(hi - lo), rows[lo:hi]] = 1.0
        cts = pullback(batch(trace, basis.reshape((hi - lo,) + shape)))
        parts = [np.asarray(_raw(unbatch(c, trace)), dtype=np.float64).reshape(hi - lo, -1)
                 for c in cts]
        result.append(np.concatenate(parts, axis=1))
    return np.concatenate(result, axis=0)


def _ravel(value):
    return ops.reshape(value, (-1,)) if isinstance(value, Tensor) else \
        np.asarray(value, dtype=np.float64).ravel()


def _stack(values):
    if any(isinstance(v, Tensor) for v in values):
        return ops.stack(values, axis=0)
    return np.stack(values, axis=0)


def first_derivative(f, point: Point, inner: str):
    """The full Jacobian of ``f`` by the ``inner`` engine, as a traceable function of the inputs.

    The result is the flattened (m, n) Jacobian, built only from transforms and ``ad`` ops, so an
    outer engine can differentiate it (second derivatives).
    """
    n = point.size

    def jacobian_flat(*xs):
        """The Jacobian of ``f`` at ``xs``, shape (outputs, inputs), by the inner mode."""
        if inner == "fwd":
            cols = [_ravel(jvp(f, tuple(xs), _basis_tangents(point, j))[1]) for j in range(n)]
            # columns stacked as rows give J transposed; transpose back to (m, n)
            stacked = _stack(cols)
            jac = ops.transpose(stacked) if isinstance(stacked, Tensor) else stacked.T
        else:
            out, pullback = vjp(f, *xs)
            shape = tuple(np.shape(out._data if isinstance(out, Tensor) else out))
            m = int(np.prod(shape))
            rows = []
            for i in range(m):
                e = np.zeros(m)
                e[i] = 1.0
                cts = pullback(e.reshape(shape))
                parts = [_ravel(c) for c in cts]
                rows.append(ops.concatenate(*parts, axis=0) if any(
                    isinstance(p, Tensor) for p in parts) else np.concatenate(parts))
            jac = _stack(rows)
        return _ravel(jac)

    return jacobian_flat


def directional_first_derivative(f, point: Point, inner: str, u: np.ndarray, w: np.ndarray):
    """``w^T J u`` by the ``inner`` engine, as a traceable scalar function of the inputs.

    Fast mode's second-order check differentiates this scalar once more along a random direction.
    """
    u_parts = tuple(point.split(u))

    def contracted(*xs):
        """``w . J u`` at ``xs`` by the inner mode: a scalar the outer mode differentiates."""
        if inner == "fwd":
            out, tangent = jvp(f, tuple(xs), u_parts)
            return ops.sum(_ravel(tangent) * w) if isinstance(tangent, Tensor) else \
                np.sum(_flat(tangent) * w)
        out, pullback = vjp(f, *xs)
        shape = tuple(np.shape(out._data if isinstance(out, Tensor) else out))
        cts = pullback(w.reshape(shape))
        total = 0.0
        for c, ui in zip(cts, u_parts):
            total = total + (ops.sum(c * ui) if isinstance(c, Tensor) else np.sum(c * ui))
        return total

    return contracted
