"""A static host for the site on 127.0.0.1 that logs what it sends (path, bytes): the browser
tests and benchmarks/bench_ready.py see how many bytes of the runtime a page asked of the
network, and can stop the host to take the network away."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from typing import Any


class Host:
    """The site on 127.0.0.1 from a folder of our own, logging what it sends."""

    def __init__(self, directory: Path, prefix: str = "") -> None:
        self.sent: list[tuple[str, int]] = []
        log = self.sent

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def copyfile(self, source: Any, outputfile: Any) -> None:
                data = source.read()
                log.append((self.path, len(data)))
                outputfile.write(data)

        handler = functools.partial(Handler, directory=str(directory))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/{prefix}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def runtime_bytes(self, since: int = 0) -> int:
        return sum(n for path, n in self.sent[since:]
                   if "/_runtime/pyodide/" in path or path.endswith(".whl"))
