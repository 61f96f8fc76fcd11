"""matplotlib's font list for the site's Python, made once at build time (issue 26, item 1).

On its first import matplotlib looks for a list of its fonts and, when it finds none it can
use, builds one (``font_manager._load_fontmanager``), logging "Matplotlib is building the
font cache; this may take a moment." In the browser that cost seconds before the first
figure of every page: each page's worker starts from an empty file system. Pyodide 0.27.7's
matplotlib 3.8.4 is patched to read the list from ``matplotlib/fontlist.json`` beside
``font_manager.py`` (``/lib/python3.12/site-packages/...``), not from ``get_cachedir()``,
and the one its wheel ships is discarded: it was written by a newer matplotlib on a Mac
(``_version`` 390 where 3.8.4 wants 330; hundreds of macOS system fonts).

So the build makes the list with the same Pyodide and matplotlib, under Node
(``tools/bpb_fontlist.mjs``): matplotlib builds it exactly as it would in the browser, with
paths relative to its data folder. It is kept in ``.runtime/fontlist/`` under a key of the
matplotlib wheel and the script, so it is made once per runtime (about 10-40 s). The site
serves it as ``_runtime/fontlist.json``; the worker writes it where matplotlib reads it
after loading matplotlib and before importing it (``tools/runtime/worker.js``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tools" / "bpb_fontlist.mjs"
CACHE = ROOT / ".runtime" / "fontlist"


class FontListError(Exception):
    """The font list could not be made, or is not one matplotlib would use."""


def check_font_list(text: str, version: int) -> dict[str, Any]:
    """The parsed list if it is one matplotlib ``version`` reads as it is: its ``_version``,
    fonts in it, every path relative to matplotlib's data folder (none of the build
    machine's); else FontListError saying what is wrong."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FontListError(f"the font list is not JSON: {error}") from None
    if data.get("_version") != version:
        raise FontListError(f"the font list has _version {data.get('_version')!r}, "
                            f"matplotlib wants {version}")
    entries = [*data.get("ttflist", []), *data.get("afmlist", [])]
    if not data.get("ttflist"):
        raise FontListError("the font list holds no TrueType font")
    absolute = [e["fname"] for e in entries if e["fname"].startswith("/")]
    if absolute:
        raise FontListError(f"the font list names fonts outside matplotlib: {absolute[:3]}")
    return data


def font_list(pyodide_dir: Path, cache: Path = CACHE) -> dict[str, Any] | None:
    """``{"path", "version", "text"}``: where Pyodide's matplotlib reads its font list, the
    FontManager version, the file; made once per matplotlib wheel and kept in ``cache``.
    None when Node is not installed (then matplotlib builds the list in each page)."""
    wheels = sorted(pyodide_dir.glob("matplotlib-*.whl"))
    if len(wheels) != 1:
        raise FontListError(f"expected one matplotlib wheel in {pyodide_dir}, found "
                            f"{[w.name for w in wheels]}")
    key = hashlib.sha256(wheels[0].read_bytes() + SCRIPT.read_bytes()).hexdigest()[:16]
    text_file, info_file = cache / f"{key}.json", cache / f"{key}.info.json"
    if not (text_file.is_file() and info_file.is_file()):
        node = shutil.which("node")
        if node is None:
            return None
        cache.mkdir(parents=True, exist_ok=True)
        part = text_file.with_suffix(f".{os.getpid()}.part")  # builds side by side
        proc = subprocess.run([node, str(SCRIPT), str(pyodide_dir), str(part)],
                              capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            raise FontListError(f"node {SCRIPT.name} failed:\n{proc.stderr[-2000:]}")
        info = json.loads(proc.stdout.strip().splitlines()[-1])
        check_font_list(part.read_text(), info["version"])
        info_part = info_file.with_suffix(f".{os.getpid()}.part")
        info_part.write_text(json.dumps(info))
        info_part.replace(info_file)
        part.replace(text_file)
    info = json.loads(info_file.read_text())
    text = text_file.read_text()
    check_font_list(text, info["version"])
    return {"path": info["path"], "version": info["version"], "text": text}
