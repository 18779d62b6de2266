"""A functional reverse level's recorded tape, used as a linear map in both directions.

Recording ``f`` once under a :class:`~autodiff.engines.reverse.ReverseTrace` leaves a tape: for
every op, its primitive, the values it saw and its answer. That tape is the linearization of ``f``
at the point, so it serves both modes without evaluating ``f`` again:

- :meth:`Tape.pull` pulls cotangents back through the VJP rules
  (:func:`~autodiff.engines.reverse.backprop`);
- :meth:`Tape.push` pushes tangents forward through the JVP rules, node by node.

Either may carry a batch axis (:mod:`autodiff.engines.batching`), which is how ``jacobian`` picks
the cheaper mode after one evaluation. Functions with several outputs get one extra node that
gathers the outputs, so one backward pass serves them all.
"""
from __future__ import annotations

import numpy as np

from ..core import fit
from .reverse import GATHER as _gather
from .reverse import Node, _toposort, backprop


class Tape:
    """The recorded computation from some leaf nodes to some output nodes.

    Parameters
    ----------
    leaves : list of Node
        One per differentiated input (``Node(None, ...)`` leaves of the level).
    outputs : list
        One per output: its value one level below the tape's level.
    nodes : list of Node or None
        One per output: the node that produced it, None for an output that does not depend on
        the inputs.
    """

    def __init__(self, leaves, outputs, nodes):
        self.leaves = list(leaves)
        self.outputs = list(outputs)
        self.nodes = list(nodes)
        live = [(i, n) for i, n in enumerate(self.nodes) if n is not None]
        if not live:
            self.root = None
        elif len(self.nodes) == 1:
            self.root = self.nodes[0]
        else:
            self.root = Node(_gather, tuple(self.outputs), {}, None, tuple(live))
        self._order = None

    @property
    def order(self) -> list:
        """The recorded nodes, each before the nodes it depends on: sorted once, however many
        times the tape is pulled or pushed (chunks of a Jacobian, a linearization's JVPs)."""
        if self._order is None:
            self._order = _toposort(self.root)
        return self._order

    def pull(self, cotangents: list, retain: bool = True) -> list:
        """Cotangents of the inputs (None where nothing reached) from one per output (None: 0).

        ``retain=False`` frees each node's saved values as soon as its rule has run, for a tape
        that is pulled only once (a gradient): less memory held during the backward pass.
        """
        if self.root is None:
            return [None] * len(self.leaves)
        if len(self.nodes) == 1:
            ct = cotangents[0]
            if ct is None:
                return [None] * len(self.leaves)
        else:
            ct = list(cotangents)
        reached = backprop(self.root, ct, base=False, retain=retain, order=self.order)
        return [reached.get(leaf) for leaf in self.leaves]

    def push(self, tangents: list) -> list:
        """Tangents of the outputs (None where zero) from one per input (None: zero), through
        the JVP rules of the recorded nodes, inputs before the nodes that use them."""
        if self.root is None:
            return [None] * len(self.nodes)
        known = {leaf: t for leaf, t in zip(self.leaves, tangents) if t is not None}
        for node in reversed(self.order):
            if node.prim is None or node is self.root and node.prim is _gather:
                continue
            ts = [None] * len(node.inputs)
            some = False
            for i, parent in node.parents:
                t = known.get(parent)
                if t is not None:
                    ts[i] = t
                    some = True
            if not some:
                continue
            t = node.prim.jvp(ts, node.ans, node.inputs, node.kwargs)
            if t is not None:
                known[node] = fit(t, node.ans)
        return [known.get(n) if n is not None else None for n in self.nodes]


def zeros_like(value):
    """Constant zeros of ``value``'s shape and dtype."""
    return np.zeros(tuple(value.shape), value.dtype)
