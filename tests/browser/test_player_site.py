"""The static step-through player in Chromium: buttons, slider and keys move through the
frames, every control is labelled, nothing is requested from other hosts, light and dark."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backprop_core.graph import example_graph
from backprop_core.player import frames, player_html
from support.browser import screenshot, serve_directory

PAGE = """<!doctype html>
<html lang="en" data-theme="{theme}" data-mode="{theme}"><head><meta charset="utf-8">
<title>player fixture</title><link rel="icon" href="_static/bpb/favicon.svg">
<link rel="stylesheet" href="_static/styles/theme.css">
<link rel="stylesheet" href="_static/styles/pydata-sphinx-theme.css">
<link rel="stylesheet" href="_static/bpb/player.css">
<script src="_static/bpb/player.js"></script></head>
<body><main id="main-content"><h1>Player</h1>{player}</main></body></html>"""


@pytest.fixture(scope="module")
def fixture_site(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A page holding one player, next to a copy of the built site's _static folder."""
    root = tmp_path_factory.mktemp("player")
    shutil.copytree(site_dir / "_static", root / "_static")
    player = player_html(example_graph()["o"], title="o = ½·c·d")
    for theme in ("light", "dark"):
        (root / f"{theme}.html").write_text(PAGE.format(theme=theme, player=player), "utf-8")
    url, stop = serve_directory(root)
    yield url
    stop()


def visible_step(page: Any) -> int:
    return int(page.locator(".bpb-player-frame:not([hidden])").get_attribute("data-step"))


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_player_controls(theme: str, fixture_site: str, new_page: Any) -> None:
    count = len(frames(example_graph()["o"]))
    page = new_page(dark=theme == "dark")
    page.goto(fixture_site + f"{theme}.html")
    assert page.locator(".bpb-player-frame:not([hidden])").count() == 1
    assert visible_step(page) == 0
    page.get_by_role("button", name="Next step").click()
    assert visible_step(page) == 1
    page.get_by_role("button", name="Last step").click()
    assert visible_step(page) == count - 1
    assert "∂o/∂a = 10.5" in page.locator(".bpb-player-frame:not([hidden])").inner_text()
    assert page.locator(".bpb-player-status").inner_text().startswith(f"{count} / {count}")
    page.get_by_role("button", name="Previous step").click()
    assert visible_step(page) == count - 2
    page.get_by_role("slider", name=f"Step of {count}").fill("3")
    assert visible_step(page) == 3
    screenshot(page, f"player-{theme}")
    page.get_by_role("button", name="First step").click()
    assert visible_step(page) == 0
    # play runs by itself, and pauses
    page.get_by_role("button", name="Play").click()
    page.wait_for_function("() => document.querySelector('.bpb-player').bpbPlayer.current >= 2")
    page.get_by_role("button", name="Pause").click()
    stopped = visible_step(page)
    page.wait_for_timeout(1500)
    assert visible_step(page) == stopped
    assert page.bpb_external_requests == []
    assert page.bpb_errors == []


def test_player_keyboard_only(fixture_site: str, new_page: Any) -> None:
    page = new_page()
    page.goto(fixture_site + "light.html")
    page.keyboard.press("Tab")  # the player region itself takes focus
    assert page.evaluate("() => document.activeElement.classList.contains('bpb-player')")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert visible_step(page) == 2
    page.keyboard.press("End")
    last = visible_step(page)
    page.keyboard.press("ArrowLeft")
    assert visible_step(page) == last - 1
    page.keyboard.press("Home")
    assert visible_step(page) == 0
    # Tab to the "Next step" button and press it with Enter, then with Space
    for _ in range(4):
        page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == "Next step"
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    assert visible_step(page) == 2
