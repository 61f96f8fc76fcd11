"""How to read the relative error of a gradient check.

For centred differences in float64 at the book's step (h = 1e-5) on a smooth cost, the
difference itself is accurate to about 1e-10, relative (see ``step_size``): an analytic
gradient that is right agrees to better than ``RIGHT_BELOW``. A bug that touches a whole
term (a factor 2, a sign, a missing 1/m, a transpose) gives 1e-1 or more; one that touches
a few terms of a sum gives less, but rarely below ``WRONG_ABOVE``. In between lie the cases
to look at closer: a relu input within h of its kink, a cost computed in float32, a
gradient so small that rounding is all there is to compare.
"""

from __future__ import annotations

import math

from backprop_core.errors import check_real

RIGHT_BELOW = 1e-7
WRONG_ABOVE = 1e-2


def verdict(rel_error: float) -> str:
    """"right", "look closer" or "wrong" for the relative error of one checked element."""
    if rel_error == math.inf:  # a NaN or infinite gradient (gradcheck's relative_error)
        return "wrong"
    rel_error = check_real(rel_error, "rel_error", nonnegative=True)
    if rel_error <= RIGHT_BELOW:
        return "right"
    return "wrong" if rel_error > WRONG_ABOVE else "look closer"
