"""Reading the recorded graph of a tensor into plain data, with tangents, adjoints and partials.

:func:`trace` walks the nodes reverse mode recorded (PyTorch's ``grad_fn`` chain) and, when asked,
runs the registry's own JVP and VJP rules over them: forward from the inputs (tangents), backward
from the output (adjoints), and per edge (local partial derivatives).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..core import Tensor, fit
from ..engines.reverse import AccumulateGrad, Released, _leaf_node, _toposort, accumulator_of

__all__ = ["Graph", "GraphNode", "GraphEdge", "trace"]


@dataclass
class GraphNode:
    """One vertex of the picture: a leaf tensor or a recorded op.

    Attributes
    ----------
    id : str
        Identifier in the DOT text (``n0``, ``n1``, ...), inputs first.
    name : str or None
        The name the caller gave this tensor, if any.
    op : str
        The primitive's name (``"sin"``), or ``"leaf"`` for an input.
    call : str
        The call with graph inputs shown as ``·`` and constants written out: ``"power(·, 2)"``.
    grad_fn : str
        PyTorch's node name (``"SinBackward0"``, ``"AccumulateGrad"``).
    shape : tuple of int
    value : numpy.ndarray
    tangent : numpy.ndarray or None
        Forward-mode tangent, when asked for.
    adjoint : numpy.ndarray or None
        Reverse-mode adjoint, when asked for.
    """

    id: str
    name: str | None
    op: str
    call: str
    grad_fn: str
    shape: tuple
    value: np.ndarray
    tangent: np.ndarray | None = None
    adjoint: np.ndarray | None = None

    @property
    def is_leaf(self) -> bool:
        """True for an input (a leaf tensor that requires grad)."""
        return self.op == "leaf"


@dataclass
class GraphEdge:
    """An edge from the node of an op's argument to the op.

    Attributes
    ----------
    src, dst : str
        Node ids.
    arg : int
        Which positional argument of ``dst`` the edge feeds.
    partial : numpy.ndarray or None
        The local derivative d(dst)/d(src) where both are single numbers and it was asked for.
    """

    src: str
    dst: str
    arg: int
    partial: np.ndarray | None = None


@dataclass
class Graph:
    """The recorded graph of a tensor, as plain data: nodes in topological order and edges.

    Build one with :func:`trace`; :func:`to_dot` and :func:`draw` render it.
    """

    nodes: list = field(default_factory=list)
    edges: list = field(default_factory=list)

    def node(self, key: str) -> GraphNode:
        """The node with this id or this caller-given name."""
        for n in self.nodes:
            if key in (n.id, n.name):
                return n
        raise KeyError(key)

    def edges_into(self, key: str) -> list:
        """The edges whose destination is the node ``key`` (id or name)."""
        dst = self.node(key).id
        return [e for e in self.edges if e.dst == dst]


# -- reading the record ------------------------------------------------------------------------
def _raw(a):
    return a._data if isinstance(a, Tensor) else a


def _root(tensor: Tensor):
    if not isinstance(tensor, Tensor):
        raise TypeError(f"graph: expected an autodiff Tensor, got {type(tensor).__name__}")
    if tensor._trace is not None and tensor._trace.level > 0:
        raise ValueError("graph: this tensor lives inside a function transform, whose record is "
                         "private to it; draw a tensor built with requires_grad=True instead")
    if tensor._node is not None:
        return tensor._node
    if tensor._requires_grad:
        return _leaf_node(tensor)
    raise ValueError("graph: this tensor has no recorded graph (it does not require grad); "
                     "create its inputs with requires_grad=True")


def short(value, precision: int) -> str:
    """A value as short text: a number, a small array, or just its shape."""
    arr = np.asarray(value)
    if arr.size == 1:
        return f"{arr.reshape(()).item():.{precision}g}"
    if arr.size <= 4:
        return np.array2string(arr, precision=precision, separator=", ")
    return f"<{arr.dtype} {arr.shape}>"


def _call_text(node, graph_args: set, precision: int) -> str:
    parts = []
    for i, a in enumerate(node.inputs or ()):
        if i in graph_args:
            parts.append("·")
        else:
            arr = np.asarray(_raw(a))
            parts.append(short(arr, precision) if arr.size <= 4 else f"<{arr.shape}>")
    for k, v in (node.kwargs or {}).items():
        parts.append(f"{k}={v!r}")
    return f"{node.prim.name}({', '.join(parts)})"


def _seed(tangents, name, variable):
    if tangents is None:
        return np.ones_like(variable._data)
    if name in tangents:
        return np.broadcast_to(np.asarray(tangents[name], dtype=variable.dtype),
                               variable.shape).copy()
    return None


def _restore(order) -> list:
    """Put back, for the picture, the values reverse mode released at record time because no
    rule reads them: recomputed from the leaves, op by op. Returns what to undo afterwards."""
    undo, value = [], {}
    for node in order:
        if node.prim is None:
            var = getattr(node, "variable", None)
            if var is not None:
                value[node] = var._data
            continue
        inputs, ans = node.inputs, node.ans
        if inputs is None:
            continue
        if isinstance(ans, Released) or any(isinstance(a, Released) for a in inputs):
            parent_of = dict(node.parents)
            full = tuple(value.get(parent_of.get(i)) if isinstance(a, Released) else a
                         for i, a in enumerate(inputs))
            if isinstance(ans, Released):
                ans = np.asarray(node.prim.impl(*[_raw(a) for a in full], **node.kwargs))
            undo.append((node, inputs, node.ans))
            node.inputs, node.ans = full, ans
        value[node] = _raw(node.ans)
    return undo


def trace(tensor: Tensor, **options) -> Graph:
    """See :func:`read`: the same, with values released at record time recomputed."""
    order = list(reversed(_toposort(_root(tensor))))
    undo = _restore(order)
    try:
        return read(tensor, **options)
    finally:
        for node, inputs, ans in undo:
            node.inputs, node.ans = inputs, ans


def read(tensor: Tensor, *, names: dict | None = None, tangents: dict | None = None,
          gradient=None, with_tangents: bool = False, with_adjoints: bool = False,
          with_partials: bool = False, precision: int = 4) -> Graph:
    """Read the graph that produced ``tensor`` into a :class:`Graph`.

    Parameters
    ----------
    tensor : Tensor
        A tensor computed from inputs that require grad. Its graph must still hold its saved
        values (do not ``backward()`` it first without ``retain_graph=True``) when tangents,
        adjoints or partials are asked for.
    names : dict of str to Tensor, optional
        Names to show: ``{"x": x, "a": a}`` labels the leaf ``x`` and the op that made ``a``.
    tangents : dict of str to array_like, optional
        Forward-mode seed per named leaf; leaves not listed get no tangent. By default every
        leaf is seeded with ones, so each tangent is d(node)/dx for a single input ``x``.
    gradient : array_like, optional
        Reverse-mode seed for ``tensor`` (its adjoint); ones by default, as in
        ``backward(gradient=...)``.
    with_tangents, with_adjoints, with_partials : bool
        Compute each node's tangent (forward pass), adjoint (backward pass), and each edge's
        local derivative where both ends are single numbers.
    precision : int
        Significant digits of constants written in a node's call text.

    Returns
    -------
    Graph
        Nodes in topological order, inputs first.

    Notes
    -----
    The tangents and adjoints are computed here by running the registry's JVP and VJP rules over
    the recorded nodes, the same rules the engines call; nothing is written to any ``.grad``.
    """
    root = _root(tensor)
    order = list(reversed(_toposort(root)))          # inputs first
    label_of = {}
    for name, t in (names or {}).items():
        if isinstance(t, Tensor):
            node = t._node if t._node is not None else accumulator_of(t)
            if node is not None:
                label_of[node] = name
    ids = {node: f"n{k}" for k, node in enumerate(order)}
    graph = Graph()
    for node in order:
        if isinstance(node, AccumulateGrad) or node.prim is None:
            var = getattr(node, "variable", None)
            value = var._data if var is not None else np.asarray(np.nan)
            graph.nodes.append(GraphNode(ids[node], label_of.get(node), "leaf", "leaf",
                                         "AccumulateGrad", tuple(value.shape), value))
            continue
        if node.inputs is None:
            raise RuntimeError("graph: the saved values of this graph were freed by backward(); "
                               "call backward(retain_graph=True) or draw before backward")
        graph_args = {i for i, _ in node.parents}
        value = np.asarray(node.ans)
        graph.nodes.append(GraphNode(ids[node], label_of.get(node), node.prim.name,
                                     _call_text(node, graph_args, precision), node.name(),
                                     tuple(value.shape), value))
        for i, parent in node.parents:
            graph.edges.append(GraphEdge(ids[parent], ids[node], i))
    by_id = {n.id: n for n in graph.nodes}
    if with_tangents:
        _forward_pass(order, ids, by_id, tangents, label_of)
    if with_adjoints:
        _backward_pass(order, ids, by_id, root, gradient)
    if with_partials:
        _partials(order, ids, graph)
    return graph


def _args(node):
    return [_raw(a) for a in node.inputs]


def _forward_pass(order, ids, by_id, tangents, label_of):
    """Tangents from the inputs to the output: each node's JVP rule applied to its parents'."""
    tan = {}
    for node in order:
        if node.prim is None:
            var = getattr(node, "variable", None)
            if var is not None:
                tan[node] = _seed(tangents, label_of.get(node), var)
        else:
            per_arg = [None] * len(node.inputs)
            for i, parent in node.parents:
                per_arg[i] = tan.get(parent)
            if all(t is None for t in per_arg):
                tan[node] = None
            else:
                t = node.prim.jvp(per_arg, node.ans, _args(node), node.kwargs)
                tan[node] = None if t is None else np.asarray(
                    _raw(fit(t, np.asarray(node.ans))))
        by_id[ids[node]].tangent = tan[node]


def _backward_pass(order, ids, by_id, root, gradient):
    """Adjoints from the output back to the inputs: each node's VJP rule, summed per parent."""
    seed = np.ones_like(np.asarray(by_id[ids[root]].value)) if gradient is None else \
        np.asarray(_raw(gradient), dtype=by_id[ids[root]].value.dtype)
    adj = {root: seed}
    for node in reversed(order):
        g = adj.get(node)
        by_id[ids[node]].adjoint = g
        if g is None or node.prim is None:
            continue
        args = _args(node)
        cts = node.prim.vjp(g, node.ans, args, node.kwargs, [i for i, _ in node.parents])
        for (i, parent), c in zip(node.parents, cts):
            if c is None:
                continue
            c = np.asarray(_raw(fit(c, args[i])))
            adj[parent] = c if parent not in adj else adj[parent] + c


def _partials(order, ids, graph):
    """d(child)/d(parent) on each edge whose two ends are single numbers."""
    by_edge = {(e.src, e.dst, e.arg): e for e in graph.edges}
    for node in order:
        if node.prim is None or np.size(node.ans) != 1:
            continue
        args = _args(node)
        for i, parent in node.parents:
            if np.size(args[i]) != 1:
                continue
            per_arg = [None] * len(args)
            per_arg[i] = np.ones_like(np.asarray(args[i]))
            t = node.prim.jvp(per_arg, node.ans, args, node.kwargs)
            by_edge[(ids[parent], ids[node], i)].partial = np.asarray(_raw(t)).reshape(())
