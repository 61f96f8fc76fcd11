"""Solutions to the exercise ``batchnorm_vjp(x, gamma, grad_y, eps) -> (grad_x, grad_gamma,
grad_beta)`` (chapter "Every layer is a vector–Jacobian product"): right ones in several styles,
and wrong ones, each with the mistake code its checker must report and words of its hint."""

# ruff: noqa: E731, ANN001, ANN201, ANN202, N803, N806
from __future__ import annotations

import numpy as np

from . import register

EX = "batchnorm_vjp"


def bn_right(x, gamma, dy, eps):
    mu, var = x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)
    inv = 1 / np.sqrt(var + eps)
    xh, gh = (x - mu) * inv, gamma * dy
    dx = inv * (gh - gh.mean(axis=1, keepdims=True) - xh * (gh * xh).mean(axis=1, keepdims=True))
    return dx, (dy * xh).sum(axis=1, keepdims=True), dy.sum(axis=1)


def bn_chain(x, gamma, dy, eps):
    """Another correct solution: the graph node by node, backwards (Backprop Ninja style)."""
    m = x.shape[1]
    mu = x.sum(1, keepdims=True) / m
    xmu = x - mu
    var = (xmu**2).sum(1, keepdims=True) / m
    sqrtvar = np.sqrt(var + eps)
    ivar = 1 / sqrtvar
    xhat = xmu * ivar
    dxhat = dy * gamma
    divar = (dxhat * xmu).sum(1, keepdims=True)
    dxmu1 = dxhat * ivar
    dvar = 0.5 / sqrtvar * (-1 / sqrtvar**2 * divar)
    dxmu2 = 2 * xmu * np.ones_like(x) / m * dvar
    dmu = -(dxmu1 + dxmu2).sum(1, keepdims=True)
    return dxmu1 + dxmu2 + np.ones_like(x) / m * dmu, (dy * xhat).sum(1), dy.sum(1)


def bn_loops(x, gamma, dy, eps):
    n, m = x.shape
    dx, dg, db = np.zeros_like(x), np.zeros((n, 1)), np.zeros((n, 1))
    for j in range(n):
        mu = sum(x[j]) / m
        s = (sum((x[j, i] - mu) ** 2 for i in range(m)) / m + eps) ** -0.5
        xh = [(x[j, i] - mu) * s for i in range(m)]
        gh = [gamma[j, 0] * dy[j, i] for i in range(m)]
        a, b = sum(gh) / m, sum(gh[i] * xh[i] for i in range(m)) / m
        for i in range(m):
            dx[j, i] = s * (gh[i] - a - xh[i] * b)
        dg[j, 0], db[j, 0] = sum(dy[j, i] * xh[i] for i in range(m)), sum(dy[j])
    return dx, dg, db


def bn_with(dx=None, dg=None, db=None, **kw):
    """A solution with one part changed: each is a function of (x, gamma, dy, eps)."""
    def solution(x, gamma, dy, eps):
        r = bn_right(x, gamma, dy, eps)
        return ((dx or (lambda *a: r[0]))(x, gamma, dy, eps),
                (dg or (lambda *a: r[1]))(x, gamma, dy, eps),
                (db or (lambda *a: r[2]))(x, gamma, dy, eps))
    return solution


def bn_general(axis=1, ddof=0, eps_at="inside", paths="both", gam=True, reduce="mean"):
    def dx(x, gamma, dy, eps):
        mu = x.mean(axis=axis, keepdims=True)
        var = x.var(axis=axis, keepdims=True, ddof=ddof)
        inv = {"inside": 1 / np.sqrt(var + eps), "outside": 1 / (np.sqrt(var) + eps),
               "none": 1 / np.sqrt(var)}[eps_at]
        xh, gh = (x - mu) * inv, (gamma * dy if gam else dy)
        red = (lambda a: a.mean(axis=axis, keepdims=True)) if reduce == "mean" else \
            (lambda a: a.sum(axis=axis, keepdims=True))
        out = gh
        if paths in ("both", "mean"):
            out = out - red(gh)
        if paths in ("both", "variance"):
            out = out - xh * red(gh * xh)
        return inv * out
    return dx


def bn_xhat(x):
    return (x - x.mean(1, keepdims=True)) / np.sqrt(x.var(1, keepdims=True) + 1e-5)


BN_RIGHT = [bn_right, bn_chain, bn_loops]
BN_MUTANTS = [
    (bn_with(dx=bn_general(paths="none")), "stats-constant", "treats μ and v as constants"),
    (bn_with(dx=bn_general(paths="variance")), "mean-path-missing",
     "the path through the mean μ is missing"),
    (bn_with(dx=bn_general(paths="mean")), "variance-path-missing",
     "the path through the variance v is missing"),
    (bn_with(dx=bn_general(reduce="sum")), "sums-not-means", "not sums"),
    (lambda x, g, dy, eps: (bn_general(axis=0)(x, g, dy, eps), bn_right(x, g, dy, eps)[1],
                            dy.sum(1)), "wrong-axis", "which is layer normalisation"),
    (bn_with(dx=bn_general(gam=False)), "no-gamma", "the factor γ is missing in x̄"),
    (bn_with(dx=bn_general(ddof=1)), "unbiased-variance", "not the unbiased 1/(m − 1)"),
    (bn_with(dx=bn_general(eps_at="none")), "eps-missing", "ε is missing"),
    (bn_with(dx=bn_general(eps_at="outside")), "eps-outside",
     "ε goes inside the square root"),
    (bn_with(dg=lambda x, g, dy, eps: (dy * x).sum(1)), "gamma-uses-x",
     "you used x."),
    (bn_with(dg=lambda x, g, dy, eps: (dy * (x - x.mean(1, keepdims=True))).sum(1)),
     "centred-not-scaled", "without dividing by √(v + ε)"),
    (bn_with(dg=lambda x, g, dy, eps: dy * bn_xhat(x)), "gamma-not-summed",
     "grad_gamma has shape (3, 5) but must have shape (3, 1)"),
    (bn_with(db=lambda x, g, dy, eps: dy), "beta-not-summed",
     "grad_beta has shape (3, 5) but must have shape (3, 1)"),
    (bn_with(dg=lambda x, g, dy, eps: (dy * bn_xhat(x)).mean(1),
             db=lambda x, g, dy, eps: dy.mean(1)), "divided-by-m",
     "sums over the samples, not means"),
    (bn_with(dx=lambda x, g, dy, eps: bn_right(x, g, dy, eps)[0].T), "shape",
     "grad_x has shape (5, 3) but must have shape (3, 5)"),
    (lambda x, g, dy, eps: bn_right(x, g, dy, eps)[:2], "returns", "must return 3 arrays"),
]

register(EX, [(f.__name__, f) for f in BN_RIGHT], BN_MUTANTS)
