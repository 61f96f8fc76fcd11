"""The math imports alone: the website's Python has neither IPython nor ipywidgets."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import backprop_core
from backprop_core import display
from backprop_core.quiz import quiz_output

# Every module of the package but the widget modules (the only ones that may import
# ipywidgets, and only where the package shows a live widget): found by walking the
# package, so a new module is covered without being listed here.
WIDGET_MODULES = {"backprop_core.quiz.widget", "backprop_core.quiz.progress_widget",
                  "backprop_core.figures.player.widget"}
MODULES = sorted(
    m.name for m in pkgutil.walk_packages(backprop_core.__path__, "backprop_core.")
    if m.name not in WIDGET_MODULES
)


def test_the_module_list_covers_the_package() -> None:
    assert len(MODULES) > 40 and "backprop_core.engine.value" in MODULES


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
