"""The recorded graph as a picture: Graphviz where installed, matplotlib otherwise."""
from __future__ import annotations

import shutil
import subprocess

import numpy as np

from ..core import Tensor
from .dot import edge_text, node_lines, to_dot
from .record import Graph, trace

__all__ = ["draw", "has_graphviz"]


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
    texts = {n.id: "\n".join(node_lines(n, show_values, show_tangents, show_grads, precision))
             for n in graph.nodes}
    edge_texts = {(e.src, e.dst, e.arg): edge_text(e, edge_labels, graph, precision)
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
