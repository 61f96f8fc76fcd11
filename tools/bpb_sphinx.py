"""A local Sphinx extension for backprop-book.

- Sphinx adds MathJax only to pages whose own Markdown holds math; quiz and player outputs
  carry math in raw HTML that Sphinx does not see. Load the site's MathJax on every page.
- The site's own JavaScript (``book/_vendor/bpb/``) is ES modules: each script below is a
  ``<script type="module">`` and imports its parts from the site's ``_static/bpb/`` (no
  bundler, no other host).
- The palette (``backprop_core.figures.palette``) reaches the site's CSS as custom properties:
  ``_static/bpb/palette.css``, written at build time, gives every colour of the palette as
  ``--bpb-<name>`` (``VALUE_ON_DARK`` is ``--bpb-value-on-dark``), which ``player.css`` uses.
- Sphinx copies static files only when some page is out of date; the site's own scripts and
  styles are copied at the end of every build, so that an edit of one always reaches the
  built site (and the browser tests).
"""

from __future__ import annotations

import filecmp
import hashlib
import html
import json
import re
import shutil
from pathlib import Path
from typing import Any

from bpb_code import split_cell
from docutils import nodes

from backprop_core.figures import palette  # the one place the build reads the palette

# the site's scripts, each an ES module (run.js is added by bpb_run, on pages with cells)
SCRIPTS = ("bpb/book.js", "bpb/player.js", "bpb/quiz.js", "bpb/progress.js", "bpb/print.js",
           "bpb/offline.js")
# what a reader needs offline is every file of the site but these (sources, build records)
OFFLINE_SKIP = ("_sources/", ".buildinfo", ".nojekyll", "objects.inv", "sw.js", "offline.json")
PALETTE_CSS = "bpb/palette.css"
OWN_STATIC = Path(__file__).resolve().parents[1] / "book" / "_vendor" / "bpb"
_HEX = re.compile(r"#[0-9A-Fa-f]{6}")


def palette_css() -> str:
    """Every colour of ``backprop_core.figures.palette`` as a CSS custom property on ``:root``."""
    colours = {name: value for name, value in vars(palette).items()
               if name.isupper() and isinstance(value, str) and _HEX.fullmatch(value)}
    lines = [f"  --bpb-{name.lower().replace('_', '-')}: {value};"
             for name, value in sorted(colours.items())]
    return ("/* Generated from backprop_core.figures.palette by tools/bpb_sphinx.py: "
            "do not edit. */\n"
            ":root {\n" + "\n".join(lines) + "\n}\n")


def finish_static(app: Any, exception: Exception | None) -> None:
    """The site's own static files as in the working tree, and the generated palette."""
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    for path in OWN_STATIC.rglob("*"):
        target = static / "bpb" / path.relative_to(OWN_STATIC)
        if path.is_file() and not (target.is_file() and filecmp.cmp(path, target, shallow=False)):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    (static / PALETTE_CSS).write_text(palette_css(), encoding="utf-8")
    write_root_redirect(app)


def write_root_redirect(app: Any) -> None:
    """The site's index.html: to the first page, with the book's title and icon (jupyter-book
    writes a bare redirect only where none exists, and a browser asks a page without an
    icon for /favicon.ico, which the site does not have)."""
    first = f"{app.config.root_doc}.html"
    icon = Path(app.config.html_favicon or "favicon.svg").name
    title = html.escape(app.config.html_title or app.config.project)
    (Path(app.outdir) / "index.html").write_text(
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Refresh" content="0; url={html.escape(first)}">\n'
        f'<link rel="icon" href="_static/{html.escape(icon)}">\n<title>{title}</title></head>\n'
        f'<body><p><a href="{html.escape(first)}">{title}</a></p></body></html>\n',
        encoding="utf-8")


def write_offline(app: Any, exception: Exception | None) -> None:
    """``offline.json`` (the build's files, bytes, version) and ``sw.js`` at the site's root;
    connected last, after every other step has written its files."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    files, digest = [], hashlib.sha256()
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        rel = path.relative_to(out).as_posix()
        if rel.startswith(OFFLINE_SKIP) or rel in OFFLINE_SKIP:
            continue
        data = path.read_bytes()
        files.append([rel, len(data)])
        digest.update(rel.encode() + b"\0" + hashlib.sha256(data).digest())
    version = digest.hexdigest()[:16]
    (out / "offline.json").write_text(json.dumps(
        {"version": version, "bytes": sum(b for _, b in files), "files": files}), encoding="utf-8")
    (out / "sw.js").write_text(
        "// The book's service worker for this build (tools/bpb_sphinx.py writes it; the logic:\n"
        "// _static/bpb/offline/sw.js).\n"
        'import { serve } from "./_static/bpb/offline/sw.js";\n\n'
        f'serve(self, {{ version: "{version}" }});\n', encoding="utf-8")


def clean_code(app: Any, doctree: nodes.document) -> None:
    """Each rendered code cell without its testing markers and glue calls."""
    for block in list(doctree.findall(nodes.literal_block)):
        parent = block.parent
        if not isinstance(parent, nodes.container) or \
                parent.get("nb_element") != "cell_code_source":
            continue
        code = block.astext()
        visible, _ = split_cell(code)
        if visible != code:
            block.children = []
            block.append(nodes.Text(visible))
            block.rawsource = visible


def setup(app: Any) -> dict[str, Any]:
    app.set_html_assets_policy("always")
    app.setup_extension("bpb_run")  # chapter cells that run in the browser (tools/bpb_run.py)
    app.setup_extension("bpb_assets")  # checksums, licence texts, .nojekyll (tools/bpb_assets.py)
    app.setup_extension("bpb_quizcheck")  # no stale quiz reaches the site (tools/bpb_quizcheck.py)
    app.setup_extension("bpb_download")  # downloaded notebooks run anywhere (tools/bpb_download.py)
    for script in SCRIPTS:
        app.add_js_file(script, type="module")
    app.add_css_file(PALETTE_CSS)
    app.connect("doctree-read", clean_code)
    app.connect("build-finished", finish_static)
    app.connect("build-finished", write_offline, priority=900)  # after every other writer
    return {"parallel_read_safe": True, "parallel_write_safe": True}
