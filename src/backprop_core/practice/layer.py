r"""Exercise: a dense layer's backward pass for one sample, in numpy.

Layer l computes z = W a_prev + b and a = σ(z) (sigmoid). Given ∂C/∂a (``grad_a``), the
reader returns

    ∂C/∂W = δ a_prevᵀ,   ∂C/∂b = δ,   ∂C/∂a_prev = Wᵀ δ,   with δ = ∂C/∂a ⊙ σ'(z).

The checker uses the cost C = Σ_j g_j σ(z_j) for a fixed column g, whose ∂C/∂a is g
exactly, so finite differences of C in W, b and a_prev check the three results.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..checks.gradcheck import check_gradient
from ..formatting import fmt
from ..networks.activations import sigmoid, sigmoid_prime
from .report import Report, Verdict, as_array, call, not_written, run, same

NAMES = ("∂C/∂W", "∂C/∂b", "∂C/∂a_prev")


def deltas(z: np.ndarray, grad_a: np.ndarray) -> dict[str, np.ndarray]:
    """δ and the usual wrong versions of it, by mistake code."""
    s = sigmoid(z)
    return {
        "": grad_a * sigmoid_prime(z),
        "sigma-not-prime": grad_a * s,
        "prime-at-a": grad_a * sigmoid_prime(s),
        "no-sigma-prime": grad_a,
    }


DELTA_HINTS = {
    "sigma-not-prime": "δ uses σ(z) where the derivative σ′(z) belongs: "
    "δ = ∂C/∂a ⊙ σ′(z), with sigmoid_prime(z).",
    "prime-at-a": "σ′ is taken at a = σ(z) instead of at the input sum z: "
    "use sigmoid_prime(z), not sigmoid_prime(a).",
    "no-sigma-prime": "δ is missing the factor σ′(z): the error at the input sum is "
    "∂C/∂z = ∂C/∂a ⊙ σ′(z), not ∂C/∂a itself.",
}


def problem(rng: np.random.Generator, n_in: int, n_out: int) -> dict[str, np.ndarray]:
    return {
        "W": rng.normal(0, 1, (n_out, n_in)),
        "b": rng.normal(0, 0.5, (n_out, 1)),
        "a_prev": rng.normal(0, 1, (n_in, 1)),
        "grad_a": rng.normal(0, 1, (n_out, 1)),
    }


def expected(p: dict[str, np.ndarray], mistake: str = "") -> dict[str, np.ndarray]:
    """The right results (``mistake=""``) or those a known mistake in δ gives."""
    z = p["W"] @ p["a_prev"] + p["b"]
    delta = deltas(z, p["grad_a"])[mistake]
    return {"∂C/∂W": delta @ p["a_prev"].T, "∂C/∂b": delta, "∂C/∂a_prev": p["W"].T @ delta}


def results(fn: Callable[..., Any], p: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    args = (p["W"].copy(), p["b"].copy(), p["a_prev"].copy(), p["grad_a"].copy())
    label = getattr(fn, "__name__", "layer_backward")
    out = call(label, fn, *args)
    if not_written(out):
        raise Verdict("not-written", f"{label} is not written yet: replace the `...` "
                      "by your code and return dW, db, grad_a_prev.")
    if not isinstance(out, tuple | list) or len(out) != 3:
        raise Verdict("returns", f"{label} must return three arrays: "
                      "return dW, db, grad_a_prev.")
    return {name: as_array(v, name) for name, v in zip(NAMES, out, strict=True)}


def check_shapes(got: dict[str, np.ndarray], p: dict[str, np.ndarray]) -> None:
    W, b, a_prev = p["W"], p["b"], p["a_prev"]
    dW = got["∂C/∂W"]
    if dW.shape != W.shape:
        if dW.shape == W.shape[::-1]:
            raise Verdict("missing-transpose", f"∂C/∂W has shape {dW.shape} but W has shape "
                          f"{W.shape}: a transpose is missing. Entry (j, k) is δ_j·a_prev_k, "
                          "so ∂C/∂W = δ a_prevᵀ (a column times a row).")
        raise Verdict("shape", f"∂C/∂W has shape {dW.shape} but must have W's shape {W.shape}.")
    if got["∂C/∂b"].size != b.size:
        raise Verdict("shape", f"∂C/∂b has shape {got['∂C/∂b'].shape} but b has shape "
                      f"{b.shape}: one number per bias.")
    got["∂C/∂b"] = got["∂C/∂b"].reshape(b.shape)
    if got["∂C/∂a_prev"].size != a_prev.size:
        raise Verdict("shape", f"∂C/∂a_prev has shape {got['∂C/∂a_prev'].shape} but a_prev "
                      f"has shape {a_prev.shape}: (W)ᵀ δ has one entry per input.")
    got["∂C/∂a_prev"] = got["∂C/∂a_prev"].reshape(a_prev.shape)


def diagnose(got: dict[str, np.ndarray], p: dict[str, np.ndarray]) -> None:
    """Name the first known mistake that explains a wrong result."""
    right = expected(p)
    if all(same(got[k], right[k]) for k in NAMES):
        return
    for mistake, hint in DELTA_HINTS.items():
        wrong = expected(p, mistake)
        if same(got["∂C/∂b"], wrong["∂C/∂b"]) or same(got["∂C/∂W"], wrong["∂C/∂W"]):
            raise Verdict(mistake, hint)
    if same(got["∂C/∂W"], right["∂C/∂W"].T):
        raise Verdict("missing-transpose", "∂C/∂W holds the right numbers transposed: entry "
                      "(j, k) must be δ_j·a_prev_k, so ∂C/∂W = δ a_prevᵀ (a transpose is "
                      "missing or misplaced).")
    if same(got["∂C/∂a_prev"], p["W"] @ right["∂C/∂b"]):
        raise Verdict("missing-transpose", "∂C/∂a_prev is W δ, but the error goes back "
                      "through the transpose: ∂C/∂a_prev = Wᵀ δ (a transpose is missing).")


def gradient_check(fn_out: dict[str, np.ndarray], p: dict[str, np.ndarray]) -> None:
    """The book's gradient check of each result against C = Σ g ⊙ σ(W a_prev + b)."""

    def cost(W: np.ndarray, b: np.ndarray, a_prev: np.ndarray) -> float:
        return float(np.sum(p["grad_a"] * sigmoid(W @ a_prev + b)))

    checks = {
        "∂C/∂W": (lambda W: cost(W, p["b"], p["a_prev"]), p["W"]),
        "∂C/∂b": (lambda b: cost(p["W"], b, p["a_prev"]), p["b"]),
        "∂C/∂a_prev": (lambda a: cost(p["W"], p["b"], a), p["a_prev"]),
    }
    for name, (f, x) in checks.items():
        result = check_gradient(f, x, fn_out[name])
        if not result.ok:
            w = result.worst
            raise Verdict("gradcheck", f"{name} is wrong at entry {w.index}: yours is "
                          f"{fmt(w.analytic)}, finite differences give {fmt(w.numeric)}.")


def check_layer_backward(fn: Callable[..., Any], *, quiet: bool = False,
                         seed: int = 0) -> Report:
    """Check ``fn(W, b, a_prev, grad_a) -> (dW, db, grad_a_prev)`` for a sigmoid layer."""

    def body(report: Report) -> None:
        rng = np.random.default_rng(seed)
        # square first: a missing transpose then shows in the numbers, not as a crash
        for n_in, n_out in [(3, 3), (4, 3)]:
            p = problem(rng, n_in, n_out)
            got = results(fn, p)
            check_shapes(got, p)
            diagnose(got, p)
            gradient_check(got, p)
        report.lines.append("layer 3 → 3 and 4 → 3: ∂C/∂W, ∂C/∂b and ∂C/∂a_prev all agree "
                            "with finite differences.")

    return run("layer_backward", body, quiet)
