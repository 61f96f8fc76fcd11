r"""Exercise: a dense layer's gradients for a batch of m samples, averaged over the batch.

The samples are the columns of A_prev (n_in × m). With Z = W A_prev + b and A = σ(Z), the
batch cost is the mean J = (1/m) Σ_x C_x, and, given G = the columns ∂C_x/∂a_x,

    Δ = G ⊙ σ'(Z),   ∂J/∂W = (1/m) Δ A_prevᵀ,   ∂J/∂b = (1/m) Σ_x Δ[:, x]  (sum over axis 1).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..checks.gradcheck import check_gradient
from ..formatting import fmt
from ..networks.activations import sigmoid
from .layer import DELTA_HINTS, deltas
from .report import Report, Verdict, as_array, call, not_written, run, same

NAMES = ("∂J/∂W", "∂J/∂b")


def problem(rng: np.random.Generator, n_in: int, n_out: int, m: int) -> dict[str, np.ndarray]:
    return {
        "W": rng.normal(0, 1, (n_out, n_in)),
        "b": rng.normal(0, 0.5, (n_out, 1)),
        "A_prev": rng.normal(0, 1, (n_in, m)),
        "G": rng.normal(0, 1, (n_out, m)),
    }


def expected(p: dict[str, np.ndarray], mistake: str = "") -> dict[str, np.ndarray]:
    m = p["A_prev"].shape[1]
    Z = p["W"] @ p["A_prev"] + p["b"]
    D = deltas(Z, p["G"])[mistake]
    return {"∂J/∂W": D @ p["A_prev"].T / m, "∂J/∂b": D.sum(axis=1, keepdims=True) / m}


def results(fn: Callable[..., Any], p: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    args = (p["W"].copy(), p["b"].copy(), p["A_prev"].copy(), p["G"].copy())
    label = getattr(fn, "__name__", "batch_gradients")
    out = call(label, fn, *args)
    if not_written(out):
        raise Verdict("not-written", f"{label} is not written yet: replace the `...` "
                      "by your code and return dW, db.")
    if not isinstance(out, tuple | list) or len(out) != 2:
        raise Verdict("returns", f"{label} must return two arrays: return dW, db.")
    return {name: as_array(v, name) for name, v in zip(NAMES, out, strict=True)}


def check_shapes(got: dict[str, np.ndarray], p: dict[str, np.ndarray]) -> None:
    W, b = p["W"], p["b"]
    m = p["A_prev"].shape[1]
    dW, db = got["∂J/∂W"], got["∂J/∂b"]
    if dW.shape != W.shape:
        if dW.shape == W.shape[::-1]:
            raise Verdict("missing-transpose", f"∂J/∂W has shape {dW.shape} but W has shape "
                          f"{W.shape}: a transpose is missing: ∂J/∂W = (1/m) Δ A_prevᵀ.")
        raise Verdict("shape", f"∂J/∂W has shape {dW.shape} but must have W's shape {W.shape}.")
    if db.size == m and m != b.size:
        raise Verdict("bias-axis", f"∂J/∂b has shape {db.shape} but b has shape {b.shape}: "
                      "the sum runs over the neurons (axis 0). Sum over the samples, the "
                      "columns: axis=1.")
    if m > 1 and db.shape == (b.size, m):
        raise Verdict("bias-not-reduced", f"∂J/∂b has shape {db.shape}, one column per "
                      f"sample, but b has shape {b.shape}: average Δ over the samples "
                      "(axis=1).")
    if db.size != b.size:
        raise Verdict("shape", f"∂J/∂b has shape {db.shape} but b has shape {b.shape}.")
    got["∂J/∂b"] = db.reshape(b.shape)


def diagnose(got: dict[str, np.ndarray], p: dict[str, np.ndarray]) -> None:
    m = p["A_prev"].shape[1]
    right = expected(p)
    for name in NAMES:
        if same(got[name], right[name]):
            continue
        if same(got[name], right[name] * m):
            raise Verdict("sum-not-mean", f"{name} is m = {m} times too large: it is the "
                          "sum over the batch. The cost is the mean, so divide by m.")
        if same(got[name], right[name] / m):
            raise Verdict("mean-twice", f"{name} is m = {m} times too small: the batch is "
                          "averaged twice (np.mean already divides by m; so does /m).")
    for mistake, hint in DELTA_HINTS.items():
        wrong = expected(p, mistake)
        if any(same(got[k] * s, wrong[k]) for k in NAMES for s in (1, 1 / m, m)):
            raise Verdict(mistake, hint.replace("∂C/∂a", "G").replace("δ", "Δ"))
    if same(got["∂J/∂W"], right["∂J/∂W"].T):
        raise Verdict("missing-transpose", "∂J/∂W holds the right numbers transposed: "
                      "∂J/∂W = (1/m) Δ A_prevᵀ.")


def gradient_check(got: dict[str, np.ndarray], p: dict[str, np.ndarray]) -> None:
    m = p["A_prev"].shape[1]

    def cost(W: np.ndarray, b: np.ndarray) -> float:
        return float(np.sum(p["G"] * sigmoid(W @ p["A_prev"] + b)) / m)

    for name, f, x in [("∂J/∂W", lambda W: cost(W, p["b"]), p["W"]),
                       ("∂J/∂b", lambda b: cost(p["W"], b), p["b"])]:
        result = check_gradient(f, x, got[name])
        if not result.ok:
            w = result.worst
            raise Verdict("gradcheck", f"{name} is wrong at entry {w.index}: yours is "
                          f"{fmt(w.analytic)}, finite differences give {fmt(w.numeric)}.")


def check_batch_gradients(fn: Callable[..., Any], *, quiet: bool = False,
                          seed: int = 0) -> Report:
    """Check ``fn(W, b, A_prev, G) -> (dW, db)``: the mean gradients of a sigmoid layer."""

    def body(report: Report) -> None:
        rng = np.random.default_rng(seed)
        for n_in, n_out, m in [(3, 3, 5), (4, 3, 5), (4, 3, 1)]:
            p = problem(rng, n_in, n_out, m)
            got = results(fn, p)
            check_shapes(got, p)
            diagnose(got, p)
            gradient_check(got, p)
        report.lines.append("batches of 5 and of 1 sample: ∂J/∂W and ∂J/∂b agree with finite "
                            "differences of the mean cost.")

    return run("batch_gradients", body, quiet)
