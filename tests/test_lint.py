"""ruff and mypy are clean on the package (the style the book's readers see), and the
publishing workflow is a valid GitHub Actions workflow."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean() -> None:
    proc = run(str(BIN / "ruff"), "check", "src", "tests", "tools")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_is_clean_on_the_package() -> None:
    proc = run(str(BIN / "mypy"), "src/backprop_core")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_publishing_workflow_is_valid() -> None:
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows, "no workflow in .github/workflows"
    proc = run(str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
               *map(str, workflows))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = workflows[0].read_text(encoding="utf-8")
    assert "run: make book" in text and "path: _build/html" in text
