"""Mutation tests of step 2 of the capstone: the other operations of the reader's Value.

Each wrong solution is the book's core (or a correct step 2) with one operation written
the way a learner plausibly gets it wrong; each must get its own hint. Correct solutions
in several styles (composed from other operations, every local derivative explicit, a
whole micrograd-style class of its own) must pass.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from backprop_core.practice.capstone import check_value_ops
from backprop_core.practice.capstone.probe import attempt
from backprop_core.practice.capstone.reference import CoreValue
from backprop_core.practice.capstone.reference import Value as BookValue
from backprop_core.practice.report import Verdict

# -- correct solutions -----------------------------------------------------------------------


class Composed(CoreValue):
    """The model solution of the chapter: everything but **, exp, tanh, relu composed."""

    def __neg__(self) -> Any:
        return self * -1

    def __sub__(self, other: Any) -> Any:
        return self + (-other)

    def __radd__(self, other: Any) -> Any:
        return self + other

    def __rmul__(self, other: Any) -> Any:
        return self * other

    def __rsub__(self, other: Any) -> Any:
        return -self + other

    def __truediv__(self, other: Any) -> Any:
        return self * other**-1

    def __rtruediv__(self, other: Any) -> Any:
        return self**-1 * other

    def __pow__(self, n: float) -> Any:
        return type(self)(self.data**n, (self,), (n * self.data ** (n - 1),))

    def exp(self) -> Any:
        e = math.exp(self.data)
        return type(self)(e, (self,), (e,))

    def tanh(self) -> Any:
        t = math.tanh(self.data)
        return type(self)(t, (self,), (1 - t * t,))

    def relu(self) -> Any:
        return type(self)(max(self.data, 0.0), (self,), (1.0 if self.data > 0 else 0.0,))


def _node(self: Any, other: Any) -> Any:
    return other if isinstance(other, CoreValue) else type(self)(other)


class Explicit(CoreValue):
    """Every operation with its own local derivatives, nothing composed."""

    def __neg__(self) -> Any:
        return type(self)(-self.data, (self,), (-1.0,))

    def __sub__(self, other: Any) -> Any:
        other = _node(self, other)
        return type(self)(self.data - other.data, (self, other), (1.0, -1.0))

    def __radd__(self, other: Any) -> Any:
        return type(self)(other + self.data, (self,), (1.0,))

    def __rmul__(self, other: Any) -> Any:
        return type(self)(other * self.data, (self,), (float(other),))

    def __rsub__(self, other: Any) -> Any:
        return type(self)(other - self.data, (self,), (-1.0,))

    def __truediv__(self, other: Any) -> Any:
        other = _node(self, other)
        a, b = self.data, other.data
        return type(self)(a / b, (self, other), (1 / b, -a / b**2))

    def __rtruediv__(self, other: Any) -> Any:
        return type(self)(other / self.data, (self,), (-other / self.data**2,))

    def __pow__(self, n: float) -> Any:
        return type(self)(self.data**n, (self,), (n * self.data ** (n - 1),))

    def exp(self) -> Any:
        return type(self)(math.exp(self.data), (self,), (math.exp(self.data),))

    def tanh(self) -> Any:
        # micrograd's formula for tanh, and 1 - t² from it
        e = math.exp(2 * self.data)
        t = (e - 1) / (e + 1)
        return type(self)(t, (self,), (1 - t**2,))

    def relu(self) -> Any:
        return type(self)(self.data if self.data > 0 else 0, (self,), (float(self.data > 0),))


class Micrograd:
    """A whole engine of its own in micrograd's style (closures, recursion)."""

    def __init__(self, data: float, _children: tuple[Any, ...] = ()) -> None:
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(_children)

    def _out(self, data: float, children: tuple[Any, ...], rule: Any) -> Micrograd:
        out = Micrograd(data, children)

        def _backward() -> None:
            for child, local in zip(children, rule(), strict=True):
                child.grad += local * out.grad

        out._backward = _backward
        return out

    def __add__(self, other: Any) -> Micrograd:
        other = other if isinstance(other, Micrograd) else Micrograd(other)
        return self._out(self.data + other.data, (self, other), lambda: (1.0, 1.0))

    def __mul__(self, other: Any) -> Micrograd:
        other = other if isinstance(other, Micrograd) else Micrograd(other)
        return self._out(self.data * other.data, (self, other),
                         lambda: (other.data, self.data))

    def __pow__(self, n: float) -> Micrograd:
        return self._out(self.data**n, (self,), lambda: (n * self.data ** (n - 1),))

    def exp(self) -> Micrograd:
        return self._out(math.exp(self.data), (self,), lambda: (math.exp(self.data),))

    def tanh(self) -> Micrograd:
        t = math.tanh(self.data)
        return self._out(t, (self,), lambda: (1 - t**2,))

    def relu(self) -> Micrograd:
        return self._out(max(0, self.data), (self,), lambda: (float(self.data > 0),))

    def __neg__(self) -> Micrograd:
        return self * -1

    def __radd__(self, other: Any) -> Micrograd:
        return self + other

    def __sub__(self, other: Any) -> Micrograd:
        return self + (-other)

    def __rsub__(self, other: Any) -> Micrograd:
        return other + (-self)

    def __rmul__(self, other: Any) -> Micrograd:
        return self * other

    def __truediv__(self, other: Any) -> Micrograd:
        return self * other**-1

    def __rtruediv__(self, other: Any) -> Micrograd:
        return other * self**-1

    def backward(self) -> None:
        topo: list[Micrograd] = []
        visited: set[Micrograd] = set()

        def build(v: Micrograd) -> None:
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build(child)
                topo.append(v)

        build(self)
        for v in topo:
            v.grad = 0.0
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()


CORRECT = [BookValue, Composed, Explicit, Micrograd]


@pytest.mark.parametrize("Value", CORRECT, ids=lambda c: c.__name__)
def test_correct_solutions_pass(Value: type) -> None:
    report = check_value_ops(Value, quiet=True)
    assert report.ok, str(report)


# -- plausible wrong ones: the correct Composed with one method replaced ------------------------


def with_(name: str, base: type = Composed, **methods: Any) -> type:
    return type(name, (base,), methods)


def without(name: str, *missing: str) -> type:
    """Composed without some methods: as if the learner never wrote them."""
    body = {k: v for k, v in vars(Composed).items() if k not in missing}
    return type(name, (CoreValue,), body)


def stub(self: Any, *args: Any) -> None:
    ...


def local(derivative: Any, forward: Any = None) -> Any:
    """A one-input operation with the given local derivative (as a function of a, t)."""
    def op(self: Any) -> Any:
        a = self.data
        t = forward(a) if forward else a
        return type(self)(t, (self,), (derivative(a, t),))

    return op


def tanh_fd(self: Any) -> Any:
    h = 1e-5
    slope = (math.tanh(self.data + h) - math.tanh(self.data - h)) / (2 * h)
    return type(self)(math.tanh(self.data), (self,), (slope,))


def div_constant(self: Any, other: Any) -> Any:
    value = other.data if isinstance(other, CoreValue) else other
    return self * (1 / value)


def div_sign(self: Any, other: Any) -> Any:
    other = _node(self, other)
    a, b = self.data, other.data
    return type(self)(a / b, (self, other), (1 / b, a / b**2))


def div_square(self: Any, other: Any) -> Any:
    other = _node(self, other)
    a, b = self.data, other.data
    return type(self)(a / b, (self, other), (1 / b, -a / b))


def sub_sign(self: Any, other: Any) -> Any:
    other = _node(self, other)
    return type(self)(self.data - other.data, (self, other), (1.0, 1.0))


def pow_float(self: Any, n: float) -> Any:
    return self.data**n


def exp_changes_input(self: Any) -> Any:
    self.data = math.exp(self.data)
    return type(self)(self.data, (self,), (self.data,))


class Plain:
    """An object with .data and .grad, but no backward."""

    def __init__(self, data: float) -> None:
        self.data, self.grad = data, 0.0


MUTANTS: list[tuple[str, type, str]] = [
    ("not-written", with_("NegStub", base=Explicit, __neg__=stub), "not written yet: __neg__"),
    ("crash", with_("NegStubUsed", __neg__=stub), "Still `...`: __neg__; if __sub__ uses"),
    ("not-written", with_("ExpStub", exp=stub), "not written yet: exp (__neg__, __sub__"),
    ("neg-sign", with_("NegSign", __neg__=lambda self: type(self)(-self.data, (self,), (1.0,))),
     "∂(−a)/∂a is −1"),
    ("sub-order", with_("SubOrder", __sub__=lambda self, o: -self + o), "computed b − a"),
    ("sub-sign", with_("SubSign", __sub__=sub_sign), "b enters with a minus sign"),
    ("no-reflected", without("NoRadd", "__radd__"), "Define __radd__"),
    ("no-reflected", without("NoRmul", "__rmul__"), "Define __rmul__"),
    ("no-reflected", without("NoRsub", "__rsub__"), "Define __rsub__"),
    ("rsub-order", with_("RsubOrder", __rsub__=lambda self, o: self - o),
     "so `other` (the number) stands on the left"),
    ("rsub-sign", with_("RsubSign", __rsub__=lambda self, o: type(self)(o - self.data, (self,),
                                                                           (1.0,))),
     "∂(2 − a)/∂a is −1"),
    ("div-constant", with_("DivConstant", __truediv__=div_constant), "b no gradient"),
    ("div-sign", with_("DivSign", __truediv__=div_sign), "with a minus sign"),
    ("div-square", with_("DivSquare", __truediv__=div_square), "b squared"),
    ("rtruediv-order", with_("RdivOrder", __rtruediv__=lambda self, o: self / o),
     "Python calls a.__rtruediv__(2)"),
    ("rtruediv-sign", with_("RdivSign", __rtruediv__=lambda self, o: type(self)(
        o / self.data, (self,), (o / self.data**2,))), "∂(2/a)/∂a is −2/a²"),
    ("pow-no-n", with_("PowNoN", __pow__=lambda self, n: type(self)(
        self.data**n, (self,), (self.data ** (n - 1),))), "the factor n is missing"),
    ("pow-not-minus-one", with_("PowN", __pow__=lambda self, n: type(self)(
        self.data**n, (self,), (n * self.data**n,))), "the power drops by one"),
    ("not-a-value", with_("PowFloat", __pow__=pow_float), "not a Value"),
    ("exp-local-input", with_("ExpLocal", exp=local(lambda a, t: a, math.exp)),
     "the node's own .data, not a"),
    ("changed-input", with_("ExpInPlace", exp=exp_changes_input), "changed the .data"),
    ("tanh-at-input", with_("TanhInput", tanh=local(lambda a, t: 1 - a * a, math.tanh)),
     "not 1 − a²"),
    ("tanh-not-derivative", with_("TanhItself", tanh=local(lambda a, t: t, math.tanh)),
     "tanh itself"),
    ("tanh-no-square", with_("TanhNoSquare", tanh=local(lambda a, t: 1 - t, math.tanh)),
     "t squared"),
    ("finite-differences", with_("TanhFD", tanh=tanh_fd), "finite difference"),
    ("relu-no-clamp", with_("ReluNoClamp", relu=local(lambda a, t: float(a > 0))),
     "a negative a gives 0"),
    ("relu-local-value", with_("ReluValue", relu=local(lambda a, t: t, lambda a: max(a, 0.0))),
     "not the value a"),
    ("relu-always-one", with_("ReluOne", relu=local(lambda a, t: 1.0, lambda a: max(a, 0.0))),
     "no gradient flows back"),
    ("wrong-data", with_("TanhDouble", tanh=local(lambda a, t: 1 - t * t,
                                                  lambda a: math.tanh(2 * a))),
     "forward rule of tanh"),
    ("crash", with_("ReluCrash", relu=lambda self: self.data.relu()), "raised AttributeError"),
    ("not-written", with_("AllStubs", **{m: stub for m in (
        "__neg__", "__sub__", "__radd__", "__rmul__", "__rsub__", "__truediv__", "__rtruediv__",
        "__pow__", "exp", "tanh", "relu")}), "none of the operations is written yet"),
    ("local-derivative", with_("ExpTwice", exp=local(lambda a, t: 2 * t, math.exp)),
     "check the local derivative in exp"),
    ("returned-input", with_("RaddSelf", __radd__=lambda self, o: self),
     "returned one of its inputs"),
    ("no-backward", with_("NegPlain", __neg__=lambda self: Plain(-self.data)),
     "has no method backward()"),
]


@pytest.mark.parametrize(("mistake", "Value", "words"), MUTANTS,
                         ids=[f"{m[0]}-{m[1].__name__}" for m in MUTANTS])
def test_each_wrong_solution_gets_its_own_hint(mistake: str, Value: type, words: str) -> None:
    report = check_value_ops(Value, quiet=True)
    assert not report.ok
    text = " ".join(str(report).split())
    assert report.mistake == mistake, text
    assert words in text, text


def test_a_class_without_the_new_methods_is_told_which_operator_fails() -> None:
    report = check_value_ops(CoreValue, quiet=True)
    assert report.mistake == "crash" and "`-a` raised TypeError" in str(report)


def test_a_wrong_operation_inside_a_graph_names_the_first_node_and_its_users() -> None:
    class LateBug(Composed):
        def __rtruediv__(self, other: Any) -> Any:  # right alone, wrong where a > 2
            if self.data > 2:
                return type(self)(other / self.data, (self,), (0.0,))
            return super().__rtruediv__(other)

    report = check_value_ops(LateBug, quiet=True)
    text = " ".join(str(report).split())
    assert report.mistake == "gradient", text
    assert "the first gradient that differs is ∂o/∂" in text and "is used by `/`" in text


def test_an_unsupported_operation_between_two_objects_is_named() -> None:
    def bad() -> None:
        raise TypeError("unsupported operand type(s) for ** or pow(): 'Value' and 'NoneType'")

    with pytest.raises(Verdict) as caught:
        attempt("a ** b", bad)
    assert caught.value.mistake == "crash"
    assert "Is the method for ** defined on your Value?" in caught.value.message
