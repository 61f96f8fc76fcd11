"""Mutation tests of the engine checker: the reader's backward rules and reverse sweep."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest

from backprop_core.practice import Node, check_engine, topological_order

# -- two correct solutions ----------------------------------------------------------------


def step_right(node: Node) -> None:
    if node.op == "+":
        a, b = node.parents
        a.grad += node.grad
        b.grad += node.grad
    elif node.op == "*":
        a, b = node.parents
        a.grad += b.data * node.grad
        b.grad += a.data * node.grad
    elif node.op == "tanh":
        (a,) = node.parents
        a.grad += (1 - node.data**2) * node.grad


def backward_right(output: Node) -> None:
    order = topological_order(output)
    for node in order:
        node.grad = 0.0
    output.grad = 1.0
    for node in reversed(order):
        step_right(node)


def step_table(node: Node) -> None:
    """Another correct solution: a table of local derivatives, then one loop."""
    rules: dict[str, Callable[[Node], list[float]]] = {
        "+": lambda n: [1.0, 1.0],
        "*": lambda n: [n.parents[1].data, n.parents[0].data],
        "tanh": lambda n: [1 - math.tanh(n.parents[0].data) ** 2],
    }
    if node.op in rules:
        for parent, local in zip(node.parents, rules[node.op](node), strict=True):
            parent.grad = parent.grad + local * node.grad


def backward_own_sort(output: Node) -> None:
    """Another correct sweep: its own depth-first order, reset with a set of visited ids."""
    order: list[Node] = []
    seen: set[int] = set()
    stack = [(output, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        stack.extend((p, False) for p in node.parents)
    for node in order:
        node.grad = 0.0
    output.grad = 1.0
    for node in order[::-1]:
        step_table(node)


# -- plausible wrong ones -------------------------------------------------------------------


def step_assign(node: Node) -> None:
    if node.op == "+":
        a, b = node.parents
        a.grad = node.grad
        b.grad = node.grad
    elif node.op == "*":
        a, b = node.parents
        a.grad = b.data * node.grad
        b.grad = a.data * node.grad
    elif node.op == "tanh":
        (a,) = node.parents
        a.grad = (1 - node.data**2) * node.grad


def step_no_upstream(node: Node) -> None:
    if node.op == "+":
        for p in node.parents:
            p.grad += 1.0
    elif node.op == "*":
        a, b = node.parents
        a.grad += b.data
        b.grad += a.data
    elif node.op == "tanh":
        node.parents[0].grad += 1 - node.data**2


def step_own_factor(node: Node) -> None:
    if node.op == "*":
        a, b = node.parents
        a.grad += a.data * node.grad
        b.grad += b.data * node.grad
    else:
        step_right(node)


def step_tanh_at_input(node: Node) -> None:
    if node.op == "tanh":
        (a,) = node.parents
        a.grad += (1 - a.data**2) * node.grad
    else:
        step_right(node)


def step_tanh_itself(node: Node) -> None:
    if node.op == "tanh":
        node.parents[0].grad += node.data * node.grad
    else:
        step_right(node)


def sweep(step: Callable[[Node], None], *, reset: bool = True, reverse: bool = True,
          seed: bool = True) -> Callable[[Node], None]:
    def backward(output: Node) -> None:
        order = topological_order(output)
        if reset:
            for node in order:
                node.grad = 0.0
        if seed:
            output.grad = 1.0
        for node in reversed(order) if reverse else order:
            step(node)

    return backward


def backward_no_reset(output: Node) -> None:
    output.grad = 1.0
    for node in reversed(topological_order(output)):
        step_right(node)


def step_not_written(node: Node) -> None:
    ...


def backward_not_written(output: Node) -> None:
    ...


@pytest.mark.parametrize(
    ("step", "backward"),
    [(step_right, backward_right), (step_table, backward_own_sort)],
)
def test_correct_engine_solutions_pass(step: Callable[[Node], None],
                                       backward: Callable[[Node], None]) -> None:
    report = check_engine(step, backward, quiet=True)
    assert report.ok, str(report)


MUTANTS: list[tuple[str, Callable[[Node], Any], Callable[[Node], Any], str]] = [
    ("assign-not-add", step_assign, sweep(step_assign), "a node used twice loses a path"),
    ("no-reset", step_right, backward_no_reset, "reset every node's grad to 0"),
    ("forward-order", step_right, sweep(step_right, reverse=False), "reversed(topological"),
    ("no-seed", step_right, sweep(step_right, seed=False), "output.grad = 1"),
    ("no-upstream", step_no_upstream, sweep(step_no_upstream), "not multiplied by node.grad"),
    ("mul-own-factor", step_own_factor, sweep(step_own_factor), "the *other* factor"),
    ("tanh-at-input", step_tanh_at_input, sweep(step_tanh_at_input), "not 1 − x²"),
    ("tanh-not-derivative", step_tanh_itself, sweep(step_tanh_itself), "multiplies by tanh"),
    ("not-written", step_not_written, backward_not_written, "backward_step is not written"),
    ("not-written", step_right, backward_not_written, "backward changes no gradient"),
]


@pytest.mark.parametrize(("mistake", "step", "backward", "words"), MUTANTS,
                         ids=[f"{m[0]}-{i}" for i, m in enumerate(MUTANTS)])
def test_engine_mutants_are_caught_with_their_own_hint(mistake: str, step: Callable[[Node], Any],
                                                       backward: Callable[[Node], Any],
                                                       words: str) -> None:
    report = check_engine(step, backward, quiet=True)
    assert not report.ok
    assert report.mistake == mistake, str(report)
    assert words in str(report), str(report)


def test_a_crash_is_reported_in_words() -> None:
    def broken(output: Node) -> None:
        raise KeyError("grad")

    report = check_engine(step_right, broken, quiet=True)
    assert report.mistake == "crash" and "backward(output) raised KeyError" in str(report)


def test_node_and_topological_order() -> None:
    a, b = Node(2.0, name="a"), Node(3.0, name="b")
    o = (a * b + a).tanh()
    order = topological_order(o)
    assert order[-1] is o and len(order) == 5
    assert all(order.index(p) < order.index(n) for n in order for p in n.parents)
    assert o.data == pytest.approx(math.tanh(8.0)) and "op='tanh'" in repr(o)
    assert (2.0 * a).data == 4.0 and (1.0 + a).data == 3.0
