"""The printed book (issue 21 item 5), in real Chromium: every chapter printed as the
browser's Print does it (print media, `beforeprint`) and as `make pdf` does it
(tools/make_pdf.py's own preparation). For every quiz of the book, the answer key at the end
of the chapter must name the option(s) that the site itself marks correct when clicked (or,
for a numeric question, a value the site accepts, with its tolerance), lettered as the
options are printed; gated questions print in full, solutions print open, the score lines
do not print, and a reader in the dark theme gets the light palette on paper. When the two
ways of printing a page print the same key, the site is asked once (again if it refused)."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from support.browser import wait_for_math

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import make_pdf  # noqa: E402  (tools/ is not a package)

# (page, what it printed) -> the site's verdict per quiz on the key's answers, when it
# accepted all of them: asked once
VERDICTS: dict[str, dict[str, str]] = {}

# What the printed page shows: per quiz, its options' letters and texts as printed, and the
# key's entry (letters, or the numeric value and tolerance).
PRINTED = """() => {
  const visible = (e) => !!e && getComputedStyle(e).display !== 'none'
    && e.getClientRects().length > 0;
  const quizzes = [...document.querySelectorAll(
    'section.bpb-quiz[data-bpb-key]:not(.bpb-quiz-duplicate)')];
  const items = [...document.querySelectorAll('.bpb-answer-key li.bpb-answer-key-item')];
  return {
    theme: document.documentElement.dataset.theme,
    background: getComputedStyle(document.body).backgroundColor,
    keyShown: visible(document.querySelector('.bpb-answer-key')),
    scoreShown: [...document.querySelectorAll('.bpb-scoreboard, .bpb-quiz-status')].some(visible),
    solutions: [...document.querySelectorAll('details.bpb-solution')].map(d =>
      d.open && [...d.children].filter(c => c.tagName !== 'SUMMARY').every(visible)),
    quizzes: quizzes.map(q => ({
      key: q.dataset.bpbKey,
      index: Number(q.dataset.bpbIndex),
      chapter: q.dataset.bpbChapter,
      numeric: q.dataset.bpbKind === 'number',
      formShown: visible(q.querySelector('.bpb-quiz-form')),
      letters: [...q.querySelectorAll('.bpb-quiz-answer')].map(a =>
        visible(a) && visible(a.querySelector('.bpb-quiz-letter'))
          ? a.querySelector('.bpb-quiz-letter').textContent.trim() : null),
      inks: [...q.querySelectorAll('.bpb-quiz-question, .bpb-quiz-answer label')]
        .map(e => getComputedStyle(e).color),
    })),
    key: items.map(li => ({
      key: li.dataset.bpbKey,
      letters: [...li.querySelectorAll('[data-bpb-letter]')].map(s => s.dataset.bpbLetter),
      value: (li.querySelector('[data-bpb-value]') || {dataset: {}}).dataset.bpbValue || null,
      text: li.textContent,
    })),
  };
}"""


def printed(page: Any, how: str) -> dict[str, Any]:
    wait_for_math(page)
    page.emulate_media(media="print")
    if how == "make pdf":
        page.wait_for_load_state("networkidle")
        page.evaluate(make_pdf.PREPARE)
    else:  # the browser's Print: print media, and the `beforeprint` event it fires
        page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    return page.evaluate(PRINTED)


def answer_as_the_key_says(page: Any, quiz: dict[str, Any], entry: dict[str, Any]) -> str:
    """Answer `quiz` on screen with what the key says; the site's verdict (feedback class)."""
    section = page.locator(f"section.bpb-quiz[data-bpb-key='{quiz['key']}']").first
    if not section.locator(".bpb-quiz-form").is_visible():
        return "still locked: the key's answer to the question before was not accepted"
    if quiz["numeric"]:
        section.locator(".bpb-quiz-number-input").fill(entry["value"])
    else:
        for letter in entry["letters"]:
            place = quiz["letters"].index(f"({letter})")
            section.locator(".bpb-quiz-answer label").nth(place).click()
    section.locator("button.bpb-quiz-check").click()
    cls = section.locator(".bpb-quiz-feedback").get_attribute("class") or ""
    return "right" if "bpb-quiz-feedback-right" in cls else cls


@pytest.mark.parametrize("how", ["print media", "make pdf"])
@pytest.mark.parametrize("path", make_pdf.toc_pages())
def test_printed_key_names_what_the_site_marks_correct(
    new_page: Callable[..., Any], site_url: str, path: str, how: str
) -> None:
    # a reader in the dark theme prints: the paper still gets the light palette
    page = new_page(dark=True, preload=False)
    page.add_init_script("localStorage.setItem('mode', 'dark'); "
                         "localStorage.setItem('theme', 'dark')")
    page.goto(site_url + path)
    got = printed(page, how)

    assert got["theme"] == "light", "print keeps the dark palette"
    assert got["background"] in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
    inks = {ink for q in got["quizzes"] for ink in q["inks"]}
    assert inks <= {"rgb(0, 0, 0)"}, f"quiz ink not black: {inks}"
    assert not got["scoreShown"], "a score line prints"
    assert all(got["solutions"]), "a solution prints closed"
    assert got["keyShown"] == bool(got["quizzes"]), "the answer key does not print"
    quizzes = got["quizzes"]
    if not quizzes:  # a page without quizzes prints no key
        assert got["key"] == [] and not got["keyShown"]
        return
    assert all(q["formShown"] for q in quizzes), "a (gated) question does not print"
    # every option printed with its letter, a, b, c, ... in the order printed
    for q in quizzes:
        if not q["numeric"]:
            assert q["letters"] == [f"({chr(97 + n)})" for n in range(len(q["letters"]))], q["key"]
    # one key entry per quiz, in page order, each naming something
    assert [e["key"] for e in got["key"]] == [q["key"] for q in quizzes]
    for q, entry in zip(quizzes, got["key"], strict=True):
        if q["numeric"]:
            assert entry["value"] and re.search(r"\((within|only)", entry["text"]), entry
        else:
            assert entry["letters"], entry

    # the site's verdict on the key's answers, asked afresh on screen (a new reader); when
    # the other way of printing the same page printed the same key and letters and the site
    # accepted every answer of it, that is the verdict (a key not accepted is asked again)
    asked = json.dumps([path, quizzes, got["key"]], sort_keys=True)
    verdicts = VERDICTS.get(asked)
    if verdicts is None:
        screen = new_page(preload=False)
        screen.goto(site_url + path)
        wait_for_math(screen)
        screen.wait_for_function(
            "() => document.documentElement.classList.contains('bpb-quiz-ready')")
        order = sorted(range(len(quizzes)),
                       key=lambda i: (quizzes[i]["chapter"], quizzes[i]["index"]))
        # in each chapter's order: a right answer opens the next gate
        verdicts = {
            quizzes[i]["key"]: answer_as_the_key_says(screen, quizzes[i], got["key"][i])
            for i in order}
        assert screen.bpb_external_requests == []
        assert screen.bpb_errors == []
        if all(v == "right" for v in verdicts.values()):
            VERDICTS[asked] = verdicts
    wrong = {k: v for k, v in verdicts.items() if v != "right"}
    assert wrong == {}, f"{path}: the key's answer is not marked correct for {wrong}"
    assert page.bpb_external_requests == []
    assert page.bpb_errors == []
