"""Every page of the built site, in real Chromium, in light and dark theme.

For each page: no request to any other host, no page or console error, math typeset by the
site's own MathJax (no raw TeX delimiters, no MathJax error nodes), every image loaded,
and no serious or critical accessibility violation (axe-core). A viewport screenshot of
each page in each theme goes to artifacts/screenshots/. In the light theme the same load
of the page also checks that no formula is a Tab stop and that the figures are legible at
the laptop size (the phone size has its own test); a chapter page loads no Python in the
background in these tests (`new_page(preload=False)`, tests/browser/conftest.py).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

from backprop_core.quiz.rulebook import TEXT, fill, plural
from support.browser import QUIZ_READY, screenshot, wait_for_math

ROOT = Path(__file__).resolve().parents[2]


def site_pages() -> list[str]:
    """The pages of the table of contents, plus Sphinx's own search and index pages."""
    sys.path.insert(0, str(ROOT / "tools"))
    from toc import toc_files

    return [f"{name}.html" for name in toc_files(ROOT)] + ["search.html", "genindex.html"]


RAW_TEX = """() => {
  const skip = el => el.closest(
    'pre, code, mjx-container, script, style, textarea, .bpb-quiz-source');
  const walker = document.createTreeWalker(document.querySelector('main') || document.body,
                                           NodeFilter.SHOW_TEXT);
  const bad = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (skip(node.parentElement)) continue;
    if (/\\$\\$|\\\\\\(|\\\\\\[|\\\\frac|\\\\partial/.test(node.textContent)) {
      bad.push(node.textContent.slice(0, 80));
    }
  }
  return bad;
}"""

LOAD_IMAGES = """() => Promise.all(Array.from(document.images).map(img => {
  img.loading = 'eager';
  return img.decode().catch(() => null);
}))"""

BROKEN_IMAGES = """() => Array.from(document.images)
  .filter(img => !(img.complete && img.naturalWidth > 0)).map(img => img.src)"""


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("page_path", site_pages())
def test_page(page_path: str, theme: str, site_url: str, site_dir: Path, new_page: Any) -> None:
    page = new_page(dark=theme == "dark", viewport=LAPTOP, preload=False)
    page.goto(site_url + page_path)
    wait_for_math(page)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => document.documentElement.dataset.theme") == theme

    assert page.bpb_external_requests == []
    assert page.bpb_errors == []
    assert page.evaluate("() => document.querySelectorAll('mjx-merror').length") == 0
    assert page.evaluate(RAW_TEX) == []
    page.evaluate(LOAD_IMAGES)  # figures load lazily (tools/bpb_site.py): load them all
    assert page.evaluate(BROKEN_IMAGES) == []
    if theme == "light":  # one load of the page for the checks of the default (laptop) view
        assert page.evaluate(FORMULA_TAB_STOPS) == 0
        assert_figures_legible(page, page_path, LAPTOP, site_dir)

    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    severe = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert severe == []
    screenshot(page, page_path.replace("/", "_").removesuffix(".html") + f"-{theme}")


# --- keyboard (issue 13): formulas are no Tab stops; the first quiz is a few keys away ----

def quiz_pages() -> list[str]:
    """The chapters whose HTML holds a quiz."""
    from support.book import build_book

    site = build_book().html_dir
    return [p for p in site_pages()
            if (site / p).is_file() and 'class="bpb-quiz"' in (site / p).read_text("utf-8")]


# a formula wider than the column scrolls, and must then be reachable (axe:
# scrollable-region-focusable): only those may be Tab stops
FORMULA_TAB_STOPS = """() => Array.from(document.querySelectorAll('mjx-container'))
  .filter(el => el.tabIndex >= 0 && !(['auto', 'scroll'].includes(getComputedStyle(el).overflowX)
                                       && el.scrollWidth > el.clientWidth)).length"""


# (checked on every page by test_page, in the light theme, after MathJax has typeset it)


def test_first_quiz_is_a_few_keys_away_and_checks_with_space_and_enter(
        site_url: str, new_page: Any) -> None:
    pages = quiz_pages()
    assert pages, "no page with a quiz"
    page = new_page(preload=False)
    page.goto(site_url + pages[0])
    wait_for_math(page)
    presses = 0
    while not page.evaluate("() => document.activeElement.matches('.bpb-skip-quiz')"):
        page.keyboard.press("Tab")
        presses += 1
        assert presses <= 4, "the skip link to the first quiz is not among the first Tab stops"
    page.keyboard.press("Enter")
    assert page.evaluate("() => !!document.activeElement.closest('.bpb-quiz')")
    quiz = page.locator(".bpb-quiz").first
    feedback = quiz.locator(".bpb-quiz-feedback")
    # choose an answer with the keyboard, Tab to Check, press Space: the quiz answers
    if page.evaluate(
            "() => document.activeElement.matches('input[type=radio], input[type=checkbox]')"):
        page.keyboard.press("Space")
    check = quiz.locator(".bpb-quiz-check")
    check.focus()
    page.keyboard.press("Space")
    page.wait_for_function("el => el.textContent.trim().length > 0", arg=feedback.element_handle())
    # Enter on Check checks too: after Reset (no verdict, nothing selected) it asks for an
    # answer, which only a Check says
    quiz.locator(".bpb-quiz-reset").click()
    assert feedback.inner_text() == ""
    check.focus()
    page.keyboard.press("Enter")
    multiple = quiz.get_attribute("data-bpb-multiple") == "true"
    assert feedback.inner_text() == TEXT["empty_several" if multiple else "empty_one"]
    assert page.evaluate("() => !!document.querySelector('.mjx-menu, .CtxtMenu_Menu')") is False
    assert page.bpb_errors == []


def test_enter_in_a_numeric_answer_checks_it(site_url: str, new_page: Any) -> None:
    """Enter in a number box is a Check: a wrong number gets the wrong verdict (and costs the
    penalty), the right one the right verdict with the book's value."""
    page = new_page(preload=False)
    shown = "section.bpb-quiz[data-bpb-kind=number]:has(> form:not([hidden]))"
    for path in quiz_pages():
        page.goto(site_url + path)
        page.wait_for_function(QUIZ_READY)
        if page.locator(shown).count():
            break
    else:
        pytest.fail("no page shows a numeric quiz at once")
    quiz = page.locator(shown).first
    box = quiz.locator(".bpb-quiz-number-input")
    feedback = quiz.locator(".bpb-quiz-feedback")
    value = float(quiz.get_attribute("data-bpb-value") or "nan")
    points = int(quiz.get_attribute("data-bpb-points") or "0")
    penalty = int(quiz.get_attribute("data-bpb-penalty") or "0")
    box.fill(repr(abs(value) * 10 + 1000))  # far outside any tolerance
    box.press("Enter")
    assert "bpb-quiz-feedback-wrong" in (feedback.get_attribute("class") or "")
    assert feedback.inner_text().startswith(TEXT["wrong"])
    assert quiz.get_attribute("class") == "bpb-quiz"
    if penalty:
        assert quiz.locator(".bpb-quiz-status").inner_text() == fill(
            "status_worth_now", worth=max(0, points - penalty), points=plural("points", points))
    box.fill(repr(value))
    box.press("Enter")
    assert "bpb-quiz-feedback-right" in (feedback.get_attribute("class") or "")
    assert fill("right_value", value=quiz.get_attribute("data-bpb-shown")) in feedback.inner_text()
    assert "bpb-quiz-solved" in (quiz.get_attribute("class") or "") and box.is_disabled()
    assert page.bpb_errors == []


# --- figures (issue 13): the smallest label renders at 11 CSS px or more -------------------

FIGURES = """() => Promise.all(Array.from(document.querySelectorAll('main img'))
  .filter(img => /\\.png$/.test(img.getAttribute('src') || ''))
  .map(async img => {
    img.loading = 'eager';
    await img.decode().catch(() => null);
    const box = img.getBoundingClientRect();
    let scroller = img.parentElement;
    while (scroller && scroller.tagName !== 'MAIN'
           && scroller.scrollWidth <= scroller.clientWidth + 1) {
      scroller = scroller.parentElement;
    }
    return {src: img.getAttribute('src'), natural: img.naturalWidth, shown: box.width,
            scrolls: !!scroller && scroller.tagName !== 'MAIN'};
  }))"""


LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])


def png_text(site: Path, page_path: str, src: str) -> tuple[dict[str, str], float]:
    from PIL import Image

    path = (site / page_path).parent / src
    with Image.open(path.resolve()) as im:
        return dict(getattr(im, "text", {}) or {}), float(im.info.get("dpi", (100, 100))[0])


def assert_figures_legible(page: Any, page_path: str, viewport: dict[str, int],
                           site_dir: Path) -> None:
    """On the loaded `page` (at `viewport`): the smallest label of every figure renders at
    MIN_TEXT_PX CSS px or more, no figure is wider than a laptop's column, nothing scrolls
    sideways."""
    from backprop_core.figures.legibility import (
        DPI_KEY,
        MIN_FONT_KEY,
        MIN_TEXT_PX,
        POINTS_PER_INCH,
    )

    problems = []
    for fig in page.evaluate(FIGURES):
        text, dpi = png_text(site_dir, page_path, fig["src"])
        if MIN_FONT_KEY not in text:
            problems.append(f"{fig['src']}: no {MIN_FONT_KEY} (drawn without book/matplotlibrc? "
                            f"re-execute the notebook)")
            continue
        scale = fig["shown"] / fig["natural"]
        px = float(text[MIN_FONT_KEY]) / POINTS_PER_INCH * float(text.get(DPI_KEY, dpi)) * scale
        if px < MIN_TEXT_PX - 0.05:
            problems.append(f"{fig['src']}: smallest text {px:.1f} CSS px")
        if viewport["width"] > 1000 and fig["scrolls"]:
            problems.append(f"{fig['src']}: wider than the column at a legible size "
                            f"(smallest text {px:.1f} CSS px only when scrolled)")
    assert problems == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize("page_path", site_pages())
def test_figures_are_legible_on_a_phone(page_path: str, site_url: str, site_dir: Path,
                                        new_page: Any) -> None:
    """The phone size; the laptop size is checked by test_page (light theme)."""
    page = new_page(viewport=PHONE, preload=False)
    page.goto(site_url + page_path)
    page.wait_for_load_state("networkidle")
    assert_figures_legible(page, page_path, PHONE, site_dir)


# --- search (issue 13): one search box, readable snippets ---------------------------------

SEARCH_BOXES = """() => Array.from(document.querySelectorAll(
    '.search-button-field, .search-button, form.bd-search'))
  .filter(el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'
          && !el.closest('dialog'))
  .length"""


@VIEWPORTS
@pytest.mark.parametrize("page_path", ["book/intro.html", "search.html?q=gradient"])
def test_one_search_box(page_path: str, viewport: dict[str, int], site_url: str,
                        new_page: Any) -> None:
    page = new_page(viewport=viewport, preload=False)
    page.goto(site_url + page_path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate(SEARCH_BOXES) == 1


@VIEWPORTS
def test_the_search_icon_leaves_the_query_readable(viewport: dict[str, int], site_url: str,
                                                  new_page: Any) -> None:
    page = new_page(viewport=viewport, preload=False)
    page.goto(site_url + "search.html?q=gradient")
    page.wait_for_load_state("networkidle")
    icon, text_start = page.evaluate("""() => {
        const form = document.querySelector('.bd-search-container form.bd-search');
        const input = form.querySelector('input');
        const style = getComputedStyle(input);
        const box = input.getBoundingClientRect();
        return [form.querySelector('.fa-magnifying-glass').getBoundingClientRect().right,
                box.left + parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth)];
    }""")
    assert icon <= text_start + 0.5, (
        f"the icon ends at {icon:.1f} px, the query starts at {text_start:.1f}")


def test_search_snippets_are_readable(site_url: str, new_page: Any) -> None:
    page = new_page(preload=False)
    page.goto(site_url + "search.html?q=gradient")
    page.wait_for_function(
        "() => document.querySelectorAll('#search-results p.context').length >= 3", timeout=20000)
    snippets = page.evaluate("""() => Array.from(document.querySelectorAll(
        '#search-results p.context')).map(p => p.textContent)""")
    for text in snippets:
        assert not re.search(r"\\\(|\\\)|\\\[|\\frac|\\partial|\\mathbf|\$\$", text), text
        for chrome in ("Worth 10 points", "Skip to the first quiz", "Select one answer",
                       "« First", "‹ Previous", "Contents"):
            assert chrome not in text, text
    assert page.bpb_errors == []
