"""Specs of backprop_core.checks and backprop_core.chapters (see support/contract.py)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from backprop_core.chapters import gradient_timing, worked_example
from backprop_core.checks import answers, gradcheck, table
from backprop_core.engine.value import Value, tanh
from support.contract import Spec

from .common import NET_SAYS, XY_SAYS, X, Y, net_xy, small_net

GRADCHECK_SAYS = {"h": ("h (the step)",), "f": ("f",), "x": ("x",),
                  "analytic": ("analytic",), "tolerance": ("tolerance",), "tiny": ("tiny",)}


def cubic(v: Any) -> float:
    """f(v) = Σ v³ + 0.5, whose gradient is 3v²."""
    return float((np.asarray(v) ** 3).sum() + 0.5)


def _check_numerical(args: dict[str, Any], result: Any) -> None:
    """The centred difference of v³ is exactly 3x² + h², up to the rounding of f(x ± h)."""
    x, h = np.asarray(args["x"]), float(args["h"])
    with np.errstate(over="ignore"):
        big = (np.abs(x.astype(float)).max() + h) ** 3 if x.size else 0.0
    if x.size == 0 or not np.isfinite(big):
        return  # nothing to compare, or a cubic beyond float64 (an error was due)
    eps = float(np.finfo(x.dtype if x.dtype.kind == "f" else float).eps)  # float32 stays
    x = x.astype(float)
    rounding = 8 * eps * (x.size * big + 1) / h
    np.testing.assert_allclose(result, 3 * x**2 + h * h, rtol=0, atol=rounding)


def _check_fd(args: dict[str, Any], result: Any) -> None:
    grad, passes = result
    net = args["net"]
    assert passes == 2 * net.n_params
    h = float(args["h"])
    backprop = net.gradients(args["X"], args["Y"]).flat()
    tolerance = 10 * h * h + 1e-15 / h
    if np.isfinite(tolerance):
        np.testing.assert_allclose(grad, backprop, rtol=0, atol=tolerance)


def _worked() -> dict[str, Any]:
    return {"net": small_net(), "x": X[:, 0].copy(), "y": Y[:, 0].copy(),
            "learning_rate": 0.5}


def _check_worked(args: dict[str, Any], result: Any) -> None:
    net = args["net"]
    lr = float(args["learning_rate"])
    x = np.asarray(args["x"], dtype=float).reshape(-1, 1)
    y = np.asarray(args["y"], dtype=float).reshape(-1, 1)
    step = net.get_params() - lr * net.gradients(x, y).flat()
    np.testing.assert_array_equal(result.after.get_params(), step)
    assert result.cost == net.cost(x, y) and result.check.ok


SPECS: list[Spec] = [
    # ---- gradcheck -------------------------------------------------------------------------
    Spec("gradcheck.numerical_gradient", (gradcheck.numerical_gradient,),
         gradcheck.numerical_gradient,
         lambda: {"f": cubic, "x": np.array([0.5, -1.0, 2.0]), "h": 1e-4},
         {"f": "callable", "x": "array", "h": "rate"}, says=GRADCHECK_SAYS,
         check=_check_numerical, extra={"h": (1e-300, 1e-20, 1e-13, 1e300, 1e-8)}),
    Spec("gradcheck.relative_error", (gradcheck.relative_error,), gradcheck.relative_error,
         lambda: {"analytic": np.array([1.0, 2.0, 1e-9]), "numeric": np.array([1.0, 2.1, 0.0]),
                  "floor": 1e-4},
         {"analytic": "array", "numeric": "array", "floor": "rate"}, inf_ok=True),
    Spec("gradcheck.check_gradient", (gradcheck.check_gradient, gradcheck.assert_grad_close,
                                      gradcheck.GradCheckResult, gradcheck.Worst),
         lambda f, x, analytic, h, tolerance, tiny: (lambda r: (r, repr(r)))(
             gradcheck.check_gradient(f, x, analytic, h=h, tolerance=tolerance, tiny=tiny)),
         lambda: {"f": cubic, "x": np.array([0.5, -1.0]), "analytic": np.array([0.75, 3.0]),
                  "h": 1e-5, "tolerance": 1e-5, "tiny": 1e-4},
         {"f": "callable", "x": "array", "analytic": "array", "h": "rate",
          "tolerance": "real", "tiny": "rate"}, says=GRADCHECK_SAYS, inf_ok=True),
    Spec("gradcheck.assert_grad_close", (gradcheck.assert_grad_close,),
         lambda analytic: gradcheck.assert_grad_close(cubic, [0.5, -1.0], analytic),
         lambda: {"analytic": [0.75, 3.0]}, {"analytic": "array"},
         says={"analytic": ("analytic", "gradient check failed")}),
    Spec("gradcheck.check_network", (gradcheck.check_network,), gradcheck.check_network,
         lambda: {**net_xy(), "h": 1e-5, "tolerance": 1e-5, "tiny": 1e-4},
         {"net": "object", "X": "array", "Y": "array", "h": "rate", "tolerance": "real",
          "tiny": "rate"}, says={**XY_SAYS, **GRADCHECK_SAYS}),
    Spec("gradcheck.check_scalar_graph", (gradcheck.check_scalar_graph,),
         lambda f, inputs, h: gradcheck.check_scalar_graph(f, *inputs, h=h),
         lambda: {"f": lambda a, b: tanh(a * b + a), "inputs": [0.5, -1.5], "h": 1e-5},
         {"f": "callable", "inputs": "custom", "h": "rate"},
         says={**GRADCHECK_SAYS, "inputs": ("Value", "x", "inputs")},
         extra={"inputs": ([], [math.nan, 1.0], ["1", 2.0], [1e308, 1.0], [Value(1.0), 2.0],
                           [True, 1.0])}),
    Spec("table.check_table", (table.check_table, table.CheckTable, table.CheckTable.rows),
         lambda checks: (lambda t: (str(t), t.rows(), t.ok))(table.check_table(checks)),
         lambda: {"checks": {"x³": gradcheck.check_gradient(cubic, [0.5], [0.75]),
                             "x³, a slip": gradcheck.check_gradient(cubic, [0.5], [1.0])}},
         {"checks": "mapping"}),
    # ---- answers ---------------------------------------------------------------------------
    Spec("answers.check_answer", (answers.check_answer, answers.AnswerCheck),
         lambda given, expected, name, rel_tol: repr(answers.check_answer(
             given, expected, name=name, rel_tol=rel_tol)),
         lambda: {"given": 10.5, "expected": 10.5, "name": "do/da", "rel_tol": 1e-6},
         {"given": "custom", "expected": "real", "name": "text", "rel_tol": "real"},
         extra={"given": (None, "abc", math.nan, math.inf, 1e308, True, [1.0], 10.50000001)}),
    Spec("answers.check_answers", (answers.check_answers,),
         lambda given, expected: [repr(c) for c in answers.check_answers(given, expected)],
         lambda: {"given": {"a": 1.0, "b": None}, "expected": {"a": 1.0, "b": 2.0}},
         {"given": "mapping", "expected": "mapping"},
         says={"given": ("given", "exercise answer")}),
    # ---- chapters --------------------------------------------------------------------------
    Spec("worked_example.worked_example", (worked_example.worked_example,
                                           worked_example.WorkedExample,
                                           worked_example.worked_rows,
                                           worked_example.worked_table),
         lambda net, x, y, learning_rate: (lambda ex: (ex, worked_example.worked_rows(ex),
                                                       worked_example.worked_table(ex).text))(
             worked_example.worked_example(net, x, y, learning_rate)),
         _worked, {"net": "object", "x": "array", "y": "array", "learning_rate": "rate"},
         says={**XY_SAYS, "net": NET_SAYS}, check=lambda a, r: _check_worked(a, r[0])),
    Spec("worked_example.worked_rows", (worked_example.worked_rows,
                                        worked_example.worked_table),
         lambda ex: (worked_example.worked_rows(ex), worked_example.worked_table(ex)),
         lambda: {"ex": worked_example.worked_example(small_net(), X[:, 0], Y[:, 0], 0.5)},
         {"ex": "object"}, says={"ex": ("ex", "WorkedExample")}),
    Spec("gradient_timing.finite_difference_gradient",
         (gradient_timing.finite_difference_gradient,),
         gradient_timing.finite_difference_gradient, lambda: {**net_xy(), "h": 1e-5},
         {"net": "object", "X": "array", "Y": "array", "h": "rate"},
         says={**XY_SAYS, "h": ("h (the step)",)}, check=_check_fd,
         extra={"h": (1e-300, 1e-200, 1e-14, 1e300, 1e308)}),
    Spec("gradient_timing.time_gradients", (gradient_timing.time_gradients,
                                            gradient_timing.GradientTiming),
         lambda net, X, Y, repeats: (lambda t: (t, t.ratio))(
             gradient_timing.time_gradients(net, X, Y, repeats)),
         lambda: {**net_xy(), "repeats": 1},
         {"net": "object", "X": "array", "Y": "array", "repeats": "count"},
         says=XY_SAYS, huge={"repeats": False}),
]
