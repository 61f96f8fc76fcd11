"""Python ready before the first click, the runtime reused from page to page, and the whole
book offline (issue 26, items 1 and 7; book/_vendor/bpb/offline.js, offline/sw.js).

- A chapter page open a few seconds loads the runtime in the background; the first Run then
  shows its output in under 2 s. Turned off (remembered), or on a data-saving connection,
  nothing loads before a Run.
- A second chapter page gets the runtime from the browser (the service worker's cache): the
  server sends it no byte of Pyodide or of a package.
- "Keep this book offline" saves every file of the build; with the server stopped and the
  browser offline, every chapter opens, shows its figures and runs a cell.
- A new build replaces the saved copy: the reader sees the new page, also offline after.
- Under a sub-path, the service worker's scope is the book's folder.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from support.browser import screenshot, wait_for_math
from support.host import Host
from support.notebook_outputs import chapters

pytestmark = pytest.mark.browser
RUNNABLE = [name for name in chapters() if name not in ("how-quizzes-work", "progress")]
FIRST_OUTPUT = """() => window.bpbRun.cells.find(c => c.kind === 'run' &&
    document.querySelector(`.bpb-cell-${c.index} > .cell_output`)).index"""


@pytest.fixture
def host(site_dir: Path, tmp_path: Path) -> Iterator[Callable[..., Host]]:
    made: list[Host] = []

    def make(prefix: str = "", copy: bool = False) -> Host:
        root = tmp_path / "host"
        target = root / prefix if prefix else root
        target.parent.mkdir(parents=True, exist_ok=True)
        if copy:
            shutil.copytree(site_dir, target, ignore=shutil.ignore_patterns("_sources"))
        else:
            target.symlink_to(site_dir.resolve(), target_is_directory=True)
        made.append(Host(root, prefix))
        return made[-1]

    yield make
    for h in made:
        h.stop()


def open_chapter(page: Any, url: str) -> None:
    page.goto(url)
    wait_for_math(page)
    page.wait_for_function("() => window.bpbRun !== undefined")


def wait_ready(page: Any, timeout: int = 240_000) -> None:
    page.wait_for_function(
        "() => document.querySelector('.bpb-run-panel').dataset.state === 'ready'", timeout=timeout)


def test_background_load_then_the_first_run_answers_in_under_2_s(host: Any, new_page: Any) -> None:
    site = host()
    page = new_page()
    open_chapter(page, site.url + "book/chain-rule.html")
    assert page.evaluate("() => window.bpbRun.timings.readySeconds") is None
    wait_ready(page)  # nobody clicked
    assert page.evaluate("() => window.bpbRun.timings.background") is True
    index = page.evaluate(FIRST_OUTPUT)
    t0 = time.perf_counter()
    page.locator(f".bpb-cell-{index} .bpb-run").click()
    page.wait_for_function(f"() => (window.bpbRun.outputs({index}) || []).length > 0",
                           timeout=60_000)
    seconds = time.perf_counter() - t0
    print(f"\nfirst Run after the background load: {seconds:.2f} s")
    assert seconds < 2.0
    assert page.bpb_external_requests == [] and page.bpb_errors == []


def test_the_background_load_can_be_turned_off_and_never_runs_when_saving_data(
        host: Any, new_page: Any) -> None:
    site = host()
    page = new_page()
    open_chapter(page, site.url + "book/chain-rule.html")
    box = page.locator("details.bpb-offline")
    box.locator("summary").focus()
    page.keyboard.press("Enter")  # the settings open from the keyboard
    toggle = page.get_by_label("Load Python in the background", exact=False)
    assert toggle.is_checked()
    toggle.focus()
    page.keyboard.press("Space")
    assert not toggle.is_checked()
    screenshot(page, "offline-settings")
    asked: list[str] = []  # what the page and its workers ask for from here on
    page.context.on("request", lambda r: "/_runtime/pyodide/" in r.url and asked.append(r.url))
    open_chapter(page, site.url + "book/chain-rule.html")  # remembered
    assert not page.get_by_label("Load Python in the background", exact=False).is_checked()
    page.wait_for_timeout(6000)
    assert asked == []
    assert page.evaluate("() => window.bpbRun.timings.readySeconds") is None
    # a data-saving connection: nothing in the background either
    saving = new_page()
    saving.add_init_script(
        "Object.defineProperty(navigator, 'connection', {value: {saveData: true}})")
    saving.context.on("request", lambda r: "/_runtime/pyodide/" in r.url and asked.append(r.url))
    open_chapter(saving, site.url + "book/batching.html")
    saving.wait_for_timeout(6000)
    assert asked == []


def test_a_second_page_gets_the_runtime_from_the_browser(host: Any, new_page: Any) -> None:
    site = host()
    page = new_page()
    open_chapter(page, site.url + "book/chain-rule.html")
    assert page.evaluate("() => navigator.serviceWorker.ready.then(r => !!r.active)")
    wait_ready(page)
    first = site.runtime_bytes()
    start = len(site.sent)
    open_chapter(page, site.url + "book/batching.html")
    wait_ready(page)
    print(f"\nruntime bytes from the server: first page {first / 1e6:.1f} MB, "
          f"second page {site.runtime_bytes(start) / 1e6:.2f} MB")
    assert first > 5_000_000
    assert site.runtime_bytes(start) == 0
    assert page.bpb_external_requests == [] and page.bpb_errors == []


def test_offline_after_keeping_the_book_every_chapter_opens_and_runs(
        host: Any, chromium: Any, site_dir: Path) -> None:
    site = host()
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    open_chapter(page, site.url + "book/chain-rule.html")
    page.evaluate("() => navigator.serviceWorker.ready")
    page.locator("details.bpb-offline summary").click()
    keep = page.locator(".bpb-keep-offline")
    page.wait_for_function(
        "() => /MB\\)$/.test(document.querySelector('.bpb-keep-offline').textContent)")
    listed = json.loads((site_dir / "offline.json").read_text())
    assert f"{listed['bytes'] / 1e6:.1f} MB" in keep.inner_text()
    keep.click()
    status = page.locator(".bpb-offline-status")
    page.wait_for_function(
        "() => /^Saved \\d+ files/.test(document.querySelector('.bpb-offline-status').textContent)",
        timeout=300_000)
    print(f"\nkept offline: {status.inner_text()}")
    screenshot(page, "offline-kept")
    site.stop()  # no server any more, and the browser offline
    context.set_offline(True)
    for name in RUNNABLE:
        page.goto(site.url + f"book/{name}.html")
        wait_for_math(page)
        page.wait_for_function("() => window.bpbRun !== undefined")
        images = page.evaluate("""() => Promise.all([...document.querySelectorAll('main img')]
            .map(i => { i.loading = 'eager';
                        return i.decode().then(() => i.naturalWidth, () => 0); }))""")
        assert all(w > 0 for w in images), name
        first = page.evaluate("() => window.bpbRun.cells.find(c => c.kind === 'run').index")
        assert page.evaluate("(i) => window.bpbRun.runTo(i)", first) is True, name
    assert errors == []
    context.close()


def test_a_new_build_replaces_the_saved_copy(host: Any, chromium: Any) -> None:
    site = host(copy=True)
    folder = Path(site.server.RequestHandlerClass.keywords["directory"])  # type: ignore[attr-defined]
    context = chromium.new_context()
    page = context.new_page()
    url = site.url + "book/chain-rule.html"
    open_chapter(page, url)
    page.evaluate("() => navigator.serviceWorker.ready")
    page.evaluate("() => window.bpbOffline.keep()")
    # a new build: a page changed, a new list and a new worker
    chapter = folder / "book" / "chain-rule.html"
    chapter.write_text(chapter.read_text().replace("<h1>", "<h1>Updated: ", 1))
    listing = json.loads((folder / "offline.json").read_text())
    old = listing["version"]
    listing["version"] = "0123456789abcdef"
    (folder / "offline.json").write_text(json.dumps(listing))
    worker = folder / "sw.js"
    worker.write_text(worker.read_text().replace(old, listing["version"]))
    page.reload()
    assert "Updated:" in page.locator("h1").first.inner_text()  # at once, online
    page.wait_for_function("""(v) => caches.keys().then(k => k.some(n => n.endsWith('#' + v))
        && !k.some(n => n.startsWith('bpb-book:') && !n.endsWith('#' + v)))""",
                           arg=listing["version"], timeout=300_000)
    site.stop()
    context.set_offline(True)
    page.goto(url)
    assert "Updated:" in page.locator("h1").first.inner_text()  # and offline
    context.close()


def test_under_a_sub_path_the_worker_serves_the_book_folder(host: Any, new_page: Any) -> None:
    site = host(prefix="course/backprop/")
    page = new_page()
    open_chapter(page, site.url + "book/chain-rule.html")
    scope = page.evaluate("() => navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == site.url
    assert page.bpb_external_requests == [] and page.bpb_errors == []
