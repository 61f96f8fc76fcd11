"""The built site carries the licence text of everything it redistributes, lists them on one
page, and has a .nojekyll (issues 23 and 27)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import unquote, urljoin

from support.tools import tool

ROOT = Path(__file__).resolve().parents[1]


def test_the_site_root_has_nojekyll(site_dir: Path) -> None:
    """GitHub Pages runs Jekyll unless told not to, and Jekyll drops _static, _runtime ..."""
    assert (site_dir / ".nojekyll").is_file()


def test_every_static_file_comes_from_a_listed_component(site_dir: Path) -> None:
    assets = tool("bpb_assets")
    static = site_dir / "_static"
    unknown = [p.relative_to(static).as_posix() for p in static.rglob("*") if p.is_file()
               and not assets.components_of(p.relative_to(static).as_posix())]
    assert not unknown, f"add these to COMPONENTS in tools/bpb_assets.py: {unknown}"


def test_every_third_party_component_ships_its_licence_texts(site_dir: Path) -> None:
    assets = tool("bpb_assets")
    static = site_dir / "_static"
    used = {c.key for p in static.rglob("*") if p.is_file()
            for c in assets.components_of(p.relative_to(static).as_posix())}
    for c in assets.COMPONENTS:
        if c.own:
            continue
        assert c.key in used, f"{c.key}: nothing under _static/ is from it: drop it"
        sizes = [p.stat().st_size for p in (static / "licenses" / c.key).rglob("*")
                 if p.is_file()]
        assert sizes and min(sizes) > 0 and max(sizes) > 500, c.key
    mathjax = (static / "mathjax" / "LICENSE").read_text()
    assert "Apache License" in mathjax and "Version 2.0" in mathjax
    fontawesome = (static / "licenses" / "fontawesome").rglob("*.txt")
    assert all("SIL OPEN FONT LICENSE" in p.read_text() for p in fontawesome)


def test_the_runtime_ships_its_licences_the_python_of_pyodide_included(site_dir: Path) -> None:
    runtime = site_dir / "_runtime"
    manifest = json.loads((runtime / "manifest.json").read_text())
    licences = runtime / "licenses"
    python = (licences / "python" / "LICENSE.txt").read_bytes()
    # the licence of the CPython that Pyodide compiles, from tools/licenses, never the build
    # machine's (which is a different Python: 3.11 here, 3.13 elsewhere, or none)
    assert manifest["python"].startswith("3.12.")
    assert python == (ROOT / "tools" / "licenses" / "cpython-3.12-LICENSE.txt").read_bytes()
    assert b"PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2" in python
    mpl = (licences / "pyodide" / "MPL-2.0.txt").read_bytes()
    assert b"Mozilla Public License Version 2.0" in mpl
    assert (licences / "codemirror" / "LICENSE").read_text().startswith("MIT License")
    for package in manifest["packages"]:
        sizes = [(licences / rel).stat().st_size for rel in package["licences"]]
        # at least one full text (packaging's LICENSE only points at its two others)
        assert sizes and min(sizes) > 0 and max(sizes) > 500, package["file"]


def test_the_licence_texts_kept_in_the_repository_are_those_documented() -> None:
    folder = ROOT / "tools" / "licenses"
    readme = (folder / "README.md").read_text()
    rows = dict(re.findall(r"^\| `([^`]+)` \|.*\| `([0-9a-f]{64})` \|$", readme, re.M))
    files = {p.name for p in folder.iterdir() if p.name != "README.md"}
    assert set(rows) == files
    for name, digest in rows.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


def test_one_page_lists_them_all_and_every_link_works(site_dir: Path) -> None:
    page = site_dir / "book" / "licenses.html"
    html = page.read_text(encoding="utf-8")
    intro = (site_dir / "book" / "intro.html").read_text(encoding="utf-8")
    assert 'href="licenses.html"' in intro  # in the navigation of every page
    links = re.findall(r'href="([^"#]*licenses/[^"]+)"', html)
    targets = {Path(unquote(urljoin("book/licenses.html", link))) for link in links}
    assert targets and all((site_dir / t).is_file() for t in targets), \
        [str(t) for t in targets if not (site_dir / t).is_file()]
    # every licence text shipped is linked from the page
    shipped = {p.relative_to(site_dir) for d in ("_static/licenses", "_runtime/licenses")
               for p in (site_dir / d).rglob("*") if p.is_file() and p.name != "README.md"}
    assert shipped - targets == set()
    assets = tool("bpb_assets")
    manifest = json.loads((site_dir / "_runtime" / "manifest.json").read_text())
    names = [c.name for c in assets.COMPONENTS if not c.own] + \
        [p["package"] for p in manifest["packages"]] + ["Pyodide", "CPython 3.12", "CodeMirror"]
    missing = [n for n in names if n not in html]
    assert not missing, missing
