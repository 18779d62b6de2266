"""``ad.jit``: record a function's primitive calls once per input signature, replay them after.

The recording level, the program and its optimisation live in :mod:`autodiff.engines.jit`; this
module is the user's side: arguments and results as pytrees, static arguments, the cache.
"""
from __future__ import annotations

import functools
from collections import OrderedDict

import numpy as np

from .core import Tensor, get_default_dtype, lift
from .engines.jit import ConcretizationError, is_traced, record_program
from .pytree import tree_flatten, tree_unflatten

__all__ = ["ConcretizationError", "jit"]

DEFAULT_CACHE_SIZE = 64


class CacheInfo(tuple):
    """``(hits, misses, maxsize, currsize)``, as :func:`functools.lru_cache` reports."""

    def __new__(cls, hits, misses, maxsize, currsize):
        return super().__new__(cls, (hits, misses, maxsize, currsize))

    hits = property(lambda self: self[0], doc="Calls that replayed a recorded program.")
    misses = property(lambda self: self[1], doc="Calls that recorded a program.")
    maxsize = property(lambda self: self[2], doc="Most programs kept.")
    currsize = property(lambda self: self[3], doc="Programs kept now.")

    def __repr__(self):
        return (f"CacheInfo(hits={self[0]}, misses={self[1]}, maxsize={self[2]}, "
                f"currsize={self[3]})")


def _leaf_kind(leaf):
    """``(traced?, key part)``: how an argument leaf enters the cache key."""
    t = type(leaf)
    if t is np.ndarray:
        return True, (leaf.shape, leaf.dtype)
    if isinstance(leaf, Tensor):
        return True, ("T", leaf._data.shape, leaf._data.dtype)
    if t is float or t is complex:
        return True, (t,)
    if isinstance(leaf, np.generic):
        return True, ("g", leaf.dtype)
    if isinstance(leaf, np.ndarray):        # a subclass: as its base class
        return True, ("a", leaf.shape, leaf.dtype)
    try:
        hash(leaf)
    except TypeError:
        raise TypeError(f"ad.jit: an argument of type {type(leaf).__name__} is neither an array "
                        f"nor hashable; pass arrays, numbers or pytrees of them") from None
    return False, ("s", t, leaf)


class Jitted:
    """A function that records its primitive calls once per input signature and replays them.

    Made by :func:`jit`; calling it calls ``fun``. ``cache_info()`` and ``clear_cache()`` as
    :func:`functools.lru_cache`; ``program(*args)`` shows the program a call would replay.
    """

    def __init__(self, fun, static_argnums=(), cache_size=DEFAULT_CACHE_SIZE):
        self.fun = fun
        nums = (static_argnums,) if isinstance(static_argnums, int) else tuple(static_argnums)
        self.static_argnums = tuple(sorted(set(nums)))
        if cache_size is not None and cache_size < 0:
            raise ValueError(f"jit: cache_size must be at least 0, got {cache_size}")
        self.cache_size = cache_size
        self._cache = OrderedDict()
        self.hits = 0
        self.misses = 0
        functools.update_wrapper(self, fun, updated=())

    # -- the cache -----------------------------------------------------------------------------
    def cache_info(self) -> CacheInfo:
        """Hits, misses, the size limit and the number of programs kept."""
        return CacheInfo(self.hits, self.misses, self.cache_size, len(self._cache))

    def clear_cache(self) -> None:
        """Forget every recorded program."""
        self._cache.clear()

    def _store(self, key, entry):
        if self.cache_size == 0:
            return
        self._cache[key] = entry
        if self.cache_size is not None and len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)     # the least recently used

    # -- calling -------------------------------------------------------------------------------
    def _split(self, args, kwargs):
        """``(key, traced leaves, rebuild)``: the cache key, the leaves to trace, and how to
        rebuild the call's arguments with new leaves."""
        n = len(args)
        statics = []
        for i in self.static_argnums:
            if not -n <= i < n:
                raise ValueError(f"jit: static_argnums {self.static_argnums} out of range for a "
                                 f"call with {n} positional argument(s)")
        static_set = {i % n for i in self.static_argnums}
        dynamic = []
        for i, a in enumerate(args):
            if i in static_set:
                try:
                    hash(a)
                except TypeError:
                    raise TypeError(f"jit: static argument {i} must be hashable (it is part of "
                                    f"the cache key), got {type(a).__name__}") from None
                statics.append((i, a))
            else:
                dynamic.append(a)
        leaves, treedef = tree_flatten((tuple(dynamic), kwargs))
        key = [treedef, tuple(statics), get_default_dtype()]
        traced_pos = []
        for j, leaf in enumerate(leaves):
            traced, part = _leaf_kind(leaf)
            key.append(part)
            if traced:
                traced_pos.append(j)
        return tuple(key), leaves, treedef, traced_pos, static_set

    def __call__(self, *args, **kwargs):
        if not kwargs and not self.static_argnums:
            # The hot path: positional arrays only.
            key = []
            for a in args:
                if type(a) is np.ndarray:
                    key.append((a.shape, a.dtype))
                else:
                    break
            else:
                key.append(get_default_dtype())
                key = tuple(key)
                entry = self._cache.get(key)
                if entry is not None:
                    self.hits += 1
                    if len(self._cache) > 1:
                        self._cache.move_to_end(key)
                    program, out_tree, _ = entry
                    out = program.run(args)
                    if out_tree is None:
                        return out[0]
                    return tree_unflatten(out_tree, list(out))
                return self._miss(key, args, kwargs, fast=True)
        return self._call(args, kwargs)

    def _call(self, args, kwargs):
        key, leaves, treedef, traced_pos, static_set = self._split(args, kwargs)
        entry = self._cache.get(key)
        values = [leaves[j] for j in traced_pos]
        if entry is None:
            return self._record(key, args, leaves, treedef, traced_pos, static_set, values)
        self.hits += 1
        self._cache.move_to_end(key)
        program, out_tree, _ = entry
        if any(is_traced(v) for v in values):
            out = program.run_bound([v for v in values])
            tensor_in = True
        else:
            tensor_in = any(isinstance(v, Tensor) for v in values)
            out = program.run([v._data if isinstance(v, Tensor) else v for v in values])
        return self._results(out, out_tree, tensor_in)

    def _miss(self, key, args, kwargs, fast):
        leaves, treedef = tree_flatten((tuple(args), kwargs))
        return self._record(key, args, leaves, treedef, list(range(len(leaves))), set(), leaves,
                            fast=fast)

    def _record(self, key, args, leaves, treedef, traced_pos, static_set, values, fast=False):
        self.misses += 1
        n = len(args)

        def call(boxes):
            """The function with the traced leaves replaced by ``boxes``."""
            new = list(leaves)
            for j, b in zip(traced_pos, boxes):
                new[j] = b
            dynamic, kw = tree_unflatten(treedef, new)
            it = iter(dynamic)
            full = [args[i] if i in static_set else next(it) for i in range(n)]
            result = self.fun(*full, **kw)
            out_leaves, out_tree[0] = tree_flatten(result)
            return out_leaves

        out_tree = [None]
        inputs = [v if is_traced(v) else (v._data if isinstance(v, Tensor) else v)
                  for v in values]
        program, outputs = record_program(call, inputs)
        tree = out_tree[0]
        single = tree.kind == "leaf"
        program.optimise()
        if program.cacheable:
            self._store(key, (program, None if fast and single else tree, None))
        tensor_in = any(isinstance(v, Tensor) for v in values)
        return self._results(outputs, tree, tensor_in)

    @staticmethod
    def _results(out, out_tree, tensor_in):
        leaves = []
        for o in out:
            if isinstance(o, Tensor):
                leaves.append(o)
            elif isinstance(o, (np.ndarray, np.generic)):
                o = o if type(o) is np.ndarray else np.asarray(o)
                leaves.append(lift(o) if tensor_in else o)
            else:
                leaves.append(o)
        return tree_unflatten(out_tree, leaves)

    def program(self, *args, **kwargs):
        """The optimised program a call with these arguments replays (recording it if new)."""
        key, *_ = self._split(args, kwargs)
        if not kwargs and not self.static_argnums and all(type(a) is np.ndarray for a in args):
            key = tuple([(a.shape, a.dtype) for a in args] + [get_default_dtype()])
        if key not in self._cache:
            self(*args, **kwargs)
        entry = self._cache.get(key)
        return None if entry is None else entry[0]

    def __get__(self, obj, objtype=None):
        return self if obj is None else functools.partial(self, obj)

    def __repr__(self):
        return f"<ad.jit of {getattr(self.fun, '__qualname__', self.fun)!r}>"


def jit(fun=None, static_argnums=(), cache_size=DEFAULT_CACHE_SIZE):
    """Record ``fun``'s primitive calls once per input signature and replay them afterwards.

    The first call for a given set of input shapes and dtypes (and values of the static
    arguments) runs ``fun`` under a recording level and keeps the flat program of primitive
    calls it made, including those of the transforms inside it (``ad.jit(ad.grad(f))`` records
    the backward pass too). The program is optimised (common subexpressions shared, dead values
    dropped, buffers reused) and later calls replay it as straight numpy calls, with results
    equal to the un-jitted function's to the last bit. It composes with every transform in both
    orders: called on values an enclosing transform traces, the program is replayed through the
    engines, so ``ad.grad(ad.jit(f))`` differentiates it.

    Parameters
    ----------
    fun : callable
        A function of arrays, numbers or pytrees of them.
    static_argnums : int or tuple of int
        Positional arguments that are not traced: their values (which must be hashable) are
        part of the cache key, so Python control flow may depend on them. Python ints, bools,
        strings and None inside the arguments are static too; arrays and Python floats are
        traced.
    cache_size : int or None
        How many programs (input signatures) to keep, least recently used dropped first; None
        keeps all.

    Returns
    -------
    Jitted
        Call it as ``fun``; ``cache_info()`` reports hits and misses.

    Raises
    ------
    ConcretizationError
        When Python control flow inside ``fun`` depends on a traced value (``if x.sum() > 0``,
        ``float(x)``): use :func:`autodiff.where` or ``static_argnums``.

    Examples
    --------
    >>> import numpy as np, autodiff as ad
    >>> f = ad.jit(ad.grad(lambda x: np.sum(np.tanh(x) * x)))
    >>> f(np.zeros(3))
    array([0., 0., 0.])
    >>> f.cache_info()
    CacheInfo(hits=0, misses=1, maxsize=64, currsize=1)
    """
    if fun is None:
        return lambda f: Jitted(f, static_argnums, cache_size)
    return Jitted(fun, static_argnums, cache_size)
