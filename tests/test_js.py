"""The site's JavaScript, tested like a library: Node's built-in test runner over tests/js/
(the pure functions of book/_vendor/bpb/ and tools/runtime/loading.js: scoring, gates,
messages, typed numbers, stored progress, the progress page's sums, which cells run, the
runtime client's messages, what the worker loads) and ESLint over every site script and
the tests (``npm run lint``, the ESLint pinned in package.json, installed by ``make
setup-test``). Both need Node.js >= 20.19; they fail, never skip, without it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MIN_TESTS = 40  # the suite has more: fewer means test files were lost


def tool(name: str) -> str:
    path = shutil.which(name)
    assert path, (f"the JavaScript tests need Node.js >= 20.19 and npm (`{name}` not found): "
                  "e.g. sudo apt-get install -y nodejs npm")
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, BPB_PYTHON=sys.executable)  # tests/js/support/rulebook.js
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)


def test_js_unit_tests_pass() -> None:
    proc = run(tool("node"), "--test", "tests/js/")
    report = proc.stdout + proc.stderr
    assert proc.returncode == 0, report[-8000:]
    passed = re.search(r"^# pass (\d+)$", proc.stdout, re.MULTILINE)
    assert passed and int(passed.group(1)) >= MIN_TESTS, report[-2000:]


def test_eslint_is_clean() -> None:
    assert (ROOT / "node_modules" / ".bin" / "eslint").exists(), (
        "ESLint is not installed: run `make setup-test` (npm ci into node_modules/)")
    proc = run(tool("npm"), "run", "--silent", "lint")
    assert proc.returncode == 0, proc.stdout + proc.stderr
