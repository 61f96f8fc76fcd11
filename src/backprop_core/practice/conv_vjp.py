r"""Exercise: the backward pass of a 1-D convolution, where one kernel is shared by every
position.

x has shape (n, m): n positions, m samples (one per column); w has k weights, b is one
number; y_t = Σ_j w_j x_{t+j} + b for t = 0, …, n − k ("valid"). The reader writes
``conv1d_vjp(x, w, grad_y)`` and returns (x̄, w̄, b̄):

    w̄_j = Σ_t Σ_i ȳ_{t,i} x_{t+j,i}   (one term per place w_j is used, every sample),
    b̄ = Σ_t Σ_i ȳ_{t,i},
    x̄_s = Σ_j w_j ȳ_{s−j}            (over the j with 0 ≤ s − j ≤ n − k).

The checker's C is Σ ȳ ⊙ y for a fixed ȳ; finite differences of it in x, w and b check
the three results. b̄ may be a number or an array of one entry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import check_seed
from ..networks.vjp.conv1d import conv1d, conv1d_vjp
from .array_checks import EXACT, check_shape, judge, results
from .report import Report, Verdict, run

NAMES = ("grad_x", "grad_w", "grad_b")
# (n, m, k): several samples, one sample, a kernel as long as the input (one position)
CASES = ((7, 3, 3), (6, 1, 2), (5, 4, 3), (4, 2, 4))

HINTS = {
    "one-position": "w_j is used at every position t, so w̄_j has one term per position: "
    "sum ȳ_t x_{t+j} over all t (and all samples), not only t = 0.",
    "no-shift": "w_j multiplies x_{t+j}, not x_t: shift x by j in w̄_j = Σ_t ȳ_t x_{t+j}.",
    "kernel-reversed": "w̄ comes out reversed: w̄_j pairs ȳ_t with x_{t+j}, j counted from "
    "the start of the window.",
    "kernel-not-flipped": "x̄ needs the kernel flipped: x̄_s = Σ_j w_j ȳ_{s−j}, so sliding "
    "the padded ȳ over w[::-1] (or adding w_j ȳ_t into x̄_{t+j} for every t and j).",
    "edges-missing": "x̄ is wrong near the ends: the first and last k − 1 positions of x are "
    "used by fewer windows. Pad ȳ with k − 1 zeros at both ends (a full convolution), or "
    "scatter: add w_j ȳ_t into x̄_{t+j} for every t and j.",
    "not-padded": "x̄ must have one entry per position of x, n of them: pad ȳ with k − 1 "
    "zeros at both ends before sliding the kernel over it.",
    "bias-mean": "b is one number shared by every position and sample: b̄ is the sum of ȳ, "
    "not its mean.",
    "bias-not-summed": "b is one number shared by every position and every sample: sum ȳ "
    "over both to a single number.",
    "w-not-summed-over-samples": "w is shared by the samples too: sum over the samples "
    "(axis 1) as well as over the positions.",
    "dense-gradient": "that is the gradient of the dense matrix T (ȳ xᵀ). Each w_j sits on "
    "one diagonal of T: add up diagonal j to get w̄_j.",
}


Cost = tuple[Callable[[np.ndarray], float], np.ndarray]


def _cost_functions(x: np.ndarray, w: np.ndarray, b: float, g: np.ndarray) -> dict[str, Cost]:
    """C = Σ ȳ ⊙ y as a function of x, of w and of b (the others fixed)."""

    def cost(x_: np.ndarray, w_: np.ndarray, b_: float) -> float:
        return float((g * conv1d(x_, w_, b_)).sum())

    return {"grad_x": (lambda v: cost(v, w, b), x), "grad_w": (lambda v: cost(x, v, b), w),
            "grad_b": (lambda v: cost(x, w, float(v[0])), np.array([b]))}


def _mistakes(x: np.ndarray, w: np.ndarray, g: np.ndarray) -> dict[str, dict[str, np.ndarray]]:
    k = w.size
    n_out = x.shape[0] - k + 1
    x_bar, w_bar, _ = conv1d_vjp(x, w, g)
    not_flipped = conv1d_vjp(x, w[::-1], g)[0]
    edges = x_bar.copy()
    edges[:k - 1] = 0.0
    edges[x.shape[0] - k + 1:] = 0.0
    return {
        "one-position": {"grad_w": np.array([(g[0] * x[j]).sum() for j in range(k)])},
        "no-shift": {"grad_w": np.full(k, (g * x[:n_out]).sum())},
        "kernel-reversed": {"grad_w": w_bar[::-1]},
        "kernel-not-flipped": {"grad_x": not_flipped},
        "edges-missing": {"grad_x": edges},
        "bias-mean": {"grad_b": np.array([g.mean()])},
    }


def check_conv1d_vjp(fn: Callable[..., Any], *, quiet: bool = False, seed: int = 0
                     ) -> Report:
    """Check ``fn(x, w, grad_y) -> (grad_x, grad_w, grad_b)``."""
    seed = check_seed(seed)

    def body(report: Report) -> None:
        rng = np.random.default_rng(seed)
        for n, m, k in CASES:
            x, w = rng.normal(size=(n, m)), rng.normal(size=k)
            b = float(rng.normal())
            g = rng.normal(size=(n - k + 1, m))
            where = f"n = {n} positions, m = {m} sample{'s' if m > 1 else ''}, k = {k}"
            got = dict(zip(NAMES, results(fn, {"x": x, "w": w, "grad_y": g}, NAMES,
                                          "return grad_x, grad_w, grad_b"), strict=True))
            check_shape("grad_x", got["grad_x"], (n, m), {
                (n - 2 * k + 2, m): ("not-padded", HINTS["not-padded"]),
                (n - k + 1, m): ("not-padded", HINTS["not-padded"])}, where)
            if got["grad_w"].shape == (k, 1):
                got["grad_w"] = got["grad_w"].reshape(k)
            check_shape("grad_w", got["grad_w"], (k,), {
                (k, m): ("w-not-summed-over-samples", HINTS["w-not-summed-over-samples"]),
                (n - k + 1, n): ("dense-gradient", HINTS["dense-gradient"])} if m > 1 else
                {(n - k + 1, n): ("dense-gradient", HINTS["dense-gradient"])}, where)
            if got["grad_b"].size != 1:
                raise Verdict("bias-not-summed", f"{where}: grad_b has shape "
                              f"{got['grad_b'].shape} but must be one number: "
                              f"{HINTS['bias-not-summed']}")
            got["grad_b"] = got["grad_b"].reshape(1)
            x_bar, w_bar, b_bar = conv1d_vjp(x, w, g)
            right = {"grad_x": x_bar, "grad_w": w_bar, "grad_b": np.array([b_bar])}
            wrong = _mistakes(x, w, g)
            costs = _cost_functions(x, w, b, g)
            for name in NAMES:
                known = [(code, arrays[name], HINTS[code]) for code, arrays in wrong.items()
                         if name in arrays]
                cost, at = costs[name]
                judge(name, got[name], right[name], known, cost, at, where)
        report.lines.append(
            "kernels of 2, 3 and 4 weights, batches of 1 to 4 samples: grad_x, grad_w and "
            f"grad_b are exact (to a relative {EXACT:.0e} of the largest entry) and agree "
            "with finite differences "
            "(relative error ≤ 1e-5).")

    return run("conv1d_vjp", body, quiet,
               success="\u2714 conv1d_vjp: right. Every use of a shared weight adds its term.")
