"""Shared fixtures and the session's plugins.

- The book is built once per test session (incrementally, with warnings as errors) by the
  `book_build` fixture (tests/support/book.py); the build test asserts on its result and
  the browser tests serve it.
- Notebooks run once, under strict nbval, in a sandbox, with the clean-run checks
  (tests/support/notebook_run.py).
- Figures are drawn with the Agg backend and closed after every test.
- The time of each group of tests is printed at the end (tests/support/group_times.py).
- Under --dist loadgroup (make test) the workers get whole groups of tests: a file, or half
  of the long tests of a few browser files (tests/support/xdist_groups.py).
- Property-based tests (hypothesis) run under a profile: `quick` by default, `thorough`
  with HYPOTHESIS_PROFILE=thorough (CI).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # figures are drawn off screen, before any test imports pyplot

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

from support.book import ROOT, BuildResult, build_book  # noqa: E402

__all__ = ["ROOT", "BuildResult", "build_book"]

pytest_plugins = ["pytester", "support.group_times", "support.notebook_run", "support.xdist_groups"]

# Property-based tests: examples per test. A test that sets max_examples itself is not
# scaled by the profile; leave it to the profile unless one example is expensive.
HYPOTHESIS_PROFILES = {
    "quick": settings(max_examples=25, deadline=None),
    "thorough": settings(max_examples=500, deadline=None, print_blob=True),
}
for _name, _profile in HYPOTHESIS_PROFILES.items():
    settings.register_profile(_name, _profile)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))


def pytest_report_header(config: pytest.Config) -> str:
    """Which Chromium the browser tests drive, and the range the pinned playwright supports
    (tests/support/chromium.py); printed once, at the top of the session."""
    from support.chromium import report_line

    return report_line()


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


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    """Every figure a test draws is closed after it (matplotlib keeps them otherwise)."""
    yield
    plt.close("all")
