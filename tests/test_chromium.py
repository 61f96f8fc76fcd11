"""The browser tests say which Chromium they drive and refuse one outside the range the
pinned playwright supports (tests/support/chromium.py)."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from support.chromium import (
    CHROMIUM,
    ChromiumCheck,
    ChromiumVersionError,
    bundled_chromium,
    chromium_check,
    installed_chromium,
    report_line,
    require_supported,
)

ROOT = Path(__file__).resolve().parents[1]


def test_the_range_comes_from_playwrights_own_browsers_json() -> None:
    bundled = bundled_chromium()
    assert metadata.version("playwright") == "1.65.2"  # the pin this range was judged for
    assert bundled.split(".")[0] == "159"
    check = ChromiumCheck(CHROMIUM, "156.0.8078.129", "1.65.2", bundled)
    assert check.supported == range(155, 161)


@pytest.mark.parametrize(("version", "words"), [
    ("154.0.1.2", ["Chromium 154.0.1.2, older than the majors 155-160", "apt-get install"]),
    ("161.0.1.2", ["Chromium 161.0.1.2, newer than the majors 155-160", "newer playwright"]),
])
def test_a_chromium_outside_the_range_is_refused_with_what_to_do(
        version: str, words: list[str]) -> None:
    check = ChromiumCheck(CHROMIUM, version, "1.65.2", "159.0.8154.6")
    problem = check.problem()
    assert problem is not None
    assert all(w in problem for w in [*words, "playwright 1.65.2", "159.0.8154.6"]), problem


@pytest.mark.parametrize("version", ["155.0.1.2", "159.0.8154.6", "160.0.0.1"])
def test_a_chromium_inside_the_range_is_accepted(version: str) -> None:
    assert ChromiumCheck(CHROMIUM, version, "1.65.2", "159.0.8154.6").problem() is None


def test_a_missing_chromium_is_named(tmp_path: Path) -> None:
    with pytest.raises(ChromiumVersionError, match="missing: install it"):
        installed_chromium(str(tmp_path / "chromium"))


def test_the_installed_chromium_is_supported_and_said_in_the_header() -> None:
    check = require_supported()
    assert check is chromium_check()
    assert check.version.startswith(f"{check.major}.")
    line = report_line()
    assert line.startswith(f"chromium: {CHROMIUM} {check.version}; playwright 1.65.2")
    # pytest prints it in its header (not under -q), before any test runs
    out = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-n", "0",
                          "tests/test_chromium.py"], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert line in out.stdout.split("collected")[0], out.stdout[-2000:]
