"""Fixtures of the JupyterLab tests (see lab/sandbox.py): a sandboxed JupyterLab on a copy of
the book, and Chromium in a worker thread; one of each for the whole session (every test
file under tests/lab shares them: a server start costs seconds)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from lab.sandbox import CHROMIUM, BrowserThread, Lab, running_lab
from support.chromium import ChromiumVersionError, require_supported


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    with running_lab(tmp_path_factory.mktemp("jupyterlab")) as server:
        yield server


@pytest.fixture(scope="session")
def lab_browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserThread]:
    try:  # present, and a version the pinned playwright supports
        require_supported(CHROMIUM)
    except ChromiumVersionError as error:
        pytest.fail(str(error))
    browser = BrowserThread(home=tmp_path_factory.mktemp("chromium-home"))
    yield browser
    browser.close()
