"""The one way the book writes a number in a label, a trace, a table or a checker's message.

``fmt(x)`` gives ``digits`` significant digits (``.4g`` by default): 2.0 -> '2',
1/3 -> '0.3333', 1e-9 -> '1e-09'. Negative zero is written '0' (it is the same number,
and '-0' in a table reads as a sign error); infinities and NaN as Python writes them
('inf', '-inf', 'nan'), so a message about an overflow names it.
"""

from __future__ import annotations

import unicodedata
from numbers import Real

from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    check_integer,
    check_text,
    describe,
)


def fmt(x: float, digits: int = 4) -> str:
    """``x`` with ``digits`` significant digits; -0.0 -> '0'."""
    if not isinstance(x, Real):
        raise ArgumentTypeError(f"fmt formats a real number x, got {describe(x)}")
    if type(digits) is not int or not 1 <= digits <= 17:  # noqa: E721  (a bool is no int here)
        digits = check_integer(digits, "digits", minimum=1)
        if digits > 17:  # float64 holds 17 significant digits at most
            raise ArgumentError(f"digits must be at most 17, got {digits}")
    return f"{float(x) + 0.0:.{digits}g}"  # + 0.0 turns -0.0 into 0.0 (and leaves inf, nan)


def shown_width(text: str) -> int:
    """How many characters ``text`` shows on screen: a combining mark (the bar of an
    adjoint, 'ā', 'x̄') sits on the letter before it and takes no room."""
    return sum(not unicodedata.combining(ch) for ch in check_text(text, "text"))
