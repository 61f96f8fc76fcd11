"""What a reader sees of a code cell on the site (tools/bpb_code.py): no testing markers, no
glue calls, while the page's cells keep them for the in-browser run (issue 28, item 6)."""

from __future__ import annotations

import ast
import html
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "tools"))
from bpb_code import split_cell  # noqa: E402

CELL = """\
# NBVAL_IGNORE_OUTPUT
from myst_nb import glue
x = 1.5
for name, v in {"a": x}.items():
    glue(name, v, display=False)
for i in range(2):
    y = x * i
    glue(f"y{i}",
         y, display=False)   # the last one
print(y)
glue("x", x)"""


def test_markers_and_glue_calls_are_left_out_and_kept_as_groups() -> None:
    visible, groups = split_cell(CELL)
    assert visible == "x = 1.5\nfor i in range(2):\n    y = x * i\nprint(y)"
    assert groups == [
        {"anchor": None, "lines": ["from myst_nb import glue"]},
        {"anchor": "x = 1.5", "lines": ['for name, v in {"a": x}.items():',
                                        "    glue(name, v, display=False)"]},
        {"anchor": "    y = x * i", "lines": ['    glue(f"y{i}",',
                                              "         y, display=False)   # the last one"]},
        {"anchor": "print(y)", "lines": ['glue("x", x)']},
    ]
    ast.parse(visible)


def test_a_cell_without_them_or_that_would_break_is_shown_as_it_is() -> None:
    assert split_cell("x = 1\nprint(x)") == ("x = 1\nprint(x)", [])
    # a glue call sharing its line, or code that does not parse: shown whole
    assert split_cell("x = 1; glue('x', x)")[0] == "x = 1; glue('x', x)"
    assert split_cell("# NBVAL_SKIP\nx = (")[0] == "x = ("
    # the glue of a helper that is not myst-nb's import stays when others are imported too
    assert split_cell("from myst_nb import glue, other\nx = 1")[1] == []


def _visible_code(page: str) -> list[str]:
    blocks = re.findall(
        r'<div class="cell_input docutils container">(.*?)</div>\s*</div>\s*</div>', page, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", b)) for b in blocks]


def test_no_visible_code_cell_of_the_built_site_shows_them(site_dir: Path) -> None:
    shown = 0
    for path in sorted((site_dir / "book").glob("*.html")):
        page = path.read_text(encoding="utf-8")
        for code in _visible_code(page):
            shown += 1
            assert "NBVAL_" not in code, (path.name, code)
            assert not re.search(r"^\s*glue\(|from myst_nb import glue", code, re.M), \
                (path.name, code)
        # the page's cells, run in the browser, keep them
        data = re.search(r'<script type="application/json" id="bpb-notebook">(.*?)</script>',
                         page, re.S)
        if data and "glue(" in page:
            cells = json.loads(data.group(1).replace("<\\/", "</"))["cells"]
            assert any("glue(" in c["code"] for c in cells), path.name
    assert shown > 100
