"""Every chapter's bug hunt, as stored and as a learner does it: the report cell's stored
output asks for work, the hidden model answer passes the checker, and the learner's flow
of tests/support/exercises.py (probe every block, read the failing ones off the output,
report) gives, under CPython, the verdicts the browser and JupyterLab tests expect."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from backprop_core.practice.bugs import HUNTS
from support.exercises import HUNTS as HUNT_EXERCISES
from support.exercises import (
    cell_with,
    expected_output,
    failing_in,
    native_run,
    probe_edit,
)

BOOK = Path(__file__).resolve().parents[2] / "book"
SOLUTION = '<details class="bpb-solution">\n<summary>Solution</summary>\n'
REPORT = "check_hunt(hunt, my_wrong, my_line, my_why)"


def cells(chapter: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads((BOOK / f"{chapter}.ipynb").read_text())["cells"]
    return found


def text(cell: dict[str, Any]) -> str:
    return "".join(cell["source"])


@pytest.mark.parametrize("chapter", sorted(HUNTS))
def test_the_hunt_is_in_its_chapter_and_asks_for_work(chapter: str) -> None:
    cs = cells(chapter)
    (index,) = [i for i, c in enumerate(cs) if c["cell_type"] == "code" and REPORT in text(c)]
    printed = "".join("".join(o.get("text", "")) for o in cs[index]["outputs"])
    assert printed.startswith("\u2718 "), printed
    shown = next(c for c in cs[:index] if f'show_bug(HUNTS["{chapter}"])' in text(c))
    listing = "".join("".join(o.get("text", "")) for o in shown["outputs"])
    assert HUNTS[chapter].listing() in listing  # the code the reader reads is the package's


@pytest.mark.parametrize("chapter", sorted(HUNTS))
def test_the_hidden_model_answer_passes(chapter: str) -> None:
    cs = cells(chapter)
    index = next(i for i, c in enumerate(cs) if REPORT in text(c))
    solution = next(text(c) for c in cs[index:] if c["cell_type"] == "markdown"
                    and text(c).startswith(SOLUTION))
    block = re.search(r"```python\n(.*?)```", solution, re.DOTALL)
    assert block is not None
    setup = next(text(c) for c in cs if f'show_bug(HUNTS["{chapter}"])' in text(c))
    printed, report = native_run([setup], block.group(1))
    assert report.ok, str(report)
    for name in HUNTS[chapter].blocks:  # the solution checks every block
        assert f"{name}: gradient check ok" in printed


@pytest.mark.parametrize("ex", HUNT_EXERCISES, ids=[ex.name for ex in HUNT_EXERCISES])
def test_the_learners_flow_gives_the_expected_verdicts(ex: Any) -> None:
    path = BOOK / f"{ex.chapter}.ipynb"
    setup = [cell_with(path, marker)[1] for marker in ex.setup]
    probe = probe_edit(cell_with(path, ex.probe)[1])
    printed, _ = native_run(setup, probe + "\nfrom backprop_core.practice import Report\n"
                            "_ = Report('probe')")
    failing = failing_in(printed)
    assert set(failing) == set(HUNTS[ex.chapter].failing())
    _, code = cell_with(path, ex.marker)
    for attempt in ex.attempts:
        edited = attempt.edit(code) if attempt.mistake else ex.right_edit(failing)(code)
        expected_output(ex, attempt, setup, edited)  # asserts the mistake code or the pass
