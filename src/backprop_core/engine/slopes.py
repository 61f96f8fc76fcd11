"""The slopes of σ and tanh, written so that no digit is lost at large |x|, and σ without
overflow: the local derivatives ``Value`` and ``Dual`` use (``value`` re-exports them).

σ'(x) = σ(x)(1 − σ(x)) and tanh'(x) = 1 − tanh²x lose every digit where σ(x) or tanh x
rounds to 1; written with e^{-|x|} they keep them.
"""

from __future__ import annotations

import math

from backprop_core.errors import check_real

__all__ = ["sigmoid_slope", "stable_sigmoid", "tanh_slope"]


def stable_sigmoid(x: float) -> float:
    """σ(x) = 1/(1 + e^{-x}) for a float, exponentiating only -|x| (no overflow)."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def sigmoid_slope(x: float) -> float:
    """σ'(x) = σ(x)(1 - σ(x)) as e^{-|x|}/(1 + e^{-|x|})²: no digit lost where σ(x) rounds
    to 1 (x >= 37), 4.2e-18 at x = 40 instead of 0."""
    e = math.exp(-abs(check_real(x, "x")))
    return e / ((1.0 + e) * (1.0 + e))


def tanh_slope(x: float) -> float:
    """tanh'(x) = 1 - tanh²x as 4e^{-2|x|}/(1 + e^{-2|x|})²: no digit lost where tanh x
    rounds to ±1 (|x| > 19)."""
    e = math.exp(-2.0 * abs(check_real(x, "x")))
    return 4.0 * e / ((1.0 + e) * (1.0 + e))
