"""Write the small offline intersphinx inventories shipped beside this script.

The docs build runs offline (CI reaches only package registries), where Sphinx cannot fetch
``objects.inv`` from docs.python.org, numpy.org or docs.scipy.org. ``conf.py`` therefore lists
two locations per project: the remote inventory first, and the file written here second. Online,
the full remote inventory is used; offline, Sphinx falls back to these files without a warning.

Each file holds only the names these docs mention, pointing where the projects' own inventories
point them. Add a name here and rerun ``python docs/_intersphinx/make_inventories.py`` when a
docstring starts mentioning a new one.
"""
from __future__ import annotations

import pathlib
import zlib

HERE = pathlib.Path(__file__).parent

# (name, domain:role, uri relative to the project's root); "$" stands for the name.
PYTHON = [
    ("int", "py:class", "library/functions.html#$"),
    ("float", "py:class", "library/functions.html#$"),
    ("bool", "py:class", "library/functions.html#$"),
    ("callable", "py:function", "library/functions.html#$"),
    ("isinstance", "py:function", "library/functions.html#$"),
    ("str", "py:class", "library/stdtypes.html#$"),
    ("tuple", "py:class", "library/stdtypes.html#$"),
    ("list", "py:class", "library/stdtypes.html#$"),
    ("dict", "py:class", "library/stdtypes.html#$"),
    ("TypeError", "py:exception", "library/exceptions.html#$"),
    ("ValueError", "py:exception", "library/exceptions.html#$"),
    ("RuntimeError", "py:exception", "library/exceptions.html#$"),
    ("KeyError", "py:exception", "library/exceptions.html#$"),
    ("NotImplementedError", "py:exception", "library/exceptions.html#$"),
    ("AssertionError", "py:exception", "library/exceptions.html#$"),
    ("contextlib.contextmanager", "py:function", "library/contextlib.html#$"),
    ("typing.NamedTuple", "py:class", "library/typing.html#$"),
    ("dataclasses.dataclass", "py:function", "library/dataclasses.html#$"),
    ("timeit", "py:module", "library/timeit.html#module-$"),
]
NUMPY = [
    ("numpy.ndarray", "py:class", "reference/generated/$.html#$"),
    ("numpy.dtype", "py:class", "reference/generated/$.html#$"),
    ("numpy.float32", "py:attribute", "reference/arrays.scalars.html#$"),
    ("numpy.float64", "py:attribute", "reference/arrays.scalars.html#$"),
    ("numpy.asarray", "py:function", "reference/generated/$.html#$"),
    ("numpy.array", "py:function", "reference/generated/$.html#$"),
    ("numpy.sin", "py:data", "reference/generated/$.html#$"),
    ("numpy.cos", "py:data", "reference/generated/$.html#$"),
    ("numpy.sum", "py:function", "reference/generated/$.html#$"),
    ("numpy.dot", "py:function", "reference/generated/$.html#$"),
    ("numpy.ones_like", "py:function", "reference/generated/$.html#$"),
    ("numpy.linspace", "py:function", "reference/generated/$.html#$"),
    ("numpy.array2string", "py:function", "reference/generated/$.html#$"),
    ("numpy.ufunc", "py:class", "reference/generated/$.html#$"),
]
SCIPY = [
    ("scipy.optimize.minimize", "py:function", "reference/generated/$.html#$"),
    ("scipy.optimize.rosen", "py:function", "reference/generated/$.html#$"),
    ("scipy.optimize.rosen_der", "py:function", "reference/generated/$.html#$"),
    ("scipy.optimize.rosen_hess_prod", "py:function", "reference/generated/$.html#$"),
    ("scipy.special.expit", "py:data", "reference/generated/$.html#$"),
    ("scipy.differentiate.derivative", "py:function", "reference/generated/$.html#$"),
]


def write(path: pathlib.Path, project: str, version: str, entries) -> None:
    """Write one inventory in Sphinx's version 2 format."""
    header = (f"# Sphinx inventory version 2\n# Project: {project}\n# Version: {version}\n"
              f"# The remainder of this file is compressed using zlib.\n").encode()
    body = "".join(f"{name} {role} 1 {uri.replace('$', name)} -\n"
                   for name, role, uri in entries).encode()
    path.write_bytes(header + zlib.compress(body))


if __name__ == "__main__":
    write(HERE / "python.inv", "Python", "3", PYTHON)
    write(HERE / "numpy.inv", "NumPy", "stable", NUMPY)
    write(HERE / "scipy.inv", "SciPy", "stable", SCIPY)
    print("wrote", ", ".join(p.name for p in sorted(HERE.glob("*.inv"))))
