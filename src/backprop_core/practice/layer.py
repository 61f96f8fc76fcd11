r"""Exercise: a dense layer's backward pass for one sample, in numpy.

Layer l computes z = W a_prev + b and a = σ(z) (sigmoid). Given ∂C/∂a (``grad_a``), the
reader returns

    ∂C/∂W = δ a_prevᵀ,   ∂C/∂b = δ,   ∂C/∂a_prev = Wᵀ δ,   with δ = ∂C/∂a ⊙ σ'(z).

The checker hands the reader's function its own arrays (and reports any change to them) on a
square layer (a missing transpose shows in the numbers), two non-square ones (it shows in
the shapes) and one where ∂C/∂a holds a large entry: there finite differences of
C = Σ_j (∂C/∂a)_j σ(z_j) lose their digits, and backprop does not.  Shapes: see
:mod:`.arrays` (a 1-D ∂C/∂b or ∂C/∂a_prev is accepted, with a note).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import check_seed
from ..networks.activations import sigmoid, sigmoid_prime
from .arrays import Expected, Variant, check_cases
from .report import PASS, Report, label, run

Array = np.ndarray

NAMES = ("∂C/∂W", "∂C/∂b", "∂C/∂a_prev")
CASES = ((3, 3, False), (4, 2, False), (2, 5, False), (3, 4, True))  # n_in, n_out, large

DELTA_HINTS = {
    "sigma-not-prime": "δ uses σ(z) where the derivative σ′(z) belongs: "
    "δ = ∂C/∂a ⊙ σ′(z), with sigmoid_prime(z).",
    "prime-at-a": "σ′ is taken at a = σ(z) instead of at the input sum z: "
    "use sigmoid_prime(z), not sigmoid_prime(a).",
    "no-sigma-prime": "δ is missing the factor σ′(z): the error at the input sum is "
    "∂C/∂z = ∂C/∂a ⊙ σ′(z), not ∂C/∂a itself.",
}


def deltas(z: Array, grad_a: Array) -> dict[str, Array]:
    """δ and the usual wrong versions of it, by mistake code."""
    s = sigmoid(z)
    return {
        "": grad_a * sigmoid_prime(z),
        "sigma-not-prime": grad_a * s,
        "prime-at-a": grad_a * sigmoid_prime(s),
        "no-sigma-prime": grad_a,
    }


def problem(rng: np.random.Generator, n_in: int, n_out: int, large: bool = False
            ) -> dict[str, Array]:
    p = {
        "W": rng.normal(0, 1, (n_out, n_in)),
        "b": rng.normal(0, 0.5, (n_out, 1)),
        "a_prev": rng.normal(0, 1, (n_in, 1)),
        "grad_a": rng.normal(0, 1, (n_out, 1)),
    }
    if large:  # C is about 1e6: a finite difference of C loses six digits
        p["grad_a"][n_out // 2, 0] = 1e6
    return p


def expected(p: dict[str, Array]) -> list[Expected]:
    W, a_prev = p["W"], p["a_prev"]
    delta = deltas(W @ a_prev + p["b"], p["grad_a"])[""]
    return [
        Expected(NAMES[0], delta @ a_prev.T, np.abs(delta) @ np.abs(a_prev).T),
        Expected(NAMES[1], delta, np.abs(delta), column=True),
        Expected(NAMES[2], W.T @ delta, np.abs(W).T @ np.abs(delta), column=True),
    ]


def variants(p: dict[str, Array]) -> dict[str, list[Variant]]:
    """The values each known mistake gives, per result."""
    W, b, a_prev = p["W"], p["b"], p["a_prev"]
    z = W @ a_prev + b
    d = deltas(z, p["grad_a"])
    right = d[""]
    out: dict[str, list[Variant]] = {name: [] for name in NAMES}
    for code, hint in DELTA_HINTS.items():
        out[NAMES[0]].append(Variant(code, d[code] @ a_prev.T, hint, "In ∂C/∂W:"))
        out[NAMES[1]].append(Variant(code, d[code], hint, "In ∂C/∂b:"))
        out[NAMES[2]].append(Variant(code, W.T @ d[code], hint, "In ∂C/∂a_prev:"))
    d0 = p["grad_a"] * sigmoid_prime(W @ a_prev)
    no_bias = ("The bias is missing from z: z = W a_prev + b, and σ′ is taken at that "
               "whole input sum.")
    out[NAMES[0]].append(Variant("no-bias-in-z", d0 @ a_prev.T, no_bias))
    out[NAMES[1]].append(Variant("no-bias-in-z", d0, no_bias))
    out[NAMES[2]].append(Variant("no-bias-in-z", W.T @ d0, no_bias))
    out[NAMES[0]] += [
        Variant("missing-transpose", a_prev @ right.T, "∂C/∂W holds the right numbers "
                "transposed: entry (j, k) must be δ_j·a_prev_k, so ∂C/∂W = δ a_prevᵀ (a "
                "transpose is missing or misplaced)."),
        Variant("output-not-input", right @ sigmoid(z).T, "∂C/∂W uses the layer's output "
                "a = σ(z) where its input belongs: w_jk multiplies a_prev_k, so "
                "∂C/∂w_jk = δ_j·a_prev_k, ∂C/∂W = δ a_prevᵀ."),
    ]
    if W.shape[0] == W.shape[1]:  # δ ⊙ a_prev has a shape only for a square layer
        out[NAMES[1]].append(Variant("bias-times-input", right * a_prev, "∂C/∂b is δ "
                                     "alone: a bias is multiplied by 1, not by a_prev."))
    out[NAMES[1]] += [
        Variant("bias-row-sum", (right @ a_prev.T).sum(axis=1, keepdims=True), "∂C/∂b is "
                "δ, not the row sums of ∂C/∂W (those are δ times the sum of a_prev)."),
    ]
    s_prev = a_prev * (1 - a_prev)
    if W.shape[0] == W.shape[1]:  # W δ has the right shape only for a square layer
        out[NAMES[2]].append(Variant(
            "missing-transpose", W @ right, "∂C/∂a_prev is W δ, but the error goes back "
            "through the transpose: ∂C/∂a_prev = Wᵀ δ (a transpose is missing)."))
    out[NAMES[2]] += [
        Variant("extra-sigma-prime", (W.T @ right) * sigmoid_prime(a_prev), "∂C/∂a_prev "
                "is multiplied by σ′ once more: that factor belongs to the layer below, "
                "when it turns ∂C/∂a_prev into its own δ. Here ∂C/∂a_prev = Wᵀ δ."),
        Variant("extra-sigma-prime", (W.T @ right) * s_prev, "∂C/∂a_prev is multiplied by "
                "a_prev(1 − a_prev), the σ′ of the layer below: that factor is its job, when "
                "it turns ∂C/∂a_prev into its own δ. Here ∂C/∂a_prev = Wᵀ δ."),
        Variant("delta-not-back", right, "∂C/∂a_prev is δ itself: the error goes back "
                "through the weights, ∂C/∂a_prev = Wᵀ δ."),
    ]
    return out


def shape_hints(p: dict[str, Array]) -> dict[str, dict[tuple[int, ...], tuple[str, str]]]:
    n_out, n_in = p["W"].shape
    return {
        NAMES[0]: {(n_in, n_out): ("missing-transpose", "W's shape transposed, so a "
                                   "transpose is missing. Entry (j, k) is δ_j·a_prev_k, so "
                                   "∂C/∂W = δ a_prevᵀ (a column times a row)"),
                   (n_out, n_out): ("output-not-input", "δ times the layer's output a = "
                                    "σ(z); w_jk multiplies the input a_prev_k, so "
                                    "∂C/∂W = δ a_prevᵀ")},
        NAMES[1]: {(n_out, n_in): ("bias-is-weights", "that is W's shape: ∂C/∂b = δ, one "
                                   "number per neuron")},
        NAMES[2]: {(1, n_in): ("row-not-column", "a row, δᵀW; the column ∂C/∂a_prev is "
                               "Wᵀ δ, one entry per input"),
                   (n_out, 1): ("delta-not-back", "one entry per neuron of this layer, but "
                                "∂C/∂a_prev has one per input: Wᵀ δ")},
    }


FORMULA = "The layer's gradients are δ = ∂C/∂a ⊙ σ′(z), ∂C/∂W = δ a_prevᵀ, ∂C/∂b = δ, " \
          "∂C/∂a_prev = Wᵀ δ."


def check_layer_backward(fn: Callable[..., Any], *, quiet: bool = False,
                         seed: int = 0) -> Report:
    """Check ``fn(W, b, a_prev, grad_a) -> (dW, db, grad_a_prev)`` for a sigmoid layer."""
    seed = check_seed(seed)
    what = label(fn, "layer_backward")

    def body(report: Report) -> None:
        rng = np.random.default_rng(seed)
        problems = [problem(rng, *case) for case in CASES]
        notes = check_cases(fn, what, problems, expected, variants, shape_hints, FORMULA,
                            "return dW, db, grad_a_prev")
        report.lines.append("layers 3 → 3, 4 → 2, 2 → 5 and one with a large ∂C/∂a: "
                            "∂C/∂W, ∂C/∂b and ∂C/∂a_prev are exact, and your function "
                            "leaves its arguments as they were.")
        report.lines.extend(notes.values())

    return run(what, body, quiet, success=f"{PASS} {what}: right.")
