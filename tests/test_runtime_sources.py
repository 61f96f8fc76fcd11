"""The in-browser Python's files are verified every time (issue 23): each core and
CodeMirror file against its pinned sha256, each wheel against Pyodide's official lock file,
in .runtime/site and in the site's copy; and the documented fallback works: a runtime
assembled from a folder laid out as Pyodide's official release (pyodide-0.27.7.tar.bz2
unpacked), with BPB_RUNTIME_SOURCE, offline. The folder is made here from the files already
verified in .runtime/ (no network)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support.tools import tool

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / ".runtime" / "site"
DOWNLOADS = ROOT / ".runtime" / "downloads"
FETCH = ROOT / "tools" / "fetch_runtime.py"
NUMPY = "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"


@pytest.fixture(scope="module")
def fetch_runtime():  # type: ignore[no-untyped-def]
    if not (SITE / "manifest.json").is_file():
        pytest.fail(".runtime/site is missing: `make setup` assembles it")
    return tool("fetch_runtime")


def run_fetch(tmp_path: Path, source: Path | None, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BPB_RUNTIME")}
    env["BPB_RUNTIME_DIR"] = str(tmp_path / "runtime")
    if source is not None:
        env["BPB_RUNTIME_SOURCE"] = str(source)
    return subprocess.run([sys.executable, str(FETCH), *args], capture_output=True, text=True,
                          env=env, timeout=300)


def release_folder(tmp_path: Path, fetch_runtime) -> Path:  # type: ignore[no-untyped-def]
    """The layout of pyodide-0.27.7.tar.bz2's pyodide/ folder (core files and wheels side by
    side, more wheels than the site needs, the demo page), plus codemirror-5.65.21.tgz."""
    folder = tmp_path / "pyodide"
    folder.mkdir()
    for path in (SITE / "pyodide").iterdir():
        shutil.copy2(path, folder / path.name)
    (folder / "console.html").write_text("<!doctype html>\n")  # in the release, not shipped
    (folder / "unused-1.0-py3-none-any.whl").write_bytes(b"not a package the site needs")
    cm = DOWNLOADS / fetch_runtime.CODEMIRROR_TGZ["name"]
    if not cm.is_file():
        pytest.fail(f"{cm} is missing: `python tools/fetch_runtime.py` downloads it")
    shutil.copy2(cm, folder / cm.name)
    assert not (folder / fetch_runtime.CARRIER["name"]).exists()
    assert not (folder / fetch_runtime.PYODIDE_TGZ["name"]).exists()
    return folder


def test_the_runtime_assembles_from_an_official_release_folder(tmp_path: Path,
                                                                fetch_runtime) -> None:  # type: ignore[no-untyped-def]
    folder = release_folder(tmp_path, fetch_runtime)
    proc = run_fetch(tmp_path, folder)
    assert proc.returncode == 0, proc.stderr
    built = tmp_path / "runtime" / "site"
    assert fetch_runtime.verify_site(built) == fetch_runtime.verify_site(SITE)
    for sub in ("pyodide", "codemirror"):  # the same bytes as from npm and the carrier
        ours = sorted(p.name for p in (SITE / sub).iterdir())
        assert sorted(p.name for p in (built / sub).iterdir()) == ours
        for name in ours:
            assert (built / sub / name).read_bytes() == (SITE / sub / name).read_bytes(), name
    manifest = json.loads((built / "manifest.json").read_text())
    assert f"release folder {folder}" in manifest["sources"]["wheels"]
    assert (built / "licenses" / "python" / "LICENSE.txt").is_file()
    # nothing was downloaded: only the folder's codemirror tgz was copied into the cache
    assert sorted(p.name for p in (tmp_path / "runtime" / "downloads").iterdir()) == \
        [fetch_runtime.CODEMIRROR_TGZ["name"]]


@pytest.mark.parametrize(("name", "expected"), [
    (NUMPY, "from Pyodide's official lock file"),
    ("pyodide.asm.wasm", "put pyodide-0.27.7.tgz into"),
    ("pyodide-lock.json", "put pyodide-0.27.7.tgz into"),
])
def test_a_tampered_release_file_is_refused(tmp_path: Path, fetch_runtime, name: str,  # type: ignore[no-untyped-def]
                                            expected: str) -> None:
    folder = release_folder(tmp_path, fetch_runtime)
    with open(folder / name, "ab") as f:
        f.write(b"\0")
    proc = run_fetch(tmp_path, folder)
    assert proc.returncode == 1
    message = proc.stderr
    assert name in message and "refusing to use it" in message and expected in message, message
    assert not (tmp_path / "runtime" / "site").exists()


def test_a_missing_release_wheel_is_named(tmp_path: Path, fetch_runtime) -> None:  # type: ignore[no-untyped-def]
    folder = release_folder(tmp_path, fetch_runtime)
    (folder / NUMPY).unlink()
    proc = run_fetch(tmp_path, folder)
    assert proc.returncode == 1
    assert f"{NUMPY} (numpy) is missing (the Pyodide release folder {folder}" in proc.stderr


def test_the_assembled_runtime_is_checked_file_by_file(tmp_path: Path, fetch_runtime) -> None:  # type: ignore[no-untyped-def]
    """Not only the wheels: a changed core or CodeMirror file, or a file nothing verified,
    stops `fetch_runtime.py` (what `make` runs) and `--check`."""
    copy = tmp_path / "runtime" / "site"
    shutil.copytree(SITE, copy)
    assert run_fetch(tmp_path, None, "--check").returncode == 0
    (copy / "codemirror" / "codemirror.js").write_text("/* changed */")
    with open(copy / "pyodide" / "python_stdlib.zip", "ab") as f:
        f.write(b"\0")
    (copy / "pyodide" / "evil.js").write_text("")
    with pytest.raises(fetch_runtime.VerificationError) as error:
        fetch_runtime.verify_site(copy)
    message = str(error.value)
    assert "codemirror.js" in message and "python_stdlib.zip" in message
    for args in ((), ("--check",)):
        proc = run_fetch(tmp_path, None, *args)
        assert proc.returncode == 1 and "python_stdlib.zip" in proc.stderr, proc.stderr
    shutil.copy2(SITE / "pyodide" / "python_stdlib.zip", copy / "pyodide" / "python_stdlib.zip")
    shutil.copy2(SITE / "codemirror" / "codemirror.js", copy / "codemirror" / "codemirror.js")
    with pytest.raises(fetch_runtime.VerificationError, match="files nothing verified: evil.js"):
        fetch_runtime.verify_site(copy)


def test_the_book_build_checks_the_runtime(tmp_path: Path) -> None:
    """tools/bpb_run.py runs the same check before the build and on the site's copy."""
    from sphinx.errors import ExtensionError

    bpb_run = tool("bpb_run")
    bpb_run.verify_runtime(SITE)
    copy = tmp_path / "_runtime"
    shutil.copytree(SITE, copy)
    with open(copy / "pyodide" / NUMPY, "ab") as f:
        f.write(b"\0")
    with pytest.raises(ExtensionError, match=NUMPY):
        bpb_run.verify_runtime(copy)
