"""The engine checks itself: each operation's Formula, filled with its parents' values,
evaluates to the local derivative the code computed (and its forward rule to the value).

A template is text for readers (traces, players, error messages); the number is what
``backward`` uses. They are written side by side in ``engine/value.py`` and nothing else
ties them together, so this test reads the text back as arithmetic.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop_core.engine.formulas import Formula
from backprop_core.engine.neurons import half_squared_error, weighted_sum
from backprop_core.engine.value import Value

# numbers with at most 4 significant digits: the labels write values with fmt (.4g), so
# these are filled in exactly and the text must give the code's derivative to rounding
EXACT = st.sampled_from([-2.5, -1.25, -0.75, -0.5, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0])
POSITIVE = st.sampled_from([0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0])
CONSTANT = st.sampled_from([-3.0, -0.5, 0.5, 2.0, 3.0])


def evaluate(text: str) -> float:
    """A filled template as Python arithmetic ('1 - tanh(0.5)^2', '[0.5 > 0]', 'σ(2)')."""
    expr = (text.replace("·", "*").replace("^", "**").replace("½", "0.5")
            .replace("σ(", "sigmoid(").replace("−", "-").replace("≤", "<="))
    expr = re.sub(r"\[([^\]]+)\]", r"(1.0 if \1 else 0.0)", expr)
    names = {"exp": math.exp, "log": math.log, "tanh": math.tanh, "relu": lambda x: max(0, x),
             "sigmoid": lambda x: 1 / (1 + math.exp(-x)), "max": max}
    return float(eval(expr, {"__builtins__": {}}, names))  # noqa: S307 (our own templates)


def check(node: Value) -> None:
    assert node.expression(numbers=True), node.formula
    assert evaluate(node.expression(numbers=True)) == pytest.approx(node.data, rel=1e-3)
    rules = node.local_rules(numbers=True)
    assert len(rules) == len(node.parents) == len(node.local_derivatives)
    for text, local in zip(rules, node.local_derivatives, strict=True):
        assert evaluate(text) == pytest.approx(local, rel=1e-3, abs=1e-3), (node.formula, text)


UNARY: dict[str, Callable[[Value], Value]] = {
    "neg": lambda a: -a, "exp": Value.exp, "tanh": Value.tanh, "sigmoid": Value.sigmoid,
    "relu": Value.relu,
}
BINARY: dict[str, Callable[[Value, Value], Value]] = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b, "max": lambda a, b: a.max(b),
}
WITH_CONSTANT: dict[str, Callable[[Value, float], Value]] = {
    "add_k": lambda a, k: a + k, "k_add": lambda a, k: k + a, "sub_k": lambda a, k: a - k,
    "k_sub": lambda a, k: k - a, "mul_k": lambda a, k: a * k, "k_mul": lambda a, k: k * a,
    "div_k": lambda a, k: a / k, "k_div": lambda a, k: k / a,
}


@pytest.mark.parametrize("op", sorted(UNARY))
@given(x=EXACT)
def test_unary_formulas(op: str, x: float) -> None:
    check(UNARY[op](Value(x, "a")))


@given(x=POSITIVE)
def test_log_formula(x: float) -> None:
    check(Value(x, "a").log())


@pytest.mark.parametrize("op", sorted(BINARY))
@given(x=EXACT, y=EXACT)
def test_binary_formulas(op: str, x: float, y: float) -> None:
    check(BINARY[op](Value(x, "a"), Value(y, "b")))


@pytest.mark.parametrize("op", sorted(BINARY))
@given(x=EXACT)
def test_an_operation_on_one_node_twice(op: str, x: float) -> None:
    """a + a, a·a: two edges from one parent, each with its own local derivative."""
    a = Value(x, "a")
    check(BINARY[op](a, a))


@pytest.mark.parametrize("op", sorted(WITH_CONSTANT))
@given(x=EXACT, k=CONSTANT)
def test_formulas_with_a_constant(op: str, x: float, k: float) -> None:
    check(WITH_CONSTANT[op](Value(x, "a"), k))


@given(x=POSITIVE, k=st.sampled_from([-2.0, -1.0, 0.5, 2.0, 3.0]))
def test_power_formula(x: float, k: float) -> None:
    check(Value(x, "a") ** k)


@given(xs=st.lists(EXACT, min_size=1, max_size=3), b=EXACT, data=st.data())
def test_neuron_and_squared_error_formulas(xs: list[float], b: float, data: st.DataObject
                                           ) -> None:
    nodes = [Value(x, f"a{i}") for i, x in enumerate(xs)]
    w = data.draw(st.lists(EXACT, min_size=len(xs), max_size=len(xs)))
    check(weighted_sum(nodes, w, b))
    y = data.draw(st.lists(EXACT, min_size=len(xs), max_size=len(xs)))
    check(half_squared_error(nodes, y))


def test_every_operation_is_covered() -> None:
    """A new operation must be added above (its Formula's op name listed here)."""
    from backprop_core.engine import formulas

    ops = {f.op for f in vars(formulas).values() if isinstance(f, Formula)} - {""}
    covered = {"+", "-", "*", "/", "**", "neg", "exp", "log", "tanh", "sigmoid", "relu", "max"}
    assert ops == covered


def test_a_wrong_template_is_caught() -> None:
    """The check can fail: a product whose rule names the wrong parent."""
    node = Value(2.0, "a") * Value(3.0, "b")
    object.__setattr__(node, "_form", Formula("*", "{0}·{1}", ("{r0}", "{r1}"), 2, 2))
    with pytest.raises(AssertionError):
        check(node)
