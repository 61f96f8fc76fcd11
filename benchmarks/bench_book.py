"""The book: build times, each notebook's execution time, and (opt-in) `make test`.

Everything runs on a copy of the working tree in a temporary folder (without .venv*, _build,
.git, artifacts and caches), so that a build running in the repository at the same time is
neither disturbed nor measured. The copy is built with the book environment's jupyter-book
(BOOK_VENV, default .venv, made by `make setup`), with the flags of `make book`
(`jupyter-book build . -W -n --keep-going`).

- clean build:      `_build` removed first;
- no-change build:  the same command again, nothing changed;
- one chapter:      after touching one chapter (its mtime only), the same command again.

Each is repeated BOOK_REPEATS times (default 3) and the median is reported, as wall time and
as CPU time of the child processes (user + sys, which other load on the machine disturbs
less). Notebooks: `jupyter execute` of each book/*.ipynb in the copy, BOOK_REPEATS times.
The thread-count variables of the other benchmarks are removed from these children's
environment: they run as a reader's would.

`make test` (BENCH_MAKE_TEST=1): a `git clone` of the repository (committed work only) in a
temporary folder, `make setup-test` timed (a fresh .venv: installing the pinned
requirements), then `make test` timed.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import harness  # benchmarks/harness.py (the script's folder is on sys.path)

ROOT = Path(__file__).resolve().parents[1]
BOOK_VENV = Path(os.environ.get("BOOK_VENV", ROOT / ".venv"))
QUICK = os.environ.get("BENCH_QUICK") == "1"
REPEATS = int(os.environ.get("BOOK_REPEATS", "1" if QUICK else "3"))
ANSI = re.compile(r"\x1b\[[0-9;]*m")  # colour codes in jupyter-book's warnings
SKIP = {".git", "_build", "artifacts", ".pytest_cache", ".mypy_cache", ".ruff_cache",
        ".jupyter_cache", "__pycache__", ".ipynb_checkpoints"}


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                        "BENCH_THREADS", "VIRTUAL_ENV", "PYTHONPATH"}}
    env["PATH"] = f"{BOOK_VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def run(cmd: list[str], cwd: Path) -> tuple[float, float, int, str]:
    """(wall seconds, children's CPU seconds, exit code, last output lines) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=child_env(), capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    text = ANSI.sub("", proc.stdout + proc.stderr)
    tail = "\n".join(line[:240] for line in text.strip().splitlines()[-6:])
    return wall, cpu, proc.returncode, tail


def copy_tree(dest: Path) -> None:
    def ignore(folder: str, names: list[str]) -> set[str]:
        return {n for n in names if n in SKIP or n.startswith(".venv")}

    shutil.copytree(ROOT, dest, ignore=ignore, symlinks=True)


def chapter_to_touch(copy: Path) -> Path:
    """The first chapter of _toc.yml after the root: a notebook if there is one."""
    files = []
    for line in (copy / "_toc.yml").read_text().splitlines():
        line = line.strip()
        if line.startswith("- file:"):
            files.append(line.split(":", 1)[1].strip())
    paths = [p for f in files for p in (copy / f"{f}.ipynb", copy / f"{f}.md") if p.exists()]
    notebooks = [p for p in paths if p.suffix == ".ipynb"]
    return (notebooks or paths or [copy / "book" / "intro.md"])[0]


def fmt_runs(runs: list[tuple[float, float, int, str]]) -> list[str]:
    walls = [r[0] for r in runs]
    cpus = [r[1] for r in runs]
    codes = sorted({r[2] for r in runs})
    return [f"{statistics.median(walls):.1f} s", f"{statistics.median(cpus):.1f} s",
            f"{min(walls):.1f}–{max(walls):.1f} s", ",".join(map(str, codes))]


def bench_builds(copy: Path) -> None:
    jb = str(BOOK_VENV / "bin" / "jupyter-book")
    build = [jb, "build", ".", "-W", "-n", "--keep-going"]
    chapter = chapter_to_touch(copy)
    results: dict[str, list] = {"clean": [], "nothing changed": [], "one chapter touched": []}
    for _ in range(REPEATS):
        shutil.rmtree(copy / "_build", ignore_errors=True)
        results["clean"].append(run(build, copy))
        results["nothing changed"].append(run(build, copy))
        chapter.touch()
        results["one chapter touched"].append(run(build, copy))
    rows = [[what, *fmt_runs(runs)] for what, runs in results.items()]
    harness.table(
        "Book build times (copy of the working tree, `jupyter-book build . -W -n --keep-going`)",
        f"""Median of {REPEATS} runs of each, in the order clean, nothing changed, one chapter
touched ({chapter.relative_to(copy)}). `CPU` is user + sys time of the build's processes.
`exit` lists the exit codes seen (non-zero: the build failed, see below).""",
        ["build", "wall", "CPU", "wall range", "exit"],
        rows,
    )
    for what, runs in results.items():
        if any(r[2] != 0 for r in runs):
            print(f"\n{what}: jupyter-book exited {runs[-1][2]}; its last lines:\n```text\n"
                  f"{runs[-1][3]}\n```")


def bench_notebooks(copy: Path) -> None:
    jupyter = str(BOOK_VENV / "bin" / "jupyter")
    notebooks = sorted((copy / "book").glob("*.ipynb"))
    # a baseline: one empty code cell, so the kernel's start and stop alone
    empty = copy / "book" / "_bench_empty.ipynb"
    empty.write_text(json.dumps({
        "cells": [{"cell_type": "code", "execution_count": None, "id": "empty",
                   "metadata": {}, "outputs": [], "source": ["pass"]}],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                    "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5}))
    rows = []
    for nb in [empty, *notebooks]:
        runs = [run([jupyter, "execute", "--inplace", nb.name], nb.parent)
                for _ in range(REPEATS)]
        label = "(empty: kernel start and stop)" if nb == empty else nb.name
        rows.append([label, *fmt_runs(runs)])
        if runs[-1][2] != 0:
            print(f"\n{nb.name}: jupyter execute exited {runs[-1][2]}:\n```text\n"
                  f"{runs[-1][3]}\n```")
    if not notebooks:
        rows.append(["(no notebooks in book/)", "-", "-", "-", "-"])
    harness.table(
        "Notebook execution times (`jupyter execute --inplace`, in the copy)",
        f"""Median of {REPEATS} runs per notebook, each including jupyter's and the kernel's
start; the first row, a notebook with one empty cell, measures that start alone. `CPU` is
user + sys of jupyter and the kernel.""",
        ["notebook", "wall", "CPU", "wall range", "exit"],
        rows,
    )


def bench_make_test(tmp: Path) -> None:
    if os.environ.get("BENCH_MAKE_TEST") != "1":
        print("\n`make test` not timed (set BENCH_MAKE_TEST=1: a clean clone, several minutes).")
        return
    clone = tmp / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=clone,
                          capture_output=True, text=True).stdout.strip()
    env_make = ["make", f"PYTHON={shutil.which('python3') or 'python3'}"]
    setup = run([*env_make, "setup-test"], clone)
    test = run([*env_make, "test"], clone)
    rows = [["make setup-test (fresh .venv)", f"{setup[0]:.0f} s", f"{setup[1]:.0f} s",
             setup[2]],
            ["make test (after setup)", f"{test[0]:.0f} s", f"{test[1]:.0f} s", test[2]]]
    harness.table(
        f"`make test` in a clean clone (commit {head}, committed work only)",
        """One run each (wall and CPU of all child processes). The clone has no .venv, so
`make setup-test` installs the pinned requirements first; `make test` then runs the whole
suite (unit tests, strict nbval, book build, browser tests, lint).""",
        ["command", "wall", "CPU", "exit"],
        rows,
    )
    if test[2] != 0:
        print(f"\n`make test` exited {test[2]}; its last lines:\n```text\n{test[3]}\n```")


def main() -> None:
    print("\n## The book: builds, notebooks, tests\n")
    print("```text\n" + harness.machine_header() + f"\njupyter-book from {BOOK_VENV}\n```")
    with tempfile.TemporaryDirectory(prefix="bench-book-") as tmp:
        copy = Path(tmp) / "book-copy"
        copy_tree(copy)
        bench_builds(copy)
        bench_notebooks(copy)
        bench_make_test(Path(tmp))


if __name__ == "__main__":
    main()
