"""JupyterLab started like `make lab`, in a sandbox, and Chromium driven from a worker thread.

`running_lab()` starts `.venv/bin/jupyter lab --ip=127.0.0.1 --port=<free> --no-browser
--ServerApp.root_dir=<root>`, the command of `make lab`, with three differences that keep the
test from touching anything but a temporary folder:

- the server's root is a COPY of the book's notebooks and quiz files (JupyterLab autosaves,
  and strict nbval compares the committed notebooks' outputs byte for byte); autosave is
  also switched off, and the test checks that JupyterLab saved nothing, even in the copy;
- HOME, JUPYTER_CONFIG_DIR, JUPYTER_DATA_DIR, JUPYTER_RUNTIME_DIR, IPYTHONDIR, MPLCONFIGDIR,
  XDG_* and TMPDIR point into that folder, so ~/.jupyter, ~/.ipython, ~/.cache are not used;
- a random token, no news feed, no update check and a read-only extension manager, so the
  server asks no other host for anything.

The server is bounded in time (a watchdog kills it, and every kernel it started, after
`LAB_DEADLINE` seconds) and stopped at the end even when a test fails.

`BrowserThread` runs Playwright in its own thread. The browser tests keep a session-wide
synchronous Playwright alive in the main thread (tests/browser/conftest.py), and a second
synchronous Playwright cannot start in the same thread; in a worker thread it can.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psutil
import pytest

from support.browser import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
BIN = Path(sys.executable).parent
START_TIMEOUT = 90  # seconds for the server to answer
LAB_DEADLINE = 1200  # seconds after which the watchdog kills the server and its kernels

# What the sandboxed JupyterLab reads instead of ~/.jupyter: the server's settings ...
SERVER_CONFIG = {
    "ServerApp": {"allow_root": True, "port_retries": 0},
    "LabApp": {
        "news_url": None,
        "check_for_updates_class": "jupyterlab.NeverCheckForUpdate",
        "extension_manager": "readonly",
    },
}
# ... and the front end's: no news toast, no update check, no autosave.
USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false",
                                                     "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
}


def notebooks() -> list[Path]:
    return sorted(BOOK.glob("*.ipynb"))


def copy_book(dest: Path) -> Path:
    """Copy book/*.ipynb and book/quizzes/ into dest (the server's root)."""
    dest.mkdir(parents=True)
    for nb in notebooks():
        shutil.copy2(nb, dest / nb.name)
    shutil.copytree(BOOK / "quizzes", dest / "quizzes")
    return dest


def sandbox_env(base: Path) -> dict[str, str]:
    """Environment of a Jupyter process that keeps every file it writes under `base`."""
    dirs = {
        "HOME": "home",
        "JUPYTER_CONFIG_DIR": "jupyter-config",
        "JUPYTER_DATA_DIR": "jupyter-data",
        "JUPYTER_RUNTIME_DIR": "jupyter-runtime",
        "IPYTHONDIR": "ipython",
        "MPLCONFIGDIR": "matplotlib",
        "XDG_CONFIG_HOME": "xdg-config",
        "XDG_CACHE_HOME": "xdg-cache",
        "XDG_DATA_HOME": "xdg-data",
        "XDG_STATE_HOME": "xdg-state",
        "TMPDIR": "tmp",
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JPY_"))}
    for name, sub in dirs.items():
        (base / sub).mkdir(parents=True, exist_ok=True)
        env[name] = str(base / sub)
    # Anything that still tried to reach another host would fail at once, not hang.
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        env[name] = "http://127.0.0.1:9"
    env["no_proxy"] = env["NO_PROXY"] = "127.0.0.1,localhost"
    return env


def write_config(env: dict[str, str]) -> None:
    config = Path(env["JUPYTER_CONFIG_DIR"])
    (config / "jupyter_server_config.json").write_text(json.dumps(SERVER_CONFIG), "utf-8")
    for plugin, settings in USER_SETTINGS.items():
        path = config / "lab" / "user-settings" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings), "utf-8")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class Lab:
    """A running JupyterLab: its base URL, token, root folder and log."""

    url: str
    token: str
    root: Path
    runtime_dir: Path
    log: Path
    proc: subprocess.Popen[bytes]

    def tree_url(self, path: str) -> str:
        """The URL that opens `path` (relative to the root) in JupyterLab, in a fresh
        workspace (no tabs restored from an earlier test)."""
        return f"{self.url}lab/tree/{quote(path)}?reset&token={self.token}"

    def api(self, path: str) -> Any:
        request = urllib.request.Request(
            self.url + path, headers={"Authorization": f"token {self.token}"}
        )
        with _NO_PROXY.open(request, timeout=10) as response:
            return json.load(response)

    def shut_down(self, notebook: str) -> None:
        """End `notebook`'s session and kernel (DELETE /api/sessions/<id>), as closing the
        notebook and shutting its kernel down in JupyterLab does."""
        for session in self.api("api/sessions"):
            if session["path"] == notebook:
                request = urllib.request.Request(
                    f"{self.url}api/sessions/{session['id']}", method="DELETE",
                    headers={"Authorization": f"token {self.token}"})
                with _NO_PROXY.open(request, timeout=30):
                    pass

    def kernel_connection_file(self, notebook: str) -> Path:
        """The connection file of the kernel JupyterLab started for `notebook`."""
        sessions = [s for s in self.api("api/sessions") if s["path"] == notebook]
        assert sessions, f"JupyterLab has no kernel session for {notebook}"
        return self.runtime_dir / f"kernel-{sessions[0]['kernel']['id']}.json"

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text("utf-8", errors="replace")[-chars:]


def _processes(pid: int) -> list[psutil.Process]:
    """The server and every process it started (kernels run in sessions of their own)."""
    try:
        parent = psutil.Process(pid)
        return [parent, *parent.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def stop_server(proc: subprocess.Popen[bytes], grace: float = 15) -> None:
    """SIGTERM (JupyterLab then shuts its kernels down), then SIGKILL whatever is left."""
    family = _processes(proc.pid)
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
    _gone, alive = psutil.wait_procs(family, timeout=5)
    for p in alive:
        with suppress(psutil.NoSuchProcess):
            p.kill()


def wait_until_ready(lab: Lab, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if lab.proc.poll() is not None:
            pytest.fail(f"JupyterLab exited with {lab.proc.returncode}:\n{lab.log_tail()}")
        try:
            lab.api("api/status")
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            time.sleep(0.3)
    pytest.fail(f"JupyterLab did not answer within {timeout} s:\n{lab.log_tail()}")


@contextmanager
def running_lab(base: Path) -> Iterator[Lab]:
    """Start JupyterLab on a copy of the book under `base`; stop it (and its kernels) at the
    end, whatever happens; fail if JupyterLab saved a notebook meanwhile."""
    root = copy_book(base / "root")
    env = sandbox_env(base)
    write_config(env)
    port = free_port()
    token = secrets.token_hex(24)
    env["JUPYTER_TOKEN"] = token  # read by the server's IdentityProvider; not on the cmdline
    log = base / "jupyterlab.log"
    # The command of `make lab`, with the sandbox's port and root.
    cmd = [str(BIN / "jupyter"), "lab", "--ip=127.0.0.1", f"--port={port}", "--no-browser",
           f"--ServerApp.root_dir={root}"]
    # what the server serves: a copy, never book/ itself; and nothing may save into it
    assert not root.resolve().is_relative_to(BOOK.resolve())
    served = {nb.name: nb.read_bytes() for nb in root.glob("*.ipynb")}
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=base, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    watchdog = threading.Timer(LAB_DEADLINE, stop_server, args=(proc, 5))
    watchdog.daemon = True
    watchdog.start()
    lab = Lab(f"http://127.0.0.1:{port}/", token, root, Path(env["JUPYTER_RUNTIME_DIR"]),
              log, proc)
    try:
        wait_until_ready(lab)
        yield lab
    finally:
        watchdog.cancel()
        stop_server(proc)
    # JupyterLab saved a notebook (autosave, or a test pressing Save): had the root been
    # book/, it would have overwritten a committed notebook's outputs
    saved = [name for name, data in served.items() if (root / name).read_bytes() != data]
    assert not saved, f"JupyterLab saved {saved} (autosave must stay off)"


class BrowserThread:
    """Chromium (Debian's, through playwright) owned by one worker thread.

    `run(fn, *args)` calls fn(browser, *args) in that thread and returns its result or
    raises its exception (assertion messages included), waiting at most `timeout` s.
    """

    def __init__(self, home: Path) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lab-chromium")
        self._pool.submit(self._start, home).result(timeout=120)

    def _start(self, home: Path) -> None:
        from playwright.sync_api import sync_playwright

        # Chromium writes to ~/.config/chromium and ~/.cache even with a temporary profile
        env: dict[str, str | float | bool] = dict(os.environ)
        env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
                   XDG_CACHE_HOME=str(home / ".cache"))
        self._playwright = sync_playwright().start()
        self.browser = self._playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env
        )

    def run(self, fn: Callable[..., Any], *args: Any, timeout: float = 300) -> Any:
        return self._pool.submit(fn, self.browser, *args).result(timeout=timeout)

    def close(self) -> None:
        def stop() -> None:
            self.browser.close()
            self._playwright.stop()

        try:
            self._pool.submit(stop).result(timeout=60)
        finally:
            self._pool.shutdown(wait=False, cancel_futures=True)
