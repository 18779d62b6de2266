"""The built docs, opened as a reader would offline: no remote script or stylesheet, formulas
served from the build, a real picture on every tutorial, and a registry table with every
primitive under every public name.

Runs on ``docs/_build/html`` when it exists (``.ci/run`` builds it first) and skips otherwise.
A build older than the code fails here: rebuild it (the README's docs command).
"""
from __future__ import annotations

import html.parser
import pathlib
import re
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
HTML = ROOT / "docs" / "_build" / "html"
# Every tutorial script sphinx-gallery runs (subfolders are gallery subsections), as the path of
# its page under auto_tutorials/ without the suffix.
TUTORIALS = sorted(p.relative_to(ROOT / "tutorials").with_suffix("").as_posix()
                   for p in (ROOT / "tutorials").rglob("*.py")
                   if not p.name.startswith("_"))

pytestmark = pytest.mark.skipif(not (HTML / "index.html").exists(),
                                reason="docs/_build/html is not built (see the README)")

REMOTE = re.compile(r"^(https?:)?//", re.IGNORECASE)


class _Page(html.parser.HTMLParser):
    """The tags of one page that matter here, and the registry tables' rows as text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.images: list[dict] = []
        self.inline_styles: list[str] = []
        self.math = False
        self.registry_rows: list[list[str]] = []
        self._in_style = False
        self._table_depth = 0            # >0 inside a registry table
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"])
        elif tag == "link" and a.get("href") and (
                "stylesheet" in (a.get("rel") or "") or a["href"].endswith((".css", ".js"))):
            self.styles.append(a["href"])
        elif tag == "img":
            self.images.append(a)
        elif tag == "style":
            self._in_style = True
        if "math" in classes:
            self.math = True
        if tag == "table" and ("registry-table" in classes or self._table_depth):
            self._table_depth += 1
        elif self._table_depth and tag == "tr":
            self._row = []
        elif self._table_depth and tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False
        elif tag == "table" and self._table_depth:
            self._table_depth -= 1
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.registry_rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._in_style:
            self.inline_styles.append(data)
        if self._cell is not None:
            self._cell.append(data)


def _parse(path: pathlib.Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _pages():
    return sorted(HTML.rglob("*.html"))


def test_no_remote_scripts_or_styles():
    remote = []
    for path in _pages():
        page = _parse(path)
        name = path.relative_to(HTML)
        remote += [f"{name}: script {s}" for s in page.scripts if REMOTE.match(s)]
        remote += [f"{name}: stylesheet {s}" for s in page.styles if REMOTE.match(s)]
        remote += [f"{name}: image {i.get('src')}" for i in page.images
                   if REMOTE.match(i.get("src") or "")]
        remote += [f"{name}: inline style imports {u}" for css in page.inline_styles
                   for u in re.findall(r"@import\s+(?:url\()?['\"]?([^'\")\s]+)", css)
                   if REMOTE.match(u)]
    for css in sorted((HTML / "_static").rglob("*.css")):
        text = css.read_text(encoding="utf-8", errors="replace")
        remote += [f"{css.relative_to(HTML)}: @import {u}" for u in
                   re.findall(r"@import\s+(?:url\()?['\"]?([^'\")\s]+)", text) if REMOTE.match(u)]
    assert not remote, ("the built docs reach the network (rebuild from clean with "
                        "`rm -rf docs/_build` if these are stale pages):\n" + "\n".join(remote))


def test_formulas_render_from_the_build():
    with_math = [p for p in _pages() if _parse(p).math]
    assert with_math, "no page has a formula: the MathJax check would prove nothing"
    for path in with_math:
        mathjax = [s for s in _parse(path).scripts if "mathjax" in s.lower()]
        assert mathjax, f"{path.relative_to(HTML)} has formulas but loads no MathJax"
        for src in mathjax:
            target = (path.parent / src.split("?")[0]).resolve()
            assert target.is_file(), f"{path.relative_to(HTML)}: {src} is not in the build"
    fonts = list((HTML / "_static" / "mathjax").rglob("*.woff"))
    assert fonts, "MathJax's web fonts were not copied into _static/mathjax"


def _placeholder_likeness(image_path: pathlib.Path) -> float:
    """Mean absolute difference (0-255) between an image and sphinx-gallery's placeholder,
    both shrunk to the same small grey picture."""
    pil = pytest.importorskip("PIL.Image")
    sphinx_gallery = pytest.importorskip("sphinx_gallery")
    placeholder = pathlib.Path(sphinx_gallery.__file__).parent / "_static" / "no_image.png"
    size = (64, 45)
    a = pil.open(placeholder).convert("L").resize(size)
    b = pil.open(image_path).convert("L").resize(size)
    return sum(abs(x - y) for x, y in zip(a.tobytes(), b.tobytes())) / (size[0] * size[1])


@pytest.mark.parametrize("tutorial", TUTORIALS)
def test_every_tutorial_has_its_own_picture(tutorial):
    stem = tutorial.rsplit("/", 1)[-1]
    page_path = HTML / "auto_tutorials" / f"{tutorial}.html"
    assert page_path.exists(), f"{tutorial} was not rendered"
    figures = [i["src"] for i in _parse(page_path).images
               if re.search(rf"sphx_glr_{re.escape(stem)}_\d+\.png$", i.get("src", ""))]
    assert figures, f"{tutorial}.html shows no figure of its own"

    thumbs = [(index, i["src"]) for index in sorted((HTML / "auto_tutorials").rglob("index.html"))
              for i in _parse(index).images
              if i.get("src", "").endswith(f"sphx_glr_{stem}_thumb.png")]
    assert thumbs, f"no tutorials index has a thumbnail for {tutorial}"
    index, src = thumbs[0]
    thumb = (index.parent / src).resolve()
    assert thumb.is_file()
    # The placeholder scores under 1, the tutorials' figures over 10.
    assert _placeholder_likeness(thumb) > 4.0, \
        f"{tutorial}'s thumbnail is sphinx-gallery's placeholder, not one of its figures"


def _registry_table():
    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    try:
        import registry_table
    finally:
        sys.path.pop(0)
    return registry_table


def test_registry_table_has_every_primitive_and_public_name():
    import autodiff as ad
    from autodiff.core import REGISTRY

    page = _parse(HTML / "api.html")
    cells = [row for row in page.registry_rows if row and row[0] != "registry name"]
    assert cells, "api.html has no registry table"
    by_name = {}
    for row in cells:
        assert len(row) >= 2, row
        assert row[0] not in by_name, f"{row[0]} is in the registry table twice"
        by_name[row[0]] = row[1]
    # The library's primitives: not those other tests (or doctests) registered in this process.
    table = _registry_table()
    library = {name for name, family in table.families().items() if family != "other"}
    missing = sorted(library - set(by_name))
    assert not missing, f"primitives missing from the registry table: {missing}"
    blank = sorted(name for name, public in by_name.items() if not public.strip())
    assert not blank, f"registry rows with a blank public-name cell: {blank}"

    # Every public name the scan finds, and at least the obvious ones: ad.NAME that is the
    # primitive itself.
    wrong = []
    for row in table.rows():
        if row.name not in library:
            continue
        for label in row.public:
            if label.strip("`") not in by_name.get(row.name, ""):
                wrong.append(f"{row.name}: {label}")
    for name in sorted(library):
        if getattr(ad, name, None) is REGISTRY[name] and f"ad.{name}" not in by_name[name]:
            wrong.append(f"{name}: ad.{name}")
    assert not wrong, ("public names missing from the registry table (rebuild the docs if the "
                       "code changed since):\n" + "\n".join(wrong))
