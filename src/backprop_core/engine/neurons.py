"""One node for a whole neuron's input sum, and one for the squared error.

A neuron's input sum and the squared error are sums of many terms. Written with + and ·
they become a chain of small nodes; as one node each, a network's graph has exactly one
node per z^l_j and a^l_j, and the edge a^{l-1}_k -> z^l_j carries the weight w^l_{jk}.
Their formulas hold the node's numbers, so each such node has a Formula of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Real

from backprop_core.engine.formulas import Formula
from backprop_core.engine.value import Scalar, Value, _node
from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    check_real,
    check_result,
    describe,
)
from backprop_core.formatting import fmt


def _signed(x: float) -> str:
    """' + 0.5' or ' - 0.5': a term appended to a sum (' + 0' for -0.0 too)."""
    return f" - {fmt(-x)}" if x < 0 else f" + {fmt(x)}"


def _minus(y: float) -> str:
    """' - y' appended to a_j in (a_j - y_j): ' - 0.5', ' + 0.3', and nothing for y = 0, so
    that a target 0 reads '(a)^2', not '(a + -0)^2'."""
    return "" if y == 0 else _signed(-y)


def _sequence(xs: object, name: str) -> None:
    """A list or tuple (of Values or numbers), else an ArgumentTypeError naming ``name``."""
    if not isinstance(xs, (list, tuple)):
        raise ArgumentTypeError(f"{name} must be a list of Values or of numbers, got "
                                f"{describe(xs)}")


def _all_values(xs: Sequence[Scalar], what: str) -> bool:
    """True if every element is a Value, False if every one is a number; else TypeError."""
    kinds = {isinstance(x, Value) for x in xs}
    if kinds == {True}:
        return True
    if all(isinstance(x, Real) for x in xs):
        return False
    raise ArgumentTypeError(f"{what} must be all Values or all numbers, got "
                            f"{[type(x).__name__ for x in xs]}")


def weighted_sum(inputs: Sequence[Scalar], weights: Sequence[float], bias: float = 0.0
                 ) -> Scalar:
    """z = Σ_k w_k·a_k + b, with numbers w_k and b, as one node: ∂z/∂a_k = w_k.

    With floats it returns a float. The weights are constants here, not nodes: the edge
    from a_k carries w_k, which is how a network's input sum z^l_j is drawn.
    """
    _sequence(inputs, "inputs")
    _sequence(weights, "weights")
    if len(inputs) != len(weights) or not inputs:
        raise ArgumentError(f"weighted_sum needs one weight per input (and at least one "
                            f"input), got {len(inputs)} inputs and {len(weights)} weights")
    w = [check_real(x, f"weights[{k}]") for k, x in enumerate(weights)]
    bias = check_real(bias, "bias")
    nodes = _all_values(inputs, "the inputs of weighted_sum")
    values = [a.data if nodes else check_real(a, f"inputs[{k}]") for k, a in enumerate(inputs)]
    data = sum(wk * ak for wk, ak in zip(w, values, strict=True)) + bias
    if not nodes:
        check_result(data, "the weighted sum Σ_k w_k·a_k + b")
        return data
    expr = f"{fmt(w[0])}·{{0}}" + "".join(
        f"{_signed(wk)}·{{{k}}}" for k, wk in enumerate(w[1:], start=1))
    if bias != 0:
        expr += _signed(float(bias))
    one_term = len(w) == 1 and bias == 0
    form = Formula("wsum", expr, tuple(fmt(wk) for wk in w), 2 if one_term else 1, 2)
    # z = Σ_k w_k·a_k + b;   ∂z/∂a_k = w_k
    return _node(data, form, tuple(inputs), tuple(w))


def half_squared_error(outputs: Sequence[Scalar], targets: Sequence[float]) -> Scalar:
    """C = ½ Σ_j (a_j - y_j)², with numbers y_j, as one node: ∂C/∂a_j = a_j - y_j.

    With floats it returns a float.
    """
    _sequence(outputs, "outputs")
    _sequence(targets, "targets")
    if len(outputs) != len(targets) or not outputs:
        raise ArgumentError(f"half_squared_error needs one target per output (and at least "
                            f"one output), got {len(outputs)} outputs and {len(targets)} "
                            f"targets")
    y = [check_real(t, f"targets[{j}]") for j, t in enumerate(targets)]
    nodes = _all_values(outputs, "the outputs of half_squared_error")
    values = [a.data if nodes else check_real(a, f"outputs[{j}]") for j, a in enumerate(outputs)]
    # (a - y)·(a - y), not (a - y)**2: float ** raises a bare OverflowError, · gives inf
    data = 0.5 * sum((aj - yj) * (aj - yj) for aj, yj in zip(values, y, strict=True))
    if not nodes:
        check_result(data, "the squared error ½ Σ_j (a_j - y_j)²")
        return data
    terms = [f"({{{j}}}{_minus(yj)})^2" for j, yj in enumerate(y)]
    expr = "½·" + (terms[0] if len(terms) == 1 else "(" + " + ".join(terms) + ")")
    form = Formula("hse", expr, tuple(f"{{{j}}}{_minus(yj)}" for j, yj in enumerate(y)), 2, 0)
    # C = ½ Σ_j (a_j - y_j)²;   ∂C/∂a_j = a_j - y_j
    return _node(data, form, tuple(outputs),
                 tuple(a.data - yj for a, yj in zip(outputs, y, strict=True)))
