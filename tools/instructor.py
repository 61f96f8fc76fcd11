"""For instructors: the answer key of every quiz and exercise, and the quizzes in GIFT.

    python tools/instructor.py [OUT]        (default OUT: _build/instructor; `make instructor`)

writes, from the quiz files and the chapters' stored outputs (which strict nbval keeps
current):

- ``answer-key.md`` and ``answer-key.html``: every quiz of the book in the order of the
  table of contents, options lettered as the page shows them, the right ones marked,
  numeric answers with their tolerance; then every exercise with its model solution;
- ``quizzes.gift``: every quiz in Moodle's GIFT format (Moodle: Question bank › Import ›
  GIFT), one category per chapter, numeric tolerances made absolute.

None of these is linked from the book: the site is a practice book whose answers are in
its pages; these files are for an instructor who assesses elsewhere.
"""

from __future__ import annotations

import html
import json
import os
import re
import sys
from pathlib import Path

from markdown_it import MarkdownIt

from backprop_core.quiz.book import book_chapters
from backprop_core.quiz.export import answer_key_markdown, to_gift
from backprop_core.quiz.model import Chapter

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
NUMERIC = re.compile(r'<section class="bpb-quiz"[^>]*?data-bpb-key="([\w.-]+)"'
                     r'[^>]*?data-bpb-value="([^"]+)"')


def stored_values(book: Path = BOOK) -> dict[str, float]:
    """{quiz key: expected value} of every numeric quiz shown in a stored output."""
    values: dict[str, float] = {}
    for notebook in sorted(book.glob("*.ipynb")):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", []):
                text = output.get("data", {}).get("text/html", "")
                text = "".join(text) if isinstance(text, list) else text
                for key, value in NUMERIC.findall(text):
                    values[key] = float(value)
    return values


def bound_chapters(book: Path = BOOK) -> list[tuple[str, Chapter]]:
    """(title, chapter) in the book's order, each numeric quiz bound to its stored value."""
    values = stored_values(book)
    out = []
    cwd = os.getcwd()
    os.chdir(book)  # book_chapters reads ../_toc.yml and the notebooks' titles from book/
    try:
        chapters = book_chapters()
    finally:
        os.chdir(cwd)
    for bc in chapters:
        quizzes = []
        for quiz, key in zip(bc.chapter.quizzes, bc.chapter.quiz_keys(), strict=True):
            if quiz.numeric is not None and quiz.numeric.value is None:
                if key not in values:
                    raise SystemExit(f"book/quizzes/{bc.chapter.name}.txt: a numeric quiz "
                                     f"(line {quiz.line}) is shown by no notebook, or its "
                                     "notebook is stale: run `make execute`")
                quiz = quiz.bind(values[key])
            quizzes.append(quiz)
        out.append((bc.title, Chapter(bc.chapter.name, tuple(quizzes))))
    return out


def exercises_markdown(book: Path = BOOK) -> str:
    """Every exercise (the cell the reader edits) with the model solution after it."""
    out = ["# Exercises and model solutions", ""]
    for notebook in sorted(book.glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        for before, cell in zip(cells, cells[1:], strict=False):
            text = "".join(cell["source"])
            if cell["cell_type"] != "markdown" or 'class="bpb-solution"' not in text:
                continue
            out.append(f"## {notebook.stem}")
            if before["cell_type"] == "code":
                out += ["", "The exercise:", "", "```python", "".join(before["source"]),
                        "```"]
            body = re.sub(r"</?details[^>]*>|<summary>.*?</summary>", "", text, flags=re.S)
            out += ["", "The solution:", "", body.strip(), ""]
    return "\n".join(out)


def page(markdown: str) -> str:
    mathjax = os.path.relpath(BOOK / "_vendor" / "mathjax" / "tex-chtml.js", OUT)
    # math is kept out of Markdown's reach (it would read "\\," as an escaped comma)
    maths: list[str] = []

    def stash(m: re.Match[str]) -> str:
        maths.append(html.escape(m.group(0)))
        return f"MATH{len(maths) - 1}END"

    protected = re.sub(r"\$\$.+?\$\$|\$[^$\n]+?\$", stash, markdown, flags=re.S)
    body = MarkdownIt("commonmark", {"html": True}).enable("table").render(protected)
    body = re.sub(r"MATH(\d+)END", lambda m: maths[int(m.group(1))], body)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>backprop-book: answer key</title>"
            "<script>window.MathJax = {tex: {inlineMath: [['$', '$']]}};</script>"
            f"<script defer src=\"{html.escape(mathjax)}\"></script>"
            "<style>body{max-width:50rem;margin:2rem auto;font-family:sans-serif;"
            "line-height:1.5}</style></head><body>\n" + body + "</body></html>\n")


OUT = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT / "_build" / "instructor"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    chapters = bound_chapters()
    key = answer_key_markdown(chapters) + "\n\n" + exercises_markdown()
    (OUT / "answer-key.md").write_text(key, encoding="utf-8")
    (OUT / "answer-key.html").write_text(page(key), encoding="utf-8")
    (OUT / "quizzes.gift").write_text(to_gift(chapters), encoding="utf-8")
    count = sum(len(c.quizzes) for _, c in chapters)
    print(f"{count} quizzes of {len(chapters)} chapters: {OUT}/answer-key.html, "
          f"{OUT}/answer-key.md, {OUT}/quizzes.gift")


if __name__ == "__main__":
    main()
