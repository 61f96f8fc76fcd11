"""Collapse, in JupyterLab, the cells a reader of a notebook does not need to see.

The site hides or removes cells by their tags (myst-nb: ``hide-input``, ``remove-input``,
``remove-cell``); JupyterLab ignores tags but honours the cell metadata
``"jupyter": {"source_hidden": true}``, which shows such a cell's code as one collapsed
line (its output stays visible). This script sets that metadata on every tagged cell.

    python tools/collapse_hidden.py book/*.ipynb          # set it where it is missing
    python tools/collapse_hidden.py --check book/*.ipynb  # list cells without it; exit 1

Only metadata changes: outputs, execution counts and cell ids stay as they are, so a
notebook needs no re-execution afterwards.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import nbformat

HIDDEN_TAGS = frozenset({"hide-input", "remove-input", "remove-cell"})


def uncollapsed(nb: Any) -> list[int]:
    """Indices of the cells tagged to be hidden on the site but not collapsed in JupyterLab."""
    return [i for i, cell in enumerate(nb.cells)
            if HIDDEN_TAGS & set(cell.metadata.get("tags", []))
            and not cell.metadata.get("jupyter", {}).get("source_hidden", False)]


def collapse(nb: Any) -> int:
    """Collapse every such cell of ``nb``; return how many changed."""
    todo = uncollapsed(nb)
    for i in todo:
        nb.cells[i].metadata.setdefault("jupyter", {})["source_hidden"] = True
    return len(todo)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report; exit 1 if any")
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    missing = 0
    for path in args.notebooks:
        nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
        if args.check:
            for i in uncollapsed(nb):
                missing += 1
                print(f"{path}: cell {i} (id {nb.cells[i].get('id', '?')}) is tagged "
                      f"{nb.cells[i].metadata['tags']} but not collapsed")
        elif collapse(nb):
            nbformat.write(nb, path)
            print(f"{path}: collapsed its hidden cells")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
