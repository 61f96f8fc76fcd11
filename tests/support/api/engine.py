"""Specs of backprop_core.engine (see support/contract.py)."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from backprop_core.engine import (
    examples,
    formulas,
    forward_mode,
    labels,
    neurons,
    paths,
    trace,
    value,
)
from backprop_core.engine.forward_mode import Dual
from backprop_core.engine.value import Value
from support.contract import Spec

from .common import graph

NODE = ("Value", "node", "output", "source")


def _check_derivative(name: str) -> Any:
    """σ'(x) and tanh'(x) of one node against exact arithmetic (math.exp is correctly
    rounded to within an ulp; the rest in fractions)."""

    def check(args: dict[str, Any], result: Any) -> None:
        x = float(args["x"])
        node, grad = result
        e = Fraction(math.exp(-abs(x) if name == "sigmoid" else -2 * abs(x)))
        exact = e / (1 + e) ** 2 if name == "sigmoid" else 4 * e / (1 + e) ** 2
        assert abs(Fraction(grad) - exact) <= 8 * 2.0**-52 * exact + Fraction(2.0**-1074), (
            name, x, grad, float(exact))

    return check


def _graph_args(**extra: Any) -> Any:
    def make() -> dict[str, Any]:
        a, b, o = graph()
        return {"a": a, "b": b, "o": o, **extra}

    return make


def _unary(name: str) -> Spec:
    def call(x: Any) -> Any:
        node = getattr(Value(x, "x"), name)()
        node.backward()
        return node.data, node._prev[0].grad

    return Spec(f"value.Value.{name}", (getattr(Value, name),), call, lambda: {"x": 0.7},
                {"x": "real"}, says={"x": ("'x'", "x =")},
                check=_check_derivative(name) if name in ("sigmoid", "tanh") else None)


def _scalar_function(name: str) -> Spec:
    f = getattr(value, name)
    return Spec(f"value.{name}", (f,), lambda x: (f(x), f(Value(0.5)).data,
                                                  f(Dual(0.5, 1.0)).tangent),
                lambda: {"x": 0.5}, {"x": "scalar"},
                says={"x": ("x =", "x", "input", name)})


def _wsum(inputs: Any, weights: Any, bias: Any) -> Any:
    return neurons.weighted_sum(inputs, weights, bias)


SPECS: list[Spec] = [
    # ---- value ---------------------------------------------------------------------------
    Spec("value.Value", (Value,), lambda data, label: repr(Value(data, label)),
         lambda: {"data": 2.5, "label": "a"}, {"data": "real", "label": "text"},
         says={"data": ("Value",), "label": ("label", "Value")}),
    *[_unary(name) for name in ("exp", "log", "tanh", "sigmoid", "relu")],
    Spec("value.Value.backward", (Value.backward, Value.expression, Value.local_rules),
         lambda a, b, o, numbers: (o.backward(), o.expression(numbers),
                                   o.local_rules(numbers), a.grad),
         _graph_args(numbers=True), {"numbers": "flag"}),
    Spec("value.Value.backward(on_edge)", (Value.backward,),
         lambda a, b, o, on_edge: o.backward(on_edge), _graph_args(on_edge=lambda *edge: None),
         {"on_edge": "callable"}),
    # `a ** n` with n no number at all (None, a str) is Python's TypeError: Value returns
    # NotImplemented so that another type may answer (tests/test_errors.py)
    Spec("value.Value ** Value", (Value,), lambda a, n: (a ** n).data,
         lambda: {"a": Value(1.5, "a"), "n": 2.0}, {"n": "custom"},
         says={"n": ("exponent", "constant", "a^")},
         extra={"n": (Value(3.0, "n"), Value(0.5), 10_000.0, -10_000.0, math.nan, math.inf,
                      True, 0.5, -3.0, 0)}),
    *[_scalar_function(name) for name in ("exp", "log", "tanh", "sigmoid", "relu")],
    Spec("value.check_scalar", (value.check_scalar, formulas.check_node),
         lambda x: (value.check_scalar(x, "x"), formulas.check_node(Value(0.5), "x")),
         lambda: {"x": 0.5}, {"x": "scalar"}),
    Spec("value.sigmoid_slope", (value.sigmoid_slope, value.tanh_slope),
         lambda x: (value.sigmoid_slope(x), value.tanh_slope(x)), lambda: {"x": 40.0},
         {"x": "real"}, check=lambda a, r: _check_derivative("sigmoid")(a, (None, r[0]))),
    # ---- formulas, labels, trace -----------------------------------------------------------
    Spec("formulas.topological_order", (formulas.topological_order,),
         formulas.topological_order, lambda: {"output": graph()[2]}, {"output": "object"},
         says={"output": NODE}),
    # fmt writes NaN and ±inf as Python does (formatting.py): a message names an overflow
    Spec("labels.factor", (labels.factor,), labels.factor, lambda: {"x": -0.25},
         {"x": "custom"}, extra={"x": (None, "1", True, math.nan, -math.inf, 1e308, 5e-324,
                                       1j, [1.0])}),
    Spec("labels.adjoint_symbol", (labels.adjoint_symbol,), labels.adjoint_symbol,
         lambda: {"label": "a¹₁", "compound": False}, {"label": "text", "compound": "flag"}),
    Spec("labels.Labels", (labels.Labels, labels.Labels.grouped, labels.Labels.adjoint,
                           labels.Labels.number, labels.Labels.expression,
                           labels.Labels.local_rules),
         lambda output, node, numbers: (lambda n: (
             n[node], n.grouped(node), n.adjoint(node), n.number(node.data),
             n.expression(node, numbers), n.local_rules(node, numbers)))(
             labels.Labels(output)),
         lambda: (lambda g: {"output": g[2], "node": g[2]._prev[0], "numbers": False})(
             graph()),
         {"output": "object", "node": "object", "numbers": "flag"},
         says={"output": NODE, "node": NODE}),
    Spec("labels.edges", (labels.edges, labels.Edge), lambda output: [
        (str(e), e.rule) for e in labels.edges(output)],
         lambda: {"output": graph()[2]}, {"output": "object"}, says={"output": NODE}),
    Spec("trace.trace", (trace.trace, trace.Step), trace.trace,
         lambda: {"output": graph()[2], "names": None},
         {"output": "object", "names": "object"},
         says={"output": NODE, "names": ("names", "Labels")}),
    # ---- paths -----------------------------------------------------------------------------
    Spec("paths.count_paths", (paths.count_paths, paths.sum_over_paths, paths.all_paths,
                               paths.Path),
         lambda output, source, limit: (paths.count_paths(output, source),
                                        paths.sum_over_paths(output, source),
                                        [str(p) for p in paths.all_paths(output, source,
                                                                         limit)]),
         lambda: (lambda g: {"output": g[2], "source": g[0], "limit": 10})(graph()),
         {"output": "object", "source": "object", "limit": "steps"},
         says={"output": NODE, "source": NODE}),
    Spec("paths.path_work", (paths.path_work, paths.PathWork),
         lambda output, inputs: (lambda w: (w, w.ratio))(paths.path_work(output, inputs)),
         lambda: (lambda g: {"output": g[2], "inputs": [g[0], g[1]]})(graph()),
         {"output": "object", "inputs": "object"}, says={"output": NODE, "inputs": NODE}),
    Spec("paths.diamond_chain", (paths.diamond_chain,), paths.diamond_chain,
         lambda: {"depth": 3, "x": 0.5}, {"depth": "count", "x": "real"},
         says={"x": ("x0", "Value")}, huge={"depth": False}),
    Spec("paths.diamond_nodes", (paths.diamond_nodes,), paths.diamond_nodes,
         lambda: {"x": 0.5, "depth": 3}, {"x": "scalar", "depth": "count"},
         says={"x": ("x", "Dual", "Value")}, huge={"depth": False}),
    # ---- forward mode ------------------------------------------------------------------------
    Spec("forward_mode.Dual", (Dual, Dual.exp, Dual.log, Dual.tanh, Dual.sigmoid, Dual.relu),
         lambda value, tangent: (lambda d: (d.exp(), d.tanh(), d.sigmoid(), d.relu(),
                                            d * d + 1 - d / 2, d ** 2))(Dual(value, tangent)),
         lambda: {"value": 0.5, "tangent": 1.0}, {"value": "real", "tangent": "real"},
         says={"value": ("Dual",), "tangent": ("Dual",)}),
    Spec("forward_mode.Dual.sigmoid", (Dual.sigmoid,),
         lambda x: (lambda d: (d.value, d.tangent))(Dual(x, 1.0).sigmoid()),
         lambda: {"x": 0.5}, {"x": "real"}, says={"x": ("Dual",)},
         check=_check_derivative("sigmoid")),
    Spec("forward_mode.Dual.tanh", (Dual.tanh,),
         lambda x: (lambda d: (d.value, d.tangent))(Dual(x, 1.0).tanh()),
         lambda: {"x": 0.5}, {"x": "real"}, says={"x": ("Dual",)},
         check=_check_derivative("tanh")),
    Spec("forward_mode.forward_mode", (forward_mode.forward_mode, forward_mode.reverse_mode,
                                       forward_mode.ModeReport),
         lambda f, inputs: (forward_mode.forward_mode(f, *inputs).jacobian,
                            forward_mode.reverse_mode(f, *inputs).gradient),
         lambda: {"f": forward_mode.many_to_one, "inputs": [0.5, -1.0, 2.0]},
         {"f": "callable", "inputs": "custom"},
         says={"f": ("f",), "inputs": ("input", "Dual", "Value", "x1", "x2", "x3")},
         extra={"inputs": ([], [math.nan], ["1"], [1e308, 1e308, 1e308], [True], [None],
                           [0.5, 1e-300, -0.0])}),
    Spec("forward_mode.many_to_one", (forward_mode.many_to_one,),
         lambda xs: forward_mode.many_to_one(*xs), lambda: {"xs": [0.5, -1.0]},
         {"xs": "custom"}, says={"xs": ("xs", "x")},
         extra={"xs": ([], [math.nan], ["1"], [1e308, 1e308], [None], [Value(1.0), 2.0])}),
    Spec("forward_mode.one_to_many", (forward_mode.one_to_many,), forward_mode.one_to_many,
         lambda: {"x": 0.3, "n": 3}, {"x": "scalar", "n": "count"}, huge={"n": False}),
    Spec("forward_mode.work_table", (forward_mode.work_table,), forward_mode.work_table,
         lambda: {"sizes": (1, 3)}, {"sizes": "object"},
         extra={"sizes": ([0], [1.5], "12", [10**9], [-1], [])}),
    # ---- neurons and examples ---------------------------------------------------------------
    Spec("neurons.weighted_sum", (neurons.weighted_sum,), _wsum,
         lambda: {"inputs": [Value(0.5, "a"), Value(-1.0, "b")], "weights": [0.3, -2.0],
                  "bias": 0.1},
         {"inputs": "object", "weights": "reals", "bias": "real"},
         says={"inputs": ("inputs",), "weights": ("weights", "weight")},
         extra={"inputs": ([0.5, -1.0], [0.5, Value(1.0)], [1e308, 1e308])}),
    Spec("neurons.half_squared_error", (neurons.half_squared_error,),
         neurons.half_squared_error,
         lambda: {"outputs": [Value(0.5, "a"), Value(-1.0, "b")], "targets": [0.3, -2.0]},
         {"outputs": "object", "targets": "reals"},
         says={"outputs": ("outputs",), "targets": ("targets", "target")},
         extra={"outputs": ([0.5, -1.0], [0.5, Value(1.0)], [1e308, 1e308])}),
    *[Spec(f"examples.{name}", (getattr(examples, name),), getattr(examples, name),
           lambda: {"a": 2.0, "b": 3.0}, {"a": "real", "b": "real"},
           says={"a": ("'a'", "a"), "b": ("'b'", "b")})
      for name in ("example_graph", "exercise_graph")],
    *[Spec(f"examples.{name}", (getattr(examples, name),), getattr(examples, name),
           lambda: {"a": 2.0, "b": 3.0}, {"a": "scalar", "b": "scalar"})
      for name in ("example_nodes", "exercise_nodes")],
]
