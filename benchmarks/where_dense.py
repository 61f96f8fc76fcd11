"""Where the core's batched gradient spends the time the lean numpy version does not.

Not run by `make bench`; run it by hand when the dense table misses its target:

    OPENBLAS_NUM_THREADS=1 .venv-bench/bin/python benchmarks/where_dense.py 256 float32

784-256-256-10 as in bench_dense.py, one process, interleaved rounds (harness.interleaved),
ratios as medians of the within-round ratios. Three tables:

1. **Each check left out**, one at a time (patched out for that call only): what the check
   costs, as core-without-it / core. Leaving one out is only for timing: every check stays.
2. **The arithmetic**: lean numpy (a^l written over z^l, δ^L scaled by 1/m once), the same
   math keeping z^l and a^l apart and δ^l per sample with ∂C/∂W^l divided by m (what the
   core's API returns), the core's two passes without any check (``column_forward`` and
   ``column_backward``, on the z^l and a^l of the last call), the core as before it kept
   z^l and a^l from call to call (``Network.gradients``: made anew every call), and the core:
   which part of the gap is the arithmetic the API asks for and which is the checks and the
   cost.
3. **Page faults per call** (``ru_minflt``) of lean numpy, the core with z^l and a^l made anew
   and the core, in a process whose allocation history is the benchmark's (the same data
   made the same way): memory that the C library gave back to the system after a call and
   that the next call touches again.
"""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

import argparse
import resource
from collections.abc import Callable

import bench_dense
import harness  # benchmarks/harness.py (the script's folder is on sys.path)
import numpy as np
from dense_net import ACTS, LOSS, SIZES, core_network, make_data

from backprop_core.networks import bounds, layers, network
from backprop_core.networks.network import Network, column_backward, column_forward


def kept_apart(Ws, bs, x, y):
    """The lean math, but z^l and a^l kept as two arrays, δ^l per sample and ∂C/∂W^l
    divided by m: what the core returns, without its checks and without the cost."""
    m = x.shape[1]
    a, zs = [x], []
    for W, b in zip(Ws[:-1], bs[:-1], strict=True):
        z = W @ a[-1]
        z += b[:, None]
        zs.append(z)
        a.append(np.maximum(z, 0.0))
    z = Ws[-1] @ a[-1]
    z += bs[-1][:, None]
    s = z - z.max(axis=0, keepdims=True)
    np.exp(s, out=s)
    s /= s.sum(axis=0, keepdims=True)
    delta = s - y
    dWs, dbs, deltas = [], [], []
    for l in range(len(Ws) - 1, -1, -1):
        dW = np.dot(delta, a[l].T)
        dW /= m
        dWs.append(dW)
        dbs.append(delta.sum(axis=1) / m)
        deltas.append(delta)
        if l > 0:
            g = Ws[l].T @ delta
            g *= zs[l - 1] > 0
            delta = g
    return dWs, dbs, deltas, zs, a


def without(net: Network, x: np.ndarray, y: np.ndarray, module: object, name: str,
            stand_in: object) -> Callable[[], object]:
    """net.gradients(x, y) with ``module.name`` replaced by ``stand_in`` for the call."""
    def run() -> object:
        real = getattr(module, name)
        setattr(module, name, stand_in)
        try:
            return net.gradients(x, y)
        finally:
            setattr(module, name, real)
    return run


def faults(fn: Callable[[], object], calls: int = 20) -> float:
    """Minor page faults per call of ``fn``, after one call to warm up."""
    fn()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(calls):
        fn()
    return (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("batch", type=int)
    parser.add_argument("dtype", choices=["float64", "float32"])
    parser.add_argument("--rounds", type=int, default=21)
    args = parser.parse_args()
    n = harness.bench_threads()
    harness.set_threads(n)
    dtype, m = getattr(np, args.dtype), args.batch
    print("```text\n" + harness.machine_header() + "\n```")
    rng = np.random.default_rng(1)
    # the benchmark's allocation history before this case: float64 batches, then float32
    for kind in (np.float64, np.float32):
        for smaller in (1, 32, 256, 1024):
            if (kind, smaller) == (dtype, m):
                break
            make_data(smaller, kind, rng)
        if kind is dtype:
            break
    net = core_network(Network.from_sizes(SIZES, ACTS, LOSS, seed=0), dtype)
    x, y = make_data(m, dtype, rng)
    Ws = [layer.W for layer in net.layers]
    bs = [layer.b for layer in net.layers]
    norms = bounds.parameter_norms(net.layers)
    with np.errstate(all="ignore"):
        z, a = column_forward(net.layers, x)
    proved = bounds.forward_bounds(net.layers, norms, float(np.sum(x.astype(float) ** 2)), z, a)

    def no_division(self: layers.Dense, delta: np.ndarray, a_prev: np.ndarray) -> object:
        return np.dot(delta, a_prev.T), delta.sum(axis=1) / delta.shape[1]

    checks = {
        "core": lambda: net.gradients(x, y),
        "without the check of x": without(net, x, y, layers, "sum_of_squares", lambda _: 1.0),
        "without the parameters' norms": without(net, x, y, network, "parameter_norms",
                                                 lambda _: norms),
        "without the forward bounds": without(net, x, y, network, "forward_bounds",
                                              lambda *_: proved),
        "without the backward bounds": without(net, x, y, network, "gradients_finite",
                                               lambda *_: True),
        "without the cost C": without(net, x, y, network, "checked_loss_value",
                                      lambda *_: 0.0),
        "without ∂C/∂W^l / m": without(net, x, y, layers.Dense, "parameter_gradients",
                                       no_division),
    }
    t = harness.interleaved(checks, rounds=args.rounds)
    harness.table(
        f"Each check left out, {args.dtype}, batch {m}", harness.how_timed(args.rounds),
        ["call", "median", "/ core", "noise"],
        [[k, harness.fmt_time(t.median(k)), f"{t.ratio(k, 'core'):.3f}", f"{t.spread(k):.0%}"]
         for k in checks],
    )

    spare = column_forward(net.layers, x)

    def passes() -> object:
        zs, acts = column_forward(net.layers, x, spare)  # over the last call's, as the core
        return column_backward(net.layers, net.loss, zs, acts, y)

    def core_new_arrays() -> object:
        net._spare = None  # as before the reuse: z^l and a^l made anew in every call
        return net.gradients(x, y)

    arithmetic = {
        "lean numpy": lambda: bench_dense.lean_gradients(Ws, bs, x, y),
        "z^l, a^l apart; δ^l per sample": lambda: kept_apart(Ws, bs, x, y),
        "core's passes, no checks": passes,
        "core, z^l and a^l new each call": core_new_arrays,
        "core": lambda: net.gradients(x, y),
    }
    t = harness.interleaved(arithmetic, rounds=args.rounds)
    harness.table(
        f"The arithmetic, {args.dtype}, batch {m}", harness.how_timed(args.rounds),
        ["call", "median", "/ lean", "noise"],
        [[k, harness.fmt_time(t.median(k)), f"{t.ratio(k, 'lean numpy'):.3f}",
          f"{t.spread(k):.0%}"] for k in arithmetic],
    )
    harness.table(
        f"Minor page faults per call, {args.dtype}, batch {m}",
        "Counted over 20 calls after one to warm up (getrusage ru_minflt).",
        ["call", "faults per call"],
        [[k, f"{faults(arithmetic[k]):.0f}"]
         for k in ("lean numpy", "core, z^l and a^l new each call", "core")],
    )


if __name__ == "__main__":
    main()
