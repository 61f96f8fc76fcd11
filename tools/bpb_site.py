"""A Sphinx extension for backprop-book's website: ship only what a reader uses, size
figures to be legible.

- **No widget state.** myst-nb writes a notebook's ipywidgets state into every page as a
  ``<script type="application/vnd.jupyter.widget-state+json">`` (it has no option to turn
  that off); the site never runs widgets (each interactive output has its own HTML), so
  the state is dropped from the pages. The notebooks readers download (``_sources``) come
  without outputs or widget state: a reader runs them (the page shows every output).
- **Nothing nobody needs**: source maps (and the comments pointing at them), the theme's
  translation catalogues, the TrueType copies of the icon fonts (browsers take the WOFF2),
  Font Awesome's script, which only redraws as SVG the icons the icon font shows, and the
  logos of the launch buttons the book does not have.
- **Figures at a legible size.** A PNG that records its smallest font size and its dpi
  (``backprop_core.figures.legibility.record``, the hook ``book/matplotlibrc`` installs) is shown
  ``CSS_PX_PER_INCH`` CSS px per inch of figure, at most the column's width, and loaded
  lazily, and never narrower than the width at which its smallest text renders at
  ``MIN_TEXT_PX`` (11) CSS px: on a phone such a figure scrolls sideways (book.css). The
  browser tests read the PNG's text chunks to check the size the smallest text renders at.
  The constants come from their one source, ``backprop_core.figures.legibility``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes

from backprop_core.figures.legibility import (
    CSS_PX_PER_INCH,
    DPI_KEY,
    MIN_FONT_KEY,
    MIN_TEXT_PX,
    POINTS_PER_INCH,
)

_MIN_WIDTH_IMG = re.compile(
    r'(<img [^>]*class="[^"]*\bbpb-minw-(\d+)\b[^"]*"[^>]*style="width: \d+px;)"')
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
_SOURCE_MAP = re.compile(rb"\n?(//# sourceMappingURL=[^\n]*|/\*# sourceMappingURL=[^*]*\*/)\s*$")


def drop_widget_state(app: Any, pagename: str, *args: Any) -> None:
    """Before myst-nb adds a page's JS files (priority 500): forget the widget state."""
    data = getattr(app.env, "nb_metadata", {}).get(pagename, {})
    data.get("js_files", {}).pop("ipywidgets_state", None)


def size_figures(app: Any, doctree: nodes.document, docname: str) -> None:
    for image in doctree.findall(nodes.image):
        uri = image.get("uri", "")
        if not uri.endswith(".png"):
            continue
        path = Path(app.srcdir, uri) if not Path(uri).is_absolute() else Path(uri)
        if not path.is_file():
            continue
        info = figure_info(path)
        if info is None:
            continue
        width_px, font_pt, dpi = info
        css_width = width_px / dpi * CSS_PX_PER_INCH
        image["width"] = f"{css_width:.0f}px"
        image["loading"] = "lazy"
        image["classes"].append("bpb-figure")
        # never shown so narrow that the smallest text drops below MIN_TEXT_PX: on a phone
        # the figure scrolls sideways instead (prune_output writes this into the style)
        at_one_to_one = font_pt / POINTS_PER_INCH * CSS_PX_PER_INCH
        min_width = css_width * min(1.0, MIN_TEXT_PX / at_one_to_one)
        image["classes"].append(f"bpb-minw-{min_width:.0f}")


def figure_info(path: Path) -> tuple[int, float, float] | None:
    """(width in px, smallest font in pt, dpi) of a PNG made with the figure hook."""
    from PIL import Image

    with Image.open(path) as im:
        text = dict(getattr(im, "text", {}) or {})
        if MIN_FONT_KEY not in text or DPI_KEY not in text:
            return None
        return im.size[0], float(text[MIN_FONT_KEY]), float(text[DPI_KEY])


def strip_notebook(path: Path) -> None:
    """A downloadable notebook without outputs and widget state: the reader runs it (the
    page itself shows every output), and the download stays small."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb.get("metadata", {}).pop("widgets", None)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def prune_output(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        # (once: a page an incremental build did not rewrite has its min-width already)
        sized = _MIN_WIDTH_IMG.sub(lambda m: f'{m.group(1)} min-width: {m.group(2)}px;"', text)
        if sized != text:
            page.write_text(sized, encoding="utf-8")
    for nb in (out / "_sources").rglob("*.ipynb"):
        strip_notebook(nb)
    static = out / "_static"
    for path in list(static.rglob("*.map")):
        path.unlink()
    for path in [*static.rglob("*.js"), *static.rglob("*.css")]:
        if "mathjax" in path.parts or not path.is_file():
            continue
        data = path.read_bytes()
        stripped = _SOURCE_MAP.sub(b"\n", data)
        if stripped != data:
            path.write_bytes(stripped)
    for path in static.glob("vendor/fontawesome/webfonts/*.ttf"):
        path.unlink()
    # the theme's CSS draws every icon from the WOFF2 font already; its 1.5 MB script
    # (543 KB gzip, on every page) only swaps those icons for SVG copies
    fontawesome = static / "scripts" / "fontawesome.js"
    if fontawesome.is_file():
        fontawesome.write_text("/* icons come from the theme's icon font (tools/bpb_site.py) */\n")
    # the launch buttons' logos (Binder, Colab, ...): the book has no launch buttons
    for path in static.glob("images/logo_*"):
        path.unlink()
    if (static / "images").is_dir() and not any((static / "images").iterdir()):
        (static / "images").rmdir()
    locales = static / "locales"
    if locales.is_dir():
        import shutil

        shutil.rmtree(locales)


def setup(app: Any) -> dict[str, Any]:
    app.connect("html-page-context", drop_widget_state, priority=400)
    app.connect("doctree-resolved", size_figures)
    app.connect("build-finished", prune_output)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
