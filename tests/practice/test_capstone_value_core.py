"""Mutation tests of step 1 of the capstone: the reader's Value with +, * and backward.

Correct solutions in several styles must pass; each plausible wrong one must be rejected
with its own mistake code and a hint in the learner's terms.
"""

from __future__ import annotations

import math
from collections import deque
from typing import Any

import pytest

from backprop_core.practice.capstone import check_value_core
from backprop_core.practice.capstone.reference import CoreValue

# -- correct solutions in different styles -------------------------------------------------


class Closures:
    """micrograd's own style: a _backward closure per node, a set of children, recursion."""

    def __init__(self, data: float, _children: tuple[Any, ...] = ()) -> None:
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(_children)

    def __add__(self, other: Any) -> Closures:
        other = other if isinstance(other, Closures) else Closures(other)
        out = Closures(self.data + other.data, (self, other))

        def _backward() -> None:
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other: Any) -> Closures:
        other = other if isinstance(other, Closures) else Closures(other)
        out = Closures(self.data * other.data, (self, other))

        def _backward() -> None:
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def backward(self) -> None:
        topo: list[Closures] = []
        visited: set[Closures] = set()

        def build(v: Closures) -> None:
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build(child)
                topo.append(v)

        build(self)
        for v in topo:
            v.grad = 0
        self.grad = 1
        for v in reversed(topo):
            v._backward()


class Ops:
    """The op's name stored on the node; the local derivatives worked out in backward;
    Kahn's algorithm (count the children) for the order."""

    def __init__(self, data: float, parents: tuple[Any, ...] = (), op: str = "") -> None:
        self.data = float(data)
        self.grad = 0.0
        self.parents = parents
        self.op = op

    @staticmethod
    def _wrap(x: Any) -> Ops:
        return x if isinstance(x, Ops) else Ops(x)

    def __add__(self, other: Any) -> Ops:
        other = self._wrap(other)
        return Ops(self.data + other.data, (self, other), "+")

    def __mul__(self, other: Any) -> Ops:
        other = self._wrap(other)
        return Ops(self.data * other.data, (self, other), "*")

    def backward(self) -> None:
        children: dict[int, int] = {}
        nodes: dict[int, Ops] = {}
        stack = [self]
        while stack:
            node = stack.pop()
            if id(node) in nodes:
                continue
            nodes[id(node)] = node
            for p in node.parents:
                children[id(p)] = children.get(id(p), 0) + 1
                stack.append(p)
        for node in nodes.values():
            node.grad = 0.0
        self.grad = 1.0
        ready = deque([self])
        while ready:
            node = ready.popleft()
            if node.op == "+":
                locals_ = [1.0, 1.0]
            elif node.op == "*":
                locals_ = [node.parents[1].data, node.parents[0].data]
            else:
                locals_ = []
            for p, local in zip(node.parents, locals_, strict=True):
                p.grad += local * node.grad
                children[id(p)] -= 1
                if children[id(p)] == 0:
                    ready.append(p)


def make(name: str, **methods: Any) -> type:
    """A Value class in the exercise's style, with some methods replaced."""

    def add(self: Any, other: Any) -> Any:
        other = other if isinstance(other, Base) else type(self)(other)
        return type(self)(self.data + other.data, (self, other), (1.0, 1.0))

    def mul(self: Any, other: Any) -> Any:
        other = other if isinstance(other, Base) else type(self)(other)
        return type(self)(self.data * other.data, (self, other), (other.data, self.data))

    body = {"__add__": add, "__mul__": mul, "backward": sweep()}
    body.update(methods)
    return type(name, (Base,), body)


class Base:
    def __init__(self, data: float, parents: tuple[Any, ...] = (),
                 local: tuple[float, ...] = ()) -> None:
        self.data = float(data)
        self.grad = 0.0
        self.parents = parents
        self.local = local


def order_of(output: Any) -> list[Any]:
    order: list[Any] = []
    seen: set[int] = set()

    def visit(node: Any) -> None:
        if id(node) not in seen:
            seen.add(id(node))
            for p in node.parents:
                visit(p)
            order.append(node)

    visit(output)
    return order


def sweep(*, reset: str = "all", seed: float | None = 1.0, order: str = "reverse",
          accumulate: bool = True, chain: bool = True, reset_after_seed: bool = False) -> Any:
    def backward(self: Any) -> None:
        topo = order_of(self)
        if reset == "all" and not reset_after_seed:
            for node in topo:
                node.grad = 0.0
        elif reset == "leaves":
            for node in topo:
                if not node.parents:
                    node.grad = 0.0
        if seed is not None:
            self.grad = seed
        if reset_after_seed:
            for node in topo:
                node.grad = 0.0
        sequence = reversed(topo) if order == "reverse" else topo
        for node in sequence:
            for p, local in zip(node.parents, node.local, strict=True):
                up = node.grad if chain else 1.0
                if accumulate:
                    p.grad += local * up
                else:
                    p.grad = local * up
        if reset == "inputs-then-clear":
            for node in topo:
                if node.parents and node is not self:
                    node.grad = 0.0

    return backward


def recursive_backward(self: Any) -> None:
    for node in order_of(self):
        node.grad = 0.0
    self.grad = 1.0

    def push(node: Any) -> None:
        for p, local in zip(node.parents, node.local, strict=True):
            p.grad += local * node.grad
            push(p)

    push(self)


def micrograd_recursive(self: Any) -> None:
    """Each node hands its gradient to all its parents, then each parent does the same."""
    for node in order_of(self):
        node.grad = 0.0
    self.grad = 1.0

    def step(node: Any) -> None:
        for p, local in zip(node.parents, node.local, strict=True):
            p.grad += local * node.grad
        for p in node.parents:
            step(p)

    step(self)


def breadth_first(self: Any) -> None:
    for node in order_of(self):
        node.grad = 0.0
    self.grad = 1.0
    queue, seen = deque([self]), {id(self)}
    while queue:
        node = queue.popleft()
        for p, local in zip(node.parents, node.local, strict=True):
            p.grad += local * node.grad
            if id(p) not in seen:
                seen.add(id(p))
                queue.append(p)


def inputs_then_clear(self: Any) -> None:
    """Clears the inner nodes' gradients after the sweep, as if they were scratch space."""
    sweep(reset="inputs-then-clear")(self)


class Recomputing(Base):
    """A "backward" by finite differences: each node can recompute itself from its parents."""

    def __init__(self, data: float, parents: tuple[Any, ...] = (), local: tuple[float, ...] = (),
                 rule: Any = None) -> None:
        super().__init__(data, parents, local)
        self.rule = rule

    def __add__(self, other: Any) -> Any:
        other = other if isinstance(other, Base) else Recomputing(other)
        return Recomputing(self.data + other.data, (self, other), (), lambda x, y: x + y)

    def __mul__(self, other: Any) -> Any:
        other = other if isinstance(other, Base) else Recomputing(other)
        return Recomputing(self.data * other.data, (self, other), (), lambda x, y: x * y)

    def backward(self) -> None:
        topo = order_of(self)
        h = 1e-6

        def output() -> float:
            for node in topo:
                if node.parents:
                    node.data = node.rule(*(p.data for p in node.parents))
            return float(self.data)

        for node in topo:
            node.grad = 0.0
        for node in topo:
            if node.parents:
                continue
            keep = node.data
            node.data = keep + h
            up = output()
            node.data = keep - h
            down = output()
            node.data = keep
            node.grad = (up - down) / (2 * h)
        output()
        self.grad = 1.0


def stub(self: Any, *args: Any) -> None:
    ...


def init_value_attribute(self: Any, data: float, parents: Any = (), local: Any = ()) -> None:
    self.value, self.grad, self.parents, self.local = float(data), 0.0, parents, local


def init_grad_one(self: Any, data: float, parents: Any = (), local: Any = ()) -> None:
    self.data, self.grad, self.parents, self.local = float(data), 1.0, parents, local


def add_not_implemented(self: Any, other: Any) -> Any:
    raise NotImplementedError


def add_float(self: Any, other: Any) -> Any:
    other = other if isinstance(other, Base) else type(self)(other)
    return self.data + other.data


def add_in_place(self: Any, other: Any) -> Any:
    other = other if isinstance(other, Base) else type(self)(other)
    self.data += other.data
    return self


def add_unwrapped(self: Any, other: Any) -> Any:
    return type(self)(self.data + other.data, (self, other), (1.0, 1.0))


def mul_own(self: Any, other: Any) -> Any:
    other = other if isinstance(other, Base) else type(self)(other)
    return type(self)(self.data * other.data, (self, other), (self.data, other.data))


def mul_as_add(self: Any, other: Any) -> Any:
    other = other if isinstance(other, Base) else type(self)(other)
    return type(self)(self.data + other.data, (self, other), (other.data, self.data))


def add_recursing(self: Any, other: Any) -> Any:
    return self + other


def backward_steps_data(self: Any) -> None:
    sweep()(self)
    for node in order_of(self):
        if not node.parents:
            node.data -= 0.1 * node.grad  # a gradient step inside backward


def backward_seed_only(self: Any) -> None:
    for node in order_of(self):
        node.grad = 0.0
    self.grad = 1.0


def backward_crash(self: Any) -> None:
    raise KeyError("grad")


CORRECT = [CoreValue, Closures, Ops, make("Plain")]


@pytest.mark.parametrize("Value", CORRECT, ids=lambda c: c.__name__)
def test_correct_solutions_pass(Value: type) -> None:
    report = check_value_core(Value, quiet=True)
    assert report.ok, str(report)


MUTANTS: list[tuple[str, type, str]] = [
    ("not-written", make("Stub", __add__=stub), "__add__ is not written yet"),
    ("not-written", make("StubBackward", backward=stub), "backward is not written yet"),
    ("not-written", make("NotImplemented", __add__=add_not_implemented),
     "`a + b` is not written yet"),
    ("not-a-value", make("AddFloat", __add__=add_float), "not a Value"),
    ("no-data", make("NoData", __init__=init_value_attribute), "keep the __init__"),
    ("init", make("GradOne", __init__=init_grad_one), "start with .data = 1.5 and .grad = 0"),
    ("changed-input", make("InPlace", __add__=add_in_place), "changed the .data of an input"),
    ("number-not-wrapped", make("NoWrap", __add__=add_unwrapped), "wrap it first"),
    ("wrong-data", make("MulAsAdd", __mul__=mul_as_add), "forward rule of __mul__"),
    ("recursion", make("Recursing", __add__=add_recursing), "recursion limit"),
    ("assign-not-add", make("Assign", backward=sweep(accumulate=False)), "`parent.grad += ...`"),
    ("no-topological-order", make("Recursive", backward=recursive_backward),
     "counted twice"),
    ("no-topological-order", make("MicrogradRecursive", backward=micrograd_recursive),
     "counted twice"),
    ("no-topological-order", make("Breadth", backward=breadth_first), "breadth first"),
    ("forward-order", make("Forward", backward=sweep(order="forward")), "reversed("),
    ("no-reset", make("NoReset", backward=sweep(reset="none")), "reset every node's grad"),
    ("no-reset", make("LeavesOnly", backward=sweep(reset="leaves")), "reset every node's grad"),
    ("inner-cleared", make("InputsThenClear", backward=inputs_then_clear),
     "do not clear them"),
    ("no-seed", make("NoSeed", backward=sweep(seed=None)), "seed the sweep with self.grad = 1"),
    ("no-seed", make("SeedThenReset", backward=sweep(reset_after_seed=True)),
     "a reset after the seed undoes it"),
    ("bad-seed", make("HalfSeed", backward=sweep(seed=0.5)), "o.grad is 0.5"),
    ("no-upstream", make("NoUpstream", backward=sweep(chain=False)),
     "not multiplied by node.grad"),
    ("mul-own-factor", make("OwnFactor", __mul__=mul_own), "the *other* factor"),
    ("finite-differences", Recomputing, "finite difference"),
    ("changed-data", make("StepsData", backward=backward_steps_data), "backward sets only .grad"),
    ("no-sweep", make("SeedOnly", backward=backward_seed_only), "no gradient reaches a and b"),
    ("crash", make("Crash", backward=backward_crash), "raised KeyError"),
]


@pytest.mark.parametrize(("mistake", "Value", "words"), MUTANTS,
                         ids=[f"{m[0]}-{m[1].__name__}" for m in MUTANTS])
def test_each_wrong_solution_gets_its_own_hint(mistake: str, Value: type, words: str) -> None:
    report = check_value_core(Value, quiet=True)
    assert not report.ok
    text = " ".join(str(report).split())
    assert report.mistake == mistake, text
    assert words in text, text


def test_the_first_differing_node_is_named_with_both_values() -> None:
    report = check_value_core(make("Assign", backward=sweep(accumulate=False)), quiet=True)
    text = str(report)
    assert "the first gradient that differs is ∂o/∂a: -1.3 in yours, -0.3 right" in text


def test_the_printed_report_is_wrapped_to_the_site_width(capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    check_value_core(make("Assign", backward=sweep(accumulate=False)))
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) > 1 and max(len(line) for line in lines) <= 78


def test_the_reference_engine_is_deep_enough_for_a_long_chain() -> None:
    x = CoreValue(0.5)
    y = x
    for _ in range(5000):  # deeper than Python's recursion limit
        y = y * 1.0 + 0.0
    y.backward()
    assert x.grad == 1.0 and math.isclose(y.data, 0.5)
