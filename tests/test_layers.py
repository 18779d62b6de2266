"""The package is a one-way house: core, then engines and ops beside each other, then surfaces.

Each module's imports are read from its source (no import is executed), so a new import that
reaches up a layer fails here, however the package happens to load.
"""
import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "autodiff"

# What each layer may import from the package. Engines and ops both stand on the core only: an
# engine knows no op, an op knows no engine.
ALLOWED = {
    "core": {"core"},
    "engines": {"core", "engines"},
    "ops": {"core", "ops"},
    "surface": {"core", "engines", "ops", "surface"},
    "top": {"core", "engines", "ops", "surface", "top"},
}


def _module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> str:
    """The layer of a module of the package, by its dotted name."""
    parts = module.split(".")
    if len(parts) == 1:
        return "top"                       # autodiff/__init__.py, the public face
    return parts[1] if parts[1] in ("core", "engines", "ops") else "surface"


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> list:
    """The package modules an ``import from`` statement names (absolute dotted names)."""
    if node.level == 0:
        base = node.module or ""
    else:
        here = module.split(".") if is_package else module.split(".")[:-1]
        up = here[:len(here) - (node.level - 1)]
        base = ".".join(up + ([node.module] if node.module else []))
    if not base.startswith("autodiff"):
        return []
    if node.module is None:      # from . import a, b: each name is a submodule
        return [f"{base}.{alias.name}" for alias in node.names]
    return [base]


def _imports(path: pathlib.Path):
    """``(line, imported package module, at module level?)`` for every import in ``path``."""
    module = _module_name(path)
    tree = ast.parse(path.read_text())
    top_level = {id(n) for n in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            targets = _resolve(module, path.name == "__init__.py", node)
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names if a.name.startswith("autodiff")]
        else:
            continue
        for target in targets:
            yield node.lineno, target, id(node) in top_level


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_flow_down(path):
    layer = layer_of(_module_name(path))
    wrong = [f"line {line}: {target} ({layer_of(target)})"
             for line, target, _ in _imports(path)
             if layer_of(target) not in ALLOWED[layer]]
    assert not wrong, f"{path.name} is in layer '{layer}' and imports from above it: {wrong}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_import_hides_in_a_function_or_at_the_bottom(path):
    inner = [f"line {line}: {target}" for line, target, top in _imports(path) if not top]
    assert not inner, f"{path.name} imports package modules inside a function: {inner}"
    assert "noqa: E402" not in path.read_text(), f"{path.name} imports below its code"


# Surfaces over the other surfaces: only the package's face may import them.
OUTERMOST = ("autodiff.nn", "autodiff.utils")


def _within(module: str, packages) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_nothing_below_the_face_imports_nn_or_utils(path):
    module = _module_name(path)
    if layer_of(module) == "top" or _within(module, OUTERMOST):
        return
    wrong = [f"line {line}: {target}" for line, target, _ in _imports(path)
             if _within(target, OUTERMOST)]
    assert not wrong, f"{path.name} imports the nn or utils surface: {wrong}"


def test_the_layers_are_folders():
    for folder in ("core", "engines", "ops"):
        assert (PACKAGE / folder / "__init__.py").exists()
    # The check sees every module: a layer it did not know would pass silently.
    assert {layer_of(_module_name(p)) for p in MODULES} == set(ALLOWED)


def test_the_checker_catches_an_upward_import(tmp_path):
    # The test's own machinery, on a made-up module of the core that imports an op.
    fake = PACKAGE / "core" / "tensor.py"
    tree = ast.parse("from ..ops import add\nfrom . import registry\n")
    found = [_resolve("autodiff.core.tensor", False, n) for n in tree.body]
    assert found == [["autodiff.ops"], ["autodiff.core.registry"]]
    assert layer_of(found[0][0]) not in ALLOWED[layer_of(_module_name(fake))]
