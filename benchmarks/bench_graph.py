"""The scalar graph engine: backprop_core.engine.value.Value against micrograd (PyPI) on
the same graphs.

Both engines run the same Python function on their own ``Value`` class, with only
Value-Value operations (+, *, relu, ** 2), so both build the same nodes: constants are
leaves made up front, never Python floats (micrograd would turn each into an extra node,
backprop_core into an edge constant). The graphs:

- ``mlp``:   a micrograd-style MLP 4-16-16-1 (relu hidden, linear output) on a few samples,
             squared error summed over them: a few thousand nodes, wide and shallow;
- ``chain``: h ← relu(h·a_i + c_i), repeated: a long chain (depth 3 nodes per step).

Timed: ``forward`` builds the graph from the leaves (what each engine does in its
operators); ``backward`` is ``out.backward()`` on a graph built beforehand; ``total`` is
both in one call. Each sample is ONE call after a full garbage collection (``min_sample=0``):
micrograd's nodes hold reference cycles (each node's ``_backward`` closure refers to the
node), so a run of many calls in one sample would pile up cyclic garbage and time
micrograd's collector on it, more so the more calls a sample holds. Before timing, every
leaf gradient of both engines is checked equal (math.isclose, rel_tol 1e-12). micrograd's
backward recurses once per node of depth, so the recursion limit is raised for the chain.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable
from typing import Any

import harness  # benchmarks/harness.py (the script's folder is on sys.path)
import micrograd.engine
import numpy as np

from backprop_core.engine import value as graph

QUICK = os.environ.get("BENCH_QUICK") == "1"
ROUNDS = 9 if QUICK else 41
ONE_CALL = 0.0  # min_sample: one call per sample (see the module's docstring)
ENGINES: dict[str, Any] = {"core": graph.Value, "micrograd": micrograd.engine.Value}


def mlp_leaves(rng: np.random.Generator, sizes: list[int], n_samples: int) -> dict:
    """Plain floats: weights, biases, inputs and targets of the MLP workload."""
    layers = [(rng.uniform(-1, 1, (n_out, n_in)).tolist(), rng.uniform(-1, 1, n_out).tolist())
              for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)]
    xs = rng.uniform(-1, 1, (n_samples, sizes[0])).tolist()
    ys = rng.uniform(-1, 1, n_samples).tolist()
    return {"layers": layers, "xs": xs, "ys": ys}


def mlp_build(V: Any, spec: dict) -> tuple[Callable[[], Any], list[Any]]:
    """The leaves as ``V`` nodes, and a function building the loss graph from them."""
    layers = [([[V(w) for w in row] for row in W], [V(b) for b in bs]) for W, bs in spec["layers"]]
    xs = [[V(v) for v in x] for x in spec["xs"]]
    ys = [V(y) for y in spec["ys"]]
    params = [p for W, bs in layers for row in W for p in row] + [b for _, bs in layers
                                                                  for b in bs]

    def forward() -> Any:
        loss = None
        for x, y in zip(xs, ys, strict=True):
            h = x
            for i, (W, bs) in enumerate(layers):
                out = []
                for row, b in zip(W, bs, strict=True):
                    s = b
                    for w, v in zip(row, h, strict=True):
                        s = s + w * v
                    out.append(s.relu() if i < len(layers) - 1 else s)
                h = out
            err = (h[0] + y * minus_one) ** 2  # (ŷ - y)², with -1 a leaf like every constant
            loss = err if loss is None else loss + err
        return loss

    minus_one = V(-1.0)
    return forward, params


def chain_leaves(rng: np.random.Generator, steps: int) -> dict:
    return {"x": 0.5, "a": rng.uniform(0.9, 1.1, steps).tolist(),
            "c": rng.uniform(0.0, 0.1, steps).tolist()}


def chain_build(V: Any, spec: dict) -> tuple[Callable[[], Any], list[Any]]:
    x = V(spec["x"])
    a = [V(v) for v in spec["a"]]
    c = [V(v) for v in spec["c"]]

    def forward() -> Any:
        h = x
        for ai, ci in zip(a, c, strict=True):
            h = (h * ai + ci).relu()
        return h

    return forward, [x, *a, *c]


def count_nodes(out: Any) -> int:
    """Nodes reachable from ``out`` (micrograd's ``_prev`` or backprop_core's ``parents``)."""
    seen, stack = set(), [out]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.extend(node._prev if hasattr(node, "_prev") else node.parents)
    return len(seen)


def measure(name: str, build: Callable, spec: dict) -> list[str]:
    made = {e: build(V, spec) for e, V in ENGINES.items()}
    outs = {}
    for engine, (forward, params) in made.items():
        out = forward()
        out.backward()
        outs[engine] = (out, [p.grad for p in params])
    (core_out, core_g), (mg_out, mg_g) = outs["core"], outs["micrograd"]
    if not math.isclose(core_out.data, mg_out.data, rel_tol=1e-12):
        raise SystemExit(f"{name}: outputs differ: {core_out.data} vs {mg_out.data}")
    for i, (g1, g2) in enumerate(zip(core_g, mg_g, strict=True)):
        if not math.isclose(g1, g2, rel_tol=1e-12, abs_tol=1e-12):
            raise SystemExit(f"{name}: gradient of leaf {i} differs: {g1} vs {g2}")
    nodes = count_nodes(core_out)
    if nodes != count_nodes(mg_out):
        raise SystemExit(f"{name}: the graphs differ: {nodes} vs {count_nodes(mg_out)} nodes")

    def total(forward: Callable[[], Any]) -> None:
        forward().backward()

    (cf, _), (mf, _) = made["core"], made["micrograd"]
    t_fwd = harness.interleaved({"core": cf, "micrograd": mf}, ROUNDS, ONE_CALL,
                                gc_during=True)
    t_bwd = harness.interleaved({"core": core_out.backward, "micrograd": mg_out.backward},
                                ROUNDS, ONE_CALL, gc_during=True)
    t_tot = harness.interleaved({"core": lambda: total(cf), "micrograd": lambda: total(mf)},
                                ROUNDS, ONE_CALL, gc_during=True)
    row = [name, nodes]
    for t in (t_fwd, t_bwd, t_tot):
        row += [harness.fmt_time(t.median("core")), harness.fmt_time(t.median("micrograd")),
                f"{t.ratio('core', 'micrograd'):.2f}"]
    row.append(f"{t_tot.median('core') / nodes * 1e6:.2f} / "
               f"{t_tot.median('micrograd') / nodes * 1e6:.2f}")
    return row


def profile() -> None:
    """`bench_graph.py --profile`: cProfile of backprop_core's forward and backward (mlp)."""
    import cProfile
    import pstats

    forward, _ = mlp_build(graph.Value, mlp_leaves(np.random.default_rng(3), [4, 16, 16, 1], 5))
    out = forward()
    for what, fn in (("forward (build the graph)", forward), ("backward", out.backward)):
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(20):
            fn()
        prof.disable()
        print(f"\ncProfile of 20 calls of the mlp graph's {what}, backprop_core:")
        pstats.Stats(prof).sort_stats("tottime").print_stats(8)


def main() -> None:
    if "--profile" in sys.argv:
        profile()
        return
    n = harness.bench_threads()
    harness.set_threads(n)
    print("\n## Scalar graphs: backprop_core.engine.value.Value vs micrograd 0.1.0\n")
    print("```text\n" + harness.machine_header() + "\n```")
    rng = np.random.default_rng(3)
    steps = 500 if QUICK else 2000
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 3 * steps * 4 + 1000))
    rows = [
        measure("mlp 4-16-16-1 x5", mlp_build, mlp_leaves(rng, [4, 16, 16, 1], 5)),
        measure(f"chain x{steps}", chain_build, chain_leaves(rng, steps)),
    ]
    harness.table(
        "Scalar graph, forward and backward: core / micrograd",
        harness.how_timed(ROUNDS) + """ Python's garbage collector stays on while timing (making
many objects is part of the cost); a collection runs between samples, and each sample is
one call. `fwd`: build the graph;
`bwd`: backward on a built graph; `total`: both; the last column is total µs per node,
core / micrograd.""",
        ["graph", "nodes", "fwd core", "fwd micrograd", "fwd ratio", "bwd core",
         "bwd micrograd", "bwd ratio", "total core", "total micrograd", "total ratio",
         "µs/node"],
        rows,
    )


if __name__ == "__main__":
    main()
