"""Mutation tests of the checkers of the chapter "Every layer is a vector–Jacobian product":
plausible wrong solutions, each rejected with its own hint (its mistake code and its words);
correct solutions in several styles (vectorised, loops, the Jacobian formed per sample, the
dense matrix of a convolution, a step-by-step chain) pass; numerical gradients passed off
as a backward pass, changed inputs and wrong shapes are refused with what is wrong."""

# ruff: noqa: E731, ANN001, ANN202  (many tiny learner solutions, written as learners would)

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from backprop_core.practice import (
    batchnorm_vjp,
    bptt,
    check_batchnorm_vjp,
    check_bptt,
    check_conv1d_vjp,
    check_softmax_vjp,
    conv_vjp,
    softmax_vjp,
)

# -- softmax: softmax_vjp(s, grad_s) -> grad_z -------------------------------------------------


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
    (sm_finite_differences, "finite-differences", "this looks like a numerical gradient"),
    (sm_in_place, "changed-input", "changed its input argument number 2 in place"),
    (lambda s, g: s * g, "differs", "grad_z is wrong at entry (0, 0): yours is"),
    (lambda s, g: ..., "not-written", "not written yet"),
    (lambda s, g: (sm_right(s, g), s), "returns", "must return one array"),
    (lambda s, g: sm_right(s, g) * np.nan, "not-finite", "NaN or infinity"),
    (lambda s, g: s[5], "crash", "raised IndexError"),
    (lambda s, g: "grad_z", "not-numbers", "not an array of numbers"),
    (lambda s, g: sm_right(s, g).astype(np.float32), "low-precision", "holds float32 numbers"),
]

# -- batch normalisation: batchnorm_vjp(x, gamma, grad_y, eps) -> (dx, dgamma, dbeta) -----------


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

# -- convolution: conv1d_vjp(x, w, grad_y) -> (dx, dw, db) --------------------------------------


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
    (conv_with(dx=lambda x, w, g: conv_scatter(x, w, g)[0] * 2), "differs",
     "grad_x is wrong at entry"),
]

# -- BPTT: rnn_step_vjp(W, U, x, h, h_next, g) and bptt(W, U, X, H, G) --------------------------


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


# -- the tests -----------------------------------------------------------------------------------

def _ids(cases: list[tuple[Any, ...]]) -> list[str]:
    return [f"{i}-{case[-2]}" for i, case in enumerate(cases)]


@pytest.mark.parametrize("solution", SOFTMAX_RIGHT, ids=lambda f: f.__name__)
def test_correct_softmax_solutions_pass(solution: Callable[..., Any],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    report = check_softmax_vjp(solution)
    assert report.ok and report.mistake == "", str(report)
    assert "right" in capsys.readouterr().out


@pytest.mark.parametrize(("mutant", "mistake", "words"), SOFTMAX_MUTANTS, ids=_ids(SOFTMAX_MUTANTS))
def test_softmax_mutants_get_their_own_hint(mutant: Callable[..., Any], mistake: str,
                                            words: str) -> None:
    report = check_softmax_vjp(mutant, quiet=True)
    assert (report.ok, report.mistake) == (False, mistake), str(report)
    assert words in str(report), str(report)


@pytest.mark.parametrize("solution", BN_RIGHT, ids=lambda f: f.__name__)
def test_correct_batchnorm_solutions_pass(solution: Callable[..., Any]) -> None:
    report = check_batchnorm_vjp(solution, quiet=True)
    assert report.ok, str(report)


@pytest.mark.parametrize(("mutant", "mistake", "words"), BN_MUTANTS, ids=_ids(BN_MUTANTS))
def test_batchnorm_mutants_get_their_own_hint(mutant: Callable[..., Any], mistake: str,
                                              words: str) -> None:
    report = check_batchnorm_vjp(mutant, quiet=True)
    assert (report.ok, report.mistake) == (False, mistake), str(report)
    assert words in str(report), str(report)


@pytest.mark.parametrize("solution", CONV_RIGHT, ids=lambda f: f.__name__)
def test_correct_convolution_solutions_pass(solution: Callable[..., Any]) -> None:
    report = check_conv1d_vjp(solution, quiet=True)
    assert report.ok, str(report)


@pytest.mark.parametrize(("mutant", "mistake", "words"), CONV_MUTANTS, ids=_ids(CONV_MUTANTS))
def test_convolution_mutants_get_their_own_hint(mutant: Callable[..., Any], mistake: str,
                                                words: str) -> None:
    report = check_conv1d_vjp(mutant, quiet=True)
    assert (report.ok, report.mistake) == (False, mistake), str(report)
    assert words in str(report), str(report)


@pytest.mark.parametrize(("step", "loop"), BPTT_RIGHT, ids=["vectorised", "einsum-deltas"])
def test_correct_bptt_solutions_pass(step: Callable[..., Any], loop: Callable[..., Any]) -> None:
    report = check_bptt(step, loop, quiet=True)
    assert report.ok, str(report)


@pytest.mark.parametrize(("step", "loop", "mistake", "words"), BPTT_MUTANTS, ids=_ids(BPTT_MUTANTS))
def test_bptt_mutants_get_their_own_hint(step: Callable[..., Any], loop: Callable[..., Any],
                                         mistake: str, words: str) -> None:
    report = check_bptt(step, loop, quiet=True)
    assert (report.ok, report.mistake) == (False, mistake), str(report)
    assert words in str(report), str(report)


@pytest.mark.parametrize(("check", "mutants", "hints"), [
    (lambda f: check_softmax_vjp(f, quiet=True), SOFTMAX_MUTANTS, softmax_vjp.HINTS),
    (lambda f: check_batchnorm_vjp(f, quiet=True), BN_MUTANTS, batchnorm_vjp.HINTS),
    (lambda f: check_conv1d_vjp(f, quiet=True), CONV_MUTANTS, conv_vjp.HINTS),
], ids=["softmax", "batchnorm", "conv1d"])
def test_every_mutant_reads_differently_and_every_hint_is_used(check, mutants, hints) -> None:
    texts = [str(check(m)) for m, _code, _words in mutants]
    assert len(set(texts)) == len(texts)
    codes = {code for _m, code, _w in mutants}
    assert set(hints) <= codes, sorted(set(hints) - codes)


def test_every_bptt_hint_is_used_by_a_mutant() -> None:
    codes = {code for *_f, code, _w in BPTT_MUTANTS}
    assert set(bptt.HINTS) <= codes, sorted(set(bptt.HINTS) - codes)
    texts = {str(check_bptt(s, b, quiet=True)) for s, b, _c, _w in BPTT_MUTANTS}
    assert len(texts) == len(BPTT_MUTANTS)


def test_a_tolerance_says_what_it_is() -> None:
    report = check_softmax_vjp(sm_right, quiet=True)
    assert "to a relative 1e-12" in str(report) and "relative error ≤ 1e-5" in str(report)
    fd = check_softmax_vjp(sm_finite_differences, quiet=True)
    assert "of its largest entry" in str(fd) and "An exact formula agrees to 1e-12" in str(fd)
