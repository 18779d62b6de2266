"""``vmap``: a function of one example applied to a whole batch in one pass.

The batch level of the engines (the one that gives Jacobians in one pass) carries a leading
batch axis through every primitive by the rule the primitive declared, so ``vmap(f)(xs)`` runs
``f``'s operations once on the whole batch instead of once per example, and composes with the
other transforms (``vmap(grad(loss), in_axes=(None, 0))`` gives per-example gradients).
"""
from __future__ import annotations

import functools

import numpy as np

from . import ops
from .core import Tensor
from .engines.batching import BatchTrace, batch, unbatch

__all__ = ["vmap"]


def _axes(spec, n, name):
    if isinstance(spec, (list, tuple)):
        if len(spec) != n:
            raise ValueError(f"vmap: {name} has {len(spec)} entries for {n} arguments")
        return tuple(spec)
    return (spec,) * n


def vmap(func, in_axes=0, out_axes=0, *, in_dims=None, out_dims=None):
    """Vectorize ``func`` over a batch axis of its arguments (``jax.vmap``, ``torch.vmap``).

    Parameters
    ----------
    func : callable
        A function of arrays for one example; it returns an array or a tuple of arrays.
    in_axes : int, None or tuple
        For each positional argument, the axis that holds the batch (None: the same value for
        every example). ``in_dims`` is PyTorch's name for it.
    out_axes : int or tuple
        Where each output puts the batch axis. ``out_dims`` is PyTorch's name.

    Returns
    -------
    callable
        ``vmapped(*args)``: ``func`` on every example, the results stacked along ``out_axes``.

    Notes
    -----
    Python control flow on a batched value (``if x > 0``) raises, because there is one value
    per example; select with :func:`autodiff.where` instead.
    """
    in_axes = in_axes if in_dims is None else in_dims
    out_axes = out_axes if out_dims is None else out_dims

    @functools.wraps(func)
    def vmapped(*args):
        """``func`` applied to every example of the batch at once."""
        axes = _axes(in_axes, len(args), "in_axes")
        sizes = {int(np.shape(a)[ax]) for a, ax in zip(args, axes) if ax is not None}
        if not sizes:
            raise ValueError("vmap: no argument has a batch axis (every in_axes entry is None)")
        if len(sizes) > 1:
            raise ValueError(f"vmap: the batched arguments have different batch sizes "
                             f"{sorted(sizes)} along their in_axes")
        trace = BatchTrace(sizes.pop())
        boxed = [a if ax is None else batch(trace, ops.moveaxis(a, ax, 0) if ax != 0 else a)
                 for a, ax in zip(args, axes)]
        try:
            out = func(*boxed)
        finally:
            trace.active = False
        single = not isinstance(out, tuple)
        outs = (out,) if single else out
        places = _axes(out_axes, len(outs), "out_axes")
        results = []
        for o, ax in zip(outs, places):
            stacked = unbatch(o if isinstance(o, Tensor) else np.asarray(o), trace)
            results.append(stacked if ax == 0 else ops.moveaxis(stacked, 0, ax))
        return results[0] if single else tuple(results)
    return vmapped
