"""Cells the site hides are collapsed in JupyterLab too (tools/collapse_hidden.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
_spec = importlib.util.spec_from_file_location("collapse_hidden",
                                               ROOT / "tools" / "collapse_hidden.py")
assert _spec is not None and _spec.loader is not None
collapse_hidden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(collapse_hidden)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_hidden_cell_is_collapsed_in_jupyterlab(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    missing = collapse_hidden.uncollapsed(nb)
    assert not missing, (f"{path.name}: cells {missing} are hidden on the site but not "
                         f"collapsed in JupyterLab; run python tools/collapse_hidden.py "
                         f"book/{path.name}")


def test_collapse_sets_only_the_metadata_of_tagged_cells(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["hide-input"]}),
                nbformat.v4.new_code_cell("print(x)"),
                nbformat.v4.new_code_cell("glue('x', x)", metadata={"tags": ["remove-cell"]})]
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, path)
    assert collapse_hidden.main(["--check", str(path)]) == 1
    assert collapse_hidden.main([str(path)]) == 0
    done = nbformat.read(path, as_version=4)
    assert [c.metadata.get("jupyter") for c in done.cells] == [
        {"source_hidden": True}, None, {"source_hidden": True}]
    assert [c.source for c in done.cells] == [c.source for c in nb.cells]
    assert collapse_hidden.main(["--check", str(path)]) == 0
