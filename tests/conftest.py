"""Shared fixtures: the repository root and the built book.

The book is built once per test session (incrementally, with warnings as errors) by the
`book_build` fixture; the build test asserts on its result and the browser tests serve it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class BuildResult:
    returncode: int
    output: str
    html_dir: Path


_BUILD: BuildResult | None = None


def build_book() -> BuildResult:
    """Run `jupyter-book build . -W -n --keep-going` once per session and remember it.

    The site goes to ./_build/html, or to $BPB_BUILD_DIR/_build/html when that is set.
    """
    global _BUILD
    if _BUILD is None:
        mathjax = ROOT / "book" / "_vendor" / "mathjax" / "tex-chtml.js"
        if not mathjax.is_file():
            subprocess.run([sys.executable, "tools/vendor_mathjax.py"], cwd=ROOT, check=True)
        if not (ROOT / ".runtime" / "site" / "manifest.json").is_file():
            subprocess.run([sys.executable, "tools/fetch_runtime.py"], cwd=ROOT, check=True)
        env = dict(os.environ, PYTHONWARNINGS="ignore::DeprecationWarning")
        # BPB_BUILD_DIR: build somewhere else than ./_build (two sessions side by side)
        out = Path(os.environ.get("BPB_BUILD_DIR", ROOT)).resolve()
        proc = subprocess.run(
            [str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going",
             "--path-output", str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env=env,
            timeout=900,
        )
        _BUILD = BuildResult(proc.returncode, proc.stdout + proc.stderr, out / "_build" / "html")
    return _BUILD


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def book_build() -> BuildResult:
    return build_book()


@pytest.fixture(scope="session")
def site_dir(request: pytest.FixtureRequest) -> Path:
    prebuilt = os.environ.get("BPB_SITE_DIR")  # while developing: a site built beforehand
    if prebuilt:
        return Path(prebuilt)
    book_build = request.getfixturevalue("book_build")
    if book_build.returncode != 0:
        pytest.fail("the book did not build:\n" + book_build.output[-4000:])
    return book_build.html_dir
