"""One run of each notebook: strict nbval, in a sandbox, followed by the clean-run checks.

A pytest plugin (tests/conftest.py loads it). When pytest runs with ``--nbval``, every
notebook that nbval collects is collected instead by `SandboxedNotebook`, a subclass of
nbval's own collector. The cells are nbval's own items (``book/<name>.ipynb::Cell <n>``):
nbval executes each cell and compares its fresh outputs with the stored ones by its own
code (`IPyNbCell.runtest`, `compare_outputs`, the ``--nbval-sanitize-with`` file). Only
the kernel's place changes: it starts in a sandbox,

    <sandbox>/repo/book/   a copy of the notebook's folder (notebooks, quizzes/,
                           matplotlibrc; not _vendor/ or _build/): the kernel's cwd
    <sandbox>/repo/        the _toc.yml and _config.yml beside that folder
    <sandbox>/home/        HOME
    <sandbox>/tmp/         TMPDIR
    <sandbox>/kernel/      the kernel's own state: JUPYTER_*, IPYTHONDIR, MPLCONFIGDIR, XDG_*

with PYTHONWARNINGS unset (warnings as a reader sees them). After the last cell, four items
of the same notebook check what that one run did, from the outputs nbval collected:

    ::clean run: no error, stderr or warning (and no cell skipped by NBVAL_SKIP)
    ::clean run: no machine path printed
    ::clean run: writes nothing outside the repository
    ::clean run: leaves the book folder as it was

(the kernel is shut down before the files are compared). The checks of the stored
notebooks are in tests/test_notebooks_clean.py; both use the helpers below.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from nbval.cover import setup_coverage
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, RunningKernel
from nbval.plugin import IPyNbCell, IPyNbFile

# A path of somebody's machine: /work/..., /root/..., C:\Users\...; not a URL's path.
MACHINE_PATH = re.compile(
    r"(?<![\w.:/~-])(?:/(?:work|root|home|tmp|Users|private|var/folders|mnt|opt)/"
    r"|[A-Za-z]:\\\\?(?:Users|Documents and Settings)\\)"
)
# What Python prints for a warning: "UserWarning: ...", "DeprecationWarning: ..."
WARNING = re.compile(r"\b[A-Z]\w*Warning\b(?::|\s*\()")
BINARY = ("image/png", "image/jpeg", "image/gif", "application/pdf")
# The kernel's own state: folders it may write to as it likes
STATE_VARS = ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR",
              "MPLCONFIGDIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME",
              "XDG_STATE_HOME")
# What the copy of the notebook's folder leaves out (the site's assets and builds)
NOT_COPIED = ("_vendor", "_build", ".ipynb_checkpoints", "__pycache__")
BESIDE = ("_toc.yml", "_config.yml")  # files of the parent folder the chapters read


# -- what an output says ---------------------------------------------------------------------


def output_text(output: Any) -> str:
    """The text of an output, binary data left out (base64 may contain anything)."""
    if output.get("output_type") == "stream":
        return str(output.get("text", ""))
    if output.get("output_type") == "error":
        return "\n".join([f"{output['ename']}: {output['evalue']}", *output["traceback"]])
    data = {k: v for k, v in output.get("data", {}).items() if k not in BINARY}
    return json.dumps(data, ensure_ascii=False)


def output_problems(where: str, outputs: list[Any]) -> list[str]:
    """Errors, stderr and printed warnings among `outputs` (of the cell named by `where`)."""
    problems = []
    for out in outputs:
        kind = out.get("output_type")
        if kind == "error":
            problems.append(f"{where}: error {out['ename']}: {out['evalue']}")
        elif kind == "stream" and out.get("name") == "stderr":
            problems.append(f"{where}: stderr {out['text'][:300]!r}")
        elif kind == "stream" or "text/plain" in out.get("data", {}):
            text = out.get("text") or out["data"]["text/plain"]
            if WARNING.search(text):
                problems.append(f"{where}: a warning {text[:300]!r}")
    return problems


def printed_paths(where: str, outputs: list[Any], mine: list[Path]) -> list[str]:
    """Machine paths (any, or one of `mine`) printed in `outputs`, errors and stderr aside."""
    mine = [p for p in mine if len(p.parts) > 2]
    here = re.compile("|".join(re.escape(str(p)) for p in mine)) if mine else None
    problems = []
    for out in outputs:
        if out.get("output_type") == "error" or out.get("name") == "stderr":
            continue  # reported by output_problems
        text = output_text(out)
        found = [*MACHINE_PATH.finditer(text), *(here.finditer(text) if here else [])]
        problems += [f"{where}: {m.group()!r} in {text[:200]!r}" for m in found]
    return problems


# -- the sandbox -----------------------------------------------------------------------------


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


@dataclass
class Sandbox:
    """A temporary copy of a notebook's folder, and the environment its kernel runs in."""

    root: Path
    book: Path
    env: dict[str, Path]
    before: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def state(self) -> Path:
        return self.root / "kernel"

    @classmethod
    def create(cls, notebook: Path) -> Sandbox:
        root = Path(tempfile.mkdtemp(prefix=f"notebook-run-{notebook.stem}-"))
        folder = notebook.parent
        book = root / "repo" / folder.name
        shutil.copytree(folder, book, ignore=shutil.ignore_patterns(*NOT_COPIED))
        for name in BESIDE:
            if (folder.parent / name).is_file():
                shutil.copy2(folder.parent / name, root / "repo" / name)
        env = {"HOME": root / "home", "TMPDIR": root / "tmp"}
        env.update({var: root / "kernel" / var.lower() for var in STATE_VARS})
        for path in env.values():
            path.mkdir(parents=True, exist_ok=True)
        sandbox = cls(root, book, env)
        sandbox.before = snapshot(root, skip=sandbox.state)
        return sandbox

    @contextmanager
    def environment(self) -> Iterator[None]:
        """os.environ as the kernel gets it (a kernel inherits it when it starts)."""
        with pytest.MonkeyPatch.context() as mp:
            for var, path in self.env.items():
                mp.setenv(var, str(path))
            mp.delenv("PYTHONWARNINGS", raising=False)
            yield

    def written(self) -> list[str]:
        """Files created, changed or deleted since `create`, relative to the sandbox."""
        after = snapshot(self.root, skip=self.state)
        return sorted(k for k in self.before.keys() | after.keys()
                      if self.before.get(k) != after.get(k))

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


# -- the collector and the checks ------------------------------------------------------------


class CleanRunFailed(Exception):
    """A clean-run check found problems (the message lists them)."""


class SandboxedNotebook(IPyNbFile):
    """nbval's notebook collector, with its kernel in a `Sandbox` and the clean-run checks."""

    sandbox: Sandbox | None = None
    written: list[str] | None = None

    def collect(self) -> Iterator[pytest.Item]:
        self.cell_items: list[IPyNbCell] = []
        for item in super().collect():
            self.cell_items.append(item)
            yield item
        for title, check in CHECKS.items():
            yield CleanRunCheck.from_parent(self, name=f"clean run: {title}", check=check)

    def setup(self) -> None:
        """nbval's `IPyNbFile.setup`, the kernel started in the sandbox."""
        option = self.config.option
        if option.nbval_current_env:
            kernel_name = CURRENT_ENV_KERNEL_NAME
        elif option.nbval_kernel_name:
            kernel_name = option.nbval_kernel_name
        else:
            kernel_name = self.nb.metadata.get("kernelspec", {}).get("name", "python")
        self.sandbox = Sandbox.create(Path(self.path))
        with self.sandbox.environment():
            self.kernel = RunningKernel(kernel_name, cwd=str(self.sandbox.book),
                                        startup_timeout=option.nbval_kernel_startup_timeout)
        self.setup_sanitize_files()
        if getattr(option, "cov_source", None):
            setup_coverage(self.config, self.kernel, getattr(self, "fspath", None))

    def finish(self) -> list[str]:
        """Shut the kernel down (nbval's teardown: coverage saved, kernel stopped) once, and
        return the files the run wrote, relative to the sandbox."""
        if self.written is None:
            super().teardown()
            assert self.sandbox is not None
            self.written = self.sandbox.written()
        return self.written

    def teardown(self) -> None:
        super().teardown()
        if self.sandbox is not None:
            self.sandbox.remove()

    def fresh_outputs(self) -> Iterator[tuple[str, list[Any]]]:
        """(`Cell <n>` and its first line, the outputs nbval collected) for each cell run."""
        for item in self.cell_items:
            if item.test_outputs is not None:
                first = (item.cell.source.strip().splitlines() or [""])[0][:60]
                where = f"{self.path.name} Cell {item.cell_num} (id {item.cell.get('id', '?')}: " \
                        f"{first!r})"
                yield where, item.test_outputs


class CleanRunCheck(pytest.Item):
    """One check of the notebook's run (after its last cell)."""

    def __init__(self, *, check: Callable[[SandboxedNotebook], list[str]], **kwargs: Any):
        super().__init__(**kwargs)
        self.check = check

    def runtest(self) -> None:
        notebook = self.parent
        assert isinstance(notebook, SandboxedNotebook)
        not_run = [i.cell_num for i in notebook.cell_items if i.test_outputs is None
                   and not i.options["skip"]]
        problems = self.check(notebook)
        if problems:
            note = f" (cells not run in this session: {not_run})" if not_run else ""
            raise CleanRunFailed(f"{notebook.path.name}{note}:\n" + "\n".join(problems))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str:
        if isinstance(excinfo.value, CleanRunFailed):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"{self.path.name}::{self.name}"


def _no_error_or_warning(notebook: SandboxedNotebook) -> list[str]:
    # every cell runs (nbval's NBVAL_SKIP would leave a cell unchecked)
    skipped = [f"{notebook.path.name} Cell {i.cell_num}: NBVAL_SKIP (every cell must run)"
               for i in notebook.cell_items if i.options["skip"]]
    return skipped + [p for where, outs in notebook.fresh_outputs()
                      for p in output_problems(where, outs)]


def _no_machine_path(notebook: SandboxedNotebook) -> list[str]:
    # a path printed by a fresh run would differ on the next machine
    assert notebook.sandbox is not None
    mine = [notebook.sandbox.root, Path(notebook.config.rootpath), Path.home()]
    return [p for where, outs in notebook.fresh_outputs() for p in printed_paths(where, outs, mine)]


def _nothing_outside(notebook: SandboxedNotebook) -> list[str]:
    outside = [p for p in notebook.finish() if not p.startswith(f"repo{os.sep}")]
    return [f"wrote outside the repository (paths relative to a sandbox whose home/ is HOME "
            f"and tmp/ is TMPDIR): {outside}"] if outside else []


def _book_folder_unchanged(notebook: SandboxedNotebook) -> list[str]:
    # a file a chapter writes next to itself would be left in the reader's working tree
    inside = [p for p in notebook.finish() if p.startswith(f"repo{os.sep}")]
    return [f"created or changed files in the repository: {inside}"] if inside else []


CHECKS: dict[str, Callable[[SandboxedNotebook], list[str]]] = {
    "no error, stderr or warning": _no_error_or_warning,
    "no machine path printed": _no_machine_path,
    "writes nothing outside the repository": _nothing_outside,
    "leaves the book folder as it was": _book_folder_unchanged,
}


@pytest.hookimpl(hookwrapper=True)
def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> Iterator[None]:
    """Replace nbval's collector of a notebook by `SandboxedNotebook`."""
    outcome = yield
    results = outcome.get_result()
    if any(type(r) is IPyNbFile for r in results):
        outcome.force_result([
            SandboxedNotebook.from_parent(parent, path=file_path) if type(r) is IPyNbFile else r
            for r in results
        ])
