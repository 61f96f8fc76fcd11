"""The site's quiz.js agrees with the Python model, on generated sequences of actions.

The rules and sentences live once, in :mod:`backprop_core.quiz.rulebook`; the model
(:mod:`~backprop_core.quiz.model`, :mod:`~backprop_core.quiz.session`,
:mod:`~backprop_core.quiz.messages`) applies them in Python and ``quiz.js`` in the
browser.  Hypothesis generates sequences of what a reader does (pick answers and
Check, type a number and Check — numbers, fractions, commas, garbage, repeats —,
Reset a quiz, "Clear my answers", reload the page); each sequence runs through the
Python model and, driving the page's own buttons and inputs, through quiz.js in
Chromium.  After every action the whole observable state must be equal: per quiz on
the page whether it is shown or locked, its score line, the feedback and its tone,
solved, the "why not" paragraphs shown, the explanation; the scoreboard; what
localStorage keeps.  On pages with a whole file, the book's progress page (which
scores the chapter again from localStorage) must then show the model's score, answered
count, questions left and whether "Retry my mistakes" is offered.  Besides the
generated sequences, each page replays one written out (solve every quiz in order,
reload, Reset the first gate, answer it again).

Pages: for every quiz file of ``book/quizzes`` and ``tests/quiz/data``, one page with
all its quizzes in several cells and one with only some of them (a gate whose quiz is
not on the page is open; cells in another order), written by
:mod:`~backprop_core.quiz.static` next to the working tree's quiz.js; and the built
site's "How the quizzes work" and "chain rule" pages (real MathJax, the site's other
scripts).
``window.bpbQuiz`` (quiz.js) also gets many generated entries, which must be read and
judged exactly as Python does (the expected value a page prints is Python's own text,
``data-bpb-shown``).
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from backprop_core.quiz import read_chapter
from backprop_core.quiz.book import BookChapter
from backprop_core.quiz.numbers import read_number, within
from backprop_core.quiz.progress import render_progress
from backprop_core.quiz.rulebook import TEXT, fill, plural
from backprop_core.quiz.static import render_quizzes, render_scoreboard
from support.browser import QUIZ_READY, serve_directory, wait_for_math
from support.quiz_sequences import (
    LAYOUTS,
    VALUES,
    Layout,
    Model,
    actions_for,
    chapter_of,
    solve_then_reset,
)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "book" / "_vendor" / "bpb"
READY = QUIZ_READY
EXAMPLES = 10  # generated sequences per page (each up to 24 actions), whatever the profile
REPLAYED: dict[str, int] = {}  # page -> sequences replayed (printed at the end, with -s)

# -- the pages ----------------------------------------------------------------------------


def write_page(directory: Path, layout: Layout) -> str:
    chapter = chapter_of(layout.path)
    cells = "".join(
        f'<div class="cell_output">{render_quizzes(chapter, list(c))}</div>\n'
        for c in layout.cells
    )
    page = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{layout.name}</title><link rel='icon' href='data:,'>"
        "<link rel='stylesheet' href='_static/bpb/quiz.css'>"
        "<script type='module' src='_static/bpb/quiz.js'></script></head><body><main>\n"
        f"{cells}{render_scoreboard(chapter)}\n</main></body></html>"
    )
    name = f"{layout.name}.html"
    (directory / name).write_text(page, encoding="utf-8")
    return name


def write_progress(directory: Path, pages: dict[str, str]) -> str:
    """The book's progress page over the pages that show whole files."""
    whole = [layout for layout in LAYOUTS if layout.name.endswith("-all")]
    chapters = [BookChapter(chapter_of(x.path), x.name, pages[x.name]) for x in whole]
    page = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>progress</title>"
        "<link rel='icon' href='data:,'><script type='module' src='_static/bpb/progress.js'>"
        "</script></head>"
        f"<body><main>{render_progress(chapters)}</main></body></html>"
    )
    (directory / "progress.html").write_text(page, encoding="utf-8")
    return "progress.html"


def progress_row(model: Model) -> dict[str, Any]:
    """What the progress page's row of this chapter must say (a page with the whole file)."""
    progress = model.session.progress
    left = [i + 1 for i, p in enumerate(progress.quizzes) if not p.solved]
    if not left:
        left_text = TEXT["progress_none_left"]
    elif len(left) == len(progress.quizzes):
        left_text = fill("progress_all_left", count=len(left))
    else:
        left_text = fill("progress_left", questions=plural("question", len(left)))
        left_text += TEXT["progress_list_separator"].join(map(str, left))
    return {
        "score": fill("progress_score", score=progress.score, total=model.chapter.total),
        "answered": fill("progress_score", score=progress.solved, total=len(progress.quizzes)),
        "left": left_text,
        "retry": any(p.wrong_tries for p in progress.quizzes),
    }


ROW = """
(page) => {
  const row = Array.from(document.querySelectorAll("tr[data-bpb-chapter]"))
    .find((r) => r.querySelector("a").getAttribute("href") === page);
  return {
    score: row.querySelector(".bpb-progress-score").textContent,
    answered: row.querySelector(".bpb-progress-answered").textContent,
    left: row.querySelector(".bpb-progress-left").textContent,
    retry: !row.querySelector(".bpb-progress-retry").disabled,
  };
}
"""

SETTLED = f"""
([page, want]) => {{
  try {{
    const got = ({ROW.strip()})(page);
    return Object.keys(want).every((k) => got[k] === want[k]);
  }} catch (e) {{
    return false;  // the row is not drawn yet
  }}
}}
"""


@pytest.fixture(scope="module")
def generated_site(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, dict[str, str]]]:
    """The generated pages next to the working tree's scripts and styles (book/_vendor/bpb:
    quiz.js, progress.js and the modules they import, quiz.css)."""
    directory = tmp_path_factory.mktemp("quiz-rules-site")
    shutil.copytree(VENDOR, directory / "_static" / "bpb")
    pages = {layout.name: write_page(directory, layout) for layout in LAYOUTS}
    pages["progress"] = write_progress(directory, pages)
    url, stop = serve_directory(directory)
    yield url, pages
    stop()


@pytest.fixture(scope="module")
def module_page(chromium: Any) -> Iterator[Callable[[str], Any]]:
    """One recorded page per URL, reused by all the sequences replayed on it; no Python
    loads in the background on the built chapter pages (NO_PRELOAD: they run no code)."""
    from support.browser import NO_PRELOAD, record

    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(NO_PRELOAD)
    pages: dict[str, Any] = {}

    def open_(url: str) -> Any:
        if url not in pages:
            page = record(context.new_page())
            page.goto(url)
            wait_for_math(page)
            page.wait_for_function(READY)
            pages[url] = page
        return pages[url]

    yield open_
    context.close()
    total = sum(REPLAYED.values())
    print(f"\nquiz rules: {total} generated sequences replayed on {len(REPLAYED)} pages")


# -- the Python side: what the page must show ---------------------------------------------


# -- the browser side: the same actions through the page's own controls --------------------

REPLAY = """
([chapter, actions]) => {
  const sections = () => Array.from(document.querySelectorAll(
      `section.bpb-quiz[data-bpb-chapter="${chapter}"]:not(.bpb-quiz-duplicate)`))
    .sort((a, b) => a.dataset.bpbIndex - b.dataset.bpbIndex);
  const section = (i) => sections().find((s) => Number(s.dataset.bpbIndex) === i);
  const snapshot = () => {
    // the chapter's progress is shared by every page that shows its quizzes (store.js):
    // this page's part of it
    const store = JSON.parse(localStorage.getItem("bpb-quiz:v2:backprop-book:" + chapter) || "{}");
    const here = sections().map((s) => s.dataset.bpbKey);
    const stored = {};
    for (const [key, s] of Object.entries(store).filter(([k]) => here.includes(k))) {
      stored[key] = {tries: s.tried.length, solved: s.solved};
    }
    return {
      quizzes: sections().map((s) => {
        const locked = s.querySelector(".bpb-quiz-locked");
        const explain = s.querySelector(".bpb-quiz-explain");
        const fb = s.querySelector(".bpb-quiz-feedback");
        const tone = Array.from(fb.classList).find((c) => c.startsWith("bpb-quiz-feedback-"));
        return {
          index: Number(s.dataset.bpbIndex),
          visible: !s.querySelector("form").hidden,
          locked: !!locked && !locked.hidden,
          status: s.querySelector(".bpb-quiz-status").textContent,
          feedback: fb.textContent,
          tone: tone ? tone.slice("bpb-quiz-feedback-".length) : "",
          solved: s.classList.contains("bpb-quiz-solved")
            && s.querySelector(".bpb-quiz-check").disabled,
          whynot: Array.from(s.querySelectorAll(".bpb-quiz-whynot"))
            .filter((p) => !p.hidden).map((p) => Number(p.dataset.bpbAnswer)),
          explain: !!explain && !explain.hidden,
        };
      }),
      board: Array.from(document.querySelectorAll(
          `.bpb-scoreboard[data-bpb-chapter="${chapter}"] .bpb-scoreboard-text`))
        .map((p) => p.textContent),
      stored,
    };
  };
  const trace = [];
  for (const a of actions) {
    const s = a.length > 1 ? section(a[1]) : null;  // ["clear"] and ["look"] name no quiz
    if (a[0] === "check" && !s.querySelector("form").hidden) {
      const box = s.querySelector(".bpb-quiz-number-input");
      if (box) {
        if (!box.disabled) box.value = a[2];
      } else {
        for (const input of s.querySelectorAll(".bpb-quiz-answer input")) {
          if (!input.disabled) input.checked = a[2].includes(Number(input.value));
        }
      }
      s.querySelector(".bpb-quiz-check").click();  // disabled once solved: does nothing
    } else if (a[0] === "reset" && !s.querySelector("form").hidden) {
      s.querySelector(".bpb-quiz-reset").click();
    } else if (a[0] === "clear") {
      document.querySelector(
        `.bpb-scoreboard[data-bpb-chapter="${chapter}"] .bpb-scoreboard-clear`).click();
    }
    trace.push(snapshot());
  }
  return trace;
}
"""


def replay(page: Any, model: Model, actions: list[list[Any]], progress: Any = None) -> None:
    """Run ``actions`` on the page (from a cleared state) and in the model; compare.
    With ``progress`` (the progress page, same browser storage) compare its row too."""
    name = model.chapter.name
    page.evaluate(REPLAY, [name, [["clear"]]])
    segments: list[list[list[Any]]] = [[]]
    for a in actions:
        if a[0] == "reload":
            segments.append([])
        else:
            segments[-1].append(a)
    for n, segment in enumerate(segments):
        if n:
            page.reload()
            page.wait_for_function(READY)
            model.act(["reload"])
            got = page.evaluate(REPLAY, [name, [["look"]]])
            assert got[0] == model.snapshot(), f"{name}: after reload {n} of {actions}"
        trace = page.evaluate(REPLAY, [name, segment])
        for step, (action, got) in enumerate(zip(segment, trace, strict=True)):
            model.act(action)
            want = model.snapshot()
            assert got == want, f"{name}: step {step} {action} of segment {n} of {actions}"
    if progress is not None:
        progress.reload()
        progress.wait_for_function(READY)
        path = page.evaluate("() => location.pathname.split('/').pop()")
        want = progress_row(model)
        # the page fills its rows after READY: wait (bounded) for them to settle, then compare
        with contextlib.suppress(PlaywrightTimeout):
            progress.wait_for_function(SETTLED, arg=[path, want], timeout=5000)
        assert progress.evaluate(ROW, path) == want, actions
        assert progress.bpb_errors == []
    assert page.bpb_errors == [] and page.bpb_external_requests == []


# -- the tests ------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS, ids=[layout.name for layout in LAYOUTS])
def test_generated_sequences_agree_on_a_page(
    layout: Layout, generated_site: tuple[str, dict[str, str]], module_page: Callable[[str], Any]
) -> None:
    url, pages = generated_site
    page = module_page(url + pages[layout.name])
    chapter = chapter_of(layout.path)
    # the page shows what static.py wrote, and quiz.js found every quiz of it
    shown = page.evaluate(
        "() => Array.from(document.querySelectorAll('section.bpb-quiz'))"
        ".map((s) => Number(s.dataset.bpbIndex))"
    )
    assert sorted(shown) == layout.shown
    fresh = Model(chapter, layout.shown)
    assert page.evaluate(REPLAY, [chapter.name, [["clear"]]])[0] == fresh.snapshot()
    # pages with a whole file also check the book's progress page (progress.js scores it
    # again from the browser's storage); it does not know which quizzes a page shows
    whole = layout.name.endswith("-all")
    progress = module_page(url + pages["progress"] + "#" + layout.name) if whole else None

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(actions_for(chapter, layout.shown, reload=True))
    @example(solve_then_reset(chapter, layout.shown))
    def agree(actions: list[list[Any]]) -> None:
        replay(page, Model(chapter, layout.shown), actions, progress)
        REPLAYED[layout.name] = REPLAYED.get(layout.name, 0) + 1

    agree()


@pytest.mark.parametrize("name", ["how-quizzes-work", "chain-rule"])
def test_generated_sequences_agree_on_the_built_page(
    name: str, site_url: str, module_page: Callable[[str], Any]
) -> None:
    """Built pages: the real page, its MathJax and all the site's scripts."""
    page = module_page(site_url + f"book/{name}.html")
    assert page.locator("script.bpb-quiz-rules").count() > 0, (
        f"the page carries no rulebook: re-execute book/{name}.ipynb"
    )
    chapter = read_chapter(ROOT / "book" / "quizzes" / f"{name}.txt")
    # the values the chapter's code bound, as the page holds them
    names = {}
    for i, q in enumerate(chapter.quizzes):
        if q.numeric is not None and q.numeric.name is not None:
            value = page.locator(f"section.bpb-quiz[data-bpb-index='{i}']").get_attribute(
                "data-bpb-value"
            )
            names[q.numeric.name] = float(str(value))
    chapter = chapter.bind(names)
    shown = sorted(page.evaluate(
        "() => Array.from(document.querySelectorAll('section.bpb-quiz'))"
        ".map((s) => Number(s.dataset.bpbIndex))"
    ))

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(actions_for(chapter, shown, reload=True))
    @example(solve_then_reset(chapter, shown))
    def agree(actions: list[list[Any]]) -> None:
        replay(page, Model(chapter, shown), actions)
        REPLAYED[f"{name} (built)"] = REPLAYED.get(f"{name} (built)", 0) + 1

    agree()


ENTRIES = st.one_of(
    st.text(alphabet="0123456789.+-eE/, \t\u2212\u00a0\x1c", max_size=14),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.text(max_size=30),
)
FIXED_ENTRIES = ["", " 5 ", "4,75", "1/0", "\u22123", "\x1c5", "\ufeff5", "\U0001d7d8" * 21,
                 "1" * 25]
FIXED_VALUES = [*VALUES, 0.0, -0.0, 1e-5, 9999995.0, 999999.5, 0.5, 1e16, 123456.0, 1234567.0]


def test_numbers_are_read_and_judged_as_python_does(
    generated_site: tuple[str, dict[str, str]], module_page: Callable[[str], Any]
) -> None:
    """quiz.js's readNumber and within against numbers.py, many at once."""
    url, pages = generated_site
    page = module_page(url + pages[LAYOUTS[0].name])

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(
        st.lists(ENTRIES, min_size=100, max_size=100),
        st.lists(st.one_of(st.floats(allow_nan=False, allow_infinity=False),
                           st.integers(-10**7, 10**7).map(lambda k: k / 8)),
                 min_size=100, max_size=100),
    )
    def agree(entries: list[str], values: list[float]) -> None:
        entries = FIXED_ENTRIES + entries
        got = page.evaluate(
            # the value as its shortest repr: Playwright hands integral numbers over as ints
            "(xs) => xs.map((x) => { const r = bpbQuiz.readNumber(x);"
            " return r.problem === undefined ? {value: String(r.value)} : {problem: r.problem}; })",
            entries,
        )
        for entry, reading in zip(entries, got, strict=True):
            want = read_number(entry)
            if want.value is None:
                assert reading == {"problem": want.problem}, entry
            else:
                assert float(reading["value"]) == want.value, entry
        values = FIXED_VALUES + values
        pairs = [(v, e, t, r) for v, e in zip(values[::2], values[1::2], strict=False)
                 for t, r in ((0.01, True), (0.5, False), (0.0, False))]
        pairs += [(4.75 * (1 + 0.005), 4.75, 0.005, True), (0.1 + 0.2, 0.3, 0.0, False)]
        judged = page.evaluate("(ps) => ps.map((p) => bpbQuiz.within(...p))", pairs)
        assert judged == [within(*p) for p in pairs]

    agree()
