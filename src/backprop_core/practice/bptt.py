r"""Exercise: backpropagation through time for a small recurrent network.

h_{t+1} = tanh(W h_t + U x_t + b) for t = 0, …, T − 1; X holds x_0, …, x_{T−1}, shape
(T, n_x, m); H holds h_0, …, h_T, shape (T + 1, n_h, m); samples are columns. The reader
writes two functions, and the checker tries each on its own:

* ``rnn_step_vjp(W, U, x, h, h_next, grad_h_next)``: one step backwards, from
  h̄_{t+1} = ∂C/∂h_{t+1}: with δ = h̄_{t+1} ⊙ (1 − h_{t+1}²), return
  (Wᵀ δ, δ h_tᵀ, δ x_tᵀ, Σ_samples δ): h̄_t's share through this step, and this step's
  terms of W̄, Ū and b̄;
* ``bptt(W, U, X, H, grad_H)``: ``grad_H[t]`` is the direct ∂C/∂h_t from the loss
  (``grad_H[0]`` is 0); run the steps from t = T − 1 down to 0, carrying
  h̄_t = grad_H[t] + Wᵀ δ_t back, and return (W̄, Ū, b̄), each the sum of its T step terms.

The checker's C is Σ_t Σ grad_H[t] ⊙ h_t; finite differences of it in W, U and b check
the results (for the step alone, C = Σ h̄_{t+1} ⊙ h_{t+1} in h, W, U and b).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import check_seed
from ..networks.vjp.recurrent import Recurrent, step_vjp
from .array_checks import EXACT, check_shape, judge, results
from .report import Report, Verdict, run

STEP_NAMES = ("grad_h", "grad_W", "grad_U", "grad_b")
BPTT_NAMES = ("grad_W", "grad_U", "grad_b")
# (n_h, n_x, m): a state wider than the input, one sample, square W and U
STEP_CASES = ((3, 2, 4), (2, 3, 1), (4, 4, 4))
# (T, n_h, n_x, m, loss on every state?)
# (every state first: there, forgetting the carry and keeping one step's term differ)
BPTT_CASES = ((3, 3, 2, 2, True), (4, 3, 2, 5, False), (1, 2, 1, 1, True), (5, 4, 3, 4, True))

HINTS = {
    "prime-at-h": "tanh′ belongs to the output of this step: δ = h̄_{t+1} ⊙ (1 − h_{t+1}²), "
    "with h_next, not h.",
    "prime-missing": "the factor tanh′ = 1 − h_{t+1}² is missing: δ = h̄_{t+1} ⊙ "
    "(1 − h_{t+1}²) is the gradient at the input sum of the step.",
    "tanh-not-prime": "δ uses tanh itself (h_{t+1}) where its derivative 1 − h_{t+1}² "
    "belongs.",
    "missing-transpose": "the gradient goes back through the transpose: h̄_t gets Wᵀ δ, "
    "not W δ.",
    "dW-transposed": "W̄ holds the right numbers transposed: entry (j, k) is δ_j h_k, so "
    "the step's term is δ h_tᵀ.",
    "dW-uses-next": "W multiplies h_t, the state coming in: the step's term of W̄ is "
    "δ h_tᵀ, not δ h_{t+1}ᵀ.",
    "dU-transposed": "Ū holds the right numbers transposed: the step's term is δ x_tᵀ, "
    "shaped like U (n_h, n_x).",
    "bias-not-summed": "b is shared by the m samples: sum δ over the samples (axis 1).",
    "divided-by-m": "a step's terms are sums over the samples, not means: h̄ = ∂C/∂h "
    "already holds any 1/m of a mean cost.",
    "last-step-only": "W, U and b are used at every step, so their adjoints are sums with one "
    "term per step (`+=`); you kept only the last step's term (t = T − 1).",
    "first-step-only": "W, U and b are used at every step, so their adjoints are sums with "
    "one term per step (`+=`); you kept only one, the term of t = 0 (an `=` in the loop).",
    "no-carry": "h̄_t must carry what comes back from the later steps: h̄_t = grad_H[t] + "
    "Wᵀ δ_t. Run t from T − 1 down to 0 and pass the step's Wᵀ δ_t back to the step before.",
    "no-direct": "the loss reads every state here: h̄_t = grad_H[t] + Wᵀ δ_t adds each "
    "state's own direct gradient grad_H[t] on the way back, not only grad_H[T].",
    "divided-by-T": "the adjoint of a shared weight is the sum of its step terms, not their "
    "mean: do not divide by T.",
}


def _step_mistakes(W: np.ndarray, U: np.ndarray, x: np.ndarray, h: np.ndarray,
                  h_next: np.ndarray, g: np.ndarray) -> dict[str, dict[str, np.ndarray]]:
    m = x.shape[1]

    def with_delta(d: np.ndarray) -> dict[str, np.ndarray]:
        return {"grad_h": W.T @ d, "grad_W": d @ h.T, "grad_U": d @ x.T, "grad_b": d.sum(1)}

    d = g * (1 - h_next ** 2)
    return {
        "prime-at-h": with_delta(g * (1 - h ** 2)),
        "prime-missing": with_delta(g),
        "tanh-not-prime": with_delta(g * h_next),
        "missing-transpose": {"grad_h": W @ d},
        "dW-transposed": {"grad_W": h @ d.T},
        "dW-uses-next": {"grad_W": d @ h_next.T},
        "divided-by-m": {"grad_W": d @ h.T / m, "grad_U": d @ x.T / m, "grad_b": d.sum(1) / m},
    }


def _right_bptt(W: np.ndarray, U: np.ndarray, X: np.ndarray, H: np.ndarray, G: np.ndarray,
               *, carry: bool = True, direct: bool = True, keep: str = "sum"
               ) -> dict[str, np.ndarray]:
    """(W̄, Ū, b̄) by the formula, or as one of the usual mistakes changes it."""
    T = X.shape[0]
    h_bar: np.ndarray | float = G[T]
    terms = []
    for t in range(T - 1, -1, -1):
        back, _x_bar, dW, dU, db = step_vjp(W, U, X[t], H[t], H[t + 1], np.asarray(h_bar))
        terms.append((dW, dU, db))
        # h̄_t = (what comes back through this step) + (the loss's own ∂C/∂h_t)
        h_bar = (back if carry else 0.0) + (G[t] if direct else 0.0)
    if keep == "last":
        chosen = [terms[0]]
    elif keep == "first":
        chosen = [terms[-1]]
    else:
        chosen = terms
    out = {name: sum(c[i] for c in chosen) for i, name in enumerate(BPTT_NAMES)}
    if keep == "mean":
        out = {name: value / T for name, value in out.items()}
    return out  # type: ignore[return-value]


def _bptt_mistakes(W: np.ndarray, U: np.ndarray, X: np.ndarray, H: np.ndarray, G: np.ndarray
                  ) -> dict[str, dict[str, np.ndarray]]:
    T = X.shape[0]
    wrong = {
        "last-step-only": _right_bptt(W, U, X, H, G, keep="last"),
        "first-step-only": _right_bptt(W, U, X, H, G, keep="first"),
        "no-carry": _right_bptt(W, U, X, H, G, carry=False),
        "no-direct": _right_bptt(W, U, X, H, G, direct=False),
    }
    if T > 1:
        wrong["divided-by-T"] = _right_bptt(W, U, X, H, G, keep="mean")
    return wrong


def _judge_all(names: tuple[str, ...], got: dict[str, np.ndarray],
               right: dict[str, np.ndarray], wrong: dict[str, dict[str, np.ndarray]],
               costs: dict[str, Cost],
               where: str) -> None:
    for name in names:
        known = [(code, arrays[name], HINTS[code]) for code, arrays in wrong.items()
                 if name in arrays]
        cost, at = costs[name]
        judge(name, got[name], right[name], known, cost, at, where)


def _shapes(got: dict[str, np.ndarray], W: np.ndarray, U: np.ndarray, m: int, where: str
            ) -> None:
    n_h, n_x = U.shape
    if "grad_h" in got:
        check_shape("grad_h", got["grad_h"], (n_h, m), where=where)
    check_shape("grad_W", got["grad_W"], W.shape, where=where)
    check_shape("grad_U", got["grad_U"], U.shape,
                {(n_x, n_h): ("dU-transposed", HINTS["dU-transposed"])}, where)
    if got["grad_b"].shape == (n_h, 1):
        got["grad_b"] = got["grad_b"].reshape(n_h)
    check_shape("grad_b", got["grad_b"], (n_h,),
                {(n_h, m): ("bias-not-summed", HINTS["bias-not-summed"])} if m > 1 else None,
                where)


Cost = tuple[Callable[[np.ndarray], float], np.ndarray]


def _step_costs(W: np.ndarray, U: np.ndarray, b: np.ndarray, x: np.ndarray, h: np.ndarray,
               g: np.ndarray) -> dict[str, Cost]:
    """One step's C = Σ h̄_{t+1} ⊙ tanh(W h + U x + b) in h, W, U and b (the others fixed)."""

    def cost(W_: np.ndarray, U_: np.ndarray, b_: np.ndarray, h_: np.ndarray) -> float:
        return float((g * np.tanh(W_ @ h_ + U_ @ x + b_[:, None])).sum())

    return {"grad_h": (lambda v: cost(W, U, b, v), h), "grad_W": (lambda v: cost(v, U, b, h), W),
            "grad_U": (lambda v: cost(W, v, b, h), U), "grad_b": (lambda v: cost(W, U, v, h), b)}


def _bptt_costs(W: np.ndarray, U: np.ndarray, b: np.ndarray, X: np.ndarray, h0: np.ndarray,
               G: np.ndarray) -> dict[str, Cost]:
    """C = Σ_t Σ grad_H[t] ⊙ h_t over the unrolled network, in W, U and b."""

    def cost(W_: np.ndarray, U_: np.ndarray, b_: np.ndarray) -> float:
        return float((G * Recurrent(W_, U_, b_).run(X, h0)).sum())

    return {"grad_W": (lambda v: cost(v, U, b), W), "grad_U": (lambda v: cost(W, v, b), U),
            "grad_b": (lambda v: cost(W, U, v), b)}


def _network(rng: np.random.Generator, n_h: int, n_x: int) -> Recurrent:
    return Recurrent(rng.normal(0, 0.6, (n_h, n_h)), rng.normal(0, 0.8, (n_h, n_x)),
                     rng.normal(0, 0.3, n_h))


def _check_step(step: Callable[..., Any], rng: np.random.Generator) -> None:
    """The step function on its own, against one step's finite differences."""
    for n_h, n_x, m in STEP_CASES:
        net = _network(rng, n_h, n_x)
        W, U, b = net.params["W"], net.params["U"], net.params["b"]
        x, h = rng.normal(size=(n_x, m)), rng.normal(0, 0.5, (n_h, m))
        h_next = np.tanh(W @ h + U @ x + b[:, None])
        g = rng.normal(size=(n_h, m))
        where = f"rnn_step_vjp, n_h = {n_h}, n_x = {n_x}, m = {m}"
        inputs = {"W": W, "U": U, "x": x, "h": h, "h_next": h_next, "grad_h_next": g}
        got = dict(zip(STEP_NAMES, results(step, inputs, STEP_NAMES,
                                           "return grad_h, grad_W, grad_U, grad_b"),
                       strict=True))
        _shapes(got, W, U, m, where)
        back, _x_bar, dW, dU, db = step_vjp(W, U, x, h, h_next, g)
        right = {"grad_h": back, "grad_W": dW, "grad_U": dU, "grad_b": db}
        costs = _step_costs(W, U, b, x, h, g)
        wrong = _step_mistakes(W, U, x, h, h_next, g)
        if n_h == n_x:  # a transposed Ū has the right shape: only its numbers tell
            wrong["dU-transposed"] = {"grad_U": dU.T}
        _judge_all(STEP_NAMES, got, right, wrong, costs, where)


def check_bptt(step: Callable[..., Any], bptt: Callable[..., Any], *, quiet: bool = False,
               seed: int = 0) -> Report:
    """Check ``step(W, U, x, h, h_next, grad_h_next) -> (grad_h, grad_W, grad_U, grad_b)``,
    then ``bptt(W, U, X, H, grad_H) -> (grad_W, grad_U, grad_b)``."""
    seed = check_seed(seed)

    def body(report: Report) -> None:
        rng = np.random.default_rng(seed)
        _check_step(step, rng)
        for T, n_h, n_x, m, every in BPTT_CASES:
            net = _network(rng, n_h, n_x)
            W, U, b = net.params["W"], net.params["U"], net.params["b"]
            X = rng.normal(size=(T, n_x, m))
            h0 = rng.normal(0, 0.5, (n_h, m))
            H = net.run(X, h0)
            G = rng.normal(size=H.shape)
            G[0] = 0.0
            if not every:
                G[1:T] = 0.0
            where = (f"bptt, T = {T} step{'s' if T > 1 else ''}, m = {m}, loss on "
                     f"{'every state' if every else 'the last state only'}")
            inputs = {"W": W, "U": U, "X": X, "H": H, "grad_H": G}
            got = dict(zip(BPTT_NAMES, results(bptt, inputs, BPTT_NAMES,
                                               "return grad_W, grad_U, grad_b"),
                           strict=True))
            _shapes(got, W, U, m, where)
            if not got["grad_W"].any() and T > 0:
                raise Verdict("nothing-summed", f"{where}: grad_W is all zeros: add each "
                              "step's term (grad_W += ...).")
            costs = _bptt_costs(W, U, b, X, h0, G)
            _judge_all(BPTT_NAMES, got, _right_bptt(W, U, X, H, G),
                       _bptt_mistakes(W, U, X, H, G), costs, where)
        report.lines.append(
            "rnn_step_vjp on 3 cases, then bptt over 1 to 5 steps, with the loss on the last "
            f"state or on every state: grad_W, grad_U and grad_b are exact (to a relative "
            f"{EXACT:.0e} of the largest entry) and agree with finite differences (relative "
            "error ≤ 1e-5).")

    return run("bptt", body, quiet,
               success="\u2714 rnn_step_vjp and bptt: right. The shared weights collect one "
               "term per step.")
