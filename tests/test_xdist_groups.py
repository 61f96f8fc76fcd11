"""The xdist groups of make test (tests/support/xdist_groups.py)."""

from __future__ import annotations

import pytest

from support.xdist_groups import groups

PAGES = "tests/browser/test_site_pages.py"
PRINT = "tests/browser/test_print_site.py::test_printed_key_names_what_the_site_marks_correct"
RUNS = "tests/browser/test_run_site.py::test_chapter_runs_in_the_browser_like_its_notebook"


def test_a_file_is_one_group_unless_split() -> None:
    ids = ["book/chain-rule.ipynb::Cell 0", "book/chain-rule.ipynb::Cell 1",
           "tests/engine/test_value.py::test_a[1]", f"{PAGES}::test_search_snippets_are_readable",
           f"{PAGES}::test_figures_are_legible_on_a_phone[book/intro.html]"]
    assert groups(ids) == ["book/chain-rule.ipynb", "book/chain-rule.ipynb",
                           "tests/engine/test_value.py", PAGES, PAGES]


def test_split_tests_are_dealt_to_two_halves_by_the_chosen_parameter() -> None:
    ids = [f"{PAGES}::test_page[book/a-b.html-light]", f"{PAGES}::test_page[book/a-b.html-dark]",
           f"{PAGES}::test_page[book/c.html-light]", f"{PAGES}::test_page[book/c.html-dark]"]
    assert groups(ids) == [f"{PAGES}#0", f"{PAGES}#1", f"{PAGES}#0", f"{PAGES}#1"]  # by theme
    ids = [f"{PRINT}[book/a-b.html-print media]", f"{PRINT}[book/c.html-print media]",
           f"{PRINT}[book/a-b.html-make pdf]", f"{PRINT}[book/c.html-make pdf]"]
    half = PRINT.split("::")[0]
    assert groups(ids) == [f"{half}#0", f"{half}#1", f"{half}#0", f"{half}#1"]  # by page
    ids = [f"{RUNS}[{name}]" for name in ("a", "b", "c", "d", "e")]
    run = RUNS.split("::")[0]
    assert groups(ids) == [f"{run}#{n % 2}" for n in range(5)]


def test_a_group_mark_keeps_its_group() -> None:
    assert groups([f"{RUNS}[a]@mine", f"{PAGES}::test_x@mine"]) == ["mine", "mine"]


def test_loadgroup_keeps_a_file_on_one_worker(pytester: pytest.Pytester) -> None:
    """(pytest-xdist's own loadgroup would deal these 8 tests to both workers.)"""
    pytester.makepyfile(test_a="import os, pytest\n"
                               "@pytest.mark.parametrize('n', range(8))\n"
                               "def test_a(n):\n"
                               "    print('WORKER', os.environ['PYTEST_XDIST_WORKER'])\n")
    pytester.makeconftest("pytest_plugins = ['support.xdist_groups']\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "-n", "2", "--dist", "loadgroup",
                                "-rA")
    result.assert_outcomes(passed=8)
    used = {line.split()[-1] for line in result.stdout.lines if line.startswith("WORKER")}
    assert len(used) == 1, used
