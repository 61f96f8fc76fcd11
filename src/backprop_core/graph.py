"""The engine: scalar nodes that hold a value and a gradient (micrograd style).

Every operation computes its output (the forward rule) and, right next to it, the local
derivative ∂out/∂parent of each incoming edge. ``Value.backward`` puts the nodes in
topological order and makes one reverse sweep, ``parent.grad += local · node.grad``: one
term per edge, so the ``+=`` is the chain rule's "sum over paths".

Each operation also has one ``Formula``: its forward rule and local derivatives as text
templates. They are only filled in (by ``backprop_core.labels``) when a picture, a trace, a
player or an error message asks for a node's name; building a graph writes no text.

The module-level functions ``exp, log, tanh, sigmoid, relu`` work on a float, a ``Value`` or
a ``forward_mode.Dual``, so one Python function can be run as plain arithmetic, as a graph
(reverse mode) or with dual numbers (forward mode).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from numbers import Real
from typing import TYPE_CHECKING, Any

from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    DomainError,
    NonFiniteError,
    check_real,
    check_result,
    describe,
)

if TYPE_CHECKING:
    from backprop_core.labels import Explain, Labels

Scalar = Any
"""A float, a Value or a Dual: anything with + - * / ** and .exp() .log() .tanh() ..."""

EdgeHook = Callable[["Value", "Value", float, float], None]
"""Called by ``backward`` after each ``+=``: (parent, child, local derivative, child.grad)."""

_isfinite = math.isfinite


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


class Value:
    """A scalar node of a computational graph.

    ``data`` is the forward value, ``grad`` is ∂output/∂node after ``output.backward()``.
    A node made by an operation remembers its parents together with the local derivative
    ∂node/∂parent of each edge (``parents``, ``local_derivatives``); a node without parents
    is an input (a leaf). ``label`` is the name given, or one written from the formulas.
    """

    __slots__ = ("data", "grad", "_prev", "_local", "_form", "_k", "_name")
    data: float
    grad: float
    _prev: tuple[Value, ...]
    _local: tuple[float, ...]
    _form: Formula
    _k: float
    _name: str
    # numpy scalars must hand `np.float64(2) * v` over to Value.__rmul__, not build an array.
    __array_ufunc__ = None

    def __init__(self, data: float, label: str = "") -> None:
        if isinstance(data, bool) or not isinstance(data, Real):
            raise ArgumentTypeError(f"Value {label!r} needs a real number as its data, got "
                                    f"{describe(data)}")
        self.data = float(data)
        if not _isfinite(self.data):
            raise NonFiniteError(f"Value {label!r} = {self.data}: a node's value must be a "
                                 f"finite number")
        self.grad = 0.0
        self._prev = ()
        self._local = ()
        self._form = LEAF
        self._k = 0.0
        self._name = label

    # ---- inspection ---------------------------------------------------------------------

    @property
    def parents(self) -> tuple[Value, ...]:
        """The nodes this one was computed from (a parent appears twice in ``a * a``)."""
        return self._prev

    @property
    def local_derivatives(self) -> tuple[float, ...]:
        """∂self/∂parent for each parent, in the order of ``parents``."""
        return self._local

    @property
    def op(self) -> str:
        """The operation that made the node ('+', '*', 'exp', ...; '' for an input)."""
        return self._form.op

    @property
    def formula(self) -> Formula:
        """The operation's forward rule and local derivatives as templates."""
        return self._form

    @property
    def constant(self) -> float:
        """The number combined with the parent in ``a + 2``, ``3·a``, ``a^2`` (else 0)."""
        return self._k

    @property
    def is_leaf(self) -> bool:
        """True for an input node (no parents)."""
        return not self._prev

    @property
    def label(self) -> str:
        """The name given to the node, or else the one ``labels.Labels`` writes for it in its
        own graph: 'x1' for an input, the formula 'a + b', or 't1' if that is long."""
        return self._name or _labels(self)[self]

    @label.setter
    def label(self, name: str) -> None:
        self._name = name

    @property
    def name(self) -> str:
        """The name given to the node ('' if none)."""
        return self._name

    def expression(self, numbers: bool = False) -> str:
        """The forward rule with parent labels ('a + b') or parent values ('2 + 3')."""
        return _labels(self).expression(self, numbers)

    def local_rules(self) -> tuple[str, ...]:
        """∂self/∂parent for each parent as a formula in the parents' labels ('b', '1')."""
        return _labels(self).local_rules(self)

    def __repr__(self) -> str:
        from backprop_core.labels import fmt

        return f"Value({self.label}={fmt(self.data)}, grad={fmt(self.grad)})"

    # ---- operations: forward rule and local derivatives side by side ---------------------

    def __add__(self, other: Value | float) -> Value:
        if isinstance(other, Value):
            # c = a + b;   ∂c/∂a = 1, ∂c/∂b = 1
            return _node(self.data + other.data, ADD, (self, other), (1.0, 1.0))
        if isinstance(other, Real):
            # c = a + k (k a constant, not a node);   ∂c/∂a = 1
            k = _constant(other, self, ADD_K)
            return _node(self.data + k, ADD_K, (self,), (1.0,), k)
        return NotImplemented

    def __radd__(self, other: float) -> Value:
        if isinstance(other, Real):
            # c = k + a: the rule of a + k, written the way the user wrote it
            k = _constant(other, self, K_ADD)
            return _node(k + self.data, K_ADD, (self,), (1.0,), k)
        return NotImplemented

    def __neg__(self) -> Value:
        # c = -a;   ∂c/∂a = -1
        return _node(-self.data, NEG, (self,), (-1.0,))

    def __sub__(self, other: Value | float) -> Value:
        if isinstance(other, Value):
            # c = a - b;   ∂c/∂a = 1, ∂c/∂b = -1
            return _node(self.data - other.data, SUB, (self, other), (1.0, -1.0))
        if isinstance(other, Real):
            # c = a - k;   ∂c/∂a = 1
            k = _constant(other, self, SUB_K)
            return _node(self.data - k, SUB_K, (self,), (1.0,), k)
        return NotImplemented

    def __rsub__(self, other: float) -> Value:
        if isinstance(other, Real):
            # c = k - a;   ∂c/∂a = -1
            k = _constant(other, self, K_SUB)
            return _node(k - self.data, K_SUB, (self,), (-1.0,), k)
        return NotImplemented

    def __mul__(self, other: Value | float) -> Value:
        if isinstance(other, Value):
            # c = a·b;   ∂c/∂a = b, ∂c/∂b = a
            return _node(self.data * other.data, MUL, (self, other), (other.data, self.data))
        if isinstance(other, Real):
            # c = a·k;   ∂c/∂a = k
            k = _constant(other, self, MUL_K)
            return _node(self.data * k, MUL_K, (self,), (k,), k)
        return NotImplemented

    def __rmul__(self, other: float) -> Value:
        if isinstance(other, Real):
            # c = k·a;   ∂c/∂a = k
            k = _constant(other, self, K_MUL)
            return _node(k * self.data, K_MUL, (self,), (k,), k)
        return NotImplemented

    def __truediv__(self, other: Value | float) -> Value:
        if isinstance(other, Value):
            a, b = self.data, other.data
            if b == 0:
                raise DomainError(_explain().division_by_zero(_sketch(DIV, (self, other)),
                                                                other))
            # c = a/b;   ∂c/∂a = 1/b, ∂c/∂b = -a/b²  (as -(a/b)/b: b² alone may underflow)
            return _node(a / b, DIV, (self, other), (1.0 / b, -(a / b) / b), check=True)
        if isinstance(other, Real):
            k = _constant(other, self, DIV_K)
            if k == 0:
                raise DomainError(_explain().division_by_zero(_sketch(DIV_K, (self,), k), None))
            # c = a/k;   ∂c/∂a = 1/k
            return _node(self.data / k, DIV_K, (self,), (1.0 / k,), k, check=True)
        return NotImplemented

    def __rtruediv__(self, other: float) -> Value:
        if isinstance(other, Real):
            k, a = _constant(other, self, K_DIV), self.data
            if a == 0:
                raise DomainError(_explain().division_by_zero(_sketch(K_DIV, (self,), k), self))
            # c = k/a;   ∂c/∂a = -k/a²  (as -(k/a)/a: a² alone may underflow)
            return _node(k / a, K_DIV, (self,), (-(k / a) / a,), k, check=True)
        return NotImplemented

    def __pow__(self, n: float) -> Value:
        if not isinstance(n, Real):
            return NotImplemented
        n = _constant(n, self, POW)
        a = self.data
        if (a == 0 and n < 0) or (a < 0 and not n.is_integer()) or (a == 0 and 0 < n < 1):
            raise DomainError(_explain().bad_power(_sketch(POW, (self,), n)))
        # c = a^n;   ∂c/∂a = n·a^(n-1)   (0 for n = 0, also at a = 0)
        data = _guard(lambda: a**n, POW, self, n)
        local = 0.0 if n == 0 else n * _guard(lambda: a ** (n - 1), POW, self, n, True)
        return _node(data, POW, (self,), (local,), n, check=True)

    def exp(self) -> Value:
        # c = e^a;   ∂c/∂a = e^a = c
        data = _guard(lambda: math.exp(self.data), EXP, self)
        return _node(data, EXP, (self,), (data,))

    def log(self) -> Value:
        # c = ln a;   ∂c/∂a = 1/a
        if self.data <= 0:
            raise DomainError(_explain().log_domain(self))
        return _node(math.log(self.data), LOG, (self,), (1.0 / self.data,), check=True)

    def tanh(self) -> Value:
        # c = tanh a;   ∂c/∂a = 1 - tanh²a = 1 - c²
        t = math.tanh(self.data)
        return _node(t, TANH, (self,), (1.0 - t * t,))

    def sigmoid(self) -> Value:
        # c = σ(a) = 1/(1 + e^-a);   ∂c/∂a = σ(a)·(1 - σ(a)) = c·(1 - c)
        s = _stable_sigmoid(self.data)
        return _node(s, SIGMOID, (self,), (s * (1.0 - s),))

    def relu(self) -> Value:
        # c = max(0, a);   ∂c/∂a = 1 if a > 0 else 0 (we pick 0 at the kink a = 0)
        a = self.data
        return _node(a if a > 0 else 0.0, RELU, (self,), (1.0 if a > 0 else 0.0,))

    # ---- reverse mode ---------------------------------------------------------------------

    def backward(self, on_edge: EdgeHook | None = None) -> None:
        """Reverse mode: set ``node.grad = ∂self/∂node`` for every node of the graph.

        Gradients are reset first, so calling ``backward`` twice gives the same numbers.
        ``on_edge(parent, child, local, child.grad)`` is called after each edge's ``+=``
        (``steps.trace`` records the sweep this way).
        """
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0  # ∂o/∂o = 1
        for node in reversed(order):  # every child is finished before its parents
            grad = node.grad
            # (no strict=: the keyword makes this loop 1.5x slower; the lengths are equal)
            for parent, local in zip(node._prev, node._local):  # noqa: B905
                parent.grad += local * grad  # one term of the sum over paths
                if on_edge is not None:
                    on_edge(parent, node, local, grad)
        if not all(map(_isfinite, [node.grad for node in order])):
            # sweep again, stopping at the first edge whose sum overflowed, to name it
            self.backward(on_edge=_overflow_check(self))
            raise AssertionError("a gradient overflowed, but no edge was found")  # unreachable


def topological_order(output: Value) -> list[Value]:
    """Every node the output depends on, each after all of its parents (inputs first)."""
    order: list[Value] = []
    seen = {output}
    # iterative depth-first search: a deep chain would overflow Python's recursion limit
    stack: list[tuple[Value, Iterator[Value]]] = [(output, iter(output._prev))]
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


def _node(data: float, form: Formula, parents: tuple[Value, ...], local: tuple[float, ...],
          k: float = 0.0, *, check: bool = False) -> Value:
    """A new node. Its value must be finite; with ``check``, its local derivatives too (the
    operations whose derivatives can overflow when the inputs are finite: /, log, ^)."""
    out = Value.__new__(Value)
    out.data, out.grad, out._prev, out._local, out._form, out._k, out._name = (
        data, 0.0, parents, local, form, k, "")
    if not _isfinite(data) or (check and not all(map(_isfinite, local))):
        raise NonFiniteError(_explain().overflow(out))
    return out


# ---- errors: the checks are here, their text (which names the nodes) is labels.Explain's --


def _labels(*nodes: Value) -> Labels:
    from backprop_core.labels import Labels  # labels are written only when asked for

    return Labels(*nodes)


def _explain() -> type[Explain]:
    from backprop_core.labels import Explain  # only when an error is raised

    return Explain


def _sketch(form: Formula, parents: tuple[Value, ...], k: float = 0.0) -> Value:
    """A node that is not made (its operation failed), to write the failed formula."""
    out = Value.__new__(Value)
    out.data, out.grad, out._prev, out._local, out._form, out._k, out._name = (
        0.0, 0.0, parents, (0.0,) * len(parents), form, k, "")
    return out


def _constant(k: float, node: Value, form: Formula) -> float:
    """A constant combined with ``node``, as a float; it must be finite, like a node."""
    if isinstance(k, bool):
        raise ArgumentTypeError(_explain().bool_constant(k, node, form))
    value = float(k)
    if not _isfinite(value):
        raise NonFiniteError(_explain().bad_constant(value, node, form))
    return value


def _guard(compute: Callable[[], float], form: Formula, node: Value, k: float = 0.0,
           derivative: bool = False) -> float:
    """Run a float computation, turning Python's bare 'math range error' into a clear one."""
    try:
        return compute()
    except OverflowError:
        raise NonFiniteError(_explain().overflow_at(_sketch(form, (node,), k), node,
                                                    derivative)) from None


def _overflow_check(output: Value) -> EdgeHook:
    """An ``on_edge`` hook that raises at the first edge whose sum is not finite."""

    def check(parent: Value, child: Value, local: float, grad: float) -> None:
        if not _isfinite(parent.grad):
            raise NonFiniteError(_explain().backward_overflow(output, parent, child, local,
                                                              grad))

    return check


def _stable_sigmoid(x: float) -> float:
    # exp of a large positive number overflows; only ever exponentiate -|x|.
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


# ---- the same math on floats, Values and Duals ---------------------------------------------


def exp(x: Scalar) -> Scalar:
    """e^x for a float, a Value or a Dual."""
    if not isinstance(x, Real):
        return x.exp()
    try:
        return math.exp(x)
    except OverflowError:
        raise NonFiniteError(f"exp(x) overflows float64 at x = {x + 0.0:.4g}") from None


def log(x: Scalar) -> Scalar:
    """ln x for a float, a Value or a Dual."""
    if not isinstance(x, Real):
        return x.log()
    if not float(x) > 0:
        raise DomainError(f"log needs a positive input, but x = {x + 0.0:.4g}")
    return math.log(x)


def tanh(x: Scalar) -> Scalar:
    """tanh x for a float, a Value or a Dual."""
    return math.tanh(x) if isinstance(x, Real) else x.tanh()


def sigmoid(x: Scalar) -> Scalar:
    """σ(x) = 1/(1 + e^-x) for a float, a Value or a Dual (no overflow at |x| = 1000)."""
    return _stable_sigmoid(float(x)) if isinstance(x, Real) else x.sigmoid()


def relu(x: Scalar) -> Scalar:
    """max(0, x) for a float, a Value or a Dual."""
    return max(0.0, float(x)) if isinstance(x, Real) else x.relu()


# ---- one node for a whole neuron, and for the squared error ---------------------------------
# A neuron's input sum and the squared error are sums of many terms. Written with + and ·
# they become a chain of small nodes; as one node each, a network's graph has exactly one
# node per z^l_j and a^l_j, and the edge a^{l-1}_k -> z^l_j carries the weight w^l_{jk}.
# Their formulas hold the node's numbers, so each such node has a Formula of its own.


def _num(x: float) -> str:
    return f"{x + 0.0:.4g}"  # as labels.fmt: + 0.0 turns -0.0 into 0.0


def _signed(x: float) -> str:
    """' + 0.5' or ' - 0.5': a term appended to a sum (' + 0' for -0.0 too)."""
    return f" - {_num(-x)}" if x < 0 else f" + {_num(x)}"


def _minus(y: float) -> str:
    """' - y' appended to a_j in (a_j - y_j): ' - 0.5', ' + 0.3', and nothing for y = 0, so
    that a target 0 reads '(a)^2', not '(a + -0)^2'."""
    return "" if y == 0 else _signed(-y)


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
    expr = f"{_num(w[0])}·{{0}}" + "".join(
        f"{_signed(wk)}·{{{k}}}" for k, wk in enumerate(w[1:], start=1))
    if bias != 0:
        expr += _signed(float(bias))
    one_term = len(w) == 1 and bias == 0
    form = Formula("wsum", expr, tuple(_num(wk) for wk in w), 2 if one_term else 1, 2)
    # z = Σ_k w_k·a_k + b;   ∂z/∂a_k = w_k
    return _node(data, form, tuple(inputs), tuple(w))


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
    form = Formula("hse", expr, tuple(f"{{{j}}}{_minus(yj)}" for j, yj in enumerate(y)), 2, 0)
    # C = ½ Σ_j (a_j - y_j)²;   ∂C/∂a_j = a_j - y_j
    return _node(data, form, tuple(outputs),
                 tuple(a.data - yj for a, yj in zip(outputs, y, strict=True)))
