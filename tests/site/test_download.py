"""Downloaded notebooks run anywhere (tools/bpb_download.py): the site's copy of a chapter
starts with an install cell; run in a clean venv that has only the locked packages a
notebook needs (no backprop_core), the chapter executes with that cell pointed at the site
served on 127.0.0.1, which gives it the wheel and the quiz file."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
from bpb_download import (  # noqa: E402
    MARK,
    add_install_cell,
    book_url,
    install_cell,
    quiz_files,
    requirements,
)

LOCK = ROOT / "requirements.txt"
# what running a notebook needs besides backprop_core: a kernel and a runner, and the
# packages the install cell asks for (all already in the clean venv: pip fetches nothing)
NEEDED = ("ipykernel", "nbclient", "numpy", "matplotlib", "ipywidgets", "myst-nb")
CHAPTER = "chain-rule"
RUN = """
import sys, nbformat
from nbclient import NotebookClient
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
NotebookClient(nb, timeout=300, kernel_name="python3",
               resources={"metadata": {"path": "."}}).execute()
nbformat.write(nb, path)
"""


def code(*lines: str) -> dict[str, object]:
    return {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
            "source": "\n".join(lines)}


# --- the cell, as the build writes it ---

def test_the_cell_is_added_once_and_first(tmp_path: Path) -> None:
    path = tmp_path / "c.ipynb"
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
          "cells": [code("from backprop_core.quiz import show_quiz", 'show_quiz("chain-rule", 1)')]}
    path.write_text(json.dumps(nb))
    assert add_install_cell(path, "https://example.org/b/", ["numpy>=2.0"])
    assert add_install_cell(path, "https://example.org/b/", ["numpy>=2.0"])  # a rebuild
    cells = json.loads(path.read_text())["cells"]
    assert len(cells) == 2 and cells[0]["metadata"]["tags"] == [MARK]
    assert cells[0]["id"] == MARK and cells[0]["outputs"] == []
    source = "".join(cells[0]["source"])
    assert "BOOK_URL = 'https://example.org/b/'" in source
    assert "QUIZ_FILES = ['quizzes/chain-rule.txt']" in source
    compile(source, "install cell", "exec")


def test_a_notebook_without_backprop_core_gets_no_cell(tmp_path: Path) -> None:
    path = tmp_path / "c.ipynb"
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 4, "metadata": {},
                                "cells": [code("print(1)")]}))
    assert not add_install_cell(path, "", [])
    assert len(json.loads(path.read_text())["cells"]) == 1


def test_quiz_files_and_requirements() -> None:
    nb = {"cells": [code('show_quiz("a-b", "1-2")', "show_scoreboard('a-b')", 'show_quiz("c")'),
                    {"cell_type": "markdown", "source": 'show_quiz("not-code")'}]}
    assert quiz_files(nb) == ["quizzes/a-b.txt", "quizzes/c.txt"]
    reqs = requirements()
    assert any(r.startswith("numpy") for r in reqs) and any(r.startswith("myst-nb") for r in reqs)


def test_the_book_url_comes_from_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    class App:
        class config:  # noqa: N801
            html_baseurl = "https://pages.example/book/"
    monkeypatch.delenv("BPB_BOOK_URL", raising=False)
    assert book_url(App) == "https://pages.example/book/"
    monkeypatch.setenv("BPB_BOOK_URL", "https://other.example/")
    assert book_url(App) == "https://other.example/"


def test_where_backprop_core_is_installed_the_cell_does_nothing(tmp_path: Path) -> None:
    """The book's own venv: backprop_core importable, quiz file present: no network (the
    address is unreachable), the cell says so."""
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "x.txt").write_text("")
    source = "".join(install_cell("http://127.0.0.1:9/", ["quizzes/x.txt"], [])["source"])
    run = subprocess.run([sys.executable, "-c", source], cwd=tmp_path, capture_output=True,
                         text=True, timeout=60, env={**os.environ, "BOOK_URL": ""})
    assert run.returncode == 0, run.stderr
    assert "nothing to do" in run.stdout


def test_without_an_address_the_cell_says_what_to_set(tmp_path: Path) -> None:
    source = "".join(install_cell("", ["quizzes/x.txt"], [])["source"])
    run = subprocess.run([sys.executable, "-c", source], cwd=tmp_path, capture_output=True,
                         text=True, timeout=60, env={**os.environ, "BOOK_URL": ""})
    assert run.returncode != 0 and "Set BOOK_URL" in run.stderr


# --- a downloaded chapter in a clean venv ---

def lock_blocks(text: str) -> dict[str, str]:
    """Each locked package's lines (``name==version`` and its hashes), by canonical name."""
    blocks: dict[str, str] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        first = block.split("\n", 1)[0]
        if "==" in first and not first.startswith("#"):
            lines = [ln for ln in block.splitlines() if not ln.strip().startswith("#")]
            blocks[canonicalize_name(re.split(r"[\[=]", first)[0])] = "\n".join(lines)
    return blocks


def closure(names: tuple[str, ...]) -> set[str]:
    """The packages ``names`` need, as installed in this venv (markers for this Python)."""
    seen: set[str] = set()
    todo = [canonicalize_name(n) for n in names]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for line in metadata.distribution(name).requires or []:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(canonicalize_name(req.name))
    return seen


class _Recorder(http.server.SimpleHTTPRequestHandler):
    paths: list[str]

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        self.paths.append(self.path)


@pytest.fixture
def served_site(site_dir: Path) -> Iterator[tuple[str, list[str]]]:
    paths: list[str] = []
    handler = functools.partial(type("H", (_Recorder,), {"paths": paths}),
                                directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", paths
    server.shutdown()
    server.server_close()


def test_a_downloaded_chapter_runs_in_a_clean_venv(
        tmp_path: Path, site_dir: Path, served_site: tuple[str, list[str]]) -> None:
    url, requests = served_site
    blocks = lock_blocks(LOCK.read_text())
    wanted = sorted(closure(NEEDED))
    missing = [n for n in wanted if n not in blocks]
    assert not missing, f"not in {LOCK.name}: {missing}"
    (tmp_path / "needed.txt").write_text("\n".join(blocks[n] for n in wanted) + "\n")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV",
                                                                    "JUPYTER", "MPL"))}
    cache = subprocess.run([sys.executable, "-m", "pip", "cache", "dir"], capture_output=True,
                           text=True).stdout.strip()
    env.update(HOME=str(home), BOOK_URL=url, PATH=f"{venv / 'bin'}:{env.get('PATH', '')}",
               **({"PIP_CACHE_DIR": cache} if cache else {}))
    pip = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps",
                          "--no-compile", "--require-hashes", "-r",
                          str(tmp_path / "needed.txt")],
                         env=env, capture_output=True, text=True, timeout=600)
    assert pip.returncode == 0, pip.stderr[-3000:]
    check = subprocess.run([str(python), "-c", "import backprop_core"], env=env,
                           capture_output=True, timeout=60)
    assert check.returncode != 0, "the clean venv must not have backprop_core"

    reader = tmp_path / "reader"  # a folder with nothing but the downloaded notebook
    reader.mkdir()
    notebook = reader / f"{CHAPTER}.ipynb"
    notebook.write_bytes((site_dir / "_sources" / "book" / f"{CHAPTER}.ipynb").read_bytes())
    run = subprocess.run([str(python), "-c", RUN, notebook.name], cwd=reader, env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-4000:]

    nb = json.loads(notebook.read_text())
    first = "".join("".join(o.get("text", "")) for o in nb["cells"][0]["outputs"])
    assert "installing" in first and "fetched quizzes/" in first, first
    errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert errors == []
    assert any(re.search(r"/_runtime/wheels/\w+/backprop_core-.*\.whl$", p) for p in requests)
    assert f"/_sources/book/quizzes/{CHAPTER}.txt" in requests
    assert (reader / "quizzes" / f"{CHAPTER}.txt").is_file()
