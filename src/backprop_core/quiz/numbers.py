r"""Reading a number typed by a reader, and judging it against a tolerance.

What a reader may type (the browser's ``quiz.js`` reads input by the same rules):

* a decimal with a **point**: ``10.5``, ``-0.25``, ``.5``, ``+3``; the minus sign ``−``
  (U+2212) counts as ``-``;
* scientific notation: ``1e-3``, ``2.5E4``;
* a fraction of two such numbers: ``21/2``, ``-1/4``;
* spaces around the whole entry (not inside a number).

A **comma is refused** with its own message (``10,5`` could mean ten and a half or,
as a thousands separator, one hundred and five): the reader is asked to use a point.
Anything else (``abc``, ``2*3``, ``1/0``, ``1e999``) is not a number.  An entry that
is not a number is not a try: it costs no points.

An answer ``x`` is right for the expected value ``v`` when

    |x - v| ≤ t          (absolute tolerance ``t``), or
    |x - v| ≤ t · |v|    (relative tolerance, written ``t·100 %`` in a quiz file).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_DECIMAL = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_NUMBER = re.compile(_DECIMAL)
_FRACTION = re.compile(rf"({_DECIMAL})\s*/\s*({_DECIMAL})")

EXAMPLES = "10.5, -0.25, 1e-3 or 21/2"


@dataclass(frozen=True)
class Reading:
    """What was read: ``value`` (a finite float) or, when it is None, ``problem``."""

    value: float | None
    problem: str = ""


def read_number(text: str) -> Reading:
    """Read what a reader typed (rules in the module docstring)."""
    entry = text.strip().replace("\u2212", "-")
    if not entry:
        return Reading(None, "Type a number first.")
    if "," in entry:
        return Reading(
            None,
            "Use a point as the decimal separator (10.5, not 10,5). "
            "This cost nothing.",
        )
    value: float | None = None
    if _NUMBER.fullmatch(entry):
        value = float(entry)
    else:
        m = _FRACTION.fullmatch(entry)
        if m is not None and float(m.group(2)) != 0.0:
            value = float(m.group(1)) / float(m.group(2))
    if value is None or not math.isfinite(value):
        shown = entry if len(entry) <= 20 else entry[:19] + "\u2026"
        return Reading(
            None, f"\u201c{shown}\u201d is not a number: type e.g. {EXAMPLES}. This cost nothing."
        )
    return Reading(value + 0.0)  # -0.0 reads as 0.0


def within(value: float, expected: float, tolerance: float, relative: bool) -> bool:
    """|value - expected| ≤ tolerance (· |expected| when ``relative``)."""
    bound = tolerance * abs(expected) if relative else tolerance
    # a tiny slack for the rounding of the bound itself (0.1 + 0.2 style)
    return abs(value - expected) <= bound * (1 + 1e-12) + 1e-15 * abs(expected)


def describe_tolerance(tolerance: float, relative: bool) -> str:
    """``within 1%`` or ``within ±0.01``, as the reader sees it."""
    if relative:
        return f"within {tolerance * 100:g}%"
    return f"within \u00b1{tolerance:g}"


def format_value(value: float) -> str:
    """The expected value as the reader is told it after a right answer."""
    return f"{value:.6g}"
