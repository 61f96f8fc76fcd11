"""What a checker tells the reader, and the checks every checker shares.

A checker stops at the first mistake it finds and reports it in this order:

1. **structure**: the function crashed, is still the stub, returned None or the wrong type,
   changed its inputs, returned something that is not numbers, or of the wrong shape;
2. **math**: the first array (or graph node) whose values differ from the exact ones, with
   the reader's value and the right one, and the likely mistake in the reader's terms;
3. **numerical gradients**: values that agree with the exact ones only to a few digits,
   as finite differences do, are not accepted as backprop.

Comparisons are exact up to rounding: ``|yours - right| ≤ RTOL · magnitude``, where the
magnitude is the same sum computed with absolute values (so a sum that cancels is judged
against the size of its terms, not its small result).  Correct solutions written in any
order of operations differ by about 1e-15 of the magnitude; finite differences, on the
inputs the checkers choose, differ by 1e-8 or more.
"""

from __future__ import annotations

import dis
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..formatting import fmt

PASS = "\u2714"  # ✔
FAIL = "\u2718"  # ✘

RTOL = 1e-10
"""How far a correct result may be from the exact one, relative to its magnitude."""

NUMERICAL = 1e-2
"""Below this relative distance, a wrong result that matches no known mistake is taken for
finite differences (or another approximation) rather than for a mistake in the math."""

NUMERICAL_HINT = (
    "that is the accuracy of finite differences, not of backprop, which is exact up to "
    "rounding (about 1e-15). Numerical gradients are how the book *checks* a backward pass "
    "(check_gradient); the exercise is the backward pass itself: local derivatives, "
    "multiplied along the chain rule."
)


@dataclass
class Report:
    """The outcome of a checker: ``ok`` and the lines printed for the reader.

    ``mistake`` is a short code for the mistake recognised (``"missing-transpose"``,
    ``"sum-not-mean"``, ...), empty when all is right; tests use it, readers read ``lines``.
    ``picture`` draws the reader's result next to the right one where a checker can (the
    scalar-graph exercise); it is None otherwise.
    """

    exercise: str
    ok: bool = False
    mistake: str = ""
    lines: list[str] = field(default_factory=list)
    picture: Callable[[], Any] | None = None

    def __str__(self) -> str:
        return "\n".join(self.lines)

    def __bool__(self) -> bool:
        return self.ok


class Verdict(Exception):
    """Raised inside a checker to stop at the first mistake found."""

    def __init__(self, mistake: str, message: str,
                 picture: Callable[[], Any] | None = None) -> None:
        super().__init__(message)
        self.mistake = mistake
        self.message = message
        self.picture = picture


def short(value: Any, most: int = 40) -> str:
    """``repr(value)``, cut to ``most`` characters with an ellipsis (the type alone when
    the reader's ``__repr__`` fails)."""
    try:
        text = repr(value)
    except Exception as err:  # a reader's class may have a broken __repr__
        text = f"<{type(value).__name__} whose repr raised {type(err).__name__}>"
    return text if len(text) <= most else text[: most - 1] + "\u2026"


def factor(x: float) -> str:
    """A number as a factor in a product: negative ones in parentheses, (−2)·0.5."""
    text = fmt(x)
    return f"({text})" if text.startswith("-") else text


def sentence(text: str) -> str:
    """``text`` with its first word capitalised, to follow a full stop (an ASCII letter
    only: σ′, δ or a one-letter name such as z stay as they are)."""
    if text[:1].isascii() and text[:1].islower() and text[1:2].isalpha():
        return text[:1].upper() + text[1:]
    return text


_NOTHING = {"RESUME", "NOP", "RETURN_VALUE", "RETURN_CONST", "LOAD_CONST", "POP_TOP",
            "CACHE"}


def is_stub(fn: Callable[..., Any]) -> bool:
    """True for a function whose body does nothing (``...``, ``pass``, a docstring): its
    code only loads constants and returns None."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return False
    for ins in dis.get_instructions(code):
        if ins.opname not in _NOTHING:
            return False
        if ins.opname in ("RETURN_CONST", "LOAD_CONST") and ins.argval not in (None,
                                                                               Ellipsis):
            return False
    return True


def label(fn: Callable[..., Any], default: str) -> str:
    return str(getattr(fn, "__name__", default))


def call(what: str, fn: Callable[..., Any], *args: Any) -> Any:
    """Call the reader's function; turn a crash into a Verdict that says where."""
    if not callable(fn):
        raise Verdict("not-a-function", f"{what}: the checker needs your function itself, "
                      f"got {type(fn).__name__} {short(fn)}.")
    try:
        return fn(*args)
    except NotImplementedError:
        raise Verdict("not-written", f"{what} is not written yet: replace the `...` "
                      "(or `raise NotImplementedError`) by your code.") from None
    except Exception as err:  # the reader's code may raise anything
        raise Verdict("crash", f"{what} raised {type(err).__name__}: {err}") from None


def returned_nothing(fn: Callable[..., Any], what: str, returns: str,
                     value: Any = None) -> Verdict:
    """The verdict for a function that returned None (a stub, or a missing ``return``) or
    the placeholder ``...``."""
    if is_stub(fn) or value is Ellipsis:
        return Verdict("not-written", f"{what} is not written yet: replace the `...` by "
                       f"your code and {returns}.")
    return Verdict("returns-none", f"{what} returned None: the function computes but does "
                   f"not hand its results back. Is the last line missing? {returns}.")


def as_array(value: Any, name: str) -> np.ndarray:
    """``value`` as a float array, or a Verdict saying why it is not one."""
    if value is None or value is Ellipsis:
        raise Verdict("not-written", f"{name} is {value!r}: it is not computed yet.")
    if isinstance(value, np.ndarray) and value.dtype.kind == "c" or isinstance(value, complex):
        raise Verdict("not-numbers", f"{name} holds complex numbers; gradients here are real.")
    if isinstance(value, np.ndarray) and value.dtype.kind in "US":
        raise Verdict("not-numbers", f"{name} is an array of text, not an array of numbers "
                      "(numbers written as text are not computed gradients).")
    try:
        arr = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise Verdict("not-numbers", f"{name} is {type(value).__name__}, not an array of "
                      "numbers.") from None
    if not np.all(np.isfinite(arr)):
        raise Verdict("not-finite", f"{name} holds NaN or infinity.")
    return arr


def mismatch(got: np.ndarray, right: np.ndarray, magnitude: np.ndarray,
             rtol: float = RTOL) -> tuple[int, ...] | None:
    """The first index (row-major) where ``got`` differs from ``right`` by more than
    ``rtol · magnitude`` (and a floor of 1e-300), or None when they agree."""
    bad = np.abs(got - right) > rtol * np.maximum(magnitude, 1e-300)
    if not bad.any():
        return None
    return tuple(int(i) for i in np.argwhere(bad)[0])


def distance(got: np.ndarray, right: np.ndarray, magnitude: np.ndarray) -> float:
    """The largest difference relative to the magnitude: 0 for equal arrays."""
    return float(np.max(np.abs(got - right) / np.maximum(magnitude, 1e-300)))


def index_text(index: tuple[int, ...]) -> str:
    return f"entry {index}" if len(index) > 1 else f"entry {index[0]}"


@dataclass(frozen=True)
class Snapshot:
    """Copies of the arrays handed to the reader's function, to tell what it changed."""

    before: dict[str, np.ndarray]

    @classmethod
    def of(cls, arrays: Mapping[str, np.ndarray]) -> Snapshot:
        return cls({k: np.array(v, copy=True) for k, v in arrays.items()})

    def changed(self, arrays: Mapping[str, np.ndarray]) -> tuple[str, tuple[int, ...]] | None:
        """(name, first index) of the first array that is not as it was, or None."""
        for name, old in self.before.items():
            new = arrays[name]
            if new.shape != old.shape:
                return name, ()
            diff = np.argwhere(~((new == old) | (np.isnan(new) & np.isnan(old))))
            if len(diff):
                return name, tuple(int(i) for i in diff[0])
        return None


def changed_input(name: str, index: tuple[int, ...], old: np.ndarray, new: np.ndarray,
                  step: np.ndarray | None, what: str) -> Verdict:
    """The verdict for a function that changed the caller's array ``name``."""
    if not index:
        return Verdict("changed-input", f"{what} changed the shape of its argument {name} "
                       f"from {old.shape} to {new.shape}: leave the caller's arrays alone.")
    if step is not None and step.shape == old.shape:
        moved = new - old
        ratio = np.divide(moved, step, out=np.zeros_like(moved), where=step != 0)
        eta = float(ratio.flat[int(np.argmax(np.abs(step)))])
        if eta != 0 and np.allclose(moved, eta * step, rtol=1e-6, atol=1e-12):
            return Verdict("gradient-step", f"{what} changed {name}: it moved by "
                           f"{fmt(eta)} × its gradient, a gradient step. The function "
                           "must only compute gradients; the step "
                           f"{name} ← {name} − η·∂C/∂{name} is training's job, done after "
                           "with the gradients it returns (the caller still needs the old "
                           f"{name}).")
    return Verdict("changed-input", f"{what} changed its argument {name} in place: "
                   f"{index_text(index)} was {fmt(old[index], 10)} and is now "
                   f"{fmt(new[index], 10)}. The caller still needs it: an in-place "
                   f"operation such as `{name} *= ...` or `{name}[...] = ...` writes into "
                   f"the caller's array; compute a new array instead "
                   f"(`new = {name} * ...`, or `{name}.copy()` first).")


def run(exercise: str, body: Callable[[Report], None], quiet: bool = False,
        success: str | None = None) -> Report:
    """Run a checker's ``body``, collect its verdict, print the report (unless quiet)."""
    report = Report(exercise)
    try:
        body(report)
        report.ok = True
    except Verdict as v:
        report.mistake = v.mistake
        report.picture = v.picture
        report.lines.append(f"{FAIL} {v.message}")
        if v.picture is not None:
            report.lines.append("  (result.picture() as the last line of a cell draws your "
                                "backward pass next to the right one, the first wrong edge "
                                "marked)")
    if report.ok:
        report.lines.insert(0, success or f"{PASS} {exercise}: right.")
    if not quiet:
        print(report)
    return report
