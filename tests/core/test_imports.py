"""The math imports alone: the website's Python has neither IPython nor ipywidgets."""

from __future__ import annotations

import subprocess
import sys

import pytest

from backprop_core import display
from backprop_core.quiz import quiz_output

MODULES = [
    "backprop_core", "backprop_core.activations", "backprop_core.batching",
    "backprop_core.datasets", "backprop_core.draw", "backprop_core.errors",
    "backprop_core.exercises", "backprop_core.forms", "backprop_core.forward_mode",
    "backprop_core.gradcheck", "backprop_core.graph", "backprop_core.layers",
    "backprop_core.losses", "backprop_core.network", "backprop_core.paths",
    "backprop_core.player", "backprop_core.training", "backprop_core.quiz",
    "backprop_core.quiz.show", "backprop_core.quiz.static", "backprop_core.display",
    "backprop_core.init", "backprop_core.depth", "backprop_core.holdout",
    "backprop_core.gradient_cost", "backprop_core.descent", "backprop_core.worked",
    "backprop_core.charts", "backprop_core.figures", "backprop_core.palette",
    "backprop_core.matrix_grid", "backprop_core.matrix_figures",
    "backprop_core.growth_charts", "backprop_core.cost_charts",
    "backprop_core.signal_charts", "backprop_core.boundary", "backprop_core.labels",
    "backprop_core.steps", "backprop_core.examples",
    "backprop_core.gradients", "backprop_core.costs", "backprop_core.quiz.rulebook",
    # the exercises and the progress page run in the website's Python too
    "backprop_core.practice", "backprop_core.practice.engine",
    "backprop_core.practice.bughunt", "backprop_core.quiz.progress",
    "backprop_core.quiz.numbers",
]


def test_no_module_loads_ipython_or_ipywidgets() -> None:
    code = (
        "import importlib, sys\n"
        f"for m in {MODULES!r}: importlib.import_module(m)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'IPython', 'ipywidgets'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_quiz_output_without_ipywidgets_keeps_html_and_text(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import now raises ImportError
    out = quiz_output("tests/quiz/data/source_blocks.txt", 1)
    assert out.widget is None
    bundle = out._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    assert "bpb-quiz" in bundle["text/html"]


def test_display_without_ipython_prints_the_text(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "IPython.display", None)
    display.display(display.both(None, "<b>x</b>", "plain x"))
    assert capsys.readouterr().out == "plain x\n"
