"""Specs of backprop_core.checks' numerical helpers (see support/contract.py): relative
tolerances, verdicts, relu kinks, spot checks, a difference's error against its step."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from backprop_core.checks import answers, kinks, spot, step_size, verdicts
from backprop_core.networks.network import Network
from support.contract import Spec

from .common import NET_SAYS, XY_SAYS, X, Y


def relu_net() -> Network:
    """2 inputs, 3 relu neurons, 1 sigmoid output."""
    return Network.from_sizes([2, 3, 1], ["relu", "sigmoid"], seed=1)


def _check_within(args: dict[str, Any], result: Any) -> None:
    inside, text = result
    value, expected = float(args["value"]), float(args["expected"])
    bound = max(float(args["rel_tol"]) * abs(expected), float(args["abs_tol"]))
    assert inside == (abs(value - expected) <= bound)
    assert text.startswith("within") or text == "exactly"


def _check_verdict(args: dict[str, Any], result: str) -> None:
    r = float(args["rel_error"])
    assert result == ("right" if r <= verdicts.RIGHT_BELOW else
                      "wrong" if r > verdicts.WRONG_ABOVE else "look closer")


def _check_kink(args: dict[str, Any], result: kinks.Kink) -> None:
    z = args["net"].forward(args["X"]).z[result.layer]
    assert result.z == z[result.neuron - 1, result.sample]
    assert abs(result.z) == np.abs(z).min()


def _check_crossed(args: dict[str, Any], result: list[kinks.Kink]) -> None:
    net, index, h = args["net"], int(args["index"]), float(args["h"])
    theta = net.get_params()
    for kink in result:  # each one changes sign between θ ± h·e_index
        signs = []
        for sign in (1.0, -1.0):
            moved = net.copy()
            p = theta.copy()
            p[index] += sign * h
            moved.set_params(p)
            signs.append(moved.forward(args["X"]).z[kink.layer][kink.neuron - 1, kink.sample] > 0)
        assert signs[0] != signs[1]


def _check_uniform(args: dict[str, Any], result: np.ndarray) -> None:
    n, k = int(args["n_params"]), int(args["k"])
    assert result.size == k == np.unique(result).size
    assert result.min() >= 0 and result.max() < n


def _check_miss(args: dict[str, Any], result: float) -> None:
    n, b, k = int(args["n_params"]), int(args["n_wrong"]), int(args["k"])
    exact = math.comb(n - b, k) / math.comb(n, k) if k <= 60 and n <= 10**4 else None
    assert 0.0 <= result <= 1.0
    if exact is not None:
        assert math.isclose(result, exact, rel_tol=1e-9, abs_tol=1e-300)


def _check_spot(args: dict[str, Any], result: spot.SpotCheck) -> None:
    grad = args["net"].gradients(args["X"], args["Y"]).flat()
    np.testing.assert_array_equal(result.analytic, grad[result.indices])
    assert result.ok == bool(np.all(result.rel_errors <= result.tolerance))


def _check_difference(args: dict[str, Any], result: Any) -> None:
    value, eps = result
    assert eps == float(np.finfo(args["dtype"]).eps)
    x, h = float(args["x"]), float(args["h"])
    if args["dtype"] == "float64" and 1e-6 <= h <= 1e-2 and abs(x) < 10:
        assert abs(value - 3 * x * x) <= 10 * h + 1e-6  # f = x³, f'(x) = 3x²


def _cube(v: Any) -> Any:
    return v * v * v


SPECS: list[Spec] = [
    Spec("answers.within", (answers.within, answers.describe_tolerance),
         lambda value, expected, rel_tol, abs_tol: (
             answers.within(value, expected, rel_tol, abs_tol),
             answers.describe_tolerance(rel_tol, abs_tol)),
         lambda: {"value": 2.51, "expected": 2.5, "rel_tol": 0.01, "abs_tol": 1e-9},
         {"value": "real", "expected": "real", "rel_tol": "real", "abs_tol": "real"},
         check=_check_within),
    Spec("verdicts.verdict", (verdicts.verdict,), verdicts.verdict,
         lambda: {"rel_error": 1e-9}, {"rel_error": "custom"}, check=_check_verdict,
         extra={"rel_error": (None, "1e-3", math.nan, -1.0, 0, 1e-8, 1e-3, 1.0, 1e308,
                              True, [1e-3], -math.inf)}),
    Spec("kinks.nearest_kink", (kinks.nearest_kink, kinks.Kink), kinks.nearest_kink,
         lambda: {"net": relu_net(), "X": X.copy()}, {"net": "object", "X": "array"},
         says={**XY_SAYS, "net": (*NET_SAYS, "relu")}, check=_check_kink),
    Spec("kinks.crossed_kinks", (kinks.crossed_kinks,), kinks.crossed_kinks,
         lambda: {"net": relu_net(), "X": X.copy(), "index": 0, "h": 0.5},
         {"net": "object", "X": "array", "index": "index", "h": "rate"},
         says=XY_SAYS, check=_check_crossed),
    Spec("spot.blocks", (spot.blocks, spot.per_block_indices),
         lambda net, k, seed: (spot.blocks(net), spot.per_block_indices(net, k, seed)),
         lambda: {"net": relu_net(), "k": 2, "seed": 0},
         {"net": "object", "k": "count", "seed": "seed"}, says={"net": NET_SAYS}),
    Spec("spot.uniform_indices", (spot.uniform_indices,), spot.uniform_indices,
         lambda: {"n_params": 17, "k": 4, "seed": 0},
         {"n_params": "count", "k": "count", "seed": "seed"}, check=_check_uniform),
    Spec("spot.miss_probability", (spot.miss_probability,), spot.miss_probability,
         lambda: {"n_params": 17, "n_wrong": 3, "k": 4},
         {"n_params": "count", "n_wrong": "steps", "k": "steps"}, check=_check_miss),
    Spec("spot.spot_check", (spot.spot_check, spot.SpotCheck, spot.SpotCheck.ok,
                             spot.SpotCheck.worst),
         lambda net, X, Y, indices, h, tolerance: (lambda r: (r, r.ok, r.worst))(
             spot.spot_check(net, X, Y, indices, h=h, tolerance=tolerance)),
         lambda: {"net": relu_net(), "X": X.copy(), "Y": Y.copy(), "indices": [0, 3, 12],
                  "h": 1e-6, "tolerance": 1e-5},
         {"net": "object", "X": "array", "Y": "array", "indices": "selection", "h": "rate",
          "tolerance": "real"},
         says={**XY_SAYS, "h": ("h", "step")}, check=lambda a, r: _check_spot(a, r[0])),
    Spec("step_size.difference", (step_size.difference, step_size.epsilon),
         lambda f, x, h, scheme, dtype: (step_size.difference(f, x, h, scheme, dtype),
                                         step_size.epsilon(dtype)),
         lambda: {"f": _cube, "x": 0.5, "h": 1e-4, "scheme": "centred", "dtype": "float64"},
         {"f": "callable", "x": "real", "h": "rate", "scheme": "name", "dtype": "name"},
         check=_check_difference),
    Spec("step_size.step_errors", (step_size.step_errors,), step_size.step_errors,
         lambda: {"f": _cube, "slope": 0.75, "x": 0.5, "steps": np.array([1e-6, 1e-4, 1e-2]),
                  "scheme": "one-sided", "dtype": "float32"},
         {"f": "callable", "slope": "real", "x": "real", "steps": "array", "scheme": "name",
          "dtype": "name"}, says={"slope": ("slope",)}),
    Spec("step_size.model_error", (step_size.model_error, step_size.best_step),
         lambda steps, scheme, eps, size, curvature, slope: (
             step_size.model_error(steps, scheme, eps=eps, size=size, curvature=curvature,
                                   slope=slope),
             step_size.best_step(scheme, eps=eps, size=size, curvature=curvature)),
         lambda: {"steps": np.array([1e-6, 1e-4, 1e-2]), "scheme": "centred",
                  "eps": 2.2e-16, "size": 0.125, "curvature": 6.0, "slope": 0.75},
         {"steps": "array", "scheme": "name", "eps": "rate", "size": "real",
          "curvature": "real", "slope": "real"}),
]
