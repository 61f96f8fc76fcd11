"""Scalar computational graphs: nodes that hold a value and a gradient (micrograd style).

Every operation computes its output (the forward rule) and, right next to it, the local
derivative ∂out/∂parent of each incoming edge. ``Value.backward`` visits the nodes in reverse
topological order and does ``parent.grad += local * node.grad``: one term per edge, so the
``+=`` is the chain rule's "sum over paths".

The module-level functions ``exp, log, tanh, sigmoid, relu`` work on a float, a ``Value`` or
a ``forward_mode.Dual``, so one Python function can be run as plain arithmetic, as a graph
(reverse mode) or with dual numbers (forward mode).
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from numbers import Real
from typing import Any, Literal

from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    DomainError,
    NonFiniteError,
    check_real,
    check_result,
    describe,
)

Scalar = Any
"""A float, a Value or a Dual: anything with + - * / ** and .exp() .log() .tanh() ..."""

_leaf_ids = itertools.count(1)  # default input labels x1, x2, ...
_temp_ids = itertools.count(1)  # default names t1, t2, ... for nodes with long expressions
_MAX_LABEL = 24


def fmt(x: float) -> str:
    """Short text for a number in formulas: 2.0 -> '2', 1/3 -> '0.3333', -0.0 -> '0'."""
    return f"{x + 0.0:.4g}"  # + 0.0 turns -0.0 into 0.0


def factor(x: float) -> str:
    """``fmt(x)`` as a factor of a product: a negative number in brackets, '1 · (-0.597)'."""
    text = fmt(x)
    return f"({text})" if text.startswith("-") else text


_SCRIPTS = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻₀₁₂₃₄₅₆₇₈₉₊₋ᵀ")
_MACRON, _OVERLINE = "\u0304", "\u0305"


def adjoint_symbol(label: str) -> str:
    """The adjoint v̄ = ∂o/∂v of the node ``label``, written as on the notation page ($\\bar v$).

    A letter with super- and subscripts takes a macron over the letter ('a¹₁' -> 'ā¹₁'); a
    longer label an overline over all of it ('cd' -> 'c̅d̅', '(a + b)' likewise), so that an
    adjoint never reads as a local derivative ∂c/∂v of an edge.
    """
    if label[:1].isalpha() and all(ch in _SCRIPTS for ch in label[1:]):
        # composed where Unicode has the letter ('ā', 'ō'), which fonts draw best
        return unicodedata.normalize("NFC", label[0] + _MACRON + label[1:])
    return "".join(ch + _OVERLINE for ch in _wrap(label))


def _is_number(x: object) -> bool:
    return isinstance(x, Real)


def _depth0(label: str) -> str:
    """The characters of ``label`` outside any brackets: 'exp(a + b)·c' -> 'exp·c'."""
    out, depth = [], 0
    for ch in label:
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and ch not in "()":
            out.append(ch)
    return "".join(out)


def _precedence(label: str) -> int:
    """How tightly a label binds: 1 for a sum, 2 product, 3 negation, 4 power, 5 atom."""
    top = _depth0(label)
    if " + " in top or " - " in top:
        return 1
    if "·" in top or "/" in top:
        return 2
    if top.startswith("-"):
        return 3
    return 4 if "^" in top else 5


_OP_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "neg": 3, "**": 4}


def _wrap(label: str, op: str | None = None) -> str:
    """Parenthesise a label where needed: inside ``op`` (by precedence), or, without an op,
    whenever it is compound, so that '∂(a + b)/∂a' and '1/(a·b)' read unambiguously."""
    prec = _precedence(label)
    if op is None:
        need = 5
    else:
        need = _OP_PRECEDENCE.get(op, 0)
        # a - (b - c), a/(b/c), (a^b)^c: equal precedence needs brackets for these
        need += op in ("-", "/", "**")
    return f"({label})" if prec < need else label


def _stable_sigmoid(x: float) -> float:
    # exp of a large positive number overflows; only ever exponentiate -|x|.
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _render(
    template: str, parents: tuple[Value, ...], numbers: bool = False, op: str | None = None
) -> str:
    """Fill a formula template with the parents' labels (or values, if ``numbers``).

    {0} is parent 0, bracketed as ``_wrap`` decides; {r0} is the bare label, for use inside
    a function call: 'exp(a + b)'.
    """
    if numbers:
        texts = [fmt(p.data) for p in parents]
        wrapped = [f"({t})" if t.startswith("-") else t for t in texts]
    else:
        texts = [p.label for p in parents]
        wrapped = [_wrap(t, op) for t in texts]
    return template.format(*wrapped, **{f"r{i}": t for i, t in enumerate(texts)})


# what a node stores per incoming edge:
# (parent, ∂child/∂parent, that derivative as a template over the child's parents)
_EdgeData = tuple["Value", float, str]


class Value:
    """A scalar node of a computational graph.

    ``data`` is the forward value, ``grad`` is ∂output/∂node after ``output.backward()``.
    A node made by an operation remembers its parents together with the local derivative
    ∂node/∂parent of each edge (``parents``, ``local_derivatives``, ``local_rules``); a node
    without parents is an input (a leaf).
    """

    # numpy scalars must hand `np.float64(2) * v` over to Value.__rmul__, not build an array.
    __array_ufunc__ = None

    def __init__(
        self,
        data: float,
        label: str = "",
        *,
        op: str = "",
        expr: str = "",
        edges: tuple[_EdgeData, ...] = (),
    ) -> None:
        if isinstance(data, bool) or not _is_number(data):  # a function: mypy keeps data a float
            raise ArgumentTypeError(f"Value {label!r} needs a real number as its data, got "
                                    f"{describe(data)}")
        self.data = float(data)
        if not math.isfinite(self.data):
            raise NonFiniteError(f"Value {label!r} = {self.data}: a node's value must be a "
                                 f"finite number")
        self.grad = 0.0
        self.op = op
        self._expr = expr  # forward rule as a template, "{0} + {1}": {i} is parent i
        self._edges = edges
        self.label = label or self._default_label()

    def _default_label(self) -> str:
        if not self._edges:
            return f"x{next(_leaf_ids)}"
        text = self.expression()
        # deep graphs would get labels of exponential length: give them a short name instead
        return text if len(text) <= _MAX_LABEL else f"t{next(_temp_ids)}"

    # ---- inspection ---------------------------------------------------------------------

    @property
    def parents(self) -> tuple[Value, ...]:
        """The nodes this one was computed from (a parent appears twice in ``a * a``)."""
        return tuple(parent for parent, _, _ in self._edges)

    @property
    def local_derivatives(self) -> tuple[float, ...]:
        """∂self/∂parent for each parent, in the order of ``parents``."""
        return tuple(local for _, local, _ in self._edges)

    @property
    def is_leaf(self) -> bool:
        """True for an input node (no parents)."""
        return not self._edges

    def expression(self, numbers: bool = False) -> str:
        """The forward rule with parent labels ('a + b') or parent values ('2 + 3')."""
        return _render(self._expr, self.parents, numbers, op=self.op)

    def local_rules(self) -> tuple[str, ...]:
        """∂self/∂parent for each parent as a formula in the parents' labels ('b', '1')."""
        return tuple(_render(rule, self.parents) for _, _, rule in self._edges)

    def __repr__(self) -> str:
        return f"Value({self.label}={fmt(self.data)}, grad={fmt(self.grad)})"

    # ---- operations: forward rule and local derivatives side by side ---------------------

    def __add__(self, other: Value | float) -> Value:
        if isinstance(other, Value):
            # c = a + b;   ∂c/∂a = 1, ∂c/∂b = 1
            return _node(self.data + other.data, "+", "{0} + {1}",
                         (self, 1.0, "1"), (other, 1.0, "1"))
        if _is_number(other):
            # c = a + k (k a constant, not a node);   ∂c/∂a = 1
            k = _constant(other, self, " + ")
            return _node(self.data + k, "+", "{0} + " + fmt(k), (self, 1.0, "1"))
        return NotImplemented

    def __radd__(self, other: float) -> Value:
        # k + a: same rule as a + k, written the way the user wrote it
        if _is_number(other):
            k = _constant(other, self, " + ")
            return _node(k + self.data, "+", fmt(k) + " + {0}", (self, 1.0, "1"))
        return NotImplemented

    def __neg__(self) -> Value:
        # c = -a;   ∂c/∂a = -1
        return _node(-self.data, "neg", "-{0}", (self, -1.0, "-1"))

    def __sub__(self, other: Value | float) -> Value:
        if isinstance(other, Value):
            # c = a - b;   ∂c/∂a = 1, ∂c/∂b = -1
            return _node(self.data - other.data, "-", "{0} - {1}",
                         (self, 1.0, "1"), (other, -1.0, "-1"))
        if _is_number(other):
            # c = a - k;   ∂c/∂a = 1
            k = _constant(other, self, " - ")
            return _node(self.data - k, "-", "{0} - " + fmt(k), (self, 1.0, "1"))
        return NotImplemented

    def __rsub__(self, other: float) -> Value:
        if _is_number(other):
            # c = k - a;   ∂c/∂a = -1
            k = _constant(other, self, " - ")
            return _node(k - self.data, "-", fmt(k) + " - {0}", (self, -1.0, "-1"))
        return NotImplemented

    def __mul__(self, other: Value | float) -> Value:
        if isinstance(other, Value):
            # c = a·b;   ∂c/∂a = b, ∂c/∂b = a
            return _node(self.data * other.data, "*", "{0}·{1}",
                         (self, other.data, "{r1}"), (other, self.data, "{r0}"))
        if _is_number(other):
            # c = a·k;   ∂c/∂a = k
            k = _constant(other, self, "·")
            return _node(self.data * k, "*", "{0}·" + fmt(k), (self, k, fmt(k)))
        return NotImplemented

    def __rmul__(self, other: float) -> Value:
        if _is_number(other):
            # c = k·a;   ∂c/∂a = k
            k = _constant(other, self, "·")
            return _node(k * self.data, "*", fmt(k) + "·{0}", (self, k, fmt(k)))
        return NotImplemented

    def __truediv__(self, other: Value | float) -> Value:
        if isinstance(other, Value):
            _check_divisor(other.data, f"{_wrap(self.label, '/')}/{_wrap(other.label, '/')}",
                           other.label)
            # c = a/b;   ∂c/∂a = 1/b, ∂c/∂b = -a/b²  (as -(a/b)/b: b² alone may underflow)
            return _node(self.data / other.data, "/", "{0}/{1}",
                         (self, 1.0 / other.data, "1/{1}"),
                         (other, -(self.data / other.data) / other.data, "-{0}/{1}^2"))
        if _is_number(other):
            k = _constant(other, self, "/")
            _check_divisor(k, f"{_wrap(self.label, '/')}/{fmt(k)}", "")
            # c = a/k;   ∂c/∂a = 1/k
            return _node(self.data / k, "/", "{0}/" + fmt(k), (self, 1.0 / k, f"1/{fmt(k)}"))
        return NotImplemented

    def __rtruediv__(self, other: float) -> Value:
        if _is_number(other):
            k = _constant(other, self, "/")
            _check_divisor(self.data, f"{fmt(k)}/{_wrap(self.label, '/')}", self.label)
            # c = k/a;   ∂c/∂a = -k/a²  (as -(k/a)/a: a² alone may underflow)
            return _node(k / self.data, "/", fmt(k) + "/{0}",
                         (self, -(k / self.data) / self.data, f"-{fmt(k)}/" + "{0}^2"))
        return NotImplemented

    def __pow__(self, n: float) -> Value:
        if not _is_number(n):
            return NotImplemented
        n = _constant(n, self, "^")
        what = f"{_wrap(self.label, '**')}^{fmt(n)}"
        a = self.data
        if a == 0 and n < 0:
            raise DomainError(f"{what} divides by zero: 0 to the negative power {fmt(n)} "
                              f"at {self.label} = 0")
        if a < 0 and not n.is_integer():
            raise DomainError(f"{what} is not a real number: a negative base to the "
                              f"fractional power {fmt(n)} at {self.label} = {fmt(a)}")
        if a == 0 and 0 < n < 1:
            raise DomainError(f"{what} has no finite derivative at {self.label} = 0: "
                              f"{fmt(n)}·{self.label}^{fmt(n - 1)} is infinite there")
        # c = a^n;   ∂c/∂a = n·a^(n-1)   (0 for n = 0, also at a = 0)
        data = _guard(lambda: a**n, what, self)
        local = 0.0 if n == 0 else n * _guard(lambda: a ** (n - 1), f"∂({what})", self)
        return _node(data, "**", "{0}^" + fmt(n), (self, local, fmt(n) + "·{0}^" + fmt(n - 1)))

    def exp(self) -> Value:
        # c = e^a;   ∂c/∂a = e^a = c
        data = _guard(lambda: math.exp(self.data), f"exp({self.label})", self)
        return _node(data, "exp", "exp({r0})", (self, data, "exp({r0})"))

    def log(self) -> Value:
        # c = ln a;   ∂c/∂a = 1/a
        if self.data <= 0:
            raise DomainError(f"log needs a positive input, but {self.label} = {fmt(self.data)}")
        return _node(math.log(self.data), "log", "log({r0})", (self, 1.0 / self.data, "1/{0}"))

    def tanh(self) -> Value:
        # c = tanh a;   ∂c/∂a = 1 - tanh²a = 1 - c²
        t = math.tanh(self.data)
        return _node(t, "tanh", "tanh({r0})", (self, 1.0 - t * t, "1 - tanh({r0})^2"))

    def sigmoid(self) -> Value:
        # c = σ(a) = 1/(1 + e^-a);   ∂c/∂a = σ(a)·(1 - σ(a)) = c·(1 - c)
        s = _stable_sigmoid(self.data)
        return _node(s, "sigmoid", "σ({r0})", (self, s * (1.0 - s), "σ({r0})·(1 - σ({r0}))"))

    def relu(self) -> Value:
        # c = max(0, a);   ∂c/∂a = 1 if a > 0 else 0 (we pick 0 at the kink a = 0)
        return _node(max(0.0, self.data), "relu", "relu({r0})",
                     (self, 1.0 if self.data > 0 else 0.0, "[{r0} > 0]"))

    # ---- reverse mode ---------------------------------------------------------------------

    def backward(self) -> None:
        """Reverse mode: set ``node.grad = ∂self/∂node`` for every node of the graph.

        Gradients are reset first, so calling ``backward`` twice gives the same numbers.
        """
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0  # ∂o/∂o = 1
        for node in reversed(order):  # every child is finished before its parents
            for parent, local, _ in node._edges:
                parent.grad += local * node.grad  # one term of the sum over paths
                if not math.isfinite(parent.grad):
                    raise NonFiniteError(
                        f"∂{_wrap(self.label)}/∂{_wrap(parent.label)} overflows float64 in "
                        f"the backward pass, at the edge {parent.label} → {node.label} "
                        f"(local derivative {fmt(local)}, ∂{_wrap(self.label)}/"
                        f"∂{_wrap(node.label)} = {fmt(node.grad)})"
                    )


def _node(data: float, op: str, expr: str, *edges: _EdgeData) -> Value:
    """A new node; its value and local derivatives must be finite (the inputs were)."""
    if not math.isfinite(data) or not all(math.isfinite(local) for _, local, _ in edges):
        parents = tuple(parent for parent, _, _ in edges)
        formula = f"{_render(expr, parents, op=op)} = {_render(expr, parents, numbers=True)}"
        if math.isfinite(data):
            parent, local, rule = next(e for e in edges if not math.isfinite(e[1]))
            formula = (f"the local derivative ∂({_render(expr, parents, op=op)})/"
                       f"∂{_wrap(parent.label)} = {_render(rule, parents)} of {formula}")
            data = local
        raise NonFiniteError(f"{formula} is {data}: the numbers overflow float64 "
                             f"(every input of the node is finite)")
    return Value(data, op=op, expr=expr, edges=tuple(edges))


def _constant(k: float, node: Value, op: str) -> float:
    """A constant combined with ``node``, as a float; it must be finite, like a node."""
    if isinstance(k, bool):
        raise ArgumentTypeError(f"the constant {k} in {_wrap(node.label)}{op}{k} must be a "
                                f"number, not a bool")
    value = float(k)
    if not math.isfinite(value):
        raise NonFiniteError(f"the constant {value} in {_wrap(node.label)}{op}{value} must be "
                             f"a finite number")
    return value


def _check_divisor(divisor: float, what: str, name: str) -> None:
    """DomainError naming the node ``name`` (or the constant, if ``name`` is "") if 0."""
    if divisor == 0:
        which = f"{name} = 0" if name else "the divisor is the constant 0"
        raise DomainError(f"division by zero in {what}: {which}")


def _guard(compute: Callable[[], float], what: str, node: Value) -> float:
    """Run a float computation, turning Python's bare 'math range error' into a clear one."""
    try:
        return compute()
    except OverflowError:
        raise NonFiniteError(
            f"{what} overflows float64 at {node.label} = {fmt(node.data)}"
        ) from None


# ---- the same math on floats, Values and Duals ---------------------------------------------


def exp(x: Scalar) -> Scalar:
    """e^x for a float, a Value or a Dual."""
    if not _is_number(x):
        return x.exp()
    try:
        return math.exp(x)
    except OverflowError:
        raise NonFiniteError(f"exp(x) overflows float64 at x = {fmt(x)}") from None


def log(x: Scalar) -> Scalar:
    """ln x for a float, a Value or a Dual."""
    if not _is_number(x):
        return x.log()
    if not x > 0:
        raise DomainError(f"log needs a positive input, but x = {fmt(x)}")
    return math.log(x)


def tanh(x: Scalar) -> Scalar:
    """tanh x for a float, a Value or a Dual."""
    return math.tanh(x) if _is_number(x) else x.tanh()


def sigmoid(x: Scalar) -> Scalar:
    """σ(x) = 1/(1 + e^-x) for a float, a Value or a Dual (no overflow at |x| = 1000)."""
    return _stable_sigmoid(float(x)) if _is_number(x) else x.sigmoid()


def relu(x: Scalar) -> Scalar:
    """max(0, x) for a float, a Value or a Dual."""
    return max(0.0, float(x)) if _is_number(x) else x.relu()


# ---- one node for a whole neuron, and for the squared error ---------------------------------
# A neuron's input sum and the squared error are sums of many terms. Written with + and ·
# they become a chain of small nodes; as one node each, a network's graph has exactly one
# node per z^l_j and a^l_j, and the edge a^{l-1}_k -> z^l_j carries the weight w^l_{jk}.


def _signed(x: float) -> str:
    """' + 0.5' or ' - 0.5': a term appended to a sum (' + 0' for -0.0 too)."""
    return f" - {fmt(-x)}" if x < 0 else f" + {fmt(x)}"


def _minus(y: float) -> str:
    """' - y' appended to a_j in (a_j - y_j): ' - 0.5', ' + 0.3', and nothing for y = 0, so
    that a target 0 reads '(a)^2', not '(a + -0)^2'."""
    return "" if y == 0 else _signed(-y)


def _all_values(xs: Sequence[Scalar], what: str) -> bool:
    """True if every element is a Value, False if every one is a number; else TypeError."""
    kinds = {isinstance(x, Value) for x in xs}
    if kinds == {True}:
        return True
    if all(_is_number(x) for x in xs):
        return False
    raise ArgumentTypeError(f"{what} must be all Values or all numbers, got "
                            f"{[type(x).__name__ for x in xs]}")


def weighted_sum(inputs: Sequence[Scalar], weights: Sequence[float], bias: float = 0.0
                 ) -> Scalar:
    """z = Σ_k w_k·a_k + b, with numbers w_k and b, as one node: ∂z/∂a_k = w_k.

    With floats it returns a float. The weights are constants here, not nodes: the edge
    from a_k carries w_k, which is how a network's input sum z^l_j is drawn.
    """
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
    # z = Σ_k w_k·a_k + b;   ∂z/∂a_k = w_k
    return _node(data, "wsum", expr, *((a, wk, fmt(wk)) for a, wk in zip(inputs, w, strict=True)))


def half_squared_error(outputs: Sequence[Scalar], targets: Sequence[float]) -> Scalar:
    """C = ½ Σ_j (a_j - y_j)², with numbers y_j, as one node: ∂C/∂a_j = a_j - y_j.

    With floats it returns a float.
    """
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
    # C = ½ Σ_j (a_j - y_j)²;   ∂C/∂a_j = a_j - y_j
    return _node(data, "hse", expr, *((a, a.data - yj, f"{{{j}}}{_minus(yj)}")
                                      for j, (a, yj) in enumerate(zip(outputs, y, strict=True))))


# ---- inspecting a graph --------------------------------------------------------------------


def topological_order(output: Value) -> list[Value]:
    """Every node the output depends on, each after all of its parents (inputs first)."""
    order: list[Value] = []
    seen: set[Value] = set()
    # iterative depth-first search: a deep chain would overflow Python's recursion limit
    stack: list[tuple[Value, bool]] = [(output, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
            continue
        if node in seen:
            continue
        seen.add(node)
        stack.append((node, True))
        stack.extend((p, False) for p in reversed(node.parents) if p not in seen)
    return order


@dataclass(frozen=True)
class Edge:
    """An edge parent → child with its local derivative ∂child/∂parent (value and formula)."""

    parent: Value
    child: Value
    local: float
    rule: str

    def __str__(self) -> str:
        c, p = _wrap(self.child.label), _wrap(self.parent.label)
        return f"∂{c}/∂{p} = {self.rule} = {fmt(self.local)}"


def edges(output: Value) -> list[Edge]:
    """All edges of the graph of ``output``, children in topological order."""
    return [
        Edge(parent, child, local, rule)
        for child in topological_order(output)
        for parent, local, rule in zip(child.parents, child.local_derivatives,
                                       child.local_rules(), strict=True)
    ]


@dataclass(frozen=True)
class Step:
    """One step of a forward or backward sweep, for a step-through player or a table.

    forward: ``value`` is the node's value.  backward: ``value`` is the node's gradient
    after this step's ``+=``, and ``contribution`` is the term the step added.
    """

    phase: Literal["forward", "backward"]
    label: str
    op: str
    formula: str
    value: float
    contribution: float | None = None
    node: Value | None = field(default=None, repr=False, compare=False)
    child: Value | None = field(default=None, repr=False, compare=False)


def trace(output: Value) -> list[Step]:
    """The forward steps (inputs first) then the backward steps (one per edge) of ``output``.

    Runs ``output.backward()``. A backward step reads "ā += c̄ · ∂c/∂a = 3 · 1 = 3": the
    adjoint ā = ∂o/∂a (written with a bar, :func:`adjoint_symbol`) grows by the child's
    adjoint times the local derivative ∂c/∂a of the edge a → c; a negative factor is in
    brackets. The running sums end at each node's ``grad``.
    """
    output.backward()
    order = topological_order(output)
    steps: list[Step] = []
    for node in order:
        if node.is_leaf:
            formula = f"{node.label} = {fmt(node.data)}"
        else:
            formula = (f"{node.label} = {node.expression()} = "
                       f"{node.expression(numbers=True)} = {fmt(node.data)}")
        steps.append(Step("forward", node.label, node.op, formula, node.data, node=node))

    o = _wrap(output.label)
    running = {node: 0.0 for node in order}
    running[output] = 1.0
    steps.append(Step("backward", output.label, output.op,
                      f"{adjoint_symbol(output.label)} = ∂{o}/∂{o} = 1", 1.0, 1.0, node=output))
    for child in reversed(order):
        c = _wrap(child.label)
        upstream = running[child]  # complete: all of the child's own children came before
        for parent, local, rule in zip(child.parents, child.local_derivatives,
                                       child.local_rules(), strict=True):
            p = _wrap(parent.label)
            contribution = local * upstream
            running[parent] += contribution
            formula = (f"{adjoint_symbol(parent.label)} += {adjoint_symbol(child.label)}"
                       f" · ∂{c}/∂{p} = {factor(upstream)} · {factor(local)} = "
                       f"{fmt(contribution)}   (∂{c}/∂{p} = {rule})")
            steps.append(Step("backward", parent.label, child.op, formula, running[parent],
                              contribution, node=parent, child=child))
    return steps


# ---- the book's example graphs ---------------------------------------------------------------


def example_nodes(a: Scalar, b: Scalar) -> dict[str, Scalar]:
    """The graph of source 001: c = a + b, d = a·b, o = ½·c·d (as cd = c·d, o = cd/2).

    Generic: with floats it computes numbers, with Values a graph, with Duals tangents.
    """
    c = a + b
    d = a * b
    cd = c * d  # ½·c·d is two elementary operations: a product, then a halving
    o = cd / 2
    return {"a": a, "b": b, "c": c, "d": d, "cd": cd, "o": o}


def example_graph(a: float = 2.0, b: float = 3.0) -> dict[str, Value]:
    """The labelled graph of ``example_nodes`` with gradients computed by ``o.backward()``.

    At a = 2, b = 3: o = 15, ∂o/∂a = 10.5, ∂o/∂b = 8, ∂o/∂c = 3, ∂o/∂d = 2.5.
    """
    nodes = example_nodes(Value(a, "a"), Value(b, "b"))
    for name, node in nodes.items():
        node.label = name
    nodes["o"].backward()
    return nodes


def exercise_nodes(a: Scalar, b: Scalar) -> dict[str, Scalar]:
    """The exercise graph e = (a + b)·(b + 1), as c = a + b, d = b + 1, e = c·d (generic)."""
    c = a + b
    d = b + 1
    e = c * d
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def exercise_graph(a: float = 2.0, b: float = 1.0) -> dict[str, Value]:
    """The labelled exercise graph with gradients: ∂e/∂a = b + 1, ∂e/∂b = a + 2b + 1."""
    nodes = exercise_nodes(Value(a, "a"), Value(b, "b"))
    for name, node in nodes.items():
        node.label = name
    nodes["e"].backward()
    return nodes
