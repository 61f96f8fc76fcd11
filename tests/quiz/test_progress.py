"""The book-wide progress: chapters in the table of contents' order, the static table and
its data for quiz.js, and the JupyterLab widget's totals over the kernel's sessions and the
players' predictions."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from backprop_core.display import WIDGET_VIEW
from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    BackpropError,
    MissingFileError,
)
from backprop_core.quiz import Outcome, progress_output, quiz_output
from backprop_core.quiz import session as session_module
from backprop_core.quiz.book import book_chapters, notebook_title, toc_order
from backprop_core.quiz.progress import (
    PREDICT_PENALTY,
    PREDICT_POINTS,
    player_entry,
    render_progress,
)
from backprop_core.quiz.progress_widget import BookProgress
from backprop_core.quiz.session import predictions_for, session_for

QUIZ = "??\nQ {n}?\n\\c: yes\n\\w: no\n\\penalty:4\n{extra}??\n"


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """book/ with two chapters (quizzes and notebooks), a page without quizzes, and a toc."""
    root = tmp_path / "repo"
    book = root / "book"
    (book / "quizzes").mkdir(parents=True)
    (book / "quizzes" / "first.txt").write_text(
        QUIZ.format(n=1, extra="\\shownext:true\n") + QUIZ.format(n=2, extra=""))
    (book / "quizzes" / "second.txt").write_text(QUIZ.format(n=1, extra="\\points:5\n"))
    for name, title in [("first", "The first chapter"), ("second", "Second <one>")]:
        cells = [{"cell_type": "markdown", "source": [f"# {title}\n", "text"], "metadata": {}}]
        (book / f"{name}.ipynb").write_text(json.dumps({"cells": cells}))
    (root / "_toc.yml").write_text(
        "root: book/intro\nchapters:\n  - file: book/intro\n  - file: book/second\n"
        "  - file: book/first\n")
    monkeypatch.chdir(book)
    return book


def test_chapters_follow_the_toc_and_keep_only_those_with_quizzes(book: Path) -> None:
    assert toc_order() == ["intro", "second", "first"]
    chapters = book_chapters()
    assert [c.chapter.name for c in chapters] == ["second", "first"]
    assert [c.title for c in chapters] == ["Second <one>", "The first chapter"]
    assert [c.page for c in chapters] == ["second.html", "first.html"]
    assert notebook_title("missing") == "missing"


def test_without_a_toc_every_quiz_file_counts(book: Path) -> None:
    (book.parent / "_toc.yml").unlink()
    assert [c.chapter.name for c in book_chapters()] == ["first", "second"]


def test_static_table_and_data(book: Path) -> None:
    chapters = book_chapters()
    html = render_progress(chapters)
    assert "Book score: 0 of 25 points \u00b7 0 of 3 questions answered" in html
    assert html.count("<tr data-bpb-chapter=") == 2
    assert "Second &lt;one&gt;" in html and "<one>" not in html
    assert 'for="bpb-progress-import"' in html and 'id="bpb-progress-import"' in html
    data = json.loads(re.search(r'class="bpb-progress-data">(.*?)</script>', html).group(1))
    first = data[1]
    assert first["name"] == "first" and first["page"] == "first.html" and first["total"] == 20
    assert [q["shownext"] for q in first["quizzes"]] == [True, False]
    assert [q["key"] for q in first["quizzes"]] == chapters[1].chapter.quiz_keys()
    assert render_progress(chapters) == html  # deterministic (strict nbval)


def test_data_cannot_close_its_script_block() -> None:
    from backprop_core.quiz.model import Chapter
    from backprop_core.quiz.parse import parse_quizzes
    from backprop_core.quiz.progress import BookChapter

    chapter = Chapter("x</script><script>alert(1)", tuple(parse_quizzes("??\nQ\n\\c: a\n??")))
    html = render_progress([BookChapter(chapter, "t", "x.html")])
    block = html[html.index('class="bpb-progress-data">'):]
    assert block.count("</script>") == 3  # the data's, the page's own (meta) and the rulebook's
    assert block.count("<script") == 2 and "<script>" not in block


def test_the_page_carries_the_book_version_for_the_export() -> None:
    import json

    import backprop_core
    from backprop_core.quiz.model import Chapter
    from backprop_core.quiz.parse import parse_quizzes
    from backprop_core.quiz.progress import BookChapter

    chapter = Chapter("x", tuple(parse_quizzes("??\nQ\n\\c: a\n??")))
    html = render_progress([BookChapter(chapter, "t", "x.html")])
    meta = html.split('class="bpb-progress-meta">', 1)[1].split("</script>", 1)[0]
    data = json.loads(meta)
    assert data["version"] == backprop_core.__version__ and data["book"] == "backprop-book"
    assert {"changed", "undo", "undone"} <= set(data["text"])


def test_widget_totals_follow_the_kernel_sessions(book: Path) -> None:
    out = progress_output()
    assert WIDGET_VIEW in out._repr_mimebundle_()
    widget = out.widget
    assert isinstance(widget, BookProgress)
    assert "Book score: 0 of 25 points" in widget.table.value
    quiz_output("first", "all")
    session = session_for(Path("quizzes/first.txt"))
    assert session.check(0, [1]) is Outcome.WRONG
    assert session.check(0, [0]) is Outcome.RIGHT  # 10 - 4
    widget.refresh()
    assert widget.totals()[1] == ("The first chapter", 6, 20, 1, 2, 1)
    assert "Book score: 6 of 25 points \u00b7 1 of 3 questions answered" in widget.table.value
    widget.retry_button.click()  # reopens quiz 1 (a wrong try), which hides quiz 2 again
    assert widget.totals()[1] == ("The first chapter", 0, 20, 0, 2, 0)
    assert progress_output().text == "Book progress: 2 chapters, 3 questions, 25 points"


@pytest.mark.parametrize(("names", "error", "message"), [
    # before: FileNotFoundError from open(), where quiz_output raises MissingFileError
    (["no-such"], MissingFileError, r"^no quiz file 'quizzes/no-such.txt' for the chapter "
                                    r"'no-such' in names"),
    # before: the characters 'f', 'i', ... were looked up as chapters
    ("first", ArgumentTypeError, r"^names must be a list of names such as \['chain-rule'\], "
                                 r"got the single str 'first': put it in a list$"),
    # before: the chapter's points counted twice in the book's total
    (["first", "second", "first"], ArgumentError, r"^names lists the chapter 'first' twice"),
    ([None], ArgumentTypeError, r"^names\[0\] must be a str, got NoneType None$"),
])
def test_progress_names_are_checked(book: Path, names: object, error: type,
                                    message: str) -> None:
    with pytest.raises(error, match=message):
        progress_output(names)  # type: ignore[arg-type]
    assert issubclass(error, BackpropError)


def test_progress_of_named_chapters_counts_each_once(book: Path) -> None:
    out = progress_output(["second", "first"])
    assert out.text.startswith("Book progress: 2 chapters, 3 questions")


def test_predictions_count_beside_the_quizzes_until_the_chapter_reset(
        book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session_module, "_PREDICTIONS", {})
    widget = progress_output().widget
    assert widget.predictions() == [(0, 0), (0, 0)]
    assert "predictions" not in widget.table.value  # nothing predicted: nothing said
    record = predictions_for("first")
    record.record(player_entry("graph", 4), 0)  # worth PREDICT_POINTS
    record.record(player_entry("graph", 6), 1)  # less PREDICT_PENALTY
    record.record(player_entry("graph", 6), 1)  # the same step counts once
    widget.refresh()
    extra = 2 * PREDICT_POINTS - PREDICT_PENALTY
    assert widget.predictions() == [(0, 0), (extra, 2)]
    assert widget.totals()[1][1] == 0  # the quizzes' score is unchanged
    assert f"0 of 20 (+{extra} points from predictions in the players)" in widget.table.value
    assert (f"Predictions in the step-through players: {extra} points more (2 predicted "
            f"right).") in widget.table.value
    quiz_output("first", "all")
    session = session_for(Path("quizzes/first.txt"))
    assert session.predictions is record
    session.check(0, [1])
    session.reset([0])  # one question's reset keeps the predictions
    widget.refresh()
    assert widget.predictions()[1] == (extra, 2)
    session.reset()  # the chapter's reset clears them
    widget.refresh()
    assert widget.predictions() == [(0, 0), (0, 0)]
    assert "predictions" not in widget.table.value


@pytest.mark.parametrize(("key", "tries", "error", "message"), [
    ("graph:4", 0, ArgumentError, r"^key must be a prediction's progress key such as "
                                  r"'player:graph:3', got str 'graph:4'$"),
    (player_entry("graph", 4), -1, ArgumentError, r"^wrong_tries must be"),
    (player_entry("graph", 4), "1", ArgumentTypeError, r"^wrong_tries must be"),
])
def test_a_prediction_record_is_checked(key: object, tries: object, error: type, message: str,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session_module, "_PREDICTIONS", {})
    with pytest.raises(error, match=message):
        predictions_for("first").record(key, tries)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match=r"^chapter must be a chapter's name"):
        predictions_for(None)  # type: ignore[arg-type]


def test_stored_progress_page_matches_the_quiz_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """book/progress.ipynb stores the progress table the site shows (the build never
    executes). Editing a question changes its content key, so the page must be re-executed
    (`make execute`); this fails in seconds where strict nbval would fail after half an hour."""
    import json
    import re
    from pathlib import Path

    from backprop_core.quiz.book import book_chapters
    from backprop_core.quiz.progress import progress_data

    notebook = Path(__file__).resolve().parents[2] / "book" / "progress.ipynb"
    stored = None
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            page = "".join(output.get("data", {}).get("text/html", ""))
            found = re.search(r'class="bpb-progress-data">(.*?)</script>', page, re.S)
            if found:
                stored = json.loads(found.group(1))
    assert stored is not None, "book/progress.ipynb has no stored progress table"
    monkeypatch.chdir(notebook.parent)  # the chapters resolve their files from book/
    current = json.loads(json.dumps(progress_data(book_chapters(None))))
    stale = sorted({q["key"] for ch in stored for q in ch["quizzes"]}
                   ^ {q["key"] for ch in current for q in ch["quizzes"]}
                   | {a["key"] for ca, cb in zip(stored, current, strict=False) for a, b in
                      zip(ca["quizzes"], cb["quizzes"], strict=False) if a != b})
    assert stored == current, f"book/progress.ipynb is stale (run make execute): {stale[:5]}"
