"""Twin programs: one random PyTorch-style program, run by PyTorch and by autodiff.

The op-table fuzzer (``fuzz_programs.py``) draws pure functions. Bugs of another class hide in
the *stateful* surface a PyTorch user writes: in-place updates (``c += b``, ``c.mul_(2)``,
``c[0] = ...``, ``masked_fill_``), views (``.T``, slices, ``unsqueeze``, ``expand``) feeding
later ops, float32 and float64 inputs mixed with each other and with int and bool tensors and
Python numbers (type promotion), one intermediate used many times (fan-out), ``no_grad``
sections and ``detach``. A twin program is the same source text over a module ``T``, run once
with ``T = torch`` and once with ``T = autodiff`` (the API's promise: ``import autodiff as
torch``), and compared on

- the result's values, shape and dtype;
- each input's ``.grad`` after ``backward`` (None where PyTorch's is None, dtype included);
- ``backward(retain_graph=True)`` twice (the gradients accumulate);
- double backward: the gradient of ``sum(grad * u)`` through ``create_graph=True``.

An error raised by both is agreement (PyTorch refuses the program too); an error raised by only
one is a disagreement, except the documented refusal of in-place writes into a view of a tensor
that requires grad (autodiff's limitation, counted apart).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

import autodiff as ad

VIEW_INPLACE = "in-place modification of a view of a tensor that requires grad is not supported"


class Disagreement(AssertionError):
    """PyTorch and autodiff disagree on a twin program."""


class Refused(Exception):
    """autodiff refused the program with its documented limitation (a write into a view)."""


@dataclass
class Var:
    name: str
    shape: tuple
    kind: str            # "f" (float, may carry grad), "i" (int), "b" (bool)


@dataclass
class Twin:
    """A twin program: input arrays (with their dtypes) and the lines over them."""
    inputs: list
    lines: list = field(default_factory=list)
    out: str = ""
    seed: int = 0

    def source(self):
        args = ", ".join(f"x{i}" for i in range(len(self.inputs)))
        body = ["    " + ln for ln in self.lines] + [f"    return {self.out}"]
        return f"def program(T, {args}):\n" + "\n".join(body)

    def repro(self):
        ins = ", ".join(f"np.array({x.tolist()!r}, dtype=np.{x.dtype})" for x in self.inputs)
        return f"{self.source()}\n  inputs: [{ins}]"


# == drawing ======================================================================================
def _bshape(rng, shape):
    """A shape broadcastable with ``shape``: some dims dropped from the left or set to 1."""
    s = list(shape)
    k = rng.integers(0, len(s) + 1)
    s = s[k:]
    return tuple(1 if rng.random() < 0.3 else d for d in s)


class _Drawer:
    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.vars: list[Var] = []
        self.lines: list[str] = []
        self.k = 0

    def new(self, expr, shape, kind="f"):
        name = f"v{self.k}"
        self.k += 1
        self.lines.append(f"{name} = {expr}")
        self.vars.append(Var(name, tuple(shape), kind))
        return name

    def pick(self, kind="f", pred=None):
        cands = [v for v in self.vars if v.kind == kind and (pred is None or pred(v))]
        if not cands:
            return None
        # the newest values more often: programs stay connected
        w = np.arange(1, len(cands) + 1, dtype=float) ** 2
        return cands[self.rng.choice(len(cands), p=w / w.sum())]

    def const(self, shape, kind):
        """A constant tensor literal of ``shape``: float64, int64 or bool."""
        r = self.rng
        if kind == "f64":
            vals = np.round(r.uniform(-1.5, 1.5, shape), 3)
            return f"T.tensor({vals.tolist()!r}, dtype=T.float64)"
        if kind == "f32":
            vals = np.round(r.uniform(-1.5, 1.5, shape), 3)
            return f"T.tensor({vals.tolist()!r}, dtype=T.float32)"
        if kind == "i":
            return f"T.tensor({r.integers(-2, 3, shape).tolist()!r})"
        return f"T.tensor({(r.random(shape) < 0.5).tolist()!r})"

    # -- the step kinds ----------------------------------------------------------------------
    def step(self):
        r = self.rng
        kind = r.choice(["unary", "binary", "scalar", "promote", "view", "inplace", "reduce",
                         "matmul", "nograd", "detach", "join", "where", "setitem", "cast",
                         "select", "ints", "npscalar"],
                        p=[.1, .1, .07, .08, .1, .13, .08, .04, .03, .03, .04, .04, .04, .02,
                           .04, .04, .02])
        getattr(self, "_" + kind)()

    def _unary(self):
        a = self.pick()
        f = self.rng.choice(["T.exp({})", "{}.sin()", "T.tanh({})", "{}.sigmoid()",
                             "({0} * {0})", "T.sqrt({0} * {0} + 1)", "{}.cos()",
                             "T.log1p({0} * {0})", "T.logaddexp({}, T.zeros(()))",
                             "{}.square()", "T.atan({})", "(-{})", "{}.clone()",
                             "T.erf({})", "{}.exp().log()"])
        self.new(f.format(a.name) if "{0}" not in f else f.replace("{0}", a.name), a.shape)

    def _other(self, a):
        """A second float operand broadcastable with ``a`` (an existing value or a fresh one)."""
        r = self.rng
        b = self.pick(pred=lambda v: _bc(v.shape, a.shape) is not None)
        if b is None or r.random() < 0.2:
            return None
        return b

    def _binary(self):
        a = self.pick()
        b = self._other(a)
        if b is None:
            return
        f = self.rng.choice(["({} + {})", "({} - {})", "({} * {})", "({} / ({} ** 2 + 1))",
                             "T.add({}, {})", "T.mul({}, {})", "{}.add({}, alpha=0.5)",
                             "T.hypot({}, {})" if False else "T.atan2({}, {} ** 2 + 1)",
                             "T.logaddexp({}, {})"])
        self.new(f.format(a.name, b.name), _bc(a.shape, b.shape))

    def _scalar(self):
        a = self.pick()
        c = self.rng.choice(["2.5", "-1", "3", "0.5", "True"])
        f = self.rng.choice(["({a} * {c})", "({c} - {a})", "({a} + {c})", "({a} / {c})",
                             "({a} ** 2)", "(2 ** {a})", "({c} * {a} ** 3)"])
        if c == "True" and f in ("({c} - {a})", "({a} / {c})"):
            return
        self.new(f.format(a=a.name, c=c), a.shape)

    def _promote(self):
        """A float value combined with a constant tensor of another dtype (0-d or full)."""
        r = self.rng
        a = self.pick()
        shape = () if r.random() < 0.4 else _bshape(r, a.shape)
        ck = r.choice(["f64", "f32", "i", "b"])
        op = r.choice(["*", "+", "-"]) if ck != "b" else r.choice(["*", "+"])
        self.new(f"({a.name} {op} {self.const(shape, ck)})", _bc(a.shape, shape))

    def _npscalar(self):
        """numpy scalars where PyTorch takes a Python number (np.float64 is a float): they do
        not change a tensor's dtype. (Not on the left of an operator: there numpy's own
        operator runs first, and its rule is numpy's.)"""
        r = self.rng
        a = self.pick()
        c = r.choice(["np.float64(0.5)", "np.float32(1.5)", "np.int64(2)", "np.float64(-0.25)"])
        f = r.choice(["({a} * {c})", "({a} + {c})", "({a} / {c})", "({a} ** {c})",
                      "{a}.clamp(min={c})", "{a}.clamp(-1.0, {c})", "T.clamp({a}, {c}, 2.0)",
                      "{a}.add({a}, alpha={c})", "{a}.mul({c})", "{a}.pow({c})",
                      "{a}.masked_fill({a} > 0, {c})", "T.where({a} > 0, {a}, {c})",
                      "T.full_like({a}, {c})", "{a}.lerp({a} * 2, {c})",
                      "T.addcmul({a}, {a}, {a}, value={c})"])
        self.new(f.format(a=a.name, c=c), a.shape)

    def _cast(self):
        a = self.pick()
        f = self.rng.choice(["{}.double()", "{}.float()", "{}.to(T.float64)", "{}.to(T.float32)"])
        self.new(f.format(a.name), a.shape)

    def _view(self):
        r = self.rng
        a = self.pick()
        s = a.shape
        opts = [("{}.unsqueeze(0)", (1,) + s), ("{}.reshape(-1)", (int(np.prod(s)),)),
                ("{}[None]", (1,) + s), ("{}.expand(2, *{}.shape)", (2,) + s)]
        if len(s) >= 1:
            opts += [("{}[..., 1:]", s[:-1] + (max(s[-1] - 1, 0),)),
                     ("{}[..., ::2]", s[:-1] + ((s[-1] + 1) // 2,)),
                     ("{}.flip(-1)", s)]
            if s[0] >= 1:
                opts += [("{}[0]", s[1:]), ("{}[-1:]", (1,) + s[1:])]
        if len(s) >= 2:
            opts += [("{}.T", s[::-1]), ("{}.transpose(0, 1)", (s[1], s[0]) + s[2:]),
                     ("{}.mT", s[:-2] + (s[-1], s[-2])), ("{}[:, 0]", (s[0],) + s[2:])]
        if s and s[-1] == 1:
            opts += [("{}.squeeze(-1)", s[:-1])]
        f, shape = opts[r.integers(len(opts))]
        self.new(f.format(a.name, a.name), shape)

    def _inplace(self):
        r = self.rng
        a = self.pick()
        if r.random() < 0.15 and len(a.shape) >= 1 and a.shape[0] >= 1:
            # a write into a view of a fresh tensor: PyTorch rebases the base's history
            c = self.new(f"{a.name}.clone()", a.shape)
            view, vshape = (f"{c}[0]", a.shape[1:]) if r.random() < 0.5 else \
                (f"{c}[..., :1]", a.shape[:-1] + (min(1, a.shape[-1]),))
            self.lines.append(f"{view}.mul_(2)" if r.random() < 0.5 else f"{view}.add_(1.5)")
            return
        c = self.new(r.choice([f"{a.name}.clone()", f"({a.name} * 1)", f"{a.name}.exp()"]),
                     a.shape)
        b = self.pick(pred=lambda v: _bc(v.shape, a.shape) == a.shape and v.name != c)
        ops = ["{c}.mul_(2)", "{c}.add_(0.5)", "{c}.sub_(0.25)", "{c}.div_(4)",
               "{c}.exp_()", "{c}.sqrt_() if False else {c}.mul_(-1)",
               "{c}.clamp_(-1.0, 1.0)", "{c}.masked_fill_({c} > 0.5, 0.0)", "{c}.zero_()",
               "{c}.fill_(0.5)", "{c}.pow_(2)"]
        if b is not None:
            ops += ["{c} += {b}", "{c} *= {b}", "{c} -= {b}", "{c}.add_({b}, alpha=2)",
                    "{c}.mul_({b})", "{c}.copy_({b})", "{c}.addcmul_({b}, {b}, value=0.5)",
                    "{c}.lerp_({b}, 0.3)", "{c} /= ({b} ** 2 + 1)"]
        op = ops[r.integers(len(ops))]
        self.lines.append(op.format(c=c, b=b.name if b is not None else None))

    def _setitem(self):
        r = self.rng
        a = self.pick(pred=lambda v: len(v.shape) >= 1 and v.shape[0] >= 2)
        if a is None:
            return
        c = self.new(f"{a.name}.clone()", a.shape)
        src = self.pick(pred=lambda v: _bc(v.shape, a.shape[1:]) == a.shape[1:]
                        and v.name != c)
        val = src.name if src is not None and r.random() < 0.7 else "0.5"
        idx = r.choice(["0", "-1", "1:", "[0, 1]", f"T.tensor({[True] + [False] * (a.shape[0] - 1)})"])
        if idx.startswith("1:") or idx.startswith("[") or idx.startswith("T."):
            val = f"{val} * 1" if val != "0.5" else val   # broadcast over the selected rows
        op = r.choice(["=", "+=", "*="]) if idx in ("0", "-1") else "="
        self.lines.append(f"{c}[{idx}] {op} {val}")

    def _reduce(self):
        r = self.rng
        a = self.pick()
        s = a.shape
        nd = len(s)
        if nd == 0 or r.random() < 0.25:
            f = r.choice(["{}.sum()", "{}.mean()", "{}.norm()", "T.sum({})", "{}.prod()"])
            if "mean" in f and 0 in s:
                return
            self.new(f.format(a.name), ())
            return
        d = int(r.integers(-nd, nd))
        kd = bool(r.random() < 0.4)
        out = tuple(1 if i == d % nd else n for i, n in enumerate(s)) if kd else \
            tuple(n for i, n in enumerate(s) if i != d % nd)
        f = r.choice(["{}.sum({}, keepdim={})", "{}.mean({}, keepdim={})",
                      "T.logsumexp({}, {}, keepdim={})", "{}.prod({}, keepdim={})",
                      "{}.softmax({})", "{}.log_softmax({})", "{}.cumsum({})",
                      "{}.amax({}, keepdim={})", "{}.var({}, keepdim={})"])
        # (not std: at a zero spread, which stack and expand make often, PyTorch's gradient is
        # 0 by convention and autodiff's nan)
        if 0 in s and ("mean" in f or "amax" in f or "logsumexp" in f or "var" in f):
            return
        if "var" in f and s[d % nd] < 2:
            return
        if "softmax" in f or "cumsum" in f:
            out = s
        self.new(f.format(a.name, d, kd), out)

    def _matmul(self):
        a = self.pick(pred=lambda v: len(v.shape) >= 1)
        if a is None:
            return
        b = self.pick(pred=lambda v: len(v.shape) >= 1 and v.shape[0] == a.shape[-1]
                      if len(v.shape) <= 2 else v.shape[-2] == a.shape[-1])
        if b is None:
            return
        try:
            shape = np.matmul(np.zeros(a.shape), np.zeros(b.shape)).shape
        except ValueError:
            return
        self.new(f"({a.name} @ {b.name})", shape)

    def _select(self):
        """Ops that choose elements: index tensors (repeats accumulate), max/min/sort along a
        dim, gather, masked_fill, clamp."""
        r = self.rng
        a = self.pick(pred=lambda v: len(v.shape) >= 1 and v.shape[-1] >= 1)
        if a is None:
            return
        s = a.shape
        n = s[-1]
        idx = r.integers(0, n, int(r.integers(1, 4))).tolist()
        opts = [(f"{{}}[..., T.tensor({idx})]", s[:-1] + (len(idx),)),
                (f"T.index_select({{}}, -1, T.tensor({idx}))", s[:-1] + (len(idx),)),
                ("{}.max(-1).values", s[:-1]), ("{}.min(-1)[0]", s[:-1]),
                ("T.sort({}, -1).values", s), ("{}.sort(-1, descending=True)[0]", s),
                ("{}.topk(1).values", s[:-1] + (1,)),
                ("{}.masked_fill({} > 0.5, -1.0)", s), ("{}.clamp(min=-0.5)", s),
                ("T.clamp({}, -1.0, 1.0)", s), ("{}.relu()", s), ("{}.abs()", s),
                ("T.where({} > 0, {}, 0.0)", s)]
        if len(s) >= 1:
            gidx = r.integers(0, n, s).tolist()
            opts.append((f"T.gather({{}}, -1, T.tensor({gidx}))", s))
        f, shape = opts[r.integers(len(opts))]
        self.new(f.replace("{}", a.name), shape)

    def _ints(self):
        """Int and bool values from float ones (comparisons, casts, counts) and back: their
        dtypes, and int / int (true division gives the default float dtype)."""
        r = self.rng
        a = self.pick()
        s = a.shape
        f, shape, kind = [("({} > 0)", s, "b"), ("({} * 3).long()", s, "i"),
                          ("({} > 0).sum()", (), "i"), ("({} > 0).float()", s, "f"),
                          ("({} * 4).int() // 3", s, "i"), ("({} * 4).long() / 3", s, "f"),
                          ("(({} * 4).long() % 3)", s, "i"),
                          ("(({} > 0) & ({} < 1))", s, "b"),
                          ("({} > 0).to(T.float64)", s, "f")][r.integers(9)]
        name = self.new(f.replace("{}", a.name), shape, kind)
        if kind != "f":
            # back into the float computation
            op = r.choice(["*", "+", "-"]) if kind == "i" else r.choice(["*", "+"])
            self.new(f"({a.name} {op} {name})", _bc(s, shape))

    def _nograd(self):
        a = self.pick()
        name = f"v{self.k}"
        self.k += 1
        self.lines.append(f"with T.no_grad():\n        {name} = {a.name} * 2 + 1")
        self.vars.append(Var(name, a.shape, "f"))
        b = self.pick(pred=lambda v: _bc(v.shape, a.shape) is not None)
        self.new(f"({name} * {b.name})", _bc(a.shape, b.shape))

    def _detach(self):
        a = self.pick()
        self.new(f"({a.name}.detach() * {a.name})", a.shape)

    def _join(self):
        r = self.rng
        a = self.pick(pred=lambda v: len(v.shape) >= 1)
        if a is None:
            return
        b = self.pick(pred=lambda v: v.shape == a.shape)
        if r.random() < 0.5:
            self.new(f"T.stack([{a.name}, {b.name}])", (2,) + a.shape)
        else:
            self.new(f"T.cat([{a.name}, {b.name}], -1)", a.shape[:-1] + (2 * a.shape[-1],))

    def _where(self):
        a = self.pick()
        b = self.pick(pred=lambda v: _bc(v.shape, a.shape) is not None)
        self.new(f"T.where({a.name} > 0.1, {a.name}, {b.name})", _bc(a.shape, b.shape))


def _bc(*shapes):
    try:
        return tuple(np.broadcast_shapes(*shapes))
    except ValueError:
        return None


def draw_twin(seed: int, n_steps=None) -> Twin:
    """A random twin program (reproducible from ``seed``)."""
    d = _Drawer(seed)
    r = d.rng
    n = int(r.integers(1, 4))
    base = tuple(int(k) for k in r.integers(0 if r.random() < 0.1 else 1, 4,
                                            int(r.integers(0, 4))))
    inputs = []
    for i in range(n):
        shape = base if i == 0 else _bshape(r, base)
        dt = np.float32 if r.random() < 0.6 else np.float64
        inputs.append(r.uniform(-1.5, 1.5, shape).astype(dt))
        d.vars.append(Var(f"x{i}", shape, "f"))
    for _ in range(int(r.integers(2, 10)) if n_steps is None else n_steps):
        d.step()
    last = d.vars[-1].name
    return Twin(inputs, d.lines, last, seed)


# == running ======================================================================================
def _run(T, twin: Twin, mode: str):
    """Run ``twin`` with module ``T``: the result and the inputs' gradients (numpy)."""
    env = {"T": T, "np": np}
    exec(twin.source(), env)                 # noqa: S102  (our own generated code)
    xs = [T.tensor(x, requires_grad=True) for x in twin.inputs]
    rng = np.random.default_rng(twin.seed + 7)
    out = env["program"](T, *xs)
    if not out.requires_grad:
        return _np(out), str(out.dtype), [None] * len(xs), None
    W = T.tensor(rng.uniform(-1, 1, tuple(out.shape)), dtype=out.dtype)
    loss = (out * W).sum()
    if mode == "backward":
        loss.backward()
        return _np(out), str(out.dtype), [_g(x.grad) for x in xs], None
    if mode == "retain":
        loss.backward(retain_graph=True)
        loss.backward()
        return _np(out), str(out.dtype), [_g(x.grad) for x in xs], None
    # double backward
    gs = T.autograd.grad(loss, xs, create_graph=True, allow_unused=True)
    total = None
    for g, x in zip(gs, xs):
        if g is not None and g.requires_grad:
            u = T.tensor(rng.uniform(-1, 1, tuple(g.shape)), dtype=g.dtype)
            term = (g * u).sum()
            total = term if total is None else total + term
    hs = [None] * len(xs)
    if total is not None:
        hs = [_g(h) for h in T.autograd.grad(total, xs, allow_unused=True)]
    return _np(out), str(out.dtype), [_g(g) for g in gs], hs


def _np(t):
    return np.asarray(t.detach().numpy() if hasattr(t, "detach") else t)


def _g(t):
    return None if t is None else (_np(t), str(t.dtype))


def _dt(s):
    return s.replace("torch.", "")


def check_twin(twin: Twin, torch, mode="backward"):
    """Compare autodiff with PyTorch on ``twin``; raise :class:`Disagreement` (with a repro) or
    :class:`Refused` (autodiff's documented refusal)."""
    res = {}
    for name, T in (("torch", torch), ("autodiff", ad)):
        try:
            with np.errstate(all="ignore"):
                res[name] = _run(T, twin, mode)
        except Exception as e:                              # noqa: BLE001
            res[name] = e
    t, a = res["torch"], res["autodiff"]
    te, ae = isinstance(t, Exception), isinstance(a, Exception)
    if te and ae:
        return "both refuse"
    if ae and VIEW_INPLACE in str(a):
        raise Refused(str(a))
    if te and not ae:
        # PyTorch refuses what autodiff computes: a value saved for backward and overwritten
        # (autodiff keeps a copy), an index_put of another dtype (autodiff casts, as numpy).
        # autodiff's gradient must then agree with finite differences of its own values.
        if mode == "backward" and "detach" not in twin.source() and "no_grad" not in \
                twin.source():
            # (detach and no_grad make constants of values finite differences do move)
            check_fd(twin, a[2])
        return "torch refuses"
    if te or ae:
        raise Disagreement(f"[{mode}] only {'torch' if te else 'autodiff'} raised: "
                           f"{type(t if te else a).__name__}: {t if te else a}\n"
                           f"{twin.repro()}")
    (to, tdt, tg, th), (ao, adt, ag, ah) = t, a
    src = twin.source()

    def fail(what):
        raise Disagreement(f"[{mode}] {what}\n{twin.repro()}")

    def close(x, y, dtype, what):
        x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        if x.shape != y.shape:
            fail(f"{what}: shape {x.shape} (autodiff) != {y.shape} (torch)")
        if np.isnan(y).any() or np.isinf(y).any():
            return
        # float32 anywhere (an input, a cast, a constant) bounds the precision of everything
        f32 = "32" in dtype or "float32" in src or "float()" in src or any(
            x.dtype == np.float32 for x in twin.inputs)
        rtol = 2e-3 if f32 else 1e-7
        scale = max(1.0, float(np.max(np.abs(y), initial=0)))
        if not np.allclose(x, y, rtol=rtol, atol=rtol * scale):
            fail(f"{what}: autodiff {np.array2string(x.ravel()[:6], precision=5)} != torch "
                 f"{np.array2string(y.ravel()[:6], precision=5)}")

    if _dt(tdt) != adt:
        fail(f"result dtype: autodiff {adt}, torch {_dt(tdt)}")
    close(ao, to, adt, "result")
    for what, A, Tt in (("grad", ag, tg), ("second-order grad", ah, th)):
        if A is None and Tt is None:
            continue
        A = A or [None] * len(twin.inputs)
        Tt = Tt or [None] * len(twin.inputs)
        for i, (x, y) in enumerate(zip(A, Tt)):
            if y is None and x is None:
                continue
            if y is None or x is None:
                # None and zeros mean the same gradient; a value against None is not
                zero = (x if y is None else y)[0]
                if not np.any(zero):
                    continue
                fail(f"{what}[{i}]: autodiff {'None' if x is None else x[0]}, torch "
                     f"{'None' if y is None else y[0]}")
            if _dt(y[1]) != x[1]:
                fail(f"{what}[{i}] dtype: autodiff {x[1]}, torch {_dt(y[1])}")
            close(x[0], y[0], x[1], f"{what}[{i}]")
    return "agree"


def shrink(twin: Twin, torch, mode, still_fails):
    """Drop lines while the disagreement stays (a line whose value is used later is dropped
    only when the program still runs)."""
    lines = list(twin.lines)
    changed = True
    while changed:
        changed = False
        for i in range(len(lines) - 1, -1, -1):
            cand = lines[:i] + lines[i + 1:]
            outs = [ln.split(" = ")[0] for ln in cand if " = " in ln and not ln.startswith(" ")]
            if not outs:
                continue
            out = twin.out if any(ln.startswith(twin.out + " =") for ln in cand) else outs[-1]
            t2 = Twin(twin.inputs, cand, out, twin.seed)
            if still_fails(t2):
                lines, twin = cand, t2
                changed = True
    return twin


def check_fd(twin: Twin, grads):
    """autodiff's gradients against central differences of the program's values (steps h and
    h/2; a point where they disagree, a kink, is skipped)."""
    env = {"T": ad, "np": np}
    exec(twin.source(), env)                 # noqa: S102
    prog = env["program"]
    rng = np.random.default_rng(twin.seed + 7)
    with ad.no_grad():
        out0 = prog(ad, *[ad.tensor(x) for x in twin.inputs])
    W = rng.uniform(-1, 1, tuple(out0.shape))

    def loss(xs):
        with ad.no_grad(), np.errstate(all="ignore"):
            o = prog(ad, *[ad.tensor(x) for x in xs])
        return float(np.sum(np.asarray(o.numpy(), dtype=np.float64) * W))

    for i, (x, g) in enumerate(zip(twin.inputs, grads)):
        h = 1e-2 if x.dtype == np.float32 else 1e-4
        fd = np.zeros(x.shape)
        for idx in np.ndindex(x.shape):
            est = []
            for step in (h, h / 2):
                xp = [y.copy() for y in twin.inputs]
                xm = [y.copy() for y in twin.inputs]
                xp[i][idx] += step
                xm[i][idx] -= step
                est.append((loss(xp) - loss(xm)) / (2 * step))
            if not np.isfinite(est).all() or abs(est[0] - est[1]) > 1e-2 * max(1.0,
                                                                               abs(est[1])):
                return                      # a kink or float32 noise: no verdict
            fd[idx] = est[1]
        got = np.zeros(x.shape) if g is None else np.asarray(g[0], dtype=np.float64)
        if not np.all(np.isfinite(got)):
            return      # an intermediate overflowed (0 * inf): PyTorch's nan too, no verdict
        if not np.allclose(got, fd, rtol=2e-2, atol=2e-2 * max(1.0, np.max(np.abs(fd),
                                                                              initial=0))):
            raise Disagreement(f"[torch refuses; finite differences] grad[{i}]: autodiff "
                               f"{np.array2string(got.ravel()[:6], precision=5)} != fd "
                               f"{np.array2string(fd.ravel()[:6], precision=5)}\n"
                               f"{twin.repro()}")
