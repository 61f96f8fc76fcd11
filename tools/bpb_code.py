"""What a reader sees of a chapter's code cell on the site.

Testing markers (``# NBVAL_IGNORE_OUTPUT``, ``# NBVAL_SKIP``, ...) and myst-nb's ``glue(...)``
calls (with ``from myst_nb import glue``) serve the build and the tests, not the reader: the
site shows a cell without them (``tools/bpb_sphinx.py`` rewrites the rendered code) and keeps
the whole cell for the in-browser run, so the site's own nbval still compares outputs and a
rerun still updates the glued prose. A reader's edit of the visible code gets the glue lines
back where they were (``hidden``: each group follows the visible line it followed;
``book/_vendor/bpb/run/hidden.js`` puts it back). The notebooks keep these lines: JupyterLab
readers see the cell as it is run.
"""

from __future__ import annotations

import ast
import re
from typing import Any

MARKER = re.compile(r"^\s*#\s*NBVAL_[A-Z_]+\b.*$")


def _is_glue(stmt: ast.stmt) -> bool:
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        func = stmt.value.func
        return (func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")) == "glue"
    if isinstance(stmt, ast.ImportFrom):
        return stmt.module == "myst_nb" and all(a.name == "glue" for a in stmt.names)
    return False


def _glue_only(stmt: ast.stmt) -> bool:
    """A glue call, or a loop, ``if`` or ``with`` that does nothing else (``for name, v in
    values.items(): glue(name, v)``)."""
    if isinstance(stmt, ast.For | ast.If | ast.With):
        body = [*stmt.body, *getattr(stmt, "orelse", [])]
        return all(_glue_only(s) for s in body)
    return _is_glue(stmt)


def _glue_lines(tree: ast.Module, lines: list[str]) -> set[int]:
    """0-based line numbers of the glue-only statements that fill their lines alone."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and _glue_only(node) and node.end_lineno is not None:
            first, last = node.lineno - 1, node.end_lineno - 1
            rest = lines[last][node.end_col_offset or 0:].strip()
            if lines[first][:node.col_offset].strip() == "" and rest[:1] in ("", ";", "#"):
                found.update(range(first, last + 1))
    return found


def split_cell(code: str) -> tuple[str, list[dict[str, Any]]]:
    """(the code a reader sees, the hidden glue groups ``{"anchor": line, "lines": [...]}``:
    ``anchor`` is the last non-blank visible line above the group, None at the top). Code
    that does not parse, or would not parse without its glue lines, is shown whole but for
    its marker lines."""
    lines = code.split("\n")
    markers = {i for i, line in enumerate(lines) if MARKER.match(line)}
    try:
        glue = _glue_lines(ast.parse(code), lines)
    except SyntaxError:
        glue = set()
    visible = [line for i, line in enumerate(lines) if i not in markers | glue]
    try:
        ast.parse("\n".join(visible))
    except SyntaxError:
        glue = set()
        visible = [line for i, line in enumerate(lines) if i not in markers]
    if not markers | glue:
        return code, []
    groups: list[dict[str, Any]] = []
    anchor: str | None = None
    for i, line in enumerate(lines):
        if i in glue:
            if groups and i - 1 in glue:
                groups[-1]["lines"].append(line)
            else:
                groups.append({"anchor": anchor, "lines": [line]})
        elif i not in markers and line.strip():
            anchor = line
    return "\n".join(visible).strip("\n"), groups
