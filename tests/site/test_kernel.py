"""The website's Python kernel (tools/runtime/bpb_kernel.py), checked under CPython.

The same file runs in the browser's Pyodide (tests/browser/test_run_site.py checks that);
here each behaviour a notebook relies on is checked quickly, and one whole chapter is run
through it and compared with the notebook's stored outputs, as strict nbval would.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from support.notebook_outputs import collect, ignores_output, notebook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "tools"))
from bpb_run import is_display_only  # noqa: E402


def run_cells(cells: list[str]) -> list[dict[str, Any]]:
    proc = subprocess.run([sys.executable, str(HERE / "run_cells.py")], input=json.dumps(cells),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def test_printed_text_and_the_last_expression() -> None:
    out = run_cells(["x = 2\nprint('x is', x)\nx * 21", "None", "y = x + 1"])
    assert out[0]["ok"]
    assert out[0]["outputs"] == [
        {"output_type": "stream", "name": "stdout", "text": "x is 2\n"},
        {"output_type": "execute_result", "data": {"text/plain": "42"}, "execution_count": 1}]
    assert out[1]["outputs"] == [] and out[2]["outputs"] == []


def test_an_error_points_at_the_readers_line_in_a_short_traceback() -> None:
    out = run_cells(["a = 1", "b = 2\nc = a / 0\nprint('never')"])
    assert not out[1]["ok"]
    (error,) = out[1]["outputs"]
    assert error["output_type"] == "error" and error["ename"] == "ZeroDivisionError"
    assert error["traceback"] == ["Cell In [2], line 2", "    c = a / 0",
                                  "ZeroDivisionError: division by zero"]


def test_a_traceback_names_the_cells_as_the_page_does() -> None:
    """The page names its cells as the reader sees them ("Cell 3"), a hidden one too."""
    out = run_cells([["def half(x):\n    return x / 0", "Cell 1"],
                     ["y = 1", "a setup cell hidden on this page"],
                     ["z = half(y)", "Cell 3"], ["w = (", "Cell 4"]])
    assert out[2]["outputs"][0]["traceback"] == [
        "Cell 3, line 1", "    z = half(y)", "Cell 1, line 2", "    return x / 0",
        "ZeroDivisionError: division by zero"]
    assert out[3]["outputs"][0]["traceback"][0] == "Cell 4, line 1"


def test_an_error_inside_the_package_shows_the_readers_line_and_where_it_happened() -> None:
    code = ("from backprop_core.networks.network import Network\n"
            "net = Network.from_sizes([2, 3])\n"
            "net.forward([[1.0, 2.0, 3.0]])")
    (result,) = run_cells([code])
    error = result["outputs"][-1]
    assert error["output_type"] == "error"
    assert error["traceback"][0] == "Cell In [1], line 3"
    assert error["traceback"][1] == "    net.forward([[1.0, 2.0, 3.0]])"
    assert error["traceback"][2].startswith("File backprop_core/")
    assert len(error["traceback"]) <= 6


def test_a_syntax_error_names_the_line() -> None:
    (result,) = run_cells(["x = (1,\nprint(x"])
    error = result["outputs"][0]
    assert error["ename"] == "SyntaxError"
    assert error["traceback"][0].startswith("Cell In [1], line ")


def test_display_html_glue_and_figures() -> None:
    cells = ["from IPython.display import HTML, display\nfrom myst_nb import glue\n"
             "import matplotlib.pyplot as plt\n"
             "display(HTML('<b>bold</b>'))\nglue('answer', 10.5, display=False)",
             "fig, ax = plt.subplots()\nax.plot([1, 2])\nplt.show()\nprint('after')",
             "fig2, ax2 = plt.subplots(figsize=(3, 2))\nax2.plot([0, 1])\nglue('fig', fig2, "
             "display=False)\nplt.close(fig2)"]
    html, shown, glued = run_cells(cells)
    assert html["outputs"][0]["data"]["text/html"] == "<b>bold</b>"
    assert html["outputs"][1] == {"output_type": "glue", "name": "answer",
                                  "data": {"text/plain": "10.5"}, "displayed": False}
    figure, after = shown["outputs"]
    assert re.fullmatch(r"<Figure size \d+x\d+ with 1 Axes>", figure["data"]["text/plain"])
    assert figure["data"]["image/png"].startswith("iVBORw0KGgo")  # a PNG, base64
    assert after["text"] == "after\n"
    (record,) = glued["outputs"]
    assert record["name"] == "fig" and "image/png" in record["data"]


def test_display_only_cells_are_recognised() -> None:
    assert is_display_only('show_quiz("chain-rule", 1)')
    assert is_display_only(
        'from backprop_core.figures.player import graph_player\n\ngraph_player(o)')
    assert not is_display_only('x = 1\nshow_quiz("chain-rule", 1)')
    assert not is_display_only("print(1)")
    assert not is_display_only("def (")


@pytest.mark.parametrize("chapter", ["computational-graph"])
def test_a_chapter_through_the_website_kernel_matches_its_stored_outputs(chapter: str) -> None:
    cells = [c for c in notebook(chapter)["cells"] if c["cell_type"] == "code"]
    runnable = [c for c in cells if not is_display_only("".join(c["source"]))]
    results = run_cells(["".join(c["source"]) for c in runnable])
    for cell, result in zip(runnable, results, strict=True):
        code = "".join(cell["source"])
        assert result["ok"], (code, result["outputs"])
        if ignores_output(code):
            continue
        assert collect(result["outputs"]).comparable() == \
            collect(cell["outputs"]).comparable(), code
