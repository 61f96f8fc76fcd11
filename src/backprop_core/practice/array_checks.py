"""What the checkers of the layer exercises (softmax, batch norm, convolution, BPTT,
recomputation) share, built on :mod:`.report` like every checker of the book: the reader's
function called on copies of the caller's arrays, the structure of what it returns, inputs
that must come back unchanged (named by the argument), shapes named both ways, and the
verdict on one array, in this order:

1. ``|yours − right| ≤ EXACT · max|right|`` for every entry (a relative tolerance of 1e-12
   of the array's largest entry: what rounding leaves of an exact formula written in any
   order, about 1e-15, passes; a centred difference, whose error here is 1e-11 or more,
   does not): right;
2. the numbers a known mistake gives (to a relative 1e-7 of the larger array): that
   mistake's hint, in the learner's terms;
3. within ``NUMERICAL`` (1e-2) of the right array but not within EXACT: finite differences
   or another approximation, not a backward pass (``NUMERICAL_HINT``);
4. otherwise: the first entry that differs, the reader's value, the right one and what
   finite differences of the checker's cost give there.

A result the book's formula gives always passes the book's one gradient checker
(``check_gradient``) too; the success messages say both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from ..checks.gradcheck import check_gradient
from ..formatting import fmt
from .report import (
    NUMERICAL,
    NUMERICAL_HINT,
    Snapshot,
    Verdict,
    as_array,
    call,
    changed_input,
    index_text,
    returned_nothing,
)

EXACT = 1e-12  # relative to the largest entry of the right array
KNOWN = 1e-7  # a known mistake's numbers, relative to the larger of the two arrays
Mistake = tuple[str, np.ndarray, str]  # (code, the array the mistake gives, hint)


def results(fn: Callable[..., Any], inputs: Mapping[str, Any], names: Sequence[str],
            returns: str) -> list[np.ndarray]:
    """Call the reader's ``fn`` on copies of ``inputs`` (the book's argument names, in
    order); its results as float64 arrays, one per name.

    Structure first: not written, None, the wrong number of results, not numbers, NaN, low
    precision; then whether an argument was changed in place (named, with the entry).
    """
    label = getattr(fn, "__name__", "your function")
    arrays = {k: np.array(v, dtype=float) for k, v in inputs.items()}
    snap = Snapshot.of(arrays)
    out = call(label, fn, *arrays.values())
    if out is None or out is Ellipsis:
        raise returned_nothing(fn, label, returns, out)
    many = len(names) > 1
    if not many and isinstance(out, tuple | list):
        raise Verdict("returns", f"{label} must return one array ({returns}), but it returned "
                      f"a {type(out).__name__} of {len(out)}.")
    if many and (not isinstance(out, tuple | list) or len(out) != len(names)):
        got = f"{len(out)} results" if isinstance(out, tuple | list) else type(out).__name__
        raise Verdict("returns", f"{label} must return {len(names)} arrays ({returns}), but "
                      f"it returned {got}.")
    values = out if many else (out,)
    for v, name in zip(values, names, strict=True):
        if v is None or v is Ellipsis:
            raise Verdict("not-written", f"{label} returned {v!r} for {name}: it is not "
                          "computed yet.")
        if getattr(v, "dtype", None) in (np.float32, np.float16):
            raise Verdict("low-precision", f"{name} holds {v.dtype} numbers: the inputs are "
                          "float64, keep the computation in float64 (an `astype` or a "
                          "`dtype=` too many?), or its rounding hides real mistakes.")
    result = [as_array(v, name) for v, name in zip(values, names, strict=True)]
    changed = snap.changed(arrays)
    if changed is not None:
        name, index = changed
        raise changed_input(name, index, snap.before[name], arrays[name], None, label)
    return result


def check_shape(name: str, got: np.ndarray, shape: tuple[int, ...],
                hints: Mapping[tuple[int, ...], tuple[str, str]] | None = None,
                where: str = "") -> None:
    """A Verdict naming both shapes if ``got`` does not have ``shape``; ``hints`` maps a
    wrong shape to the mistake code and the words that explain it."""
    if got.shape == shape:
        return
    code, words = (hints or {}).get(got.shape, ("shape", ""))
    raise Verdict(code, f"{where + ': ' if where else ''}{name} has shape {got.shape} but "
                  f"must have shape {shape}{': ' + words if words else '.'}")


def gap(got: np.ndarray, right: np.ndarray) -> float:
    """max |got − right| relative to the largest |right| (absolute when right is 0)."""
    scale = float(np.abs(right).max()) if right.size else 0.0
    return float(np.abs(got - right).max()) / (scale if scale > 0 else 1.0)


def exact(got: np.ndarray, right: np.ndarray) -> bool:
    """``got`` equals ``right`` up to rounding: within EXACT of ``right``'s largest entry."""
    return got.shape == right.shape and gap(got, right) <= EXACT


def matches(got: np.ndarray, wrong: np.ndarray) -> bool:
    """``got`` is what a known mistake gives, to a relative KNOWN of the larger array."""
    if got.shape != wrong.shape:
        return False
    scale = max(float(np.abs(got).max(initial=0.0)), float(np.abs(wrong).max(initial=0.0)))
    return float(np.abs(got - wrong).max(initial=0.0)) <= KNOWN * (scale or 1.0)


def judge(name: str, got: np.ndarray, right: np.ndarray, mistakes: Sequence[Mistake],
          cost: Callable[[np.ndarray], float], at: np.ndarray, where: str) -> None:
    """The verdict on one array whose shape is right (see the module's docstring);
    ``cost`` and ``at`` give finite differences of the array as a gradient."""
    if exact(got, right):
        # the success message says both: exact, and agreeing with finite differences
        if not check_gradient(cost, at, got).ok:  # pragma: no cover - the book's own formula
            raise Verdict("checker", f"{where}: {name} equals the book's formula but fails "
                          "the gradient check: please report this to the book's authors.")
        return
    for code, wrong, hint in mistakes:
        if matches(got, wrong) and not exact(wrong, right):
            raise Verdict(code, f"{where}: {hint}")
    index = tuple(int(i) for i in np.unravel_index(int(np.argmax(np.abs(got - right))),
                                                   got.shape))
    off = gap(got, right)
    if off <= NUMERICAL:
        digits = max(0, int(-np.log10(max(off, 1e-16))))
        raise Verdict("numerical", f"{where}: {name} at {index_text(index)} is "
                      f"{fmt(got[index], 12)}, the exact value is {fmt(right[index], 12)}: "
                      f"your result agrees with the exact one to about {digits} significant "
                      f"digits only; {NUMERICAL_HINT}")
    raise Verdict("wrong-values", f"{where}: {name} is wrong at {index_text(index)}: yours is "
                  f"{fmt(got[index])}, the right value is {fmt(right[index])} (finite "
                  f"differences give {fmt(numeric_at(cost, at, index))}).")


def numeric_at(cost: Callable[[np.ndarray], float], at: np.ndarray, index: tuple[int, ...],
               h: float = 1e-5) -> float:
    """(cost(at + h e_index) − cost(at − h e_index)) / 2h: one entry's finite difference."""
    x = np.array(at, dtype=float)
    keep = x[index]
    x[index] = keep + h
    up = cost(x)
    x[index] = keep - h
    down = cost(x)
    return (up - down) / (2 * h)
