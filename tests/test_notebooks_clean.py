"""Every chapter notebook opens cleanly and runs cleanly.

Static checks over the committed book/*.ipynb (what a reader opens in JupyterLab):

- execution counts are 1..n in order (one fresh run, top to bottom) or all empty;
- no leftover debugging: no empty cell, no cell that only prints variables, no breakpoint;
- no absolute path of a machine (/work/, /root/, /home/, /tmp/, ...) in sources or outputs;
- no stored error, stderr output or warning; the kernel is `python3` (the venv's, in
  JupyterLab and for nbclient alike).

One execution per notebook, with nbclient in a fresh kernel, in a temporary copy of book/
(cwd = the copy, HOME and TMPDIR pointed into the temporary folder): no error, nothing on
stderr, no warning printed, no machine path printed, and no file written anywhere but the
kernel's own state (connection file, IPython and matplotlib caches, kept in a folder of
their own). strict nbval
runs the notebooks too, but compares outputs; this run checks what they do.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
NOTEBOOKS = sorted(p.name for p in BOOK.glob("*.ipynb"))
CELL_TIMEOUT = 600  # seconds for one cell

# A path of somebody's machine: /work/..., /root/..., C:\Users\...; not a URL's path.
MACHINE_PATH = re.compile(
    r"(?<![\w.:/~-])(?:/(?:work|root|home|tmp|Users|private|var/folders|mnt|opt)/"
    r"|[A-Za-z]:\\\\?(?:Users|Documents and Settings)\\)"
)
# What Python prints for a warning: "UserWarning: ...", "DeprecationWarning: ..."
WARNING = re.compile(r"\b[A-Z]\w*Warning\b(?::|\s*\()")
DEBUGGING = re.compile(
    r"^\s*(?:breakpoint\(\)|import i?pdb|from i?pdb import|i?pdb\.set_trace\(\)|%debug|%pdb"
    r"|%%debug)",
    re.M,
)
BINARY = ("image/png", "image/jpeg", "image/gif", "application/pdf")


def read(name: str) -> Any:
    return nbformat.read(BOOK / name, as_version=4)


def where(name: str, index: int, cell: Any) -> str:
    first = (cell.source.strip().splitlines() or [""])[0][:60]
    return f"{name} cell {index} ({cell.cell_type}, id {cell.get('id', '?')}: {first!r})"


def output_text(output: Any) -> str:
    """The text of an output, binary data left out (base64 may contain anything)."""
    if output.output_type == "stream":
        return str(output.text)
    if output.output_type == "error":
        return "\n".join([f"{output.ename}: {output.evalue}", *output.traceback])
    data = {k: v for k, v in output.get("data", {}).items() if k not in BINARY}
    return json.dumps(data, ensure_ascii=False)


def output_problems(name: str, nb: Any) -> list[str]:
    """Errors, stderr and printed warnings among the outputs of `nb`."""
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.outputs:
            if out.output_type == "error":
                problems.append(f"{where(name, i, cell)}: error {out.ename}: {out.evalue}")
            elif out.output_type == "stream" and out.name == "stderr":
                problems.append(f"{where(name, i, cell)}: stderr {out.text[:300]!r}")
            elif out.output_type == "stream" or "text/plain" in out.get("data", {}):
                text = out.get("text") or out["data"]["text/plain"]
                if WARNING.search(text):
                    problems.append(f"{where(name, i, cell)}: a warning {text[:300]!r}")
    return problems


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
    problems = output_problems(name, read(name))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_kernel_is_the_venvs_python3(name: str) -> None:
    # `python3` is the kernelspec of the venv that runs `jupyter lab` and nbclient; any other
    # name makes JupyterLab ask the reader for a kernel, or start a foreign one
    kernelspec = read(name).metadata.get("kernelspec", {})
    assert kernelspec.get("name") == "python3", f"{name}: kernelspec {kernelspec}"


# -- one run in a fresh kernel ----------------------------------------------------------------


@dataclass
class Run:
    name: str
    nb: Any
    seconds: float
    written: list[str]  # files created, changed or deleted, relative to the sandbox
    sandbox: Path


def snapshot(folder: Path, skip: Path) -> dict[str, tuple[int, int]]:
    """Every file under `folder` (but `skip`) -> (size, mtime in ns); folders -> (-1, 0)."""
    entries = {}
    for path in folder.rglob("*"):
        if path.is_relative_to(skip):
            continue
        stat = path.lstat()
        key = str(path.relative_to(folder))
        entries[key] = (-1, 0) if path.is_dir() else (stat.st_size, stat.st_mtime_ns)
    return entries


@pytest.fixture(scope="module", params=NOTEBOOKS)
def run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    """Execute one notebook, top to bottom, in a fresh kernel, in a sandbox:

    <sandbox>/repo/book/   a copy of book/*.ipynb and book/quizzes/ (the kernel's cwd)
    <sandbox>/home/        HOME
    <sandbox>/tmp/         TMPDIR
    <sandbox>/kernel/      the kernel's own state: JUPYTER_*, IPYTHONDIR, MPLCONFIGDIR, XDG_*
    """
    name = request.param
    sandbox = tmp_path_factory.mktemp("notebook-run")
    book = sandbox / "repo" / "book"
    book.mkdir(parents=True)
    for nb_path in BOOK.glob("*.ipynb"):
        shutil.copy2(nb_path, book / nb_path.name)
    shutil.copytree(BOOK / "quizzes", book / "quizzes")
    state = sandbox / "kernel"
    env = {"HOME": sandbox / "home", "TMPDIR": sandbox / "tmp"}
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR",
                "MPLCONFIGDIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME",
                "XDG_STATE_HOME"):
        env[var] = state / var.lower()
    for folder in env.values():
        folder.mkdir(parents=True, exist_ok=True)
    before = snapshot(sandbox, skip=state)

    nb = nbformat.read(book / name, as_version=4)
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        allow_errors=True,  # run every cell and report every error, not just the first
        resources={"metadata": {"path": str(book)}},
    )
    with pytest.MonkeyPatch.context() as mp:
        for var, folder in env.items():
            mp.setenv(var, str(folder))
        mp.delenv("PYTHONWARNINGS", raising=False)  # warnings as a reader would see them
        start = time.monotonic()
        client.execute()
        seconds = time.monotonic() - start

    after = snapshot(sandbox, skip=state)
    written = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    yield Run(name, nb, seconds, written, sandbox)


def test_runs_without_error_or_warning(run: Run) -> None:
    problems = output_problems(run.name, run.nb)
    assert not problems, f"{run.name} in a fresh kernel ({run.seconds:.0f} s):\n" + "\n".join(
        problems
    )


def test_run_prints_no_machine_path(run: Run) -> None:
    # a path printed by a fresh run would differ on the next machine, and fail strict nbval
    mine = [p for p in (run.sandbox, ROOT, Path.home()) if len(p.parts) > 2]
    here = re.compile("|".join(re.escape(str(p)) for p in mine))
    problems = []
    for i, cell in enumerate(run.nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type == "error" or out.get("name") == "stderr":
                continue  # reported by test_runs_without_error_or_warning
            text = output_text(out)
            for m in [*MACHINE_PATH.finditer(text), *here.finditer(text)]:
                problems.append(f"{where(run.name, i, cell)}: {m.group()!r} in {text[:200]!r}")
    assert not problems, "\n".join(problems)


def test_writes_nothing_outside_the_repository(run: Run) -> None:
    outside = [p for p in run.written if not p.startswith(f"repo{os.sep}")]
    assert not outside, (
        f"{run.name} wrote outside the repository (paths relative to a sandbox whose home/ is "
        f"HOME and tmp/ is TMPDIR): {outside}"
    )


def test_leaves_the_book_folder_as_it_was(run: Run) -> None:
    # a file a chapter writes next to itself would be left in the working tree by nbval
    inside = [p for p in run.written if p.startswith(f"repo{os.sep}")]
    assert not inside, f"{run.name} created or changed files in the repository: {inside}"
