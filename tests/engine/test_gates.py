"""gates.py: what each kind of node does to the gradient, computed by the engine."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop_core.engine.gates import gate, gate_patterns
from backprop_core.errors import ArgumentError

NUMBERS = st.floats(-5, 5, allow_nan=False).filter(lambda v: abs(v) > 1e-3)


@given(a=NUMBERS, b=NUMBERS, g=NUMBERS)
def test_add_distributes_multiply_swaps_max_routes(a: float, b: float, g: float) -> None:
    add = gate("add", (a, b), (g,))
    assert [w.grad for w in add.inputs] == [g, g]
    mul = gate("multiply", (a, b), (g,))
    assert [w.grad for w in mul.inputs] == [pytest.approx(b * g), pytest.approx(a * g)]
    top = gate("max", (a, b), (g,))
    assert [w.grad for w in top.inputs] == ([g, 0.0] if a > b else [0.0, g])
    relu = gate("relu", (a,), (g,))
    assert relu.inputs[0].grad == (g if a > 0 else 0.0)


@given(a=NUMBERS, gs=st.lists(NUMBERS, min_size=1, max_size=5))
def test_a_copy_sums_what_its_copies_send_back(a: float, gs: list[float]) -> None:
    copy = gate("copy", (a,), gs)
    assert copy.inputs[0].grad == pytest.approx(sum(gs))
    assert [w.value for w in copy.outputs] == [a] * len(gs)
    if len(gs) == 2:
        assert gate("fork", (a,), gs).inputs[0].grad == pytest.approx(sum(gs))


def test_the_books_numbers() -> None:
    patterns = {p.kind: p for p in gate_patterns()}
    assert [w.grad for w in patterns["multiply"].inputs] == [-2.0, 6.0]
    assert [w.grad for w in patterns["max"].inputs] == [2.0, 0.0]
    assert patterns["relu"].inputs[0].grad == 0.0 and patterns["relu"].outputs[0].value == 0.0
    assert patterns["fork"].inputs[0].grad == 1.5 and patterns["copy"].inputs[0].grad == 2.5
    assert {p.rule for p in patterns.values()} >= {"distributes", "swaps", "routes"}


@pytest.mark.parametrize(("kind", "values", "upstream", "words"), [
    ("divide", (1.0, 2.0), (1.0,), "kind must be one of"),
    ("add", (1.0,), (1.0,), "an add gate takes 2 input value"),
    ("fork", (1.0,), (1.0,), "a fork gate takes 1 input value"),
    ("copy", (1.0,), (), "one or more upstream"),
])
def test_a_gate_that_cannot_be_built_is_named(kind: str, values: tuple[float, ...],
                                              upstream: tuple[float, ...], words: str) -> None:
    with pytest.raises(ArgumentError, match=words):
        gate(kind, values, upstream)
