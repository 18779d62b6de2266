"""The reverse engine: a tape of nodes, pulled back through the registry's VJP rules.

Two kinds of level share one backward pass (:func:`backprop`):

- the base level is PyTorch's graph: every op on a tensor that requires grad records a node, and
  ``Tensor.backward`` accumulates into the leaves' ``.grad``;
- a :class:`ReverseTrace` is one functional transform (``grad``, ``vjp``, ``jacrev``): its own
  level, its own nodes, so nested transforms never confuse their cotangents.
"""
from __future__ import annotations

import itertools
import threading
import weakref
from operator import attrgetter

import numpy as np

from ..core import REGISTRY, Primitive, Size, Tensor, Trace, as_value, bind, box, fit, lift
from ..core import set_base_trace, set_grad_enabled, state
from ..core.state import InplaceClock
from ..core.structure import ops as structural


_sequence = itertools.count()


class Node:
    """One recorded op: what PyTorch calls a ``grad_fn``.

    ``name()`` gives PyTorch's name (``MulBackward0``) and ``next_functions`` the nodes of the
    inputs, as in PyTorch.
    """

    __slots__ = ("prim", "inputs", "kwargs", "ans", "parents", "tick", "retained", "seq",
                 "hooks", "fixed_name", "__weakref__")

    def __init__(self, prim, inputs, kwargs, ans, parents):
        self.seq = next(_sequence)   # creation order: every node comes after its parents
        self.prim = prim
        self.inputs = inputs      # what the VJP rule gets as arguments
        self.kwargs = kwargs
        self.ans = ans
        self.parents = parents    # ((argument index, node of that argument), ...)
        self.tick = InplaceClock.now
        self.retained = None      # weakref to a non-leaf tensor that asked for retain_grad()
        self.hooks = None         # the output tensor's register_hook functions, in order
        self.fixed_name = None    # the name, taken before values its rule does not read went

    def name(self) -> str:
        """PyTorch's name for this node, e.g. ``"MulBackward0"``."""
        if self.fixed_name is not None:
            return self.fixed_name
        return self.prim.grad_fn_name(self.inputs, self.kwargs)

    @property
    def next_functions(self) -> tuple:
        """``((node, 0), ...)`` for each input; ``(None, 0)`` where it needs no gradient."""
        by_index = dict(self.parents)
        n = len(self.inputs) if self.inputs is not None else (
            max(by_index) + 1 if by_index else 0)
        return tuple((by_index.get(i), 0) for i in range(n))

    def __repr__(self):
        return f"<{self.name()} object>"


class AccumulateGrad(Node):
    """The node of a leaf tensor that requires grad: backward adds into its ``.grad``."""

    __slots__ = ("variable",)

    def __init__(self, variable=None):
        super().__init__(None, (), {}, None, ())
        self.variable = variable

    def name(self) -> str:
        """Always ``"AccumulateGrad"``."""
        return "AccumulateGrad"

    @property
    def next_functions(self) -> tuple:
        """Leaves have no inputs: ``()``."""
        return ()


# Gradients of one leaf may be accumulated by several threads' backward passes at once.
_accumulation = threading.Lock()


def accumulator_of(tensor: Tensor):
    """The leaf's AccumulateGrad node while any recorded graph holds it, else None."""
    ref = tensor._accumulator
    return ref() if ref is not None else None


def _gather_impl(*outputs):
    return outputs


# The node that gathers several outputs, so one backward pass serves them all: the identity on a
# tuple. An engine detail, not an op a user calls, so it stays out of the registry.
GATHER = Primitive(_gather_impl, name="_gather_outputs")
REGISTRY.pop(GATHER.name, None)
GATHER.__doc__ = """The identity on a tuple of outputs: one backward pass from several at once."""
GATHER.defvjp(lambda g, ans, *outputs: tuple(g))


# -- saving only what the rules read ------------------------------------------------------------
RELEASE_MIN_SIZE = 4096
"""Nodes whose output has fewer elements than this keep everything: releasing costs about a
microsecond per node, more than a small array's memory is worth (set it to 1 to release
always)."""


class _Read(Exception):
    """A probed rule touched a value it was not given (see :func:`_reads`)."""


class Released:
    """What a node keeps of a value its VJP rule does not read: the shape and dtype that the
    backward pass needs to fit a cotangent, nothing of the values. Any other use raises."""

    __slots__ = ("shape", "dtype")
    __array_ufunc__ = None

    def __init__(self, value):
        self.shape = tuple(value.shape)
        self.dtype = value.dtype

    @property
    def ndim(self) -> int:
        """Number of dimensions."""
        return len(self.shape)

    @property
    def size(self) -> int:
        """Number of elements."""
        return int(np.prod(self.shape))

    def _refuse(self, *args, **kwargs):
        raise _Read("a VJP rule read a value released at record time")

    __array__ = __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = \
        __bool__ = __float__ = __index__ = __len__ = __iter__ = __getitem__ = _refuse
    __hash__ = object.__hash__

    def __getattr__(self, name):
        if name.startswith("__"):        # numpy's protocol probes: "not here", as for any object
            raise AttributeError(name)
        raise _Read(f"a VJP rule read .{name} of a value released at record time")

    def __repr__(self):
        return f"<released {self.dtype} {list(self.shape)}>"


_READS: dict = {}    # (prim, needed positions, arguments, static parameters) -> what is read


def _raw_value(a):
    return a._data if isinstance(a, Tensor) else a


def _run_rule(prim, g, ans, args, kwargs, needed):
    rules = prim.vjp_rules
    if rules is not None:
        return [rules[i](g, ans, *args, **kwargs) if i < len(rules) and rules[i] is not None
                else None for i in needed]
    return prim.vjp(g, ans, args, kwargs, needed)


def _same(a, b) -> bool:
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if (x is None) != (y is None):
            return False
        if x is not None:
            x, y = np.asarray(_raw_value(x)), np.asarray(_raw_value(y))
            if x.shape != y.shape or x.dtype != y.dtype or not np.array_equal(x, y,
                                                                                equal_nan=True):
                return False
    return True


def _reads(node, needed):
    """``(keeps ans, keeps input i for each i)``: found once per kind of call by running the
    rule on the raw values with each array in turn replaced by a :class:`Released` stand-in."""
    prim = node.prim
    args = [_raw_value(a) for a in node.inputs]
    ans = _raw_value(node.ans)
    everything = (True, (True,) * len(args))
    if prim.vjp_rule is None and prim.vjp_rules is None:
        return everything
    g = np.ones(ans.shape, ans.dtype)
    arrays = [i for i, a in enumerate(args) if isinstance(a, np.ndarray)]
    with set_grad_enabled(False), np.errstate(all="ignore"):
        try:
            reference = _run_rule(prim, g, ans, args, node.kwargs, needed)
        except Exception:       # noqa: BLE001  (a rule that fails here is simply not probed)
            return everything

        def works(drop_ans, drop):
            """Whether the rule gives the same cotangents with these values released."""
            probe = [Released(a) if i in drop else a for i, a in enumerate(args)]
            try:
                out = _run_rule(prim, g, Released(ans) if drop_ans else ans, probe,
                                node.kwargs, needed)
            except Exception:   # noqa: BLE001  (_Read, or numpy refusing the stand-in)
                return False
            return _same(out, reference)

        keep_ans = not works(True, set())
        dropped = {i for i in arrays if works(False, {i})}
        if dropped and not works(not keep_ans, dropped):
            return everything     # each alone is unread but not all together: keep all
    return keep_ans, tuple(i not in dropped for i in range(len(args)))


def _static_key(kwargs):
    parts = []
    for k, v in kwargs.items():
        try:
            hash(v)
            parts.append((k, v))
        except TypeError:
            parts.append((k, type(v)))
    return tuple(parts)


def _reads_cached(node, needed):
    """:func:`_reads`, remembered per kind of call (primitive, needed arguments, ranks, static
    parameters)."""
    key = (node.prim, needed, len(node.inputs),
           tuple(a.ndim if isinstance(a, np.ndarray) else -1
                 for a in map(_raw_value, node.inputs)),
           _static_key(node.kwargs) if node.kwargs else ())
    reads = _READS.get(key)
    if reads is None:
        reads = _READS[key] = _reads(node, needed)
    return reads


def release_unread(node) -> None:
    """Drop from ``node`` every value its VJP rule does not read (released at record time, so
    a long chain holds only what its backward pass needs, as PyTorch's saved tensors)."""
    ans = _raw_value(node.ans)
    if ans is None or ans.size < RELEASE_MIN_SIZE:
        return
    needed = tuple(i for i, _ in node.parents)
    inputs = node.inputs
    keep_ans, keep = _reads_cached(node, needed)
    # Constants stay (the caller holds them anyway, and a picture of the graph recomputes the
    # released graph values from them and the leaves).
    keep = tuple(k or i not in needed for i, k in enumerate(keep))
    if keep_ans and all(keep):
        return
    name = node.prim._grad_fn_name
    if callable(name):
        node.fixed_name = node.name()
    if not keep_ans:
        node.ans = Released(ans)
    if not all(keep):
        node.inputs = tuple(a if k else Released(_raw_value(a))
                            for a, k in zip(inputs, keep))


def _leaf_node(tensor: Tensor) -> AccumulateGrad:
    # The node holds its leaf, the leaf only a weak reference to its node (as in PyTorch), so a
    # leaf is freed by reference counting alone, not left to the cyclic collector.
    node = accumulator_of(tensor)
    if node is None:
        with _accumulation:
            node = accumulator_of(tensor)
            if node is None:
                node = AccumulateGrad(tensor)
                tensor._accumulator = weakref.ref(node)
    return node


class GraphTrace(Trace):
    """PyTorch's graph: the level every plain tensor lives at."""

    def __init__(self):
        self.level = 0
        self.active = True

    def process(self, prim, args, kwargs):
        """Run ``prim`` on the raw values; record a node if an input requires grad."""
        raw = [a._data if isinstance(a, Tensor) else a for a in args]
        out = prim.impl(*raw, **kwargs)
        if out.__class__ is not np.ndarray:
            out = np.asarray(out)
        result = Tensor.__new__(Tensor)
        result._data = out
        if prim.returns_view and isinstance(args[0], Tensor):
            result._view_of = args[0]
            result._vc = args[0]._version_counter()
        if state.grad_enabled and (prim.differentiable or out.dtype.kind in "fc"):
            parents = [(i, a._node or _leaf_node(a)) for i, a in enumerate(args)
                       if isinstance(a, Tensor) and a._requires_grad]
            # A floating-point result of a piecewise constant op (floor, round, sign) joins the
            # graph as in PyTorch, with zero gradients: backward through it works there.
            if parents and (self.carries_derivative(prim, out) or out.dtype.kind in "fc"):
                node = result._node = Node(prim, args, kwargs, out, tuple(parents))
                if out.size >= RELEASE_MIN_SIZE:
                    release_unread(node)
                result._requires_grad = True
        return result


set_base_trace(GraphTrace())


class ReverseTrace(Trace):
    """One functional reverse-mode level (``grad``, ``vjp``, ``jacrev``).

    It records whatever grad mode it was opened in (an outer ``no_grad`` is not its business, as
    with ``torch.func.grad``), but a ``no_grad`` entered inside the function stops it.
    """

    def __init__(self, pull_only: bool = False):
        super().__init__()
        self.scope = state.grad_scope
        # A tape only pulled through VJP rules (grad, vjp) keeps only what they read; one also
        # pushed through JVP rules (linearize, jacobian) keeps everything.
        self.pull_only = pull_only

    def process(self, prim, args, kwargs):
        """Compute one level down and record a node of this level."""
        # The unboxing loop is written out (not Trace.unbox): it runs once per op of a gradient.
        primals, parents = [], []
        for i, a in enumerate(args):
            if isinstance(a, Tensor) and a._trace is self:
                primals.append(a._primal)
                parents.append((i, a._node))
            else:
                primals.append(a)
        ans = as_value(bind(prim, primals, kwargs))
        if not ((state.grad_enabled or state.grad_scope == self.scope)
                and (ans.dtype.kind in "fc" and self.active and prim.differentiable is True
                     or self.carries_derivative(prim, ans))):
            return lift(ans)
        node = Node(prim, primals, kwargs, ans, tuple(parents))
        if self.pull_only and (ans._data if isinstance(ans, Tensor) else ans).size \
                >= RELEASE_MIN_SIZE:
            release_unread(node)
        return box(self, ans, node=node)


def _toposort(root: Node) -> list:
    """Nodes reachable from ``root``, each before every node it depends on.

    A node is always created after its inputs' nodes, so creation order, newest first, is a
    topological order: collect what is reachable, then sort.
    """
    seen = {root}
    stack = [root]
    while stack:
        for _, parent in stack.pop().parents:
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return sorted(seen, key=_by_sequence, reverse=True)


_by_sequence = attrgetter("seq")


_FREED = ("Trying to backward through the graph a second time (or directly access saved tensors "
          "after they have already been freed). Saved intermediate values of the graph are freed "
          "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
          "backward through the graph a second time or if you need to access saved tensors after "
          "calling backward.")


def _check_versions(node: Node):
    reads = None
    for i, a in enumerate(node.inputs):
        if isinstance(a, Tensor) and a._vc is not None and a._vc[1] > node.tick:
            if reads is None:
                # Only a value the rule reads matters (PyTorch checks its saved tensors, not
                # every input): y = x + 1 then x.mul_(2) leaves y's gradient intact.
                reads = _reads_cached(node, tuple(j for j, _ in node.parents))[1]
            if not reads[i]:
                continue
            raise RuntimeError(
                f"one of the variables needed for gradient computation has been modified by an "
                f"inplace operation: [{a.dtype} {list(a.shape)}], which is an input of "
                f"{node.name()}, is at version {a._vc[0]}. Hint: compute the new value out of "
                f"place (y = y + 1 instead of y += 1), or clone() it before modifying.")


def pytorch_convention(g):
    """A cotangent between the two complex conventions: PyTorch's ``z.grad`` is the conjugate
    of the transforms' (JAX's) cotangent, so this maps either one to the other. The identity on
    real values."""
    if g.dtype.kind != "c":
        return g
    return structural.conj(g) if isinstance(g, Tensor) else np.conj(g)


def _run_hooks(hooks, g, create_graph):
    """``g`` through a tensor's ``register_hook`` functions: each gets the gradient as a tensor
    and may return a replacement."""
    for hook in hooks:
        new = hook(g if isinstance(g, Tensor) else lift(g))
        if new is not None:
            g = new if create_graph or not isinstance(new, Tensor) else new._data
    return g


def backprop(root: Node, ct, *, base: bool, create_graph: bool = False,
             retain: bool = True, owned: set | None = None, order: list | None = None,
             capture: set | None = None) -> dict:
    """Pull ``ct`` back from ``root`` through every node it depends on.

    Returns the cotangent that reached each leaf node, and each node in ``capture`` (inputs of
    ``autograd.grad`` that are not leaves). At the base level the rules get raw numpy values, or,
    with ``create_graph``, the recorded tensors so the pass is itself recorded. ``owned``, if
    given, collects the nodes whose cotangent is a buffer this pass allocated (the caller may
    keep it without a copy). ``order``: ``_toposort(root)``, if the caller has it.
    """
    if order is None:
        order = _toposort(root)
    grads = {root: ct}
    owned = set() if owned is None else owned   # nodes whose cotangent this pass allocated
    raw = base and not create_graph
    leaves = {}
    for node in order:
        g = grads.pop(node, None)
        if g is None:
            continue
        # Hooks and retained gradients show PyTorch's convention (the base level is PyTorch's).
        if node.hooks:
            g = pytorch_convention(_run_hooks(node.hooks.values(), pytorch_convention(g),
                                              create_graph))
        if node.retained is not None:
            _accumulate(node.retained(), pytorch_convention(g), create_graph)
        if node.prim is None:
            variable = getattr(node, "variable", None)
            if variable is not None and variable._hooks:
                g = pytorch_convention(_run_hooks(variable._hooks.values(),
                                                  pytorch_convention(g), create_graph))
            leaves[node] = g
            continue
        if capture is not None and node in capture:
            leaves[node] = g
        if node.inputs is None:
            raise RuntimeError(_FREED)
        if base:
            if InplaceClock.now != node.tick:
                _check_versions(node)
            if create_graph:
                args = node.inputs
                ans = Tensor.__new__(Tensor)
                ans._data, ans._node, ans._requires_grad = node.ans, node, True
            else:
                args = [a._data if isinstance(a, Tensor) else a for a in node.inputs]
                ans = node.ans
        else:
            args, ans = node.inputs, node.ans
        parents = node.parents
        cts = None           # (so the previous node's cotangents are not kept alive here)
        rules = node.prim.vjp_rules
        if rules is None:
            cts = node.prim.vjp(g, ans, args, node.kwargs, [i for i, _ in parents])
        for k, (i, parent) in enumerate(parents):
            if rules is not None:     # per-argument rules: run only the ones needed
                rule = rules[i] if i < len(rules) else None
                c = None if rule is None else rule(g, ans, *args, **node.kwargs)
            else:
                c = cts[k]
            if c is None:
                continue
            like = args[i]
            try:
                misfit = c.shape != like.shape or c.dtype != like.dtype
            except AttributeError:         # a rule returned a Python number
                c, misfit = np.asarray(c), True
            if misfit:
                c = fit(c, like)
            prev = grads.get(parent)
            if prev is None:
                grads[parent] = c
            elif raw and parent in owned:
                np.add(prev, c, out=prev)      # our own buffer: add in place, no allocation
            else:
                total = prev + c
                grads[parent] = total
                if raw and type(total) is np.ndarray:   # a 0-d sum comes back as a scalar
                    owned.add(parent)
        if not retain:
            node.inputs = None
            node.ans = None
    return leaves


def _accumulate(tensor, g, create_graph, owned=False):
    if tensor is None:
        return
    with _accumulation:
        if not isinstance(g, Tensor):
            # A buffer the backward pass allocated is the leaf's to keep; anything else (the
            # caller's gradient, a saved value passed straight through) is copied.
            g = lift(g if owned and tensor._grad is None else np.array(g, copy=True))
        elif not create_graph:
            g = g.detach()
        if tensor._grad is None:
            tensor._grad = g
        elif create_graph or tensor._grad._node is not None:
            tensor._grad = tensor._grad + g
        else:
            total = tensor._grad._data
            if (type(total) is np.ndarray and total.flags.writeable
                    and np.result_type(total, g._data) == total.dtype):
                np.add(total, g._data, out=total)    # in place, as PyTorch: .grad stays an array
            else:
                tensor._grad._data = np.asarray(total + g._data)


def _as_list(tensors) -> list:
    return [tensors] if isinstance(tensors, Tensor) else list(tensors)


def _seed(base: Tensor, gradient, create_graph: bool, k: int):
    """The cotangent that starts a backward pass at output ``k``."""
    if gradient is None:
        if base._data.size != 1:
            raise RuntimeError("grad can be implicitly created only for scalar outputs")
        ct = np.ones_like(base._data)
    else:
        gvalue = gradient._data if isinstance(gradient, Tensor) else np.asarray(gradient)
        if gvalue.shape != base._data.shape:
            raise RuntimeError(f"Mismatch in shape: grad_output[{k}] has a shape of "
                               f"{Size(gvalue.shape)!r} and output[{k}] has a shape of "
                               f"{Size(base._data.shape)!r}.")
        ct = gradient if create_graph and isinstance(gradient, Tensor) else gvalue
        if not isinstance(ct, Tensor) and ct.dtype != base._data.dtype:
            ct = ct.astype(base._data.dtype)
    if create_graph and not isinstance(ct, Tensor):
        ct = lift(ct)
    return ct


def _start(tensors, gradients, create_graph: bool):
    """``(root node, cotangent)`` of a backward pass from several outputs at once: one node
    gathers them when there is more than one."""
    tensors = _as_list(tensors)
    if gradients is None or isinstance(gradients, Tensor):
        gradients = [gradients] * len(tensors) if gradients is None else [gradients]
    gradients = list(gradients)
    if len(gradients) != len(tensors):
        raise RuntimeError(f"grad can be implicitly created only for scalar outputs: got "
                           f"{len(gradients)} gradients for {len(tensors)} outputs")
    bases, nodes, cts = [], [], []
    for k, (t, gradient) in enumerate(zip(tensors, gradients)):
        base = t._base() if isinstance(t, Tensor) else None
        if base is None:
            raise RuntimeError("backward() is for base-level tensors; inside a transform, "
                               "return the value and let the transform differentiate it")
        if not base._requires_grad:
            raise RuntimeError(f"element {k} of tensors does not require grad and does not "
                               f"have a grad_fn")
        bases.append(base)
        nodes.append(base._node or _leaf_node(base))
        cts.append(pytorch_convention(_seed(base, gradient, create_graph, k)))
    if len(nodes) == 1:
        return nodes[0], cts[0]
    return Node(GATHER, tuple(bases), {}, None, tuple(enumerate(nodes))), cts


def backward(tensors, gradient=None, retain_graph=None, create_graph=False, inputs=None):
    """Accumulate d(tensors)/d(leaf) into every leaf's ``.grad`` (``Tensor.backward`` and
    ``autograd.backward``); ``gradient`` is one cotangent per tensor (None: ones)."""
    root, ct = _start(tensors, gradient, create_graph)
    retain = create_graph if retain_graph is None else retain_graph
    wanted = None if inputs is None else {id(t) for t in _as_list(inputs)}
    with set_grad_enabled(create_graph):
        owned = set()
        leaves = backprop(root, ct, base=True, create_graph=create_graph, retain=retain,
                          owned=owned)
        for leaf, g in leaves.items():
            if wanted is None or id(leaf.variable) in wanted:
                _accumulate(leaf.variable, pytorch_convention(g), create_graph,
                            owned=leaf in owned)


def gradients(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
              allow_unused=False) -> tuple:
    """d(outputs)/d(inputs) without touching any ``.grad`` (``autograd.grad``): one gradient per
    input, None for an input the outputs do not depend on when ``allow_unused``."""
    inputs = _as_list(inputs)
    targets = []
    for t in inputs:
        if not (isinstance(t, Tensor) and t._trace.level == 0 and t._requires_grad):
            raise RuntimeError("One of the differentiated Tensors does not require grad")
        targets.append(t._node if t._node is not None else accumulator_of(t))
    root, ct = _start(outputs, grad_outputs, create_graph)
    retain = create_graph if retain_graph is None else retain_graph
    with set_grad_enabled(create_graph):
        reached = backprop(root, ct, base=True, create_graph=create_graph, retain=retain,
                           capture={n for n in targets if n is not None})
    result = []
    for t, node in zip(inputs, targets):
        g = reached.get(node) if node is not None else None
        if g is None:
            if not allow_unused:
                raise RuntimeError("One of the differentiated Tensors appears to not have been "
                                   "used in the graph. Set allow_unused=True if this is the "
                                   "desired behavior.")
            result.append(None)
            continue
        g = pytorch_convention(g)
        if not isinstance(g, Tensor):
            g = lift(np.array(g, copy=True))
        elif not create_graph:
            g = g.detach()
        result.append(g)
    return tuple(result)
