"""Pictures of the recorded graph: which ops produced a tensor, from its inputs to it.

Reverse mode records one node per op on a tensor that requires grad (PyTorch's ``grad_fn``
chain). This module walks that record and draws it, as Graphviz DOT text always and as an image
where Graphviz's ``dot`` program is installed, with a pure-Python (matplotlib) picture otherwise,
so a tutorial renders the same graph on any machine.

Each node may carry three numbers, which together are the whole of exercises 5 to 7 of the
document:

- its **value** (the primal, what the forward pass computed);
- its **tangent**, d(node)/d(inputs) along a direction: what forward mode pushes from the
  inputs to the output;
- its **adjoint**, d(output)/d(node): what reverse mode pulls from the output back to the inputs.

Each edge may carry its **local partial derivative**, d(child)/d(parent), the chain-rule term the
two modes multiply: forward mode sums ``partial * tangent(parent)`` into a child, reverse mode
sums ``partial * adjoint(child)`` into a parent.

Examples
--------
>>> import autodiff as ad
>>> x = ad.tensor(2.0, requires_grad=True)
>>> y = ad.sin(x) * x
>>> print(ad.graph.to_dot(y, names={"x": x}))  # doctest: +ELLIPSIS
digraph autodiff {
  rankdir=LR;
...
  n0 [label="x\\nleaf  ()", shape=ellipse...];
...
}
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field

import numpy as np

from .reverse import AccumulateGrad, _toposort
from .tensor import Tensor

__all__ = ["Graph", "GraphNode", "GraphEdge", "trace", "to_dot", "draw", "has_graphviz"]


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
        from .reverse import _leaf_node
        return _leaf_node(tensor)
    raise ValueError("graph: this tensor has no recorded graph (it does not require grad); "
                     "create its inputs with requires_grad=True")


def _short(value, precision: int) -> str:
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
            parts.append(_short(arr, precision) if arr.size <= 4 else f"<{arr.shape}>")
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


def trace(tensor: Tensor, *, names: dict | None = None, tangents: dict | None = None,
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
            node = t._node if t._node is not None else t._accumulator
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
    from .forward import fit_tangent
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
                    _raw(fit_tangent(t, np.asarray(node.ans))))
        by_id[ids[node]].tangent = tan[node]


def _backward_pass(order, ids, by_id, root, gradient):
    """Adjoints from the output back to the inputs: each node's VJP rule, summed per parent."""
    from .reverse import _fit
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
            c = np.asarray(_raw(_fit(c, args[i])))
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


# -- DOT text ----------------------------------------------------------------------------------
def _node_lines(n: GraphNode, show_values, show_tangents, show_adjoints, precision) -> list:
    head = n.name if n.name else ""
    if n.is_leaf:
        lines = [head or "input", f"leaf  {n.shape}"]
    else:
        lines = [f"{head} = {n.call}" if head else n.call, f"{n.grad_fn}  {n.shape}"]
    if show_values:
        lines.append(f"value {_short(n.value, precision)}")
    if show_tangents and n.tangent is not None:
        lines.append(f"tangent {_short(n.tangent, precision)}")
    if show_adjoints and n.adjoint is not None:
        lines.append(f"adjoint {_short(n.adjoint, precision)}")
    return lines


def _edge_text(e: GraphEdge, edge_labels, graph, precision) -> str:
    parts = []
    if edge_labels:
        src, dst = graph.node(e.src), graph.node(e.dst)
        for key in ((src.name, dst.name), (e.src, e.dst)):
            if key in edge_labels:
                parts.append(str(edge_labels[key]))
                break
    if e.partial is not None:
        parts.append(_short(e.partial, precision))
    return " = ".join(parts)


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def to_dot(tensor: Tensor | Graph, *, show_values: bool = False, show_tangents: bool = False,
           show_grads: bool = False, show_partials: bool = False, names: dict | None = None,
           tangents: dict | None = None, gradient=None, edge_labels: dict | None = None,
           precision: int = 4, rankdir: str = "LR") -> str:
    """The recorded graph of ``tensor`` as Graphviz DOT text.

    Parameters
    ----------
    tensor : Tensor or Graph
        The result to draw (or a graph already read by :func:`trace`).
    show_values : bool
        Write each node's value.
    show_tangents : bool
        Write each node's forward-mode tangent (seeded by ``tangents``, ones by default).
    show_grads : bool
        Write each node's adjoint, d(tensor)/d(node) (seeded by ``gradient``, ones by default).
    show_partials : bool
        Write on each edge the local derivative d(child)/d(parent), where both are numbers.
    names : dict of str to Tensor, optional
        Names for inputs and intermediate results, shown on their nodes.
    tangents, gradient
        Seeds of the forward and backward passes; see :func:`trace`.
    edge_labels : dict, optional
        Text per edge, keyed by ``(parent name, child name)``: e.g. the chain-rule term
        ``{("x", "a"): "2x"}``. Shown before the numeric partial.
    precision : int
        Significant digits of the numbers shown.
    rankdir : {"LR", "TB"}
        Graphviz layout direction: inputs on the left, or on top.

    Returns
    -------
    str
        A ``digraph``: one node per input and per recorded op, one edge per argument that
        carries a gradient. Constants (the ``2`` of ``x ** 2``) are written inside the op's
        call, as in ``power(·, 2)``.

    Examples
    --------
    >>> import autodiff as ad
    >>> x = ad.tensor(3.0, requires_grad=True)
    >>> dot = ad.graph.to_dot(x * x + 1, names={"x": x})
    >>> dot.count("->")
    3
    """
    graph = tensor if isinstance(tensor, Graph) else trace(
        tensor, names=names, tangents=tangents, gradient=gradient, with_tangents=show_tangents,
        with_adjoints=show_grads, with_partials=show_partials)
    out = ["digraph autodiff {", f"  rankdir={rankdir};",
           '  node [fontname="Helvetica", fontsize=11];',
           '  edge [fontname="Helvetica", fontsize=10];']
    for n in graph.nodes:
        label = "\\n".join(_esc(s) for s in _node_lines(n, show_values, show_tangents,
                                                        show_grads, precision))
        style = ('shape=ellipse, style=filled, fillcolor="#dbeafe"' if n.is_leaf else
                 'shape=box, style="rounded,filled", fillcolor="#f3f4f6"')
        out.append(f'  {n.id} [label="{label}", {style}];')
    for e in graph.edges:
        text = _edge_text(e, edge_labels, graph, precision)
        attrs = f' [label="{_esc(text)}"]' if text else ""
        out.append(f"  {e.src} -> {e.dst}{attrs};")
    out.append("}")
    return "\n".join(out)


# -- images ------------------------------------------------------------------------------------
def has_graphviz() -> bool:
    """Whether Graphviz's ``dot`` program is on the ``PATH``."""
    return shutil.which("dot") is not None


def _ranks(graph: Graph) -> dict:
    """Column of each node: the length of the longest path from an input to it."""
    rank = {}
    for n in graph.nodes:          # topological order: parents are ranked first
        into = [rank[e.src] for e in graph.edges if e.dst == n.id]
        rank[n.id] = 1 + max(into) if into else 0
    return rank


def _draw_matplotlib(graph: Graph, texts: dict, edge_texts: dict, figsize=None):
    """The fallback picture: columns by rank, boxes and arrows drawn with matplotlib."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch

    rank = _ranks(graph)
    columns: dict = {}
    for n in graph.nodes:
        columns.setdefault(rank[n.id], []).append(n.id)
    ncol = max(columns) + 1
    nrow = max(len(c) for c in columns.values())
    parents: dict = {}
    for e in graph.edges:
        parents.setdefault(e.dst, []).append(e.src)
    pos = {}
    for c in sorted(columns):       # order each column by its parents' heights (fewer crossings)
        ids = columns[c]
        if c:
            ids.sort(key=lambda i: -np.mean([pos[p][1] for p in parents.get(i, [])] or [0.0]))
        for r, nid in enumerate(ids):
            pos[nid] = (c * 3.2, (r - (len(ids) - 1) / 2) * -1.9)
    if figsize is None:
        figsize = (max(4.0, 2.6 * ncol), max(2.2, 1.5 * nrow + 0.8))
    fig, ax = plt.subplots(figsize=figsize)
    ax.set_axis_off()
    boxes = {}
    for n in graph.nodes:
        x, y = pos[n.id]
        t = ax.text(x, y, texts[n.id], ha="center", va="center", fontsize=8.5,
                    family="monospace", zorder=3,
                    bbox=dict(boxstyle="round,pad=0.4" if n.is_leaf else "square,pad=0.4",
                              fc="#dbeafe" if n.is_leaf else "#f3f4f6", ec="#374151"))
        boxes[n.id] = t
    fig.canvas.draw()               # lay the boxes out so arrows can stop at their edges
    pairs: dict = {}
    for e in graph.edges:           # x * x feeds one op twice: fan such edges out
        pairs.setdefault((e.src, e.dst), []).append(e.arg)
    for e in graph.edges:
        (x0, y0), (x1, y1) = pos[e.src], pos[e.dst]
        span = rank[e.dst] - rank[e.src]
        rad = 0.0 if span == 1 else 0.25 * (1 if y1 >= y0 else -1)
        twins = pairs[(e.src, e.dst)]
        if len(twins) > 1:
            rad += 0.2 * (twins.index(e.arg) - (len(twins) - 1) / 2)
        ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=14,
                                     patchA=boxes[e.src].get_bbox_patch(),
                                     patchB=boxes[e.dst].get_bbox_patch(), shrinkA=2,
                                     shrinkB=2, color="#555555", zorder=2,
                                     connectionstyle=f"arc3,rad={rad}"))
        text = edge_texts.get((e.src, e.dst, e.arg))
        if text:
            mx, my = (x0 + x1) / 2, (y0 + y1) / 2
            if rad:                 # the middle of an arc lies off the straight line
                mx, my = mx + rad * (y1 - y0) / 2, my - rad * (x1 - x0) / 2
            ax.text(mx, my, text, ha="center", va="center", fontsize=8, color="#9a3412",
                    zorder=4, bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none",
                                        alpha=0.9))
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 1.6, max(xs) + 1.6)
    ax.set_ylim(min(ys) - 1.0, max(ys) + 1.0)
    fig.tight_layout()
    return fig


def draw(tensor: Tensor | Graph, path=None, *, engine: str = "auto", show_values: bool = False,
         show_tangents: bool = False, show_grads: bool = False, show_partials: bool = False,
         names: dict | None = None, tangents: dict | None = None, gradient=None,
         edge_labels: dict | None = None, precision: int = 4, rankdir: str = "LR",
         figsize=None):
    """Draw the recorded graph of ``tensor`` as a picture.

    Parameters
    ----------
    tensor : Tensor or Graph
        The result to draw.
    path : str or path-like, optional
        Where to write the image; its suffix picks the format (``.png``, ``.svg``, ``.pdf``).
        Without a path the picture is returned as a matplotlib figure, which notebooks and
        sphinx-gallery show inline.
    engine : {"auto", "graphviz", "matplotlib"}
        ``"auto"`` lays the graph out with Graphviz's ``dot`` where it is installed and with the
        pure-Python matplotlib fallback otherwise.
    show_values, show_tangents, show_grads, show_partials, names, tangents, gradient, \
edge_labels, precision, rankdir
        As in :func:`to_dot`.
    figsize : tuple of float, optional
        Size of the matplotlib figure.

    Returns
    -------
    matplotlib.figure.Figure or str
        The figure when ``path`` is None, else ``str(path)``.

    Raises
    ------
    RuntimeError
        ``engine="graphviz"`` and ``dot`` is not installed, or ``dot`` failed.
    """
    if engine not in ("auto", "graphviz", "matplotlib"):
        raise ValueError(f"draw: engine must be 'auto', 'graphviz' or 'matplotlib', got "
                         f"{engine!r}")
    graph = tensor if isinstance(tensor, Graph) else trace(
        tensor, names=names, tangents=tangents, gradient=gradient, with_tangents=show_tangents,
        with_adjoints=show_grads, with_partials=show_partials)
    if engine == "graphviz" and not has_graphviz():
        raise RuntimeError("draw: Graphviz's `dot` is not installed (apt-get install graphviz, "
                           "or use engine='matplotlib')")
    use_dot = engine == "graphviz" or (engine == "auto" and has_graphviz())
    if use_dot:
        dot = to_dot(graph, show_values=show_values, show_tangents=show_tangents,
                     show_grads=show_grads, edge_labels=edge_labels, precision=precision,
                     rankdir=rankdir)
        fmt = "png" if path is None else str(path).rsplit(".", 1)[-1].lower()
        done = subprocess.run(["dot", f"-T{fmt}", "-Gdpi=110"], input=dot.encode(),
                              capture_output=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"draw: dot failed: {done.stderr.decode(errors='replace')}")
        if path is not None:
            with open(path, "wb") as fh:
                fh.write(done.stdout)
            return str(path)
        return _figure_of_png(done.stdout, figsize)
    texts = {n.id: "\n".join(_node_lines(n, show_values, show_tangents, show_grads, precision))
             for n in graph.nodes}
    edge_texts = {(e.src, e.dst, e.arg): _edge_text(e, edge_labels, graph, precision)
                  for e in graph.edges}
    fig = _draw_matplotlib(graph, texts, edge_texts, figsize)
    if path is not None:
        fig.savefig(path)
        import matplotlib.pyplot as plt
        plt.close(fig)
        return str(path)
    return fig


def _figure_of_png(data: bytes, figsize):
    """A matplotlib figure showing a PNG image at its natural size."""
    import io

    import matplotlib.image as mpimg
    import matplotlib.pyplot as plt
    img = mpimg.imread(io.BytesIO(data), format="png")
    h, w = img.shape[:2]
    dpi = 110
    fig = plt.figure(figsize=figsize or (w / dpi, h / dpi), dpi=dpi)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.imshow(img)
    ax.set_axis_off()
    return fig

