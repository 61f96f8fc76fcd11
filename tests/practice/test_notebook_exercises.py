"""Every build-it-yourself exercise of the book: its cell calls a checker on the reader's
stub (stored output: "not written yet"), and its hidden model solution passes that checker.

The solution is the Python block of the "Solution" dropdown that follows the exercise cell;
this test runs it in a namespace where the exercise cell's imports have run, so the
solution a reader unfolds is the one that was checked.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

BOOK = Path(__file__).resolve().parents[2] / "book"
CHECKERS = ("check_chain_derivative", "check_engine", "check_layer_backward",
            "check_batch_gradients", "check_finite_differences",
            "check_value_core", "check_softmax_vjp", "check_batchnorm_vjp",
            "check_conv1d_vjp", "check_bptt", "check_recompute")
CHAPTERS = ["chain-rule", "computational-graph", "batching", "memory", "gradient-checking",
            "capstone"]
# chapters with several exercises: one case per checker (None: the chapter's only one)
CASES = [(chapter, None) for chapter in CHAPTERS] + [
    ("matrix-form", "check_layer_backward")] + [
    ("vector-jacobian-products", checker) for checker in
    ("check_softmax_vjp", "check_batchnorm_vjp", "check_conv1d_vjp", "check_bptt")]
CASE_IDS = [chapter if checker is None else f"{chapter}-{checker}" for chapter, checker in CASES]


def cells(chapter: str) -> list[dict[str, Any]]:
    notebook = BOOK / f"{chapter.partition(':')[0]}.ipynb"
    cells: list[dict[str, Any]] = json.loads(notebook.read_text())["cells"]
    return cells


def source(cell: dict[str, Any]) -> str:
    return "".join(cell["source"])


# A solution is a <details> block: closed on the site and in JupyterLab alike (a MyST
# dropdown admonition is closed on the site but shown in full in JupyterLab).
SOLUTION = '<details class="bpb-solution">\n<summary>Solution</summary>\n'


def exercise(chapter: str, checker: str | None = None) -> tuple[str, str, str]:
    """(the exercise cell's code, the checker it calls, the solution's code): the chapter's
    first exercise, or the one that calls ``checker``."""
    cs = cells(chapter)
    names = CHECKERS if checker is None else (checker,)
    index = next(i for i, c in enumerate(cs) if c["cell_type"] == "code"
                 and any(f"= {name}(" in source(c) for name in names))
    checker = next(name for name in CHECKERS if f"= {name}(" in source(cs[index]))
    solution = next(source(c) for c in cs[index:] if c["cell_type"] == "markdown"
                    and source(c).startswith(SOLUTION))
    block = re.search(r"```python\n(.*?)```", solution, re.DOTALL)
    assert block is not None, f"{chapter}: no Python block in the solution dropdown"
    return source(cs[index]), checker, block.group(1)


@pytest.mark.parametrize(("chapter", "which"), CASES, ids=CASE_IDS)
def test_every_chapter_has_a_checked_exercise_with_a_hidden_solution(chapter: str,
                                                                     which: str | None) -> None:
    stub, checker, _ = exercise(chapter, which)
    assert "..." in stub  # the reader's part is left open
    outputs = next(c["outputs"] for c in cells(chapter) if source(c) == stub)
    printed = "".join("".join(o.get("text", "")) for o in outputs)
    assert printed.startswith("\u2718"), printed  # the checker ran and asked for work


@pytest.mark.parametrize(("chapter", "which"), CASES, ids=CASE_IDS)
def test_the_model_solution_passes_its_checker(chapter: str, which: str | None,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    stub, checker, solution = exercise(chapter, which)
    namespace: dict[str, Any] = {}
    imports = "\n".join(line for line in stub.splitlines()
                        if line.startswith(("import ", "from ")))
    exec(imports, namespace)  # noqa: S102 - the book's own cells
    exec(solution, namespace)  # noqa: S102
    call = re.fullmatch(r"result = (\w+)\((.*)\)", stub.strip().splitlines()[-1])
    assert call is not None and call.group(1) == checker
    report = eval(f"{checker}({call.group(2)}, quiet=True)", namespace)  # noqa: S307
    assert report.ok, str(report)


@pytest.mark.parametrize("notebook", sorted(p.stem for p in BOOK.glob("*.ipynb")))
def test_no_solution_is_left_open_in_jupyterlab(notebook: str) -> None:
    """JupyterLab renders Markdown, not MyST directives: a `:class: dropdown` admonition
    would show its whole solution under the exercise. Every solution is a closed <details>
    block, whose content ends before `</details>` on a line of its own."""
    for i, cell in enumerate(cells(notebook)):
        text = source(cell)
        if cell["cell_type"] != "markdown":
            continue
        assert ":class: dropdown" not in text, f"{notebook} cell {i}: a dropdown admonition"
        opened, closed = text.count("<details"), text.count("</details>")
        assert opened == closed, f"{notebook} cell {i}: {opened} <details>, {closed} </details>"
        if SOLUTION.split("\n")[0] in text:
            assert text.count(SOLUTION) == 1 and "\n\n</details>" in text, f"{notebook} cell {i}"
