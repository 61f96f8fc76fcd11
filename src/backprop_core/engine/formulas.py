"""How each operation of the engine is written: its forward rule and local derivatives as
text templates (``Formula``), one per operation, and the order in which a graph is swept.

The templates are filled in (by ``backprop_core.engine.labels``) only when a picture, a
trace, a player or an error message asks for a node's name; ``tests/engine`` fills each
template with the parents' values and compares it with the derivative the engine computed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from backprop_core.errors import ArgumentTypeError, describe


@dataclass(frozen=True)
class Formula:
    """How an operation is written: the forward rule and each edge's local derivative.

    ``expr`` and ``rules`` are templates: ``{0}`` is parent 0 (bracketed where the operation
    needs it), ``{r0}`` parent 0 bare (inside a function call, 'exp(a + b)'), ``{k}`` the
    constant of the node and ``{k_1}`` the constant minus 1. ``precedence`` is how tightly
    the result binds (1 sum, 2 product, 3 negation, 4 power, 5 a name or a call);
    ``operands`` is the precedence an operand needs to go without brackets.
    """

    op: str
    expr: str
    rules: tuple[str, ...]
    precedence: int = 5
    operands: int = 0


# One Formula per operation: Formula(op, forward rule, local derivative of each parent,
# precedence of the result, precedence an operand needs); the comment is the same in math.
LEAF = Formula("", "", ())  # an input: no rule, no parents
ADD = Formula("+", "{0} + {1}", ("1", "1"), 1, 1)              # c = a + b;  1, 1
ADD_K = Formula("+", "{0} + {k}", ("1",), 1, 1)                # c = a + k;  1
K_ADD = Formula("+", "{k} + {0}", ("1",), 1, 1)                # c = k + a;  1
NEG = Formula("neg", "-{0}", ("-1",), 3, 3)                    # c = -a;     -1
SUB = Formula("-", "{0} - {1}", ("1", "-1"), 1, 2)             # c = a - b;  1, -1
SUB_K = Formula("-", "{0} - {k}", ("1",), 1, 2)                # c = a - k;  1
K_SUB = Formula("-", "{k} - {0}", ("-1",), 1, 2)               # c = k - a;  -1
MUL = Formula("*", "{0}·{1}", ("{r1}", "{r0}"), 2, 2)          # c = a·b;    b, a
MUL_K = Formula("*", "{0}·{k}", ("{k}",), 2, 2)                # c = a·k;    k
K_MUL = Formula("*", "{k}·{0}", ("{k}",), 2, 2)                # c = k·a;    k
DIV = Formula("/", "{0}/{1}", ("1/{1}", "-{0}/{1}^2"), 2, 3)   # c = a/b;    1/b, -a/b²
DIV_K = Formula("/", "{0}/{k}", ("1/{k}",), 2, 3)              # c = a/k;    1/k
K_DIV = Formula("/", "{k}/{0}", ("-{k}/{0}^2",), 2, 3)         # c = k/a;    -k/a²
POW = Formula("**", "{0}^{k}", ("{k}·{0}^{k_1}",), 4, 5)       # c = a^k;    k·a^(k-1)
EXP = Formula("exp", "exp({r0})", ("exp({r0})",))              # c = e^a;    e^a
LOG = Formula("log", "log({r0})", ("1/{0}",))                  # c = ln a;   1/a
TANH = Formula("tanh", "tanh({r0})", ("1 - tanh({r0})^2",))    # c = tanh a; 1 - tanh²a
SIGMOID = Formula("sigmoid", "σ({r0})", ("σ({r0})·(1 - σ({r0}))",))  # σ(a)·(1 - σ(a))
RELU = Formula("relu", "relu({r0})", ("[{r0} > 0]",))          # c = max(0, a); [a > 0]
MAX = Formula("max", "max({r0}, {r1})", ("[{r0} > {r1}]", "[{r0} ≤ {r1}]"))  # [a > b], [a ≤ b]


def check_node(node: object, name: str) -> Any:
    """``node`` if it is a node of a graph (a Value), else an ArgumentTypeError naming
    ``name``."""
    if not hasattr(node, "_prev") or not hasattr(node, "_form"):
        raise ArgumentTypeError(f"{name} must be a Value (a node of a graph), got "
                                f"{describe(node)}")
    return node


def topological_order(output: Any) -> list[Any]:
    """Every node the output depends on, each after all of its parents (inputs first)."""
    check_node(output, "output")
    order: list[Any] = []
    seen = {output}
    # iterative depth-first search: a deep chain would overflow Python's recursion limit
    stack: list[tuple[Any, Iterator[Any]]] = [(output, iter(output._prev))]
    while stack:
        node, parents = stack[-1]
        for parent in parents:
            if parent not in seen:
                seen.add(parent)
                stack.append((parent, iter(parent._prev)))
                break
        else:  # all parents placed
            stack.pop()
            order.append(node)
    return order
