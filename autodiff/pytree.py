"""Pytrees: nested tuples, lists and dicts of arrays, flattened to a list of leaves and back.

The transforms differentiate leaves and keep the containers, as JAX does: ``grad`` of a function
of ``{"w": W, "b": b}`` returns ``{"w": dW, "b": db}``. Containers are tuples, lists, dicts and
namedtuples; ``None`` is an empty container (no leaves); anything else is a leaf. Dict keys are
sorted when they can be, so two dicts with the same keys flatten alike whatever their insertion
order.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = [
    "PyTreeDef",
    "tree_flatten",
    "tree_leaves",
    "tree_map",
    "tree_structure",
    "tree_unflatten",
]


class PyTreeDef:
    """The shape of a pytree without its leaves: what :func:`tree_unflatten` rebuilds from.

    Two trees with equal ``PyTreeDef`` have the same containers, keys and number of leaves.
    """

    __slots__ = ("children", "kind", "meta", "num_leaves")

    def __init__(self, kind, meta, children):
        self.kind = kind            # "leaf", "none", tuple, list, dict or a namedtuple class
        self.meta = meta            # dict keys (sorted) for dicts, else None
        self.children = children    # tuple of PyTreeDef
        self.num_leaves = 1 if kind == "leaf" else sum(c.num_leaves for c in children)

    def __eq__(self, other):
        return (isinstance(other, PyTreeDef) and self.kind == other.kind
                and self.meta == other.meta and self.children == other.children)

    def __hash__(self):
        return hash((str(self.kind), self.meta, self.children))

    def __repr__(self):
        if self.kind == "leaf":
            return "*"
        if self.kind == "none":
            return "None"
        if self.kind is dict:
            inner = ", ".join(f"{k!r}: {c!r}" for k, c in zip(self.meta, self.children))
            return "{" + inner + "}"
        inner = ", ".join(repr(c) for c in self.children)
        if self.kind is list:
            return f"[{inner}]"
        if self.kind is tuple:
            return f"({inner}{',' if len(self.children) == 1 else ''})"
        return f"{self.kind.__name__}({inner})"


_LEAF = PyTreeDef("leaf", None, ())


def _is_namedtuple(x) -> bool:
    return isinstance(x, tuple) and hasattr(type(x), "_fields")


def _sorted_keys(d: dict) -> tuple:
    try:
        return tuple(sorted(d))
    except TypeError:       # keys of mixed types: keep insertion order
        return tuple(d)


def _flatten(tree, leaves: list) -> PyTreeDef:
    if tree is None:
        return PyTreeDef("none", None, ())
    if isinstance(tree, dict):
        keys = _sorted_keys(tree)
        return PyTreeDef(dict, keys, tuple(_flatten(tree[k], leaves) for k in keys))
    if _is_namedtuple(tree):
        return PyTreeDef(type(tree), None, tuple(_flatten(c, leaves) for c in tree))
    if type(tree) in (tuple, list):
        return PyTreeDef(type(tree), None, tuple(_flatten(c, leaves) for c in tree))
    leaves.append(tree)
    return _LEAF


def tree_flatten(tree) -> tuple[list, PyTreeDef]:
    """Split a pytree into its leaves (depth first, dict keys sorted) and its structure.

    Parameters
    ----------
    tree : pytree
        Nested tuples, lists, dicts and namedtuples; every other object is a leaf.

    Returns
    -------
    leaves : list
    treedef : PyTreeDef

    Examples
    --------
    >>> leaves, tree = tree_flatten({"b": 2.0, "a": (1.0, [3.0])})
    >>> leaves
    [1.0, 3.0, 2.0]
    >>> tree_unflatten(tree, [10, 30, 20])
    {'a': (10, [30]), 'b': 20}
    """
    leaves: list = []
    treedef = _flatten(tree, leaves)
    return leaves, treedef


def _build(treedef: PyTreeDef, it):
    kind = treedef.kind
    if kind == "leaf":
        return next(it)
    if kind == "none":
        return None
    children = [_build(c, it) for c in treedef.children]
    if kind is dict:
        return dict(zip(treedef.meta, children))
    if kind is list:
        return children
    if kind is tuple:
        return tuple(children)
    return kind(*children)       # a namedtuple class


def tree_unflatten(treedef: PyTreeDef, leaves) -> Any:
    """Rebuild a pytree of structure ``treedef`` from ``leaves`` (the inverse of
    :func:`tree_flatten`).

    Parameters
    ----------
    treedef : PyTreeDef
    leaves : iterable
        Exactly ``treedef.num_leaves`` values.

    Returns
    -------
    pytree
    """
    leaves = list(leaves)
    if len(leaves) != treedef.num_leaves:
        raise ValueError(f"tree_unflatten: the structure {treedef!r} has {treedef.num_leaves} "
                         f"leaves but {len(leaves)} were given")
    return _build(treedef, iter(leaves))


def tree_structure(tree) -> PyTreeDef:
    """The :class:`PyTreeDef` of ``tree``."""
    return tree_flatten(tree)[1]


def tree_leaves(tree) -> list:
    """The leaves of ``tree``, in :func:`tree_flatten` order."""
    return tree_flatten(tree)[0]


def tree_map(f: Callable, tree, *rest) -> Any:
    """Apply ``f`` leaf by leaf; ``rest`` are trees of the same structure whose leaves are passed
    as extra arguments.

    Parameters
    ----------
    f : callable
    tree : pytree
    *rest : pytree
        Same structure as ``tree``.

    Returns
    -------
    pytree
        Structure of ``tree``, leaves ``f(leaf, *other_leaves)``.
    """
    leaves, treedef = tree_flatten(tree)
    others = []
    for r in rest:
        r_leaves, r_def = tree_flatten(r)
        if r_def != treedef:
            raise ValueError(f"tree_map: structures differ: {treedef!r} and {r_def!r}")
        others.append(r_leaves)
    return tree_unflatten(treedef, [f(*xs) for xs in zip(leaves, *others)])
