"""Solutions to the exercise ``conv1d_vjp(x, w, grad_y) -> (grad_x, grad_w, grad_b)``
(chapter "Every layer is a vector–Jacobian product"): right ones in several styles, and
wrong ones, each with the mistake code its checker must report and words of its hint."""

# ruff: noqa: E731, ANN001, ANN201, ANN202, N803, N806
from __future__ import annotations

import numpy as np

from . import register

EX = "conv_vjp"


def conv_scatter(x, w, g):
    k, T = w.size, g.shape[0]
    dx, dw = np.zeros_like(x), np.zeros(k)
    for t in range(T):
        for j in range(k):
            dx[t + j] += w[j] * g[t]      # the window at t read x_{t+j} with weight w_j
            dw[j] += (g[t] * x[t + j]).sum()
    return dx, dw, g.sum()


def conv_toeplitz(x, w, g):
    k, n = w.size, x.shape[0]
    T = np.zeros((n - k + 1, n))
    for t in range(n - k + 1):
        T[t, t:t + k] = w
    dense = g @ x.T
    return T.T @ g, np.array([np.trace(dense, offset=j) for j in range(k)]), np.array([g.sum()])


def conv_padded(x, w, g):
    k = w.size
    p = np.pad(g, ((k - 1, k - 1), (0, 0)))
    dx = np.stack([(p[s:s + k] * w[::-1, None]).sum(axis=0) for s in range(x.shape[0])])
    dw = np.array([(g * x[j:j + g.shape[0]]).sum() for j in range(k)])
    return dx, dw.reshape(k, 1), g.sum()


def conv_with(dx=None, dw=None, db=None):
    def solution(x, w, g):
        r = conv_scatter(x, w, g)
        return ((dx or (lambda *a: r[0]))(x, w, g), (dw or (lambda *a: r[1]))(x, w, g),
                (db or (lambda *a: r[2]))(x, w, g))
    return solution


def conv_not_flipped(x, w, g):
    k = w.size
    p = np.pad(g, ((k - 1, k - 1), (0, 0)))
    return np.stack([(p[s:s + k] * w[:, None]).sum(axis=0) for s in range(x.shape[0])])


def conv_edges_zero(x, w, g):
    dx = conv_scatter(x, w, g)[0]
    k = w.size
    dx[:k - 1] = 0
    dx[x.shape[0] - k + 1:] = 0
    return dx


CONV_RIGHT = [conv_scatter, conv_toeplitz, conv_padded]
CONV_MUTANTS = [
    (conv_with(dw=lambda x, w, g: np.array([(g[0] * x[j]).sum() for j in range(w.size)])),
     "one-position", "not only t = 0"),
    (conv_with(dw=lambda x, w, g: np.array([(g * x[:g.shape[0]]).sum()] * w.size)),
     "no-shift", "shift x by j"),
    (conv_with(dw=lambda x, w, g: conv_scatter(x, w, g)[1][::-1]), "kernel-reversed",
     "w̄ comes out reversed"),
    (conv_with(dx=conv_not_flipped), "kernel-not-flipped", "x̄ needs the kernel flipped"),
    (conv_with(dx=conv_edges_zero), "edges-missing", "x̄ is wrong near the ends"),
    (conv_with(dx=lambda x, w, g: conv_scatter(x, w, g)[0][:g.shape[0]]), "not-padded",
     "grad_x has shape (5, 3) but must have shape (7, 3)"),
    (conv_with(db=lambda x, w, g: g.mean()), "bias-mean", "not its mean"),
    (conv_with(db=lambda x, w, g: g.sum(axis=1)), "bias-not-summed",
     "grad_b has shape (5,) but must be one number"),
    (conv_with(dw=lambda x, w, g: np.array([(g * x[j:j + g.shape[0]]).sum(0)
                                            for j in range(w.size)])),
     "w-not-summed-over-samples", "grad_w has shape (3, 3) but must have shape (3,)"),
    (conv_with(dw=lambda x, w, g: g @ x.T), "dense-gradient", "add up diagonal j"),
    (conv_with(dx=lambda x, w, g: conv_scatter(x, w, g)[0] * 2), "wrong-values",
     "grad_x is wrong at entry"),
]

register(EX, [(f.__name__, f) for f in CONV_RIGHT], CONV_MUTANTS)
