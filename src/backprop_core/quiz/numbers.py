r"""Reading a number typed by a reader, and judging it against a tolerance.

What a reader may type (the browser's ``quiz.js`` reads input by the same rules):

* a decimal with a **point**: ``10.5``, ``-0.25``, ``.5``, ``+3``; the minus sign ``−``
  (U+2212) counts as ``-``;
* scientific notation: ``1e-3``, ``2.5E4``;
* a fraction of two such numbers: ``21/2``, ``-1/4``;
* spaces, tabs and line breaks around the whole entry (not inside a number);
  other white space (such as U+00A0) is not a space here.

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

from ..errors import check_real, check_text
from .rulebook import NUMBER, TEXT, fill

_SPACE = re.compile(f"^{NUMBER['space']}+|{NUMBER['space']}+$")
_NUMBER = re.compile(NUMBER["decimal"])
_FRACTION = re.compile(NUMBER["fraction"])

EXAMPLES = TEXT["number_examples"]


@dataclass(frozen=True)
class Reading:
    """What was read: ``value`` (a finite float) or, when it is None, ``problem``."""

    value: float | None
    problem: str = ""


def trim(text: str) -> str:
    """``text`` without the rulebook's spaces at either end."""
    return _SPACE.sub("", text)


def read_number(text: str) -> Reading:
    """Read what a reader typed (rules in the module docstring and :mod:`.rulebook`)."""
    text = check_text(text, "text")
    entry = trim(text).replace(NUMBER["minus"], "-")
    if not entry:
        return Reading(None, TEXT["number_empty"])
    if any(c in entry for c in NUMBER["refused"]):
        return Reading(None, TEXT["number_refused"])
    value: float | None = None
    if _NUMBER.fullmatch(entry):
        value = float(entry)
    else:
        m = _FRACTION.fullmatch(entry)
        if m is not None and float(m.group(2)) != 0.0:
            value = float(m.group(1)) / float(m.group(2))
    if value is None or not math.isfinite(value):
        most = NUMBER["shown_max"]
        shown = entry if len(entry) <= most else entry[: most - 1] + TEXT["ellipsis"]
        return Reading(None, fill("number_invalid", entry=shown, examples=EXAMPLES))
    return Reading(value + 0.0)  # -0.0 reads as 0.0


def within(value: float, expected: float, tolerance: float, relative: bool) -> bool:
    """|value - expected| ≤ tolerance (· |expected| when ``relative``), with the
    rulebook's slack for the rounding of the bound itself (0.1 + 0.2 style)."""
    value, expected = check_real(value, "value"), check_real(expected, "expected")
    tolerance = check_real(tolerance, "tolerance")
    bound = tolerance * abs(expected) if relative else tolerance
    slack = bound * (1 + NUMBER["slack_rel"]) + NUMBER["slack_abs"] * abs(expected)
    return bool(abs(value - expected) <= slack)


def describe_tolerance(tolerance: float, relative: bool) -> str:
    """``within 1%``, ``within ±0.01`` or, for a tolerance of 0, ``only the exact
    value``, as the reader sees it."""
    if tolerance == 0:
        return TEXT["tolerance_exact"]
    if relative:
        return fill("tolerance_relative", percent=f"{tolerance * 100:g}")
    return fill("tolerance_absolute", tolerance=f"{tolerance:g}")


def format_value(value: float) -> str:
    """The expected value as the reader is told it after a right answer: Python's
    ``format(value, ".6g")`` (ties to even); the static page carries it
    (``data-bpb-shown``), so quiz.js prints exactly this text."""
    return f"{value:.{NUMBER['significant_digits']}g}"
