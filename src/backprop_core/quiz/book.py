"""The book's chapters that have quizzes, in the order of the table of contents.

Read from ``_toc.yml``, the quiz files in ``book/quizzes/`` and each chapter's first heading;
the progress page (:mod:`.progress`) and its JupyterLab widget (:mod:`.progress_widget`) both
start from this list.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .model import Chapter
from .parse import read_chapter
from .show import QUIZ_DIR

TOC = Path("..") / "_toc.yml"  # relative to book/, where the notebooks run


@dataclass(frozen=True)
class BookChapter:
    """A chapter with quizzes: its quiz file, its title and the page that shows it."""

    chapter: Chapter
    title: str
    page: str  # relative URL of the chapter's page on the site


def toc_order(toc: Path = TOC) -> list[str]:
    """Document names (``chain-rule``) in the order of ``_toc.yml`` (``file: book/<name>``)."""
    if not toc.is_file():
        return []
    return re.findall(r"file:\s*book/([\w.-]+)", toc.read_text(encoding="utf-8"))


def notebook_title(name: str) -> str:
    """The first ``# heading`` of ``<name>.ipynb`` (or ``.md``), else the name."""
    for path in (Path(f"{name}.ipynb"), Path(f"{name}.md")):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".ipynb":
                cells = json.loads(text)["cells"]
                text = "\n".join("".join(c["source"]) for c in cells
                                 if c["cell_type"] == "markdown")
            m = re.search(r"^# (.+)$", text, re.MULTILINE)
            if m:
                return m.group(1).strip()
    return name


def book_chapters(names: Sequence[str] | None = None, quiz_dir: str | Path = QUIZ_DIR
                  ) -> list[BookChapter]:
    """The chapters that have quizzes, in ``names`` order (by default the table of
    contents' order, keeping only documents with a quiz file)."""
    quiz_dir = Path(quiz_dir)
    if names is None:
        names = [n for n in toc_order() if (quiz_dir / f"{n}.txt").is_file()]
        if not names:
            names = sorted(p.stem for p in quiz_dir.glob("*.txt"))
    return [BookChapter(read_chapter(quiz_dir / f"{n}.txt"), notebook_title(n), f"{n}.html")
            for n in names]
