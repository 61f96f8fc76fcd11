"""graph.py: scalar nodes, local derivatives, reverse mode, inspection and the trace."""

from __future__ import annotations

import math
import unicodedata
from typing import Any

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    BackpropError,
    DomainError,
    NonFiniteError,
)
from backprop_core.forms import network_graph
from backprop_core.gradcheck import check_scalar_graph
from backprop_core.graph import (
    Value,
    _wrap,
    adjoint_symbol,
    edges,
    example_graph,
    example_nodes,
    exercise_graph,
    exp,
    factor,
    fmt,
    half_squared_error,
    log,
    relu,
    sigmoid,
    tanh,
    topological_order,
    trace,
    weighted_sum,
)
from backprop_core.network import Network


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# Each case: a function written with the generic ops (runs on floats and Values), the same
# function in autograd.numpy, and inputs where it is smooth.
CASES = {
    "add": (lambda a, b: a + b, lambda a, b: a + b),
    "sub": (lambda a, b: a - b, lambda a, b: a - b),
    "mul": (lambda a, b: a * b, lambda a, b: a * b),
    "div": (lambda a, b: a / b, lambda a, b: a / b),
    "pow": (lambda a, b: a**3 + b**0.5, lambda a, b: a**3 + b**0.5),
    "neg": (lambda a, b: -a * b, lambda a, b: -a * b),
    "exp": (lambda a, b: exp(a) * b, lambda a, b: anp.exp(a) * b),
    "log": (lambda a, b: log(b) * a, lambda a, b: anp.log(b) * a),
    "tanh": (lambda a, b: tanh(a * b), lambda a, b: anp.tanh(a * b)),
    "sigmoid": (lambda a, b: sigmoid(a - b), lambda a, b: 1 / (1 + anp.exp(-(a - b)))),
    "relu": (lambda a, b: relu(a) * b + relu(-b), lambda a, b: anp.maximum(a, 0) * b),
    "radd": (lambda a, b: 2 + a + b * 3, lambda a, b: 2 + a + b * 3),
    "rsub": (lambda a, b: 1 - a - (b - 4), lambda a, b: 1 - a - (b - 4)),
    "rmul": (lambda a, b: 2.5 * a * b, lambda a, b: 2.5 * a * b),
    "rtruediv": (lambda a, b: 3 / a + b / 4, lambda a, b: 3 / a + b / 4),
    "composite": (
        lambda a, b: tanh(a * b + exp(a) / b) * sigmoid(b) - log(a * a + 1) ** 2,
        lambda a, b: (anp.tanh(a * b + anp.exp(a) / b) / (1 + anp.exp(-b))
                      - anp.log(a * a + 1) ** 2),
    ),
}


def test_example_graph_has_the_numbers_of_source_001() -> None:
    g = example_graph(a=2.0, b=3.0)
    assert (g["c"].data, g["d"].data, g["o"].data) == (5.0, 6.0, 15.0)
    assert g["a"].grad == pytest.approx(10.5)
    assert g["b"].grad == pytest.approx(8.0)
    assert g["c"].grad == pytest.approx(3.0)
    assert g["d"].grad == pytest.approx(2.5)
    assert [g[k].label for k in g] == ["a", "b", "c", "d", "cd", "o"]


def test_example_nodes_on_floats_compute_the_same_values() -> None:
    values = example_nodes(2.0, 3.0)
    assert values["o"] == 15.0 and values["cd"] == 30.0


def test_exercise_graph_gradients_match_the_closed_form() -> None:
    for a, b in [(2.0, 1.0), (-1.5, 0.25)]:
        g = exercise_graph(a, b)
        assert g["e"].data == pytest.approx((a + b) * (b + 1))
        assert g["a"].grad == pytest.approx(b + 1)
        assert g["b"].grad == pytest.approx(a + 2 * b + 1)


@pytest.mark.parametrize("name", sorted(CASES))
@settings(max_examples=15, deadline=None)
@given(a=st.floats(0.2, 3.0), b=st.floats(0.2, 3.0))
def test_every_operation_passes_the_gradient_check(name: str, a: float, b: float) -> None:
    f, _ = CASES[name]
    result = check_scalar_graph(f, a, b)
    assert result.ok, result


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_operation_agrees_with_autograd(name: str) -> None:
    f, f_autograd = CASES[name]
    for a, b in [(0.7, 1.3), (2.1, 0.4), (1.0, 2.5)]:
        x, y = Value(a), Value(b)
        out = f(x, y)
        out.backward()
        assert out.data == pytest.approx(float(f_autograd(a, b)), rel=1e-12)
        assert x.grad == pytest.approx(float(grad(f_autograd, 0)(a, b)), rel=1e-9)
        assert y.grad == pytest.approx(float(grad(f_autograd, 1)(a, b)), rel=1e-9)


def test_a_node_used_twice_gets_both_paths() -> None:
    a = Value(3.0, "a")
    square = a * a
    assert square.parents == (a, a)
    square.backward()
    assert a.grad == 6.0  # ∂(a·a)/∂a = a + a: one term per edge


def test_backward_twice_gives_the_same_gradients() -> None:
    g = example_graph()
    first = [node.grad for node in g.values()]
    g["o"].backward()
    g["o"].backward()
    assert [node.grad for node in g.values()] == first


def test_backward_from_an_inner_node_resets_only_that_graph() -> None:
    g = example_graph()
    g["c"].backward()
    assert (g["a"].grad, g["b"].grad, g["c"].grad) == (1.0, 1.0, 1.0)


def test_default_labels_are_inputs_then_expressions() -> None:
    x = Value(1.0)
    y = Value(2.0)
    assert x.label.startswith("x") and x.label != y.label
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
    assert long.label.startswith("t")  # a long expression gets a short name


def test_value_is_used_by_numpy_scalars_through_reflected_operators() -> None:
    a = Value(2.0, "a")
    out = np.float64(3.0) * a
    assert isinstance(out, Value) and out.data == 6.0


def test_unsupported_operands_raise_type_error() -> None:
    a = Value(2.0)
    with pytest.raises(TypeError):
        a + "1"  # type: ignore[operator]
    with pytest.raises(TypeError):
        a ** Value(2.0)  # type: ignore[operator]
    for op in ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__",
               "__truediv__", "__rtruediv__", "__pow__"):
        assert getattr(a, op)("x") is NotImplemented


def test_log_of_a_non_positive_number_names_the_node() -> None:
    with pytest.raises(ValueError, match=r"^log needs a positive input, but a = -1$"):
        Value(-1.0, "a").log()


def test_overflow_is_reported_not_hidden() -> None:
    with pytest.raises(NonFiniteError, match=r"exp\(z\) overflows float64 at z = 1000"):
        Value(1000.0, "z").exp()
    with pytest.raises(NonFiniteError, match=r"z\^400 overflows"):
        _ = Value(1e3, "z") ** 400


def test_sigmoid_and_tanh_are_finite_and_exact_at_1000() -> None:
    for z, s, ds in [(1000.0, 1.0, 0.0), (-1000.0, 0.0, 0.0)]:
        x = Value(z)
        out = x.sigmoid()
        out.backward()
        assert (out.data, x.grad) == (s, ds)
        x = Value(z)
        out = x.tanh()
        out.backward()
        assert (out.data, x.grad) == (math.copysign(1.0, z), 0.0)
    assert sigmoid(1000.0) == 1.0 and sigmoid(-1000.0) == 0.0
    assert relu(-2.0) == 0.0 and relu(2.0) == 2.0
    assert exp(0.0) == 1.0 and log(1.0) == 0.0 and tanh(0.0) == 0.0


def test_relu_derivative_is_zero_at_the_kink() -> None:
    x = Value(0.0)
    out = x.relu()
    out.backward()
    assert (out.data, x.grad) == (0.0, 0.0)


def test_topological_order_puts_parents_first_and_handles_deep_chains() -> None:
    g = example_graph()
    order = topological_order(g["o"])
    position = {node: i for i, node in enumerate(order)}
    for node in order:
        assert all(position[p] < position[node] for p in node.parents)
    x = Value(0.0, "x")
    node = x
    for _ in range(5000):  # deeper than Python's recursion limit
        node = node + 1
    node.backward()
    assert x.grad == 1.0 and len(topological_order(node)) == 5001


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
    o = output.label
    assert backward[0].formula == f"{adjoint_symbol(o)} = ∂{o}/∂{o} = 1"
    for s in backward[1:]:
        assert s.node is not None and s.child is not None
        head, _, numbers = s.formula.partition(" = ")
        # 'p̄ += c̄ · ∂c/∂p': the only ∂ is the local derivative of this step's edge
        c, p = _wrap(s.child.label), _wrap(s.node.label)
        bar_p, bar_c = adjoint_symbol(s.node.label), adjoint_symbol(s.child.label)
        assert head == f"{bar_p} += {bar_c} · ∂{c}/∂{p}"
        assert head.count("∂") == 2
        assert "∂" not in adjoint_symbol(s.node.label) + adjoint_symbol(s.child.label)
        # negative factors in brackets, and no '+ -' or '-0' anywhere
        factors = numbers.split(" = ")[0].split(" · ")
        assert all(f.startswith("(-") or not f.startswith("-") for f in factors), s.formula
        assert "+ -" not in s.formula and "-0 " not in s.formula + " "
    # the example with two paths: the edge a -> o and the adjoint of a are different numbers
    if o == "o" and output.parents and output.parents[0].label == "a":
        step = next(s for s in backward if s.label == "a" and s.child is output)
        assert step.formula.startswith(nfc("a\u0304 += o\u0304 · ∂o/∂a = 1 · (-1) = -1"))
        assert output.parents[0].grad == 1.0


def test_adjoint_symbol_bars_the_letter_or_the_whole_label() -> None:
    assert adjoint_symbol("a") == "\u0101"  # ā, composed
    assert adjoint_symbol("a¹₁") == "\u0101¹₁" and adjoint_symbol("z²₂") == "z\u0304²₂"
    assert adjoint_symbol("C") == "C\u0304" and adjoint_symbol("x₁") == "x\u0304₁"
    assert adjoint_symbol("cd") == "c\u0305d\u0305"
    assert adjoint_symbol("a + b") == "".join(ch + "\u0305" for ch in "(a + b)")


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


# ---- one node for a neuron's input sum, one for the squared error ----------------------------


@settings(max_examples=20, deadline=None)
@given(xs=st.lists(st.floats(-3, 3), min_size=1, max_size=4), seed=st.integers(0, 1000))
def test_weighted_sum_and_half_squared_error_pass_the_gradient_check(
    xs: list[float], seed: int
) -> None:
    rng = np.random.default_rng(seed)
    w, b, y = rng.normal(size=len(xs)).tolist(), float(rng.normal()), rng.normal(size=2)

    def f(*inputs: Any) -> Any:
        z = weighted_sum(list(inputs), w, b)
        return half_squared_error([tanh(z), sigmoid(z)], y.tolist())

    assert check_scalar_graph(f, *xs).ok
    # one node each: the edge from input k carries w_k, the edge from a_j carries a_j - y_j
    nodes = [Value(x) for x in xs]
    z = weighted_sum(nodes, w, b)
    assert z.parents == tuple(nodes) and z.local_derivatives == pytest.approx(w)
    assert z.data == pytest.approx(float(np.dot(w, xs) + b))
    c = half_squared_error([z], [0.5])
    assert c.local_derivatives == pytest.approx([z.data - 0.5])


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


def test_weighted_sum_and_half_squared_error_check_their_arguments() -> None:
    with pytest.raises(ValueError, match="one weight per input .* got 2 inputs and 1 weights"):
        weighted_sum([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="one target per output .* got 0 outputs"):
        half_squared_error([], [])
    with pytest.raises(TypeError, match=r"all Values or all numbers, got \['Value', 'float'\]"):
        weighted_sum([Value(1.0), 2.0], [1.0, 1.0])


# ---- issue 14: every bad operation names the node, no silent NaN or inf ---------------------

@pytest.mark.parametrize(("make", "error", "message"), [
    (lambda a, b, z: a / z, DomainError, r"^division by zero in a/z: z = 0$"),
    (lambda a, b, z: a / 0, DomainError, r"^division by zero in a/0: the divisor is the "
                                         r"constant 0$"),
    (lambda a, b, z: 1 / z, DomainError, r"^division by zero in 1/z: z = 0$"),
    (lambda a, b, z: (a + b) / z, DomainError, r"^division by zero in \(a \+ b\)/z: z = 0$"),
    (lambda a, b, z: z ** -1, DomainError, r"^z\^-1 divides by zero: 0 to the negative power -1 "
                                           r"at z = 0$"),
    (lambda a, b, z: z ** 0.5, DomainError, r"^z\^0.5 has no finite derivative at z = 0"),
    (lambda a, b, z: (-a) ** (1 / 3), DomainError, r"^\(-a\)\^0.3333 is not a real number: a "
                                                   r"negative base to the fractional power "
                                                   r"0.3333 at -a = -2$"),
    (lambda a, b, z: z.log(), DomainError, r"^log needs a positive input, but z = 0$"),
    (lambda a, b, z: a * float("inf"), NonFiniteError, r"^the constant inf in a·inf must be a "
                                                       r"finite number$"),
    (lambda a, b, z: float("nan") + a, NonFiniteError, r"^the constant nan in a \+ nan"),
    (lambda a, b, z: a ** float("nan"), NonFiniteError, r"^the constant nan in a\^nan"),
    (lambda a, b, z: (a * 1e200) * (b * 1e200), NonFiniteError,
     r"^a·1e\+200·b·1e\+200 = 2e\+200·1e\+200 is inf: the numbers overflow float64 "
     r"\(every input of the node is finite\)$"),
    (lambda a, b, z: a * 1e308 + b * 1e308, NonFiniteError, r"is inf: the numbers overflow"),
    (lambda a, b, z: a * 1e308 - b * -1e308, NonFiniteError, r"is inf: the numbers overflow"),
    (lambda a, b, z: a / 1e-308, NonFiniteError, r"^a/1e-308 = 2/1e-308 is inf"),
    (lambda a, b, z: (a * 1e-170) ** -2, NonFiniteError, r"overflows float64 at a·1e-170 = "
                                                         r"2e-170$"),
])
def test_bad_operations_raise_an_error_naming_the_node(make: Any, error: type, message: str
                                                       ) -> None:
    a, b, z = Value(2.0, "a"), Value(1.0, "b"), Value(0.0, "z")
    with pytest.raises(error, match=message) as info:
        make(a, b, z)
    assert isinstance(info.value, BackpropError) and isinstance(info.value, ValueError)


def test_a_local_derivative_that_overflows_is_reported() -> None:
    a, b = Value(1.0, "a"), Value(1e-200, "b")
    with pytest.raises(NonFiniteError, match=r"^the local derivative ∂\(a/b\)/∂b = -a/b\^2 of "
                                             r"a/b = 1/1e-200 is -inf"):
        _ = a / b  # a/b = 1e200 is fine, -a/b² = -1e400 is not


def test_overflow_in_the_backward_pass_names_the_edge() -> None:
    a, b, c = Value(1e200, "a"), Value(1e-200, "b"), Value(1e200, "c")
    out = a * b * c  # every value is finite: 1e200·1e-200·1e200
    out.label = "o"
    with pytest.raises(NonFiniteError, match=r"^∂o/∂b overflows float64 in the backward pass, "
                                             r"at the edge b → a·b"):
        out.backward()


def test_values_must_be_finite_real_numbers() -> None:
    for bad in (float("nan"), float("inf"), -float("inf")):
        with pytest.raises(NonFiniteError, match=r"^Value 'w' = .*: a node's value must be a "
                                                 r"finite number$"):
            Value(bad, "w")
    for bad in ("3", None, 1j, True, [1.0]):
        with pytest.raises(ArgumentTypeError, match=r"^Value 'w' needs a real number as its "
                                                    r"data, got "):
            Value(bad, "w")  # type: ignore[arg-type]
    with pytest.raises(NonFiniteError):
        example_graph(float("nan"))
    with pytest.raises(ArgumentTypeError, match=r"^the constant True in a·True must be a "
                                                r"number, not a bool$"):
        _ = Value(1.0, "a") * True


def test_valid_edge_cases_still_work() -> None:
    a, z = Value(-2.0, "a"), Value(0.0, "z")
    sq = a ** 2
    sq.backward()
    assert (sq.data, a.grad) == (4.0, -4.0)
    for n, value, slope in ((0, 1.0, 0.0), (1, 0.0, 1.0), (2, 0.0, 0.0), (1.5, 0.0, 0.0)):
        out = z ** n
        out.backward()
        assert (out.data, z.grad) == (value, slope)
    tiny = Value(1.0, "a") / Value(1e-154, "b")  # b² underflows to 0; -a/b/b does not
    assert tiny.local_derivatives[1] == pytest.approx(-1e308)


def test_the_float_versions_of_exp_and_log_raise_readable_errors() -> None:
    with pytest.raises(NonFiniteError, match=r"^exp\(x\) overflows float64 at x = 1000$"):
        exp(1000.0)
    with pytest.raises(DomainError, match=r"^log needs a positive input, but x = -1$"):
        log(-1.0)
    with pytest.raises(DomainError, match=r"^log needs a positive input, but x = 0$"):
        log(0.0)


def test_weighted_sum_and_half_squared_error_check_their_numbers() -> None:
    a = Value(1.0, "a")
    with pytest.raises(ArgumentError, match=r"^weights\[0\] must be a finite number, got nan$"):
        weighted_sum([a], [float("nan")])
    with pytest.raises(ArgumentTypeError, match=r"^weights\[0\] must be a real number, got str"):
        weighted_sum([a], ["w"])  # type: ignore[list-item]
    with pytest.raises(ArgumentError, match=r"^bias must be a finite number, got inf$"):
        weighted_sum([a], [1.0], float("inf"))
    with pytest.raises(ArgumentError, match=r"^targets\[0\] must be a finite number, got inf$"):
        half_squared_error([a], [float("inf")])
    with pytest.raises(NonFiniteError, match=r"^the weighted sum Σ_k w_k·a_k \+ b is inf"):
        weighted_sum([1e308, 1e308], [10.0, 10.0])
    with pytest.raises(NonFiniteError, match=r"^the squared error ½ Σ_j \(a_j - y_j\)² is inf"):
        half_squared_error([1e200], [-1e200])
    with pytest.raises(NonFiniteError, match=r"is inf: the numbers overflow float64"):
        half_squared_error([Value(1e200, "a")], [-1e200])
    with pytest.raises(ArgumentTypeError, match=r"^the outputs of half_squared_error must be all "
                                                r"Values or all numbers, got \['str'\]$"):
        half_squared_error(["a"], [1.0])  # type: ignore[list-item]
