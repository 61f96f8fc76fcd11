"""verdicts.py: what a relative error means."""

from __future__ import annotations

import math

import pytest

from backprop_core.checks.verdicts import RIGHT_BELOW, WRONG_ABOVE, verdict
from backprop_core.errors import ArgumentError


@pytest.mark.parametrize(("error", "said"), [
    (0.0, "right"), (RIGHT_BELOW, "right"), (2 * RIGHT_BELOW, "look closer"),
    (WRONG_ABOVE, "look closer"), (1 / 3, "wrong"), (1.0, "wrong"), (math.inf, "wrong"),
])
def test_verdicts(error: float, said: str) -> None:
    assert verdict(error) == said


def test_a_negative_error_is_refused() -> None:
    with pytest.raises(ArgumentError, match="rel_error must be >= 0"):
        verdict(-1e-3)
