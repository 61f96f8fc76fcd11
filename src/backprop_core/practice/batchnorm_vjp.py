r"""Exercise: the backward pass of batch normalisation.

x has shape (n, m): n features, m samples (one per column). Each feature (row) is
normalised over the batch:

    μ = (1/m) Σ_i x_i,  v = (1/m) Σ_i (x_i − μ)²,  x̂ = (x − μ)/√(v + ε),  y = γ ⊙ x̂ + β,

with γ and β one number per feature, shape (n, 1). The reader writes
``batchnorm_vjp(x, gamma, grad_y, eps)`` and returns (x̄, γ̄, β̄); with ĝ = γ ⊙ ȳ and the
means taken over the samples (axis 1),

    x̄ = (ĝ − mean(ĝ) − x̂ ⊙ mean(ĝ ⊙ x̂)) / √(v + ε),   γ̄ = Σ_i ȳ ⊙ x̂,   β̄ = Σ_i ȳ.

The checker's C is Σ ȳ ⊙ y for a fixed ȳ; finite differences of it in x, γ and β check
the three results. γ̄ and β̄ may have shape (n, 1) or (n,).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import check_seed
from .array_checks import EXACT, check_shape, judge, results
from .report import Report, run

NAMES = ("grad_x", "grad_gamma", "grad_beta")
# (n, m, eps): a batch wider than the features, a square one, a large ε, one sample
CASES = ((3, 5, 1e-5), (4, 4, 1e-5), (3, 6, 0.5), (2, 1, 1e-5))

HINTS = {
    "stats-constant": "x̄ = γ ȳ / √(v + ε) treats μ and v as constants, but they are computed "
    "from x: every x_i also moves μ and v, and through them every sample's y. Add the two "
    "paths: x̄ = (ĝ − mean(ĝ) − x̂ ⊙ mean(ĝ ⊙ x̂)) / √(v + ε).",
    "mean-path-missing": "the path through the mean μ is missing: subtract mean(ĝ), the "
    "gradient that comes back through μ, as well as x̂ ⊙ mean(ĝ ⊙ x̂).",
    "variance-path-missing": "the path through the variance v is missing: subtract "
    "x̂ ⊙ mean(ĝ ⊙ x̂), the gradient that comes back through v, as well as mean(ĝ).",
    "sums-not-means": "the two path terms are means over the m samples, (1/m) Σ_i, not sums: "
    "μ and v are means, so each x_i moves them by 1/m.",
    "wrong-axis": "you normalised over the features (axis 0), which is layer normalisation. "
    "Batch normalisation takes μ and v over the samples: axis 1, one mean per feature.",
    "no-gamma": "y = γ ⊙ x̂ + β, so the gradient reaching x̂ is ĝ = γ ⊙ ȳ, not ȳ: the "
    "factor γ is missing in x̄.",
    "unbiased-variance": "the variance of batch normalisation is the mean of the squares, "
    "(1/m) Σ (x_i − μ)² (np.var's default, ddof=0), not the unbiased 1/(m − 1).",
    "eps-missing": "ε is missing: x̂ = (x − μ)/√(v + ε), and ε stays in every 1/√(v + ε) of "
    "the backward pass (with ε = 0.5 it changes every number).",
    "eps-outside": "ε goes inside the square root: 1/√(v + ε), not 1/(√v + ε).",
    "gamma-uses-x": "γ multiplies x̂, so γ̄ = Σ_i ȳ ⊙ x̂, the normalised input; you used x.",
    "centred-not-scaled": "γ̄ = Σ_i ȳ ⊙ x̂ with x̂ = (x − μ)/√(v + ε): you used x − μ without "
    "dividing by √(v + ε).",
    "gamma-not-summed": "γ is one number per feature, shared by all m samples: sum ȳ ⊙ x̂ "
    "over the samples (axis 1).",
    "beta-not-summed": "β is one number per feature, shared by all m samples: sum ȳ over the "
    "samples (axis 1).",
    "divided-by-m": "γ̄ and β̄ are sums over the samples, not means: ȳ = ∂C/∂y already holds "
    "any 1/m of a mean cost.",
}


def _backward(x: np.ndarray, gamma: np.ndarray, g: np.ndarray, eps: float, *, axis: int = 1,
             ddof: int = 0, eps_outside: bool = False, use_gamma: bool = True,
             paths: str = "both", reduce: str = "mean") -> dict[str, np.ndarray]:
    """(x̄, γ̄, β̄) by the formula, or as one of the usual mistakes changes it."""
    N = x.shape[axis]
    mu = x.mean(axis=axis, keepdims=True)
    var = ((x - mu) ** 2).sum(axis=axis, keepdims=True) / (N - ddof)
    inv = 1 / (np.sqrt(var) + eps) if eps_outside else 1 / np.sqrt(var + eps)
    x_hat = (x - mu) * inv
    gh = gamma * g if use_gamma else g
    red = (lambda a: a.mean(axis=axis, keepdims=True)) if reduce == "mean" else \
        (lambda a: a.sum(axis=axis, keepdims=True))
    mean_term = red(gh) if paths in ("both", "mean") else 0.0
    var_term = x_hat * red(gh * x_hat) if paths in ("both", "variance") else 0.0
    return {"grad_x": inv * (gh - mean_term - var_term),
            "grad_gamma": (g * x_hat).sum(axis=1, keepdims=True),
            "grad_beta": g.sum(axis=1, keepdims=True)}


def _forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(axis=1, keepdims=True)
    y: np.ndarray = gamma * (x - mu) / np.sqrt(((x - mu) ** 2).mean(axis=1, keepdims=True)
                                               + eps) + beta
    return y


Cost = tuple[Callable[[np.ndarray], float], np.ndarray]


def _cost_functions(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, g: np.ndarray,
                   eps: float) -> dict[str, Cost]:
    """C = Σ ȳ ⊙ y as a function of x, of γ and of β (the others fixed), with where it is
    differentiated."""

    def cost(x_: np.ndarray, gamma_: np.ndarray, beta_: np.ndarray) -> float:
        return float((g * _forward(x_, gamma_, beta_, eps)).sum())

    return {"grad_x": (lambda v: cost(v, gamma, beta), x),
            "grad_gamma": (lambda v: cost(x, v, beta), gamma),
            "grad_beta": (lambda v: cost(x, gamma, v), beta)}


def _mistakes(x: np.ndarray, gamma: np.ndarray, g: np.ndarray, eps: float
             ) -> dict[str, dict[str, np.ndarray]]:
    """Per mistake, the arrays it gives (only those it changes)."""
    ok = _backward(x, gamma, g, eps)
    m = x.shape[1]
    mu = x.mean(axis=1, keepdims=True)
    return {
        "stats-constant": {"grad_x": _backward(x, gamma, g, eps, paths="none")["grad_x"]},
        "mean-path-missing": {"grad_x": _backward(x, gamma, g, eps, paths="variance")["grad_x"]},
        "variance-path-missing": {"grad_x": _backward(x, gamma, g, eps, paths="mean")["grad_x"]},
        "sums-not-means": {"grad_x": _backward(x, gamma, g, eps, reduce="sum")["grad_x"]},
        "wrong-axis": _backward(x, gamma, g, eps, axis=0),
        "no-gamma": {"grad_x": _backward(x, gamma, g, eps, use_gamma=False)["grad_x"]},
        "unbiased-variance": _backward(x, gamma, g, eps, ddof=1) if m > 1 else {},
        "eps-missing": _backward(x, gamma, g, 0.0) if m > 1 else {},
        "eps-outside": _backward(x, gamma, g, eps, eps_outside=True),
        "gamma-uses-x": {"grad_gamma": (g * x).sum(axis=1, keepdims=True)},
        "divided-by-m": {"grad_gamma": ok["grad_gamma"] / m, "grad_beta": ok["grad_beta"] / m},
        "centred-not-scaled": {"grad_gamma": (g * (x - mu)).sum(axis=1, keepdims=True)},
    }


def check_batchnorm_vjp(fn: Callable[..., Any], *, quiet: bool = False, seed: int = 0
                        ) -> Report:
    """Check ``fn(x, gamma, grad_y, eps) -> (grad_x, grad_gamma, grad_beta)``."""
    seed = check_seed(seed)

    def body(report: Report) -> None:
        rng = np.random.default_rng(seed)
        for n, m, eps in CASES:
            x = rng.normal(2.0, 3.0, size=(n, m))
            gamma = rng.normal(1.0, 0.5, size=(n, 1))
            beta = rng.normal(size=(n, 1))
            g = rng.normal(size=(n, m))
            where = f"n = {n} features, m = {m} sample{'s' if m > 1 else ''}, ε = {eps:g}"
            inputs = {"x": x, "gamma": gamma, "grad_y": g, "eps": eps}
            got = dict(zip(NAMES, results(fn, inputs, NAMES,
                                          "return grad_x, grad_gamma, grad_beta"),
                           strict=True))
            check_shape("grad_x", got["grad_x"], (n, m), where=where)
            for name, what in (("grad_gamma", "gamma"), ("grad_beta", "beta")):
                if got[name].shape == (n,):
                    got[name] = got[name].reshape(n, 1)
                check_shape(name, got[name], (n, 1), {
                    (n, m): (f"{what}-not-summed", HINTS[f"{what}-not-summed"])} if m > 1
                    else None, where)
            right = _backward(x, gamma, g, eps)
            wrong = _mistakes(x, gamma, g, eps)
            costs = _cost_functions(x, gamma, beta, g, eps)
            for name in NAMES:
                known = [(code, arrays[name], HINTS[code]) for code, arrays in wrong.items()
                         if name in arrays]
                cost, at = costs[name]
                judge(name, got[name], right[name], known, cost, at, where)
        report.lines.append(
            "batches of 5, 4, 6 and 1 samples, ε = 1e-5 and 0.5: grad_x, grad_gamma and "
            f"grad_beta are exact (to a relative {EXACT:.0e} of the largest entry) and agree "
            "with finite differences "
            "(relative error ≤ 1e-5).")

    return run("batchnorm_vjp", body, quiet,
               success="\u2714 batchnorm_vjp: right, both paths through the batch statistics "
               "included.")
