"""Run cells through the website's kernel (tools/runtime/bpb_kernel.py) under CPython.

Usage: python run_cells.py < cells.json > outputs.json   (cells: a list of code strings, or
of [code, name] pairs: the name the page gives the cell, which tracebacks use)
The kernel replaces IPython's display and myst-nb's glue in its process, so the tests run
it in a process of its own. The working directory is book/, as for the notebooks.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools" / "runtime"))
os.chdir(ROOT / "book")

import bpb_kernel  # noqa: E402

cells = json.load(sys.stdin)
session = bpb_kernel.Session()
session.patch_matplotlib()
results = []
for cell in cells:
    ok = session.run(*cell) if isinstance(cell, list) else session.run(cell)
    results.append({"ok": ok, "outputs": session.outputs})
json.dump(results, sys.stdout)
