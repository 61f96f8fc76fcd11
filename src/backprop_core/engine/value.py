"""The engine: scalar nodes that hold a value and a gradient (micrograd style).

Every operation computes its output (the forward rule) and, right next to it, the local
derivative ∂out/∂parent of each incoming edge. ``Value.backward`` puts the nodes in
topological order and makes one reverse sweep, ``parent.grad += local · node.grad``: one
term per edge, so the ``+=`` is the chain rule's "sum over paths".

Each operation also has one ``Formula``: its forward rule and local derivatives as text
templates. They are only filled in (by ``backprop_core.engine.labels``) when a picture, a trace, a
player or an error message asks for a node's name; building a graph writes no text.

The module-level functions ``exp, log, tanh, sigmoid, relu, maximum`` work on a float, a
``Value`` or a ``forward_mode.Dual``, so one Python function can be run as plain arithmetic,
as a graph (reverse mode) or with dual numbers (forward mode).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from numbers import Real
from typing import Any

from backprop_core.engine.formulas import (
    ADD,
    ADD_K,
    DIV,
    DIV_K,
    EXP,
    K_ADD,
    K_DIV,
    K_MUL,
    K_SUB,
    LEAF,
    LOG,
    MAX,
    MUL,
    MUL_K,
    NEG,
    POW,
    RELU,
    SIGMOID,
    SUB,
    SUB_K,
    TANH,
    Formula,
    topological_order,
)
from backprop_core.engine.labels import Explain, Labels
from backprop_core.engine.slopes import sigmoid_slope, stable_sigmoid, tanh_slope
from backprop_core.errors import (
    ArgumentTypeError,
    DomainError,
    NonFiniteError,
    check_callable,
    check_real,
    describe,
)
from backprop_core.formatting import fmt

Scalar = Any
"""A float, a Value or a Dual: anything with + - * / ** and .exp() .log() .tanh() ..."""

EdgeHook = Callable[["Value", "Value", float, float], None]
"""Called by ``backward`` after each ``+=``: (parent, child, local derivative, child.grad)."""

_isfinite = math.isfinite


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
        if not isinstance(label, str):
            raise ArgumentTypeError(f"the label of a Value must be a str, got {describe(label)}")
        self.data = check_real(data, f"the data of Value {label!r}")
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

    def local_rules(self, numbers: bool = False) -> tuple[str, ...]:
        """∂self/∂parent for each parent as a formula in the parents' labels ('b', '1') or,
        with ``numbers``, in their values ('3', '1')."""
        return _labels(self).local_rules(self, numbers)

    def __repr__(self) -> str:
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
        if isinstance(n, Value):
            raise ArgumentTypeError(_explain().node_exponent(self, n))
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

    def __rpow__(self, k: float) -> Value:
        if isinstance(k, Real):
            raise ArgumentTypeError(_explain().node_exponent(k, self))
        return NotImplemented

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
        # c = tanh a;   ∂c/∂a = 1 - tanh²a = 1 - c²  (computed without the subtraction,
        # which loses every digit where c rounds to ±1: see tanh_slope)
        return _node(math.tanh(self.data), TANH, (self,), (tanh_slope(self.data),))

    def sigmoid(self) -> Value:
        # c = σ(a) = 1/(1 + e^-a);   ∂c/∂a = σ(a)·(1 - σ(a)) = c·(1 - c)  (computed without
        # the subtraction, which loses every digit where c rounds to 1: see sigmoid_slope)
        s = stable_sigmoid(self.data)
        return _node(s, SIGMOID, (self,), (sigmoid_slope(self.data),))

    def relu(self) -> Value:
        # c = max(0, a);   ∂c/∂a = 1 if a > 0 else 0 (we pick 0 at the kink a = 0)
        a = self.data
        return _node(a if a > 0 else 0.0, RELU, (self,), (1.0 if a > 0 else 0.0,))

    def max(self, other: Value | float) -> Value:
        # c = max(a, b);   ∂c/∂a = [a > b], ∂c/∂b = [a ≤ b]: the larger input gets it all
        # (a tie goes to b, as relu's kink goes to 0: relu(a) is max(a, 0)). A constant
        # becomes an input node of its own: the gate has two inputs.
        b = other if isinstance(other, Value) else Value(_constant(other, self, MAX))
        on = self.data > b.data
        return _node(self.data if on else b.data, MAX, (self, b),
                     (1.0 if on else 0.0, 0.0 if on else 1.0))

    # ---- reverse mode ---------------------------------------------------------------------

    def backward(self, on_edge: EdgeHook | None = None) -> None:
        """Reverse mode: set ``node.grad = ∂self/∂node`` for every node of the graph.

        Gradients are reset first, so calling ``backward`` twice gives the same numbers.
        ``on_edge(parent, child, local, child.grad)`` is called after each edge's ``+=``
        (``engine.trace`` records the sweep this way).
        """
        if on_edge is not None:
            check_callable(on_edge, "on_edge")
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
    return Labels(*nodes)  # labels are written only when asked for


def _explain() -> type[Explain]:
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


# ---- the same math on floats, Values and Duals ---------------------------------------------

_SCALAR_METHODS = ("exp", "log", "tanh", "sigmoid", "relu")


def check_scalar(x: object, name: str = "x") -> Scalar:
    """``x`` as a float if it is a real number (it must be finite), or as it is if it has
    the methods of a scalar (a Value, a Dual); else an ArgumentTypeError naming ``name``."""
    if isinstance(x, Real):
        return check_real(x, name)
    if all(callable(getattr(x, method, None)) for method in _SCALAR_METHODS):
        return x
    raise ArgumentTypeError(f"{name} must be a number, a Value or a Dual, got {describe(x)}")


def exp(x: Scalar) -> Scalar:
    """e^x for a float, a Value or a Dual."""
    x = check_scalar(x)
    if not isinstance(x, float):
        return x.exp()
    try:
        return math.exp(x)
    except OverflowError:
        raise NonFiniteError(f"exp(x) overflows float64 at x = {x + 0.0:.4g}") from None


def log(x: Scalar) -> Scalar:
    """ln x for a float, a Value or a Dual."""
    x = check_scalar(x)
    if not isinstance(x, float):
        return x.log()
    if not x > 0:
        raise DomainError(f"log needs a positive input, but x = {x + 0.0:.4g}")
    return math.log(x)


def tanh(x: Scalar) -> Scalar:
    """tanh x for a float, a Value or a Dual."""
    x = check_scalar(x)
    return math.tanh(x) if isinstance(x, float) else x.tanh()


def sigmoid(x: Scalar) -> Scalar:
    """σ(x) = 1/(1 + e^-x) for a float, a Value or a Dual (no overflow at |x| = 1000)."""
    x = check_scalar(x)
    return stable_sigmoid(x) if isinstance(x, float) else x.sigmoid()


def relu(x: Scalar) -> Scalar:
    """max(0, x) for a float, a Value or a Dual."""
    x = check_scalar(x)
    return max(0.0, x) if isinstance(x, float) else x.relu()


def maximum(x: Scalar, y: Scalar) -> Scalar:
    """max(x, y) for floats, Values or Duals (a float beside a node is a constant)."""
    x, y = check_scalar(x, "x"), check_scalar(y, "y")
    if isinstance(x, float) and isinstance(y, float):
        return max(x, y)
    if isinstance(x, float):  # a constant first: lift it, to keep the order (ties go to y)
        return type(y)(x).max(y)
    return x.max(y)

