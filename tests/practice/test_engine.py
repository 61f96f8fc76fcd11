"""The engine checker: its graphs expose the classic mistakes, its wrong sweeps are live,
finite differences cannot pass it, and its messages name the first wrong node."""

from __future__ import annotations

import math

import numpy as np
import pytest

from backprop_core.practice import Node, check_engine, topological_order
from backprop_core.practice.engine import SWEEP_MISTAKES, _grads_after
from backprop_core.practice.nodes import GRAPHS, formula, tanh
from backprop_core.practice.report import RTOL
from backprop_core.practice.sweeps import Sweep, magnitudes, sweep

from .corpus.engine import step, sweep_with


def users(output: Node) -> dict[int, list[Node]]:
    out: dict[int, list[Node]] = {}
    for node in topological_order(output):
        for parent in node.parents:
            out.setdefault(id(parent), []).append(node)
    return out


def test_node_and_topological_order() -> None:
    a, b = Node(2.0, name="a"), Node(3.0, name="b")
    o = (a * b + a).tanh()
    order = topological_order(o)
    assert order[-1] is o and len(order) == 5
    assert all(order.index(p) < order.index(n) for n in order for p in n.parents)
    assert o.data == pytest.approx(math.tanh(8.0)) and "op='tanh'" in repr(o)
    assert (2.0 * a).data == 4.0 and (1.0 + a).data == 3.0
    assert formula(a * b) == " = a·b" and formula(tanh(a)) == " = tanh(a)"


def test_the_graphs_expose_each_classic_mistake() -> None:
    shared_inner = twice_add = twice_mul = False
    deepest, largest = 0, 0.0
    for graph in GRAPHS:
        out = graph.make()
        use = users(out)
        depth: dict[int, int] = {}
        for node in topological_order(out):
            depth[id(node)] = 1 + max((depth[id(p)] for p in node.parents), default=-1)
            # an inner node used by two nodes (in a graph with one output: a diamond)
            shared_inner |= bool(node.parents) and len({id(u) for u in use.get(id(node),
                                                                                [])}) >= 2
            if len(node.parents) == 2 and node.parents[0] is node.parents[1]:
                twice_add |= node.op == "+"
                twice_mul |= node.op == "*"
            largest = max(largest, abs(node.data))
        deepest = max(deepest, depth[id(out)])
        assert len({n.name for n in topological_order(out)}) == len(topological_order(out))
    assert shared_inner and twice_add and twice_mul
    assert deepest >= 16 and largest >= 1e8


@pytest.mark.parametrize(("code", "how"), [(c, h) for c, h, _ in SWEEP_MISTAKES])
def test_every_known_wrong_sweep_is_wrong_somewhere(code: str, how: Sweep) -> None:
    assert any(
        not np.allclose(_grads_after(g, how), _grads_after(g, Sweep()), rtol=1e-9)
        for g in GRAPHS
    ), code


def test_the_right_sweep_agrees_with_finite_differences() -> None:
    from backprop_core.checks.gradcheck import check_gradient

    for graph in GRAPHS[:-1]:  # the last one is built to defeat finite differences
        def f(x: np.ndarray, graph=graph) -> float:  # type: ignore[no-untyped-def]
            return type(graph)(graph.title, graph.build, float(x[0]), float(x[1])).make().data

        out = graph.make()
        sweep(out)
        leaves = {n.name: n.grad for n in topological_order(out) if n.name in ("a", "b")}
        assert check_gradient(f, [graph.a, graph.b], [leaves["a"], leaves["b"]]).ok


def test_finite_differences_cannot_reach_the_checkers_tolerance() -> None:
    """On the graph with a large constant, no step h brings a central difference within
    RTOL of the exact gradient: a numerical 'backward' cannot pass."""
    graph = GRAPHS[-1]
    out = graph.make()
    sweep(out)
    exact = next(n.grad for n in topological_order(out) if n.name == "a")
    mag = magnitudes(graph.make())[0]

    def o(a: float) -> float:
        return type(graph)(graph.title, graph.build, a, graph.b).make().data

    best = min(abs((o(graph.a + h) - o(graph.a - h)) / (2 * h) - exact)
               for h in np.logspace(-9, -1, 33))
    assert best > 100 * RTOL * mag


def test_a_wrong_backward_step_is_caught_even_if_backward_never_calls_it() -> None:
    def step_without_twice(node: Node) -> None:
        if node.op == "+" and node.parents[0] is node.parents[1]:
            node.parents[0].grad += node.grad  # one use only
        else:
            step(node)

    report = check_engine(step_without_twice, sweep_with(step), quiet=True)
    assert report.mistake == "set-parents" and "n = p + p" in str(report)


def test_an_unknown_mistake_names_the_first_wrong_node_and_its_uses() -> None:
    def rule(node: Node) -> None:
        if node.op == "tanh":
            node.parents[0].grad += 0.5 * (1 - node.data**2) * node.grad
        else:
            step(node)

    report = check_engine(step, sweep_with(rule), quiet=True)
    text = str(report)
    assert report.mistake == "wrong-gradient", text
    # u = tanh(t) is the first tanh from the output: t is the first wrong node
    assert "∂o/∂t is" in text and "(t is used by u: ∂o/∂t = ∂o/∂u·" in text


def test_a_crash_is_reported_in_words() -> None:
    def broken(output: Node) -> None:
        raise KeyError("grad")

    report = check_engine(step, broken, quiet=True)
    assert report.mistake == "crash" and "backward(output) raised KeyError" in str(report)


def test_a_crash_in_backward_step_names_the_operation() -> None:
    def broken(node: Node) -> None:
        if node.op == "tanh":
            a, b = node.parents  # tanh has one parent
        step(node)

    report = check_engine(broken, sweep_with(step), quiet=True)
    assert report.mistake == "crash" and "for n = tanh(p) raised ValueError" in str(report)


def test_passing_something_else_than_a_function_is_said_plainly() -> None:
    report = check_engine(step, None, quiet=True)  # type: ignore[arg-type]
    assert report.mistake == "not-a-function" and "your function itself" in str(report)


def test_the_success_message_names_what_was_tried(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_engine(step, sweep_with(step)).ok
    out = capsys.readouterr().out
    assert out.startswith("\u2714 backward_step and backward: right.")
    assert "also on p + p and p·p" in out and "a deep chain" in out


def test_a_wrong_sweep_offers_a_picture_of_it_next_to_the_right_one() -> None:
    from .corpus.engine import BreadthFirst

    report = check_engine(BreadthFirst.backward_step, BreadthFirst.backward, quiet=True)
    assert report.picture is not None and "result.picture()" in str(report)
    picture = report.picture()
    assert picture._repr_png_().startswith(b"\x89PNG")
    assert repr(picture).startswith("<your backward pass next to the right one: o = h + ")
    mine, right = picture.figure.axes
    assert mine.get_title().startswith("your backward pass: ∂o/∂b = 2.1,")
    assert right.get_title() == "the right one: ∂o/∂b = 2.339"
    texts = [t.get_text() for t in mine.texts]
    assert "∂o/∂b = 2.1 \u2718" in texts and "∂o/∂b = 2.339" in [t.get_text()
                                                                   for t in right.texts]
    dashed = [p for p in mine.patches if getattr(p, "get_linestyle", lambda: "")() == "--"]
    assert len(dashed) == 2  # b is used by h and by p: both edges are marked


def test_a_mistake_found_by_backward_step_alone_has_no_picture() -> None:
    from .corpus.engine import Assigns

    report = check_engine(Assigns.backward_step, Assigns.backward, quiet=True)
    assert report.picture is None and "picture" not in str(report)


def test_a_stub_backward_after_a_right_backward_step_is_not_written_yet() -> None:
    def backward(output: Node) -> None:
        """Reverse mode."""
        ...

    report = check_engine(step, backward, quiet=True, draw=None)
    assert report.mistake == "not-written" and "backward is not written yet" in str(report)


def test_a_changed_graph_a_non_finite_grad_and_a_leaf_formula() -> None:
    def cuts(node: Node) -> None:
        step(node)
        node.parents = ()

    assert check_engine(cuts, sweep_with(step), quiet=True).mistake == "changed-graph"

    def overflows(node: Node) -> None:
        for parent in node.parents:
            parent.grad += float("inf")

    assert check_engine(overflows, sweep_with(step), quiet=True).mistake == "not-finite"
    assert formula(Node(1.0, name="a")) == "a"


def test_the_learners_gradients_on_another_graph_are_none_when_it_crashes() -> None:
    from backprop_core.practice.engine import _learner_grads

    def crashes(output: Node) -> None:
        raise RuntimeError

    assert _learner_grads(GRAPHS[0], crashes) is None
    assert _learner_grads(GRAPHS[0], sweep_with(step)) == _grads_after(GRAPHS[0], Sweep())


def test_without_a_drawing_function_a_failed_report_has_no_picture() -> None:
    from .corpus.engine import BreadthFirst

    report = check_engine(BreadthFirst.backward_step, BreadthFirst.backward, quiet=True,
                          draw=None)
    assert report.mistake == "breadth-first" and report.picture is None
