"""errata.ipynb: the count of source errors it glues agrees with the entries it shows.

Read from the stored notebook (what the site shows): the glued counts, the letters table
("one letter, two meanings"), the editorial table and the summary table. A row added to a
table without its entry in the count, or an entry counted twice over, fails here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from support.notebook_outputs import GLUE

BOOK = Path(__file__).resolve().parents[2] / "book"
ERRATA = BOOK / "errata.ipynb"
SOURCES = ("000", "001", "002")


def _cells() -> list[dict]:
    cells: list[dict] = json.loads(ERRATA.read_text(encoding="utf-8"))["cells"]
    return cells


def _markdown(label: str) -> str:
    """The markdown cell that opens with the target ``(label)=``."""
    for cell in _cells():
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and text.startswith(f"({label})="):
            return text
    raise AssertionError(f"errata.ipynb has no section ({label})=")


def _glued() -> dict[str, int]:
    values: dict[str, int] = {}
    for cell in _cells():
        for out in cell.get("outputs", []):
            name = out.get("metadata", {}).get("scrapbook", {}).get("name", "")
            text = out.get("data", {}).get(GLUE + "text/plain")
            if name.startswith("err_count_") and text is not None:
                values[name] = int(text)
    return values


def _table_rows(text: str) -> list[list[str]]:
    """The body rows of the first Markdown table in ``text``, split into cells."""
    rows = [line for line in text.splitlines() if line.startswith("|")]
    # rows[0] is the header, rows[1] the |---| line; a `|` inside `...` or $...$ never
    # occurs in these tables' first column, which is all the tests read
    return [[c.strip() for c in row.strip("|").split(" | ")] for row in rows[2:]]


def test_the_counts_are_glued_and_add_up() -> None:
    counts = _glued()
    expected = {f"err_count_{s}" for s in (*SOURCES, "across", "all")}
    assert set(counts) == expected
    parts = sum(counts[f"err_count_{s}"] for s in (*SOURCES, "across"))
    assert counts["err_count_all"] == parts


def test_every_letter_of_the_letters_table_is_counted_once() -> None:
    letters = [row[0] for row in _table_rows(_markdown("errata-letters"))]
    assert len(letters) == len(set(letters))
    assert _glued()["err_count_across"] == len(letters)


def test_the_editorial_table_fits_in_the_count_of_each_source() -> None:
    rows = _table_rows(_markdown("errata-editorial"))
    counts = _glued()
    for source in SOURCES:
        n_rows = sum(row[0] == source for row in rows)
        assert 0 < n_rows < counts[f"err_count_{source}"], source


def test_no_page_types_the_count() -> None:
    # the count appears only through its glue: on the errata page and on any other page
    total = _glued()["err_count_all"]
    typed = re.compile(rf"\b{total}\b (?:errors|source errors|errata|inconsistencies)")
    for notebook in sorted(BOOK.glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        prose = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        assert not typed.search(prose), notebook.name
