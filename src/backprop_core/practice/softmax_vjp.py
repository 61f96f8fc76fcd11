r"""Exercise: softmax's backward pass, as a vector–Jacobian product.

The reader writes ``softmax_vjp(s, grad_s)``: s = softmax(z) for the samples in the columns
(shape (n, m)), ``grad_s`` = s̄ = ∂C/∂s of the same shape; it returns z̄ = ∂C/∂z, column by
column Jᵀ s̄ with J = diag(s) − s sᵀ, which is

    z̄ = s ⊙ (s̄ − sᵀ s̄)        (sᵀ s̄ = Σ_k s_k s̄_k, one number per column).

The checker's C is Σ s̄ ⊙ softmax(z) for a fixed s̄, whose gradient in z is that z̄; finite
differences of it in z check the result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import check_seed
from ..networks.activations import softmax
from .array_checks import EXACT, Mistake, check_shape, judge, results
from .report import Report, run

# (n, m): more samples than entries, as many, one sample, fewer samples
CASES = ((3, 4), (4, 4), (5, 1), (4, 2))

HINTS = {
    "diagonal-only": "you used only the diagonal of the Jacobian, s_j(1 − s_j). Softmax is "
    "not elementwise: every z_k moves every s_j, and the off-diagonal entries −s_j s_k add "
    "the term −s (sᵀ s̄). z̄ = s ⊙ (s̄ − sᵀ s̄).",
    "no-s-factor": "the factor s ⊙ in front is missing: z̄ = s ⊙ (s̄ − sᵀ s̄), not "
    "s̄ − sᵀ s̄.",
    "unweighted-sum": "the number subtracted from s̄ must be sᵀ s̄ = Σ_k s_k s̄_k, the sum "
    "weighted by s; you subtracted Σ_k s̄_k.",
    "sign": "a sign is flipped: z̄ = s ⊙ (s̄ − sᵀ s̄), with a minus, from J = diag(s) − s sᵀ.",
    "wrong-axis": "the sum sᵀ s̄ runs over the entries of one column (axis 0), one number per "
    "sample; you summed over the samples (axis 1).",
    "sum-all": "sᵀ s̄ was summed over the whole batch; it is one number per sample: sum over "
    "axis 0 (with keepdims=True, or broadcast the row of sums).",
    "first-sample-jacobian": "every sample has its own Jacobian diag(s) − s sᵀ, built from its "
    "own column of s; you used the first sample's for all of them.",
    "jacobian-returned": "that is the shape of a Jacobian. Return the product z̄ = Jᵀ s̄, "
    "shaped like s, one column per sample.",
    "samples-as-rows": "samples are the columns here, as everywhere in the book: return z̄ "
    "shaped like s.",
}


def _right(s: np.ndarray, g: np.ndarray) -> np.ndarray:
    z_bar: np.ndarray = s * (g - (s * g).sum(axis=0, keepdims=True))
    return z_bar


def _mistakes(s: np.ndarray, g: np.ndarray) -> list[Mistake]:
    J0 = np.diagflat(s[:, 0]) - np.outer(s[:, 0], s[:, 0])
    wrong = {
        "diagonal-only": g * s * (1 - s),
        "no-s-factor": g - (s * g).sum(axis=0, keepdims=True),
        "unweighted-sum": s * (g - g.sum(axis=0, keepdims=True)),
        "sign": s * (g + (s * g).sum(axis=0, keepdims=True)),
        "wrong-axis": s * (g - (s * g).sum(axis=1, keepdims=True)),
        "sum-all": s * (g - (s * g).sum()),
        "first-sample-jacobian": J0 @ g,
    }
    return [(code, arr, HINTS[code]) for code, arr in wrong.items()]


def _cost_of_z(g: np.ndarray) -> Callable[[np.ndarray], float]:
    """C = Σ s̄ ⊙ softmax(z) as a function of z."""
    return lambda z: float((g * softmax(z)).sum())


def _problem(rng: np.random.Generator, n: int, m: int) -> tuple[np.ndarray, np.ndarray,
                                                               np.ndarray]:
    z = rng.normal(0.0, 1.5, size=(n, m))
    return z, softmax(z), rng.normal(size=(n, m))


def check_softmax_vjp(fn: Callable[..., Any], *, quiet: bool = False, seed: int = 0) -> Report:
    """Check ``fn(s, grad_s) -> grad_z`` on batches of several shapes."""
    seed = check_seed(seed)

    def body(report: Report) -> None:
        rng = np.random.default_rng(seed)
        for n, m in CASES:
            z, s, g = _problem(rng, n, m)
            where = f"n = {n} entries, m = {m} sample{'s' if m > 1 else ''}"
            (got,) = results(fn, {"s": s, "grad_s": g}, ["grad_z"], "return grad_z, shaped like s")
            hints: dict[tuple[int, ...], tuple[str, str]] = {
                (m, n): ("samples-as-rows", HINTS["samples-as-rows"]),
                (n, n): ("jacobian-returned", HINTS["jacobian-returned"])}
            check_shape("grad_z", got, s.shape, hints, where)
            judge("grad_z", got, _right(s, g), _mistakes(s, g), _cost_of_z(g), z, where)
        report.lines.append(
            f"batches {', '.join(f'{n}×{m}' for n, m in CASES)}: grad_z is the exact "
            f"product s ⊙ (s̄ − sᵀ s̄) (to a relative {EXACT:.0e} of its largest entry) and "
            "agrees with finite "
            "differences of C = Σ s̄ ⊙ softmax(z) (relative error ≤ 1e-5).")

    return run("softmax_vjp", body, quiet,
               success="\u2714 softmax_vjp: right, for every sample and every batch shape.")
