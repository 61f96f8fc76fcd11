"""Forward mode with dual numbers, and the work (passes, operations) of forward vs reverse mode.

A dual number carries a value and a tangent: the derivative of that value with respect to
ONE chosen input. Each operation computes both, so one pass gives d(node)/d(input) for every
node; a gradient with respect to n inputs needs n passes. Reverse mode (``engine.value.Value``)
needs one forward and one backward sweep per output, whatever the number of inputs.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from backprop_core.engine.value import (
    Scalar,
    Value,
    check_scalar,
    exp,
    log,
    maximum,
    relu,
    sigmoid,
    sigmoid_slope,
    tanh,
    tanh_slope,
    topological_order,
)
from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    DomainError,
    NonFiniteError,
    check_callable,
    check_count,
    check_real,
    check_result,
    describe,
)

__all__ = [
    "Dual", "ModeReport", "forward_mode", "reverse_mode", "work_table", "many_to_one",
    "one_to_many", "exp", "log", "tanh", "sigmoid", "relu", "maximum",
]


class Dual:
    """value + tangent·ε with ε² = 0: a number and its derivative w.r.t. one input."""

    __array_ufunc__ = None  # let numpy scalars defer to our reflected operators
    op_count = 0  # elementary operations executed by all Duals since the last reset

    def __init__(self, value: float, tangent: float = 0.0) -> None:
        self.value = check_real(value, "a Dual's value")
        self.tangent = check_real(tangent, "a Dual's tangent")

    def __repr__(self) -> str:
        return f"Dual(value={self.value:.6g}, tangent={self.tangent:.6g})"

    @staticmethod
    def _op(value: float, tangent: float, what: Callable[[], str] = lambda: "an operation"
            ) -> Dual:
        Dual.op_count += 1
        if not (math.isfinite(value) and math.isfinite(tangent)):
            # ``what`` is only formatted here, so that the usual case costs no string work
            raise NonFiniteError(f"{what()} gives value {value:.6g} and tangent "
                                 f"{tangent:.6g}: the numbers overflow float64 (the operands "
                                 f"are finite)")
        return Dual(value, tangent)

    # Each rule: (value, tangent) of the result from those of the operands.
    def __add__(self, other: Dual | float) -> Dual:
        o = _lift(other)
        # (a + b)' = a' + b'
        return Dual._op(self.value + o.value, self.tangent + o.tangent,
                        lambda: f"{self.value:.6g} + {o.value:.6g}")

    __radd__ = __add__

    def __neg__(self) -> Dual:
        return Dual._op(-self.value, -self.tangent)

    def __sub__(self, other: Dual | float) -> Dual:
        o = _lift(other)
        # (a - b)' = a' - b'
        return Dual._op(self.value - o.value, self.tangent - o.tangent,
                        lambda: f"{self.value:.6g} - {o.value:.6g}")

    def __rsub__(self, other: float) -> Dual:
        k = _lift(other).value
        return Dual._op(k - self.value, -self.tangent, lambda: f"{k:.6g} - {self.value:.6g}")

    def __mul__(self, other: Dual | float) -> Dual:
        o = _lift(other)
        # (a·b)' = a'·b + a·b'   (the product rule)
        return Dual._op(self.value * o.value, self.tangent * o.value + self.value * o.tangent,
                        lambda: f"{self.value:.6g}·{o.value:.6g}")

    __rmul__ = __mul__

    def __truediv__(self, other: Dual | float) -> Dual:
        o = _lift(other)
        if o.value == 0:
            raise DomainError(f"division by zero in the Dual {self.value:.6g}/0")
        # (a/b)' = (a'·b - a·b')/b²   (as (a' - (a/b)·b')/b: b² alone may underflow)
        q = self.value / o.value
        return Dual._op(q, (self.tangent - q * o.tangent) / o.value,
                        lambda: f"{self.value:.6g}/{o.value:.6g}")

    def __rtruediv__(self, other: float) -> Dual:
        k = _lift(other).value
        if self.value == 0:
            raise DomainError(f"division by zero in the Dual {k:.6g}/0")
        # (k/a)' = -k·a'/a²   (as -(k/a)·a'/a)
        q = k / self.value
        return Dual._op(q, -q * self.tangent / self.value, lambda: f"{k:.6g}/{self.value:.6g}")

    def __pow__(self, n: float) -> Dual:
        if not isinstance(n, numbers.Real):
            return NotImplemented
        n = check_real(n, "the exponent")
        a = self.value
        what = f"the Dual {a:.6g}^{n:.6g}" if a >= 0 else f"the Dual ({a:.6g})^{n:.6g}"
        if a == 0 and n < 0:
            raise DomainError(f"{what} divides by zero: 0 to a negative power")
        if a < 0 and not n.is_integer():
            raise DomainError(f"{what} is not a real number: a negative base to a "
                              f"fractional power")
        if a == 0 and 0 < n < 1:
            raise DomainError(f"{what} has no finite derivative: n·a^(n-1) is infinite at 0")
        try:
            # (a^n)' = n·a^(n-1)·a'   (0 for n = 0)
            value = a**n
            derivative = 0.0 if n == 0 else n * a ** (n - 1)
        except OverflowError:
            raise NonFiniteError(f"{what} overflows float64") from None
        return Dual._op(value, derivative * self.tangent, lambda: what)

    def exp(self) -> Dual:
        try:
            e = math.exp(self.value)
        except OverflowError:  # say so, instead of Python's bare "math range error"
            raise NonFiniteError(f"exp overflows float64 at {self.value:.6g}") from None
        return Dual._op(e, e * self.tangent, lambda: f"exp({self.value:.6g})")  # (e^a)' = e^a·a'

    def log(self) -> Dual:
        if self.value <= 0:
            raise DomainError(f"log needs a positive input, but got {self.value:.6g}")
        return Dual._op(math.log(self.value), self.tangent / self.value)  # (ln a)' = a'/a

    def tanh(self) -> Dual:
        # (tanh a)' = (1 - tanh²a)·a', without the subtraction (see value.tanh_slope)
        return Dual._op(math.tanh(self.value), tanh_slope(self.value) * self.tangent)

    def sigmoid(self) -> Dual:
        # σ(a)' = σ(a)(1 - σ(a))·a', without the subtraction (see value.sigmoid_slope)
        s = sigmoid(self.value)  # the float version, stable at |a| = 1000
        return Dual._op(s, sigmoid_slope(self.value) * self.tangent)

    def relu(self) -> Dual:
        on = self.value > 0
        return Dual._op(self.value if on else 0.0, self.tangent if on else 0.0)

    def max(self, other: Dual | float) -> Dual:
        o = _lift(other)
        # max(a, b)' = a' if a > b else b'   (a tie goes to b, as in the graph's rule)
        winner = self if self.value > o.value else o
        return Dual._op(winner.value, winner.tangent)


def _lift(x: Dual | float) -> Dual:
    """A python number is a constant: its tangent is 0."""
    if isinstance(x, Dual):
        return x
    return Dual(check_real(x, "a constant combined with a Dual"), 0.0)


# ---- gradients both ways, with their cost -----------------------------------------------


@dataclass(frozen=True)
class ModeReport:
    """A Jacobian computed in one mode, and what it cost.

    ``jacobian[i][j] = ∂f_i/∂x_j``. ``passes``: forward passes (forward mode, one per input)
    or backward sweeps (reverse mode, one per output, after one forward sweep).
    ``operations``: elementary operations executed, counting each operation once per sweep
    that visits it.
    """

    mode: Literal["forward", "reverse"]
    outputs: tuple[float, ...]
    jacobian: tuple[tuple[float, ...], ...]
    n_inputs: int
    passes: int
    operations: int

    @property
    def n_outputs(self) -> int:
        return len(self.outputs)

    @property
    def gradient(self) -> tuple[float, ...]:
        """∇f for a scalar f (the single row of the Jacobian)."""
        if self.n_outputs != 1:
            raise ArgumentError(f"f has {self.n_outputs} outputs; use .jacobian")
        return self.jacobian[0]


def _as_outputs(result: Scalar, kind: type) -> list[Scalar]:
    """f's outputs as a list; each must be a number or a ``kind`` (Dual or Value)."""
    outputs = list(result) if isinstance(result, (list, tuple)) else [result]
    for y in outputs:
        if not isinstance(y, kind) and (isinstance(y, bool) or not isinstance(y, numbers.Real)):
            raise ArgumentTypeError(f"f must return a number, a {kind.__name__} or a list of "
                                    f"them, but it returned {describe(y)}")
    return outputs


def forward_mode(f: Callable[..., Scalar], *inputs: float) -> ModeReport:
    """Jacobian of ``f(*inputs)`` with dual numbers: one pass per input (tangent e_j)."""
    check_callable(f, "f")
    if not inputs:
        raise ArgumentError("forward_mode needs at least one input: it makes one pass per "
                            "input")
    columns: list[list[float]] = []
    outputs: list[float] = []
    Dual.op_count = 0
    for j in range(len(inputs)):
        duals = [Dual(x, 1.0 if i == j else 0.0) for i, x in enumerate(inputs)]
        results = [_lift(y) for y in _as_outputs(f(*duals), Dual)]
        outputs = [y.value for y in results]
        columns.append([y.tangent for y in results])  # ∂f_i/∂x_j for every output i
    jacobian = tuple(tuple(col[i] for col in columns) for i in range(len(outputs)))
    return ModeReport("forward", tuple(outputs), jacobian, len(inputs), len(inputs),
                      Dual.op_count)


def reverse_mode(f: Callable[..., Scalar], *inputs: float) -> ModeReport:
    """Jacobian of ``f(*inputs)`` with a graph: one forward sweep, one backward per output."""
    check_callable(f, "f")
    leaves = [Value(x, f"x{i + 1}") for i, x in enumerate(inputs)]
    results = [y if isinstance(y, Value) else Value(y)
               for y in _as_outputs(f(*leaves), Value)]
    graph: set[Value] = set()
    rows = []
    backward_ops = 0
    for y in results:
        for leaf in leaves:
            leaf.grad = 0.0  # an input outside y's graph keeps no stale gradient
        y.backward()
        nodes = topological_order(y)
        graph.update(nodes)
        backward_ops += sum(not node.is_leaf for node in nodes)
        rows.append(tuple(leaf.grad for leaf in leaves))
    forward_ops = sum(not node.is_leaf for node in graph)
    return ModeReport("reverse", tuple(y.data for y in results), tuple(rows), len(inputs),
                      len(results), forward_ops + backward_ops)


# ---- example functions for the cost table --------------------------------------------------


def many_to_one(*xs: Scalar) -> Scalar:
    """f: R^n → R, f(x) = Σ_i tanh(x_i)·x_{i+1} (indices wrap around)."""
    if not xs:
        raise ArgumentError("many_to_one needs at least one input xs")
    xs = tuple(check_scalar(x, f"xs[{i}]") for i, x in enumerate(xs))
    n = len(xs)
    total = sum(tanh(xs[i]) * xs[(i + 1) % n] for i in range(n))
    if isinstance(total, float):  # a Value or a Dual checks each of its operations
        check_result(total, "many_to_one(xs) = Σ_i tanh(x_i)·x_{i+1}")
    return total


def one_to_many(x: Scalar, n: int) -> list[Scalar]:
    """g: R → R^n, g_i(x) = i·h(x), where h = h_n, h_0 = x and h_k = tanh(h_{k-1}) + x.

    The mirror image of ``many_to_one``: there n inputs meet in one long sum, here one input
    runs through one long chain h (2n operations) that every output shares, and each output
    adds one multiplication of its own. Forward mode does the chain once (one pass);
    reverse mode walks it again in each of its n backward sweeps.
    """
    x, n = check_scalar(x), check_count(n, "n")
    h = x
    for _ in range(n):
        h = tanh(h) + x
    return [h * i for i in range(1, n + 1)]


def work_table(sizes: Sequence[int] = (1, 10, 100)) -> list[dict[str, int | str]]:
    """Passes and operations of both modes for f: R^n → R and g: R → R^n, n in ``sizes``.

    Forward mode needs n_inputs passes, reverse mode n_outputs backward sweeps. f has 3n
    operations: forward mode does 3n² (n passes), reverse mode 6n (one sweep each way). g
    has 3n, 2n of them in the chain all its outputs share: forward mode does 3n (one pass),
    reverse mode 3n forward and 2n + 1 in each of its n backward sweeps.
    """
    rows: list[dict[str, int | str]] = []
    if isinstance(sizes, str) or not isinstance(sizes, Sequence):
        raise ArgumentTypeError(f"sizes must be a list of input counts n, got {describe(sizes)}")
    # forward mode makes n passes of about n operations: 1000 inputs take seconds
    sizes = [check_count(n, f"sizes[{i}]", maximum=1000) for i, n in enumerate(sizes)]
    for n in sizes:
        xs = [0.1 * (i + 1) for i in range(n)]
        cases: list[tuple[str, Callable[..., Scalar], list[float]]] = [
            (f"R^{n} → R", many_to_one, xs),
            (f"R → R^{n}", lambda x, n=n: one_to_many(x, n), [0.3]),
        ]
        for name, func, args in cases:
            fwd, rev = forward_mode(func, *args), reverse_mode(func, *args)
            rows.append({
                "function": name, "n": n,
                "forward_passes": fwd.passes, "forward_operations": fwd.operations,
                "reverse_passes": rev.passes, "reverse_operations": rev.operations,
            })
    return rows

