"""The recording level of ``ad.jit``: record the primitive calls once, replay them as numpy.

A :class:`JitTrace` is a level like the others (:class:`~autodiff.core.Trace`). While a jitted
function runs for the first time with some input shapes and dtypes, its inputs are boxes of that
level, so every primitive call that depends on them reaches :meth:`JitTrace.process`, whatever
transforms run above it: ``ad.jit(ad.grad(f))`` records the backward pass too, because the grad's
own reverse level computes one level down, which is the recording level. Each call is computed on
the real values (the first call returns real results) and written down as one equation of a flat
:class:`Program`.

The program is then optimised (:meth:`Program.optimise`) and compiled to one Python function of
straight numpy calls (:meth:`Program.compile`): no levels, no boxes, no dispatch. The passes keep
the results equal to the un-jitted function's to the last bit:

- constants fold at record time: an op whose arguments are all constants never reaches the
  recording level, its value is computed once and kept as a constant of the program;
- common subexpressions (same primitive, same arguments, same static parameters) are computed
  once;
- dead values (whose results no output needs) are dropped;
- buffers are reused: an elementwise numpy ufunc whose first array argument dies at that call and
  has the result's shape and dtype writes its result into it (``out=``), so a large-array
  program allocates its intermediates once; large values are released as soon as they die.

Replaying for inputs that an enclosing transform traces (``ad.grad(ad.jit(f))``) goes through
:func:`~autodiff.core.bind` instead, equation by equation, so the enclosing level sees every
primitive and differentiates the program.

Python control flow on a traced value (``if x.sum() > 0``, ``float(x)``) cannot be recorded: the
boxes refuse to give their values (:class:`ConcretizationError`).
"""
from __future__ import annotations

import keyword

import numpy as np

from ..core import Tensor, Trace, as_value, bind, no_grad, state

__all__ = ["ConcretizationError", "JitTensor", "JitTrace", "Program", "is_traced",
           "record_program"]

# Values at least this large (elements) are released as soon as they die and are written into
# in place; below it a fresh numpy allocation is cheaper than passing ``out=``.
BUFFER_MIN_SIZE = 2048


class ConcretizationError(TypeError):
    """A jitted function asked for the value of a traced array (Python control flow on it).

    ``ad.jit`` records the operations once and replays them for new values, so a branch taken on
    the values of one call would silently be taken for every call.
    """


def _concretization_message(what: str) -> str:
    return (f"ad.jit: {what} needs the value of an array traced by ad.jit, which is not known "
            f"while the function is recorded (it is replayed for new values later). Python "
            f"control flow (if, while, bool(), float(), int(), .item()) cannot depend on the "
            f"values of a jitted function's inputs: select values with ad.where(cond, a, b) "
            f"instead, or mark the argument static with ad.jit(f, static_argnums=(i,)) so each "
            f"value of it is recorded on its own. Control flow on shapes, dtypes and static "
            f"arguments is fine.")


class JitTensor(Tensor):
    """A box of a :class:`JitTrace`: a value whose operations are being recorded.

    Shapes and dtypes are known (control flow on them is fine); the values are refused.
    """

    _var = None        # its variable number in the trace's program

    def _refuse_value(self, what):
        if self._trace.active:
            raise ConcretizationError(_concretization_message(what))

    def __bool__(self):
        self._refuse_value("bool() (an `if` or `while` on an array)")
        return super().__bool__()

    def __float__(self):
        self._refuse_value("float()")
        return super().__float__()

    def __int__(self):
        self._refuse_value("int()")
        return super().__int__()

    def __index__(self):
        self._refuse_value("using an array as an index or a size")
        return super().__index__()

    def __complex__(self):
        self._refuse_value("complex()")
        return complex(self._data.item())

    def item(self):
        """Refused while recording (see :class:`ConcretizationError`)."""
        self._refuse_value(".item()")
        return super().item()

    def tolist(self):
        """Refused while recording (see :class:`ConcretizationError`)."""
        self._refuse_value(".tolist()")
        return super().tolist()

    def __array__(self, dtype=None, copy=None):
        self._refuse_value("converting it to a numpy array (np.asarray)")
        return super().__array__(dtype, copy)

    def numpy(self):
        """Refused while recording (see :class:`ConcretizationError`)."""
        self._refuse_value(".numpy()")
        return super().numpy()


def is_traced(value) -> bool:
    """Whether ``value`` is a tensor some active transform traces (or the base graph records),
    so a jitted call on it must go through :func:`bind` for that transform to see it."""
    if not isinstance(value, Tensor):
        return False
    trace = value._trace
    if trace.level > 0:
        return trace.active
    return value._requires_grad and state.grad_enabled


class _Const:
    """A constant argument of an equation (anything that is not a value of the program)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def _const_key(value):
    """A key under which two constants are the same argument (for common subexpressions)."""
    t = type(value)
    if value is None or t in (bool, int, str):
        return (t, value)
    if t in (float, complex):
        return (t, repr(value))          # -0.0 and 0.0 apart
    if isinstance(value, np.generic):
        return (t, value.tobytes())
    return ("id", id(value))             # arrays: the very same object only


def _static_key(value):
    """A hashable form of an equation's static parameters, or None when they have none."""
    if isinstance(value, (tuple, list)):
        inner = tuple(_static_key(v) for v in value)
        return (type(value), inner)
    if isinstance(value, dict):
        return (dict, tuple((k, _static_key(v)) for k, v in sorted(value.items())))
    if isinstance(value, (np.ndarray, Tensor)):
        return ("id", id(value))
    if isinstance(value, slice):
        return (slice, _static_key((value.start, value.stop, value.step)))
    if isinstance(value, float):
        return (float, repr(value))
    hash(value)
    return (type(value), value)


class Eqn:
    """One recorded primitive call: ``out = prim(*args, **kwargs)``.

    ``args`` holds variable numbers (ints) and :class:`_Const`. ``shape``, ``dtype`` and
    ``array`` describe the result the recording saw (``array``: it came back as an ndarray).
    """

    __slots__ = ("prim", "args", "kwargs", "out", "shape", "dtype", "array", "grad_enabled")

    def __init__(self, prim, args, kwargs, out, ans, grad_enabled):
        self.prim = prim
        self.args = args
        self.kwargs = kwargs
        self.out = out
        self.shape = getattr(ans, "shape", None)
        self.dtype = getattr(ans, "dtype", None)
        self.array = type(ans) is np.ndarray
        self.grad_enabled = grad_enabled


class _Meta:
    """What the recording saw of an input: its shape and dtype, and whether it was an ndarray."""

    __slots__ = ("shape", "dtype", "array")

    def __init__(self, value, array):
        self.shape, self.dtype, self.array = value.shape, value.dtype, array


class JitTrace(Trace):
    """The recording level of one ``ad.jit`` call that missed the cache."""

    records = True

    def __init__(self):
        super().__init__()
        self.eqns = []
        self.nvars = 0
        self.cacheable = True      # false once a value traced by an outer level is closed over

    def concretize(self, tensor, what):
        """A value of this level was asked for (see :class:`ConcretizationError`)."""
        if self.active:
            raise ConcretizationError(_concretization_message(what))

    def new_var(self, primal) -> JitTensor:
        """A box of this level around ``primal`` (the value one level down), as a new variable."""
        out = JitTensor.__new__(JitTensor)
        out._trace = self
        out._primal = primal
        if isinstance(primal, Tensor):
            out._data = primal._data
        else:
            out._data = primal if type(primal) is np.ndarray else np.asarray(primal)
        out._var = self.nvars
        self.nvars += 1
        return out

    def _const(self, value):
        if isinstance(value, Tensor):
            if is_traced(value):
                # A value an enclosing transform traces, closed over: it is this call's only.
                self.cacheable = False
                return _Const(value)
            return _Const(value._data)
        return _Const(value)

    def _check_static(self, prim, kwargs):
        for v in kwargs.values():
            stack = [v]
            while stack:
                item = stack.pop()
                if isinstance(item, (tuple, list)):
                    stack.extend(item)
                elif isinstance(item, Tensor) and _below(item, self):
                    raise ConcretizationError(_concretization_message(
                        f"the static parameter of '{prim.name}' (an axis, a shape, an index)"))

    def process(self, prim, args, kwargs):
        """Compute ``prim`` one level down and write the call down as an equation."""
        values, boxes = self.unbox(args)
        if kwargs:
            self._check_static(prim, kwargs)
        ans = bind(prim, values, kwargs)
        if not isinstance(ans, Tensor):
            ans = as_value(ans)
        refs = tuple(b._var if b is not None else self._const(v) for v, b in zip(values, boxes))
        out = self.new_var(ans)
        self.eqns.append(Eqn(prim, refs, kwargs, out._var, ans, state.grad_enabled))
        return out


def _below(tensor, trace) -> bool:
    """Whether ``tensor`` is, or boxes, a value of ``trace``."""
    t = tensor
    while isinstance(t, Tensor) and t._trace.level > 0:
        if t._trace is trace:
            return True
        t = t._primal
    return False


def record_program(fun, inputs, static_outputs_ok=True):
    """Run ``fun`` on boxes of a new recording level around ``inputs`` (values one level down).

    ``fun`` takes the list of boxes and returns a list of output leaves. Returns ``(program,
    outputs)``: outputs are the first call's results, one level down (raw values, or tensors of
    an enclosing level).
    """
    trace = JitTrace()
    boxes = [trace.new_var(v) for v in inputs]
    try:
        result = fun(boxes)
    finally:
        trace.active = False
    refs, outputs = [], []
    for leaf in result:
        if isinstance(leaf, JitTensor) and leaf._trace is trace:
            refs.append(leaf._var)
            outputs.append(leaf._primal)
        else:
            refs.append(trace._const(leaf) if isinstance(leaf, Tensor) else _Const(leaf))
            outputs.append(leaf)
    program = Program([b._var for b in boxes], trace.eqns, refs, trace.nvars, trace.cacheable)
    program.input_meta = {b._var: _Meta(b._data, type(b._primal) is np.ndarray) for b in boxes}
    return program, outputs


class Program:
    """A flat list of equations from input variables to outputs (variables or constants)."""

    def __init__(self, inputs, eqns, outputs, nvars, cacheable=True):
        self.inputs = list(inputs)
        self.eqns = list(eqns)
        self.outputs = list(outputs)
        self.nvars = nvars
        self.cacheable = cacheable
        self.recorded = len(self.eqns)      # before optimisation, for reports
        self.input_meta = {}                # variable -> what the recording saw (shape, dtype)
        self._compiled = None
        self.source = None

    # -- optimisation -------------------------------------------------------------------------
    def optimise(self) -> "Program":
        """Drop multiplications by one, share common subexpressions, then drop dead equations
        (in place; returns self)."""
        self._drop_identities()
        self._share_common()
        self._drop_dead()
        return self

    def _drop_identities(self):
        """``x * 1`` is ``x`` to the last bit for real floats (and integers) when the product has
        ``x``'s shape and dtype: the cotangent a reduction's rule broadcasts (ones) meets one
        such product in every rule that scales it. (Not for complex: ``inf`` parts give NaN.)"""
        meta = dict(self.input_meta)
        rename = {}
        kept = []
        for eqn in self.eqns:
            args = tuple(rename.get(a, a) if type(a) is int else a for a in eqn.args)
            eqn.args = args
            meta[eqn.out] = eqn
            if (eqn.prim.impl is np.multiply and len(args) == 2 and not eqn.kwargs
                    and eqn.array and eqn.dtype is not None and eqn.dtype.kind in "fiu"):
                for keep, other in ((args[0], args[1]), (args[1], args[0])):
                    src = meta.get(keep)
                    if (type(keep) is int and type(other) is _Const and src is not None
                            and src.array and src.shape == eqn.shape
                            and src.dtype == eqn.dtype and _is_one(other.value)):
                        rename[eqn.out] = keep
                        break
                if eqn.out in rename:
                    continue
            kept.append(eqn)
        self.eqns = kept
        self.outputs = [rename.get(o, o) if type(o) is int else o for o in self.outputs]

    def _share_common(self):
        rename = {}
        seen = {}
        kept = []
        for eqn in self.eqns:
            args = tuple(rename.get(a, a) if type(a) is int else a for a in eqn.args)
            eqn.args = args
            try:
                key = (eqn.prim, tuple(a if type(a) is int else _const_key(a.value)
                                       for a in args),
                       _static_key(eqn.kwargs), eqn.grad_enabled)
                hash(key)
            except TypeError:
                key = None
            if key is not None:
                first = seen.get(key)
                if first is not None:
                    rename[eqn.out] = first
                    continue
                seen[key] = eqn.out
            kept.append(eqn)
        self.eqns = kept
        self.outputs = [rename.get(o, o) if type(o) is int else o for o in self.outputs]

    def _drop_dead(self):
        live = {o for o in self.outputs if type(o) is int}
        kept = []
        for eqn in reversed(self.eqns):
            if eqn.out in live:
                kept.append(eqn)
                live.update(a for a in eqn.args if type(a) is int)
        kept.reverse()
        self.eqns = kept

    # -- replay ---------------------------------------------------------------------------------
    def run(self, values):
        """The outputs for new input values (raw numpy values: the compiled function)."""
        if self._compiled is None:
            self._compiled = self.compile()
        return self._compiled(*values)

    def run_bound(self, values):
        """The outputs for new input values through :func:`bind`, so that the levels tracing
        them (an enclosing ``grad``, the base graph, an enclosing ``jit``) see every call."""
        env = dict(zip(self.inputs, values))
        for eqn in self.eqns:
            args = [env[a] if type(a) is int else a.value for a in eqn.args]
            if eqn.grad_enabled or not state.grad_enabled:
                ans = bind(eqn.prim, args, eqn.kwargs)
            else:                    # recorded inside no_grad: not differentiated now either
                with no_grad():
                    ans = bind(eqn.prim, args, eqn.kwargs)
            if not eqn.array and not isinstance(ans, Tensor):
                ans = np.asarray(ans)
            env[eqn.out] = ans
        return [env[o] if type(o) is int else o.value for o in self.outputs]

    def compile(self):
        """One Python function of straight numpy calls (see the module's docstring)."""
        names = {}
        globs = {"_asarray": np.asarray}
        for i, v in enumerate(self.inputs):
            names[v] = f"i{i}"

        def ref(a, n, j):
            """The replayed program's name for argument ``j`` of equation ``n``."""
            if type(a) is int:
                return names[a]
            name = f"c{n}_{j}"
            globs[name] = a.value
            return name

        # last use of each variable, and whether a non-ufunc op (a possible view) ever read it
        last, shared = {}, set()
        outputs = {o for o in self.outputs if type(o) is int}
        inputs = set(self.inputs)
        for n, eqn in enumerate(self.eqns):
            ufunc = _no_view(eqn)
            for a in eqn.args:
                if type(a) is int:
                    last[a] = n
                    if not ufunc:
                        shared.add(a)
        meta = {eqn.out: eqn for eqn in self.eqns}

        def big(v):
            """Whether value ``v`` is an array large enough to reuse its buffer."""
            e = meta.get(v)
            return (e is not None and e.array and e.shape is not None
                    and int(np.prod(e.shape)) >= BUFFER_MIN_SIZE)

        lines = [f"def replay({', '.join(names[v] for v in self.inputs)}):"]
        self.buffers_reused = 0
        for n, eqn in enumerate(self.eqns):
            fname = f"f{n}"
            globs[fname] = eqn.prim.impl
            args = [ref(a, n, j) for j, a in enumerate(eqn.args)]
            for k, value in eqn.kwargs.items():
                if k.isidentifier() and not keyword.iskeyword(k):
                    globs[f"k{n}_{k}"] = value
                    args.append(f"{k}=k{n}_{k}")
                else:
                    globs[f"kw{n}"] = eqn.kwargs
                    args = [a for a in args if "=" not in a] + [f"**kw{n}"]
                    break
            out_buf = self._buffer_for(eqn, n, last, shared, outputs, inputs, meta, big)
            if out_buf is not None:
                args.append(f"out={names[out_buf]}")
                self.buffers_reused += 1
            call = f"{fname}({', '.join(args)})"
            if not eqn.array:
                call = f"_asarray({call})"
            names[eqn.out] = f"v{eqn.out}"
            lines.append(f"    v{eqn.out} = {call}")
            dead = [a for a in dict.fromkeys(x for x in eqn.args if type(x) is int)
                    if last.get(a) == n and a not in outputs and a not in inputs and big(a)
                    and a != out_buf]
            if dead:
                lines.append(f"    del {', '.join(names[a] for a in dead)}")
        outs = []
        for j, o in enumerate(self.outputs):
            if type(o) is int:
                outs.append(names[o])
            else:
                globs[f"out{j}"] = o.value
                # a fresh copy each call, as the function itself would give
                outs.append(f"out{j}.copy()" if isinstance(o.value, np.ndarray) else f"out{j}")
        lines.append(f"    return ({', '.join(outs)}{',' if len(outs) == 1 else ''})")
        self.source = "\n".join(lines)
        namespace = {}
        exec(compile(self.source, "<ad.jit program>", "exec"), globs, namespace)
        return namespace["replay"]

    @staticmethod
    def _buffer_for(eqn, n, last, shared, outputs, inputs, meta, big):
        """The argument variable the result may be written into, or None."""
        impl = eqn.prim.impl
        if not (isinstance(impl, np.ufunc) and impl.nout == 1 and not eqn.kwargs and eqn.array):
            return None
        for a in eqn.args:
            if (type(a) is int and last.get(a) == n and a not in shared and a not in outputs
                    and a not in inputs and big(a)):
                src = meta[a]
                if src.shape == eqn.shape and src.dtype == eqn.dtype and _owned(src):
                    return a
        return None

    def __repr__(self):
        return (f"<ad.jit program: {len(self.inputs)} inputs, {len(self.eqns)} equations "
                f"({self.recorded} recorded), {len(self.outputs)} outputs>")


def _is_one(value) -> bool:
    """Whether a constant is one in every element (a broadcast scalar is checked once)."""
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, (int, float, np.integer, np.floating)):
        return value == 1
    if isinstance(value, np.ndarray) and value.dtype.kind in "fiu":
        if value.size and not any(value.strides):
            value = value.reshape(-1)[:1]
        return bool(value.size) and bool(np.all(value == 1))
    return False


def _no_view(eqn) -> bool:
    """Whether ``eqn``'s result is a new array, never a view of an argument (a ufunc, or a
    primitive that declares ``fresh_result``)."""
    impl = eqn.prim.impl
    return (isinstance(impl, np.ufunc) and impl.nout == 1 or eqn.prim.fresh_result) \
        and not eqn.kwargs


def _owned(eqn) -> bool:
    """Whether the result of ``eqn`` is a fresh buffer nobody else holds (a ufunc allocates its
    result; anything else may return a view of its input)."""
    return _no_view(eqn) and eqn.array
