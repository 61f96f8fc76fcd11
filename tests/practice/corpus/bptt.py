"""Solutions to the exercise ``rnn_step_vjp(W, U, x, h, h_next, grad_h_next)`` and ``bptt(W, U, X,
H, grad_H)``, as a pair (chapter "Every layer is a vector–Jacobian product"): right ones in
several styles, and wrong ones, each with the mistake code its checker must report and words of
its hint."""

# ruff: noqa: E731, ANN001, ANN201, ANN202, N803, N806
from __future__ import annotations

import numpy as np

from . import register

EX = "bptt"


def step_right(W, U, x, h, h_next, g):
    d = g * (1 - h_next**2)
    return W.T @ d, d @ h.T, d @ x.T, d.sum(axis=1)


def step_einsum(W, U, x, h, h_next, g):
    d = g * (1 - np.tanh(np.arctanh(h_next)) ** 2)
    return (np.einsum("kj,km->jm", W, d), np.einsum("jm,km->jk", d, h),
            np.einsum("jm,km->jk", d, x), d.sum(axis=1, keepdims=True))


def bptt_right(W, U, X, H, G):
    T = X.shape[0]
    gW, gU, gb = np.zeros_like(W), np.zeros_like(U), np.zeros(W.shape[0])
    hb = G[T]
    for t in range(T - 1, -1, -1):
        back, dW, dU, db = step_right(W, U, X[t], H[t], H[t + 1], hb)
        gW, gU, gb = gW + dW, gU + dU, gb + db
        hb = back + G[t]
    return gW, gU, gb


def bptt_deltas_first(W, U, X, H, G):
    """Another correct solution: all δ_t first, then the three sums."""
    T = len(X)
    deltas, hb = [None] * T, G[T]
    for t in reversed(range(T)):
        deltas[t] = hb * (1 - H[t + 1] ** 2)
        hb = W.T @ deltas[t] + G[t]
    return (sum(d @ H[t].T for t, d in enumerate(deltas)),
            sum(d @ X[t].T for t, d in enumerate(deltas)),
            sum(d.sum(axis=1) for d in deltas))


def bptt_variant(keep="all", carry=True, direct=True, scale=1.0):
    def solution(W, U, X, H, G):
        T = X.shape[0]
        terms, hb = [], G[T]
        for t in range(T - 1, -1, -1):
            back, dW, dU, db = step_right(W, U, X[t], H[t], H[t + 1], hb)
            terms.append((dW, dU, db))
            hb = (back if carry else 0) + (G[t] if direct else 0)
        chosen = {"all": terms, "last": terms[:1], "first": terms[-1:]}[keep]
        return tuple(sum(c[i] for c in chosen) * scale for i in range(3))
    return solution


def step_variant(prime="next", back="WT", dW="dh", dU="dx", db="sum"):
    def solution(W, U, x, h, h_next, g):
        d = {"next": g * (1 - h_next**2), "h": g * (1 - h**2), "none": g,
             "tanh": g * h_next}[prime]
        m = x.shape[1]
        return ({"WT": W.T @ d, "W": W @ d}[back],
                {"dh": d @ h.T, "hd": h @ d.T, "dnext": d @ h_next.T, "mean": d @ h.T / m}[dW],
                {"dx": d @ x.T, "xd": x @ d.T, "mean": d @ x.T / m}[dU],
                {"sum": d.sum(1), "none": d, "mean": d.sum(1) / m}[db])
    return solution


BPTT_RIGHT = [(step_right, bptt_right), (step_einsum, bptt_deltas_first)]
BPTT_MUTANTS = [
    (step_variant(prime="h"), bptt_right, "prime-at-h", "with h_next, not h"),
    (step_variant(prime="none"), bptt_right, "prime-missing", "the factor tanh′"),
    (step_variant(prime="tanh"), bptt_right, "tanh-not-prime", "uses tanh itself"),
    (step_variant(back="W"), bptt_right, "missing-transpose", "not W δ"),
    (step_variant(dW="hd"), bptt_right, "dW-transposed", "W̄ holds the right numbers"),
    (step_variant(dW="dnext"), bptt_right, "dW-uses-next", "not δ h_{t+1}ᵀ"),
    (step_variant(dU="xd"), bptt_right, "dU-transposed",
     "grad_U has shape (2, 3) but must have shape (3, 2)"),
    (step_variant(db="none"), bptt_right, "bias-not-summed",
     "grad_b has shape (3, 4) but must have shape (3,)"),
    (step_variant(dW="mean", dU="mean", db="mean"), bptt_right, "divided-by-m",
     "not means"),
    (step_right, bptt_variant(keep="last"), "last-step-only",
     "only the last step's term"),
    (step_right, bptt_variant(keep="first"), "first-step-only", "the term of t = 0"),
    (step_right, bptt_variant(carry=False), "no-carry", "h̄_t must carry"),
    (step_right, bptt_variant(direct=False), "no-direct", "the loss reads every state"),
    (step_right, bptt_variant(scale=1 / 3), "divided-by-T", "do not divide by T"),
    (step_right, lambda W, U, X, H, G: (0 * W, 0 * U, 0 * W[0]), "nothing-summed",
     "grad_W is all zeros"),
    (step_right, lambda W, U, X, H, G: ..., "not-written",
     "is not written yet: replace the `...` by your code and return grad_W"),
]

register(EX, [(f"{s.__name__}+{b.__name__}", (s, b)) for s, b in BPTT_RIGHT],
         [((s, b), code, words) for s, b, code, words in BPTT_MUTANTS])
