"""The batched gradient of a dense network: backprop_core against PyTorch (CPU), and GFLOP/s.

Network 784-256-256-10, relu, relu, softmax output, softmax cross-entropy (mean over the
batch), the same weights and the same samples on both sides. What is timed, per call:

- ``core``:    ``Network.gradients(x, y)``: forward, backward, ∂C/∂W^l and ∂C/∂b^l for all l
               (samples are columns: x has shape (784, m)); x, W^l and b^l are handed over
               in the dtype of the row (the network is made of ``Dense(W, b, ...)`` layers).
- ``lean``:    the same math written directly in numpy in the requested dtype, no checks
               (what numpy can do with these shapes; it is not part of the package).
- ``torch``:   forward, ``F.cross_entropy``, ``torch.autograd.grad`` w.r.t. the six
               parameters (samples are rows, torch's own layout: x has shape (m, 784)).
- ``matmul``:  only numpy's matrix products of the same shapes as the gradient's: forward
               W^l a^{l-1}, backward δ^l (a^{l-1})ᵀ and (W^l)ᵀ δ^l for l >= 2. The limit.

Before timing, every gradient is checked equal to torch's with np.allclose (float64:
rtol 1e-9, atol 1e-12; float32: rtol 1e-3, atol 1e-5).

FLOPs (multiply-adds counted as 2) of the matrix products only:
  forward Σ_l 2 m n_{l-1} n_l, backward 2 m n_{l-1} n_l for ∂C/∂W^l (all l) and for
  (W^l)ᵀ δ^l (l >= 2). The elementwise work (activations, softmax, bias) is not counted.
"""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

import os

import harness  # benchmarks/harness.py (the script's folder is on sys.path)
import numpy as np
import torch
import torch.nn.functional as F
from dense_net import ACTS, LOSS, SIZES, core_network, flops, make_data

from backprop_core.networks.network import Network

QUICK = os.environ.get("BENCH_QUICK") == "1"
BATCHES = [1, 32, 256] if QUICK else [1, 32, 256, 1024]
ROUNDS = 5 if QUICK else 21
TOL = {np.float64: dict(rtol=1e-9, atol=1e-12), np.float32: dict(rtol=1e-3, atol=1e-5)}
# The targets (issue 20): at batch 1, core <= 1.5x torch; at batch >= 256, core <= 1.0x torch
# and >= 90% of the matmul limit.
TARGET_ONE, TARGET_BIG, TARGET_LIMIT = 1.5, 1.0, 0.90


def target(m: int, ratio: float, of_limit: float) -> str | None:
    """'yes' or 'NO' for a batch the targets speak of, None for the others."""
    if m == 1:
        return "yes" if ratio <= TARGET_ONE else "NO"
    if m >= 256:
        return "yes" if ratio <= TARGET_BIG and of_limit >= TARGET_LIMIT else "NO"
    return None


def lean_gradients(Ws, bs, x, y):
    """Forward and backward in plain numpy (relu, relu, softmax + cross-entropy), no checks."""
    m = x.shape[1]
    a = [x]
    for W, b in zip(Ws[:-1], bs[:-1], strict=True):
        z = W @ a[-1]
        z += b[:, None]
        np.maximum(z, 0, out=z)  # relu in place: a^l = max(z^l, 0); relu' = (a^l > 0)
        a.append(z)
    z = Ws[-1] @ a[-1]
    z += bs[-1][:, None]
    z -= z.max(axis=0, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=0, keepdims=True)
    delta = z - y  # δ^L = softmax(z^L) - y
    delta /= m  # the mean's 1/m, once, on the smallest array
    dWs, dbs = [], []
    for l in range(len(Ws) - 1, -1, -1):
        dWs.append(delta @ a[l].T)
        dbs.append(delta.sum(axis=1))
        if l > 0:
            g = Ws[l].T @ delta
            g *= a[l] > 0
            delta = g
    return dWs[::-1], dbs[::-1]


def matmuls_only(Ws, x, deltas, acts):
    """The matrix products of the gradient, on arrays prepared outside the timed call."""
    a = x
    for W in Ws:
        a = W @ a
    for l in range(len(Ws) - 1, -1, -1):
        deltas[l] @ acts[l].T
        if l > 0:
            Ws[l].T @ deltas[l]


def torch_params(net: Network, dtype: type) -> list[torch.Tensor]:
    """[W^1, b^1, W^2, ...] as torch leaves (copies) in ``dtype``, requiring gradients."""
    tdtype = torch.float64 if dtype is np.float64 else torch.float32
    params = []
    for layer in net.layers:
        params += [torch.tensor(layer.W, dtype=tdtype, requires_grad=True),
                   torch.tensor(layer.b, dtype=tdtype, requires_grad=True)]
    return params


def torch_gradients(params: list[torch.Tensor], xt: torch.Tensor, labels: torch.Tensor):
    """Forward (samples are rows), mean cross-entropy, gradients w.r.t. every parameter."""
    h = xt
    for i in range(0, len(params) - 2, 2):
        h = F.relu(F.linear(h, params[i], params[i + 1]))
    logits = F.linear(h, params[-2], params[-1])
    loss = F.cross_entropy(logits, labels)
    return torch.autograd.grad(loss, params)


def check_equal(net, Ws, bs, tparams, x, y, xt, labels, dtype) -> np.dtype:
    """Raise SystemExit unless core's and lean's gradients equal torch's; core's dtype."""
    tg = [g.numpy() for g in torch_gradients(tparams, xt, labels)]
    cg = net.gradients(x, y)
    lw, lb = lean_gradients(Ws, bs, x, y)
    for l in range(1, len(SIZES)):
        for name, ours, theirs in (
            (f"core dW^{l}", cg.dW[l], tg[2 * l - 2]),
            (f"core db^{l}", cg.db[l], tg[2 * l - 1]),
            (f"lean dW^{l}", lw[l - 1], tg[2 * l - 2]),
            (f"lean db^{l}", lb[l - 1], tg[2 * l - 1]),
        ):
            if not np.allclose(ours, theirs, **TOL[dtype]):
                err = np.max(np.abs(ours - theirs))
                raise SystemExit(f"{name} differs from torch ({dtype.__name__}, "
                                 f"m={x.shape[1]}): max abs difference {err:.3g}")
    return cg.dW[1].dtype


def measure(
    net64: Network, dtype: type, m: int, rng: np.random.Generator
) -> tuple[harness.Timing, np.dtype]:
    """Check the gradients equal, then time core, lean, torch and the matmul-only limit;
    also return the dtype backprop_core computed in."""
    net = core_network(net64, dtype)
    Ws = [layer.W.astype(dtype) for layer in net64.layers]
    bs = [layer.b.astype(dtype) for layer in net64.layers]
    tparams = torch_params(net64, dtype)
    x, y = make_data(m, dtype, rng)
    xt = torch.from_numpy(np.ascontiguousarray(x.T))  # (m, 784): torch's layout
    labels = torch.from_numpy(y.argmax(axis=0))
    core_dtype = check_equal(net, Ws, bs, tparams, x, y, xt, labels, dtype)

    acts = [x]  # what the limit multiplies: arrays of the gradient's shapes, made up front
    for W in Ws[:-1]:
        acts.append(np.maximum(W @ acts[-1], 0))
    deltas = [np.ones((W.shape[0], m), dtype=dtype) for W in Ws]

    timing = harness.interleaved(
        {
            "core": lambda: net.gradients(x, y),
            "lean": lambda: lean_gradients(Ws, bs, x, y),
            "torch": lambda: torch_gradients(tparams, xt, labels),
            "matmul": lambda: matmuls_only(Ws, x, deltas, acts),
        },
        rounds=ROUNDS,
    )
    return timing, core_dtype


def main() -> None:
    n = harness.bench_threads()
    harness.set_threads(n)
    print(f"\n## Dense gradient {'-'.join(map(str, SIZES))}: backprop_core vs PyTorch, "
          f"{n} thread(s)\n")
    print("```text\n" + harness.machine_header() + "\n```")

    net = Network.from_sizes(SIZES, ACTS, LOSS, seed=0)
    rng = np.random.default_rng(1)
    rows_ratio, rows_flops = [], []
    missed = []
    for dtype in (np.float64, np.float32):
        for m in BATCHES:
            t, core_dtype = measure(net, dtype, m, rng)
            ratio = t.ratio("core", "torch")
            of_limit = t.ratio("matmul", "core")  # the limit's time over core's, per round
            met = target(m, ratio, of_limit)
            if met == "NO":
                missed.append(f"{dtype.__name__} m={m} ({ratio:.2f}x torch, {of_limit:.0%} "
                              f"of the limit)")
            rows_ratio.append([
                dtype.__name__, m, core_dtype, harness.fmt_time(t.median("core")),
                harness.fmt_time(t.median("lean")), harness.fmt_time(t.median("torch")),
                f"{ratio:.2f}", f"{t.ratio('lean', 'torch'):.2f}", met or "-",
                f"{max(t.spread(k) for k in t.names):.0%}",
            ])
            f = flops(m)
            gf = {k: f / t.median(k) / 1e9 for k in t.names}
            rows_flops.append([
                dtype.__name__, m, f"{f / 1e6:.1f}",
                f"{gf['matmul']:.1f}", f"{gf['core']:.1f}", f"{gf['lean']:.1f}",
                f"{gf['torch']:.1f}", f"{of_limit:.0%}", f"{t.ratio('matmul', 'lean'):.0%}",
                f"{t.ratio('matmul', 'torch'):.0%}",
            ])

    harness.table(
        f"Batched gradient, core / torch ({n} thread(s))",
        harness.how_timed(ROUNDS) + """ Gradients checked equal to torch's first
(np.allclose). `core dtype` is the dtype backprop_core computed in. Targets: core/torch
<= 1.5 at batch 1; at batch >= 256, core/torch <= 1.0 and core at >= 90% of the matmul
limit (next table). `noise` is the largest relative interquartile range of the four.""",
        ["dtype", "batch", "core dtype", "core", "lean numpy", "torch", "core/torch",
         "lean/torch", "target", "noise"],
        rows_ratio,
    )
    harness.table(
        f"Achieved GFLOP/s of the gradient vs numpy's matrix products ({n} thread(s))",
        """GFLOP/s = FLOPs of the gradient's matrix products (forward + backward, multiply-add
= 2) / median time. `matmul` times only numpy's matrix products of those same shapes (the
limit on this machine); the last three columns are fractions of that limit, as medians of
the within-round ratios (like core/torch).""",
        ["dtype", "batch", "MFLOP", "matmul", "core", "lean numpy", "torch", "core/limit",
         "lean/limit", "torch/limit"],
        rows_flops,
    )
    noisy = [f"{r[0]} m={r[1]}" for r in rows_ratio if float(r[-1].rstrip("%")) > 50]
    if noisy:
        print(f"\nNoise above 50% (interquartile range / median) for {', '.join(noisy)}: "
              "the machine was busy; those ratios are unreliable.")
    goals = (f"core <= {TARGET_ONE}x torch at batch 1; <= {TARGET_BIG}x torch and >= "
             f"{TARGET_LIMIT:.0%} of the matmul limit at batch >= 256")
    if missed:
        print(f"\nTargets ({goals}) NOT met for: {', '.join(missed)}")
    else:
        print(f"\nTargets ({goals}) met for every case.")


if __name__ == "__main__":
    main()
