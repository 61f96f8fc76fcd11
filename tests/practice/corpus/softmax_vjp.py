"""Solutions to the exercise ``softmax_vjp(s, grad_s) -> grad_z``
(chapter "Every layer is a vector–Jacobian product"): right ones in several styles, and
wrong ones, each with the mistake code its checker must report and words of its hint."""

# ruff: noqa: E731, ANN001, ANN201, ANN202, N803, N806
from __future__ import annotations

import numpy as np

from . import register

EX = "softmax_vjp"


def sm_right(s, g):
    return s * (g - (s * g).sum(axis=0, keepdims=True))


def sm_jacobian_per_sample(s, g):
    out = np.zeros_like(s)
    for i in range(s.shape[1]):
        J = np.diag(s[:, i]) - np.outer(s[:, i], s[:, i])
        out[:, i] = J.T @ g[:, i]
    return out


def sm_einsum(s, g):
    return s * g - s * np.einsum("ji,ji->i", s, g)  # the row of sums broadcasts per column


def sm_loops(s, g):
    n, m = s.shape
    out = np.zeros((n, m))
    for i in range(m):
        for j in range(n):
            out[j, i] = sum(g[k, i] * s[k, i] * ((1.0 if k == j else 0.0) - s[j, i])
                            for k in range(n))
    return out


def sm_finite_differences(s, g):
    z, h, out = np.log(s), 1e-5, np.zeros_like(s)

    def soft(v):
        e = np.exp(v - v.max(axis=0))
        return e / e.sum(axis=0)

    for idx in np.ndindex(s.shape):
        up, down = z.copy(), z.copy()
        up[idx] += h
        down[idx] -= h
        out[idx] = ((soft(up) - soft(down)) * g).sum() / (2 * h)
    return out


def sm_in_place(s, g):
    g -= (s * g).sum(axis=0)
    return s * g


def sm_first_sample(s, g):
    J = np.diag(s[:, 0]) - np.outer(s[:, 0], s[:, 0])
    return J @ g


SOFTMAX_RIGHT = [sm_right, sm_jacobian_per_sample, sm_einsum, sm_loops]
SOFTMAX_MUTANTS = [
    (lambda s, g: g * s * (1 - s), "diagonal-only", "only the diagonal of the Jacobian"),
    (lambda s, g: g - (s * g).sum(axis=0), "no-s-factor", "the factor s ⊙ in front is missing"),
    (lambda s, g: s * (g - g.sum(axis=0)), "unweighted-sum", "the sum weighted by s"),
    (lambda s, g: s * (g + (s * g).sum(axis=0)), "sign", "a sign is flipped"),
    (lambda s, g: s * (g - (s * g).sum(axis=1, keepdims=True)), "wrong-axis",
     "you summed over the samples (axis 1)"),
    (lambda s, g: s * (g - (s * g).sum()), "sum-all", "summed over the whole batch"),
    (sm_first_sample, "first-sample-jacobian", "you used the first sample's for all of them"),
    (lambda s, g: np.diag(s[:, 0]) - np.outer(s[:, 0], s[:, 0]), "jacobian-returned",
     "grad_z has shape (3, 3) but must have shape (3, 4): that is the shape of a Jacobian"),
    (lambda s, g: sm_right(s, g).T, "samples-as-rows",
     "grad_z has shape (4, 3) but must have shape (3, 4): samples are the columns"),
    (sm_finite_differences, "numerical", "that is the accuracy of finite differences"),
    (sm_in_place, "changed-input", "changed its argument grad_s in place"),
    (lambda s, g: s * g, "wrong-values", "grad_z is wrong at entry (0, 0): yours is"),
    (lambda s, g: ..., "not-written", "not written yet"),
    (lambda s, g: (sm_right(s, g), s), "returns", "must return one array"),
    (lambda s, g: sm_right(s, g) * np.nan, "not-finite", "NaN or infinity"),
    (lambda s, g: s[5], "crash", "raised IndexError"),
    (lambda s, g: "grad_z", "not-numbers", "not an array of numbers"),
    (lambda s, g: sm_right(s, g).astype(np.float32), "low-precision", "holds float32 numbers"),
]

register(EX, [(f.__name__, f) for f in SOFTMAX_RIGHT], SOFTMAX_MUTANTS)
