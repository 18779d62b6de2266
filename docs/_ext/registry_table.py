"""The op registry as the API page shows it: every primitive, its family and its public names.

A primitive's *family* is the module of ``autodiff/ops/`` that registered it (where its rules
are written). Its *public names* are found by scanning what a user can reach: ``autodiff``'s
namespace, ``autodiff.linalg``, ``autodiff.special``, the ``Tensor`` methods and operators, and
numpy's ufuncs (a primitive whose implementation is a ufunc is what ``np.NAME(tensor)`` runs).
A public object counts when it *is* the primitive, or *wraps* it: it refers to the primitive
(directly, through a closure, through ``__wrapped__`` or through one more function) and every
primitive it refers to comes from one family (so ``ad.svd`` wraps ``svd_u``, ``svd_vh`` and
``svdvals``, while ``ad.norm``, built from ``sum``, ``abs`` and ``where``, wraps none of them).

Used by ``autodiff_docs`` at build time and by ``tests/test_docs_html.py``, so the table and
its test agree on what "every public name" means.
"""
from __future__ import annotations

import dataclasses
import dis
import html
import importlib
import inspect
import pkgutil
import types

OPERATORS = {
    "add": "a + b", "sub": "a - b", "mul": "a * b", "truediv": "a / b", "floordiv": "a // b",
    "mod": "a % b", "pow": "a ** b", "matmul": "a @ b", "neg": "-a", "abs": "abs(a)",
    "invert": "~a", "eq": "a == b", "ne": "a != b", "lt": "a < b", "le": "a <= b",
    "gt": "a > b", "ge": "a >= b", "and": "a & b", "or": "a | b", "getitem": "a[i]",
    "setitem": "a[i] = v",
}

# Headings for the families of today's ops/ modules; a module not listed shows under its own name.
FAMILY_TITLES = {
    "arithmetic": "Arithmetic (two arguments)",
    "unary": "Elementwise, one argument",
    "elementwise": "Elementwise, several arguments",
    "comparison": "Comparisons and logic (no derivative)",
    "shape": "Shape, indexing and joining",
    "rearrange": "Rearranging",
    "reductions": "Reductions",
    "statistics": "Statistics",
    "products": "Products and cumulative ops",
    "linalg": "Matrix products",
    "contractions": "Contractions (einsum)",
    "decompositions": "Decompositions and solves",
    "special": "Special functions",
    "composites": "Composites",
}


@dataclasses.dataclass
class Row:
    name: str                 # the registry name
    family: str               # the ops/ module it came from
    public: list[str]         # how a user reaches it
    jvp: str
    vjp: str
    grad_fn: str
    used_by: list[str]        # primitives whose rules call it (for internal ones)
    built_on: list[str] = dataclasses.field(default_factory=list)  # public composites of it


def _registry():
    from autodiff.core import REGISTRY
    return REGISTRY


def _ops_modules():
    import autodiff.ops as ops
    for info in pkgutil.walk_packages(ops.__path__, ops.__name__ + "."):
        if info.name.rsplit(".", 1)[-1].startswith("_"):
            continue
        yield importlib.import_module(info.name)


def _rules(prim):
    out = []
    for attr in ("jvp_rule", "vjp_rule"):
        rule = getattr(prim, attr, None)
        if rule is not None:
            out.append(rule)
    for attr in ("jvp_rules", "vjp_rules"):
        out.extend(r for r in (getattr(prim, attr, None) or ()) if r is not None)
    return out


def families() -> dict[str, str]:
    """Registry name -> where it was registered: the ``ops/`` module's name (``"unary"``), the
    module's full name for a primitive the library registers elsewhere
    (``"autodiff.scipy.special"``), or ``"other"`` for one registered outside the library (a
    user's)."""
    reg = _registry()
    fam: dict[str, str] = {}
    for name, prim in reg.items():
        for fn in [*_rules(prim), getattr(prim, "impl", None)]:
            family = _family_of_module(getattr(fn, "__module__", None) or "")
            if family:
                fam[name] = family
                break
    by_id = {id(p): n for n, p in reg.items()}
    fallback: dict[str, tuple[int, str]] = {}
    for mod in _ops_modules():
        exported = set(getattr(mod, "__all__", ()))
        short = mod.__name__.rsplit(".", 1)[-1]
        for key, value in vars(mod).items():
            name = by_id.get(id(value))
            if name is None or name in fam:
                continue
            rank = 0 if key in exported else 1
            if name not in fallback or rank < fallback[name][0]:
                fallback[name] = (rank, short)
    for name in reg:
        fam.setdefault(name, fallback.get(name, (0, "other"))[1])
    return fam


def _family_of_module(module: str) -> str:
    if module.startswith("autodiff.ops."):
        return module.rsplit(".", 1)[-1]
    if module.startswith("autodiff.") and ".core" not in module:
        return module
    return ""


def family_path(family: str) -> str:
    """The source file a family's primitives are registered in, for the table's heading."""
    if family == "other":
        return "registered outside autodiff"
    if family.startswith("autodiff."):
        return family.replace(".", "/") + ".py"
    return f"autodiff/ops/{family}.py"


def _referenced(obj, depth: int) -> list:
    """Objects a function refers to: globals, attributes of referenced modules, closure cells."""
    fn = getattr(obj, "__func__", obj)
    code = getattr(fn, "__code__", None)
    if code is None:
        return []
    glb = getattr(fn, "__globals__", {})
    out = [glb[n] for n in code.co_names if n in glb]
    for mod in [o for o in out if isinstance(o, types.ModuleType)
                and o.__name__.startswith("autodiff")]:
        out.extend(getattr(mod, n) for n in code.co_names if hasattr(mod, n))
    for cell in getattr(fn, "__closure__", None) or ():
        try:
            out.append(cell.cell_contents)
        except ValueError:
            pass
    for const in code.co_consts:                  # lambdas and inner functions
        if isinstance(const, types.CodeType) and depth > 0:
            out.extend(glb[n] for n in const.co_names if n in glb)
    return out


def primitives_of(obj, by_id: dict, depth: int = 2) -> tuple[set[str], bool]:
    """Registry names that ``obj`` is or refers to (following ``depth`` levels of plain
    functions), and whether it refers to them directly, calling no other function of autodiff."""
    if id(obj) in by_id:
        return {by_id[id(obj)]}, True
    wrapped = getattr(obj, "__wrapped__", None)
    if wrapped is not None and id(wrapped) in by_id:
        return {by_id[id(wrapped)]}, True
    found: set[str] = set()
    direct = not _does_arithmetic(obj)
    for ref in _referenced(obj, depth):
        if id(ref) in by_id:
            found.add(by_id[id(ref)])
        elif inspect.isfunction(ref) and \
                (getattr(ref, "__module__", "") or "").startswith("autodiff"):
            if _is_machinery(ref):
                continue
            if depth > 0:
                sub, sub_direct = primitives_of(ref, by_id, depth - 1)
                found |= sub
                direct = direct and sub_direct
            else:
                direct = False
    return found, direct


def _does_arithmetic(obj) -> bool:
    """Python operators in the body (``a * b``): a composite, even if it calls one primitive."""
    code = getattr(getattr(obj, "__func__", obj), "__code__", None)
    if code is None:
        return False
    return any(ins.opname.startswith(("BINARY_", "UNARY_NEGATIVE")) and
               ins.opname not in ("BINARY_SUBSCR", "BINARY_SLICE")
               and "[" not in ins.argrepr for ins in dis.get_instructions(code))


def _is_machinery(fn) -> bool:
    """``bind`` and the rest of the core: how an op is called, not which op."""
    mod = getattr(fn, "__module__", "") or ""
    return ".core" in mod or mod.endswith(".registry") or fn.__name__.lstrip("_") == "bind"


def _related(label: str, prim: str) -> bool:
    """``ad.svd`` and ``svd_u``, ``ad.norm`` and ``norm2``: the public name starts the prim's."""
    short = label.rsplit(".", 1)[-1].strip("`")
    return len(short) > 2 and (prim.startswith(short) or short.startswith(prim)
                               or prim.endswith(short))


def _public_objects():
    """(label, object) for everything a user can call."""
    import autodiff as ad
    spaces = [("ad", ad)]
    for sub in ("linalg", "special"):
        mod = getattr(ad, sub, None)
        if isinstance(mod, types.ModuleType):
            spaces.append((f"ad.{sub}", mod))
    for label, mod in spaces:
        for name in sorted(dir(mod)):
            if name.startswith("_"):
                continue
            obj = getattr(mod, name)
            if isinstance(obj, types.ModuleType) or inspect.isclass(obj):
                continue
            yield f"{label}.{name}", obj
    for name in sorted(dir(ad.Tensor)):
        dunder = name.startswith("__") and name.endswith("__")
        if name.startswith("_") and not dunder:
            continue
        obj = inspect.getattr_static(ad.Tensor, name)
        if isinstance(obj, property):
            obj = obj.fget
        if isinstance(obj, (staticmethod, classmethod)):
            obj = obj.__func__
        if dunder:
            key = name[2:-2]
            reflected = key.startswith("r") and key[1:] in OPERATORS and key not in OPERATORS
            symbol = OPERATORS.get(key[1:] if reflected else key)
            if symbol is None or reflected:
                continue
            yield f"``{symbol}``", obj
        else:
            yield f"Tensor.{name}", obj


def rows() -> list[Row]:
    """One row per registered primitive, sorted by family and name."""
    import numpy as np
    reg = _registry()
    fam = families()
    by_id = {id(p): n for n, p in reg.items()}
    public: dict[str, list[str]] = {n: [] for n in reg}
    built_on: dict[str, list[str]] = {n: [] for n in reg}
    for label, obj in _public_objects():
        names, direct = primitives_of(obj, by_id)
        one_family = len({fam[n] for n in names}) == 1
        for name in sorted(names):
            if (direct and one_family) or _related(label, name):
                public[name].append(label)
            elif one_family:
                built_on[name].append(label)
    for name, prim in reg.items():
        impl = getattr(prim, "impl", None)
        if isinstance(impl, np.ufunc):
            public[name].append(f"np.{impl.__name__}")
    used_by: dict[str, list[str]] = {n: [] for n in reg}
    for name, prim in reg.items():
        for rule in _rules(prim):
            for other in primitives_of(rule, by_id, depth=0)[0]:
                if other != name and name not in used_by[other]:
                    used_by[other].append(name)
    out = []
    for name, prim in reg.items():
        has_jvp = bool(getattr(prim, "jvp_rule", None) or getattr(prim, "jvp_rules", None))
        has_vjp = bool(getattr(prim, "vjp_rule", None) or getattr(prim, "vjp_rules", None))
        jvp, vjp = ("yes" if has_jvp else "--"), ("yes" if has_vjp else "--")
        if not getattr(prim, "differentiable", True):
            jvp = vjp = "zero"
        grad_fn = getattr(prim, "_grad_fn_name", None)
        grad_fn = grad_fn if isinstance(grad_fn, str) else (
            "depends on the arguments" if callable(grad_fn) else "")
        out.append(Row(name, fam[name], public[name], jvp, vjp, str(grad_fn),
                       sorted(used_by[name]), built_on[name]))
    order = list(FAMILY_TITLES)
    out.sort(key=lambda r: (order.index(r.family) if r.family in order else len(order),
                            r.family, r.name))
    return out


def _public_cell(row: Row) -> str:
    def fmt(label):
        return label if label.startswith("``") else f"``{label}``"
    if row.public:
        text = ", ".join(fmt(p) for p in row.public)
        if row.built_on:
            text += "; *built on it:* " + ", ".join(fmt(p) for p in row.built_on)
        return text
    if row.used_by:
        return "internal: in the rules of " + ", ".join(f"``{u}``" for u in row.used_by)
    return "internal"


def rst() -> str:
    """The reStructuredText the API page includes: a filter box, then one table per family."""
    all_rows = rows()
    n_public = sum(1 for r in all_rows if r.public)
    parts = [
        f"The registry holds {len(all_rows)} primitives at this build, {n_public} of them "
        "reachable under a public name; the others are internal pieces of another op's rules. "
        "*Public names* are found by scanning ``autodiff``, ``autodiff.linalg``, "
        "``autodiff.special``, the ``Tensor`` methods and operators, and numpy's ufuncs "
        "(``np.NAME(tensor)``) for the objects that are or wrap each primitive.",
        "",
        ".. raw:: html",
        "",
        '   <div class="registry-filter">',
        '     <label for="registry-filter-box">Find an op:</label>',
        '     <input type="search" id="registry-filter-box" placeholder="name, e.g. sum or '
        'Tensor.exp" autocomplete="off">',
        '     <span id="registry-filter-count"></span>',
        "   </div>",
        "",
    ]
    by_family: dict[str, list[Row]] = {}
    for row in all_rows:
        by_family.setdefault(row.family, []).append(row)
    for family, fam_rows in by_family.items():
        path = family_path(family)
        where = f"``{path}``" if path.endswith(".py") else path
        title = f"{FAMILY_TITLES.get(family, family)}: {where}"
        parts += [title, "^" * len(title), "",
                  ".. list-table::", "   :header-rows: 1", "   :widths: 16 44 8 8 24",
                  "   :class: registry-table", "",
                  "   * - registry name", "     - public names", "     - JVP rule",
                  "     - VJP rule", "     - ``grad_fn``"]
        for row in fam_rows:
            parts += [f"   * - ``{row.name}``", f"     - {_public_cell(row)}",
                      f"     - {row.jvp}", f"     - {row.vjp}",
                      f"     - {row.grad_fn or '--'}"]
        parts.append("")
    return "\n".join(parts) + "\n"


def html_names(row: Row) -> list[str]:
    """How each public name of ``row`` reads in the built HTML (for the test)."""
    return [html.escape(p.strip("`")) for p in row.public]
