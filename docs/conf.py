"""Sphinx configuration for the autodiff docs.

Build, from the repository root, as CI does:
``AUTODIFF_DOCS_OFFLINE=1 MPLBACKEND=Agg python -m sphinx -q -W --keep-going -E -b html docs
docs/_build/html``.
The build runs every tutorial in ``tutorials/`` through sphinx-gallery and needs no network:
intersphinx falls back to the small inventories shipped in ``docs/_intersphinx``.
"""
import os
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))          # the package from this checkout, installed or not
sys.path.insert(0, str(HERE / "_ext"))
os.environ.setdefault("MPLBACKEND", "Agg")

import autodiff  # noqa: E402

project = "autodiff"
author = "the autodiff developers"
copyright = "2026, the autodiff developers"
release = autodiff.__version__
version = release

extensions = [
    "autodiff_docs",                    # first: writes generated pages before autosummary scans
    "torch_names",                      # the PyTorch page's generated list of names
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "sphinx_gallery.gen_gallery",
]

exclude_patterns = ["_build", "_generated", "**/GALLERY_HEADER.rst", "**sg_execution_times.rst",
                    "auto_tutorials/*.ipynb", "auto_tutorials/*.py", "auto_tutorials/*.zip"]
html_theme = "alabaster"
html_static_path = ["_static"]
html_theme_options = {"description": "forward and reverse mode over numpy",
                      "fixed_sidebar": True, "page_width": "1180px", "body_max_width": "none"}
pygments_style = "sphinx"

# -- formulas, offline -------------------------------------------------------------------------
# MathJax is served from the built docs (autodiff_docs copies it from the installed
# sphinx-mathjax-offline package into _static/mathjax), never from a CDN: the docs promise to
# need no network.
mathjax_path = "mathjax/tex-chtml.js"

# -- API reference ----------------------------------------------------------------------------
autosummary_generate = True
autosummary_imported_members = True
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": False}
autodoc_typehints = "description"
autodoc_member_order = "bysource"
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_use_ivar = True          # dataclass fields: documented once, by the class docstring

# -- intersphinx, offline-safe ------------------------------------------------------------------
# Each project lists its remote inventory and then the shipped subset: online builds link to
# everything, offline builds (CI) fall back to the subset without a warning.
_inv = HERE / "_intersphinx"
intersphinx_mapping = {
    "python": ("https://docs.python.org/3", (None, str(_inv / "python.inv"))),
    "numpy": ("https://numpy.org/doc/stable", (None, str(_inv / "numpy.inv"))),
    "scipy": ("https://docs.scipy.org/doc/scipy", (None, str(_inv / "scipy.inv"))),
}
intersphinx_timeout = 3
if os.environ.get("AUTODIFF_DOCS_OFFLINE"):      # skip even the attempt to reach the network
    intersphinx_mapping = {k: (url, str(_inv / f"{k}.inv"))
                           for k, (url, _) in intersphinx_mapping.items()}

# -- tutorials ------------------------------------------------------------------------------------
# sphinx-gallery runs each script once, puts its printed output and figures under the code that
# made them, and offers the script and a Jupyter notebook for download: the tutorials stay plain
# Python files a newcomer runs with `python tutorials/NAME.py`, and are never out of date.
sphinx_gallery_conf = {
    "examples_dirs": str(ROOT / "tutorials"),
    "gallery_dirs": str(HERE / "auto_tutorials"),
    "filename_pattern": r".*\.py$",      # execute every tutorial, not only plot_*.py
    "ignore_pattern": r"(__init__|_common)\.py$",
    "within_subsection_order": "FileNameSortKey",
    "abort_on_example_error": True,
    "only_warn_on_example_error": False,
    "download_all_examples": True,
    "remove_config_comments": True,
    "capture_repr": ("_repr_html_", "__repr__"),
    "ignore_repr_types": r"matplotlib\.(figure|axes|text)",  # the figure itself is shown
    "matplotlib_animations": False,
    "image_scrapers": ("matplotlib",),
    "reset_modules": ("matplotlib",),
    "show_memory": False,
    # The execution-time pages load DataTables and Bootstrap from CDNs: not in offline docs.
    "write_computation_times": False,
    "plot_gallery": "True",
}

suppress_warnings = []
