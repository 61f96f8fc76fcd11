"""Fixtures of the JupyterLab tests (see lab/sandbox.py): a sandboxed JupyterLab on a copy of
the book, and Chromium in a worker thread; one of each for the whole session (every test
file under tests/lab shares them: a server start costs seconds)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from lab.sandbox import CHROMIUM, BrowserThread, Lab, running_lab


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    with running_lab(tmp_path_factory.mktemp("jupyterlab")) as server:
        yield server


@pytest.fixture(scope="session")
def lab_browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserThread]:
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium`")
    browser = BrowserThread(home=tmp_path_factory.mktemp("chromium-home"))
    yield browser
    browser.close()
