"""The build never ships a stale quiz (a Sphinx extension of backprop-book).

The site shows each quiz as stored in its chapter's notebook outputs (the build does not
execute notebooks). If a quiz file in ``book/quizzes/`` changed after the notebook that
shows it was executed, the site would show the old quiz. Every stored quiz carries a key
derived from its whole text (``data-bpb-content``, ``quiz.model.Chapter.content_keys``:
question, answers, tolerance, penalty, gating, explanation, id; outputs stored before
that attribute existed carry it as ``data-bpb-key``); at the start of the build this
extension parses every quiz file and stops the build, naming the notebook and the quiz
file, when a notebook's stored outputs hold a key that the current file no longer has.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sphinx.errors import ExtensionError

from backprop_core.quiz.parse import read_chapter

KEY = re.compile(r'data-bpb-chapter="([\w.-]+)"|<section class="bpb-quiz"[^>]*>')
CONTENT = re.compile(r'data-bpb-content="([0-9a-f]+)"')  # a block with an \id:
CONTENT_KEY = re.compile(r'data-bpb-key="([0-9a-f]+)"')  # a block without one


def stored_quiz_keys(notebook: Path) -> dict[str, set[str]]:
    """{quiz file name: content keys of its quizzes} in the notebook's stored HTML outputs."""
    found: dict[str, set[str]] = {}
    cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    for cell in cells:
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html")
            if not html:
                continue
            chapter = None
            for m in KEY.finditer("".join(html) if isinstance(html, list) else html):
                if m.group(1):
                    chapter = m.group(1)
                elif chapter is not None:
                    tag = CONTENT.search(m.group(0)) or CONTENT_KEY.search(m.group(0))
                    if tag is not None:
                        found.setdefault(chapter, set()).add(tag.group(1))
    return found


def stale_quizzes(book: Path) -> list[str]:
    """One message per notebook whose stored quizzes differ from its quiz files."""
    problems = []
    current: dict[str, set[str]] = {}
    for notebook in sorted(book.glob("*.ipynb")):
        for chapter, keys in stored_quiz_keys(notebook).items():
            quiz_file = book / "quizzes" / f"{chapter}.txt"
            if chapter not in current:
                current[chapter] = (set(read_chapter(quiz_file).content_keys())
                                    if quiz_file.is_file() else set())
            old = keys - current[chapter]
            if old:
                problems.append(
                    f"{notebook.relative_to(book.parent)} shows {len(old)} quiz(zes) of "
                    f"{quiz_file.relative_to(book.parent)} as they were before the file "
                    f"changed: run `make execute` (or `jupyter execute --inplace "
                    f"{notebook.name}` in book/) and commit the notebook")
    return problems


def _check(app: Any) -> None:
    problems = stale_quizzes(Path(app.srcdir) / "book")
    if problems:
        raise ExtensionError("stale quizzes would reach the site:\n  " + "\n  ".join(problems))


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", _check)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
