r"""Exercise: a dense layer's gradients for a batch of m samples, averaged over the batch.

The samples are the columns of A_prev (n_in × m). With Z = W A_prev + b and A = σ(Z), the
batch cost is the mean J = (1/m) Σ_x C_x, and, given G = the columns ∂C_x/∂a_x,

    Δ = G ⊙ σ'(Z),   ∂J/∂W = (1/m) Δ A_prevᵀ,   ∂J/∂b = (1/m) Σ_x Δ[:, x]  (sum over axis 1).

The checker's batches have sizes unlike every layer width (5, 7, 3), and one has a single
sample; the layers are square (a transpose shows in the numbers) and not; one G holds a
large entry, where finite differences of J lose their digits.  Shapes: see :mod:`.arrays`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import check_seed
from ..networks.activations import sigmoid, sigmoid_prime
from .arrays import Expected, Variant, check_cases
from .layer import DELTA_HINTS, deltas
from .report import PASS, Report, label, run

Array = np.ndarray

NAMES = ("∂J/∂W", "∂J/∂b")
CASES = ((3, 3, 5, False), (4, 2, 7, False), (2, 5, 3, False), (3, 4, 1, False),
         (3, 2, 6, True))  # n_in, n_out, m, large


def problem(rng: np.random.Generator, n_in: int, n_out: int, m: int, large: bool = False
            ) -> dict[str, Array]:
    p = {
        "W": rng.normal(0, 1, (n_out, n_in)),
        "b": rng.normal(0, 0.5, (n_out, 1)),
        "A_prev": rng.normal(0, 1, (n_in, m)),
        "G": rng.normal(0, 1, (n_out, m)),
    }
    if large:  # J is about 1e6: a finite difference of J loses six digits
        p["G"][0, :] *= 1e6
    return p


def expected(p: dict[str, Array]) -> list[Expected]:
    A = p["A_prev"]
    m = A.shape[1]
    D = deltas(p["W"] @ A + p["b"], p["G"])[""]
    return [
        Expected(NAMES[0], D @ A.T / m, np.abs(D) @ np.abs(A).T / m),
        Expected(NAMES[1], D.sum(axis=1, keepdims=True) / m,
                 np.abs(D).sum(axis=1, keepdims=True) / m, column=True),
    ]


def variants(p: dict[str, Array]) -> dict[str, list[Variant]]:
    """The values each known mistake gives, per result."""
    W, A = p["W"], p["A_prev"]
    n_out, m = W.shape[0], A.shape[1]
    Z = W @ A + p["b"]
    d = deltas(Z, p["G"])
    D = d[""]
    dW, db = D @ A.T, D.sum(axis=1, keepdims=True)
    out: dict[str, list[Variant]] = {NAMES[0]: [], NAMES[1]: []}
    for name, total in ((NAMES[0], dW), (NAMES[1], db)):
        out[name] += [
            Variant("sum-not-mean", total, f"{name} is m = {m} times too large: it is the "
                    "sum over the batch. The cost is the mean, so divide by m."),
            Variant("mean-twice", total / m**2, f"{name} is m = {m} times too small: the "
                    "batch is averaged twice (np.mean already divides by m; so does /m)."),
            Variant("divide-by-width", total / n_out, f"{name} is divided by the number of "
                    f"neurons n_out = {n_out}; the mean runs over the m = {m} samples "
                    "(the columns): divide by m = A_prev.shape[1]."),
            Variant("divide-by-inputs", total / W.shape[1], f"{name} is divided by the "
                    f"number of inputs n_in = {W.shape[1]} (len(A_prev) counts the rows); "
                    f"the mean runs over the m = {m} samples, the columns: divide by "
                    "A_prev.shape[1]."),
            Variant("first-sample", _first(name, D, A),
                    f"{name} uses the first sample only: the batch gradient is the mean "
                    "over all m columns."),
        ]
        for code, hint in DELTA_HINTS.items():
            wrong = d[code] @ A.T if name == NAMES[0] else d[code].sum(axis=1, keepdims=True)
            text = hint.replace("∂C/∂a", "G").replace("δ", "Δ")
            for scale in (1 / m, 1.0, 1 / m**2):
                out[name].append(Variant(code, wrong * scale, text, f"In {name}:"))
    D0 = p["G"] * sigmoid_prime(W @ A)
    no_bias = ("The bias is missing from Z: Z = W A_prev + b (b added to every column), "
               "and σ′ is taken at that whole input sum.")
    out[NAMES[0]].append(Variant("no-bias-in-z", D0 @ A.T / m, no_bias))
    out[NAMES[1]].append(Variant("no-bias-in-z", D0.sum(axis=1, keepdims=True) / m, no_bias))
    out[NAMES[0]] += [
        Variant("missing-transpose", A @ D.T / m, "∂J/∂W holds the right numbers "
                "transposed: ∂J/∂W = (1/m) Δ A_prevᵀ."),
        Variant("output-not-input", D @ sigmoid(Z).T / m, "∂J/∂W uses the layer's output "
                "A = σ(Z) where its input A_prev belongs: ∂J/∂W = (1/m) Δ A_prevᵀ."),
        Variant("product-of-means", D.mean(axis=1, keepdims=True) @ A.mean(axis=1,
                                                                           keepdims=True).T,
                "∂J/∂W is (mean of Δ)(mean of A_prev)ᵀ, but the mean of products is not "
                "the product of means: ∂J/∂W = (1/m) Δ A_prevᵀ sums Δ_x a_xᵀ over the "
                "samples first."),
    ]
    return out


def _first(name: str, D: Array, A: Array) -> Array:
    first: Array = D[:, :1] @ A[:, :1].T if name == NAMES[0] else D[:, :1]
    return first


def shape_hints(p: dict[str, Array]) -> dict[str, dict[tuple[int, ...], tuple[str, str]]]:
    n_out, n_in = p["W"].shape
    m = p["A_prev"].shape[1]
    axis = ("bias-axis", "the sum runs over the neurons (axis 0). Sum over the samples, "
            "the columns: axis=1")
    hints: dict[tuple[int, ...], tuple[str, str]] = {(m,): axis, (1, m): axis, (m, 1): axis}
    if m > 1:
        hints[(n_out, m)] = ("bias-not-reduced", "one column per sample: average Δ over "
                             "the samples (axis=1)")
    return {
        NAMES[0]: {(n_in, n_out): ("missing-transpose", "W's shape transposed, so a "
                                   "transpose is missing: ∂J/∂W = (1/m) Δ A_prevᵀ"),
                   (n_out, m): ("weights-not-reduced", "one column per sample: Δ A_prevᵀ "
                                "sums over the samples")},
        NAMES[1]: hints,
    }


FORMULA = "The batch gradients are Δ = G ⊙ σ′(Z), ∂J/∂W = (1/m) Δ A_prevᵀ, " \
          "∂J/∂b = (1/m) Δ summed over the samples (axis=1)."


def check_batch_gradients(fn: Callable[..., Any], *, quiet: bool = False,
                          seed: int = 0) -> Report:
    """Check ``fn(W, b, A_prev, G) -> (dW, db)``: the mean gradients of a sigmoid layer."""
    seed = check_seed(seed)
    what = label(fn, "batch_gradients")

    def body(report: Report) -> None:
        rng = np.random.default_rng(seed)
        problems = [problem(rng, *case) for case in CASES]
        notes = check_cases(fn, what, problems, expected, variants, shape_hints, FORMULA,
                            "return dW, db")
        sizes = ", ".join(f"{n_in} → {n_out} with m = {m}" for n_in, n_out, m, _ in CASES)
        report.lines.append(f"layers and batches {sizes} (one G with a large entry): ∂J/∂W "
                            "and ∂J/∂b are exact, and your function leaves its arguments "
                            "as they were.")
        report.lines.extend(notes.values())

    return run(what, body, quiet, success=f"{PASS} {what}: right.")
