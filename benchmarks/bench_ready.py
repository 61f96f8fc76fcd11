"""Python ready before the first click, measured per chapter (issue 26, "Tests and numbers").

Chromium, the built site on 127.0.0.1 (a host that logs the bytes it sends), a fresh
browser context for each measurement that must start cold. Per chapter page:

- **first Run bytes**: what the host sent for the runtime on the first Run of a cold page
  (Pyodide, the packages the page needs, the book's wheel; raw bytes, no gzip);
- **cold**: first click on Run (first cell with an output) to its first output;
- **after bg**: the same click once the background load has finished (nobody clicked);
- **2nd page**: the runtime of this page opened after another chapter in the same context,
  from the service worker's cache: seconds to "ready" and the bytes the host sent for it;
- **slowest cell**: the page run whole in the browser, the slowest cell (its notebook index),
  its seconds, and the same cells run natively (CPython + native numpy, the same kernel):
  that cell's seconds and the ratio.

Usage: .venv/bin/python benchmarks/bench_ready.py [--site DIR] [--only NAME ...] [--json FILE]
       [--ready-only]   (cold and after bg only: no second page, no per-cell run; a few
                         minutes for the book instead of most of an hour on a loaded machine)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tools"))

from bpb_run import is_display_only  # noqa: E402

from support.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from support.host import Host  # noqa: E402
from support.notebook_outputs import chapters, notebook  # noqa: E402

FIRST_OUTPUT = """() => window.bpbRun.cells.find(c => c.kind === 'run' &&
    document.querySelector(`.bpb-cell-${c.index} > .cell_output`)).index"""
READY = "() => document.querySelector('.bpb-run-panel').dataset.state === 'ready'"
LONG = 600_000

NATIVE = """
import json, os, sys, time
sys.path.insert(0, sys.argv[1])
os.chdir(sys.argv[2])
import bpb_kernel
session = bpb_kernel.Session()
session.patch_matplotlib()
times = {}
for index, code in json.load(sys.stdin):
    t0 = time.perf_counter()
    session.run(code)
    times[index] = time.perf_counter() - t0
print(json.dumps(times))
"""


def native_cells(name: str) -> dict[int, float]:
    """Seconds of each cell of the chapter, natively, in order, through the site's kernel."""
    cells = [[i, "".join(c["source"])] for i, c in enumerate(notebook(name)["cells"])
             if c["cell_type"] == "code" and not is_display_only("".join(c["source"]))]
    proc = subprocess.run([sys.executable, "-c", NATIVE, str(ROOT / "tools" / "runtime"),
                           str(ROOT / "book")], input=json.dumps(cells), capture_output=True,
                          text=True, check=True)
    return {int(k): v for k, v in json.loads(proc.stdout).items()}


def open_page(context: Any, url: str) -> Any:
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("() => window.bpbRun !== undefined")
    return page


def click_to_output(page: Any) -> float:
    index = page.evaluate(FIRST_OUTPUT)
    t0 = time.perf_counter()
    page.locator(f".bpb-cell-{index} .bpb-run").click()
    page.wait_for_function(f"() => (window.bpbRun.outputs({index}) || []).length > 0",
                           timeout=LONG)
    return time.perf_counter() - t0


def measure(browser: Any, host: Host, name: str, other: str, background: bool,
            ready_only: bool = False) -> dict[str, Any]:
    url = f"{host.url}book/{name}.html"
    row: dict[str, Any] = {"page": name}
    # cold: a new context, the background load turned off, the first click
    context = browser.new_context()
    context.add_init_script("localStorage.setItem('bpb-preload', 'off')")
    start = len(host.sent)
    page = open_page(context, url)
    row["cold_s"] = click_to_output(page)
    row["first_run_bytes"] = host.runtime_bytes(start)
    context.close()
    if not background:  # a build from before the background load and the service worker
        return finish(row, open_page(browser.new_context(), url), name)
    # after the background load: a new context, nobody clicks until the runtime is ready
    context = browser.new_context()
    page = open_page(context, url)
    page.wait_for_function(READY, timeout=LONG)
    row["after_background_s"] = click_to_output(page)
    page.close()
    if ready_only:
        context.close()
        return row
    # second page: another chapter first, then this one, in the same context
    context.close()
    context = browser.new_context()
    first = open_page(context, f"{host.url}book/{other}.html")
    first.wait_for_function(READY, timeout=LONG)
    first.close()
    start = len(host.sent)
    page = open_page(context, url)
    t0 = time.perf_counter()
    page.evaluate("() => window.bpbRun.runTo(window.bpbRun.cells[0].index, {only: true})")
    row["second_page_s"] = time.perf_counter() - t0
    row["second_page_bytes"] = host.runtime_bytes(start)
    return finish(row, page, name)


def finish(row: dict[str, Any], page: Any, name: str) -> dict[str, Any]:
    """Every cell of the page, in the browser (after its runtime is ready) and natively."""
    page.evaluate("() => window.bpbRun.runTo(window.bpbRun.cells[0].index, {only: true})")
    page.evaluate("() => { window.bpbRun.timings.runs.length = 0 }")
    row["ok"] = page.evaluate("() => window.bpbRun.runAll()")
    runs = page.evaluate("() => window.bpbRun.timings.runs")
    page.context.close()
    browser_cells = {r["index"]: r["seconds"] for r in runs}
    native = native_cells(name)
    slow = max(browser_cells, key=browser_cells.__getitem__)
    row.update(cells=browser_cells, native=native, slowest=slow,
               slowest_s=browser_cells[slow], slowest_native_s=native.get(slow, float("nan")))
    return row


def line(row: dict[str, Any]) -> str:
    """One page's row of the table; n/a for what was not measured."""
    na = "n/a"
    bg = f"{row['after_background_s']:10.2f}" if "after_background_s" in row else f"{na:>10s}"
    second = (f"{row['second_page_s']:10.1f} {row['second_page_bytes'] / 1e6:7.2f}"
              if "second_page_s" in row else f"{na:>10s} {na:>7s}")
    cells = na
    if "slowest" in row:
        ratio = row["slowest_s"] / row["slowest_native_s"]
        cells = (f"[{row['slowest']}] {row['slowest_s']:.1f}, {row['slowest_native_s']:.1f}, "
                 f"{ratio:.1f}×{'' if row['ok'] else '  (a cell failed)'}")
    return (f"{row['page']:22s} {row['first_run_bytes'] / 1e6:10.1f} {row['cold_s']:7.1f} "
            f"{bg} {second}  {cells}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--only", nargs="*", default=None, help="chapter names")
    parser.add_argument("--json", type=Path, default=None, help="write every number here")
    parser.add_argument("--ready-only", action="store_true",
                        help="only the cold and the after-background first output")
    args = parser.parse_args()
    names = [n for n in chapters() if n not in ("how-quizzes-work", "progress")]
    if args.only:
        names = [n for n in names if n in args.only]
    from playwright.sync_api import sync_playwright

    host = Host(args.site.resolve())
    rows = []
    print("load average (1, 5, 15 min) at the start: "
          + ", ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores")
    print(f"{'page':22s} {'1st Run MB':>10s} {'cold s':>7s} {'after bg s':>10s} "
          f"{'2nd page s':>10s} {'2nd MB':>7s}  slowest cell: browser s, native s, ratio")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for i, name in enumerate(names):
            other = names[i - 1] if i else names[-1]
            row = measure(browser, host, name, other, (args.site / "offline.json").is_file(),
                          args.ready_only)
            rows.append(row)
            print(line(row), flush=True)
        browser.close()
    host.stop()
    print("load average at the end: " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))
    over = [(r["page"], i, s) for r in rows for i, s in r.get("cells", {}).items() if s > 5]
    if not args.ready_only:
        print("\ncells over 5 s in the browser: "
              + (", ".join(f"{p} [{i}] {s:.1f} s" for p, i, s in over) if over else "none"))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
