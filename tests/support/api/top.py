"""Specs of the top-level modules (errors, formatting, display), practice/ and the
quiz widgets (see support/contract.py)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from backprop_core import display, errors, formatting
from backprop_core.figures import drawn
from backprop_core.practice import (
    Node,
    Report,
    check_batch_gradients,
    check_chain_derivative,
    check_engine,
    check_layer_backward,
    topological_order,
)
from backprop_core.practice import engine as practice_engine
from backprop_core.quiz import book, progress_widget, session, widget
from support.contract import Spec

from .quiz import chapter, in_book

VALUE = ("value",)


def _named(check: Any) -> Any:
    """``check(value, "value")``: the checker with its argument named "value"."""
    return lambda value: check(value, "value")


def _session() -> session.ChapterSession:
    s = session.ChapterSession(chapter())
    s.bind({"x": 2.5}, [1])
    return s


SPECS: list[Spec] = [
    # ---- errors: the checkers themselves, called with the argument named "value" ----------
    *[Spec(f"errors.{f.__name__}", (f,), _named(f), lambda: {"value": 3}, {"value": kind},
           says={"value": VALUE})
      for f, kind in ((errors.check_real, "real"), (errors.check_seed, "seed"),
                      (errors.check_count, "count"), (errors.check_steps, "steps"),
                      (errors.check_rate, "rate"))],
    Spec("errors.check_integer", (errors.check_integer,),
         lambda value, minimum: errors.check_integer(value, "value", minimum=minimum),
         lambda: {"value": -3, "minimum": None}, {"value": "custom"}, says={"value": VALUE},
         extra={"value": (2.5, 2**53 + 2.0, math.nan, "3", True, None, -10**30, 4.0)}),
    Spec("errors.check_fraction", (errors.check_fraction,),
         lambda value: errors.check_fraction(value, "value"), lambda: {"value": 0.5},
         {"value": "fraction"}, says={"value": VALUE}),
    Spec("errors.check_index", (errors.check_index,),
         lambda value, count: errors.check_index(value, count, "value"),
         lambda: {"value": 1, "count": 3}, {"value": "index"}, says={"value": VALUE}),
    Spec("errors.check_indices", (errors.check_indices,),
         lambda value, count: errors.check_indices(value, count, "value"),
         lambda: {"value": [0, 2], "count": 3}, {"value": "selection"}, says={"value": VALUE},
         check=lambda a, r: np.testing.assert_array_equal(r, a["value"])),
    Spec("errors.check_choice", (errors.check_choice,),
         lambda value: errors.check_choice(value, ("tanh", "relu"), "value"),
         lambda: {"value": "relu"}, {"value": "name"}, says={"value": VALUE}),
    Spec("errors.check_instances", (errors.check_instances,),
         lambda value: errors.check_instances(value, str, "value"),
         lambda: {"value": ["a", "b"]}, {"value": "custom"}, says={"value": VALUE},
         extra={"value": (None, "ab", [1], ("a", 2), [], b"x", {"a": 1}, ["a", None])}),
    Spec("errors.check_sizes", (errors.check_sizes,),
         lambda value, maximum: errors.check_sizes(value, "value", maximum=maximum),
         lambda: {"value": [2, 3, 1], "maximum": 50}, {"value": "custom"},
         says={"value": VALUE},
         extra={"value": ([2], [2, 0], None, "23", [2, 1.5], [2, 10**9], (1, 1), [True, 2],
                          [2.0, 3], [], {2: 3})}),
    Spec("errors.check_file", (errors.check_file,),
         in_book(lambda value: errors.check_file(value, "value", "quiz file")),
         lambda: {"value": "quizzes/chain-rule.txt"}, {"value": "custom"}, says={"value": VALUE},
         extra={"value": (None, 5, "", "quizzes", "no-such.txt", Path("."), "\ud800", "a\0b",
                          Path("quizzes/chain-rule.txt"), b"quizzes/chain-rule.txt")}),
    Spec("book.check_book_chapters", (book.check_book_chapters,),
         lambda value: book.check_book_chapters(value),
         lambda: in_book(lambda: {"value": book.book_chapters(["chain-rule"])})(),
         {"value": "object"}, says={"value": ("chapters",)}),
    Spec("drawn.drawn", (drawn.drawn, drawn.drawn_number),
         lambda value: (drawn.drawn(value, "value"), drawn.drawn_number(
             float(np.asarray(value, dtype=float).ravel()[0]), "value")),
         lambda: {"value": np.array([[1.0, -2.0]])}, {"value": "array"}, says={"value": VALUE}),
    Spec("errors.check_array", (errors.check_array, errors.as_float_array, errors.check_finite,
                                errors.check_result),
         lambda value: (errors.check_array(value, "value"),
                        errors.check_result(errors.as_float_array(value, "value"), "value")),
         lambda: {"value": np.array([[1.0, -2.0]])}, {"value": "array"}, says={"value": VALUE}),
    Spec("errors.check_interval", (errors.check_interval,),
         lambda value: errors.check_interval(value, "value"), lambda: {"value": (0.0, 1.0)},
         {"value": "custom"}, says={"value": VALUE},
         extra={"value": ((1, 0), (0, math.nan), (-1e308, 1e308), None, "ab", (0,), [0, 1])}),
    Spec("errors.check_text", (errors.check_text,),
         lambda value: errors.check_text(value, "value"), lambda: {"value": "a title"},
         {"value": "text"}, says={"value": VALUE}),
    Spec("errors.check_names", (errors.check_names,),
         lambda value: errors.check_names(value, "value"), lambda: {"value": ["tanh"]},
         {"value": "names"}, says={"value": VALUE}),
    Spec("errors.check_instance", (errors.check_instance, errors.check_callable),
         lambda value: (errors.check_instance(value, str, "value"),
                        errors.check_callable(len, "value")),
         lambda: {"value": "a str"}, {"value": "object"}, says={"value": VALUE}),
    Spec("errors.unknown_name", (errors.unknown_name, errors.describe),
         lambda kind, name, valid: (str(errors.unknown_name(kind, name, valid)),
                                    errors.describe(name)),
         lambda: {"kind": "loss", "name": "mse", "valid": ["squared_error"]},
         {"kind": "text", "name": "object", "valid": "names"},
         says={"valid": ("valid",)}),
    Spec("errors.blame", (errors.blame,),
         lambda value: _blamed(value), lambda: {"value": 1.0}, {"value": "real"},
         says={"value": ("X_train",)}),
    # ---- formatting and display -----------------------------------------------------------
    Spec("formatting.fmt", (formatting.fmt,), formatting.fmt, lambda: {"x": 2.5, "digits": 4},
         {"x": "custom", "digits": "count"}, says={"x": ("x",)},
         extra={"x": (None, "1", [1.0], 1j, math.nan, -math.inf, 1e308, -0.0, True,
                      np.float32(0.1))}),
    Spec("formatting.shown_width", (formatting.shown_width,), formatting.shown_width,
         lambda: {"text": "x\u0304 = 2"}, {"text": "text"}),
    Spec("display.both", (display.both, display.Both, display.optional_widget,
                          display.display),
         lambda html, text: (lambda b: (b._repr_mimebundle_(), repr(b), display.display(b)))(
             display.both(display.optional_widget(lambda: None), html, text)),
         lambda: {"html": "<b>x</b>", "text": "x"}, {"html": "text", "text": "text"}),
    # ---- practice: the exercises' checkers ------------------------------------------------
    Spec("practice.check_chain_derivative", (check_chain_derivative, Report),
         lambda fn: str(check_chain_derivative(fn, quiet=True)),
         lambda: {"fn": lambda x: math.exp(math.sin(x * x)) * math.cos(x * x) * 2 * x},
         {"fn": "callable"}, says={"fn": ("fn",)}),
    Spec("practice.check_engine", (check_engine, Node, Node.tanh, topological_order,
                                   practice_engine.tanh),
         lambda backward_step, backward: str(check_engine(backward_step, backward,
                                                          quiet=True)),
         lambda: {"backward_step": lambda node: None, "backward": lambda output: None},
         {"backward_step": "callable", "backward": "callable"}),
    Spec("practice.check_layer_backward", (check_layer_backward,),
         lambda fn, seed: str(check_layer_backward(fn, quiet=True, seed=seed)),
         lambda: {"fn": lambda *args: None, "seed": 0}, {"fn": "callable", "seed": "seed"}),
    Spec("practice.check_batch_gradients", (check_batch_gradients,),
         lambda fn, seed: str(check_batch_gradients(fn, quiet=True, seed=seed)),
         lambda: {"fn": lambda *args: None, "seed": 0}, {"fn": "callable", "seed": "seed"}),
    # ---- the live widgets (ipywidgets) -------------------------------------------------------
    Spec("widget.QuizWidget", (widget.QuizWidget, widget.QuizWidget.select,
                               widget.QuizWidget.check, widget.QuizWidget.reset,
                               widget.QuizWidget.refresh),
         lambda index, picks: (lambda w: (w.select(*picks), w.check(), w.reset(),
                                          w.refresh()))(widget.QuizWidget(_session(), index)),
         lambda: {"index": 0, "picks": [0]}, {"index": "index", "picks": "custom"},
         says={"index": ("index", "quiz"), "picks": ("answer", "selection", "select")},
         extra={"index": (1,), "picks": ([], [5], [-1], [None], ["0"], [0, 1], [1.5])}),
    Spec("widget.QuizWidget.type", (widget.QuizWidget.type,),
         lambda text: (lambda w: (w.type(text), w.check()))(widget.QuizWidget(_session(), 1)),
         lambda: {"text": "2.5"}, {"text": "text"}),
    Spec("widget.QuizGroup", (widget.QuizGroup, widget.Scoreboard, widget.Scoreboard.refresh),
         lambda indices: (widget.QuizGroup(_session(), indices),
                          widget.Scoreboard(_session()).refresh()),
         lambda: {"indices": [0, 1]}, {"indices": "selection"},
         says={"indices": ("index", "quiz")}),
    Spec("progress_widget.BookProgress", (progress_widget.BookProgress,
                                          progress_widget.BookProgress.totals,
                                          progress_widget.BookProgress.retry,
                                          progress_widget.BookProgress.refresh,
                                          progress_widget.BookProgress.session),
         in_book(lambda chapters: (lambda w: (w.totals(), w.retry(), w.refresh()))(
             progress_widget.BookProgress(chapters))),
         lambda: in_book(lambda: {"chapters": book.book_chapters(["chain-rule"])})(),
         {"chapters": "object"}, says={"chapters": ("chapters", "BookChapter")}),
]


def _blamed(value: Any) -> float:
    with errors.blame("X_train"):
        return errors.check_real(value, "input x")
