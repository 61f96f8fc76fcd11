"""`make book` never ships a stale quiz: tools/bpb_quizcheck.py stops the build when a quiz
file changed after the notebook that shows it stored its outputs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import bpb_quizcheck  # noqa: E402


def test_the_book_as_committed_has_no_stale_quiz() -> None:
    assert bpb_quizcheck.stale_quizzes(ROOT / "book") == []
    shown = bpb_quizcheck.stored_quiz_keys(ROOT / "book" / "chain-rule.ipynb")
    assert set(shown) == {"chain-rule"} and len(shown["chain-rule"]) >= 5


def _copy_book(tmp_path: Path, chapter: str = "chain-rule") -> Path:
    book = tmp_path / "book"
    (book / "quizzes").mkdir(parents=True)
    shutil.copy(ROOT / "book" / f"{chapter}.ipynb", book)
    shutil.copy(ROOT / "book" / "quizzes" / f"{chapter}.txt", book / "quizzes")
    return book


@pytest.mark.parametrize("edit", [
    ("\\penalty:5", "\\penalty:4"),        # a penalty
    ("\\c: ", "\\c:  "),                   # layout only: not a change (no message)
])
def test_an_edited_quiz_file_is_found(tmp_path: Path, edit: tuple[str, str]) -> None:
    book = _copy_book(tmp_path)
    quiz = book / "quizzes" / "chain-rule.txt"
    text = quiz.read_text(encoding="utf-8")
    assert edit[0] in text
    quiz.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    problems = bpb_quizcheck.stale_quizzes(book)
    if edit[1].strip() == edit[0].strip():
        assert problems == []
        return
    (message,) = problems
    assert "book/chain-rule.ipynb" in message and "book/quizzes/chain-rule.txt" in message
    assert "make execute" in message


def test_a_removed_quiz_file_is_found(tmp_path: Path) -> None:
    book = _copy_book(tmp_path)
    (book / "quizzes" / "chain-rule.txt").unlink()
    (message,) = bpb_quizcheck.stale_quizzes(book)
    shown = len(bpb_quizcheck.stored_quiz_keys(book / "chain-rule.ipynb")["chain-rule"])
    assert f"shows {shown} quiz(zes) of book/quizzes/chain-rule.txt" in message


def test_the_build_stops_on_a_stale_quiz(tmp_path: Path) -> None:
    """A whole (tiny) jupyter-book build with the extension fails, naming the files."""
    book = _copy_book(tmp_path, "how-quizzes-work")
    quiz = book / "quizzes" / "how-quizzes-work.txt"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("\\c:", "\\c: (edited)", 1),
                    encoding="utf-8")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/how-quizzes-work\n")
    (tmp_path / "_config.yml").write_text(
        "title: t\nexecute:\n  execute_notebooks: 'off'\nsphinx:\n  local_extensions:\n"
        f"    bpb_quizcheck: {ROOT / 'tools'}\n")
    jb = Path(sys.executable).parent / "jupyter-book"
    proc = subprocess.run([str(jb), "build", str(tmp_path)], capture_output=True, text=True,
                          timeout=300)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out[-2000:]
    assert "stale quizzes would reach the site" in out
    assert "book/quizzes/how-quizzes-work.txt" in out


def test_a_quiz_with_an_id_is_checked_on_its_content(tmp_path: Path) -> None:
    """A block with an \\id: keeps its key when its text changes: the guard compares the
    content key the page stores beside it (data-bpb-content)."""
    from backprop_core.quiz.model import Chapter
    from backprop_core.quiz.parse import parse_quizzes
    from backprop_core.quiz.static import render_quizzes

    book = tmp_path / "book"
    (book / "quizzes").mkdir(parents=True)
    quiz = book / "quizzes" / "demo.txt"
    quiz.write_text("??\nWhat is $1 + 1$?\n\\c: 2\n\\w: 3\n\\id: sum\n??\n", encoding="utf-8")
    chapter = Chapter("demo", tuple(parse_quizzes(quiz.read_text(encoding="utf-8"))))
    html = render_quizzes(chapter, [0])
    cell = {"cell_type": "code", "source": "", "metadata": {}, "execution_count": 1,
            "outputs": [{"output_type": "display_data", "metadata": {},
                         "data": {"text/html": html}}]}
    (book / "demo.ipynb").write_text(json.dumps({"cells": [cell]}), encoding="utf-8")
    assert bpb_quizcheck.stored_quiz_keys(book / "demo.ipynb") == {
        "demo": set(chapter.content_keys())}
    assert bpb_quizcheck.stale_quizzes(book) == []
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("\\w: 3", "\\w: 4"),
                    encoding="utf-8")
    (message,) = bpb_quizcheck.stale_quizzes(book)
    assert "book/demo.ipynb shows 1 quiz(zes) of book/quizzes/demo.txt" in message
