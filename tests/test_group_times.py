"""The time per group of tests printed at the end of a session (tests/support/group_times.py)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from support.group_times import GroupTimes, group_of

TESTS = Path(__file__).resolve().parent


def test_every_test_file_has_a_group() -> None:
    files = sorted(p.relative_to(TESTS.parent).as_posix() for p in TESTS.rglob("test_*.py"))
    assert files
    ungrouped = [f for f in files if group_of(f"{f}::test_x") == "other"]
    assert not ungrouped, f"add these to GROUPS in tests/support/group_times.py: {ungrouped}"


@pytest.mark.parametrize(("nodeid", "group"), [
    ("book/chain-rule.ipynb::Cell 3", "notebooks"),
    ("book/chain-rule.ipynb::clean run: no machine path printed", "notebooks"),
    ("tests/test_notebooks_clean.py::test_no_machine_paths[errata.ipynb]", "notebooks"),
    ("tests/engine/test_value.py::test_x", "package"),
    ("tests/quiz/test_parse.py::test_x[1]", "quiz"),
    ("tests/site/test_kernel.py::test_x", "site kernel"),
    ("tests/browser/test_run_site.py::test_chapter_runs_in_the_browser_like_its_notebook[x]",
     "browser chapter runs"),
    ("tests/browser/test_run_site.py::test_keyboard_only_reach_edit_run_and_leave", "browser"),
    ("tests/browser/test_site_pages.py::test_x", "browser"),
    ("tests/test_pdf.py::test_x", "pdf"),
    ("somewhere/else.py::test_x", "other"),
])
def test_group_of_a_node_id(nodeid: str, group: str) -> None:
    assert group_of(nodeid) == group


def test_time_charged_to_a_group_leaves_the_test_that_spent_it() -> None:
    times = GroupTimes()
    times.phase = ("tests/browser/test_site_pages.py::test_x", "setup")
    with times.charged_to("book build"):
        time.sleep(0.05)
    times.phase = None
    built = times.seconds["book build"]
    assert built >= 0.05
    times.add("tests/browser/test_site_pages.py::test_x", "setup", built + 0.5)
    times.add("tests/browser/test_site_pages.py::test_x", "call", 0.25)
    times.add("tests/engine/test_value.py::test_y", "call", 1.0)
    assert times.seconds["browser"] == pytest.approx(0.75)
    assert times.seconds["package"] == pytest.approx(1.0)
    lines = times.lines(wall=100.0)
    assert lines[0].split()[:2] == ["package", "1.0"]  # longest first
    assert lines[-2].split()[:5] == ["all", "tests", f"{0.75 + 1.0 + built:.1f}", "s", "2"]
    assert lines[-1].split()[:2] == ["session", "1:40"]


def test_a_session_prints_its_groups(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(**{
        "tests/engine/test_a.py": "import time\ndef test_a():\n    time.sleep(0.3)\n",
        "tests/quiz/test_b.py": "import time\ndef test_b():\n    time.sleep(0.1)\n"
                                "def test_c():\n    time.sleep(0.1)\n",
        "tests/test_book_build.py": (
            "import time, pytest\nfrom support.group_times import charged_to\n"
            "@pytest.fixture\ndef built():\n    with charged_to('book build'):\n"
            "        time.sleep(0.4)\n"
            "def test_d(built):\n    time.sleep(0.1)\n"),
    })
    result = pytester.runpytest("-p", "support.group_times", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)
    text = result.stdout.str()
    assert "time per group (setup + call + teardown)" in text
    rows = {m.group(1): (float(m.group(2)), int(m.group(3)))
            for m in re.finditer(r"^(\w[\w ]*?)\s+([\d.]+) s\s+(\d+) tests$", text, re.M)}
    assert set(rows) == {"package", "quiz", "book build", "all tests"}
    assert rows["package"][1] == 1 and rows["quiz"][1] == 2 and rows["all tests"][1] == 4
    assert 0.3 <= rows["package"][0] < 1.0
    assert 0.2 <= rows["quiz"][0] < 1.0
    assert 0.5 <= rows["book build"][0] < 1.2  # the fixture's 0.4 s and the test's 0.1 s
    assert list(rows) == sorted(rows, key=lambda g: (g == "all tests", -rows[g][0]))
