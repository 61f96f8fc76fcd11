"""Browser fixtures: the built site served on 127.0.0.1 and Debian's Chromium via playwright.

Every page made by `new_page` records the requests it makes to other hosts
(`page.bpb_external_requests`) and its page errors and console errors (`page.bpb_errors`),
so that every browser test can assert the site is offline-clean.

`new_page(preload=False)` is for tests of pages that run no Python: the page then sees a
data-saving connection, so a chapter page does not load the in-browser Python in the
background after 3 s (book/_vendor/bpb/run.js; the policy is offline/policy.js). That load
(about 10 MB, compiled and started in a Web Worker) took a core away from the other test
and doubled an accessibility scan; the tests of the background load, of Run and of the
chapter runs keep it (the default).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from support.browser import CHROMIUM, CHROMIUM_ARGS, NO_PRELOAD, record, serve_directory
from support.chromium import ChromiumVersionError, require_supported


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    url, stop = serve_directory(site_dir)
    yield url
    stop()


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    try:  # present, and a version the pinned playwright supports
        require_supported(CHROMIUM)
    except ChromiumVersionError as error:
        pytest.fail(str(error))
    from playwright.sync_api import sync_playwright

    # Chromium writes crash-report settings and dconf files under HOME: give it its own.
    home = tmp_path_factory.mktemp("chromium-home")
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_CACHE_HOME": str(home / ".cache")}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env)
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium: Any) -> Iterator[Callable[..., Any]]:
    """Factory: new_page(dark=False, preload=True, **context_options) -> a recorded
    Playwright page."""
    contexts: list[Any] = []

    def make(dark: bool = False, preload: bool = True, **options: Any) -> Any:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = chromium.new_context(color_scheme="dark" if dark else "light", **options)
        if not preload:
            context.add_init_script(NO_PRELOAD)
        contexts.append(context)
        return record(context.new_page())

    yield make
    for context in contexts:
        context.close()
