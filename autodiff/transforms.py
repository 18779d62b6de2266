"""Function transforms built from the two engines: grad, vjp, jvp, linearize.

Each transform opens its own level, so they nest in any order. Arguments and results may be
pytrees (tuples, lists, dicts of arrays, :mod:`autodiff.pytree`): the transforms differentiate the
leaves and keep the containers. Plain numpy in gives plain numpy out; a result that still depends
on a value an enclosing transform traces stays a tensor, so the enclosing transform sees its
derivative. Jacobians and Hessians, built on these, live in :mod:`autodiff.jacobians`.
"""
from __future__ import annotations

import functools

import numpy as np

from .core import Tensor, box, fit, is_float, lift
from .engines.forward import ForwardTrace
from .engines.reverse import Node, ReverseTrace
from .engines.tape import Tape, zeros_like
from .pytree import tree_flatten, tree_unflatten

__all__ = ["grad", "jvp", "linearize", "value_and_grad", "vjp"]


# -- values in and out ------------------------------------------------------------------------
def _primal_in(x, who: str):
    """A differentiable argument as an engine value: a tensor stays, the rest becomes numpy."""
    if isinstance(x, Tensor):
        value = x
    else:
        value = np.asarray(x)
        if value.dtype.kind == "O":
            raise TypeError(f"{who}: expected an array or a number, got {type(x).__name__}")
    if not is_float(value.dtype):
        raise TypeError(f"{who} requires floating-point inputs, got dtype {value.dtype}; pass "
                        f"e.g. np.asarray(x, dtype=float)")
    return value


def _traced(value) -> bool:
    return isinstance(value, Tensor) and (value._trace.level > 0 or value._requires_grad)


def _out(value, numpy_in: bool):
    """Return ``value`` in the kind the caller gave: numpy unless it is still traced."""
    if isinstance(value, Tensor):
        if numpy_in and not _traced(value):
            return value._data
        return value
    value = value if value.__class__ is np.ndarray else np.asarray(value)
    return value if numpy_in else lift(value)


def _argnums_tuple(argnums, nargs, who):
    nums = (argnums,) if isinstance(argnums, int) else tuple(argnums)
    for i in nums:
        if not -nargs <= i < nargs:
            raise ValueError(f"{who}: argnums {argnums} out of range for a function called with "
                             f"{nargs} positional argument(s)")
    nums = tuple(i % nargs for i in nums)
    if len(set(nums)) != len(nums):
        raise ValueError(f"{who}: argnums {argnums} names an argument more than once; each "
                         f"argument can be differentiated once (list it once, and take the "
                         f"gradient twice yourself if you need two copies)")
    return nums


class Args:
    """The differentiated arguments of one call, flattened to leaves.

    ``argnums`` an int: the pytree of that argument; a tuple: the tuple of those arguments'
    pytrees. ``values`` are the leaves as engine values, ``call`` runs ``f`` with new leaves in
    their place, ``result`` rebuilds a pytree of that structure in the caller's kind.
    """

    def __init__(self, args, argnums, who):
        self.args = list(args)
        self.nums = _argnums_tuple(argnums, len(args), who)
        self.single = isinstance(argnums, int)
        tree = args[self.nums[0]] if self.single else tuple(args[i] for i in self.nums)
        leaves, self.treedef = tree_flatten(tree)
        self.values = [_primal_in(leaf, who) for leaf in leaves]
        self.numpy_in = not any(isinstance(leaf, Tensor) for leaf in leaves)

    def call(self, f, leaves):
        """``f`` applied to the original arguments with these leaves differentiated."""
        tree = tree_unflatten(self.treedef, leaves)
        full = list(self.args)
        if self.single:
            full[self.nums[0]] = tree
        else:
            for i, t in zip(self.nums, tree):
                full[i] = t
        return f(*full)

    def result(self, leaves):
        """One value per leaf, rebuilt into the arguments' structure, numpy if numpy came in."""
        return tree_unflatten(self.treedef, [_out(v, self.numpy_in) for v in leaves])


def _unbox(value, trace):
    """(value one level below ``trace``, its node at ``trace`` or None if it is constant)."""
    if isinstance(value, Tensor) and value._trace is trace:
        return value._primal, value._node
    if isinstance(value, (Tensor, np.ndarray)):
        return value, None
    if isinstance(value, (int, float, complex, np.generic)):
        return np.asarray(value), None
    raise TypeError(f"the function must return an array or a tensor (or tuples, lists, dicts of "
                    f"them), got {type(value).__name__}")


# -- reverse mode -------------------------------------------------------------------------------
class Recording:
    """``f`` evaluated once under a reverse level: its outputs and the tape behind them."""

    def __init__(self, tape, outputs, out_tree, aux):
        self.tape = tape
        self.outputs = outputs        # output leaves, one level below the reverse level
        self.out_tree = out_tree
        self.aux = aux


def _aux_out(aux, trace, numpy_in: bool):
    """``f``'s auxiliary result without ``trace``'s boxes (it is not differentiated), in the
    caller's kind; leaves that are not tensors (strings, shapes) pass unchanged."""
    leaves, tree = tree_flatten(aux)
    out = []
    for leaf in leaves:
        if isinstance(leaf, Tensor):
            leaf = _out(leaf._primal if leaf._trace is trace else leaf, numpy_in)
        out.append(leaf)
    return tree_unflatten(tree, out)


def record(f, spec: Args, has_aux: bool, who: str, pull_only: bool = False) -> Recording:
    """Evaluate ``f`` with ``spec``'s leaves traced by a new reverse level.

    ``pull_only``: the tape will only be pulled through VJP rules (grad, vjp), so each node
    keeps only the values its VJP rule reads."""
    trace = ReverseTrace(pull_only)
    leaves = [Node(None, (), {}, None, ()) for _ in spec.values]
    boxed = [box(trace, p, node=leaf) for p, leaf in zip(spec.values, leaves)]
    try:
        result = spec.call(f, boxed)
    finally:
        trace.active = False
    aux = None
    if has_aux:
        if not (isinstance(result, tuple) and len(result) == 2):
            raise TypeError(f"{who}(has_aux=True): the function must return a pair "
                            f"(output, aux)")
        result, aux = result
        aux = _aux_out(aux, trace, spec.numpy_in)
    out_leaves, out_tree = tree_flatten(result)
    pairs = [_unbox(o, trace) for o in out_leaves]
    tape = Tape(leaves, [p for p, _ in pairs], [n for _, n in pairs])
    return Recording(tape, [p for p, _ in pairs], out_tree, aux)


def _leaves_like(tree, treedef, likes, what: str, like_what: str, who: str) -> list:
    """The leaves of ``tree`` (tangents or cotangents) as engine values, checked against the
    structure ``treedef`` and, leaf by leaf, the shapes of ``likes`` (whose dtype they take)."""
    leaves, got = tree_flatten(tree)
    if got != treedef:
        raise ValueError(f"{who}: the {what}s' structure {got!r} does not match the "
                         f"{like_what}s' {treedef!r}")
    values = []
    for leaf, like in zip(leaves, likes):
        value = leaf if isinstance(leaf, Tensor) else np.asarray(leaf, dtype=like.dtype)
        if tuple(value.shape) != tuple(like.shape):
            raise ValueError(f"{who}: a {what} has shape {tuple(value.shape)} but its "
                             f"{like_what} has shape {tuple(like.shape)}")
        values.append(value)
    return values


def _fill_zeros(values, likes):
    return [zeros_like(p) if v is None else v for v, p in zip(values, likes)]


def vjp(f, *primals, has_aux=False):
    """Evaluate ``f`` and return its vector-Jacobian product function.

    Parameters
    ----------
    f : callable
        A function of arrays (or pytrees of arrays) returning an array or a pytree of arrays.
    *primals : array_like, Tensor or pytree of them
        The point to differentiate at.
    has_aux : bool
        ``f`` returns ``(output, aux)``; aux is returned as a third value, undifferentiated.

    Returns
    -------
    out : array, Tensor or pytree
        ``f(*primals)``.
    vjp_fn : callable
        ``vjp_fn(cotangent)``, with ``cotangent`` shaped like ``out``, returns a tuple with one
        cotangent per primal, each shaped like its primal.

    Examples
    --------
    >>> import numpy as np, autodiff as ad
    >>> out, vjp_fn = ad.vjp(np.sin, np.array([0.0, np.pi]))
    >>> vjp_fn(np.ones(2))[0]
    array([ 1., -1.])
    """
    spec = Args(primals, tuple(range(len(primals))), "vjp")
    rec = record(f, spec, has_aux, "vjp", pull_only=True)

    def vjp_fn(cotangent):
        """One cotangent per primal from a cotangent shaped like the output."""
        cts = _leaves_like(cotangent, rec.out_tree, rec.outputs, "cotangent", "output",
                           "vjp")
        return spec.result(_fill_zeros(rec.tape.pull(cts), spec.values))

    out = tree_unflatten(rec.out_tree, [_out(o, spec.numpy_in) for o in rec.outputs])
    return (out, vjp_fn, rec.aux) if has_aux else (out, vjp_fn)


def value_and_grad(f, argnums=0, has_aux=False):
    """A function returning ``(f(*args), gradient of f at args)``.

    Parameters
    ----------
    f : callable
        Returns a scalar (a one-element array).
    argnums : int or tuple of int
        Which positional arguments to differentiate; a tuple gives a tuple of gradients. Each
        argument may be a pytree; its gradient has the same structure.
    has_aux : bool
        ``f`` returns ``(scalar, aux)``; the value is then ``(scalar, aux)``.

    Returns
    -------
    callable

    Examples
    --------
    >>> import numpy as np, autodiff as ad
    >>> ad.value_and_grad(lambda p: (p["w"] ** 2).sum())({"w": np.array([1.0, 3.0])})
    (array(10.), {'w': array([2., 6.])})
    """
    @functools.wraps(f)
    def value_and_grad_f(*args):
        """``(f(*args), gradient)`` (``f``'s docstring replaces this one)."""
        spec = Args(args, argnums, "grad")
        rec = record(f, spec, has_aux, "grad", pull_only=True)
        if rec.out_tree.num_leaves != 1 or rec.out_tree.kind != "leaf":
            raise TypeError(f"grad requires a function with a scalar output; it returned the "
                            f"structure {rec.out_tree!r}. Use ad.jacrev or ad.vjp for that")
        out = rec.outputs[0]
        if int(np.prod(out.shape)) != 1:
            raise TypeError(f"grad requires a function with a scalar output (one element); it "
                            f"returned shape {tuple(out.shape)}. Reduce it (e.g. .sum()) "
                            f"or use ad.jacrev / ad.vjp for non-scalar outputs")
        if out.dtype.kind == "c":
            raise TypeError(f"grad requires a real-valued function, but it returned "
                            f"{out.dtype}: the gradient of a complex output is not defined. "
                            f"Use ad.vjp(f, z) with the cotangent you need, or differentiate a "
                            f"real loss (np.abs(w) ** 2, w.real); for a holomorphic f, "
                            f"ad.jvp(f, (z,), (1.0,)) gives f'(z)")
        if not is_float(out.dtype):
            raise TypeError(f"grad requires a floating-point output, got {out.dtype}")
        cts = rec.tape.pull([np.ones(tuple(out.shape), out.dtype)], retain=False)
        g = spec.result(_fill_zeros(cts, spec.values))
        value = _out(out, spec.numpy_in)
        return ((value, rec.aux), g) if has_aux else (value, g)

    return value_and_grad_f


def grad(f, argnums=0, has_aux=False):
    """A function returning the gradient of scalar-valued ``f``.

    Parameters
    ----------
    f : callable
        Returns a scalar (a one-element array).
    argnums : int or tuple of int
        Which positional arguments to differentiate. Each may be a pytree (a tuple, list or dict
        of arrays); its gradient has the same structure.
    has_aux : bool
        ``f`` returns ``(scalar, aux)``; the new function then returns ``(gradient, aux)``.

    Returns
    -------
    callable
        Same arguments as ``f``; numpy in, numpy out.

    Examples
    --------
    >>> import numpy as np, autodiff as ad
    >>> ad.grad(lambda x: (x ** 2).sum())(np.array([1.0, 2.0]))
    array([2., 4.])
    """
    vg = value_and_grad(f, argnums, has_aux)

    @functools.wraps(f)
    def grad_f(*args):
        """The gradient of ``f`` at ``args`` (``f``'s docstring replaces this one)."""
        value, g = vg(*args)
        return (g, value[1]) if has_aux else g

    return grad_f


# -- forward mode -------------------------------------------------------------------------------
def push(f, spec: Args, tangents):
    """Run ``f`` under a new forward level, leaf ``i`` carrying ``tangents[i]`` (None: none).

    Returns ``(output leaves, output tangents (None where zero), output structure)``.
    """
    trace = ForwardTrace()
    boxed = []
    for p, t in zip(spec.values, tangents):
        # An input without a tangent (outside this chunk of a Jacobian's basis) is still handed
        # to f as a tensor, as every other input is.
        boxed.append((p if isinstance(p, Tensor) else lift(p)) if t is None else
                     box(trace, p, tangent=fit(t, p)))
    try:
        result = spec.call(f, boxed)
    finally:
        trace.active = False
    out_leaves, out_tree = tree_flatten(result)
    outs, touts = [], []
    for r in out_leaves:
        if isinstance(r, Tensor) and r._trace is trace:
            outs.append(r._primal)
            touts.append(r._tangent)
        else:
            outs.append(_unbox(r, trace)[0])
            touts.append(None)
    return outs, touts, out_tree


def _tangents_in(tangents, spec: Args, who):
    return _leaves_like(tuple(tangents), spec.treedef, spec.values, "tangent", "primal", who)


def jvp(f, primals, tangents):
    """Evaluate ``f`` and its Jacobian-vector product in one forward pass.

    Parameters
    ----------
    f : callable
    primals, tangents : tuple
        One point and one tangent direction per positional argument of ``f``; each may be a
        pytree, the tangent shaped like its primal.

    Returns
    -------
    (out, tangent_out)
        ``tangent_out`` has the structure of ``out``.

    Examples
    --------
    >>> import numpy as np, autodiff as ad
    >>> ad.jvp(np.sin, (np.array(0.0),), (np.array(2.0),))
    (array(0.), array(2.))
    """
    if not isinstance(primals, (tuple, list)) or not isinstance(tangents, (tuple, list)):
        raise TypeError("jvp: primals and tangents must be tuples, e.g. jvp(f, (x,), (v,))")
    if len(primals) != len(tangents):
        raise ValueError(f"jvp: {len(primals)} primals but {len(tangents)} tangents")
    spec = Args(tuple(primals), tuple(range(len(primals))), "jvp")
    outs, touts, out_tree = push(f, spec, _tangents_in(tangents, spec, "jvp"))
    touts = _fill_zeros(touts, outs)
    return (tree_unflatten(out_tree, [_out(o, spec.numpy_in) for o in outs]),
            tree_unflatten(out_tree, [_out(t, spec.numpy_in) for t in touts]))


def linearize(f, *primals):
    """Evaluate ``f`` once and return a function computing its JVPs from the recorded tape.

    Unlike :func:`jvp`, later tangents do not re-evaluate ``f``: they are pushed through the JVP
    rules of the ops recorded during the one evaluation (as ``jax.linearize``).

    Parameters
    ----------
    f : callable
    *primals : array_like, Tensor or pytree of them

    Returns
    -------
    out : array or pytree
        ``f(*primals)``.
    jvp_fn : callable
        ``jvp_fn(*tangents)``, one tangent per primal, returns the output tangent.

    Examples
    --------
    >>> import numpy as np, autodiff as ad
    >>> out, f_jvp = ad.linearize(np.sin, np.array(0.0))
    >>> f_jvp(np.array(3.0))
    array(3.)
    """
    spec = Args(primals, tuple(range(len(primals))), "linearize")
    rec = record(f, spec, False, "linearize")

    def jvp_fn(*tangents):
        """The output tangent for one tangent per primal, through the recorded tape."""
        touts = rec.tape.push(_tangents_in(tangents, spec, "linearize"))
        return tree_unflatten(rec.out_tree, [_out(t, spec.numpy_in)
                                             for t in _fill_zeros(touts, rec.outputs)])

    return tree_unflatten(rec.out_tree, [_out(o, spec.numpy_in) for o in rec.outputs]), jvp_fn

