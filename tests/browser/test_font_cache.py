"""matplotlib's font list ships with the site (issue 26, item 1; tools/bpb_fontlist.py and
``placeFontList`` in tools/runtime/worker.js): no page's Python builds it again, so
"Matplotlib is building the font cache" never appears and the first figure comes sooner.

The control is the same site with the list left out of ``_runtime/current.json``: there
matplotlib builds the list itself and says so, which shows that the check can fail.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from support.host import Host

pytestmark = pytest.mark.browser
MESSAGE = "Matplotlib is building the font cache"
CHAPTER, FIGURE_CELL = "matrix-form", 3  # its first figure, two code cells in


def serve(root: Path) -> Iterator[Host]:
    host = Host(root)
    yield host
    host.stop()


@pytest.fixture
def with_list(site_dir: Path) -> Iterator[Host]:
    yield from serve(site_dir)


@pytest.fixture
def without_list(site_dir: Path, tmp_path: Path) -> Iterator[Host]:
    """The site with every file linked, but current.json without its font list."""
    root = tmp_path / "site"
    root.mkdir()
    for entry in site_dir.iterdir():
        if entry.name != "_runtime":
            (root / entry.name).symlink_to(entry.resolve())
    (root / "_runtime").mkdir()
    for entry in (site_dir / "_runtime").iterdir():
        if entry.name != "current.json":
            (root / "_runtime" / entry.name).symlink_to(entry.resolve())
    current = json.loads((site_dir / "_runtime" / "current.json").read_text())
    assert "fontlist" in current  # the build shipped one: the control takes it out
    del current["fontlist"]
    (root / "_runtime" / "current.json").write_text(json.dumps(current))
    yield from serve(root)


def first_figure(new_page: Any, host: Host) -> tuple[float, float, list[str]]:
    """Seconds from Run to the page's first figure (Python started by that Run), the seconds
    to "ready", and every console message of the page and of its workers."""
    page = new_page()
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))
    page.on("worker", lambda w: w.on("console", lambda m: messages.append(m.text)))
    page.add_init_script("localStorage.setItem('bpb-preload', 'off')")  # nothing before Run
    page.goto(f"{host.url}book/{CHAPTER}.html")
    page.wait_for_function("() => window.bpbRun !== undefined")
    t0 = time.perf_counter()
    assert page.evaluate(f"() => window.bpbRun.runTo({FIGURE_CELL})") is True
    seconds = time.perf_counter() - t0
    ready = page.evaluate("() => window.bpbRun.timings.readySeconds")
    outputs = page.evaluate(f"() => JSON.stringify(window.bpbRun.outputs({FIGURE_CELL}))")
    assert "image/png" in outputs or "glue" in outputs, outputs[:500]
    assert page.bpb_external_requests == []
    return seconds, ready, messages


def test_no_page_builds_the_font_cache(new_page: Any, with_list: Host,
                                       without_list: Host) -> None:
    seconds, ready, messages = first_figure(new_page, with_list)
    assert not [m for m in messages if MESSAGE in m], messages
    assert any("/_runtime/fontlist.json" in path for path, _ in with_list.sent)
    # the control: without the list, matplotlib builds one and says so
    seconds_without, ready_without, messages_without = first_figure(new_page, without_list)
    assert [m for m in messages_without if MESSAGE in m], messages_without
    print(f"\n{CHAPTER}: Run to the first figure (cold) {seconds:.1f} s with the font list, "
          f"{seconds_without:.1f} s without; ready {ready:.1f} s and {ready_without:.1f} s")
