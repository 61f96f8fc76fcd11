"""Time per group of tests, printed at the end of the session (a pytest plugin).

A test's time is its setup + call + teardown (what `--durations` reports), so a session
fixture's work lands on the first test that asks for it; work that belongs to a group of
its own is charged to it with `charged_to` (the book build, done once per session by
whichever test needs the site first, is charged to "book build"). The groups follow the
paths of tests/ (`group_of`); the summary also gives the session's wall time, whose rest
is collection and pytest itself.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

# (prefix of a test's node id, group); the first match wins
GROUPS: tuple[tuple[str, str], ...] = (
    ("book/", "notebooks"),
    ("tests/test_notebooks_clean.py", "notebooks"),
    ("tests/test_collapsed_cells.py", "notebooks"),
    ("tests/engine/", "package"),
    ("tests/networks/", "package"),
    ("tests/checks/", "package"),
    ("tests/figures/", "package"),
    ("tests/chapters/", "package"),
    ("tests/api/", "api contract"),
    ("tests/test_errors.py", "package"),
    ("tests/test_imports.py", "package"),
    ("tests/test_formatting.py", "package"),
    ("tests/test_layout.py", "package"),
    ("tests/test_adoption.py", "build checks"),
    ("tests/test_numeric_items.py", "notebooks"),
    ("tests/test_quizcheck.py", "build checks"),
    ("tests/quiz/", "quiz"),
    ("tests/practice/", "practice"),
    ("tests/site/", "site kernel"),
    ("tests/test_book_build.py", "book build"),
    ("tests/test_licences.py", "book build"),
    ("tests/test_reproducible.py", "build checks"),
    ("tests/test_runtime_sources.py", "build checks"),
    ("tests/test_chromium.py", "build checks"),
    ("tests/browser/test_run_site.py::test_chapter_runs_in_the_browser", "browser chapter runs"),
    ("tests/browser/", "browser"),
    ("tests/lab/", "lab"),
    ("tests/test_pdf.py", "pdf"),
    ("tests/test_lint.py", "lint"),
    ("tests/test_js.py", "javascript"),
    ("tests/test_group_times.py", "test plugins"),
    ("tests/test_notebook_run.py", "test plugins"),
    ("tests/test_xdist_groups.py", "test plugins"),
)


def group_of(nodeid: str) -> str:
    """The group of a test, from its node id (`tests/engine/test_value.py::test_x`)."""
    for prefix, group in GROUPS:
        if nodeid.startswith(prefix):
            return group
    return "other"


class GroupTimes:
    """Sums the durations of the tests' phases per group."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.tests: dict[str, set[str]] = defaultdict(set)
        self.moved: dict[tuple[str, str], float] = defaultdict(float)  # (nodeid, phase)
        self.phase: tuple[str, str] | None = None
        self.start = time.monotonic()

    @contextmanager
    def charged_to(self, group: str) -> Iterator[None]:
        """Count the time spent in the block to `group` instead of the running test."""
        start = time.monotonic()
        try:
            yield
        finally:
            seconds = time.monotonic() - start
            self.seconds[group] += seconds
            if self.phase is not None:
                self.moved[self.phase] += seconds

    def add(self, nodeid: str, phase: str, duration: float) -> None:
        group = group_of(nodeid)
        self.seconds[group] += max(0.0, duration - self.moved.pop((nodeid, phase), 0.0))
        self.tests[group].add(nodeid)

    def lines(self, wall: float) -> list[str]:
        width = max([len(g) for g in self.seconds] + [len("all tests")])
        rows = sorted(self.seconds.items(), key=lambda kv: -kv[1])
        out = [f"{group:<{width}}  {_clock(seconds):>8}  {len(self.tests[group]):>5} tests"
               for group, seconds in rows]
        total = sum(self.seconds.values())
        out.append(f"{'all tests':<{width}}  {_clock(total):>8}  "
                   f"{sum(len(t) for t in self.tests.values()):>5} tests")
        out.append(f"{'session':<{width}}  {_clock(wall):>8}  (wall clock: collection and "
                   "pytest included)")
        return out

    # -- pytest hooks ----------------------------------------------------------------------

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> Iterator[None]:
        self.phase = (item.nodeid, "setup")
        yield
        self.phase = None

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Iterator[None]:
        self.phase = (item.nodeid, "call")
        yield
        self.phase = None

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_teardown(self, item: pytest.Item) -> Iterator[None]:
        self.phase = (item.nodeid, "teardown")
        yield
        self.phase = None

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.add(report.nodeid, report.when, report.duration)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.seconds:
            return
        terminalreporter.section("time per group (setup + call + teardown)")
        for line in self.lines(time.monotonic() - self.start):
            terminalreporter.write_line(line)


def _clock(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}" if minutes else f"{seconds:.1f} s"


_SESSIONS: list[GroupTimes] = []  # one per configured pytest session (pytester nests them)


@contextmanager
def charged_to(group: str) -> Iterator[None]:
    """`GroupTimes.charged_to` of the running session (a plain block outside pytest)."""
    if not _SESSIONS:
        yield
    else:
        with _SESSIONS[-1].charged_to(group):
            yield


def pytest_configure(config: pytest.Config) -> None:
    times = GroupTimes()
    _SESSIONS.append(times)
    config.stash[_KEY] = times
    config.pluginmanager.register(times, "bpb-group-times")


def pytest_unconfigure(config: pytest.Config) -> None:
    times = config.stash.get(_KEY, None)
    if times is not None:
        config.pluginmanager.unregister(times)
        _SESSIONS.remove(times)


_KEY = pytest.StashKey[GroupTimes]()
