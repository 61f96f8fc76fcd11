"""Mutation tests of step 3 of the capstone: the reader's Neuron, Layer and MLP.

The learner's classes refer to each other by name (Layer makes Neurons, MLP makes Layers),
so each solution here is built by ``classes(...)``, which wires three classes together with
some methods replaced, as a learner's notebook would.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from backprop_core.practice.capstone import check_mlp
from backprop_core.practice.capstone.reference import CoreValue, Value, mlp_classes


def classes(neuron: dict[str, Any] | None = None, layer: dict[str, Any] | None = None,
            mlp: dict[str, Any] | None = None, value: type = Value) -> tuple[type, type, type]:
    """A learner's three classes, micrograd's way, with the given methods replaced."""

    def n_init(self: Any, n_in: int) -> None:
        self.w = [value(random.uniform(-1, 1)) for _ in range(n_in)]
        self.b = value(0.0)

    def n_call(self: Any, x: list[Any]) -> Any:
        # zip without strict=, as learners write it: a wrong size passes silently
        return sum((w * xi for w, xi in zip(self.w, x)), self.b).tanh()  # noqa: B905

    def n_params(self: Any) -> list[Any]:
        return self.w + [self.b]

    def l_init(self: Any, n_in: int, n_out: int) -> None:
        self.neurons = [N(n_in) for _ in range(n_out)]

    def l_call(self: Any, x: list[Any]) -> Any:
        out = [n(x) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def l_params(self: Any) -> list[Any]:
        return [p for n in self.neurons for p in n.parameters()]

    def m_init(self: Any, n_in: int, sizes: list[int]) -> None:
        sz = [n_in, *sizes]
        self.layers = [L(sz[i], sz[i + 1]) for i in range(len(sizes))]

    def m_call(self: Any, x: list[Any]) -> Any:
        for layer in self.layers:
            x = layer(x)
        return x

    def m_params(self: Any) -> list[Any]:
        return [p for layer in self.layers for p in layer.parameters()]

    N = type("Neuron", (), {"__init__": n_init, "__call__": n_call, "parameters": n_params,
                            **(neuron or {})})
    L = type("Layer", (), {"__init__": l_init, "__call__": l_call, "parameters": l_params,
                           **(layer or {})})
    M = type("MLP", (), {"__init__": m_init, "__call__": m_call, "parameters": m_params,
                         **(mlp or {})})
    L.neuron_class, M.layer_class = N, L  # for the replaced methods below
    return N, L, M


def stub(self: Any, *args: Any) -> None:
    ...


# -- correct solutions --------------------------------------------------------------------------


def loop_call(self: Any, x: list[Any]) -> Any:
    z = self.b
    for w, xi in zip(self.w, x, strict=True):
        z = z + w * xi
    return z.tanh()


def reversed_product(self: Any, x: list[Any]) -> Any:
    """x * w instead of w * x: the number on the left, __rmul__ at work."""
    return (sum(xi * w for xi, w in zip(x, self.w, strict=True)) + self.b).tanh()


def listed_layers(self: Any, n_in: int, sizes: list[int]) -> None:
    self.layers = []
    for n_out in sizes:
        self.layers.append(self.layer_class(n_in, n_out))
        n_in = n_out


CORRECT = [
    ("the book's", mlp_classes(Value)),
    ("micrograd's", classes()),
    ("a loop", classes(neuron={"__call__": loop_call})),
    ("x * w", classes(neuron={"__call__": reversed_product})),
    ("a subclass of the book's Value", classes(value=type("V", (Value,), {}))),
    ("layers appended in a loop", classes(mlp={"__init__": listed_layers})),
]


@pytest.mark.parametrize(("style", "three"), CORRECT, ids=[c[0] for c in CORRECT])
def test_correct_solutions_pass(style: str, three: tuple[type, type, type]) -> None:
    report = check_mlp(*three, quiet=True)
    assert report.ok, f"{style}: {report}"


# -- plausible wrong ones ---------------------------------------------------------------------


def no_tanh(self: Any, x: list[Any]) -> Any:
    return sum((w * xi for w, xi in zip(self.w, x, strict=True)), self.b)


def no_bias(self: Any, x: list[Any]) -> Any:
    return sum(w * xi for w, xi in zip(self.w, x, strict=True)).tanh()


def bias_after(self: Any, x: list[Any]) -> Any:
    return sum(w * xi for w, xi in zip(self.w, x, strict=True)).tanh() + self.b


def detached(self: Any, x: list[Any]) -> Any:
    xs = [xi.data if hasattr(xi, "data") else xi for xi in x]
    return sum((w * xi for w, xi in zip(self.w, xs, strict=True)), self.b).tanh()


def floats_out(self: Any, x: list[Any]) -> Any:
    return loop_call(self, x).data


def shared_weights(self: Any, n_in: int) -> None:
    self.w = [Value(random.uniform(-1, 1))] * n_in
    self.b = Value(0.0)


def zero_weights(self: Any, n_in: int) -> None:
    self.w = [Value(0.0) for _ in range(n_in)]
    self.b = Value(0.0)


def weights_init(self: Any, n_in: int) -> None:
    self.weights = [Value(random.uniform(-1, 1)) for _ in range(n_in)]
    self.b = Value(0.0)


def weights_call(self: Any, x: list[Any]) -> Any:
    return sum((w * xi for w, xi in zip(self.weights, x, strict=True)), self.b).tanh()


def weights_params(self: Any) -> list[Any]:
    return self.weights + [self.b]


def w_only(self: Any) -> list[Any]:
    return self.w


def bias_first(self: Any) -> list[Any]:
    return [self.b, *self.w]


def copies(self: Any) -> list[Any]:
    return [Value(p.data) for p in [*self.w, self.b]]


def numbers(self: Any) -> list[Any]:
    return [p.data for p in [*self.w, self.b]]


def params_none(self: Any) -> None:
    self.w + [self.b]  # noqa: B018  (forgot the return)


def nested(self: Any) -> list[Any]:
    return [n.parameters() for n in self.neurons]


def weights_then_biases(self: Any) -> list[Any]:
    return [w for n in self.neurons for w in n.w] + [n.b for n in self.neurons]


def always_list(self: Any, x: list[Any]) -> Any:
    return [n(x) for n in self.neurons]


def unchained(self: Any, n_in: int, sizes: list[int]) -> None:
    self.layers = [self.layer_class(n_in, n_out) for n_out in sizes]


def not_passed_on(self: Any, x: list[Any]) -> Any:
    for layer in self.layers:
        out = layer(x)
    return out


def shared_neuron_layer(self: Any, n_in: int, n_out: int) -> None:
    neuron = self.neuron_class(n_in)
    self.neurons = [neuron] * n_out


def sigmoid_call(self: Any, x: list[Any]) -> Any:
    z = sum((w * xi for w, xi in zip(self.w, x, strict=True)), self.b)
    return 1 / (1 + (-z).exp())  # the sigmoid of other chapters, not tanh


def weights_detached(self: Any, x: list[Any]) -> Any:
    return sum((w.data * xi for w, xi in zip(self.w, x, strict=True)), self.b).tanh()


def generator_params(self: Any) -> Any:
    return (p for p in [*self.w, self.b])


def units_init(self: Any, n_in: int, n_out: int) -> None:
    self.units = [self.neuron_class(n_in) for _ in range(n_out)]


def units_call(self: Any, x: list[Any]) -> Any:
    out = [n(x) for n in self.units]
    return out[0] if len(out) == 1 else out


def units_params(self: Any) -> list[Any]:
    return [p for n in self.units for p in n.parameters()]


def generator_call(self: Any, x: list[Any]) -> Any:
    return (n(x) for n in self.neurons)


def off_by_one_call(self: Any, x: list[Any]) -> Any:
    out = [self.neurons[i](x) for i in range(len(self.neurons) - 1)]
    return out[0] if len(self.neurons) == 1 else out


def reversed_call(self: Any, x: list[Any]) -> Any:
    out = [n(x) for n in reversed(self.neurons)]
    return out[0] if len(out) == 1 else out


def stack_init(self: Any, n_in: int, sizes: list[int]) -> None:
    sz = [n_in, *sizes]
    self.stack = [self.layer_class(sz[i], sz[i + 1]) for i in range(len(sizes))]


def stack_call(self: Any, x: list[Any]) -> Any:
    for layer in self.stack:
        x = layer(x)
    return x


def stack_params(self: Any) -> list[Any]:
    return [p for layer in self.stack for p in layer.parameters()]


def last_layer_dropped(self: Any, n_in: int, sizes: list[int]) -> None:
    sz = [n_in, *sizes]
    self.layers = [self.layer_class(sz[i], sz[i + 1]) for i in range(len(sizes) - 1)]


def layers_reversed(self: Any) -> list[Any]:
    return [p for layer in reversed(self.layers) for p in layer.parameters()]


def wrapped_output(self: Any, x: list[Any]) -> Any:
    for layer in self.layers:
        x = layer(x)
    return [x]


def data_output(self: Any, x: list[Any]) -> Any:
    for layer in self.layers:
        x = layer(x)
    return x.data


def data_between_layers(self: Any, x: list[Any]) -> Any:
    for layer in self.layers[:-1]:
        x = [v.data for v in layer(x)]
    return self.layers[-1](x)


MUTANTS: list[tuple[str, tuple[type, type, type], str]] = [
    ("not-written", classes(neuron={"parameters": stub}), "Neuron.parameters is not written"),
    ("not-written", classes(neuron={"__call__": stub}), "Neuron.__call__ is not written"),
    ("not-written", classes(layer={"parameters": stub}), "Layer.parameters is not written"),
    ("not-written", classes(neuron={"parameters": params_none}), "returned None"),
    ("no-activation", classes(neuron={"__call__": no_tanh}), "apply tanh"),
    ("no-bias", classes(neuron={"__call__": no_bias}), "the bias is missing"),
    ("bias-after", classes(neuron={"__call__": bias_after}), "added after tanh"),
    ("inputs-detached", classes(neuron={"__call__": detached}), "x_k.data"),
    ("not-a-value", classes(neuron={"__call__": floats_out}), "as a Value"),
    ("shared-values", classes(neuron={"__init__": shared_weights}),
     "[Value(random.uniform(-1, 1))] * n_in makes one Value"),
    ("symmetric-start", classes(neuron={"__init__": zero_weights}), "the same weights"),
    ("attributes", classes(neuron={"__init__": weights_init, "__call__": weights_call,
                                   "parameters": weights_params}), "needs .w"),
    ("params-count", classes(neuron={"parameters": w_only}), "has 3 Values, expected 4"),
    ("params-order", classes(neuron={"parameters": bias_first}), "weights first, then the bias"),
    ("params-copies", classes(neuron={"parameters": copies}), "not copies"),
    ("params-not-values", classes(neuron={"parameters": numbers}), "not numbers"),
    ("params-nested", classes(layer={"parameters": nested}), "a list of lists"),
    ("params-order", classes(layer={"parameters": weights_then_biases}), "neuron by neuron"),
    ("shared-values", classes(layer={"__init__": shared_neuron_layer}),
     "[Neuron(n_in)] * n_out makes one Neuron"),
    ("one-output-list", classes(layer={"__call__": always_list}), "the Value itself"),
    ("not-chained", classes(mlp={"__init__": unchained}), "with [2, 2, 2] inputs each"),
    ("mlp-output", classes(mlp={"__call__": not_passed_on}), "x = layer(x)"),
    ("no-parameters", classes(neuron={"parameters": None}), "has no method parameters()"),
    ("params-type", classes(neuron={"parameters": generator_params}), "return a list of Values"),
    ("neuron-output", classes(neuron={"__call__": sigmoid_call}), "expected tanh(w·x + b)"),
    ("neuron-gradient", classes(neuron={"__call__": weights_detached}), "∂a/∂w[0] is 0"),
    ("attributes", classes(layer={"__init__": units_init, "__call__": units_call,
                                  "parameters": units_params}), "needs .neurons"),
    ("layer-output", classes(layer={"__call__": generator_call}), "return the list"),
    ("layer-output", classes(layer={"__call__": off_by_one_call}), "returned 3 outputs"),
    ("layer-output", classes(layer={"__call__": reversed_call}), "expected neuron 0's output"),
    ("attributes", classes(mlp={"__init__": stack_init, "__call__": stack_call,
                                "parameters": stack_params}), "needs .layers"),
    ("layer-count", classes(mlp={"__init__": last_layer_dropped}), "has 2 layers, expected 3"),
    ("params-order", classes(mlp={"parameters": layers_reversed}), "layer by layer"),
    ("one-output-list", classes(mlp={"__call__": wrapped_output}), "returned a list of 1"),
    ("mlp-output", classes(mlp={"__call__": data_output}), "not a Value"),
    ("mlp-gradient", classes(mlp={"__call__": data_between_layers}),
     "passing Values (not .data) from layer to layer"),
]


@pytest.mark.parametrize(("mistake", "three", "words"), MUTANTS,
                         ids=[f"{m[0]}-{i}" for i, m in enumerate(MUTANTS)])
def test_each_wrong_solution_gets_its_own_hint(mistake: str, three: tuple[type, type, type],
                                               words: str) -> None:
    report = check_mlp(*three, quiet=True)
    assert not report.ok
    text = " ".join(str(report).split())
    assert report.mistake == mistake, text
    assert words in text, text


def test_classes_on_the_core_value_fail_where_tanh_is_missing() -> None:
    report = check_mlp(*classes(value=CoreValue), quiet=True)
    assert report.mistake == "crash" and "has no attribute 'tanh'" in str(report)
