"""What the checkers of the layer exercises (softmax, batch norm, convolution, BPTT,
recomputation) share: the reader's results read as arrays, shapes named both ways, inputs
that must come back unchanged, and the verdict on one array, in this order:

1. the same numbers as the exact backward pass, to a relative 1e-12 of its largest entry
   (what rounding leaves of an exact formula): right;
2. the numbers a known mistake gives (to a relative 1e-7): that mistake's hint;
3. right to finite-difference precision but not to 1e-12 (the book's checker passes it,
   relative error ≤ 1e-5 per entry, but an exact formula does far better): a numerical
   gradient, not a backward pass;
4. otherwise: the first entry that differs, the reader's value, the right one and what
   finite differences give.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from ..checks.gradcheck import check_gradient
from ..formatting import fmt
from .report import Verdict, as_array, call, not_written

EXACT = 1e-12  # relative to the largest entry of the right array
Mistake = tuple[str, np.ndarray, str]  # (code, the array the mistake gives, hint)


def results(fn: Callable[..., Any], args: Sequence[np.ndarray], names: Sequence[str],
            returns: str) -> list[np.ndarray]:
    """Call the reader's ``fn`` on copies of ``args``; its results as arrays, one per name.

    Structure first: not written, the wrong number of results, not numbers, NaN; then
    whether an input was changed in place (the reader's function must leave them alone).
    """
    label = getattr(fn, "__name__", "your function")
    copies = [np.array(a, dtype=float) for a in args]
    out = call(label, fn, *copies)
    if not_written(out):
        raise Verdict("not-written", f"{label} is not written yet: replace the `...` by your "
                      f"code and {returns}.")
    many = len(names) > 1
    if not many and isinstance(out, tuple):
        raise Verdict("returns", f"{label} must return one array ({returns}), but it returned "
                      f"a tuple of {len(out)}.")
    if many and (not isinstance(out, tuple | list) or len(out) != len(names)):
        got = f"{len(out)} results" if isinstance(out, tuple | list) else type(out).__name__
        raise Verdict("returns", f"{label} must return {len(names)} arrays ({returns}), but "
                      f"it returned {got}.")
    values = out if many else (out,)
    for v, name in zip(values, names, strict=True):
        if getattr(v, "dtype", None) in (np.float32, np.float16):
            raise Verdict("low-precision", f"{name} holds {v.dtype} numbers: the inputs are "
                          "float64, keep the computation in float64 (an `astype` or a "
                          "`dtype=` too many?), or its rounding hides real mistakes.")
    arrays = [as_array(v, name) for v, name in zip(values, names, strict=True)]
    for original, copy, i in zip(args, copies, range(len(args)), strict=True):
        if not np.array_equal(original, copy):
            raise Verdict("changed-input", f"{label} changed its input argument number "
                          f"{i + 1} in place (an `-=`, `*=` or an assignment into it). The "
                          "backward pass must leave the forward pass's arrays as they were: "
                          "work on new arrays (`x = x - ...`, not `x -= ...`).")
    return arrays


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


def matches(got: np.ndarray, wrong: np.ndarray) -> bool:
    """``got`` is what a known mistake gives, to a relative 1e-7."""
    return got.shape == wrong.shape and gap(got, wrong) <= 1e-7


def judge(name: str, got: np.ndarray, right: np.ndarray, mistakes: Sequence[Mistake],
          cost: Callable[[np.ndarray], float], at: np.ndarray, where: str) -> None:
    """The verdict on one array whose shape is right (see the module's docstring);
    ``cost`` and ``at`` give finite differences of the array as a gradient."""
    if gap(got, right) <= EXACT:
        # the success message says both: exact, and agreeing with finite differences
        if not check_gradient(cost, at, got).ok:  # pragma: no cover - the book's own formula
            raise Verdict("checker", f"{where}: {name} equals the book's formula but fails "
                          "the gradient check: please report this to the book's authors.")
        return
    for code, wrong, hint in mistakes:
        if matches(got, wrong) and gap(wrong, right) > EXACT:
            raise Verdict(code, f"{where}: {hint}")
    numeric = check_gradient(cost, at, got)
    if numeric.ok:
        raise Verdict("finite-differences", f"{where}: {name} agrees with finite differences "
                      f"(relative error at most {numeric.max_rel_error:.0e}), but with the "
                      f"exact backward pass only to {gap(got, right):.0e} of its largest "
                      f"entry. An exact formula agrees to {EXACT:.0e} or better: this looks "
                      "like a numerical gradient. Write the backward formula itself.")
    index = tuple(int(i) for i in np.unravel_index(int(np.argmax(np.abs(got - right))),
                                                   got.shape))
    raise Verdict("differs", f"{where}: {name} is wrong at entry {index}: yours is "
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
