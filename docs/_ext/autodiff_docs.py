"""Sphinx helpers for the autodiff docs.

- At ``config-inited``, writes ``_generated/ops_table.rst`` (the registry's primitives, split
  by family, with every public name; see ``registry_table.py``) and
  ``_generated/check_table.txt`` (what ``autodiff-check`` prints, run at build time),
  ``_generated/numpy_table.rst`` (the numpy functions that run on tensors) and
  ``_generated/scipy_table.rst`` (every ``autodiff.scipy`` function, differentiated at build
  time in each argument).
- At ``builder-inited``, draws the design diagram (two engines over one registry) and the graph
  of the document's exercise 5 with matplotlib into ``_static/generated/``.
- At ``build-finished``, copies MathJax from the installed ``sphinx-mathjax-offline`` package
  into ``_static/mathjax``, so formulas render with no network (``mathjax_path`` in conf.py
  points there).
"""
from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys


def draw_design_diagram(out: pathlib.Path) -> None:
    """The architecture: user code, the tensor surface, one registry, two engines, the checker."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    fig, ax = plt.subplots(figsize=(9.0, 5.6))
    ax.set_xlim(0, 10)
    ax.set_ylim(-0.3, 6.5)
    ax.set_axis_off()

    def box(x, y, w, h, title, body, color):
        ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.06", fc=color,
                                    ec="#374151", lw=1.2))
        ax.text(x + w / 2, y + h - 0.22, title, ha="center", va="top", fontsize=11,
                weight="bold")
        ax.text(x + w / 2, y + h - 0.58, body, ha="center", va="top", fontsize=8.6,
                linespacing=1.35)

    def arrow(a, b, text="", style="-|>"):
        ax.add_patch(FancyArrowPatch(a, b, arrowstyle=style, mutation_scale=14, lw=1.2,
                                     color="#4b5563"))
        if text:
            ax.text((a[0] + b[0]) / 2 + 0.1, (a[1] + b[1]) / 2, text, fontsize=8,
                    color="#9a3412", ha="left", va="center")

    box(0.6, 5.35, 8.8, 0.95, "user code",
        "document cells (import autodiff as torch) · numpy code · ad.grad / ad.jacfwd / ad.hvp",
        "#fef3c7")
    box(2.5, 4.05, 5.0, 0.95, "autodiff.Tensor",
        "torch-style surface · __array_ufunc__ / __array_function__", "#e0e7ff")
    box(2.0, 2.45, 6.0, 1.2, "op registry  (autodiff.core, autodiff.ops)",
        "one Primitive per op:  numpy impl | JVP rule | VJP rule\n"
        "library ops and a user's @ad.primitive are registered alike", "#dcfce7")
    box(0.1, 0.7, 3.9, 1.3, "forward engine",
        "autodiff.engines.forward: dual numbers\n(primal, tangent) per level\npushes tangents through JVPs",
        "#dbeafe")
    box(6.0, 0.7, 3.9, 1.3, "reverse engine",
        "autodiff.engines.reverse: a tape of Nodes\npulls cotangents through VJPs\n"
        "backward(), grad, jacrev",
        "#fce7f3")
    box(2.9, -0.15, 4.2, 0.5, "", "", "#f3f4f6")
    ax.text(5.0, 0.1, "checker: forward vs reverse vs finite differences", ha="center",
            va="center", fontsize=8.6, weight="bold")
    arrow((5.0, 5.3), (5.0, 5.05))
    arrow((5.0, 4.0), (5.0, 3.7), "bind(prim, args)")
    arrow((3.2, 2.4), (2.2, 2.05), "jvp rule")
    arrow((6.8, 2.4), (7.8, 2.05), "vjp rule")
    arrow((4.05, 1.25), (5.95, 1.25), "", style="<|-|>")
    ax.text(5.0, 1.4, "nest in any order:\nfwd over rev = Hessian", ha="center", va="bottom",
            fontsize=8, color="#374151")
    arrow((2.0, 0.65), (2.9, 0.2))
    arrow((8.0, 0.65), (7.1, 0.2))
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110, bbox_inches="tight")
    plt.close(fig)


def _write_if_changed(path: pathlib.Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def draw_exercise5(out: pathlib.Path) -> None:
    """The graph of the document's exercise 5, f(x) = log(x^2) sin x + 1/x at x = 2, with each
    node's value, tangent and adjoint (tutorial 3 draws the same)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    import autodiff as ad

    x = ad.tensor(np.array(2.0), requires_grad=True)
    a = x ** 2
    b = ad.log(a)
    c = ad.sin(x)
    d = b * c
    e = 1 / x
    f = d + e
    names = dict(x=x, a=a, b=b, c=c, d=d, e=e, f=f)
    g = ad.graph.trace(f, names=names, with_tangents=True, with_adjoints=True,
                       with_partials=True)
    fig = ad.graph.draw(g, show_values=True, show_tangents=True, show_grads=True,
                        engine="matplotlib", figsize=(11.5, 4.4))
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=150, bbox_inches="tight")
    plt.close(fig)


def check_table(root: pathlib.Path) -> str:
    """What ``autodiff-check`` prints on the document's examples, run now."""
    path = os.pathsep.join(p for p in (str(root), os.environ.get("PYTHONPATH", "")) if p)
    env = dict(os.environ, PYTHONPATH=path)
    done = subprocess.run([sys.executable, "-m", "autodiff.check"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"autodiff-check exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return done.stdout


# MathJax 3's CommonHTML bundle, its web fonts, the TeX extensions it autoloads (\boldsymbol, ...)
# and its menu/accessibility pieces; the 4 MB speech engine (sre/) is left out.
MATHJAX_PARTS = ("tex-chtml.js", "output/chtml/fonts/woff-v2", "input/tex/extensions",
                 "a11y", "ui")


def mathjax_source() -> pathlib.Path:
    """The MathJax folder shipped by the ``sphinx-mathjax-offline`` package (the docs extra)."""
    import importlib.util
    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the docs need MathJax from the sphinx-mathjax-offline package: "
                           "pip install -e '.[docs]'")
    return pathlib.Path(list(spec.submodule_search_locations)[0]) / "static" / "mathjax"


def copy_mathjax(outdir: pathlib.Path) -> None:
    src, dst = mathjax_source(), outdir / "_static" / "mathjax"
    for part in MATHJAX_PARTS:
        if (src / part).is_dir():
            shutil.copytree(src / part, dst / part, dirs_exist_ok=True)
        else:
            (dst / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src / part, dst / part)


def ops_table() -> str:
    """The registry as reStructuredText: a filter box and one table per op family."""
    import registry_table
    return registry_table.rst()


def numpy_table() -> str:
    """Every numpy function that dispatches on tensors (and scipy.special's ufuncs), from the
    dispatch tables: differentiated, values only, or raises (and why)."""
    from autodiff.numpy_api import coverage

    table = coverage()
    rows = [f"   * - ``{name}``\n     - {kind}" for name, kind in table.items()]
    head = (".. list-table::\n   :header-rows: 1\n   :widths: 50 50\n\n"
            "   * - called on a tensor\n     - result")
    runs = sum(not kind.startswith("raises") for kind in table.values())
    return (f"{runs} numpy and scipy functions run on tensors at this build; "
            f"{len(table) - runs} raise.\n\n"
            + head + "\n" + "\n".join(rows) + "\n")


def scipy_table() -> str:
    """Every ``autodiff.scipy`` function and, per argument, whether it has a derivative, found
    by differentiating each one at build time."""
    import scipy_table as table
    return table.rst()


def _on_config_inited(app, config):
    gen = pathlib.Path(app.srcdir) / "_generated"
    _write_if_changed(gen / "ops_table.rst", ops_table())
    _write_if_changed(gen / "scipy_table.rst", scipy_table())
    _write_if_changed(gen / "numpy_table.rst", numpy_table())
    _write_if_changed(gen / "check_table.txt", check_table(pathlib.Path(app.srcdir).parent))
    mathjax_source()                               # fail early, with the fix, if it is missing


def _on_builder_inited(app):
    static = pathlib.Path(app.srcdir) / "_static" / "generated"
    draw_design_diagram(static / "design.png")
    draw_exercise5(static / "exercise5.png")


def _on_build_finished(app, exc):
    if exc is None and app.builder.format == "html":
        copy_mathjax(pathlib.Path(app.outdir))


def setup(app):
    """Register the generated pages, the pictures, MathJax and the registry filter."""
    app.connect("config-inited", _on_config_inited)
    app.connect("builder-inited", _on_builder_inited)
    app.connect("build-finished", _on_build_finished)
    app.add_js_file("registry-filter.js", defer="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
