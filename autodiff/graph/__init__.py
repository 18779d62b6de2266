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
from .dot import to_dot
from .picture import draw, has_graphviz
from .record import Graph, GraphEdge, GraphNode, trace

__all__ = ["Graph", "GraphNode", "GraphEdge", "trace", "to_dot", "draw", "has_graphviz"]
