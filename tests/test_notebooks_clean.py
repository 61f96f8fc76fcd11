"""Every chapter notebook opens cleanly (what a reader opens in JupyterLab).

Static checks over the committed book/*.ipynb:

- execution counts are 1..n in order (one fresh run, top to bottom) or all empty;
- no leftover debugging: no empty cell, no cell that only prints variables, no breakpoint;
- no absolute path of a machine (/work/, /root/, /home/, /tmp/, ...) in sources or outputs;
- no stored error, stderr output or warning; the kernel is `python3` (the venv's, in
  JupyterLab and for nbclient alike).

Each notebook runs once per `make test`: strict nbval runs it in a fresh kernel in a
temporary copy of book/ and, after its last cell, checks that run (no error, nothing on
stderr, no warning printed, no machine path printed, no file written anywhere but the
kernel's own state): items `book/<name>.ipynb::clean run: ...`, see
tests/support/notebook_run.py.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest

from support.notebook_run import MACHINE_PATH, output_problems, output_text

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
NOTEBOOKS = sorted(p.name for p in BOOK.glob("*.ipynb"))

DEBUGGING = re.compile(
    r"^\s*(?:breakpoint\(\)|import i?pdb|from i?pdb import|i?pdb\.set_trace\(\)|%debug|%pdb"
    r"|%%debug)",
    re.M,
)


def read(name: str) -> Any:
    return nbformat.read(BOOK / name, as_version=4)


def where(name: str, index: int, cell: Any) -> str:
    first = (cell.source.strip().splitlines() or [""])[0][:60]
    return f"{name} cell {index} ({cell.cell_type}, id {cell.get('id', '?')}: {first!r})"


def stored_problems(name: str, nb: Any) -> list[str]:
    """Errors, stderr and printed warnings among the stored outputs of `nb`."""
    return [p for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
            for p in output_problems(where(name, i, cell), cell.outputs)]


# -- static: the committed notebooks ------------------------------------------------------


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_execution_counts_are_one_clean_run(name: str) -> None:
    nb = read(name)
    code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    counts = [c.execution_count for _, c in code]
    assert counts == [None] * len(code) or counts == list(range(1, len(code) + 1)), (
        f"{name}: execution counts {counts}; expected 1..{len(code)} in order (run it with "
        "`make execute`) or none"
    )
    for i, cell in code:
        for out in cell.outputs:
            if out.output_type == "execute_result":
                assert out.execution_count == cell.execution_count, (
                    f"{where(name, i, cell)}: result [{out.execution_count}] under "
                    f"cell [{cell.execution_count}]"
                )


def only_prints_variables(source: str) -> bool:
    """A cell like `print(x)` or `print(a.grad, w[0])`: debugging, not teaching."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False  # IPython magics: not a print-only cell
    simple = (ast.Name, ast.Attribute, ast.Subscript)
    return bool(tree.body) and all(
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Call)
        and isinstance(stmt.value.func, ast.Name)
        and stmt.value.func.id in ("print", "pprint")
        and all(isinstance(arg, simple) for arg in stmt.value.args)
        for stmt in tree.body
    )


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_no_leftover_debug_cells(name: str) -> None:
    problems = []
    for i, cell in enumerate(read(name).cells):
        if not cell.source.strip():
            problems.append(f"{where(name, i, cell)}: empty cell")
        elif cell.cell_type == "code" and only_prints_variables(cell.source):
            problems.append(f"{where(name, i, cell)}: only prints variables (debugging?)")
        elif cell.cell_type == "code" and DEBUGGING.search(cell.source):
            problems.append(f"{where(name, i, cell)}: a debugger call")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_no_machine_paths(name: str) -> None:
    nb = read(name)
    problems = []
    for i, cell in enumerate(nb.cells):
        places = [("source", cell.source)]
        places += [("output", output_text(out)) for out in cell.get("outputs", [])]
        for place, text in places:
            for m in MACHINE_PATH.finditer(text):
                context = text[max(0, m.start() - 40) : m.end() + 40].replace("\n", " ")
                problems.append(f"{where(name, i, cell)}: {place} has {context!r}")
    widgets = json.dumps(nb.metadata.get("widgets", {}), ensure_ascii=False)
    problems += [f"{name}: saved widget state has {m.group()!r}"
                 for m in MACHINE_PATH.finditer(widgets)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_stored_outputs_have_no_error_or_warning(name: str) -> None:
    problems = stored_problems(name, read(name))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_kernel_is_the_venvs_python3(name: str) -> None:
    # `python3` is the kernelspec of the venv that runs `jupyter lab` and nbclient; any other
    # name makes JupyterLab ask the reader for a kernel, or start a foreign one
    kernelspec = read(name).metadata.get("kernelspec", {})
    assert kernelspec.get("name") == "python3", f"{name}: kernelspec {kernelspec}"


# -- the one run of each notebook --------------------------------------------------------------


def test_notebooks_run_once_under_strict_nbval_in_a_sandbox(request: pytest.FixtureRequest) -> None:
    """In a session that runs notebooks (make test: `--nbval ... book`), each runs once, by
    tests/support/notebook_run.py: strict, sanitized, then checked (`clean run: ...`)."""
    from nbval.plugin import IPyNbFile

    from support.notebook_run import CHECKS, SandboxedNotebook

    notebooks = [n for n in request.session.items if n.path.suffix == ".ipynb"]
    if not notebooks:
        pytest.skip("no notebook runs in this session (make test runs them: --nbval ... book)")
    option = request.config.option
    assert option.nbval and not option.nbval_lax, "strict nbval only (never --nbval-lax)"
    assert option.nbval_sanitize_with and Path(option.nbval_sanitize_with).resolve() == (
        ROOT / "tests" / "nbval_sanitize.cfg")
    collectors = {item.parent for item in notebooks}
    assert all(isinstance(c, SandboxedNotebook) for c in collectors), collectors
    assert all(isinstance(c, IPyNbFile) for c in collectors)  # nbval's own, subclassed
    paths = [c.path for c in collectors]
    assert len(paths) == len(set(paths)), "a notebook is collected twice"
    for collector in collectors:
        names = [i.name for i in notebooks if i.parent is collector]
        code = sum(c.cell_type == "code" for c in read(collector.path.name).cells)
        assert names == [f"Cell {n}" for n in range(code)] + [f"clean run: {c}" for c in CHECKS]
