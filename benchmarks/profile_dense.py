"""Where backprop_core's batched gradient spends its time: cProfile of Network.gradients.

Not run by `make bench`; run it by hand when the dense table misses its target:

    OPENBLAS_NUM_THREADS=1 .venv-bench/bin/python benchmarks/profile_dense.py 256 float32

It prints the dtype of every array the forward and backward passes made, then the functions
with the most time of their own over repeated calls (784-256-256-10 as in bench_dense.py;
a matrix product `@` is charged to the function whose line computes it). For a sampling
profile with numpy's and OpenBLAS's C frames, loop without cProfile under py-spy:

    OPENBLAS_NUM_THREADS=1 .venv-bench/bin/py-spy record --native --format raw -o /tmp/p.txt \\
        -- .venv-bench/bin/python benchmarks/profile_dense.py 256 float32 --loop 10
    .venv-bench/bin/python benchmarks/profile_dense.py --summary /tmp/p.txt
"""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from collections import Counter

import harness  # benchmarks/harness.py (the script's folder is on sys.path)
import numpy as np
from dense_net import ACTS, LOSS, SIZES, core_network, make_data

from backprop_core.networks.network import Network


def summarize(raw: str, top: int = 12) -> None:
    """Self and inclusive shares of the frames in a py-spy raw file, within the gradient."""
    self_n: Counter[str] = Counter()
    incl_n: Counter[str] = Counter()
    total = 0
    with open(raw) as f:
        for line in f:
            stack, count = line.rstrip("\n").rsplit(" ", 1)
            frames = [fr.split(" (")[0] for fr in stack.split(";")]
            if "Network.gradients" not in frames:
                continue  # imports and set-up
            n = int(count)
            total += n
            self_n[frames[-1]] += n
            for fr in set(frames[frames.index("Network.gradients"):]):
                incl_n[fr] += n
    print(f"py-spy samples inside Network.gradients: {total}")
    print("\nself (the frame on top of the stack):")
    for name, n in self_n.most_common(top):
        print(f"  {n / total:6.1%}  {name}")
    print("\ninclusive (the frame anywhere below Network.gradients):")
    for name, n in incl_n.most_common(top + 8):
        if not name.startswith("0x"):
            print(f"  {n / total:6.1%}  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("batch", type=int, nargs="?", default=256)
    parser.add_argument("dtype", nargs="?", default="float32", choices=["float32", "float64"])
    parser.add_argument("--loop", type=float, metavar="SECONDS",
                        help="no cProfile: call the gradient for this long (for py-spy)")
    parser.add_argument("--summary", metavar="RAW", help="summarize a py-spy --format raw file")
    args = parser.parse_args()
    if args.summary:
        summarize(args.summary)
        return
    m, dtype = args.batch, np.dtype(args.dtype).type
    harness.set_threads(harness.bench_threads())
    net = core_network(Network.from_sizes(SIZES, ACTS, LOSS, seed=0), dtype)
    x, y = make_data(m, dtype, np.random.default_rng(1))

    g = net.gradients(x, y)
    cache = net.forward(x)
    print(f"input x: {x.dtype}; parameters handed over as {np.dtype(dtype).name}, stored as "
          + ", ".join(f"W^{layer.index} {layer.W.dtype}" for layer in net.layers))
    print("forward:  " + ", ".join(f"z^{l} {cache.z[l].dtype}" for l in sorted(cache.z)))
    print("backward: " + ", ".join(f"δ^{l} {g.delta[l].dtype}, dW^{l} {g.dW[l].dtype}"
                                   for l in sorted(g.dW)))

    if args.loop:
        end = time.perf_counter() + args.loop
        while time.perf_counter() < end:
            net.gradients(x, y)
        return
    calls = max(20, 20_000 // m)
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(calls):
        net.gradients(x, y)
    profile.disable()
    print(f"\ncProfile of {calls} calls of Network.gradients, batch {m}, "
          f"{np.dtype(dtype).name}, {harness.bench_threads()} thread(s):")
    pstats.Stats(profile).sort_stats("tottime").print_stats(14)


if __name__ == "__main__":
    main()
