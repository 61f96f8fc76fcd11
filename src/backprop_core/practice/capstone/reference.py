r"""The book's own answers to the capstone's exercises, used until the reader's pass.

A micrograd-style engine and network, written exactly to the interface the exercises ask
for, so that the reader's code and the book's can stand in for each other at every step:

* ``CoreValue``: ``data``, ``grad``, ``parents``, ``local`` (∂self/∂parent, one number per
  parent), ``+`` and ``*`` (a number on the right is wrapped in a Value) and ``backward``:
  reset every ``grad`` of the graph, seed ``∂o/∂o = 1``, then one sweep in reverse
  topological order, ``parent.grad += local · node.grad``;
* ``Value(CoreValue)``: ``- / **``, ``exp``, ``tanh``, ``relu`` and a number on either side
  (``2 * v``, ``1 - v``, ``2 / v``). Every operation builds ``type(self)(...)``, so a
  subclass (the reader's step 2 written on top of this core) stays a subclass;
* ``Neuron``, ``Layer``, ``MLP``: a^l_j = tanh(Σ_k w^l_{jk} a^{l-1}_k + b^l_j), with
  ``parameters()`` neuron by neuron, ``w`` then ``b`` (``mlp_classes`` makes them on any
  Value class);
* ``cost`` C = (1/m) Σ_x ½ (a_x - y_x)² and ``train_step`` (forward, cost, zero the
  gradients, backward, θ ← θ - η ∂C/∂θ);
* ``as_matrices``: the network as the book's matrices, ``W^l`` of shape (n_l, n_{l-1})
  (row j = the weights of neuron j) and ``b^l`` of shape (n_l,).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ...errors import (
    ArgumentTypeError,
    DomainError,
    NonFiniteError,
    ShapeError,
    check_count,
    check_rate,
    check_real,
    check_sizes,
    describe,
)

Array = NDArray[np.float64]


def topological_order(output: Any) -> list[Any]:
    """Every node of ``output``'s graph, each after its parents (output last); iterative, so
    that a deep graph does not reach Python's recursion limit."""
    order: list[Any] = []
    seen: set[int] = set()
    stack: list[tuple[Any, bool]] = [(output, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((parent, False) for parent in node.parents)
    return order


class CoreValue:
    """A number in a graph: ``data``, and ``grad`` = ∂output/∂self after ``backward``."""

    __slots__ = ("data", "grad", "parents", "local")

    def __init__(self, data: float, parents: tuple[Any, ...] = (),
                 local: tuple[float, ...] = ()) -> None:
        self.data = check_real(data, "the data of a Value")  # a finite float, or a named error
        self.grad = 0.0
        self.parents = parents  # the nodes this one was computed from
        self.local = local  # ∂self/∂parent, one number per parent

    def __repr__(self) -> str:
        return f"Value(data={self.data:.4g}, grad={self.grad:.4g})"

    def _node(self, other: Any) -> Any:
        """``other`` as a node of this graph: a number becomes a leaf of the same class."""
        return other if isinstance(other, CoreValue) else type(self)(other)

    def __add__(self, other: Any) -> Any:
        other = self._node(other)
        # c = a + b;   ∂c/∂a = 1, ∂c/∂b = 1
        return type(self)(self.data + other.data, (self, other), (1.0, 1.0))

    def __mul__(self, other: Any) -> Any:
        other = self._node(other)
        # c = a·b;   ∂c/∂a = b, ∂c/∂b = a
        return type(self)(self.data * other.data, (self, other), (other.data, self.data))

    def backward(self) -> None:
        """Set every node's ``grad`` to ∂self/∂node: reset, seed, one reverse sweep."""
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0  # ∂o/∂o = 1
        for node in reversed(order):  # every child is done before its parents
            for parent, local in zip(node.parents, node.local, strict=True):
                parent.grad += local * node.grad  # one term of the sum over paths


class Value(CoreValue):
    """``CoreValue`` with the other operations, and numbers on either side."""

    __slots__ = ()

    def __neg__(self) -> Any:
        return self * -1.0

    def __sub__(self, other: Any) -> Any:
        return self + (-self._node(other))

    def __radd__(self, other: float) -> Any:  # 2 + v
        return self + other

    def __rmul__(self, other: float) -> Any:  # 2 * v
        return self * other

    def __rsub__(self, other: float) -> Any:  # 2 - v = -v + 2
        return -self + other

    def __truediv__(self, other: Any) -> Any:  # a / b = a · b⁻¹
        return self * self._node(other) ** -1

    def __rtruediv__(self, other: float) -> Any:  # 2 / v = 2 · v⁻¹
        return self**-1 * other

    def __pow__(self, n: float) -> Any:
        n = check_real(n, "the exponent n")
        a = self.data
        try:
            # c = a^n (n a number);   ∂c/∂a = n·a^(n-1)
            return type(self)(a**n, (self,), (n * a ** (n - 1),))
        except (ZeroDivisionError, ArgumentTypeError):  # 0 ** -1, or (-2) ** 0.5 (complex)
            raise DomainError(f"a ** n needs a real, finite a^n and n·a^(n-1): "
                              f"got a = {a:g}, n = {n:g}") from None
        except OverflowError:
            raise NonFiniteError(f"a ** n overflows float64 at a = {a:g}, n = {n:g}") from None

    def exp(self) -> Any:
        try:
            e = math.exp(self.data)
        except OverflowError:
            raise NonFiniteError(f"exp(a) overflows float64 at a = {self.data:g}") from None
        # c = e^a;   ∂c/∂a = e^a = c
        return type(self)(e, (self,), (e,))

    def tanh(self) -> Any:
        t = math.tanh(self.data)
        # c = tanh a;   ∂c/∂a = 1 - c²
        return type(self)(t, (self,), (1.0 - t * t,))

    def relu(self) -> Any:
        a = self.data
        # c = max(0, a);   ∂c/∂a = 1 if a > 0 else 0
        return type(self)(a if a > 0 else 0.0, (self,), (1.0 if a > 0 else 0.0,))


class Neuron:
    """a = tanh(w·x + b) for an input list x of ``n_in`` numbers or Values."""

    value: type = Value  # the class its weights and bias are made of

    def __init__(self, n_in: int) -> None:
        n_in = check_count(n_in, "n_in")
        self.w = [self.value(random.uniform(-1.0, 1.0)) for _ in range(n_in)]
        self.b = self.value(0.0)

    def __call__(self, x: Sequence[Any]) -> Any:
        z = self.b
        for w_k, x_k in zip(self.w, x, strict=True):
            z = z + w_k * x_k
        return z.tanh()

    def parameters(self) -> list[Any]:
        return [*self.w, self.b]


class Layer:
    """``n_out`` neurons on the same ``n_in`` inputs; one output Value, or a list of them."""

    neuron: type = Neuron

    def __init__(self, n_in: int, n_out: int) -> None:
        n_out = check_count(n_out, "n_out")
        self.neurons = [self.neuron(n_in) for _ in range(n_out)]

    def __call__(self, x: Sequence[Any]) -> Any:
        out = [neuron(x) for neuron in self.neurons]
        return out[0] if len(out) == 1 else out

    def parameters(self) -> list[Any]:
        return [p for neuron in self.neurons for p in neuron.parameters()]


class MLP:
    """Layers of sizes ``n_in → sizes[0] → sizes[1] → …``, every one tanh."""

    layer: type = Layer

    def __init__(self, n_in: int, sizes: Sequence[int]) -> None:
        if isinstance(sizes, str) or not isinstance(sizes, Sequence):
            raise ArgumentTypeError(f"sizes must be a list of layer widths, got "
                                    f"{describe(sizes)}")
        widths = check_sizes([n_in, *sizes], "[n_in, *sizes]")
        self.layers = [self.layer(a, b) for a, b in zip(widths, widths[1:], strict=False)]

    def __call__(self, x: Sequence[Any]) -> Any:
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self) -> list[Any]:
        return [p for layer in self.layers for p in layer.parameters()]


def mlp_classes(value: type) -> tuple[type, type, type]:
    """``Neuron``, ``Layer`` and ``MLP`` whose parameters are made of ``value``."""
    neuron = type("Neuron", (Neuron,), {"value": value, "__module__": __name__})
    layer = type("Layer", (Layer,), {"neuron": neuron, "__module__": __name__})
    mlp = type("MLP", (MLP,), {"layer": layer, "__module__": __name__})
    return neuron, layer, mlp


def cost(model: Any, xs: Sequence[Sequence[float]], ys: Sequence[float]) -> Any:
    """C = (1/m) Σ_x ½ (a_x - y_x)², as a Value (its graph holds every sample)."""
    if (not isinstance(xs, Sequence | np.ndarray) or not isinstance(ys, Sequence | np.ndarray)
            or len(xs) == 0 or len(xs) != len(ys)):
        raise ShapeError(f"cost needs one target in ys per sample in xs, at least one: got "
                         f"xs = {describe(xs)} and ys = {describe(ys)}")
    return sum((model(x) - y) ** 2 for x, y in zip(xs, ys, strict=True)) * (0.5 / len(xs))


def train_step(model: Any, xs: Sequence[Sequence[float]], ys: Sequence[float],
               learning_rate: float) -> float:
    """One step of gradient descent on C; returns C before the step."""
    learning_rate = check_rate(learning_rate, "learning_rate")
    c = cost(model, xs, ys)  # forward and cost
    for p in model.parameters():
        p.grad = 0.0  # zero the gradients (an engine that accumulates needs it)
    c.backward()
    for p in model.parameters():
        p.data -= learning_rate * p.grad
    return float(c.data)


def as_matrices(model: Any) -> list[tuple[Array, Array]]:
    """[(W^1, b^1), (W^2, b^2), …]: W^l[j, k] = w of neuron j of layer l from input k."""
    return [(np.array([[w.data for w in neuron.w] for neuron in layer.neurons]),
             np.array([neuron.b.data for neuron in layer.neurons]))
            for layer in model.layers]
