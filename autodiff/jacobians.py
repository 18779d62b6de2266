"""Jacobians and Hessians in one pass: the engines run once over a batch of basis vectors.

``jacfwd`` pushes the rows of the identity through one forward pass as a batch of tangents;
``jacrev`` pulls the rows of the identity back through one backward pass as a batch of cotangents
(:mod:`autodiff.engines.batching`). ``jacobian(mode="auto")`` records ``f`` once, then uses
whichever direction is cheaper on that recording. When the basis would be too large, it goes in
chunks of rows.
"""
from __future__ import annotations

import functools

import numpy as np

from . import ops
from .core import MissingRuleError
from .engines.batching import BatchTrace, batch, unbatch
from .pytree import tree_unflatten
from .transforms import Args, grad, jvp, push, record

__all__ = ["hessian", "hvp", "jacfwd", "jacobian", "jacrev"]

# Elements of one batched basis above which Jacobians go in chunks of rows (float64: 64 MB).
CHUNK_ELEMENTS = 1 << 23


def _size(shape) -> int:
    n = 1
    for d in shape:
        n *= int(d)
    return n


def _offsets(shapes):
    out, total = [], 0
    for s in shapes:
        out.append(total)
        total += _size(s)
    return out, total


def _chunks(total: int, per_row: int, chunk_size):
    if chunk_size is None:
        chunk_size = max(1, CHUNK_ELEMENTS // max(1, per_row))
    chunk_size = int(chunk_size)
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive number of rows, got {chunk_size}")
    return [(lo, min(lo + chunk_size, total)) for lo in range(0, total, chunk_size)]


def _basis_block(lo, hi, offset, shape, dtype):
    """Rows ``lo:hi`` of the identity, the columns of one leaf (at ``offset``), shaped
    ``(hi - lo, *shape)``; None when none of those rows touches this leaf."""
    n = _size(shape)
    if hi <= offset or lo >= offset + n:
        return None
    return np.eye(hi - lo, n, k=lo - offset, dtype=dtype).reshape((hi - lo,) + tuple(shape))


def _concat(parts):
    if len(parts) == 1:
        return parts[0]
    return ops.concatenate(*parts, axis=0)


def _rows(value, lo, hi):
    if lo == 0 and hi == value.shape[0]:
        return value
    return value[lo:hi] if isinstance(value, np.ndarray) else ops.getitem(value, slice(lo, hi))


def _batched_run(run, n_rows, per_row, leaves_in, results_like, chunk_size):
    """Call ``run`` once per chunk with batched basis rows for ``leaves_in`` (``per_row``
    elements a row), and stack what it returns into arrays of shape ``(n_rows, *result_shape)``.

    ``results_like()`` gives the values the results are shaped like (known after a run), so a
    result that ``run`` reports as None (zero) becomes zeros of that shape.
    """
    parts = None
    offsets, _ = _offsets([p.shape for p in leaves_in])
    for lo, hi in _chunks(n_rows, per_row, chunk_size):
        trace = BatchTrace(hi - lo)
        basis = []
        for p, off in zip(leaves_in, offsets):
            block = _basis_block(lo, hi, off, tuple(p.shape), p.dtype)
            basis.append(None if block is None else batch(trace, block))
        got = run(basis)
        if parts is None:
            parts = [[] for _ in got]
        for j, (g, like) in enumerate(zip(got, results_like())):
            parts[j].append(np.zeros((hi - lo,) + tuple(like.shape), like.dtype) if g is None
                            else unbatch(g, trace))
    return [_concat(p) for p in parts]


def _from_rev(full, outs, ins):
    """``full[k]``: (M, *in_k) rows of the cotangent basis -> ``jac[j][k]``: out_j + in_k."""
    offsets, _ = _offsets([o.shape for o in outs])
    return [[ops.reshape(_rows(full[k], off, off + _size(o.shape)),
                         tuple(o.shape) + tuple(p.shape)) for k, p in enumerate(ins)]
            for o, off in zip(outs, offsets)]


def _from_fwd(full, outs, ins):
    """``full[j]``: (N, *out_j) rows of the tangent basis -> ``jac[j][k]``: out_j + in_k."""
    offsets, _ = _offsets([p.shape for p in ins])
    jac = []
    for j, o in enumerate(outs):
        row = []
        for k, p in enumerate(ins):
            n, m = _size(p.shape), _size(o.shape)
            block = ops.reshape(_rows(full[j], offsets[k], offsets[k] + n), (n, m))
            row.append(ops.reshape(ops.transpose(block), tuple(o.shape) + tuple(p.shape)))
        jac.append(row)
    return jac


def _result(jac, spec: Args, out_tree):
    return tree_unflatten(out_tree, [spec.result(row) for row in jac])


def _rev_on(rec, spec, chunk_size):
    """The Jacobian from a recording, by batched backward passes over its tape."""
    outs, ins = rec.outputs, spec.values
    _, n_out = _offsets([o.shape for o in outs])
    if n_out == 0:
        full = [np.zeros((0,) + tuple(p.shape), p.dtype) for p in ins]
    elif n_out == 1:
        # One output element: a plain backward pass, no batch level needed.
        cts = [np.ones(tuple(o.shape), o.dtype) if _size(o.shape) == 1 else None for o in outs]
        got = rec.tape.pull(cts)
        full = [np.zeros((1,) + tuple(p.shape), p.dtype) if g is None else
                ops.reshape(g, (1,) + tuple(p.shape)) for g, p in zip(got, ins)]
    else:
        full = _batched_run(rec.tape.pull, n_out, n_out, outs, lambda: ins, chunk_size)
    return _from_rev(full, outs, ins)


def _fwd(push, outputs, ins, chunk_size):
    """The Jacobian by batched tangents: ``push(tangents)`` gives the output tangents (one per
    output, None where zero) for one tangent per input leaf of ``ins`` (None: zero), and
    ``outputs()`` the output leaves, known once ``push`` has run."""
    _, n_in = _offsets([p.shape for p in ins])
    if n_in == 0:
        # No element to differentiate, but f still sees traced (empty) inputs, as always.
        push([np.zeros(tuple(p.shape), p.dtype) for p in ins])
        full = [np.zeros((0,) + tuple(o.shape), o.dtype) for o in outputs()]
    else:
        full = _batched_run(push, n_in, n_in, ins, outputs, chunk_size)
    return _from_fwd(full, outputs(), ins)


def _fwd_on_tape(rec, spec, chunk_size):
    """The Jacobian from a recording, by batched tangents pushed forward over its tape."""
    return _fwd(rec.tape.push, lambda: rec.outputs, spec.values, chunk_size)


def jacrev(f, argnums=0, *, chunk_size=None):
    """The Jacobian of ``f`` by reverse mode: one backward pass over a batch of cotangents.

    Parameters
    ----------
    f : callable
        Arrays (or pytrees of arrays) in, an array (or a pytree of arrays) out.
    argnums : int or tuple of int
        The arguments to differentiate.
    chunk_size : int, optional
        Cotangents per backward pass; by default all at once unless the batch would hold more
        than ``CHUNK_ELEMENTS`` elements.

    Returns
    -------
    callable
        Returns the Jacobian, shape ``out.shape + in.shape``; for pytrees, the output's structure
        with each leaf replaced by the input's structure (a tuple over ``argnums`` when it is a
        tuple), as in JAX.

    Examples
    --------
    >>> import numpy as np, autodiff as ad
    >>> ad.jacrev(lambda x: x ** 2)(np.array([1.0, 2.0]))
    array([[2., 0.],
           [0., 4.]])
    """
    @functools.wraps(f)
    def jac_f(*args):
        """The Jacobian of ``f`` at ``args`` (``f``'s docstring replaces this one)."""
        spec = Args(args, argnums, "jacrev")
        rec = record(f, spec, False, "jacrev", pull_only=True)
        return _result(_rev_on(rec, spec, chunk_size), spec, rec.out_tree)

    return jac_f


def jacfwd(f, argnums=0, *, chunk_size=None):
    """The Jacobian of ``f`` by forward mode: one forward pass over a batch of tangents.

    Parameters
    ----------
    f, argnums
        As in :func:`jacrev`.
    chunk_size : int, optional
        Tangents per forward pass; by default all at once unless the batch would hold more than
        ``CHUNK_ELEMENTS`` elements.

    Returns
    -------
    callable
        Returns the Jacobian, laid out as :func:`jacrev`'s.

    Examples
    --------
    >>> import numpy as np, autodiff as ad
    >>> ad.jacfwd(lambda x: x ** 2)(np.array([1.0, 2.0]))
    array([[2., 0.],
           [0., 4.]])
    """
    @functools.wraps(f)
    def jac_f(*args):
        """The Jacobian of ``f`` at ``args`` (``f``'s docstring replaces this one)."""
        spec = Args(args, argnums, "jacfwd")
        seen = {}      # the outputs and their structure, known once f has run

        def run(tangents):
            """One forward pass of ``f`` with these tangents; keeps its outputs."""
            outs, touts, seen["tree"] = push(f, spec, tangents)
            seen["outs"] = outs
            return touts

        jac = _fwd(run, lambda: seen["outs"], spec.values, chunk_size)
        return _result(jac, spec, seen["tree"])

    return jac_f


def jacobian(f, argnums=0, mode="auto", *, chunk_size=None):
    """The Jacobian of ``f``, by forward mode, reverse mode, or whichever is cheaper.

    Parameters
    ----------
    f : callable
    argnums : int or tuple of int
    mode : {"auto", "fwd", "rev"}
        ``"auto"`` evaluates ``f`` once under a reverse level, then, on that recording, pulls
        back a batch of cotangents when the output has no more elements than the inputs, and
        pushes forward a batch of tangents otherwise. ``f`` is evaluated once either way. If an
        op on the way has a rule for only one direction (a user primitive with only
        ``defvjp``), that direction is used.
    chunk_size : int, optional
        See :func:`jacrev`.

    Returns
    -------
    callable
        Returns the Jacobian, laid out as :func:`jacrev`'s.
    """
    if mode not in ("auto", "fwd", "rev"):
        raise ValueError(f"jacobian: mode must be 'auto', 'fwd' or 'rev', got {mode!r}")
    if mode == "fwd":
        return jacfwd(f, argnums, chunk_size=chunk_size)
    if mode == "rev":
        return jacrev(f, argnums, chunk_size=chunk_size)

    @functools.wraps(f)
    def jac_f(*args):
        """The Jacobian of ``f`` at ``args`` (``f``'s docstring replaces this one)."""
        spec = Args(args, argnums, "jacobian")
        rec = record(f, spec, False, "jacobian")
        _, n_in = _offsets([p.shape for p in spec.values])
        _, n_out = _offsets([o.shape for o in rec.outputs])
        cheap, other = ((_rev_on, _fwd_on_tape) if n_out <= n_in else
                        (_fwd_on_tape, _rev_on))
        try:
            jac = cheap(rec, spec, chunk_size)
        except MissingRuleError:
            # An op with only one of its two rules: the other direction, same recording.
            jac = other(rec, spec, chunk_size)
        return _result(jac, spec, rec.out_tree)

    return jac_f


def hessian(f, argnums=0, *, chunk_size=None):
    """The Hessian of scalar ``f``: forward mode over reverse mode, batched.

    The gradient (one backward pass) is differentiated by one forward pass carrying the whole
    identity basis as a batch of tangents (``jacfwd(jacrev(f))``).

    Parameters
    ----------
    f : callable
        Returns a scalar.
    argnums : int or tuple of int
    chunk_size : int, optional
        Tangents per forward pass (see :func:`jacfwd`).

    Returns
    -------
    callable
        Returns the Hessian, shape ``in.shape + in.shape``; pytrees nest as in JAX.

    Examples
    --------
    >>> import numpy as np, autodiff as ad
    >>> ad.hessian(lambda x: (x ** 3).sum())(np.array([1.0, 2.0]))
    array([[ 6.,  0.],
           [ 0., 12.]])
    """
    return jacfwd(jacrev(f, argnums), argnums, chunk_size=chunk_size)


def hvp(f, primals, tangents):
    """Gradient and Hessian-vector product of scalar ``f``, forward over reverse.

    One forward pass of tangents through one gradient computation: a small constant times the
    cost of the gradient, whatever the dimension.

    Parameters
    ----------
    f : callable
    primals, tangents : tuple
        One point and one direction per positional argument (pytrees allowed).

    Returns
    -------
    (gradient, hessian_vector_product)
        Each one per primal when ``f`` takes several arguments.

    Examples
    --------
    >>> import numpy as np, autodiff as ad
    >>> ad.hvp(lambda x: (x ** 3).sum(), (np.array([1.0, 2.0]),), (np.array([1.0, 0.0]),))
    (array([ 3., 12.]), array([6., 0.]))
    """
    argnums = 0 if len(primals) == 1 else tuple(range(len(primals)))
    return jvp(grad(f, argnums), tuple(primals), tuple(tangents))
