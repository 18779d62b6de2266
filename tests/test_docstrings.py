"""Every public name has a docstring: the package's public functions and classes (what each
module exports) and the public methods and properties of its classes (inherited docstrings
count, as Sphinx shows them)."""
import importlib
import inspect
import pkgutil
import types

import autodiff


def _modules():
    yield autodiff
    for info in pkgutil.walk_packages(autodiff.__path__, "autodiff."):
        if not info.name.endswith("__main__"):
            yield importlib.import_module(info.name)


def _public(module):
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n in dir(module) if not n.startswith("_")]
    for name in names:
        obj = getattr(module, name, None)
        if isinstance(obj, types.ModuleType) or obj is None:
            continue
        if not (inspect.isclass(obj) or inspect.isroutine(obj) or callable(obj)):
            continue
        if not str(getattr(obj, "__module__", "") or "").startswith("autodiff"):
            continue
        yield name, obj


def _missing():
    seen, missing = set(), []
    for module in _modules():
        for name, obj in _public(module):
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            if not (inspect.getdoc(obj) or "").strip():
                missing.append(f"{module.__name__}.{name}")
            if inspect.isclass(obj):
                for attr, value in vars(obj).items():
                    if attr.startswith("_") or not isinstance(
                            value, (property, types.FunctionType, classmethod, staticmethod)):
                        continue
                    if not (inspect.getdoc(getattr(obj, attr, value)) or "").strip():
                        missing.append(f"{module.__name__}.{name}.{attr}")
    return missing


def test_every_public_name_has_a_docstring():
    missing = _missing()
    assert not missing, f"{len(missing)} public names without a docstring: {missing}"
