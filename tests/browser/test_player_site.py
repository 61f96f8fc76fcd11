"""The static step-through player in Chromium: buttons, slider and keys move through the
steps, every control is labelled, no two labels overlap in any step, text is at least
11 CSS px on a laptop and on a phone, the caption area does not change height, the panel
follows the dark theme, and a player is one drawing (a 2-4-4-3 network stays small)."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from backprop_core.engine.examples import example_graph
from backprop_core.figures import palette
from backprop_core.figures.legibility import MIN_TEXT_PX
from backprop_core.figures.player import PlayerModel, frames, player_html
from backprop_core.figures.player.predict import predictions, slug
from backprop_core.networks.forms import network_graph
from backprop_core.networks.layers import Dense
from backprop_core.networks.network import Network
from backprop_core.quiz.book import book_chapters
from backprop_core.quiz.progress import PREDICT_PENALTY, PREDICT_POINTS, render_progress
from support.browser import screenshot, serve_directory

BOOK = Path(__file__).resolve().parents[2] / "book"

PAGE = """<!doctype html>
<html lang="en" data-theme="{theme}" data-mode="{theme}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>player fixture</title><link rel="icon" href="_static/bpb/favicon.svg">
<link rel="stylesheet" href="_static/styles/theme.css">
<link rel="stylesheet" href="_static/styles/pydata-sphinx-theme.css">
<link rel="stylesheet" href="_static/bpb/palette.css">
<link rel="stylesheet" href="_static/bpb/player.css">
<script type="module" src="_static/bpb/player.js"></script></head>
<body><main id="main-content" style="max-width: 720px; margin: 0 auto; padding: 0 1rem">
<h1>Player</h1>{players}</main></body></html>"""


def network_player(sizes: list[int], title: str) -> str:
    net = Network.from_sizes(sizes, activations="sigmoid", seed=3)
    x = np.linspace(-1.0, 0.5, sizes[0])
    y = np.eye(sizes[-1])[0]
    return player_html(network_graph(net, x, y).cost, title=title, output_name="C")


def worked_player() -> str:
    """The worked example's player: the parameters' steps, and predictions."""
    net = Network([Dense([[0.5, -0.3], [0.2, 0.8]], [0.1, -0.1], "sigmoid"),
                   Dense([[0.7, -0.4], [-0.6, 0.9]], [0.0, 0.2], "sigmoid")])
    graph = network_graph(net, np.array([1.0, 0.5]), np.array([1.0, 0.0]))
    return player_html(graph.cost, "The worked example", "C", parameters=graph,
                       predict="worked-example")


PREDICT_TITLE = "o = ½·c·d, predicted"
PLAYERS = {
    "example": lambda: player_html(example_graph()["o"], title="o = ½·c·d"),
    "net-2-2-2": lambda: network_player([2, 2, 2], "A 2-2-2 network"),
    "predict": lambda: player_html(example_graph()["o"], title=PREDICT_TITLE,
                                   predict="computational-graph"),
    "worked": worked_player,
}


@pytest.fixture(scope="module")
def fixture_site(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Pages holding players, next to a copy of the built site's _static folder."""
    root = tmp_path_factory.mktemp("player")
    shutil.copytree(site_dir / "_static", root / "_static")
    for name, make in PLAYERS.items():
        for theme in ("light", "dark"):
            (root / f"{name}-{theme}.html").write_text(
                PAGE.format(theme=theme, players=make()), "utf-8")
    # the progress page, on the same origin: it reads what the players keep
    with contextlib.chdir(BOOK):
        chapters = book_chapters()
    (root / "progress.html").write_text(
        "<!doctype html><html lang='en' data-theme='light'><head><meta charset='utf-8'>"
        "<title>Your progress</title><link rel='icon' href='data:,'>"
        "<link rel='stylesheet' href='_static/bpb/quiz.css'>"
        "<script type='module' src='_static/bpb/progress.js'></script></head><body><main>"
        + render_progress(chapters) + "</main></body></html>", "utf-8")
    url, stop = serve_directory(root)
    yield url
    stop()


def css_rgb(colour: str) -> str:
    """A ``#RRGGBB`` colour as the browser's computed style writes it."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def current(page: Any) -> int:
    return int(page.evaluate("() => document.querySelector('.bpb-player').bpbPlayer.current"))


def visible_caption(page: Any) -> str:
    return str(page.locator(".bpb-player-caption.bpb-on").inner_text())


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_player_controls(theme: str, fixture_site: str, new_page: Any) -> None:
    count = len(frames(example_graph()["o"]))
    page = new_page(dark=theme == "dark", preload=False)
    page.goto(fixture_site + f"example-{theme}.html")
    assert current(page) == 0 and visible_caption(page).startswith(f"Step 1 of {count}")
    page.get_by_role("button", name="Next step").click()
    assert current(page) == 1
    page.get_by_role("button", name="Last step").click()
    assert current(page) == count - 1
    assert "\u0101 = 10.5" in page.evaluate("""() => Array.from(document.querySelectorAll(
        "svg text:not([visibility=hidden])")).map(t => t.textContent).join("|")""")
    assert page.locator(".bpb-player-status").inner_text().startswith(f"{count} / {count}")
    page.get_by_role("button", name="Previous step").click()
    assert current(page) == count - 2
    page.get_by_role("slider", name=f"Step of {count}").fill("3")
    assert current(page) == 3
    screenshot(page, f"player-{theme}")
    page.get_by_role("button", name="First step").click()
    assert current(page) == 0
    # in step 1 only the first value is known, and no gradient
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('svg text.bpb-grad'))
        .filter(t => t.getAttribute('visibility') !== 'hidden')
        .map(t => t.textContent)""")
    assert shown == []
    # play runs by itself, and pauses
    page.get_by_role("button", name="Play").click()
    page.wait_for_function("() => document.querySelector('.bpb-player').bpbPlayer.current >= 2")
    page.get_by_role("button", name="Pause").click()
    stopped = current(page)
    page.wait_for_timeout(1500)
    assert current(page) == stopped
    # the panel follows the theme: no light panel around a dark page
    colours = page.evaluate("""() => [
        getComputedStyle(document.querySelector('.bpb-player')).backgroundColor,
        getComputedStyle(document.body).backgroundColor]""")
    assert colours[0] in (colours[1], "rgba(0, 0, 0, 0)")
    if theme == "dark":  # the drawing takes the palette's dark-theme colours (palette.css)
        drawn = page.evaluate("""() => [
            getComputedStyle(document.querySelector('.bpb-graph .bpb-node circle')).fill,
            getComputedStyle(document.querySelector('.bpb-graph .bpb-node .bpb-val')).fill]""")
        assert drawn == [css_rgb(palette.NODE_FILL_ON_DARK), css_rgb(palette.VALUE_ON_DARK)]
    assert page.bpb_external_requests == []
    assert page.bpb_errors == []


def test_player_keyboard_only(fixture_site: str, new_page: Any) -> None:
    page = new_page(preload=False)
    page.goto(fixture_site + "example-light.html")
    page.keyboard.press("Tab")  # the player region itself takes focus
    assert page.evaluate("() => document.activeElement.classList.contains('bpb-player')")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert current(page) == 2
    page.keyboard.press("End")
    last = current(page)
    page.keyboard.press("ArrowLeft")
    assert current(page) == last - 1
    page.keyboard.press("Home")
    assert current(page) == 0
    # Tab to the "Next step" button and press it with Enter, then with Space
    for _ in range(4):
        page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == "Next step"
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    assert current(page) == 2


# every step: the boxes of the texts shown, the smallest font in CSS px, the player's height
EVERY_STEP = """() => {
  const root = document.querySelector('.bpb-player');
  const out = [];
  for (let i = 0; i < root.bpbPlayer.count; i++) {
    root.bpbPlayer.show(i);
    const texts = Array.from(root.querySelectorAll('svg text')).filter(t =>
      t.getAttribute('visibility') !== 'hidden' && t.textContent.trim());
    const boxes = texts.map(t => { const r = t.getBoundingClientRect();
      return [t.textContent, r.left, r.top, r.right, r.bottom]; });
    const px = texts.map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
    // the current step's node, against the visible part of the (scrolling) drawing
    const node = root.querySelector('.bpb-node.bpb-active');
    const stage = root.querySelector('.bpb-player-stage').getBoundingClientRect();
    const nb = node && node.getBoundingClientRect();
    out.push({boxes: boxes, smallest: Math.min(...px),
              nodeInView: !nb || (nb.left >= stage.left - 0.5 && nb.right <= stage.right + 0.5),
              height: root.getBoundingClientRect().height,
              controls: root.querySelector('.bpb-player-controls').getBoundingClientRect().top
                        - root.getBoundingClientRect().top});
  }
  return out;
}"""


def overlaps(boxes: list[list[Any]]) -> list[tuple[str, str]]:
    bad = []
    for i, (ta, *a) in enumerate(boxes):
        for tb, *b in boxes[i + 1:]:
            if a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5:
                bad.append((ta, tb))
    return bad


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}],
    ids=["laptop", "phone"])
@pytest.mark.parametrize("name", list(PLAYERS))
def test_player_legible_in_every_step(name: str, viewport: dict[str, int], fixture_site: str,
                                      new_page: Any) -> None:
    page = new_page(viewport=viewport, preload=False)
    page.goto(fixture_site + f"{name}-light.html")
    steps = page.evaluate(EVERY_STEP)
    for i, step in enumerate(steps):
        assert overlaps(step["boxes"]) == [], f"step {i + 1}"
        assert step["smallest"] >= MIN_TEXT_PX - 0.05, f"step {i + 1}: {step['smallest']:.1f} px"
    # the buttons never move under the pointer
    assert len({round(s["controls"]) for s in steps}) == 1
    assert len({round(s["height"]) for s in steps}) == 1
    if viewport["width"] < 500:
        # on a phone the page itself does not scroll sideways: the drawing does, inside
        assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
        # its five buttons stay on one row
        tops = page.eval_on_selector_all(
            ".bpb-player-controls button",
            "bs => bs.map(b => Math.round(b.getBoundingClientRect().top))")
        assert len(tops) == 5 and len(set(tops)) == 1, tops
        # and the current step's node is never scrolled out of the drawing's frame
        assert [i + 1 for i, s in enumerate(steps) if not s["nodeInView"]] == []
        screenshot(page, f"player-{name}-phone")
    assert page.bpb_errors == []


def test_a_player_is_one_drawing() -> None:
    small = network_player([2, 2, 2], "2-2-2")
    large = network_player([2, 4, 4, 3], "2-4-4-3")
    assert small.count("<svg") == 1 and large.count("<svg") == 1
    # 213 KiB for the 2-2-2 network when every step was a drawing of its own
    assert len(small.encode()) < 40_000
    assert len(large.encode()) < 200_000


def test_predict_then_see_with_the_keyboard_and_the_score_on_the_progress_page(
        fixture_site: str, new_page: Any) -> None:
    first = predictions(PlayerModel.of(example_graph()["o"], PREDICT_TITLE))[0]
    page = new_page(preload=False)
    page.goto(fixture_site + "predict-light.html")
    page.evaluate(f"() => document.querySelector('.bpb-player').bpbPlayer.show({first.step - 1})")
    page.keyboard.press("Tab")  # the player region
    assert page.evaluate("() => document.activeElement.classList.contains('bpb-player')")
    question = page.locator(".bpb-player-question")
    assert question.inner_text() == first.question
    # the next step waits: the arrow key moves the focus to the answer box instead
    page.keyboard.press("ArrowRight")
    assert current(page) == first.step - 1
    box = page.get_by_label("Your prediction (within 1%):")
    assert page.evaluate("() => document.activeElement.classList.contains('bpb-player-answer')")
    # a wrong number, typed and sent with Enter: the step stays hidden, the slip is named
    slip = first.hints[0]
    page.keyboard.type(repr(slip.value))
    page.keyboard.press("Enter")
    said = page.locator(".bpb-player-feedback").inner_text()
    assert said.startswith("Not right. " + slip.text) and f"−{PREDICT_PENALTY}" in said
    assert current(page) == first.step - 1
    # then the right one: the step shows
    box.fill("")
    page.keyboard.type(first.shown)
    page.keyboard.press("Enter")
    assert current(page) == first.step
    assert page.locator(".bpb-player-feedback").inner_text().startswith("Right!")
    earned = PREDICT_POINTS - PREDICT_PENALTY
    assert page.locator(".bpb-player-score").inner_text().startswith(f"Predictions: {earned} of")
    # "Show the step" moves on without points
    page.get_by_role("button", name="Show the step").click()
    assert current(page) == first.step + 1
    # kept with the chapter's quiz progress: one wrong try, then right
    stored = page.evaluate("""() => JSON.parse(localStorage.getItem(
        'bpb-quiz:v2:backprop-book:computational-graph'))""")
    key = f"player:{slug(PREDICT_TITLE)}:{first.step}"
    assert list(stored) == [key]
    assert stored[key]["solved"] is True and len(stored[key]["tried"]) == 1
    # the progress page counts it beside the chapter's quizzes
    page.goto(fixture_site + "progress.html")
    page.wait_for_function(
        "() => document.documentElement.classList.contains('bpb-progress-ready')")
    score = page.locator('tr[data-bpb-chapter="computational-graph"] .bpb-progress-score')
    assert f"(+{earned} point" in score.inner_text()
    assert page.locator(".bpb-progress-players").inner_text() == (
        f"Predictions in the step-through players: {earned} point more (1 predicted right).")
    assert page.bpb_external_requests == []
    assert page.bpb_errors == []


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_predict_mode_passes_axe_and_lists_the_parameters(theme: str, fixture_site: str,
                                                          new_page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = new_page(dark=theme == "dark", preload=False)
    page.goto(fixture_site + f"worked-{theme}.html")
    page.evaluate("() => document.querySelector('.bpb-player').bpbPlayer.show(11)")
    options = {"resultTypes": ["violations"], "preload": False}
    results = Axe().run(page, context=".bpb-player", options=options)
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in
            results.response["violations"] if v["impact"] in ("serious", "critical")] == []
    # the gradients of the weights and biases show from their steps on
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('.bpb-player-params li'))
        .filter(li => getComputedStyle(li).visibility !== 'hidden').length""")
    assert shown == 0
    page.get_by_role("button", name="Last step").click()
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('.bpb-player-params li'))
        .filter(li => getComputedStyle(li).visibility !== 'hidden').length""")
    assert shown == 12
    assert "gradients for training" in page.locator(".bpb-player-status").inner_text()
    screenshot(page, f"player-worked-{theme}")
    assert page.bpb_external_requests == []
    assert page.bpb_errors == []
