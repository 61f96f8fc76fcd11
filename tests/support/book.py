"""The built book: `jupyter-book build . -W -n --keep-going`, once per test session.

Its own module so that the result is remembered once: tests/conftest.py is imported twice
(by pytest as `tests.conftest`, and as `conftest` by tests that import from it), and a
cache kept there was two caches, and two builds per session.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class BuildResult:
    returncode: int
    output: str
    html_dir: Path


_BUILD: BuildResult | None = None


def build_book() -> BuildResult:
    """Run `jupyter-book build . -W -n --keep-going` once per session and remember it.

    The site goes to ./_build/html, or to $BPB_BUILD_DIR/_build/html when that is set. The
    time is charged to the group "book build" (tests/support/group_times.py), whichever
    test (or collection) asks first.
    """
    from support.group_times import charged_to  # a plugin: imported by pytest first

    global _BUILD
    if _BUILD is None:
        with charged_to("book build"):
            _BUILD = _shared_build()
    return _BUILD


def _shared_build() -> BuildResult:
    """One build per `make test`, also when pytest-xdist runs the tests in several worker
    processes: the first worker to get the lock builds and writes down the result for this
    run (PYTEST_XDIST_TESTRUNUID); the others wait, then read it."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run is None:
        return _build()
    out = _out_dir() / "_build"
    out.mkdir(parents=True, exist_ok=True)
    record = out / ".bpb-build.json"
    with open(out / ".bpb-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if record.is_file():
            saved = json.loads(record.read_text("utf-8"))
            if saved["run"] == run:
                return BuildResult(saved["returncode"], saved["output"], Path(saved["html_dir"]))
        result = _build()
        record.write_text(json.dumps({"run": run, "returncode": result.returncode,
                                      "output": result.output,
                                      "html_dir": str(result.html_dir)}), "utf-8")
        return result


def _out_dir() -> Path:
    """Where the build goes: ./ or $BPB_BUILD_DIR (two sessions side by side)."""
    return Path(os.environ.get("BPB_BUILD_DIR", ROOT)).resolve()


def _build() -> BuildResult:
    mathjax = ROOT / "book" / "_vendor" / "mathjax" / "tex-chtml.js"
    if not mathjax.is_file():
        subprocess.run([sys.executable, "tools/vendor_mathjax.py"], cwd=ROOT, check=True)
    if not (ROOT / ".runtime" / "site" / "manifest.json").is_file():
        subprocess.run([sys.executable, "tools/fetch_runtime.py"], cwd=ROOT, check=True)
    env = dict(os.environ, PYTHONWARNINGS="ignore::DeprecationWarning")
    out = _out_dir()
    proc = subprocess.run(
        [str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going",
         "--path-output", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, out / "_build" / "html")
