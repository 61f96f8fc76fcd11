"""steps.py: the step trace of the forward and backward sweeps."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest

from backprop_core.engine.examples import example_graph, exercise_graph
from backprop_core.engine.labels import Labels, adjoint_symbol, edges
from backprop_core.engine.trace import trace
from backprop_core.engine.value import Value
from backprop_core.networks.forms import network_graph
from backprop_core.networks.network import Network


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def test_trace_lists_forward_then_backward_steps_with_numbers() -> None:
    g = example_graph()
    steps = trace(g["o"])
    forward = [s for s in steps if s.phase == "forward"]
    backward = [s for s in steps if s.phase == "backward"]
    assert steps[: len(forward)] == forward  # all forward steps come first
    assert [s.label for s in forward] == ["a", "b", "c", "d", "cd", "o"]
    assert forward[2].formula == "c = a + b = 2 + 3 = 5"
    assert forward[0].formula == "a = 2"
    assert len(backward) == 1 + len(edges(g["o"]))
    assert backward[0].formula == nfc("o\u0304 = ∂o/∂o = 1")
    last_a = [s for s in backward if s.label == "a"][-1]
    assert last_a.formula == nfc("a\u0304 += c\u0304 · ∂c/∂a = 3 · 1 = 3   (∂c/∂a = 1)")
    into_cd = next(s for s in backward if s.label == "cd")
    assert into_cd.formula == nfc("c\u0305d\u0305 += o\u0304 · ∂o/∂cd = 1 · 0.5 = 0.5   "
                                  "(∂o/∂cd = 1/2)")
    assert last_a.value == pytest.approx(10.5) and last_a.contribution == pytest.approx(3.0)
    assert last_a.node is g["a"] and last_a.child is g["c"]
    # the running sums end at the gradients that backward() computed
    final = {s.node: s.value for s in backward}
    assert all(final[node] == pytest.approx(node.grad) for node in g.values())


def _traced_graphs() -> list[Value]:
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    c = a + b
    c.label = "c"
    o = a * c  # a reaches o directly and through c: ∂o/∂a = c = -1, but ā = c + a = 1
    o.label = "o"
    net = Network.from_sizes([2, 2, 2], activations="sigmoid", seed=3)
    cost = network_graph(net, np.array([0.5, -1.0]), np.array([1.0, 0.0])).cost
    return [example_graph()["o"], exercise_graph()["e"], o, cost]


@pytest.mark.parametrize("output", _traced_graphs(), ids=["example", "exercise", "a·c", "net"])
def test_trace_writes_adjoints_and_local_derivatives_with_different_symbols(output: Value
                                                                          ) -> None:
    backward = [s for s in trace(output) if s.phase == "backward"]
    n = Labels(output)
    o = output.label
    assert backward[0].formula == f"{adjoint_symbol(o)} = ∂{o}/∂{o} = 1"
    for s in backward[1:]:
        assert s.node is not None and s.child is not None
        head, _, numbers = s.formula.partition(" = ")
        # 'p̄ += c̄ · ∂c/∂p': the only ∂ is the local derivative of this step's edge
        c, p = n.grouped(s.child), n.grouped(s.node)
        bar_p, bar_c = n.adjoint(s.node), n.adjoint(s.child)
        assert head == f"{bar_p} += {bar_c} · ∂{c}/∂{p}"
        assert head.count("∂") == 2
        assert "∂" not in bar_p + bar_c
        # negative factors in brackets, and no '+ -' or '-0' anywhere
        factors = numbers.split(" = ")[0].split(" · ")
        assert all(f.startswith("(-") or not f.startswith("-") for f in factors), s.formula
        assert "+ -" not in s.formula and "-0 " not in s.formula + " "
    # the example with two paths: the edge a -> o and the adjoint of a are different numbers
    if o == "o" and output.parents and output.parents[0].label == "a":
        step = next(s for s in backward if s.label == "a" and s.child is output)
        assert step.formula.startswith(nfc("a\u0304 += o\u0304 · ∂o/∂a = 1 · (-1) = -1"))
        assert output.parents[0].grad == 1.0


def test_the_trace_records_the_engines_own_sweep() -> None:
    # a is used twice by one operation: two backward steps, one per edge, each carrying
    # the edge's own local derivative a = 3; their sum is ∂o/∂a = 6
    a = Value(3.0, "a")
    o = a * a
    o.label = "o"
    into_a = [s for s in trace(o) if s.phase == "backward" and s.child is o]
    assert [(s.edge, s.contribution, s.value) for s in into_a] == [(0, 3.0, 3.0), (1, 3.0, 6.0)]
    assert a.grad == 6.0


def test_unnamed_nodes_are_numbered_in_the_traced_graph() -> None:
    def cell() -> list[str]:  # the same cell, run twice in one kernel
        x, y = Value(2.0), Value(3.0)
        return [s.formula for s in trace(x * y + x)]

    first = cell()
    assert first == cell()
    assert first[2] == "x1·x2 = x1·x2 = 2·3 = 6"


def test_the_trace_is_recorded_by_backward_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    o = example_graph()["o"]
    calls: list[object] = []
    original = Value.backward

    def spy(self: Value, on_edge: object = None) -> None:
        calls.append(on_edge)
        original(self, on_edge)  # type: ignore[arg-type]

    monkeypatch.setattr(Value, "backward", spy)
    steps = trace(o)
    assert len(calls) == 1 and callable(calls[-1])  # one sweep, with the recording hook
    assert sum(s.phase == "backward" for s in steps) == 1 + 7  # ō, then one step per edge
