"""Which tests run together on one pytest-xdist worker (`make test`: --dist loadgroup).

A pytest-xdist scheduler (this plugin's `pytest_xdist_make_scheduler`, for --dist loadgroup)
hands the workers whole groups: a group is a file, as with --dist loadfile (a notebook's
cells stay together, in order, on one worker; a module's fixtures are made once), except the
long parametrised tests of a few files, which are dealt to two halves each (`SPLIT`), so that
no single file keeps one worker busy after the other has finished: the site's pages (one axe
scan per page and theme), the printed key of every chapter (both ways of printing a page
stay together: tests/browser/test_print_site.py asks the site once for the verdicts on a
page's key), the chapters run in the browser and the exercises done on the site (one
in-browser Python each). A test marked `xdist_group` keeps its own group. (pytest-xdist's
own loadgroup scheduling reads groups from a suffix it writes into node ids, which pytest 9
no longer lets it write: it would hand out single tests and split a notebook's cells.)
"""

from __future__ import annotations

from typing import Any

import pytest

# (prefix of a node id, the part of its parameters' id that picks the half: "all" of it, or
# the "first" or "last" part when split at the last "-"); the first match wins
SPLIT: tuple[tuple[str, str], ...] = (
    ("tests/browser/test_site_pages.py::test_page[", "last"),  # ...[page-theme]: by theme
    ("tests/browser/test_print_site.py::test_printed_key_names_what_the_site_marks_correct[",
     "first"),  # ...[page-how]: by page, both ways together
    ("tests/browser/test_run_site.py::test_chapter_runs_in_the_browser_like_its_notebook[",
     "all"),
    ("tests/browser/test_practice_site.py::test_exercise_on_the_site_wrong_then_right_by_"
     "keyboard[", "all"),
)
HALVES = 2


class Groups:
    """The group of each test, from its node id; the distinct values of the chosen part of
    a split test's parameters are dealt to the halves "#0" and "#1" in turn, in the order
    they are first asked for (collection order: the scheduler asks in that order) and
    remembered."""

    def __init__(self) -> None:
        self.dealt: dict[str, dict[str, int]] = {}

    def __call__(self, nodeid: str) -> str:
        if nodeid.rfind("@") > nodeid.rfind("]"):  # an xdist_group mark's suffix
            return nodeid.rsplit("@", 1)[-1]
        path = nodeid.split("::", 1)[0]
        for prefix, part in SPLIT:
            if nodeid.startswith(prefix) and nodeid.endswith("]"):
                params = nodeid[len(prefix):-1]
                if part == "first":
                    params = params.rsplit("-", 1)[0]
                elif part == "last":
                    params = params.rsplit("-", 1)[-1]
                seen = self.dealt.setdefault(prefix, {})
                seen.setdefault(params, len(seen))
                return f"{path}#{seen[params] % HALVES}"
        return path


def groups(nodeids: list[str]) -> list[str]:
    """The group of each of `nodeids` (in collection order)."""
    group = Groups()
    return [group(nodeid) for nodeid in nodeids]


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """For --dist loadgroup: pytest-xdist's scope scheduling over `Groups`."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        def __init__(self, config: pytest.Config, log: Any) -> None:
            super().__init__(config, log)
            self.group = Groups()

        def _split_scope(self, nodeid: str) -> str:
            return self.group(nodeid)

    return GroupScheduling(config, log)
