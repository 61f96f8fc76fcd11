"""What the layer and batch checkers share: calling the reader's function on the caller's
real arrays, the structure of what it returns, shapes, and the diagnosis of wrong values.

Shapes are strict, with one documented leniency: a bias gradient (and ∂C/∂a_prev) may be
returned 1-D, ``(n,)``, as well as a column ``(n, 1)``; the report then adds a note, since
``b - η·db`` with a column ``b`` and a 1-D ``db`` broadcasts to an ``(n, n)`` matrix.  A row
``(1, n)`` where a column belongs is refused, with both shapes named.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..formatting import fmt
from .report import (
    NUMERICAL,
    NUMERICAL_HINT,
    Snapshot,
    Verdict,
    as_array,
    call,
    changed_input,
    distance,
    index_text,
    mismatch,
    returned_nothing,
    sentence,
    short,
)

Array = np.ndarray


@dataclass(frozen=True)
class Expected:
    """One result the reader returns: its name, the exact value and its magnitude (the same
    sum over absolute values, against which rounding is judged)."""

    name: str
    value: Array
    magnitude: Array
    column: bool = False  # a column vector: 1-D is accepted too (see the module docstring)


@dataclass(frozen=True)
class Variant:
    """A wrong value of one result that a known mistake gives, and its hint."""

    code: str
    value: Array
    hint: str
    only_here: str = ""  # said first when the other results are right ("In ∂C/∂b:")


def makes_mistake(fn: Callable[..., Any], inputs: Mapping[str, Array],
                  expected: Sequence[Expected], found: Sequence[Variant], name: str) -> bool:
    """Whether ``fn``'s result ``name`` on ``inputs`` equals one of ``found`` (True too when
    the function fails there, which settles nothing)."""
    try:
        out = fn(*(np.array(v, copy=True) for v in inputs.values()))
        k = [e.name for e in expected].index(name)
        g = np.asarray(out[k], dtype=float)
    except Exception:  # noqa: BLE001 - only used to tell two explanations apart
        return True
    e = expected[k]
    if e.column and g.shape == (e.value.shape[0],):
        g = g.reshape(e.value.shape)
    return any(v.value.shape == g.shape
               and mismatch(g, v.value, e.magnitude + np.abs(v.value)) is None for v in found)


def results(fn: Callable[..., Any], what: str, inputs: Mapping[str, Array],
            expected: Sequence[Expected], returns: str) -> list[Array]:
    """Call ``fn`` on the caller's arrays and check the structure of what it returns."""
    snap = Snapshot.of(inputs)
    out = call(what, fn, *inputs.values())
    if out is None or out is Ellipsis:
        raise returned_nothing(fn, what, returns, out)
    names = [e.name for e in expected]
    if isinstance(out, dict):
        raise Verdict("returns-dict", f"{what} returned a dict (keys {short(list(out), 60)}): "
                      f"{returns}, in this order ({', '.join(names)}), as a tuple.")
    if not isinstance(out, tuple | list) or len(out) != len(expected):
        got = (f"{len(out)} values" if isinstance(out, tuple | list)
               else f"{type(out).__name__}")
        raise Verdict("returns", f"{what} returned {got}; it must return {len(expected)} "
                      f"arrays: {returns}.")
    for value, e in zip(out, expected, strict=True):
        if value is None or value is Ellipsis:
            raise Verdict("not-written", f"{what} returned {value!r} for {e.name}: it is not "
                          "computed yet.")
    changed = snap.changed(inputs)
    if changed is not None:
        name, index = changed
        steps = {"W": expected[0].value, "b": expected[1].value}
        raise changed_input(name, index, snap.before[name], inputs[name], steps.get(name),
                            what)
    return [as_array(v, e.name) for v, e in zip(out, expected, strict=True)]


def check_shape(got: Array, e: Expected, hints: Mapping[tuple[int, ...], tuple[str, str]],
                notes: dict[str, str]) -> Array:
    """``got`` in ``e``'s shape, or a Verdict naming both shapes (``hints``: shape → code,
    explanation, for the shapes a known mistake gives)."""
    want = e.value.shape
    if got.shape == want:
        return got
    if e.column and got.shape == (want[0],):
        notes.setdefault(e.name, (
            f"note: {e.name} is 1-D, shape {got.shape}, where the checker expects a column "
            f"{want}; accepted, but reshape it before a step such as b − η·db with a "
            f"column b, which would broadcast to a {want[0]} × {want[0]} matrix."))
        return got.reshape(want)
    code, why = hints.get(got.shape, ("shape", ""))
    if not why and e.column and got.shape == (1, want[0]):
        code, why = "row-not-column", (f"a row where a column belongs (b − η·db would "
                                       f"broadcast to a {want[0]} × {want[0]} matrix)")
    raise Verdict(code, f"{e.name} has shape {got.shape} but must have shape {want}"
                  f"{': ' + why if why else ''}.")


def diagnose(got: Sequence[Array], expected: Sequence[Expected],
             variants: Mapping[str, Sequence[Variant]], formula: str,
             confirm: Callable[[str, str], bool] | None = None) -> None:
    """Name the first result whose values differ from the exact ones, and the likely
    mistake (a known variant, numerical gradients, or the values alone).  When several
    known mistakes give the same values here, ``confirm(name, code)`` tells whether the
    reader's function makes mistake ``code`` in result ``name`` on the other inputs too."""
    right = [mismatch(g, e.value, e.magnitude) is None for g, e in zip(got, expected,
                                                                       strict=True)]
    if all(right):
        return
    k = right.index(False)
    g, e = got[k], expected[k]
    index = mismatch(g, e.value, e.magnitude)
    assert index is not None
    fine = [x.name for x, ok in zip(expected, right, strict=True) if ok]
    also = (f" ({' and '.join(fine)} {'is' if len(fine) == 1 else 'are'} right)" if fine
            else "")
    head = (f"{e.name} is wrong at {index_text(index)}: yours is {fmt(g[index])}, the right "
            f"value is {fmt(e.value[index])}{also}.")
    known = [v for v in variants.get(e.name, ()) if v.value.shape == g.shape
             and mismatch(g, v.value, e.magnitude + np.abs(v.value)) is None]
    if len(known) > 1 and confirm is not None:
        known = [v for v in known if confirm(e.name, v.code)] or known
    if known:
        v = known[0]
        where = f"{v.only_here} " if v.only_here and fine else ""
        raise Verdict(v.code, f"{head} {where}{sentence(v.hint) if not where else v.hint}")
    off = distance(g, e.value, e.magnitude)
    if off <= NUMERICAL:
        digits = max(0, int(-np.log10(max(off, 1e-16))))
        raise Verdict("numerical", f"{e.name} at {index_text(index)} is "
                      f"{fmt(g[index], 12)}, the exact value is {fmt(e.value[index], 12)}: "
                      f"your result agrees with the exact one to about {digits} significant "
                      f"digits only; {NUMERICAL_HINT}")
    raise Verdict("wrong-values", f"{head} {formula}")


Problem = dict[str, Array]


def check_cases(fn: Callable[..., Any], what: str, problems: Sequence[Problem],
                expected: Callable[[Problem], Sequence[Expected]],
                variants: Callable[[Problem], Mapping[str, Sequence[Variant]]],
                shape_hints: Callable[[Problem], Mapping[str, Mapping[tuple[int, ...],
                                                                     tuple[str, str]]]],
                formula: str, returns: str) -> dict[str, str]:
    """Run the reader's ``fn`` on every problem, stopping at the first mistake: structure
    and shapes first (with the hints of each result's wrong shapes), then values; a mistake
    that several known ones explain here is named only if ``fn`` makes it on every
    problem.  Returns the notes for the report (a 1-D bias gradient accepted, ...)."""
    notes: dict[str, str] = {}

    def confirm(name: str, code: str) -> bool:
        return all(makes_mistake(fn, q, expected(q), found, name) for q in problems
                   if (found := [v for v in variants(q)[name] if v.code == code]))

    for p in problems:
        exp = expected(p)
        got = results(fn, what, p, exp, returns)
        hints = shape_hints(p)
        got = [check_shape(g, e, hints[e.name], notes) for g, e in zip(got, exp, strict=True)]
        diagnose(got, exp, variants(p), formula, confirm)
    return notes
