"""Specs of practice/capstone/ (see support/contract.py): the checkers take the reader's
classes and functions, and anything a reader may pass (not a class, a class that crashes,
returns garbage or computes the wrong gradients) ends in a verdict, never in a raw error;
the book's answers (reference.py) pass; the helpers that connect the reader's network with
the book's matrices refuse bad arguments by name."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from backprop_core.engine.value import Value
from backprop_core.errors import BackpropError
from backprop_core.formatting import fmt
from backprop_core.networks.network import Network
from backprop_core.practice.capstone import (
    final_check,
    flow,
    graphs,
    mlp_check,
    probe,
    reference,
    training_check,
    value_core,
    value_ops,
)
from backprop_core.practice.report import Report
from support.contract import Spec

from .capstone_readers import (
    READERS,
    AssignCore,
    Crashing,
    DoubledCore,
    Floats,
    GarbageGrad,
    TextData,
    TextGrad,
    inf_step,
    nan_cost,
    raises,
    returns_nan,
    stub,
    text_step,
)

BOOK: set[object] = {reference.CoreValue, reference.Value}
Neuron, Layer, MLP = reference.mlp_classes(reference.Value)


def _verdict(book: dict[str, set[object]]) -> Any:
    """A check: a Report, passing exactly for the book's own answer(s) under ``name``."""
    def check(args: dict[str, Any], result: Any) -> None:
        assert isinstance(result, Report), type(result)
        assert result.lines, "a report says something"
        passing = all(any(args[name] is a for a in answers) for name, answers in book.items())
        assert result.ok == passing, (result.mistake, str(result))
        if not result.ok:
            assert result.mistake, str(result)
    return check


def _check_mlp_result(args: dict[str, Any], result: Report) -> None:
    _verdict({"Neuron": {Neuron, reference.Neuron}, "Layer": {Layer, reference.Layer},
              "MLP": {MLP, reference.MLP}})(args, result)


def _trained() -> Any:
    model = MLP(2, [3, 1])
    for i, p in enumerate(model.parameters()):
        p.data = 0.3 * math.sin(i + 1.0)
    return model


def _held() -> tuple[list[list[float]], list[float]]:
    rng = np.random.default_rng(3)
    xs = rng.normal(size=(8, 2))
    model = _trained()
    ys = [1.0 if model(list(x)).data > 0 else -1.0 for x in xs]
    return xs.tolist(), ys


def _check_accuracy(args: dict[str, Any], result: float) -> None:
    model, xs, ys = args["model"], args["xs"], args["ys"]
    right = [(model(list(x)).data > 0) == (float(y) > 0) for x, y in zip(xs, ys, strict=True)]
    assert result == sum(right) / len(right)


def _check_order(args: dict[str, Any], result: np.ndarray) -> None:
    sizes = [int(n) for n in args["sizes"]]
    net = Network.from_sizes(sizes, "tanh", seed=0)
    assert sorted(result.tolist()) == list(range(net.n_params))
    model = reference.mlp_classes(reference.Value)[2](sizes[0], sizes[1:])
    flow.set_parameters(model, net)
    np.testing.assert_array_equal([p.data for p in model.parameters()],
                                  net.get_params()[result])


def _check_network(args: dict[str, Any], result: Network) -> None:
    x = np.array([[0.3], [-0.8]])
    a = x
    for W, b in args["matrices"]:
        a = np.tanh(np.asarray(W, dtype=float) @ a + np.asarray(b, dtype=float).reshape(-1, 1))
    np.testing.assert_allclose(result.forward(x).a[len(args["matrices"])], a, rtol=1e-12)


def _set_and_read(model: Any, net: Any, sizes: Any) -> tuple[Any, Any]:
    flow.set_parameters(model, net)
    X, Y = np.array([[0.5, -0.3], [1.0, 0.2]]), np.array([[0.4, -0.6]])
    c = reference.cost(model, X.T.tolist(), Y[0].tolist())
    c.backward()
    return flow.flat_gradient(model, sizes), net.gradients(X, Y).flat()


def _check_flat(args: dict[str, Any], result: tuple[Any, Any]) -> None:
    np.testing.assert_allclose(result[0], result[1], rtol=1e-10, atol=1e-14)


def _keep(yours: Any, check: Any, book: Any, what: str) -> Any:
    return flow.keep_if_right(yours, check, book, what=what)


def _check_keep(args: dict[str, Any], result: Any) -> None:
    yours = args["yours"]
    passes = (flow.is_the_books(yours)
              or args["check"](yours, quiet=True).ok)
    assert result is (yours if passes and not flow.is_the_books(yours) else args["book"])


def _graph_parts(graph: graphs.Graph) -> tuple[Any, ...]:
    good = graphs.right(graph)
    grads = {name: node.grad for name, node in good.items()}
    order = graphs.backward_order(good)
    mistake = graphs.simulate(graph, accumulate=False)
    return (graph.at(), order, graphs.children_ops(good, order[-1]),
            probe.matches_all(grads, grads), graphs.scale_of(grads),
            graphs.close(1.0, 1.0 + 1e-13, 1.0), mistake,
            [f(0.3) for f in (graphs.tanh, graphs.exp, graphs.relu)])


def _check_graph(args: dict[str, Any], result: tuple[Any, ...]) -> None:
    graph = args["graph"]
    at, order, _, same, scale, near, _, floats = result
    assert at.count("=") == len(graph.point) and order[0] == "o" and same and near
    assert scale > 0 and floats == [math.tanh(0.3), math.exp(0.3), 0.3]


def _check_simulate(args: dict[str, Any], result: dict[str, float]) -> None:
    """The right sweep gives the book's engine's gradients; every sweep seeds ∂o/∂o = 1."""
    graph = graphs.CORE_GRAPHS[2]
    right = {name: node.grad for name, node in graphs.right(graph).items()}
    assert set(result) == set(right) and result["o"] == 1.0
    if (args["order"], args["mul"]) == ("reverse", "other"):
        assert probe.matches_all(result, right)


def _reference_engine(x: float, y: float) -> tuple[Any, ...]:
    """o = relu(tanh(x·y) − e^(x/y) + 2) and its gradients from the book's Value."""
    a, b = reference.Value(x), reference.Value(y)
    o = ((a * b).tanh() - (a / b).exp() + 2).relu()
    o.backward()
    return o.data, a.grad, b.grad


def _check_engine(args: dict[str, Any], result: tuple[float, float, float]) -> None:
    x, y = float(args["x"]), float(args["y"])
    inner = math.tanh(x * y) - math.exp(x / y) + 2
    assert result[0] == (inner if inner > 0 else 0.0)
    if inner > 0:
        t = math.tanh(x * y)
        da = (1 - t * t) * y - math.exp(x / y) / y
        db = (1 - t * t) * x + math.exp(x / y) * x / y**2
        assert math.isclose(result[1], da, rel_tol=1e-12, abs_tol=1e-15)
        assert math.isclose(result[2], db, rel_tol=1e-12, abs_tol=1e-15)


def _network_parts(n_in: Any, sizes: Any) -> tuple[Any, ...]:
    model = MLP(n_in, sizes)
    layer, neuron = model.layers[0], model.layers[0].neurons[0]
    return (len(model.parameters()), len(layer.parameters()), len(neuron.parameters()),
            [m.__name__ for m in reference.mlp_classes(reference.CoreValue)])


def _check_final(args: dict[str, Any], result: Report) -> None:
    """Passes exactly for the book's MLP and cost and a network that beats the bar."""
    try:
        held = flow.accuracy(args["trained"], args["xs_held"], args["ys_held"])
    except BackpropError:
        held = -1.0
    _verdict({"MLP": {MLP}, "cost": {reference.cost},
              "trained": {args["trained"]} if held >= args["bar"] else set()})(args, result)


def _check_parts(args: dict[str, Any], result: tuple[Any, ...]) -> None:
    widths = [args["n_in"], *args["sizes"]]
    assert result[0] == sum((a + 1) * b for a, b in zip(widths, widths[1:], strict=False))
    assert result[2] == widths[0] + 1 and result[3] == ["Neuron", "Layer", "MLP"]


def _step(rate: Any) -> tuple[float, list[float], list[float]]:
    model = _trained()
    xs, ys = _held()
    before = [p.data for p in model.parameters()]
    return reference.train_step(model, xs, ys, rate), before, [p.data for p in
                                                                model.parameters()]


def _check_step(args: dict[str, Any], result: tuple[float, list[float], list[float]]) -> None:
    """C before the step, and θ − η·∂C/∂θ with ∂C/∂θ from backprop_core's engine."""
    cost, before, after = result
    xs, ys = _held()
    book = reference.mlp_classes(Value)[2](2, [3, 1])
    for p, v in zip(book.parameters(), before, strict=True):
        p.data = v
    c = sum(((book(x) - y) ** 2 for x, y in zip(xs, ys, strict=True)), Value(0.0)) * (
        0.5 / len(xs))
    c.backward()
    assert math.isclose(cost, c.data, rel_tol=1e-12)
    want = [v - float(args["rate"]) * p.grad for v, p in zip(before, book.parameters(),
                                                               strict=True)]
    np.testing.assert_allclose(after, want, rtol=1e-10, atol=1e-12)


def _short(x: Any) -> tuple[str, str, bool, bool, str]:
    return (probe.short(x), value_core.short_num(x), probe.is_node(x), probe.is_stub(x),
            str(probe.show(Report("x", lines=["a line"]), True)))


def _check_books(args: dict[str, Any], result: bool) -> None:
    module = getattr(args["obj"], "__module__", None)
    assert result is (isinstance(module, str) and module.startswith("backprop_core"))


def _check_difference(args: dict[str, Any], result: float) -> None:
    assert 0.0 <= result <= final_check.GRADIENT_TOLERANCE, result


def _check_cost(args: dict[str, Any], result: float) -> None:
    model = _trained()
    e = [model(x).data - y for x, y in zip(args["xs"], args["ys"], strict=True)]
    assert math.isclose(result, sum(v * v for v in e) / (2 * len(e)), rel_tol=1e-12)


def _check_texts(args: dict[str, Any], result: tuple[str, str, bool, bool, str]) -> None:
    x = args["x"]
    shown, number, node, stubbed, text = result
    if isinstance(x, int | float) and not isinstance(x, bool):
        assert (shown, number) == (fmt(x, 6), fmt(x))
    else:
        assert shown.startswith(type(x).__name__)
    assert node == (isinstance(getattr(x, "data", None), int | float) and hasattr(x, "grad"))
    assert stubbed == (x is stub) and text == "a line"


SPECS: list[Spec] = [
    Spec("capstone.check_value_core",
         (value_core.check_value_core, value_core.check_construct, value_core.check_operation,
          value_core.check_backward_structure, value_core.graph_gradients,
          value_core.check_reset, probe.attempt, probe.result_node, probe.run_backward,
          probe.compare_graph, probe.show, probe.number, graphs.Graph, graphs.Graph.nodes,
          graphs.right,
          reference.CoreValue, reference.CoreValue.backward, reference.topological_order),
         lambda Value: value_core.check_value_core(Value, quiet=True),
         lambda: {"Value": reference.CoreValue}, {"Value": "custom"},
         check=_verdict({"Value": BOOK}),
         extra={"Value": (*READERS, reference.Value, AssignCore, DoubledCore, Crashing,
                          Floats, GarbageGrad, TextGrad, TextData)}),
    Spec("capstone.check_value_ops",
         (value_ops.check_value_ops, value_ops.stubs, reference.Value,
          reference.Value.exp, reference.Value.tanh, reference.Value.relu),
         lambda Value: value_ops.check_value_ops(Value, quiet=True),
         lambda: {"Value": reference.Value}, {"Value": "custom"},
         check=_verdict({"Value": {reference.Value}}),
         extra={"Value": (*READERS, reference.CoreValue, AssignCore, Crashing, Floats,
                          GarbageGrad, TextGrad, TextData)}),
    Spec("capstone.check_mlp",
         (mlp_check.check_mlp, mlp_check.check_neuron, mlp_check.check_layer,
          mlp_check.check_mlp_class, mlp_check.parameters, reference.Neuron,
          reference.Neuron.parameters, reference.Layer, reference.Layer.parameters,
          reference.MLP, reference.MLP.parameters),
         lambda Neuron, Layer, MLP: mlp_check.check_mlp(Neuron, Layer, MLP, quiet=True),
         lambda: {"Neuron": Neuron, "Layer": Layer, "MLP": MLP},
         {"Neuron": "custom", "Layer": "custom", "MLP": "custom"}, check=_check_mlp_result,
         extra={"Neuron": (*READERS, Layer, MLP, reference.mlp_classes(TextGrad)[0]),
                "Layer": (*READERS, Neuron, MLP, reference.mlp_classes(TextData)[1]),
                "MLP": (*READERS, Neuron, Layer, reference.mlp_classes(TextGrad)[2])}),
    Spec("capstone.check_training",
         (training_check.check_training, training_check.check_cost,
          training_check.check_train_step, training_check.Accumulating,
          training_check.Accumulating.backward, training_check.COUNTING,
          training_check.COUNTING_ADDING, reference.cost, reference.train_step),
         lambda cost, train_step: training_check.check_training(cost, train_step, quiet=True),
         lambda: {"cost": reference.cost, "train_step": reference.train_step},
         {"cost": "callable", "train_step": "callable"},
         check=_verdict({"cost": {reference.cost}, "train_step": {reference.train_step}}),
         extra={"cost": (*READERS, nan_cost, lambda model, xs, ys: model(xs[0]),
                         lambda model, xs, ys: sum(model(x).data for x in xs)),
                "train_step": (*READERS, inf_step, text_step,
                               lambda model, xs, ys, rate: 0.0,
                               lambda model, xs, ys, rate: reference.cost(model, xs, ys))}),
    Spec("capstone.check_as_matrices",
         (final_check.check_as_matrices, reference.as_matrices),
         lambda as_matrices: final_check.check_as_matrices(as_matrices, quiet=True),
         lambda: {"as_matrices": reference.as_matrices}, {"as_matrices": "callable"},
         check=_verdict({"as_matrices": {reference.as_matrices}}),
         extra={"as_matrices": (*READERS, lambda m: [(W.T, b) for W, b in
                                                     reference.as_matrices(m)],
                                lambda m: [("W", "b")] * 3, lambda m: [[1j, 2]] * 3,
                                lambda m: [([[1.0, 2.0], [3.0]], [1.0])] * 3)}),
    Spec("capstone.check_final",
         (final_check.check_final, final_check.probe_problem, flow.accuracy,
          flow.set_parameters, flow.flat_gradient, flow.neuron_order, flow.is_the_books),
         lambda MLP, cost, trained, xs_held, ys_held, bar: final_check.check_final(
             MLP, cost, trained, xs_held, ys_held, bar=bar, quiet=True),
         lambda: {"MLP": MLP, "cost": reference.cost, "trained": _trained(),
                  "xs_held": _held()[0], "ys_held": _held()[1], "bar": 0.95},
         {"MLP": "custom", "cost": "callable", "trained": "custom", "xs_held": "custom",
          "ys_held": "custom", "bar": "real"},
         says={"xs_held": ("xs_held",), "ys_held": ("ys_held",)},
         check=_check_final,
         extra={"MLP": (*READERS, Neuron, reference.mlp_classes(AssignCore)[2]),
                "cost": (lambda model, xs, ys: model(xs[0]),),
                "trained": (*READERS, MLP(2, [3, 1]), reference.Value(0.5)),
                "xs_held": (None, [], "xy", [[0.5, 1.0]] * 3, [[math.nan, 1.0]] * 8,
                            [["a", "b"]] * 8, [[1.0]] * 8, 5),
                "ys_held": (None, [], [1.0] * 3, ["a"] * 8, [math.nan] * 8, 5)}),
    Spec("capstone.gradient_difference", (final_check.gradient_difference,),
         lambda: final_check.gradient_difference(MLP, reference.cost), dict, {},
         check=_check_difference),
    Spec("capstone.keep_if_right", (flow.keep_if_right,), _keep,
         lambda: {"yours": reference.CoreValue, "check": value_core.check_value_core,
                  "book": reference.CoreValue, "what": "Value"},
         {"yours": "custom", "check": "callable", "what": "text"}, check=_check_keep,
         extra={"yours": (AssignCore, DoubledCore, (AssignCore, reference.CoreValue),
                          reference.Value, None, 5)}),
    Spec("capstone.accuracy", (flow.accuracy,), flow.accuracy,
         lambda: {"model": _trained(), "xs": _held()[0], "ys": [1.0, -1.0] * 4},
         {"model": "custom", "xs": "custom", "ys": "custom"}, check=_check_accuracy,
         extra={"model": (None, 5, raises, returns_nan, reference.Value(0.5)),
                "xs": (None, [], "xy", [[0.5, 1.0]] * 3, [[math.nan, 1.0]] * 8,
                       [["a", "b"]] * 8, 5),
                "ys": (None, [], [1.0] * 3, ["a"] * 8, [math.nan] * 8, 5, np.ones(8))}),
    Spec("capstone.neuron_order", (flow.neuron_order,), flow.neuron_order,
         lambda: {"sizes": [2, 3, 1]}, {"sizes": "custom"}, check=_check_order,
         extra={"sizes": ([2], [2, 0], None, "23", [2, 1.5], (1, 1), [True, 2], [2.0, 3],
                          [], [3, 4, 2, 1], 5)}),
    Spec("capstone.set_parameters", (flow.set_parameters, flow.flat_gradient), _set_and_read,
         lambda: {"model": MLP(2, [3, 1]), "net": Network.from_sizes([2, 3, 1], "tanh",
                                                                     seed=4),
                  "sizes": [2, 3, 1]},
         {"model": "custom", "net": "object", "sizes": "custom"}, check=_check_flat,
         says={"net": ("Network",)},
         extra={"model": (None, 5, MLP(2, [4, 1]), reference.Value(0.5), _trained),
                "net": (Network.from_sizes([2, 4, 1], "tanh", seed=0),),
                "sizes": ([2], None, "23", [2, 4, 1], [2, 0, 1], [2, 3.5, 1])}),
    Spec("capstone.to_network", (flow.to_network,), flow.to_network,
         lambda: {"matrices": reference.as_matrices(_trained())}, {"matrices": "custom"},
         check=_check_network,
         extra={"matrices": (None, [], 5, "Wb", [(np.ones((3, 2)),)],
                             [(np.ones((3, 2)), np.ones(3)), (np.ones((1, 2)), np.ones(1))],
                             [("a", "b")], [(np.full((3, 2), math.nan), np.ones(3))],
                             [(np.ones((3, 2)), np.ones(4))], [(np.ones(3), np.ones(3))])}),
    Spec("capstone.is_the_books", (flow.is_the_books,), flow.is_the_books,
         lambda: {"obj": reference.MLP}, {"obj": "object"},
         check=_check_books),
    Spec("capstone.graphs", (graphs.Graph.at, graphs.backward_order, graphs.children_ops,
                             graphs.simulate, graphs.close, graphs.scale_of, graphs.tanh,
                             graphs.exp, graphs.relu, probe.matches_all),
         _graph_parts, lambda: {"graph": graphs.OPS_GRAPHS[2]}, {}, check=_check_graph),
    Spec("capstone.simulate", (graphs.simulate,),
         lambda order, mul: graphs.simulate(graphs.CORE_GRAPHS[2], order=order, mul=mul),
         lambda: {"order": "reverse", "mul": "other"}, {"order": "name", "mul": "name"},
         check=_check_simulate, extra={"order": ("forward", "breadth", "recursive", "depth"),
                                       "mul": ("own",)}),
    Spec("capstone.reference.Value", (reference.Value,), _reference_engine,
         lambda: {"x": 0.4, "y": 1.3}, {}, check=_check_engine),
    Spec("capstone.reference.MLP", (reference.MLP, reference.mlp_classes), _network_parts,
         lambda: {"n_in": 3, "sizes": [4, 2]}, {"n_in": "count", "sizes": "custom"},
         huge={"n_in": False}, check=_check_parts,
         extra={"sizes": ([], [0], [2, -1], None, "42", 4, [1.5], [True], (2, 3.0))}),
    Spec("capstone.reference.cost", (reference.cost,),
         lambda xs, ys: reference.cost(_trained(), xs, ys).data,
         lambda: {"xs": _held()[0], "ys": _held()[1]}, {"xs": "custom", "ys": "custom"},
         check=_check_cost,
         extra={"xs": ([], None, 5, _held()[0][:3]), "ys": ([], None, 5, [1.0] * 3)}),
    Spec("capstone.reference.train_step", (reference.train_step,), _step,
         lambda: {"rate": 0.1}, {"rate": "rate"}, huge={"rate": False},
         check=_check_step),
    Spec("capstone.probe.texts", (probe.short, probe.is_node, probe.is_stub, probe.show,
                                  value_core.short_num),
         _short, lambda: {"x": 2.5}, {"x": "object"},
         check=_check_texts,
         extra={"x": (-0.0, 1e300, True, Value(0.25), reference.Value(0.5), stub, raises)}),
]
