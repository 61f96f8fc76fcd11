"""The one run of each notebook (tests/support/notebook_run.py) is strict nbval, and more.

Three small notebooks run in pytest sessions of their own (pytester, in a subprocess):
under the plugin, under nbval alone, and under nbval alone without the sanitize file. The
plugin's cell items must have exactly nbval's outcomes (a changed stored output fails, the
sanitize patterns apply), the kernel must run in a copy of the folder (with _toc.yml beside
it and the folder's matplotlibrc), and the clean-run checks must catch a warning, stderr,
an error, a printed machine path, files written next to the notebook or in HOME, and a
cell that nbval skips.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

TESTS = Path(__file__).resolve().parent
SANITIZE = TESTS / "nbval_sanitize.cfg"
PLUGIN_CONFTEST = f"""
import sys
sys.path.insert(0, {str(TESTS)!r})
pytest_plugins = ["support.notebook_run"]
"""
CHECKS = ("no error, stderr or warning", "no machine path printed",
          "writes nothing outside the repository", "leaves the book folder as it was")


def notebook(*cells: tuple[str, list]) -> nbformat.NotebookNode:
    """A notebook of code cells (source, stored outputs), counted 1..n as one run."""
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                               "language": "python"}})
    for n, (source, outputs) in enumerate(cells, start=1):
        cell = new_code_cell(source, execution_count=n, outputs=outputs)
        for out in outputs:
            if out.output_type == "execute_result":
                out.execution_count = n
        nb.cells.append(cell)
    return nb


def printed(text: str) -> list:
    return [new_output("stream", name="stdout", text=text)]


def result(text: str) -> list:
    return [new_output("execute_result", data={"text/plain": text})]


NOTEBOOKS = {
    # the stored outputs are what a fresh run prints, once sanitized
    "same.ipynb": notebook(
        ("print(1 + 1)", printed("2\n")),
        ("print(hex(id(object())))", printed("0xdeadbeef\n")),  # memory addresses
        ("print(0.1 + 0.2)", printed("0.3000000012\n")),  # digits beyond the eighth decimal
        ("print(open('../_toc.yml').read().strip())", printed("the toc\n")),
        ("print(open('quizzes/q.txt').read().strip())", printed("a quiz\n")),
        ("import matplotlib\nprint(matplotlib.rcParams['figure.dpi'])", printed("123.0\n")),
    ),
    # stored outputs that a fresh run does not reproduce
    "changed.ipynb": notebook(
        ("print(1 + 1)", printed("3\n")),
        ("print(0.1234567)", printed("0.1234568\n")),  # the seventh decimal differs
        ("2 + 2", result("4")),
    ),
    # outputs reproduce (or are not compared), but the run is not clean
    "dirty.ipynb": notebook(
        ("# NBVAL_IGNORE_OUTPUT\nimport warnings\nwarnings.warn('careful')", []),
        ("# NBVAL_IGNORE_OUTPUT\nimport os\nprint(os.getcwd())", []),
        ("open('here.txt', 'w').write('x')", result("1")),
        ("import pathlib\npathlib.Path.home().joinpath('dot').write_text('x')", result("1")),
        ("print('DeprecationWarning: printed')", printed("DeprecationWarning: printed\n")),
        ("1 / 0", []),
        ("# NBVAL_SKIP\nprint('never run')", []),
    ),
}
EXPECTED_CELLS = {  # nbval's outcome of each cell
    "same.ipynb": ["passed"] * 6,
    "changed.ipynb": ["failed", "failed", "passed"],
    "dirty.ipynb": ["passed"] * 5 + ["failed"],  # and Cell 6 skipped
}
EXPECTED_CHECKS = {
    "same.ipynb": dict.fromkeys(CHECKS, "passed"),
    "changed.ipynb": dict.fromkeys(CHECKS, "passed"),
    "dirty.ipynb": dict.fromkeys(CHECKS, "failed"),
}


def outcomes(stdout: str) -> dict[str, str]:
    """node id -> passed/failed, from `pytest -rA` (its short test summary)."""
    found = {}
    for m in re.finditer(r"^(PASSED|FAILED|ERROR|SKIPPED) (\S+\.ipynb::[^\n]*?)(?: - .*)?$",
                         stdout, re.M):
        found[m.group(2)] = m.group(1).lower()
    return found


def cells_of(found: dict[str, str], name: str) -> list[str]:
    cells = {int(k.rsplit(" ", 1)[1]): v for k, v in found.items()
             if k.startswith(f"book/{name}::Cell ")}
    return [cells[i] for i in sorted(cells)]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One folder of notebooks, three pytest sessions over it (in subprocesses)."""
    root = tmp_path_factory.mktemp("notebook-run-plugin")
    (root / "book" / "quizzes").mkdir(parents=True)
    for name, nb in NOTEBOOKS.items():
        nbformat.write(nb, root / "book" / name)
    (root / "book" / "quizzes" / "q.txt").write_text("a quiz\n")
    (root / "book" / "matplotlibrc").write_text("figure.dpi: 123\n")
    (root / "_toc.yml").write_text("the toc\n")
    home = root / "home"
    home.mkdir()
    plain = root / "plain"  # nbval alone: a copy, without the plugin's conftest.py
    plugin = root / "plugin"
    for folder in (plain, plugin):
        folder.mkdir()
        (folder / "book").symlink_to(root / "book")
        (folder / "_toc.yml").symlink_to(root / "_toc.yml")
    (plugin / "conftest.py").write_text(PLUGIN_CONFTEST)

    def pytest_run(folder: Path, *options: str, notebooks: str = "book") -> str:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("PYTEST_", "COV_"))}
        env["HOME"] = str(home)
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", f"--rootdir={folder}", "-rA", "-p", "no:cacheprovider",
             "--nbval", "--nbval-current-env", *options, notebooks],
            cwd=folder, capture_output=True, text=True, env=env, timeout=600)
        return proc.stdout + proc.stderr

    out = {"plugin": pytest_run(plugin, f"--nbval-sanitize-with={SANITIZE}")}
    out["left in book"] = sorted(p.name for p in (root / "book").iterdir())
    out["left in home"] = sorted(p.name for p in home.iterdir())
    out["plain"] = pytest_run(plain, f"--nbval-sanitize-with={SANITIZE}")
    out["unsanitized"] = pytest_run(plain, notebooks="book/same.ipynb")
    return out


def test_cells_have_the_outcomes_of_strict_nbval(runs: dict) -> None:
    mine, plain = outcomes(runs["plugin"]), outcomes(runs["plain"])
    for name, expected in EXPECTED_CELLS.items():
        assert cells_of(mine, name) == expected, runs["plugin"][-3000:]
        assert cells_of(plain, name) == expected, runs["plain"][-3000:]


def test_a_changed_output_fails_and_names_the_cell(runs: dict) -> None:
    assert "book/changed.ipynb::Cell 0" in runs["plugin"]
    assert "Cell outputs differ" in runs["plugin"]
    assert "0.1234568" in runs["plugin"]  # the stored value is shown


def test_the_sanitize_patterns_apply(runs: dict) -> None:
    unsanitized = cells_of(outcomes(runs["unsanitized"]), "same.ipynb")
    # without the sanitize file the address and the float's last digits differ
    assert unsanitized[1:3] == ["failed", "failed"], runs["unsanitized"][-3000:]
    assert cells_of(outcomes(runs["plugin"]), "same.ipynb")[1:3] == ["passed", "passed"]


def test_the_kernel_runs_in_a_copy_with_the_files_around_the_book(runs: dict) -> None:
    # cells 3-5 of same.ipynb read ../_toc.yml, quizzes/ and ./matplotlibrc: passed above;
    # what dirty.ipynb wrote went into the sandbox, not next to the notebook or into HOME
    assert runs["left in book"] == ["changed.ipynb", "dirty.ipynb", "matplotlibrc", "quizzes",
                                    "same.ipynb"]
    assert runs["left in home"] == []


def test_the_clean_run_checks_catch_what_a_run_does(runs: dict) -> None:
    found = outcomes(runs["plugin"])
    for name, expected in EXPECTED_CHECKS.items():
        got = {check: found.get(f"book/{name}::clean run: {check}") for check in CHECKS}
        assert got == expected, runs["plugin"][-3000:]
    text = runs["plugin"]
    for symptom in ("stderr", "UserWarning: careful", "DeprecationWarning: printed",
                    "ZeroDivisionError", "Cell 1 (id", "here.txt", "home/dot",
                    "Cell 6: NBVAL_SKIP"):
        assert symptom in text, symptom
