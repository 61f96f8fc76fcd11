"""A corpus of learner solutions to the book's exercises, wrong and right.

Each module holds the solutions to one exercise, written as a learner would: ``chain``
(dy_dx), ``engine`` (backward_step and backward), ``layer`` (layer_backward), ``batch``
(batch_gradients), ``hunts`` (the bug-hunt reports), and the layer exercises
``softmax_vjp``, ``batchnorm_vjp``, ``conv_vjp``, ``bptt`` (a (step, loop) pair) and
``recompute``.  A solution is registered with :func:`wrong` (the mistake code its checker
must report and a fragment of the hint) or :func:`right` (the style it is written in), or
in lists with :func:`register`; ``tests/practice/test_corpus.py`` runs every entry against
its checker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Entry:
    """One solution: the exercise, its name, the solution itself, and what is expected."""

    exercise: str
    name: str
    solution: Any
    mistake: str = ""  # "" for a right solution
    words: str = ""  # a fragment the checker's message must hold
    style: str = ""  # how a right solution is written


ENTRIES: list[Entry] = []


def wrong(exercise: str, mistake: str, words: str) -> Callable[[Any], Any]:
    """Register a wrong solution: its checker must report ``mistake`` with ``words``."""

    def add(solution: Any) -> Any:
        ENTRIES.append(Entry(exercise, solution.__name__, solution, mistake, words))
        return solution

    return add


def right(exercise: str, style: str) -> Callable[[Any], Any]:
    """Register a right solution, written in ``style``: its checker must pass it."""

    def add(solution: Any) -> Any:
        ENTRIES.append(Entry(exercise, solution.__name__, solution, style=style))
        return solution

    return add


def report(exercise: str, name: str, value: Any, mistake: str = "", words: str = "",
           style: str = "") -> None:
    """Register a bug report (a value, not a function)."""
    ENTRIES.append(Entry(exercise, name, value, mistake, words, style))


def register(exercise: str, rights: list[tuple[str, Any]],
             wrongs: list[tuple[Any, str, str]]) -> None:
    """Register right solutions (name, solution) and wrong ones (solution, mistake, words)
    given as lists; a wrong one is named by its place in the list and its mistake."""
    ENTRIES.extend(Entry(exercise, name, solution, style=name) for name, solution in rights)
    ENTRIES.extend(Entry(exercise, f"{i}-{mistake}", solution, mistake, words)
                   for i, (solution, mistake, words) in enumerate(wrongs))
