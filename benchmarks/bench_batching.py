"""Per-sample loop, 3-D per-sample tensor and one matrix product: time and peak memory.

Network 784-256-256-10 (relu, relu, softmax, softmax cross-entropy), float64. The gradient
of the mean cost over a batch of m samples, four ways, all from backprop_core:

- ``loop``:     m calls of ``Network.gradients`` on one sample (column) each, summed, / m;
- ``3-D``:      ``batching.per_sample_gradients`` (the tensor G^l[x, j, k] = δ^l_j a^{l-1}_k
                of shape (m, n_l, n_{l-1})), then ``.mean()`` over the samples;
- ``batched``:  ``batching.batch_gradients``: one matrix product Δ^l (A^{l-1})ᵀ per layer
                (samples as columns);
- ``rows``:     ``batching.batch_gradients(samples_as="rows")``: the same with samples as rows.

All four are checked equal (np.allclose, rtol 1e-9, atol 1e-12) before timing. Peak memory is
measured in a separate untimed call with tracemalloc (numpy reports its array allocations to
it): the peak of traced bytes during the call minus the bytes traced before it.
"""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

import os
import tracemalloc
from collections.abc import Callable

import harness  # benchmarks/harness.py (the script's folder is on sys.path)
import numpy as np
from dense_net import ACTS, LOSS, SIZES

from backprop_core.networks.batching import batch_gradients, per_sample_gradients
from backprop_core.networks.gradients import Gradients
from backprop_core.networks.network import Network

QUICK = os.environ.get("BENCH_QUICK") == "1"
BATCHES = [1, 32, 128] if QUICK else [1, 8, 32, 128, 512, 1024]
ROUNDS = 3 if QUICK else 7

Grads = tuple[dict[int, np.ndarray], dict[int, np.ndarray]]


def loop_gradients(net: Network, X: np.ndarray, Y: np.ndarray) -> Grads:
    """The mean gradient as a Python loop over samples, one ``Network.gradients`` each."""
    m = X.shape[1]
    dW = {l: np.zeros_like(layer.W) for l, layer in enumerate(net.layers, start=1)}
    db = {l: np.zeros_like(layer.b) for l, layer in enumerate(net.layers, start=1)}
    for i in range(m):
        g = net.gradients(X[:, i:i + 1], Y[:, i:i + 1])
        for l in dW:
            dW[l] += g.dW[l]
            db[l] += g.db[l]
    for l in dW:
        dW[l] /= m
        db[l] /= m
    return dW, db


def tensor_gradients(net: Network, X: np.ndarray, Y: np.ndarray) -> Gradients:
    return per_sample_gradients(net, X, Y).mean()


def as_pair(result: object) -> Grads:
    """(dW, db) of a way's result: a Gradients, or the loop's pair of dicts."""
    if isinstance(result, Gradients):
        return result.dW, result.db
    assert isinstance(result, tuple)
    return result


def peak_bytes(fn: Callable[[], object]) -> int:
    """Peak traced bytes allocated during one call of ``fn`` (above what was traced before)."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        result = fn()
        peak = tracemalloc.get_traced_memory()[1]
        del result
    finally:
        tracemalloc.stop()
    return peak - before


def main() -> None:
    n = harness.bench_threads()
    harness.set_threads(n)
    print(f"\n## Per-sample loop, 3-D per-sample tensor, one matrix product "
          f"({'-'.join(map(str, SIZES))}, float64, {n} thread(s))\n")
    print("```text\n" + harness.machine_header() + "\n```")

    net = Network.from_sizes(SIZES, ACTS, LOSS, seed=0)
    rng = np.random.default_rng(2)
    time_rows, mem_rows = [], []
    for m in BATCHES:
        X = rng.standard_normal((SIZES[0], m))
        Y = np.zeros((SIZES[-1], m))
        Y[rng.integers(0, SIZES[-1], size=m), np.arange(m)] = 1
        X_rows, Y_rows = X.T.copy(), Y.T.copy()
        ways: dict[str, Callable[[], object]] = {
            "loop": lambda X=X, Y=Y: loop_gradients(net, X, Y),
            "3-D": lambda X=X, Y=Y: tensor_gradients(net, X, Y),
            "batched": lambda X=X, Y=Y: batch_gradients(net, X, Y),
            "rows": lambda X=X_rows, Y=Y_rows: batch_gradients(net, X, Y, "rows"),
        }
        ref = batch_gradients(net, X, Y)
        ref_W, ref_b = ref.dW, ref.db
        for name, fn in ways.items():
            dW, db = as_pair(fn())
            for l in ref_W:
                if not (np.allclose(dW[l], ref_W[l], rtol=1e-9, atol=1e-12)
                        and np.allclose(db[l], ref_b[l], rtol=1e-9, atol=1e-12)):
                    raise SystemExit(f"{name} gradient of layer {l} differs from batched, m={m}")
        peaks = {name: peak_bytes(fn) for name, fn in ways.items()}
        tensor_bytes = per_sample_gradients(net, X, Y).nbytes

        t = harness.interleaved(ways, rounds=ROUNDS)
        time_rows.append([
            m, *(harness.fmt_time(t.median(k)) for k in ways),
            f"{t.ratio('loop', 'batched'):.1f}", f"{t.ratio('3-D', 'batched'):.1f}",
            f"{t.ratio('rows', 'batched'):.2f}",
            harness.fmt_time(t.median("batched") / m),
        ])
        mem_rows.append([
            m, *(harness.fmt_bytes(peaks[k]) for k in ways),
            harness.fmt_bytes(tensor_bytes), f"{peaks['3-D'] / max(peaks['batched'], 1):.0f}",
        ])

    harness.table(
        "Time of the mean gradient over a batch: loop, 3-D tensor, one matrix product",
        harness.how_timed(ROUNDS) + " The ratios are each way's time over `batched`; the last"
        " column is `batched` per sample.",
        ["batch", "loop", "3-D", "batched", "rows", "loop/batched", "3-D/batched",
         "rows/batched", "batched per sample"],
        time_rows,
    )
    harness.table(
        "Peak memory of the same calls (tracemalloc)",
        """Peak bytes traced by tracemalloc during one call (numpy array allocations
included), above the bytes traced before the call. `3-D tensors` is the size of the
per-sample weight and bias gradients alone (Gradients.nbytes);
the last column is 3-D peak / batched peak.""",
        ["batch", "loop", "3-D", "batched", "rows", "3-D tensors", "3-D/batched"],
        mem_rows,
    )


if __name__ == "__main__":
    main()
