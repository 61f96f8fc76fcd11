"""Helpers for the browser tests: serve a folder on 127.0.0.1, wait for MathJax, screenshots."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
# the page's quiz script has wired its quizzes (quiz.js), or, on a progress page, the
# progress script has filled the table (progress.js)
QUIZ_READY = """() => document.documentElement.classList.contains(
  document.querySelector('.bpb-progress') ? 'bpb-progress-ready' : 'bpb-quiz-ready')"""
# a data-saving connection: a chapter page then loads no Python before a Run (mayPreload in
# book/_vendor/bpb/offline/policy.js); for the pages of tests that run no Python
NO_PRELOAD = "Object.defineProperty(navigator, 'connection', {value: {saveData: true}})"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


def serve_directory(directory: Path) -> tuple[str, Callable[[], None]]:
    """Serve `directory` on 127.0.0.1 (a free port); return (base URL, stop function)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return f"http://127.0.0.1:{server.server_address[1]}/", stop


def wait_for_math(page: Any) -> None:
    """Wait until MathJax (if the page loads it) has typeset everything."""
    page.wait_for_load_state("load")
    has_mathjax = page.evaluate("() => !!document.querySelector('script[src*=\"mathjax\"]')")
    if has_mathjax:
        page.wait_for_function(
            "() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=20000
        )
        page.evaluate("() => MathJax.startup.promise")


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def record(page: Any) -> Any:
    """Record what `page` asks of other hosts and the errors it logs (as `new_page` does)."""
    page.bpb_external_requests = []
    page.bpb_errors = []

    def on_request(request: Any) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.hostname not in ("127.0.0.1", "localhost"):
            page.bpb_external_requests.append(request.url)

    def on_console(msg: Any) -> None:
        if msg.type == "error":
            page.bpb_errors.append(f"console: {msg.text} @ {msg.location}")

    page.on("request", on_request)
    page.on("console", on_console)
    page.on("pageerror", lambda exc: page.bpb_errors.append(f"pageerror: {exc}"))
    return page
