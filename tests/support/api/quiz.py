"""Specs of backprop_core.quiz (see support/contract.py)."""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from backprop_core.quiz import (
    book,
    export,
    markup,
    messages,
    model,
    numbers,
    parse,
    progress,
    progress_widget,
    rulebook,
    session,
    show,
    static,
)
from backprop_core.quiz.model import Chapter, ChapterProgress, Outcome, Progress, Quiz
from support.book import ROOT
from support.contract import Spec

TEXT = r"""
??
What is 1 + 1?
\c: 2
\w: 3
\why: one too many
\penalty:5
\shownext:true
??

??
The value of x?
\number: {x}
\tolerance: 1%
??

??
Pick the even numbers.
\c: 2
\c: 4
\w: 3
??
"""
BOOK = ROOT / "book"
INDEX = ("index", "question", "quiz", "no quiz")


def chapter() -> Chapter:
    return Chapter("sample", tuple(parse.parse_quizzes(TEXT, "sample.txt")))


def with_ids() -> Chapter:
    """The sample chapter with an ``\\id:`` on each block."""
    text = TEXT
    for qid, closing in (("sum", "\\shownext:true\n??"), ("value", "\\tolerance: 1%\n??"),
                         ("evens", "\\w: 3\n??")):
        text = text.replace(closing, closing[:-2] + f"\\id: {qid}\n??", 1)
    return Chapter("sample", tuple(parse.parse_quizzes(text, "sample.txt")))


def bound() -> Chapter:
    return chapter().bind({"x": 2.5})


@contextlib.contextmanager
def _in(folder: Path) -> Iterator[None]:
    here = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(here)


def in_book(f: Callable[..., Any]) -> Callable[..., Any]:
    """``f`` run in book/, where the notebooks run and quizzes/ is."""

    def run(**kwargs: Any) -> Any:
        with _in(BOOK):
            return f(**kwargs)

    return run


def _check_progress(args: dict[str, Any], result: Any) -> None:
    names = args["names"]
    if names is not None:
        assert len(set(names)) == len(names), "a chapter listed twice was accepted"
        assert f"{len(names)} chapters" in result.text


def _predicted(chapter: str, key: str, wrong_tries: int) -> Any:
    """A right prediction recorded in a fresh registry, the score, then the chapter's
    reset; the progress widget's count where ``chapter`` is one of the book's."""
    saved = session._PREDICTIONS
    session._PREDICTIONS = {}
    try:
        record, cleared = session.predictions_for(chapter), []
        record.subscribe(lambda: cleared.append(True))
        record.record(key, wrong_tries)
        score = record.score()
        shown = (progress_widget.BookProgress(book.book_chapters([chapter])).predictions()
                 if chapter == "computational-graph" else [score])
        record.clear()
        return wrong_tries, score, shown, record.score(), cleared
    finally:
        session._PREDICTIONS = saved


def _check_predicted(args: dict[str, Any], result: Any) -> None:
    tries, score, shown, after, cleared = result
    worth = max(0, progress.PREDICT_POINTS - progress.PREDICT_PENALTY * tries)
    assert score == (worth, 1) == (session.prediction_worth(tries), 1)
    assert shown == [score], "the progress widget does not count the prediction"
    assert after == (0, 0) and cleared == [True], "the reset kept the prediction"


def _progress_of(chapter: Chapter) -> ChapterProgress:
    return ChapterProgress(chapter)


SPECS: list[Spec] = [
    # ---- the model ---------------------------------------------------------------------------
    Spec("model.Chapter.bind", (Chapter, Chapter.bind, Chapter.indices, Quiz, Quiz.bind,
                                model.NumericAnswer),
         lambda chapter, values, indices: chapter.bind(values, indices).quizzes[1].numeric,
         lambda: {"chapter": chapter(), "values": {"x": 2.5}, "indices": None},
         {"values": "mapping", "indices": "selection"},
         says={"values": ("values", "{x}", "value"), "indices": INDEX},
         extra={"values": ({"x": "abc"}, {"x": None}, {"x": [1.0]}, {"x": 1e308},
                           {"x": 0.0}, {"x": True}, {"x": 1j}, {"x": math.inf}),
                "indices": ([0, 1], [1, 1], [-1], [3], "1", [1.0])}),
    Spec("model.Quiz.bind", (Quiz.bind,), lambda quiz, value: quiz.bind(value).numeric,
         lambda: {"quiz": chapter().quizzes[1], "value": 2.5}, {"value": "real"},
         says={"value": ("{x}", "value")}),
    Spec("model.Quiz", (Quiz.display_order, Quiz.canonical, Quiz.score, model.quiz_key,
                        model.NumericAnswer.accepts, model.NumericAnswer.source_text,
                        model.NumericAnswer.tolerance_text, model.NumericAnswer.describe),
         lambda quiz, wrong_tries, occurrence, x: (
             quiz.display_order(), quiz.canonical(), quiz.score(wrong_tries),
             model.quiz_key("sample", quiz, occurrence), quiz.numeric.accepts(x),
             quiz.numeric.source_text(), quiz.numeric.tolerance_text(),
             quiz.numeric.describe()),
         lambda: {"quiz": bound().quizzes[1], "wrong_tries": 2, "occurrence": 0, "x": 2.51},
         {"wrong_tries": "steps", "occurrence": "steps", "x": "real"},
         says={"x": ("x", "answer")}, huge={"wrong_tries": True, "occurrence": True}),
    Spec("model.Chapter", (Chapter.quiz_keys, Chapter.content_keys, Chapter.gated,
                           Chapter.total),
         lambda chapter, index: (chapter.quiz_keys(), chapter.content_keys(),
                                 chapter.content_keys(False), chapter.gated(index),
                                 chapter.total),
         lambda: {"chapter": chapter(), "index": 1}, {"index": "index"}, says={"index": INDEX}),
    Spec("model.ChapterProgress.check", (ChapterProgress, ChapterProgress.check,
                                         ChapterProgress.visibility, ChapterProgress.visible,
                                         ChapterProgress.is_shown, ChapterProgress.reset,
                                         Progress, Progress.check, Progress.reset),
         lambda chapter, index, selection: (lambda p: (
             p.check(index, selection), p.visibility(), p.score, p.solved, p.reset(),
             p.score))(ChapterProgress(chapter)),
         lambda: {"chapter": bound(), "index": 0, "selection": [0]},
         {"index": "index", "selection": "selection"},
         says={"index": INDEX, "selection": ("selection", "answer", "quiz is answered")},
         extra={"index": (-1, -3, 3, 2.0), "selection": ([0, 0], [5], "2.5", [-1])}),
    Spec("model.ChapterProgress.visible", (ChapterProgress.visible, ChapterProgress.is_shown),
         lambda chapter, index: (lambda p: (p.visible(index), p.is_shown(index)))(
             ChapterProgress(chapter)),
         lambda: {"chapter": bound(), "index": 1}, {"index": "index"}, says={"index": INDEX}),
    Spec("model.ChapterProgress.reset", (ChapterProgress.reset,),
         lambda chapter, indices: ChapterProgress(chapter).reset(indices),
         lambda: {"chapter": bound(), "indices": [0, 2]}, {"indices": "selection"},
         says={"indices": INDEX}),
    Spec("model.Progress.picked_wrong", (Progress.picked_wrong,),
         lambda selection: Progress(bound().quizzes[0]).picked_wrong(selection),
         lambda: {"selection": [1]}, {"selection": "selection"},
         says={"selection": ("selection", "answer")}),
    # ---- messages, rulebook, markup, numbers ---------------------------------------------
    Spec("messages.points", (messages.points, messages.locked, rulebook.plural),
         lambda n: (messages.points(n), messages.locked(n)), lambda: {"n": 3},
         {"n": "steps"}, says={"n": ("n", "number")}),
    Spec("messages.quiz", (messages.meta, messages.hint, messages.status, messages.feedback),
         lambda quiz, number, outcome, reveals: (lambda p: (
             messages.meta(quiz, number), messages.hint(quiz), messages.status(p),
             messages.feedback(p, outcome, reveals)))(Progress(quiz)),
         lambda: {"quiz": bound().quizzes[0], "number": 2, "outcome": Outcome.WRONG,
                  "reveals": False},
         {"quiz": "object", "number": "count", "outcome": "object", "reveals": "flag"},
         says={"quiz": ("quiz", "Quiz"), "outcome": ("outcome", "Outcome"),
               "number": ("number",)}),
    Spec("messages.scoreboard", (messages.scoreboard, messages.book_total),
         lambda score, total, solved, count: (messages.scoreboard(score, total, solved, count),
                                              messages.book_total(score, total, solved, count)),
         lambda: {"score": 10, "total": 20, "solved": 1, "count": 2},
         {"score": "steps", "total": "steps", "solved": "steps", "count": "steps"}),
    Spec("rulebook.fill", (rulebook.fill, rulebook.rules_json, rulebook.rules_script),
         lambda key, values: (rulebook.fill(key, **values), rulebook.rules_script()),
         lambda: {"key": "locked", "values": {"number": 2, "previous": 1}},
         {"key": "name", "values": "custom"}, says={"key": ("key", "sentence"),
                                                    "values": ("value", "number", "previous")},
         extra={"values": ({}, {"number": 2}, {"number": 2, "previous": 1, "extra": 0})}),
    Spec("markup.render_inline", (markup.render_inline, markup.render_block),
         lambda text, tag: (markup.render_inline(text), markup.render_block(text, tag)),
         lambda: {"text": "**bold** and $x^2$ & `code`", "tag": "p"},
         {"text": "text", "tag": "custom"},
         extra={"tag": ("span", "div", "script", "p onclick=x", "", None, 5)}),
    Spec("numbers.read_number", (numbers.read_number, numbers.trim, numbers.format_value),
         lambda text: (lambda r: (r, numbers.trim(text),
                                  r.value is not None and numbers.format_value(r.value)))(
             numbers.read_number(text)),
         lambda: {"text": " 21/2 "}, {"text": "text"},
         extra={"text": ("1e999", "1/0", "10,5", "−0.25", "nan", "inf", "0x10")}),
    Spec("numbers.within", (numbers.within, numbers.describe_tolerance),
         lambda value, expected, tolerance, relative: (
             numbers.within(value, expected, tolerance, relative),
             numbers.describe_tolerance(tolerance, relative)),
         lambda: {"value": 2.51, "expected": 2.5, "tolerance": 0.01, "relative": True},
         {"value": "real", "expected": "real", "tolerance": "real", "relative": "flag"}),
    # ---- parsing and files -------------------------------------------------------------------
    Spec("parse.parse_quizzes", (parse.parse_quizzes, parse.QuizFormatError),
         parse.parse_quizzes, lambda: {"text": TEXT, "path": "sample.txt"},
         {"text": "text", "path": "text"},
         says={"text": ("text", "sample.txt", "line"), "path": ("path",)},
         extra={"text": ("??\nq\n\\c: a\n", "??\n\\c: a\n??", "??\nq\n\\w: a\n??",
                         "??\nq\n\\c: a\n\\penalty:-1\n??", "??\nq\n\\bogus: 1\n??")}),
    Spec("parse.read_chapter", (parse.read_chapter,), in_book(parse.read_chapter),
         lambda: {"path": "quizzes/chain-rule.txt"}, {"path": "custom"},
         says={"path": ("path", "quiz file", "no-such")},
         extra={"path": ("quizzes/no-such.txt", None, 5, "quizzes", "", Path("."))}),
    Spec("show.find_quiz_file", (show.find_quiz_file,), in_book(show.find_quiz_file),
         lambda: {"source": "chain-rule"}, {"source": "custom"},
         says={"source": ("source", "quiz file")},
         extra={"source": ("no-such", None, 5, "", "../_toc.yml", ["chain-rule"],
                           Path("quizzes")), }),
    Spec("show.select_quizzes", (show.select_quizzes,), show.select_quizzes,
         lambda: {"which": "1-3", "count": 5}, {"which": "selection", "count": "steps"},
         says={"which": ("quiz selection", "quiz", "which"), "count": ("count", "quizzes")},
         extra={"which": ("3-1", "0", "1,1", "all", " ALL ", "2-", [2, 2], (1.0,), 0, True)}),
    Spec("show.select", (show.select, show.select_ids),
         lambda chapter, which: (show.select(chapter, which),
                                 show.select_ids(chapter, ["evens", "sum"])),
         lambda: {"chapter": with_ids(), "which": "value, sum"},
         {"which": "selection", "chapter": "custom"},
         says={"which": ("quiz selection", "quiz", "id", "which"),
               "chapter": ("chapter", "id")},
         extra={"which": ("nope", "sum, sum", ["sum", 3], ["sum", "sum"], [], "all", "2-",
                          "Sum", ("value",)),
                "chapter": (chapter(), None, "sample", with_ids().quizzes)}),
    Spec("show.quiz_output", (show.quiz_output, show.scoreboard_output,
                              session.session_for, session.existing_session,
                              session.ChapterSession),
         in_book(lambda source, which, values: (
             show.quiz_output(source, which, values).text,
             show.scoreboard_output(source).text)),
         lambda: {"source": "computational-graph", "which": "8",
                  "values": {"do_da": 10.5}},
         {"source": "custom", "which": "selection", "values": "mapping"},
         says={"source": ("source", "quiz file"), "which": ("quiz selection", "quiz"),
               "values": ("values", "value", "do_da", "question")},
         extra={"source": ("no-such", None, 5, ""),
                "values": ({"do_da": "abc"}, {"do_da": math.nan}, {"unused": 1.0}, {})}),
    Spec("session.ChapterSession", (session.ChapterSession.check,
                                    session.ChapterSession.reset,
                                    session.ChapterSession.show,
                                    session.ChapterSession.bind,
                                    session.ChapterSession.subscribe,
                                    session.ChapterSession.changed),
         lambda index, selection, indices: (lambda s: (
             s.bind({"x": 2.5}, [1]), s.show([0, 1, 2]), s.subscribe(lambda: None),
             s.check(index, selection), s.reset(indices), s.changed()))(
             session.ChapterSession(chapter())),
         lambda: {"index": 0, "selection": [0], "indices": None},
         {"index": "index", "selection": "selection", "indices": "selection"},
         says={"index": INDEX, "selection": ("selection", "answer"), "indices": INDEX}),
    Spec("static.render_quizzes", (static.render_quizzes, static.render_quiz,
                                   static.render_scoreboard),
         lambda chapter, indices: (static.render_quizzes(chapter, indices),
                                   static.render_scoreboard(chapter)),
         lambda: {"chapter": bound(), "indices": [0, 2]},
         {"chapter": "object", "indices": "selection"},
         says={"chapter": ("chapter", "Chapter"), "indices": INDEX}),
    Spec("static.render_quiz", (static.render_quiz,), static.render_quiz,
         lambda: {"chapter": bound(), "index": 1, "key": "abc123"},
         {"chapter": "object", "index": "index", "key": "text"},
         says={"chapter": ("chapter", "Chapter"), "index": INDEX}),
    # ---- the book and its progress ------------------------------------------------------------
    Spec("book.book_chapters", (book.book_chapters, book.BookChapter, book.toc_order,
                                book.notebook_title),
         in_book(lambda names: [(c.title, c.page) for c in book.book_chapters(names)]),
         lambda: {"names": ["chain-rule", "batching"]}, {"names": "names"},
         says={"names": ("names", "chapter", "quiz file")},
         extra={"names": (["no-such"], ["chain-rule", "chain-rule"], "chain-rule", [],
                          [""], ["../README"])}),
    Spec("book.notebook_title", (book.notebook_title, book.toc_order),
         in_book(lambda name, toc: (book.notebook_title(name), book.toc_order(toc))),
         lambda: {"name": "chain-rule", "toc": Path("../_toc.yml")},
         {"name": "text", "toc": "custom"}, says={"name": ("name",), "toc": ("toc",)},
         extra={"toc": (None, "../_toc.yml", Path("no-such.yml"), 5)}),
    Spec("progress.progress_output", (progress.progress_output, progress.render_progress,
                                      progress.progress_data),
         in_book(lambda names: progress.progress_output(names)),
         lambda: {"names": ["chain-rule", "batching"]}, {"names": "names"},
         says={"names": ("names", "chapter", "quiz file")}, check=_check_progress,
         extra={"names": (["no-such"], ["chain-rule", "chain-rule"], "chain-rule", [],
                          ("chain-rule",))}),
    Spec("session.predictions_for", (session.predictions_for, session.ChapterPredictions,
                                     session.ChapterPredictions.record,
                                     session.ChapterPredictions.score,
                                     session.ChapterPredictions.subscribe,
                                     session.ChapterPredictions.clear,
                                     session.prediction_worth,
                                     progress_widget.BookProgress.predictions),
         in_book(lambda chapter, key, wrong_tries: _predicted(chapter, key, wrong_tries)),
         lambda: {"chapter": "computational-graph", "key": progress.player_entry("graph", 3),
                  "wrong_tries": 1},
         {"chapter": "text", "key": "custom", "wrong_tries": "steps"},
         says={"chapter": ("chapter",), "key": ("key", "prediction"),
               "wrong_tries": ("wrong_tries",)},
         extra={"key": ("graph:3", None, 3, "", ["player:graph:3"])},
         check=_check_predicted),
    Spec("progress.render_progress", (progress.render_progress, progress.progress_data),
         lambda chapters: (progress.render_progress(chapters),
                           progress.progress_data(chapters)),
         lambda: {"chapters": [book.BookChapter(bound(), "Sample", "sample.html")]},
         {"chapters": "object"}, says={"chapters": ("chapters", "BookChapter")}),
    # ---- the instructors' export (answer key, GIFT) -------------------------------------------
    Spec("export.to_gift", (export.to_gift, export.answer_key_markdown, export.quiz_to_gift),
         lambda chapters, categories: (export.answer_key_markdown(chapters),
                                       export.to_gift(chapters, categories)),
         lambda: {"chapters": [("Sample", bound())], "categories": {"sample": "S"}},
         {"chapters": "custom", "categories": "mapping"},
         says={"chapters": ("chapters", "not supplied"), "categories": ("categories",)},
         check=lambda a, r: _check_export(r) if a["chapters"] else None,
         extra={"chapters": (None, 5, "ab", [("t", None)], [("t",)], [(5, bound())],
                             [("t", chapter())], ["t"], [], [("\ud800", bound())]),
                "categories": ({"sample": 5}, {"sample": "\ud800"}, {"sample": ""})}),
    Spec("export.quiz_to_gift", (export.quiz_to_gift, export.gift_text, messages.answer_label),
         lambda quiz, title: (export.quiz_to_gift(quiz, title), export.gift_text(title),
                              messages.answer_label(quiz)),
         lambda: {"quiz": bound().quizzes[1], "title": "sample 2: $x^2$ {=x}"},
         {"quiz": "object", "title": "text"}, says={"quiz": ("quiz", "Quiz", "not supplied")},
         extra={"quiz": (chapter().quizzes[1], chapter().quizzes[0])}),
]


def _check_export(result: tuple[str, str]) -> None:
    key, gift = result
    assert key.startswith("# Answer key") and "**2** (right)" in key
    assert "#2.5:0.025" in gift and "=2" in gift  # x = 2.5 within 1 %, the right answer 2
