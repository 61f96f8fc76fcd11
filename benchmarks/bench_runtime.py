"""The website's in-browser Python, measured in one run (Chromium, the built site on 127.0.0.1).

Prints: the bytes the runtime adds to the site; the bytes a page's first Run downloads (raw
and gzip); the time from the first click to the first output (cold, new browser context,
empty cache) and for a re-run of the same cell (warm); each chapter run whole in the browser
against the same cells run natively (CPython + the native numpy, through the same kernel),
as a ratio measured side by side.

Usage: .venv/bin/python benchmarks/bench_runtime.py [site dir, default _build/html]
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support.browser import CHROMIUM, CHROMIUM_ARGS, serve_directory  # noqa: E402
from support.notebook_outputs import chapters, notebook  # noqa: E402

sys.path.insert(0, str(ROOT / "tools"))
from bpb_run import is_display_only  # noqa: E402


def folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def native_seconds(name: str) -> float:
    cells = ["".join(c["source"]) for c in notebook(name)["cells"]
             if c["cell_type"] == "code" and not is_display_only("".join(c["source"]))]
    code = (f"import json, sys, time; sys.path.insert(0, {str(ROOT / 'tools' / 'runtime')!r}); "
            "import os; "
            "os.chdir('book'); import bpb_kernel; s = bpb_kernel.Session(); s.patch_matplotlib();"
            "cells = json.load(sys.stdin); t = time.perf_counter();"
            "ok = all(s.run(c) for c in cells); print(time.perf_counter() - t, ok)")
    proc = subprocess.run([sys.executable, "-c", code], input=json.dumps(cells), cwd=ROOT,
                          capture_output=True, text=True, check=True)
    seconds, ok = proc.stdout.split()
    assert ok == "True", proc.stderr
    return float(seconds)


def main() -> None:
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "_build" / "html"
    runtime = site / "_runtime"
    print(f"runtime in the site: {folder_bytes(runtime) / 1e6:.1f} MB "
          f"(site in all: {folder_bytes(site) / 1e6:.1f} MB)")
    from playwright.sync_api import sync_playwright

    url, stop = serve_directory(site)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # cold: a new context (empty cache), first click on the first cell with an output
        context = browser.new_context()
        fetched: list[str] = []
        context.on("requestfinished", lambda r: "/_runtime/" in r.url and fetched.append(r.url))
        page = context.new_page()
        page.goto(url + "book/computational-graph.html")
        page.wait_for_function("() => window.bpbRun !== undefined")
        index = page.evaluate("""() => window.bpbRun.cells.find(c => c.kind === 'run' &&
            document.querySelector(`.bpb-cell-${c.index} > .cell_output`)).index""")
        t0 = time.perf_counter()
        page.locator(f".bpb-cell-{index} .bpb-run").click()
        page.wait_for_function(f"() => (window.bpbRun.outputs({index}) || []).length > 0",
                               timeout=300_000)
        cold = time.perf_counter() - t0
        raw = gz = 0
        for u in fetched:
            path = site / u.split("/", 3)[3].split("?")[0]
            if path.is_file():
                data = path.read_bytes()
                raw += len(data)
                gz += len(gzip.compress(data, 6))
        t0 = time.perf_counter()
        page.evaluate(f"() => window.bpbRun.runTo({index}, {{only: true}})")
        warm = time.perf_counter() - t0
        print(f"first Run downloads {raw / 1e6:.1f} MB raw, {gz / 1e6:.1f} MB gzip "
              f"({len(fetched)} files)")
        print(f"first click to first output (cold): {cold:.1f} s; re-run of that cell "
              f"(warm): {warm * 1000:.0f} ms")
        context.close()
        print(f"\n{'chapter':24s} {'browser s':>10s} {'native s':>9s} {'ratio':>6s}")
        context = browser.new_context()
        for name in chapters():
            if name in ("how-quizzes-work", "progress"):
                continue
            page = context.new_page()
            page.goto(f"{url}book/{name}.html")
            page.wait_for_function("() => window.bpbRun !== undefined")
            page.evaluate("() => window.bpbRun.runTo(window.bpbRun.cells[0].index)")
            page.evaluate("() => { window.bpbRun.timings.runs.length = 0 }")
            ok = page.evaluate("() => window.bpbRun.runAll()")
            runs = page.evaluate("() => window.bpbRun.timings.runs")
            browser_s = sum(r["seconds"] for r in runs)
            native_s = native_seconds(name)
            print(f"{name:24s} {browser_s:10.2f} {native_s:9.2f} "
                  f"{browser_s / native_s:6.1f}{'' if ok else '  (a cell failed)'}")
            page.close()
        browser.close()
    stop()


if __name__ == "__main__":
    main()
