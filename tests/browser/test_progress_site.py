"""The book-wide progress page on the built site, in Chromium, with no kernel and no network.

Answers given on two chapter pages show up in the progress page's totals; reset (one chapter,
the whole book), "retry my mistakes", and export, clear, import restore. The Python model
(backprop_core.quiz.model) is the oracle for the points. When the page is not in the table
of contents yet, the test writes it into a copy of the built site from the same Python
(render_progress), beside the real chapter pages.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from backprop_core.quiz import Chapter, Progress, messages, read_chapter
from backprop_core.quiz.book import book_chapters
from backprop_core.quiz.progress import render_progress
from support.browser import QUIZ_READY, screenshot, serve_directory, wait_for_math

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
READY = QUIZ_READY
HOW = read_chapter(BOOK / "quizzes" / "how-quizzes-work.txt")
CHAIN = read_chapter(BOOK / "quizzes" / "chain-rule.txt")


def chapters_on_page() -> list[Any]:
    with contextlib.chdir(BOOK):
        return book_chapters()


@pytest.fixture(scope="module")
def progress_url(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = site_dir
    if not (site_dir / "book" / "progress.html").is_file():
        root = tmp_path_factory.mktemp("site") / "html"
        shutil.copytree(site_dir, root, symlinks=True)
        (root / "book" / "progress.html").write_text(
            "<!doctype html><html lang='en' data-theme='light'><head><meta charset='utf-8'>"
            "<title>Your progress</title><link rel='icon' href='data:,'>"
            "<link rel='stylesheet' href='../_static/bpb/quiz.css'>"
            "<script type='module' src='../_static/bpb/progress.js'></script></head><body><main>"
            + render_progress(chapters_on_page())
            + "</main></body></html>",
            encoding="utf-8",
        )
    url, stop = serve_directory(root)
    yield url + "book/"
    stop()


@pytest.fixture
def browser_page(new_page: Callable[..., Any]) -> Any:
    page = new_page(accept_downloads=True, preload=False)
    return page


def open_(page: Any, url: str) -> None:
    page.goto(url)
    wait_for_math(page)
    page.wait_for_function(READY)


def answer(page: Any, chapter: Chapter, index: int, selection: list[int]) -> None:
    section = page.locator(
        f"section.bpb-quiz[data-bpb-chapter='{chapter.name}'][data-bpb-index='{index}']")
    for i in range(len(chapter.quizzes[index].answers)):
        input_ = section.locator(f".bpb-quiz-answer input[value='{i}']")
        if input_.is_checked() != (i in selection):
            section.locator(f"label[for='{input_.get_attribute('id')}']").click()
    section.locator("button.bpb-quiz-check").click()


def wrong(chapter: Chapter, index: int) -> list[int]:
    return [next(i for i, a in enumerate(chapter.quizzes[index].answers) if not a.correct)]


def right(chapter: Chapter, index: int) -> list[int]:
    return sorted(chapter.quizzes[index].correct)


def row_text(page: Any, name: str, cell: str) -> str:
    return str(page.locator(f"tr[data-bpb-chapter='{name}'] .bpb-progress-{cell}").text_content())


def total_text(page: Any) -> str:
    return str(page.locator(".bpb-progress-total").text_content())


def book_totals(page: Any) -> tuple[int, int]:
    """(points, questions) of the book, from the page's own data (written by Python)."""
    data = json.loads(str(page.locator(".bpb-progress-data").text_content()))
    return sum(c["total"] for c in data), sum(len(c["quizzes"]) for c in data)


def answer_in_two_chapters(page: Any, progress_url: str) -> int:
    """Q1 of how-quizzes-work wrong then right, and Q1 of chain-rule right: the points."""
    open_(page, progress_url + "how-quizzes-work.html")
    oracle = Progress(HOW.quizzes[0])
    answer(page, HOW, 0, wrong(HOW, 0))
    oracle.check(wrong(HOW, 0))
    answer(page, HOW, 0, right(HOW, 0))
    oracle.check(right(HOW, 0))
    open_(page, progress_url + "chain-rule.html")
    answer(page, CHAIN, 0, right(CHAIN, 0))
    return oracle.score + CHAIN.quizzes[0].points


def assert_clean(page: Any) -> None:
    assert page.bpb_external_requests == []
    assert page.bpb_errors == []


def test_totals_after_answering_in_two_chapters(progress_url: str, browser_page: Any) -> None:
    page = browser_page
    open_(page, progress_url + "progress.html")
    total, count = book_totals(page)
    assert total_text(page) == messages.book_total(0, total, 0, count)
    scored = answer_in_two_chapters(page, progress_url)
    open_(page, progress_url + "progress.html")
    assert total_text(page) == messages.book_total(scored, total, 2, count)
    how_score = HOW.quizzes[0].points - HOW.quizzes[0].penalty
    assert row_text(page, HOW.name, "score") == f"{how_score} of {HOW.total}"
    assert row_text(page, HOW.name, "answered") == f"1 of {len(HOW.quizzes)}"
    assert row_text(page, CHAIN.name, "score") == f"{CHAIN.quizzes[0].points} of {CHAIN.total}"
    # what is left: links to the unanswered questions of the chapter page
    left = page.locator(f"tr[data-bpb-chapter='{CHAIN.name}'] .bpb-progress-left a")
    assert left.count() == len(CHAIN.quizzes) - 1
    assert str(left.first.get_attribute("href")).startswith("chain-rule.html#bpb-")
    assert row_text(page, "matrix-form", "left").startswith("all ")
    page.locator(".bpb-progress-table").scroll_into_view_if_needed()
    screenshot(page, "progress-answered")
    assert_clean(page)


def test_reset_one_chapter_then_the_whole_book(progress_url: str, browser_page: Any) -> None:
    page = browser_page
    scored = answer_in_two_chapters(page, progress_url)
    open_(page, progress_url + "progress.html")
    total, count = book_totals(page)
    page.locator(f"tr[data-bpb-chapter='{CHAIN.name}'] .bpb-progress-reset").click()
    assert row_text(page, CHAIN.name, "score") == f"0 of {CHAIN.total}"
    assert total_text(page) == messages.book_total(scored - CHAIN.quizzes[0].points, total, 1,
                                                   count)
    assert "starts over" in str(page.locator(".bpb-progress-message").text_content())
    # the keyboard alone reaches and presses "Reset the whole book"
    button = page.locator(".bpb-progress-reset-all")
    for _ in range(80):
        if page.evaluate("() => document.activeElement.className") == "bpb-progress-reset-all":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert button.evaluate("b => b === document.activeElement")
    assert total_text(page) == messages.book_total(0, total, 0, count)
    stored = page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('bpb'))")
    assert stored == []
    open_(page, progress_url + "how-quizzes-work.html")  # the chapter page starts over too
    assert str(page.locator(".bpb-quiz-status").first.text_content()) == "Worth 10 points."
    assert_clean(page)


def test_retry_my_mistakes_reopens_what_was_wrong_at_first(progress_url: str,
                                                          browser_page: Any) -> None:
    page = browser_page
    scored = answer_in_two_chapters(page, progress_url)
    open_(page, progress_url + "progress.html")
    total, count = book_totals(page)
    assert page.locator(f"tr[data-bpb-chapter='{CHAIN.name}'] .bpb-progress-retry").is_disabled()
    page.locator(".bpb-progress-retry-all").click()
    how_score = HOW.quizzes[0].points - HOW.quizzes[0].penalty
    assert total_text(page) == messages.book_total(scored - how_score, total, 1, count)
    reopened = page.locator(".bpb-progress-reopened a")
    assert reopened.count() == 1
    assert str(reopened.text_content()).endswith("question 1")
    assert page.locator(".bpb-progress-retry-all").is_disabled()
    reopened.click()
    page.wait_for_function(READY)
    assert page.url.endswith("#bpb-" + HOW.quiz_keys()[0])
    assert str(page.locator(".bpb-quiz-status").first.text_content()) == "Worth 10 points."
    assert_clean(page)


def test_export_clear_import_restores(progress_url: str, browser_page: Any,
                                     tmp_path: Path) -> None:
    page = browser_page
    scored = answer_in_two_chapters(page, progress_url)
    open_(page, progress_url + "progress.html")
    total, count = book_totals(page)
    before = total_text(page)
    assert before == messages.book_total(scored, total, 2, count)
    with page.expect_download() as info:
        page.locator(".bpb-progress-export").click()
    saved = tmp_path / "progress.json"
    info.value.save_as(saved)
    assert info.value.suggested_filename == "backprop-book-progress.json"
    data = json.loads(saved.read_text())
    assert data["format"] == "backprop-book-progress"
    assert sorted(data["chapters"]) == sorted([HOW.name, CHAIN.name])
    page.locator(".bpb-progress-reset-all").click()
    assert total_text(page) == messages.book_total(0, total, 0, count)
    # a file that is not an export changes nothing
    bogus = tmp_path / "bogus.json"
    bogus.write_text('{"hello": 1}')
    page.locator(".bpb-progress-import").set_input_files(str(bogus))
    page.wait_for_function("() => document.querySelector('.bpb-progress-message')"
                           ".textContent.includes('not a progress file')")
    page.locator(".bpb-progress-import").set_input_files(str(saved))
    page.wait_for_function("() => document.querySelector('.bpb-progress-message')"
                           ".textContent.startsWith('Imported')")
    assert total_text(page) == before
    open_(page, progress_url + "how-quizzes-work.html")  # and the chapter page has it back
    how_score = HOW.quizzes[0].points - HOW.quizzes[0].penalty
    assert str(page.locator(".bpb-quiz-status").first.text_content()) == (
        f"Scored {how_score} of {HOW.quizzes[0].points} points.")
    assert_clean(page)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_progress_page_accessibility(theme: str, progress_url: str,
                                     new_page: Callable[..., Any]) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = new_page(dark=theme == "dark", preload=False)
    open_(page, progress_url + "progress.html")
    results = Axe().run(page, context=".bpb-progress",
                        options={"resultTypes": ["violations"], "preload": False})
    severe = [v["id"] for v in results.response["violations"]
              if v["impact"] in ("serious", "critical")]
    assert severe == []
    page.locator(".bpb-progress").scroll_into_view_if_needed()
    screenshot(page, f"progress-{theme}")
    assert_clean(page)


@pytest.fixture(scope="module")
def two_paths(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same built site served under two paths of one host (a course site that moved)."""
    import os

    root = tmp_path_factory.mktemp("moved")
    for where in ("course/2025", "teaching/backprop"):
        (root / where).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(site_dir, root / where, target_is_directory=True)
    url, stop = serve_directory(root)
    yield url
    stop()


def test_progress_survives_moving_the_site(two_paths: str, browser_page: Any) -> None:
    """Progress is keyed to the book and the chapter (store.js), not to the URL path: a quiz
    answered under one path is answered under the other, and the first format's entries
    (keyed by the old path) are moved to the new keys and removed."""
    page = browser_page
    old, new = two_paths + "course/2025/book/", two_paths + "teaching/backprop/book/"
    open_(page, old + "chain-rule.html")
    answer(page, CHAIN, 0, right(CHAIN, 0))
    open_(page, new + "chain-rule.html")
    status = page.locator(f"section.bpb-quiz[data-bpb-chapter='{CHAIN.name}'][data-bpb-index='0'] "
                          ".bpb-quiz-status")
    assert str(status.text_content()) == messages.status(solved(CHAIN, 0))
    # a reader whose progress was kept by the first format, under the old path
    keys = CHAIN.quiz_keys()[:2]
    page.evaluate("""([keys]) => {
      localStorage.clear();
      localStorage.setItem('bpb-quiz:v1:/course/2025/book/how-quizzes-work.html', '{}');
      localStorage.setItem('bpb-quiz:v1:/course/2025/book/chain-rule.html',
        JSON.stringify(Object.fromEntries(keys.map(k => [k, {tried: [], solved: true}]))));
    }""", [keys])
    open_progress(page, new + "progress.html")
    stored = page.evaluate("() => Object.fromEntries(Object.keys(localStorage)"
                           ".filter(k => k.startsWith('bpb'))"
                           ".map(k => [k, localStorage.getItem(k)]))")
    assert {k: json.loads(v) for k, v in stored.items()} == {
        # an old entry with nothing of this book's quizzes is left alone
        "bpb-quiz:v1:/course/2025/book/how-quizzes-work.html": {},
        f"bpb-quiz:v2:backprop-book:{CHAIN.name}": {k: {"tried": [], "solved": True} for k in keys},
    }
    points = CHAIN.quizzes[0].points + CHAIN.quizzes[1].points
    assert row_text(page, CHAIN.name, "score") == f"{points} of {CHAIN.total}"
    open_(page, new + "chain-rule.html")
    for index in (0, 1):
        status = page.locator(f"section.bpb-quiz[data-bpb-chapter='{CHAIN.name}']"
                              f"[data-bpb-index='{index}'] .bpb-quiz-status")
        assert str(status.text_content()) == messages.status(solved(CHAIN, index))
    assert_clean(page)


def open_progress(page: Any, url: str) -> None:
    page.goto(url)
    wait_for_math(page)
    page.wait_for_function(
        "() => document.documentElement.classList.contains('bpb-progress-ready')")


def solved(chapter: Chapter, index: int) -> Progress:
    p = Progress(chapter.quizzes[index])
    p.check(right(chapter, index))
    return p


def test_export_is_dated_versioned_scored_and_checked(progress_url: str, browser_page: Any,
                                                      tmp_path: Path) -> None:
    """Issue 27 item 5: the export carries when, the book's version, every chapter's score,
    and a checksum; a hand-edited file is refused and said so; a file of the first format
    (no checksum) still imports. Issue 26 item 8: a reset can be undone."""
    import backprop_core

    page = browser_page
    scored = answer_in_two_chapters(page, progress_url)
    open_(page, progress_url + "progress.html")
    total, count = book_totals(page)
    before = total_text(page)
    with page.expect_download() as info:
        page.locator(".bpb-progress-export").click()
    saved = tmp_path / "progress.json"
    info.value.save_as(saved)
    data = json.loads(saved.read_text())
    assert data["version"] == 2 and data["book"] == "backprop-book"
    assert data["bookVersion"] == backprop_core.__version__
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", data["exported"])
    assert data["scores"][CHAIN.name] == {"score": CHAIN.quizzes[0].points,
                                          "total": CHAIN.total, "solved": 1,
                                          "count": len(CHAIN.quizzes)}
    assert data["total"] == {"score": scored, "total": total, "solved": 2, "count": count}
    assert re.fullmatch(r"[0-9a-f]{16}", data["checksum"])
    # Reset the whole book, then Undo: everything is back
    page.locator(".bpb-progress-reset-all").click()
    assert total_text(page) == messages.book_total(0, total, 0, count)
    page.locator(".bpb-progress-undo").click()
    assert total_text(page) == before
    assert page.locator(".bpb-progress-undo").count() == 0
    # a chapter's reset too
    page.locator(f"tr[data-bpb-chapter='{CHAIN.name}'] .bpb-progress-reset").click()
    assert row_text(page, CHAIN.name, "score") == f"0 of {CHAIN.total}"
    page.locator(".bpb-progress-undo").click()
    assert row_text(page, CHAIN.name, "score") == f"{CHAIN.quizzes[0].points} of {CHAIN.total}"
    # a file edited by hand (a score raised) is refused, by name
    page.locator(".bpb-progress-reset-all").click()
    edited = tmp_path / "edited.json"
    data["scores"][CHAIN.name]["score"] = CHAIN.total
    edited.write_text(json.dumps(data))
    page.locator(".bpb-progress-import").set_input_files(str(edited))
    page.wait_for_function("() => document.querySelector('.bpb-progress-message')"
                           ".textContent.includes('was changed after it was exported')")
    assert total_text(page) == messages.book_total(0, total, 0, count)
    # the first format, without checksum, still imports
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"format": "backprop-book-progress", "version": 1,
                               "chapters": json.loads(saved.read_text())["chapters"]}))
    page.locator(".bpb-progress-import").set_input_files(str(old))
    page.wait_for_function("() => document.querySelector('.bpb-progress-message')"
                           ".textContent.startsWith('Imported')")
    assert total_text(page) == before
    assert_clean(page)
