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

from ..errors import (
    ArgumentError,
    ArgumentTypeError,
    MissingFileError,
    check_instance,
    check_names,
    describe,
)
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


def check_book_chapters(chapters: Sequence[BookChapter]) -> Sequence[BookChapter]:
    """``chapters`` if it is a list of BookChapter (as ``book_chapters`` makes), else an
    ArgumentTypeError naming the argument or the entry."""
    if isinstance(chapters, BookChapter) or not isinstance(chapters, Sequence):
        raise ArgumentTypeError(f"chapters must be a list of BookChapter (from "
                                f"book_chapters), got {describe(chapters)}")
    for i, bc in enumerate(chapters):
        check_instance(bc, BookChapter, f"chapters[{i}]")
    return chapters


def toc_order(toc: Path | str = TOC) -> list[str]:
    """Document names (``chain-rule``) in the order of ``_toc.yml`` (``file: book/<name>``)."""
    if not isinstance(toc, (str, Path)):
        raise ArgumentTypeError(f"toc must be the path of _toc.yml, got {describe(toc)}")
    toc = Path(toc)
    if not toc.is_file():
        return []
    return re.findall(r"file:\s*book/([\w.-]+)", toc.read_text(encoding="utf-8"))


def notebook_title(name: str) -> str:
    """The first ``# heading`` of ``<name>.ipynb`` (or ``.md``), else the name."""
    if not isinstance(name, str):
        raise ArgumentTypeError(f"name must be a document's name such as 'chain-rule', got "
                                f"{describe(name)}")
    for path in (Path(f"{name}.ipynb"), Path(f"{name}.md")):
        if _is_file(path):
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".ipynb":
                cells = json.loads(text)["cells"]
                text = "\n".join("".join(c["source"]) for c in cells
                                 if c["cell_type"] == "markdown")
            m = re.search(r"^# (.+)$", text, re.MULTILINE)
            if m:
                return m.group(1).strip()
    return name


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name too long for the file system names no file
        return False


def book_chapters(names: Sequence[str] | None = None, quiz_dir: str | Path = QUIZ_DIR
                  ) -> list[BookChapter]:
    """The chapters that have quizzes, in ``names`` order (by default the table of
    contents' order, keeping only documents with a quiz file); each named once, each with
    its quiz file."""
    quiz_dir = Path(quiz_dir)
    if names is None:
        names = [n for n in toc_order() if _is_file(quiz_dir / f"{n}.txt")]
        if not names:
            names = sorted(p.stem for p in quiz_dir.glob("*.txt"))
    names = check_names(names, "names", example="'chain-rule'")
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ArgumentError(f"names lists the chapter {twice[0]!r} twice: a chapter's points "
                            f"would count twice")
    for n in names:
        if not n or not _is_file(quiz_dir / f"{n}.txt"):
            raise MissingFileError(
                f"no quiz file {str(quiz_dir / f'{n}.txt')!r} for the chapter {n!r} in names "
                f"(relative to {str(Path.cwd())!r}); a chapter's quizzes live in "
                f"book/{QUIZ_DIR}/<chapter>.txt and notebooks run in book/")
    return [BookChapter(read_chapter(quiz_dir / f"{n}.txt"), notebook_title(n), f"{n}.html")
            for n in names]
