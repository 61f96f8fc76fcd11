"""What a reader may pass to the capstone's checkers (support/api/capstone.py): classes
and functions that crash, return garbage (texts, NaN, infinities, plain floats) or make a
known mistake in the sweep; each must end in a verdict."""

from __future__ import annotations

import math
from typing import Any

from backprop_core.practice.capstone import reference


class AssignCore(reference.CoreValue):
    """`parent.grad = ...` where it must add: recognised by graphs.simulate."""

    __slots__ = ()

    def backward(self) -> None:
        order = reference.topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            for parent, local in zip(node.parents, node.local, strict=True):
                parent.grad = local * node.grad


class DoubledCore(reference.CoreValue):
    """Every local derivative of + doubled: a mistake no sweep switch explains."""

    __slots__ = ()

    def __add__(self, other: Any) -> Any:
        other = self._node(other)
        return type(self)(self.data + other.data, (self, other), (2.0, 2.0))


class Crashing(reference.Value):
    __slots__ = ()

    def __add__(self, other: Any) -> Any:
        raise RuntimeError("boom")


class Floats(reference.Value):
    """Operations that return plain floats."""

    __slots__ = ()

    def __mul__(self, other: Any) -> Any:
        return self.data * float(getattr(other, "data", other))


class Stubbed:
    def __init__(self, data: float) -> None:
        self.data, self.grad = data, 0.0

    def __add__(self, other: Any) -> Any:
        ...


class TextGrad(reference.Value):
    """backward leaves a text in every .grad, after the right sweep."""

    __slots__ = ()

    def backward(self) -> None:
        super().backward()
        for node in reference.topological_order(self):
            node.grad = "0.5"


class TextData(reference.CoreValue):
    """a * b holds a text as .data (and the book's __repr__ cannot show it)."""

    __slots__ = ()

    def __mul__(self, other: Any) -> Any:
        out = super().__mul__(other)
        out.data = "1"
        return out


def nan_cost(model: Any, xs: Any, ys: Any) -> Any:
    c = reference.cost(model, xs, ys)
    c.data = math.nan
    return c


def inf_step(model: Any, xs: Any, ys: Any, rate: Any) -> float:
    for p in model.parameters():
        p.data = math.inf
    return math.inf


def text_step(model: Any, xs: Any, ys: Any, rate: Any) -> float:
    for p in model.parameters():
        p.data = "d"
    return 0.1


class GarbageGrad(reference.CoreValue):
    """backward leaves a text in every .grad."""

    __slots__ = ()

    def backward(self) -> None:
        for node in reference.topological_order(self):
            node.grad = "0.5"


def value_function(x: float) -> Any:
    return x  # a function, not a class: Value(1.5) is a float


def raises(*args: Any, **kwargs: Any) -> Any:
    raise ValueError("nope")


def returns_nan(*args: Any, **kwargs: Any) -> Any:
    return math.nan


def stub(*args: Any, **kwargs: Any) -> Any:
    ...


READERS: tuple[object, ...] = (None, 5, "Value", math.nan, object(), raises, returns_nan, stub,
                               value_function, RecursionError, dict, list, Stubbed)
