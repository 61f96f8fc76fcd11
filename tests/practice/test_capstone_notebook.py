"""The capstone as a learner does it: five exercises, each one's stub asking for work, and
the chapter run with every hidden model solution in place of its stub.

With the solutions in place, every "keep" cell must keep the learner's code (not fall back
to the book's), the network that trains must be made of the learner's classes, and the
final check must pass naming the learner's Value, MLP and cost: the reader's own code
flows from step to step.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

BOOK = Path(__file__).resolve().parents[2] / "book"
SOLUTION = '<details class="bpb-solution">\n<summary>Solution</summary>\n'
EXERCISES = ["check_value_core", "check_value_ops", "check_mlp", "check_training",
             "check_as_matrices"]


def cells() -> list[dict[str, Any]]:
    return json.loads((BOOK / "capstone.ipynb").read_text())["cells"]  # type: ignore[no-any-return]


def source(cell: dict[str, Any]) -> str:
    return "".join(cell["source"])


def exercise_index(checker: str) -> int:
    return next(i for i, c in enumerate(cells()) if c["cell_type"] == "code"
                and re.search(rf"^result = {checker}\(", source(c), re.MULTILINE))


def solution_code(index: int) -> str:
    text = next(source(c) for c in cells()[index:] if c["cell_type"] == "markdown"
                and source(c).startswith(SOLUTION))
    block = re.search(r"```python\n(.*?)```", text, re.DOTALL)
    assert block is not None
    return block.group(1)


@pytest.mark.parametrize("checker", EXERCISES)
def test_each_stub_asks_for_work_and_is_followed_by_a_solution_and_a_keep_cell(
        checker: str) -> None:
    index = exercise_index(checker)
    cs = cells()
    printed = " ".join("".join("".join(o.get("text", ""))
                               for o in cs[index]["outputs"]).split())
    assert printed.startswith("\u2718") and "written yet" in printed, printed
    assert source(cs[index + 1]).startswith(SOLUTION)
    keep = source(cs[index + 2])
    assert "keep_if_right(" in keep and checker in keep
    kept = "".join("".join(o.get("text", "")) for o in cs[index + 2]["outputs"])
    assert kept.startswith("→ Not passing yet"), kept


def run(code: str, namespace: dict[str, Any]) -> None:
    exec(compile(code, "<capstone cell>", "exec"), namespace)  # noqa: S102 - the book's cells


def test_the_chapter_with_every_solution_keeps_and_trains_the_learners_code(
        capsys: pytest.CaptureFixture[str]) -> None:
    cs = cells()
    namespace: dict[str, Any] = {}
    run(source(cs[1]), namespace)  # the imports
    exercises = {exercise_index(c): c for c in EXERCISES}
    data = next(i for i, c in enumerate(cs) if "moons = two_moons(" in source(c))
    training = next(i for i, c in enumerate(cs) if "epoch_costs.append(train_step(" in source(c))
    final = next(i for i, c in enumerate(cs) if source(c).startswith("final = check_final("))
    for index, cell in enumerate(cs):
        code = source(cell)
        if index in exercises:
            imports = "\n".join(line for line in code.splitlines()
                                if line.startswith(("import ", "from ")))
            run(imports, namespace)
            run(solution_code(index), namespace)
            capsys.readouterr()
        elif "keep_if_right(" in code:
            run(code, namespace)
            said = capsys.readouterr().out
            assert said.startswith("\u2714 Your "), said
        elif index in (data, training, final):
            run(code, namespace)
    for name in ("Value", "Neuron", "Layer", "MLP", "cost", "train_step", "as_matrices"):
        assert namespace[name].__module__ == "<capstone cell>" or not str(
            namespace[name].__module__).startswith("backprop_core"), name
    assert type(namespace["model"]).__name__ == "MLP"
    assert not type(namespace["model"]).__module__.startswith("backprop_core")
    report = namespace["final"]
    assert report.ok, str(report)
    assert "(your Value, MLP and cost)" in str(report)
