"""graph.py, the engine: every operation's forward rule and local derivatives, reverse mode,
errors that name the node."""

from __future__ import annotations

import math
import unicodedata
from typing import Any

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad
from hypothesis import given
from hypothesis import strategies as st

from backprop_core.checks.gradcheck import check_scalar_graph
from backprop_core.engine.examples import example_graph
from backprop_core.engine.neurons import half_squared_error, weighted_sum
from backprop_core.engine.value import (
    Value,
    exp,
    log,
    maximum,
    relu,
    sigmoid,
    tanh,
    topological_order,
)
from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    BackpropError,
    DomainError,
    NonFiniteError,
)


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
    # far from the kink: the first max routes to a + 5, the second to b
    "max": (lambda a, b: maximum(a + 5, b) * maximum(a - 5, b),
            lambda a, b: anp.maximum(a + 5, b) * anp.maximum(a - 5, b)),
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


@pytest.mark.parametrize("name", sorted(CASES))
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


def test_max_routes_the_gradient_to_the_larger_input_and_a_tie_to_the_second() -> None:
    for (x, y), grads in [((2.0, 3.0), (0.0, 4.0)), ((3.0, 2.0), (4.0, 0.0)),
                          ((2.0, 2.0), (0.0, 4.0))]:
        a, b = Value(x), Value(y)
        out = a.max(b) * 4
        out.backward()
        assert (a.grad, b.grad) == grads
    a = Value(-1.0)
    out = a.max(0.0)  # relu(a) as a max: the constant becomes an input node
    out.backward()
    assert (out.data, a.grad, len(out.parents)) == (0.0, 0.0, 2)
    assert maximum(1.0, 2.5) == 2.5
    assert maximum(3.0, Value(1.0)).data == 3.0


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


# ---- one node for a neuron's input sum, one for the squared error ----------------------------


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
    (lambda a, b, z: float("nan") + a, NonFiniteError, r"^the constant nan in nan \+ a"),
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
        with pytest.raises(NonFiniteError, match=r"^the data of Value 'w' must be a finite "
                                                 r"number, got -?(nan|inf)$"):
            Value(bad, "w")
    for bad in ("3", None, 1j, True, [1.0]):
        with pytest.raises(ArgumentTypeError, match=r"^the data of Value 'w' must be a real "
                                                    r"number, got "):
            Value(bad, "w")  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match=r"^the label of a Value must be a str, got "
                                                r"int 5$"):
        Value(1.0, 5)  # type: ignore[arg-type]
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


def test_a_node_as_exponent_is_refused_with_the_way_to_write_it() -> None:
    a, b = Value(2.0, "a"), Value(3.0, "b")
    with pytest.raises(ArgumentTypeError, match=r"^a \*\* b: the exponent of \*\* must be a "
                                                r"constant number, not a node; for a\^b with "
                                                r"both nodes write \(b \* a.log\(\)\).exp\(\)"):
        _ = a ** b
    with pytest.raises(ArgumentTypeError, match=r"^2 \*\* b: the exponent of \*\* must be a "
                                                r"constant number, not a node; .* write "
                                                r"\(b \* math.log\(2\)\).exp\(\)$"):
        _ = 2 ** b
    # the way the message gives is right: a^b = e^{b ln a}, and so is its gradient
    out = (b * a.log()).exp()
    out.backward()
    assert out.data == pytest.approx(8.0) and a.grad == pytest.approx(3 * 2.0**2)


@pytest.mark.parametrize("x", [-745.0, -40.0, -30.0, -1.0, 0.0, 0.5, 19.0, 30.0, 37.0, 40.0,
                               100.0, 700.0])
def test_sigmoid_and_tanh_slopes_keep_every_digit_for_large_inputs(x: float) -> None:
    # exact references: σ'(x) = e/(1 + e)² with e = e^{-|x|}, tanh'(x) = 4e/(1 + e)² with
    # e = e^{-2|x|}, in 40 decimal digits
    from decimal import Context, Decimal, localcontext

    for op, t, scale in (("sigmoid", -abs(x), 1), ("tanh", -2 * abs(x), 4)):
        with localcontext(Context(prec=40, Emax=10**6, Emin=-10**6)):
            e = Decimal(t).exp()
            exact = scale * e / (1 + e) ** 2
        node = getattr(Value(x, "x"), op)()
        node.backward()
        local = Decimal(node.parents[0].grad)
        tiny = Decimal(2.0**-1074)  # below the smallest normal float, spacing is absolute
        assert abs(local - exact) <= Decimal(4 * 2.0**-52) * exact + 2 * tiny, (op, x)
    assert Value(40.0).sigmoid().local_derivatives[0] == pytest.approx(4.248354255291589e-18,
                                                                       rel=1e-15)
