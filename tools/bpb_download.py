"""Downloaded chapter notebooks that run in any Jupyter (a Sphinx extension).

The site's download button gives a chapter's notebook (``_sources/book/<chapter>.ipynb``).
At the end of the build this extension puts one code cell first in each downloadable
notebook that calls ``backprop_core``: the *install cell*. Run in any Jupyter, hosted or
local, it

- installs ``backprop_core`` with pip from the wheel the site already ships for its
  in-browser Python (``_runtime/current.json`` names it; ``tools/bpb_run.py`` builds it),
  with the package's requirements (``pyproject.toml``: numpy, matplotlib; the ``widgets``
  extra: ipywidgets) and myst-nb, whose ``glue`` the chapters call;
- fetches the chapter's quiz file into ``quizzes/`` beside the notebook (the site serves a
  copy of ``book/quizzes/`` under ``_sources/book/quizzes/``), which ``show_quiz`` reads.

Where ``backprop_core`` is already importable and the quiz files are present (the book's
own JupyterLab, nbval) the cell does nothing and needs no network. The book's address is
``BOOK_URL``: the environment variable of that name when set, else the constant the build
writes into the cell, from the environment variable ``BPB_BOOK_URL`` or Sphinx's
``html_baseurl`` at build time (empty by default: the cell then asks for it, and the
download note beside the button shows the address of the site being read). The source
notebooks in ``book/`` are not changed: only the site's downloadable copies carry the cell.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
QUIZ_DIR = ROOT / "book" / "quizzes"
MARK = "bpb-install"  # the install cell's tag: the cell is added once, and found again
# myst-nb's glue: the chapters glue numbers into their prose (the site's kernel has its own)
EXTRA_REQUIREMENTS = ("myst-nb>=1.0",)
_QUIZ_CALL = re.compile(r'show_(?:quiz|scoreboard)\(\s*["\']([A-Za-z0-9_-]+)["\']')

CELL = '''\
# Run this cell first. It installs backprop_core, the book's package, and the chapter's quiz
# file from the book's website, so that this notebook runs in any Jupyter (hosted or local).
# Where backprop_core is installed and the quizzes are present already, it does nothing.
# BOOK_URL: the address of the book's website (the page this notebook was downloaded from,
# without "book/<page>.html"); the environment variable BOOK_URL, when set, comes first.
BOOK_URL = {book_url!r}
QUIZ_FILES = {quiz_files!r}
REQUIREMENTS = {requirements!r}


def _bpb_install(book_url, quiz_files, requirements):
    import importlib
    import importlib.util
    import json
    import os
    import subprocess
    import sys
    import urllib.request
    from pathlib import Path

    base = os.environ.get("BOOK_URL") or book_url
    missing = [f for f in quiz_files if not Path(f).is_file()]
    has_package = importlib.util.find_spec("backprop_core") is not None
    if has_package and not missing:
        print("backprop_core is installed and the quizzes are here: nothing to do.")
        return
    if not base:
        raise RuntimeError(
            "Set BOOK_URL in this cell (or the environment variable BOOK_URL) to the address "
            "of the book's website, e.g. BOOK_URL = 'https://example.org/backprop/': the "
            "download note beside the site's download button shows it.")
    base = base.rstrip("/") + "/"
    if not has_package:
        with urllib.request.urlopen(base + "_runtime/current.json", timeout=60) as answer:
            wheel = base + "_runtime/" + json.load(answer)["wheel"]
        print("installing", wheel)
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", wheel,
                               *requirements])
        importlib.invalidate_caches()
    for name in missing:
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        with urllib.request.urlopen(base + "_sources/book/" + name, timeout=60) as answer:
            Path(name).write_bytes(answer.read())
        print("fetched", name)


_bpb_install(BOOK_URL, QUIZ_FILES, REQUIREMENTS)
del _bpb_install
'''


def requirements(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """What the wheel needs (its metadata lists no requirements): the package's own
    dependencies and the ``widgets`` extra from ``pyproject.toml``, and myst-nb."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {}).get("widgets", [])
    return [*project["dependencies"], *extras, *EXTRA_REQUIREMENTS]


def quiz_files(nb: dict[str, Any]) -> list[str]:
    """The quiz files the notebook's code shows (``show_quiz("chain-rule", ...)``), as paths
    relative to the notebook: ``["quizzes/chain-rule.txt"]``."""
    code = "\n".join("".join(c.get("source", "")) for c in nb.get("cells", [])
                     if c.get("cell_type") == "code")
    return [f"quizzes/{name}.txt" for name in sorted(set(_QUIZ_CALL.findall(code)))]


def needs_install(nb: dict[str, Any]) -> bool:
    """A notebook whose code imports backprop_core (errata or notation may not)."""
    return any(c.get("cell_type") == "code" and "backprop_core" in "".join(c.get("source", ""))
               for c in nb.get("cells", []))


def install_cell(book_url: str, files: list[str], reqs: list[str]) -> dict[str, Any]:
    """The install cell, tagged ``MARK``, without outputs."""
    source = CELL.format(book_url=book_url, quiz_files=files, requirements=reqs)
    return {"cell_type": "code", "execution_count": None, "metadata": {"tags": [MARK]},
            "outputs": [], "source": source.splitlines(keepends=True)}


def add_install_cell(path: Path, book_url: str, reqs: list[str]) -> bool:
    """Put the install cell first in the notebook at ``path`` (replacing an earlier one, so
    that a rebuild does not add a second); False when the notebook does not need it."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [c for c in nb.get("cells", []) if MARK not in c.get("metadata", {}).get("tags", [])]
    nb["cells"] = cells
    if not needs_install(nb):
        return False
    cell = install_cell(book_url, quiz_files(nb), reqs)
    if (nb.get("nbformat"), nb.get("nbformat_minor", 0)) >= (4, 5):
        cell["id"] = MARK  # nbformat 4.5 gives every cell an id
    nb["cells"] = [cell, *cells]
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return True


def book_url(app: Any) -> str:
    """The address written into the cell: ``BPB_BOOK_URL`` at build time, else Sphinx's
    ``html_baseurl``, else empty (the reader sets ``BOOK_URL``)."""
    return os.environ.get("BPB_BOOK_URL") or getattr(app.config, "html_baseurl", "") or ""


def finish_downloads(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    sources = Path(app.outdir) / "_sources" / "book"
    if not sources.is_dir():
        return
    quizzes = sources / "quizzes"
    quizzes.mkdir(exist_ok=True)
    for quiz in sorted(QUIZ_DIR.glob("*.txt")):
        shutil.copy2(quiz, quizzes / quiz.name)
    reqs = requirements()
    for nb in sorted(sources.glob("*.ipynb")):
        add_install_cell(nb, book_url(app), reqs)


def setup(app: Any) -> dict[str, Any]:
    # after bpb_site strips the downloadable notebooks' outputs (priority 500)
    app.connect("build-finished", finish_downloads, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
