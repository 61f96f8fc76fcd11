"""labels.py: formula labels, numbered per graph and built only when asked for; edges."""

from __future__ import annotations

import pytest

from backprop_core.engine.examples import example_graph
from backprop_core.engine.labels import Labels, adjoint_symbol, edges, factor
from backprop_core.engine.neurons import half_squared_error, weighted_sum
from backprop_core.engine.value import (
    Value,
    exp,
    sigmoid,
    tanh,
    topological_order,
)
from backprop_core.formatting import fmt


def test_default_labels_are_inputs_then_expressions() -> None:
    x = Value(1.0)
    y = Value(2.0)
    xy = x * y
    s = xy + x
    names = Labels(s)
    assert [names[v] for v in (x, y, xy)] == ["x1", "x2", "x1·x2"]
    assert names[s] == s.label == "x1·x2 + x1"
    assert x.label == y.label == "x1"  # alone, each is the first input of its own graph
    a, b = Value(1.0, "a"), Value(2.0, "b")
    assert (a + b).label == "a + b"
    assert ((a + b) * (b + 1)).label == "(a + b)·(b + 1)"
    assert (a - (b - a)).label == "a - (b - a)"
    assert (-(a * b)).label == "-(a·b)"
    assert ((a**2) ** 3).label == "(a^2)^3"
    assert (2 * a / b).label == "(2·a)/b"  # brackets whenever precedence is equal
    assert (3 / (a + b)).label == "3/(a + b)"
    assert exp(a + b).label == "exp(a + b)"
    long = tanh(a * b + exp(a) / b) * sigmoid(b)
    assert long.label == "t1"  # a long expression gets a short name, counted in its graph
    assert Labels(long)[long.parents[0]] == "tanh(a·b + exp(a)/b)"
    twice = long * 2
    assert Labels(long + twice)[twice] == "t1·2"


def test_labels_are_numbered_per_graph_not_per_kernel() -> None:
    def cell() -> list[str]:  # the same cell, run twice in one kernel
        x, y = Value(2.0), Value(3.0)
        z = tanh(x * y + exp(x) / y) * sigmoid(y) + x
        names = Labels(z)
        return [names[node] for node in topological_order(z)] + [z.label]

    first = cell()
    assert first == cell()
    assert first[:2] == ["x1", "x2"] and "t1" in first


def test_labels_are_written_only_when_asked_for() -> None:
    a = Value(1.0, "a")
    b = a + 1
    names = Labels(b)
    a.label = "renamed"  # a later name shows: nothing was written while building
    assert names[b] == "renamed + 1"


def test_brackets_come_from_the_structure() -> None:
    a, b = Value(1.0, "a"), Value(2.0, "b")
    named = a + b
    named.label = "a + b"  # a name is an atom, whatever its text
    assert (named * b).label == "a + b·b"
    assert (a - b - a).label == "(a - b) - a" and (a * (b * a)).label == "a·b·a"


def test_edges_hold_parent_child_and_local_derivative() -> None:
    g = example_graph()
    table = {(e.parent.label, e.child.label): (e.local, e.rule) for e in edges(g["o"])}
    assert table == {
        ("a", "c"): (1.0, "1"), ("b", "c"): (1.0, "1"),
        ("a", "d"): (3.0, "b"), ("b", "d"): (2.0, "a"),
        ("c", "cd"): (6.0, "d"), ("d", "cd"): (5.0, "c"),
        ("cd", "o"): (0.5, "1/2"),
    }
    assert str(edges(g["o"])[2]) == "∂d/∂a = b = 3"


def test_local_rules_are_stated_for_every_operation() -> None:
    a, b = Value(2.0, "a"), Value(4.0, "b")
    assert (a / b).local_rules() == ("1/b", "-a/b^2")
    assert (a**3).local_rules() == ("3·a^2",)
    assert (2 / a).local_rules() == ("-2/a^2",)
    assert a.tanh().local_rules() == ("1 - tanh(a)^2",)
    assert a.sigmoid().local_rules() == ("σ(a)·(1 - σ(a))",)
    assert a.relu().local_rules() == ("[a > 0]",)
    assert a.log().local_rules() == ("1/a",)
    assert (a - b).local_derivatives == (1.0, -1.0)


def test_adjoint_symbol_bars_the_letter_or_the_whole_label() -> None:
    assert adjoint_symbol("a") == "\u0101"  # ā, composed
    assert adjoint_symbol("a¹₁") == "\u0101¹₁" and adjoint_symbol("z²₂") == "z\u0304²₂"
    assert adjoint_symbol("C") == "C\u0304" and adjoint_symbol("x₁") == "x\u0304₁"
    assert adjoint_symbol("cd") == "c\u0305d\u0305"
    assert adjoint_symbol("a + b", compound=True) == "".join(ch + "\u0305" for ch in "(a + b)")
    a, b = Value(1.0, "a"), Value(2.0, "b")
    s = a + b
    assert Labels(s).adjoint(s) == adjoint_symbol("a + b", compound=True)


def test_numbers_in_formulas_have_no_negative_zero_and_bracketed_negative_factors() -> None:
    assert fmt(-0.0) == "0" and fmt(-0.5) == "-0.5"
    assert factor(-0.597) == "(-0.597)" and factor(0.25) == "0.25" and factor(-0.0) == "0"


def test_a_zero_target_or_bias_adds_no_term() -> None:
    a, b = Value(0.4, "a"), Value(0.2, "b")
    c = half_squared_error([a, b], [1.0, 0.0])
    assert c.expression() == "½·((a - 1)^2 + (b)^2)"
    assert c.expression(numbers=True) == "½·((0.4 - 1)^2 + (0.2)^2)"
    assert c.local_rules() == ("a - 1", "b")
    assert half_squared_error([a], [-0.0]).expression() == "½·(a)^2"
    assert weighted_sum([a], [2.0], -0.0).expression() == "2·a"
    assert weighted_sum([a, b], [2.0, -0.0]).expression() == "2·a + 0·b"


def test_repr_and_expression_show_values() -> None:
    g = example_graph()
    assert repr(g["o"]) == "Value(o=15, grad=1)"
    assert g["o"].expression() == "cd/2" and g["o"].expression(numbers=True) == "30/2"
    neg = Value(-3.0, "n") * Value(2.0, "m")
    assert neg.expression(numbers=True) == "(-3)·2"
    assert Value(1.0).is_leaf and not neg.is_leaf


def test_weighted_sum_and_half_squared_error_read_as_formulas() -> None:
    a, b = Value(1.0, "a"), Value(-0.5, "b")
    z = weighted_sum([a, b], [0.5, -0.3], 0.1)
    assert z.expression() == "0.5·a - 0.3·b + 0.1"
    assert z.expression(numbers=True) == "0.5·1 - 0.3·(-0.5) + 0.1"
    assert z.local_rules() == ("0.5", "-0.3")
    assert weighted_sum([a], [2.0]).expression() == "2·a"  # no bias term when b = 0
    c = half_squared_error([a, b], [0.2, -0.3])
    assert c.expression() == "½·((a - 0.2)^2 + (b + 0.3)^2)"
    assert c.local_rules() == ("a - 0.2", "b + 0.3")
    assert half_squared_error([a], [0.2]).expression() == "½·(a - 0.2)^2"
    # on numbers they are plain arithmetic
    assert weighted_sum([1.0, 2.0], [3.0, 4.0], 1.0) == 12.0
    assert half_squared_error([1.0, 2.0], [0.0, -1.0]) == 5.0


def test_building_and_backward_write_no_label(monkeypatch: pytest.MonkeyPatch) -> None:
    import backprop_core.engine.labels as labels

    def refuse(*_: object) -> None:
        raise AssertionError("a label was written while building or differentiating")

    monkeypatch.setattr(labels.Labels, "__init__", refuse)
    x, y = Value(0.5), Value(-1.5)
    out = half_squared_error([tanh(weighted_sum([x, y], [2.0, 3.0], 0.1)) * x ** 2 / y], [1.0])
    out.backward()
    assert x.grad != 0.0 and y.grad != 0.0
