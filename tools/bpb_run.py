"""Sphinx extension: every chapter cell can be edited and run in the reader's browser.

At build time it
- marks each notebook code cell in the HTML with its index in the notebook
  (``bpb-cell`` + ``data-bpb-cell``), and removes the input of cells whose only job is to
  show a quiz or a player (they already work on the site without Python);
- writes the page's cells (code, kind, the Python packages they need) as JSON into the page;
- copies the verified Pyodide runtime and editor (assembled by ``tools/fetch_runtime.py``),
  the site's Python kernel (``tools/runtime/``) and a wheel of ``backprop_core`` built from
  the working tree into ``_runtime/`` of the site;
- checks every file of the runtime against its pinned sha256 (``fetch_runtime.verify_site``)
  before the build, in ``.runtime/site``, and after it, in the site's copy: a file changed
  since it was verified stops the build with its name.

Nothing is loaded by a page until its reader presses Run (``book/_vendor/bpb/run.js``).
"""

from __future__ import annotations

import ast
import base64
import hashlib
import html
import importlib.util
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

from bpb_code import split_cell
from bpb_fontlist import FontListError, font_list
from docutils import nodes
from myst_nb.ext.glue.directives import PasteFigureDirective
from myst_nb.ext.glue.domain import NbGlueDomain
from myst_nb.ext.glue.roles import PasteTextRole
from sphinx.errors import ExtensionError
from sphinx.util import logging

ROOT = Path(__file__).resolve().parents[1]
RUNTIME_SITE = ROOT / ".runtime" / "site"
KERNEL_DIR = ROOT / "tools" / "runtime"
PACKAGE_DIR = ROOT / "src" / "backprop_core"
MATPLOTLIBRC = ROOT / "book" / "matplotlibrc"
OUT = "_runtime"

# A cell whose last statement calls one of these (and whose other statements only import)
# only shows an interactive output that has its own HTML + JavaScript on the site.
DISPLAY_ONLY = {"show_quiz", "show_scoreboard", "graph_player", "network_player"}


def is_display_only(code: str) -> bool:
    try:
        body = ast.parse(code).body
    except SyntaxError:
        return False
    if not body or not isinstance(body[-1], ast.Expr) or not isinstance(body[-1].value, ast.Call):
        return False
    func = body[-1].value.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    return name in DISPLAY_ONLY and all(
        isinstance(s, ast.Import | ast.ImportFrom) for s in body[:-1])


def _imports(tree: ast.AST, package: str | None = None) -> set[str]:
    """Absolute module names imported anywhere in ``tree`` at module level or in cells."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level and package:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                mod = f"{base}.{node.module}" if node.module else base
            else:
                mod = node.module or ""
            found.add(mod)
            found.update(f"{mod}.{a.name}" for a in node.names)
    return found


def package_imports() -> dict[str, set[str]]:
    """backprop_core's modules -> the modules each imports at import time (not in functions)."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE_DIR.rglob("*.py"):
        rel = path.relative_to(PACKAGE_DIR.parent).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        tree = ast.parse(path.read_text())
        top = ast.Module(body=[s for s in tree.body if not isinstance(
            s, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)], type_ignores=[])
        graph[name] = _imports(top, package)
    return graph


def provided_modules(manifest: dict[str, Any]) -> dict[str, str]:
    """Top-level modules the site can provide -> the Pyodide package that provides each,
    from the runtime's manifest (``tools/fetch_runtime.py``; the site's worker reads the
    same lists)."""
    return {module: package for package, entry in manifest["provides"].items()
            for module in entry["imports"]}


def packages_needed(codes: list[str], graph: dict[str, set[str]],
                    provided: dict[str, str]) -> list[str]:
    """The Pyodide packages a page's cells need, following backprop_core's own imports
    (``provided``: module -> package, :func:`provided_modules`)."""
    seen: set[str] = set()
    stack: list[str] = []
    for code in codes:
        try:
            stack.extend(_imports(ast.parse(code)))
        except SyntaxError:
            continue
    while stack:
        mod = stack.pop()
        if mod in seen:
            continue
        seen.add(mod)
        parts = mod.split(".")
        for i in range(1, len(parts) + 1):  # importing a.b.c imports a and a.b first
            stack.extend(graph.get(".".join(parts[:i]), ()))
    needed = {provided[m.split(".")[0]] for m in seen if m.split(".")[0] in provided}
    return sorted(needed | {"numpy"})


def package_version() -> str:
    """backprop_core.__version__ (version.py), read from the source without importing the
    package (the one place for the version; pyproject.toml reads it the same way)."""
    tree = ast.parse((PACKAGE_DIR / "version.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets):
            value = ast.literal_eval(node.value)
            if isinstance(value, str):
                return value
    raise ExtensionError(f"no __version__ = '...' in {PACKAGE_DIR / 'version.py'}")


def build_wheel(dest: Path) -> Path:
    """A pure-Python wheel of backprop_core from the working tree (deterministic bytes)."""
    version = package_version()
    dist = f"backprop_core-{version}.dist-info"
    files: dict[str, bytes] = {}
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and (path.suffix == ".py" or path.name == "py.typed"):
            files[path.relative_to(PACKAGE_DIR.parent).as_posix()] = path.read_bytes()
    files[f"{dist}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: backprop-core\nVersion: {version}\n"
        "Summary: backprop-book's package, for the website's in-browser Python\n").encode()
    files[f"{dist}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: backprop-book\n"
                              b"Root-Is-Purelib: true\nTag: py3-none-any\n")
    record = []
    for name, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(data)}")
    record.append(f"{dist}/RECORD,,")
    files[f"{dist}/RECORD"] = ("\n".join(record) + "\n").encode()
    content = hashlib.sha256(b"".join(k.encode() + v for k, v in files.items())).hexdigest()
    target = dest / content[:12] / f"backprop_core-{version}-py3-none-any.whl"
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(info, data)
    return target


GLUE_CLASS = "bpb-glue"  # a value glued into the prose; its key and format follow it as classes


def glue_classes(key: str, fmt: str = "") -> list[str]:
    """The classes that name a glued value in the HTML (run.js reads them back: a reader's
    rerun of the cell that glued ``key`` updates the prose)."""
    return [GLUE_CLASS, f"bpb-glue-key--{key}", *([f"bpb-glue-fmt--{fmt}"] if fmt else [])]


class MarkedTextRole(PasteTextRole):
    """myst-nb's ``{glue:text}`key:fmt```, its node tagged with the key and the format."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        found, messages = super().run()
        key, _, fmt = self.text.partition(":")
        for node in found:
            if isinstance(node, nodes.inline) and "::" not in key:
                node["classes"].extend(glue_classes(key, fmt))
        return found, messages


class MarkedFigureDirective(PasteFigureDirective):
    """myst-nb's ``{glue:figure} key``, its figure tagged with the key."""

    def run(self) -> list[nodes.Node]:
        found: list[nodes.Node] = super().run()
        for node in found:
            if isinstance(node, nodes.figure):
                node["classes"].extend(glue_classes(self.arguments[0]))
        return found


class MarkedGlueDomain(NbGlueDomain):
    roles = {**NbGlueDomain.roles, "text": MarkedTextRole()}
    directives = {**NbGlueDomain.directives, "figure": MarkedFigureDirective}


def _cell_code(container: nodes.Element) -> str:
    for child in container.findall(nodes.literal_block):
        return child.astext()
    return ""


def mark_cells(app: Any, doctree: nodes.document) -> None:
    """Tag each rendered code cell with its notebook index; drop display-only inputs."""
    for container in list(doctree.findall(nodes.container)):
        if container.get("nb_element") != "cell_code":
            continue
        index = container.get("cell_index")
        container["classes"].extend(["bpb-cell", f"bpb-cell-{index}"])
        if is_display_only(_cell_code(container)):
            container["classes"].append("bpb-display-only")
            for child in list(container.children):
                if isinstance(child, nodes.Element) and \
                        child.get("nb_element") == "cell_code_source":
                    container.remove(child)


def _notebook(app: Any, pagename: str) -> dict[str, Any] | None:
    if pagename not in app.env.all_docs:
        return None
    path = Path(app.env.doc2path(pagename))
    if path.suffix != ".ipynb":
        return None
    return json.loads(path.read_text())  # type: ignore[no-any-return]


def page_cells(app: Any, pagename: str, templatename: str, context: dict[str, Any],
               doctree: Any) -> None:
    """Write the page's cells and what the runtime needs into the page."""
    nb = _notebook(app, pagename)
    if nb is None:
        return
    cells = []
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        code = "".join(cell["source"])
        tags = cell.get("metadata", {}).get("tags", [])
        kind = "display" if is_display_only(code) else (
            "hidden" if "remove-cell" in tags or "remove-input" in tags else "run")
        _, hidden = split_cell(code)  # the lines the page does not show (tools/bpb_code.py)
        cells.append({"index": index, "code": code, "kind": kind,
                      **({"hidden": hidden} if hidden and kind == "run" else {})})
    if not any(c["kind"] == "run" for c in cells):
        return  # no code the reader sees (the progress page): nothing to run, no panel
    info = app.env.bpb_runtime  # set in builder-inited
    to_root = context["pathto"]("", 1)
    data = {
        "page": pagename,
        "cells": cells,
        "packages": packages_needed([c["code"] for c in cells if c["kind"] != "display"],
                                    info["graph"], info["provided"]),
        "runtime": f"{to_root}{OUT}/",
        "sizes": info["sizes"],
    }
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    context["body"] += (f'<script type="application/json" id="bpb-notebook">{payload}'
                        "</script>")
    context.setdefault("metatags", "")
    context["metatags"] += f'<meta name="bpb-runtime" content="{html.escape(to_root + OUT)}/">'


def verify_runtime(site: Path) -> None:
    """Every file of the runtime in ``site`` against its pinned sha256 (tools/fetch_runtime.py)."""
    spec = importlib.util.spec_from_file_location("bpb_fetch_runtime",
                                                  ROOT / "tools" / "fetch_runtime.py")
    assert spec is not None and spec.loader is not None
    fetch_runtime = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fetch_runtime)
    try:
        fetch_runtime.verify_site(site)
    except fetch_runtime.VerificationError as error:
        raise ExtensionError(str(error)) from None


def prepare(app: Any) -> None:
    """Check the runtime is assembled and unchanged; build the wheel; know the sizes of what
    may load."""
    manifest = RUNTIME_SITE / "manifest.json"
    if not manifest.is_file():
        raise ExtensionError(
            "the in-browser Python runtime is missing (.runtime/site): run `make book`, or "
            "`python tools/fetch_runtime.py` (see its docstring to provide the files offline)")
    verify_runtime(RUNTIME_SITE)
    staging = Path(app.outdir) / OUT
    wheels = staging / "wheels"
    shutil.rmtree(wheels, ignore_errors=True)
    wheel = build_wheel(wheels)
    info = json.loads(manifest.read_text())
    if "provides" not in info:
        raise ExtensionError(f"{manifest} predates this build (no 'provides'): run "
                             "`python tools/fetch_runtime.py` (or `make book`)")
    sizes = dict(info["core"])
    sizes.update({p["file"]: p["bytes"] for p in info["packages"]})
    sizes[wheel.name] = wheel.stat().st_size
    # Pages are rebuilt only when their notebook changes: what changes with the package
    # (the wheel's name, matplotlibrc) is read by the worker from current.json at run time.
    rc = MATPLOTLIBRC.read_text() if MATPLOTLIBRC.is_file() else ""
    current: dict[str, Any] = {"wheel": wheel.relative_to(staging).as_posix(),
                               "wheel_bytes": wheel.stat().st_size, "matplotlibrc": rc}
    # matplotlib's font list, made at build time so that no page rebuilds it (bpb_fontlist)
    try:
        fonts = font_list(RUNTIME_SITE / "pyodide")
    except FontListError as error:
        raise ExtensionError(f"matplotlib's font list for the site: {error}") from None
    (staging / "fontlist.json").unlink(missing_ok=True)
    if fonts is None:
        logging.getLogger(__name__).info(
            "node not found: the site ships no font list, and matplotlib builds one on each "
            "page's first figure (install Node.js to avoid that)")
    else:
        (staging / "fontlist.json").write_text(fonts["text"])
        current["fontlist"] = {"file": "fontlist.json", "path": fonts["path"]}
    (staging / "current.json").write_text(json.dumps(current))
    app.env.bpb_runtime = {"graph": package_imports(), "sizes": sizes,
                           "provided": provided_modules(info)}


def copy_runtime(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    staging = Path(app.outdir) / OUT
    for name in ("pyodide", "codemirror", "licenses"):
        target = staging / name
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(RUNTIME_SITE / name, target)
    shutil.copy2(RUNTIME_SITE / "manifest.json", staging / "manifest.json")
    for path in KERNEL_DIR.iterdir():
        if path.is_file() and path.suffix in (".js", ".py"):
            shutil.copy2(path, staging / path.name)
    verify_runtime(staging)  # what the site serves, as copied


def exclude_runtime(app: Any, config: Any) -> None:
    """The assembled runtime is not part of the book's sources (it holds a README.md)."""
    config.exclude_patterns = [*config.exclude_patterns, ".runtime", ".runtime/**"]


def setup(app: Any) -> dict[str, Any]:
    app.connect("config-inited", exclude_runtime)
    # after every extension's setup (myst-nb adds its own glue domain there)
    app.connect("config-inited",
                lambda app, config: app.add_domain(MarkedGlueDomain, override=True))
    app.connect("builder-inited", prepare)
    app.connect("doctree-read", mark_cells)
    app.connect("html-page-context", page_cells)
    app.connect("build-finished", copy_runtime)
    app.add_css_file("bpb/run.css")
    app.add_js_file("bpb/run.js", type="module")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
