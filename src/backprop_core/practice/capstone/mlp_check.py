r"""Step 3 of the capstone: the reader's ``Neuron``, ``Layer`` and ``MLP``.

Each class on its own, in this order, structure before numbers:

* ``Neuron(3)``: ``parameters()`` is a flat list of the neuron's own 4 Values (3 weights,
  then the bias; not copies, not one Value repeated), ``w`` and ``b`` exist;
  ``neuron(x)`` is tanh(w·x + b), for floats and for Values, and the gradient flows back
  to the weights, the bias *and the inputs* (the previous layer needs it);
* ``Layer(3, 4)``: 4 different neurons with different starting weights, ``parameters()``
  neuron by neuron, a list of 4 outputs (and the Value itself for ``Layer(3, 1)``);
* ``MLP(2, [4, 3, 1])``: layers 2 → 4 → 3 → 1 (not square, so a size passed to the wrong
  layer shows), 31 parameters layer by layer, one output Value, and every parameter's
  gradient equal to the book's engine's on the same network.
"""

from __future__ import annotations

import inspect
import math
from typing import Any

import numpy as np

from ...engine.value import Value as BookValue
from ...formatting import fmt
from ..report import Report, Verdict, run
from .probe import attempt, is_node, is_stub, number, run_backward, short, show
from .reference import mlp_classes

_, _, BookMLP = mlp_classes(BookValue)
CLOSE = 1e-12

SUCCESS = ("\u2714 Neuron, Layer and MLP are right: tanh(w·x + b) with its parameters in the "
           "book's order, different neurons with different starting weights, layers chained "
           "2 → 4 → 3 → 1, and every parameter's gradient equals the book's engine's.")


def _near(x: float, y: float) -> bool:
    return abs(x - y) <= CLOSE * max(1.0, abs(y))


def parameters(label: str, obj: Any, count: int, what: str, kind: str) -> list[Any]:
    """``obj.parameters()`` after the structural checks: a flat list of ``count`` distinct
    Values, the same ones at every call."""
    method = getattr(type(obj), "parameters", None)
    if method is None:
        raise Verdict("no-parameters", f"{label} has no method parameters().")
    if is_stub(method):
        raise Verdict("not-written", f"{kind}.parameters is not written yet: return {what}.")
    ps = attempt(f"{label}.parameters()", obj.parameters)
    if ps is None or ps is Ellipsis:
        raise Verdict("not-written", f"{label}.parameters() returned {ps!r}: return {what}.")
    if not isinstance(ps, list | tuple):
        raise Verdict("params-type", f"{label}.parameters() returned {short(ps)}: return a "
                      f"list of Values ({what}).")
    if any(isinstance(p, list | tuple) for p in ps):
        raise Verdict("params-nested", f"{label}.parameters() returned a list of lists: "
                      "return one flat list of Values, e.g. [p for n in self.neurons for p "
                      "in n.parameters()].")
    bad = next((p for p in ps if not is_node(p)), None)
    if bad is not None:
        raise Verdict("params-not-values", f"{label}.parameters() holds {short(bad)}: return "
                      "the Values themselves (training changes their .data), not numbers.")
    if len(ps) != count:
        raise Verdict("params-count", f"{label}.parameters() has {len(ps)} Values, expected "
                      f"{count}: {what}.")
    if len({id(p) for p in ps}) < len(ps):
        made = {"Neuron": "[Value(random.uniform(-1, 1))] * n_in makes one Value",
                "Layer": "[Neuron(n_in)] * n_out makes one Neuron"}.get(kind, "[x] * n makes "
                                                                          "one object")
        raise Verdict("shared-values", f"{label}.parameters() lists one Value several times: "
                      f"{made} and repeats it. Make a new one each time, with a comprehension: "
                      "[... for _ in range(n)].")
    again = attempt(f"{label}.parameters()", obj.parameters)
    if any(p is not q for p, q in zip(ps, again, strict=False)):
        raise Verdict("params-copies", f"{label}.parameters() makes new Values at every call: "
                      "changing them would not change the model. Return its own Values "
                      "(self.w + [self.b]), not copies.")
    return list(ps)


def _load(ps: list[Any], values: list[float]) -> None:
    for p, v in zip(ps, values, strict=True):
        p.data = v


def _output(label: str, model: Any, x: list[Any], kind: str) -> Any:
    if is_stub(inspect.getattr_static(type(model), "__call__", None)):
        raise Verdict("not-written", f"{kind}.__call__ is not written yet: replace its `...`.")
    return attempt(f"{label}(x)", lambda: model(x))


def check_neuron(Neuron: Any) -> None:
    neuron = attempt("Neuron(3)", lambda: Neuron(3))
    ps = parameters("Neuron(3)", neuron, 4, "the 3 weights w, then the bias b", "Neuron")
    w, b = getattr(neuron, "w", None), getattr(neuron, "b", None)
    if not isinstance(w, list) or len(w) != 3 or not is_node(b):
        raise Verdict("attributes", "Neuron(3) needs .w, a list of 3 Values, and .b, a Value "
                      "(the last step reads them by these names).")
    if any(p is not q for p, q in zip(ps, [*w, b], strict=True)):
        raise Verdict("params-order", "Neuron.parameters() must list the weights first, then "
                      "the bias: return self.w + [self.b] (the book's order, which the last "
                      "steps rely on).")
    weights, bias, x = [0.4, -0.7, 0.25], 0.1, [0.5, -1.2, 0.3]
    _load(ps, [*weights, bias])
    out = _output("Neuron(3)", neuron, list(x), "Neuron")
    if not is_node(out):
        raise Verdict("not-a-value", f"Neuron(3)(x) returned {short(out)}: return the neuron's "
                      "output as a Value (tanh of the input sum).")
    s = sum(wk * xk for wk, xk in zip(weights, x, strict=True))
    want = math.tanh(s + bias)
    wrong = {"no-activation": (s + bias, "the output is the input sum z = w·x + b itself: "
                                         "apply tanh, a = tanh(z)."),
             "no-bias": (math.tanh(s), "the bias is missing: a = tanh(w·x + b)."),
             "bias-after": (math.tanh(s) + bias, "the bias is added after tanh: it belongs "
                                                 "inside, a = tanh(w·x + b).")}
    if not _near(out.data, want):
        for code, (value, hint) in wrong.items():
            if _near(out.data, value):
                raise Verdict(code, f"with w = {weights}, b = {bias}, x = {x}: {hint}")
        raise Verdict("neuron-output", f"with w = {weights}, b = {bias}, x = {x}, the neuron "
                      f"gives {fmt(out.data, 6)}, expected tanh(w·x + b) = {fmt(want, 6)}.")
    node_class: Any = type(b)
    xs = [node_class(v) for v in x]  # inputs that are nodes (of its own class): a hidden layer
    out = attempt("Neuron(3)(x) with Values as inputs", lambda: neuron(xs))
    run_backward("Neuron(3)(x)", out)
    slope = 1 - want * want
    if all(v.grad == 0 for v in xs):
        raise Verdict("inputs-detached", "the gradient does not reach the inputs x: the neuron "
                      "uses x_k.data (a number) where it must use x_k itself. A layer's inputs "
                      "are the previous layer's outputs, and backprop needs that path.")
    grads = [number(p.grad, "a parameter's .grad after backward") for p in ps] + [
        number(v.grad, "an input's .grad after backward") for v in xs]
    right = [xk * slope for xk in x] + [slope] + [wk * slope for wk in weights]
    names = ["w[0]", "w[1]", "w[2]", "b", "x[0]", "x[1]", "x[2]"]
    for name, g, r in zip(names, grads, right, strict=True):
        if not _near(g, r):
            raise Verdict("neuron-gradient", f"after backward from the neuron's output, "
                          f"∂a/∂{name} is {fmt(g, 6)}, right is {fmt(r, 6)} (a = tanh(w·x + b), "
                          "so ∂a/∂w_k = x_k(1 − a²)): the neuron must be built from Value "
                          "operations only.")


def check_layer(Layer: Any) -> None:
    layer = attempt("Layer(3, 4)", lambda: Layer(3, 4))
    ps = parameters("Layer(3, 4)", layer, 16, "4 neurons × (3 weights + 1 bias), neuron by "
                    "neuron", "Layer")
    neurons = getattr(layer, "neurons", None)
    if not isinstance(neurons, list) or len(neurons) != 4:
        raise Verdict("attributes", "Layer(3, 4) needs .neurons, a list of its 4 Neurons (the "
                      "last step reads them by this name).")
    own = [p for n in neurons for p in n.parameters()]
    if any(p is not q for p, q in zip(ps, own, strict=True)):
        raise Verdict("params-order", "Layer.parameters() must list the neurons' parameters "
                      "neuron by neuron: [p for n in self.neurons for p in n.parameters()].")
    starts = [[p.data for p in n.parameters()[:-1]] for n in neurons]
    if all(s == starts[0] for s in starts):
        raise Verdict("symmetric-start", "every neuron of Layer(3, 4) starts with the same "
                      "weights: they would compute the same thing, get the same gradient and "
                      "stay the same. Draw every weight at random.")
    values = [round(0.1 * ((5 * i) % 17) - 0.8, 2) for i in range(16)]
    _load(ps, values)
    x = [0.5, -1.2, 0.3]
    out = _output("Layer(3, 4)", layer, list(x), "Layer")
    if not isinstance(out, list | tuple) or not all(is_node(o) for o in out):
        raise Verdict("layer-output", f"Layer(3, 4)(x) returned {short(out)}: return the list "
                      "of the 4 neurons' outputs.")
    if len(out) != 4:
        raise Verdict("layer-output", f"Layer(3, 4)(x) returned {len(out)} outputs, expected "
                      "4: one per neuron.")
    for j, o in enumerate(out):
        w, b = values[4 * j:4 * j + 3], values[4 * j + 3]
        want = math.tanh(sum(wk * xk for wk, xk in zip(w, x, strict=True)) + b)
        if not _near(o.data, want):
            raise Verdict("layer-output", f"output {j} of Layer(3, 4)(x) is {fmt(o.data, 6)}, "
                          f"expected neuron {j}'s output {fmt(want, 6)}.")
    single = attempt("Layer(3, 1)(x)", lambda: Layer(3, 1)(list(x)))
    if isinstance(single, list | tuple):
        raise Verdict("one-output-list", f"Layer(3, 1)(x) returned a list of {len(single)}: "
                      "with one neuron, return the Value itself (out[0] if len(out) == 1), so "
                      "that a network with one output gives one Value.")


SIZES = [4, 3, 1]


def _reference(values: list[float], x: list[float]) -> tuple[Any, list[Any]]:
    model = BookMLP(2, SIZES)
    ps = model.parameters()
    _load(ps, values)
    out = model(x)
    out.backward()
    return out, ps


def check_mlp_class(MLP: Any) -> None:
    model = attempt("MLP(2, [4, 3, 1])", lambda: MLP(2, list(SIZES)))
    layers = getattr(model, "layers", None)
    if not isinstance(layers, list):
        raise Verdict("attributes", "MLP(2, [4, 3, 1]) needs .layers, the list of its Layers "
                      "(the last step reads it by this name).")
    if len(layers) != 3:
        raise Verdict("layer-count", f"MLP(2, [4, 3, 1]) has {len(layers)} layers, expected 3 "
                      "(2 → 4 → 3 → 1: one Layer per entry of sizes).")
    widths = [len(getattr(layer, "neurons", [])) for layer in layers]
    fan_in = [len(getattr(layer.neurons[0], "w", [])) if width else 0
              for layer, width in zip(layers, widths, strict=True)]
    if fan_in != [2, 4, 3] or widths != SIZES:
        raise Verdict("not-chained", f"MLP(2, [4, 3, 1]) has layers of {widths} neurons with "
                      f"{fan_in} inputs each; expected 4, 3, 1 neurons with 2, 4, 3 inputs: "
                      "layer l takes as many inputs as layer l − 1 has neurons.")
    ps = parameters("MLP(2, [4, 3, 1])", model, 31, "(2 + 1)·4 + (4 + 1)·3 + (3 + 1)·1 = 31 "
                    "Values, layer by layer", "MLP")
    own = [p for layer in layers for p in layer.parameters()]
    if any(p is not q for p, q in zip(ps, own, strict=True)):
        raise Verdict("params-order", "MLP.parameters() must list the layers' parameters "
                      "layer by layer: [p for layer in self.layers for p in layer.parameters()].")
    values = list(np.round(np.sin(np.arange(31) * 1.7) * 0.9, 3))
    _load(ps, values)
    x = [0.6, -0.4]
    out = _output("MLP(2, [4, 3, 1])", model, list(x), "MLP")
    right, right_ps = _reference(values, x)
    if isinstance(out, list | tuple):
        raise Verdict("one-output-list", f"MLP(2, [4, 3, 1])(x) returned a list of {len(out)}: "
                      "its last layer has one neuron, so it should return that Value (let "
                      "Layer return out[0] when it has one neuron).")
    if not is_node(out):
        raise Verdict("mlp-output", f"MLP(2, [4, 3, 1])(x) returned {short(out)}, not a Value.")
    if not _near(out.data, right.data):
        raise Verdict("mlp-output", f"MLP(2, [4, 3, 1])(x) is {fmt(out.data, 6)}, expected "
                      f"{fmt(right.data, 6)}: pass each layer's output on to the next (x = "
                      "layer(x)) and return the last one.")
    run_backward("MLP(2, [4, 3, 1])(x)", out)
    for i, (p, r) in enumerate(zip(ps, right_ps, strict=True)):
        if not _near(number(p.grad, f"parameter {i}'s .grad after backward"), r.grad):
            raise Verdict("mlp-gradient", f"after backward from the output, the gradient of "
                          f"parameter {i} (in parameters() order) is {fmt(p.grad, 6)}, right "
                          f"is {fmt(r.grad, 6)}: build every layer from Value operations, "
                          "passing Values (not .data) from layer to layer.")


def check_mlp(Neuron: Any, Layer: Any, MLP: Any, *, quiet: bool = False) -> Report:
    """Check the reader's ``Neuron``, ``Layer`` and ``MLP``, one class at a time."""

    def body(report: Report) -> None:
        check_neuron(Neuron)
        check_layer(Layer)
        check_mlp_class(MLP)

    return show(run("Neuron, Layer and MLP", body, True, success=SUCCESS), quiet)
