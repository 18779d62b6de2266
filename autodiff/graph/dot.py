"""The recorded graph as Graphviz DOT text."""
from __future__ import annotations

from ..core import Tensor
from .record import Graph, GraphEdge, GraphNode, short, trace

__all__ = ["to_dot"]


def node_lines(n: GraphNode, show_values, show_tangents, show_adjoints, precision) -> list:
    """The lines of text in a node's box: name and call, node name and shape, then numbers.

    Shared by the DOT text and the matplotlib picture, so both show the same words.
    """
    head = n.name if n.name else ""
    if n.is_leaf:
        lines = [head or "input", f"leaf  {n.shape}"]
    else:
        lines = [f"{head} = {n.call}" if head else n.call, f"{n.grad_fn}  {n.shape}"]
    if show_values:
        lines.append(f"value {short(n.value, precision)}")
    if show_tangents and n.tangent is not None:
        lines.append(f"tangent {short(n.tangent, precision)}")
    if show_adjoints and n.adjoint is not None:
        lines.append(f"adjoint {short(n.adjoint, precision)}")
    return lines


def edge_text(e: GraphEdge, edge_labels, graph, precision) -> str:
    """The label of an edge: the caller's text for it, then its numeric partial, joined by ``=``."""
    parts = []
    if edge_labels:
        src, dst = graph.node(e.src), graph.node(e.dst)
        for key in ((src.name, dst.name), (e.src, e.dst)):
            if key in edge_labels:
                parts.append(str(edge_labels[key]))
                break
    if e.partial is not None:
        parts.append(short(e.partial, precision))
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
        label = "\\n".join(_esc(s) for s in node_lines(n, show_values, show_tangents,
                                                        show_grads, precision))
        style = ('shape=ellipse, style=filled, fillcolor="#dbeafe"' if n.is_leaf else
                 'shape=box, style="rounded,filled", fillcolor="#f3f4f6"')
        out.append(f'  {n.id} [label="{label}", {style}];')
    for e in graph.edges:
        text = edge_text(e, edge_labels, graph, precision)
        attrs = f' [label="{_esc(text)}"]' if text else ""
        out.append(f"  {e.src} -> {e.dst}{attrs};")
    out.append("}")
    return "\n".join(out)
