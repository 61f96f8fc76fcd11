"""The exercises run in the website's Python: no IPython, no ipywidgets."""

from __future__ import annotations

import subprocess
import sys

MODULES = ["backprop_core.practice", "backprop_core.practice.engine",
           "backprop_core.practice.bughunt", "backprop_core.quiz.progress",
           "backprop_core.quiz.numbers"]


def test_practice_and_progress_import_without_ipython_or_ipywidgets() -> None:
    code = (
        "import importlib, sys\n"
        f"for m in {MODULES!r}: importlib.import_module(m)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'IPython', 'ipywidgets'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
