r"""Bugs in scalar gradients written by hand: the chain rule's sum over paths (chain-rule)
and the reverse sweep's adjoints, one sweep per input (computational-graph)."""

from __future__ import annotations

import numpy as np

from .hunt import Array, Hunt, Problem


def parallel_gradient(x: float, y: float) -> dict[str, float]:
    """∂r/∂x and ∂r/∂y for two resistors in parallel, r = p/s, p = x·y, s = x + y."""
    p = x * y
    s = x + y
    dr_dp = 1 / s                # r = p/s:  ∂r/∂p = 1/s
    dr_ds = -p / s**2            #           ∂r/∂s = −p/s²
    grad = {"x": 0.0, "y": 0.0}
    grad["x"] += dr_dp * y       # path x → p → r
    grad["y"] += dr_dp * x       # path y → p → r
    grad["x"] = dr_ds * 1        # path x → s → r
    grad["y"] += dr_ds * 1       # path y → s → r
    return grad


def parallel(x: float, y: float) -> float:
    """r = x·y / (x + y)."""
    return x * y / (x + y)


def _parallel_problem() -> Problem:
    x, y = 4.0, 6.0
    return Problem((x, y), {
        "x": (lambda v: parallel(float(v[0]), y), np.array([x])),
        "y": (lambda v: parallel(x, float(v[0])), np.array([y])),
    }, lambda grad: {name: [grad[name]] for name in ("x", "y")})


CHAIN_RULE = Hunt(
    chapter="chain-rule",
    function=parallel_gradient,
    problem=_parallel_problem,
    bug='grad["x"] = dr_ds',
    cause="assign-not-add",
    fix='`grad["x"] += dr_ds * 1`',
    explain="x reaches r along two paths, through p and through s, so ∂r/∂x is the sum of "
            "the two products; with `=` the second path's term replaces the first instead "
            "of adding to it. y passes because both of its lines add.",
    elsewhere="y passes the check, so every line that feeds y's gradient is right "
              "(dr_dp, dr_ds among them); look at the lines that write grad[\"x\"].",
    line_hints={'grad["x"] += dr_dp': "It adds x's first path, as it should; what "
                "happens to that term on a later line?"},
    rebuttals={"no-reset": "grad starts at 0 on every call; the problem is within one call"},
)


def gradients_at(points: list[tuple[float, float]]) -> list[tuple[float, float, float]]:
    """(o, ∂o/∂a, ∂o/∂b) for o = (a + b)·b at each point (a, b): one reverse sweep each."""
    grad = {"a": 0.0, "b": 0.0, "c": 0.0}     # the adjoints ∂o/∂node
    results = []
    for a, b in points:
        c = a + b                  # forward: c = a + b, o = c·b
        o = c * b
        grad["o"] = 1.0            # backward, from the top: ∂o/∂o = 1
        grad["c"] += b * grad["o"]     # o = c·b:    ∂o/∂c = b
        grad["b"] += c * grad["o"]     #             ∂o/∂b = c
        grad["a"] += 1 * grad["c"]     # c = a + b:  ∂c/∂a = 1
        grad["b"] += 1 * grad["c"]     #             ∂c/∂b = 1
        results.append((o, grad["a"], grad["b"]))
    return results


POINTS = ((1.0, 2.0), (0.5, -1.5), (2.0, 0.5))


def _graph_cost(v: Array) -> float:
    a, b = float(v[0]), float(v[1])
    return (a + b) * b


def _points_problem() -> Problem:
    costs = {f"point {k}": (_graph_cost, np.array(point))
             for k, point in enumerate(POINTS, start=1)}
    return Problem((list(POINTS),), costs,
                   lambda results: {f"point {k}": [da, db]
                                    for k, (_o, da, db) in enumerate(results, start=1)})


COMPUTATIONAL_GRAPH = Hunt(
    chapter="computational-graph",
    function=gradients_at,
    problem=_points_problem,
    bug="grad = {",
    cause="no-reset",
    fix="move `grad = {...}` into the loop, before `grad[\"o\"] = 1.0`",
    explain="The adjoints are set to 0 once, before the loop, so each sweep adds its terms "
            "to the sums of the sweeps before it: point 1 passes, every later point carries "
            "the earlier ones' gradients along. Each sweep must start from 0.",
    elsewhere="point 1 passes, so one sweep on its own is right: every local derivative and "
              "every `+=` in the loop is right. What differs for the later points?",
    line_hints={"+=": "The `+=` is right: b reaches o along two paths, so its adjoint is a "
                "sum. A sum must start from 0, though: when do the adjoints go back to 0?"},
    rebuttals={"assign-not-add": "the `+=` are right (b reaches o along two paths); `=` "
               "would lose a path at the first point already, which passes"},
)
