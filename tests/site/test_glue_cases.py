"""The expectations of tests/js/glue.test.js are Python's own: each case of
tests/js/support/glue-cases.json is [repr(value), spec, format(value, spec)], and the site
formats a reader's glued value (book/_vendor/bpb/run/glue.js) as myst-nb formats the book's.
"""

import ast
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "js" / "support" / "glue-cases.json"
GLUE_REF = re.compile(r"\{glue:text\}`[A-Za-z0-9_]+(?::([^`]*))?`")


def test_the_cases_are_what_python_formats() -> None:
    for repr_, spec, expected in json.loads(CASES.read_text()):
        assert format(ast.literal_eval(repr_), spec) == expected, (repr_, spec)


def test_the_cases_cover_every_format_the_prose_uses() -> None:
    used = {m.group(1) or "" for nb in (ROOT / "book").glob("*.ipynb")
            for m in GLUE_REF.finditer(nb.read_text(encoding="utf-8"))}
    covered = {spec for _, spec, _ in json.loads(CASES.read_text())}
    assert used <= covered, used - covered
