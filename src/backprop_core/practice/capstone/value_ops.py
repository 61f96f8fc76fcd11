r"""Step 2 of the capstone: the other operations of the reader's ``Value``.

Each operation is checked on its own, in the order of the exercise: its ``.data`` (the
forward rule), then the gradient ``backward`` gives its inputs, which for one operation is
its local derivative. A number on the left (``2 - a``) reaches the Value's *reflected*
method (``a.__rsub__(2)``), whose ``other`` is then on the left: the classic sign mistake
is recognised. Local derivatives are compared to rounding (1e-12 relative), so a finite
difference passed off as a derivative is told apart. Then four graphs with every
operation (a neuron and its squared error, ``a - a`` and ``b / b``, a mix of all, a chain
of 40 tanh) are compared node by node with the book's engine.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ...formatting import fmt
from ..report import Report, Verdict, run
from .graphs import EXACT, OPS_GRAPHS
from .probe import (
    FINITE_DIFFERENCES,
    attempt,
    compare_graph,
    is_stub,
    number,
    result_node,
    run_backward,
    show,
)
from .value_core import check_construct, check_operation, graph_gradients

Locals = Callable[..., tuple[float, ...]]


@dataclass(frozen=True)
class Case:
    """One operation at one point: ``apply`` works on floats and on Values; ``local`` gives
    ∂out/∂input for each input that is a node; known wrong data and wrong locals by code."""

    label: str
    method: str
    apply: Callable[..., Any]
    point: tuple[float, ...]
    local: Locals
    wrong_data: list[tuple[str, Callable[..., float], str]] = field(default_factory=list)
    wrong_local: list[tuple[str, Locals, str]] = field(default_factory=list)


def _tanh(x: Any) -> Any:
    return math.tanh(x) if isinstance(x, int | float) else x.tanh()


def _exp(x: Any) -> Any:
    return math.exp(x) if isinstance(x, int | float) else x.exp()


def _relu(x: Any) -> Any:
    return max(0.0, x) if isinstance(x, int | float) else x.relu()


RSUB_ORDER = ("`2 - a` computed a − 2: for 2 − a Python calls a.__rsub__(2), so `other` (the "
              "number) stands on the left: return other − self, e.g. -self + other.")
RSUB_SIGN = ("∂(2 − a)/∂a is −1: a enters 2 − a with a minus sign (write it as -self + other "
             "and the rules of neg and + give −1).")
RDIV_ORDER = ("`2 / a` computed a / 2: for 2 / a Python calls a.__rtruediv__(2), so `other` "
              "stands on the left: return other · self⁻¹, e.g. self**-1 * other.")
TANH_AT_INPUT = ("The local derivative of tanh is taken at its input: ∂tanh(a)/∂a = 1 − t² "
                 "with t = tanh(a), the output, not 1 − a².")


def _cases() -> list[Case]:
    tanh_cases = [
        Case("a.tanh()", "tanh", _tanh, (x,), lambda a: (1 - math.tanh(a) ** 2,),
             wrong_local=[
                 ("tanh-at-input", lambda a: (1 - a * a,), TANH_AT_INPUT),
                 ("tanh-not-derivative", lambda a: (math.tanh(a),),
                  "The local derivative of tanh is tanh itself here; it is 1 − t², with t = "
                  "tanh(a) (the node's own .data)."),
                 ("tanh-no-square", lambda a: (1 - math.tanh(a),),
                  "The local derivative of tanh is 1 − t², t squared: not 1 − t."),
             ])
        for x in (-1.7, 0.4, 1.1)
    ]
    return [
        Case("-a", "__neg__", lambda a: -a, (0.8,), lambda a: (-1.0,),
             wrong_local=[("neg-sign", lambda a: (1.0,), "∂(−a)/∂a is −1, not 1.")]),
        Case("a - b", "__sub__", lambda a, b: a - b, (0.5, 2.0), lambda a, b: (1.0, -1.0),
             wrong_data=[("sub-order", lambda a, b: b - a,
                          "`a - b` computed b − a: self is the left operand, other the right.")],
             wrong_local=[("sub-sign", lambda a, b: (1.0, 1.0),
                           "∂(a − b)/∂b is −1: b enters with a minus sign (write a − b as "
                           "a + (−b) and the rules of + and neg give it).")]),
        Case("a - 2", "__sub__", lambda a: a - 2, (0.5,), lambda a: (1.0,)),
        Case("2 + a", "__radd__", lambda a: 2 + a, (0.5,), lambda a: (1.0,)),
        Case("2 * a", "__rmul__", lambda a: 2 * a, (0.5,), lambda a: (2.0,)),
        Case("2 - a", "__rsub__", lambda a: 2 - a, (0.5,), lambda a: (-1.0,),
             wrong_data=[("rsub-order", lambda a: a - 2, RSUB_ORDER)],
             wrong_local=[("rsub-sign", lambda a: (1.0,), RSUB_SIGN)]),
        Case("a / b", "__truediv__", lambda a, b: a / b, (3.0, -1.5),
             lambda a, b: (1 / b, -a / b**2),
             wrong_data=[("div-order", lambda a, b: b / a,
                          "`a / b` computed b / a: self is the numerator.")],
             wrong_local=[
                 ("div-constant", lambda a, b: (1 / b, 0.0),
                  "a / b gives b no gradient: the denominator must be a node of the graph "
                  "too (∂(a/b)/∂b = −a/b²), e.g. self * other**-1, not self * (1/other.data)."),
                 ("div-sign", lambda a, b: (1 / b, a / b**2),
                  "∂(a/b)/∂b is −a/b², with a minus sign."),
                 ("div-square", lambda a, b: (1 / b, -a / b),
                  "∂(a/b)/∂b is −a/b², b squared."),
             ]),
        Case("a / 2", "__truediv__", lambda a: a / 2, (3.0,), lambda a: (0.5,)),
        Case("2 / a", "__rtruediv__", lambda a: 2 / a, (0.8,), lambda a: (-2 / a**2,),
             wrong_data=[("rtruediv-order", lambda a: a / 2, RDIV_ORDER)],
             wrong_local=[("rtruediv-sign", lambda a: (2 / a**2,),
                           "∂(2/a)/∂a is −2/a², with a minus sign.")]),
        Case("a ** 3", "__pow__", lambda a: a**3, (1.2,), lambda a: (3 * a**2,),
             wrong_local=[
                 ("pow-no-n", lambda a: (a**2,),
                  "∂(aⁿ)/∂a is n·aⁿ⁻¹: the factor n is missing."),
                 ("pow-not-minus-one", lambda a: (3 * a**3,),
                  "∂(aⁿ)/∂a is n·aⁿ⁻¹: the power drops by one."),
             ]),
        Case("a ** -1", "__pow__", lambda a: a**-1, (0.8,), lambda a: (-(a**-2),)),
        Case("a ** 0.5", "__pow__", lambda a: a**0.5, (2.25,), lambda a: (0.5 * a**-0.5,)),
        Case("a.exp()", "exp", _exp, (0.7,), lambda a: (math.exp(a),),
             wrong_local=[("exp-local-input", lambda a: (a,),
                           "∂eᵃ/∂a is eᵃ, the node's own .data, not a.")]),
        *tanh_cases,
        Case("a.relu()", "relu", _relu, (0.9,), lambda a: (1.0,),
             wrong_local=[("relu-local-value", lambda a: (a,),
                           "∂relu(a)/∂a is 1 where a > 0 and 0 elsewhere, not the value a.")]),
        Case("a.relu()", "relu", _relu, (-0.6,), lambda a: (0.0,),
             wrong_data=[("relu-no-clamp", lambda a: a,
                          "relu(a) = max(0, a): a negative a gives 0.")],
             wrong_local=[("relu-always-one", lambda a: (1.0,),
                           "∂relu(a)/∂a is 0 where a ≤ 0: no gradient flows back through a "
                           "relu that outputs 0.")]),
    ]


CASES = _cases()


def _check_case(Value: Any, case: Case) -> None:
    nodes = [Value(x) for x in case.point]
    before = [node.data for node in nodes]
    out = result_node(case.label, case.method,
                      attempt(case.label, lambda: case.apply(*nodes)), nodes, before)
    want = case.apply(*case.point)
    at = ", ".join(f"{n} = {fmt(x)}" for n, x in zip("ab", case.point, strict=False))
    if not abs(out.data - want) <= EXACT * max(1.0, abs(want)):
        for code, wrong, hint in case.wrong_data:
            if abs(out.data - wrong(*case.point)) <= 1e-9 * max(1.0, abs(want)):
                raise Verdict(code, f"at {at}: {hint}")
        raise Verdict("wrong-data", f"`{case.label}` at {at} gives .data = {fmt(out.data, 6)}, "
                      f"expected {fmt(want, 6)}: check the forward rule of {case.method}.")
    run_backward(case.label, out)
    mine = tuple(number(node.grad, f"an input's .grad after ({case.label}).backward()")
                 for node in nodes)
    right = case.local(*case.point)
    scale = max(max(abs(r) for r in right), 1e-3)
    off = [abs(m - r) / max(abs(r), scale) for m, r in zip(mine, right, strict=True)]
    if max(off) <= EXACT:
        return
    i = off.index(max(off))
    digits = 6 if off[i] > 1e-5 else 14  # enough digits to show the difference
    where = (f"`{case.label}` at {at}: backward gives ∂/∂{'ab'[i]} = {fmt(mine[i], digits)}, "
             f"right is {fmt(right[i], digits)}")
    for code, wrong_local, hint in case.wrong_local:
        if all(abs(m - w) <= 1e-9 * max(abs(w), 1.0)
               for m, w in zip(mine, wrong_local(*case.point), strict=True)):
            raise Verdict(code, f"{where}. {hint}")
    if max(off) < 1e-4:
        digits = max(0, int(-math.log10(max(off))))
        raise Verdict("finite-differences", f"{where}: {case.method}'s local derivative "
                      + FINITE_DIFFERENCES.format(digits=digits, exact=EXACT))
    raise Verdict("local-derivative", f"{where}: check the local derivative in {case.method}.")


# Operations are often written with others (a − b = a + (−b), a/b = a·b⁻¹): check those
# others first, so that a mistake is reported where it is, not where it shows.
ORDER = ["__neg__", "__pow__", "exp", "tanh", "relu", "__sub__", "__radd__", "__rmul__",
         "__rsub__", "__truediv__", "__rtruediv__"]
METHODS = list(dict.fromkeys(case.method for case in CASES))  # the exercise's order


def stubs(Value: Any) -> list[str]:
    """The methods of the exercise, in its order, whose body is still ``...``."""
    return [name for name in METHODS if is_stub(getattr(Value, name, None))]


def check_value_ops(Value: Any, *, quiet: bool = False) -> Report:
    """Check the reader's ``Value``: ``- / **``, ``exp``, ``tanh``, ``relu``, numbers on both
    sides, one operation at a time (the written ones first), then graphs with all of them."""

    def body(report: Report) -> None:
        check_construct(Value)  # Value(1.5): a node with .data and .grad, as in step 1
        missing = stubs(Value)
        for method in ORDER:
            if method in missing:
                continue
            for case in CASES:
                if case.method == method:
                    try:
                        _check_case(Value, case)
                    except Verdict as verdict:
                        if not (missing and verdict.mistake == "crash"):
                            raise
                        raise Verdict("crash", f"{verdict.message} (Still `...`: "
                                      f"{', '.join(missing)}; if {method} uses one of them, "
                                      "write it first.)") from None
        if missing == METHODS:
            raise Verdict("not-written", "none of the operations is written yet: replace the "
                          "`...`s by your code. The checker tests each operation as soon as "
                          "it is written.")
        if missing:
            done = [m for m in METHODS if m not in missing]
            so_far = f" ({', '.join(done)}: right so far)" if done else ""
            raise Verdict("not-written", f"not written yet: {', '.join(missing)}{so_far}. "
                          "Replace each `...` by your code.")
        check_operation(Value, "a + b", "__add__", (2.0, -3.5), lambda a, b: a + b)
        for graph in OPS_GRAPHS:
            compare_graph(graph, graph_gradients(Value, graph))

    return show(run("Value: every operation", body, True, success=SUCCESS), quiet)


SUCCESS = ("\u2714 Value: every operation is right, with a number on either side (2 * a, "
           "2 - a, 2 / a). Each local derivative equals the exact one to rounding, and on four "
           "graphs with all of them (a neuron's squared error, a − a and b/b, a mix, a chain "
           "of 40 tanh) every node's gradient equals the book's engine.")
