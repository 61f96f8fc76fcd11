"""Solutions to the engine exercise: ``backward_step(node)`` and ``backward(output)``.

Each solution is a class holding the two functions, as a learner writes them in one cell.
"""

# ruff: noqa: ANN001, ANN201, ANN205, D102, D106, N801
from __future__ import annotations

import math
from collections import deque

from backprop_core.practice import Node, topological_order

from . import right, wrong

EX = "engine"


def step(node):
    """The right rules, as the book's solution writes them."""
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


def sweep_with(rule):
    """The right sweep, calling ``rule`` on every node."""

    def backward(output):
        order = topological_order(output)
        for node in order:
            node.grad = 0.0
        output.grad = 1.0
        for node in reversed(order):
            rule(node)

    return backward


# -- right ---------------------------------------------------------------------------------


@right(EX, "micrograd: topological order by recursion, one reverse loop")
class Micrograd:
    @staticmethod
    def backward_step(node):
        step(node)

    @staticmethod
    def backward(output):
        topo, visited = [], set()

        def build(v):
            if v not in visited:
                visited.add(v)
                for child in v.parents:
                    build(child)
                topo.append(v)

        build(output)
        for v in topo:
            v.grad = 0
        output.grad = 1
        for v in reversed(topo):
            Micrograd.backward_step(v)


@right(EX, "Kahn's algorithm: a node is ready when every node using it is done")
class Kahn:
    @staticmethod
    def backward_step(node):
        rules = {
            "+": lambda n: [1.0, 1.0],
            "*": lambda n: [n.parents[1].data, n.parents[0].data],
            "tanh": lambda n: [1 - math.tanh(n.parents[0].data) ** 2],
        }
        if node.op in rules:
            for parent, local in zip(node.parents, rules[node.op](node), strict=True):
                parent.grad = parent.grad + local * node.grad

    @staticmethod
    def backward(output):
        users: dict[int, int] = {}
        nodes, stack = {}, [output]
        while stack:
            n = stack.pop()
            if id(n) in nodes:
                continue
            nodes[id(n)] = n
            for p in n.parents:
                users[id(p)] = users.get(id(p), 0) + 1
                stack.append(p)
        for n in nodes.values():
            n.grad = 0.0
        output.grad = 1.0
        ready = deque([output])
        while ready:
            n = ready.popleft()
            Kahn.backward_step(n)
            for p in n.parents:
                users[id(p)] -= 1
                if users[id(p)] == 0:
                    ready.append(p)


@right(EX, "iterative depth-first post-order with an explicit stack")
class Stack:
    @staticmethod
    def backward_step(node):
        for i, p in enumerate(node.parents):
            if node.op == "+":
                local = 1.0
            elif node.op == "*":
                local = node.parents[1 - i].data
            else:
                local = 1 - node.data * node.data
            p.grad += local * node.grad

    @staticmethod
    def backward(output):
        order, seen, todo = [], set(), [(output, False)]
        while todo:
            node, done = todo.pop()
            if done:
                order.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                todo.append((node, True))
                todo.extend((p, False) for p in node.parents)
        for node in order:
            node.grad = 0.0
        output.grad = 1.0
        for node in order[::-1]:
            Stack.backward_step(node)


@right(EX, "nodes sorted by their longest distance from the output")
class Depth:
    @staticmethod
    def backward_step(node):
        step(node)

    @staticmethod
    def backward(output):
        depth = {id(output): 0}
        nodes = {id(output): output}
        for node in reversed(topological_order(output)):
            for p in node.parents:
                depth[id(p)] = max(depth.get(id(p), 0), depth[id(node)] + 1)
                nodes[id(p)] = p
        for node in nodes.values():
            node.grad = 0.0
        output.grad = 1.0
        for key in sorted(nodes, key=lambda k: depth[k]):
            Depth.backward_step(nodes[key])


@right(EX, "a recursive sweep that waits until a node's users are all done")
class CountedRecursion:
    @staticmethod
    def backward_step(node):
        step(node)

    @staticmethod
    def backward(output):
        order = topological_order(output)
        pending = {id(n): 0 for n in order}
        for n in order:
            n.grad = 0.0
            for p in n.parents:
                pending[id(p)] += 1
        output.grad = 1.0

        def visit(n):
            CountedRecursion.backward_step(n)
            for p in n.parents:
                pending[id(p)] -= 1
                if pending[id(p)] == 0:
                    visit(p)

        visit(output)


# -- wrong: backward_step --------------------------------------------------------------------


@wrong(EX, "assign-not-add", "must add, `parent.grad += ...`")
class Assigns:
    @staticmethod
    def backward_step(node):
        if node.op == "+":
            a, b = node.parents
            a.grad = node.grad
            b.grad = node.grad
        elif node.op == "*":
            a, b = node.parents
            a.grad = b.data * node.grad
            b.grad = a.data * node.grad
        elif node.op == "tanh":
            node.parents[0].grad = (1 - node.data**2) * node.grad

    backward = staticmethod(sweep_with(lambda n: Assigns.backward_step(n)))


@wrong(EX, "set-parents", "each entry of node.parents is one use")
class SetOfParents:
    @staticmethod
    def backward_step(node):
        if node.op == "+":
            for p in set(node.parents):
                p.grad += node.grad
        else:
            step(node)

    backward = staticmethod(sweep_with(lambda n: SetOfParents.backward_step(n)))


@wrong(EX, "set-parents", "drops the second use")
class SkipsSameFactor:
    @staticmethod
    def backward_step(node):
        if node.op == "*":
            a, b = node.parents
            a.grad += b.data * node.grad
            if b is not a:
                b.grad += a.data * node.grad
        else:
            step(node)

    backward = staticmethod(sweep_with(lambda n: SkipsSameFactor.backward_step(n)))


@wrong(EX, "no-upstream", "not multiplied by node.grad")
class NoUpstream:
    @staticmethod
    def backward_step(node):
        if node.op == "+":
            for p in node.parents:
                p.grad += 1.0
        elif node.op == "*":
            a, b = node.parents
            a.grad += b.data
            b.grad += a.data
        elif node.op == "tanh":
            node.parents[0].grad += 1 - node.data**2

    backward = staticmethod(sweep_with(lambda n: NoUpstream.backward_step(n)))


@wrong(EX, "mul-own-factor", "the *other* factor")
class OwnFactor:
    @staticmethod
    def backward_step(node):
        if node.op == "*":
            for p in node.parents:
                p.grad += p.data * node.grad
        else:
            step(node)

    backward = staticmethod(sweep_with(lambda n: OwnFactor.backward_step(n)))


@wrong(EX, "tanh-at-input", "not 1 − p²")
class TanhAtInput:
    @staticmethod
    def backward_step(node):
        if node.op == "tanh":
            (x,) = node.parents
            x.grad += (1 - x.data**2) * node.grad
        else:
            step(node)

    backward = staticmethod(sweep_with(lambda n: TanhAtInput.backward_step(n)))


@wrong(EX, "tanh-not-derivative", "multiplies by tanh itself")
class TanhItself:
    @staticmethod
    def backward_step(node):
        if node.op == "tanh":
            node.parents[0].grad += node.data * node.grad
        else:
            step(node)

    backward = staticmethod(sweep_with(lambda n: TanhItself.backward_step(n)))


@wrong(EX, "tanh-twice", "not 1 − tanh(node.data)²")
class TanhTwice:
    @staticmethod
    def backward_step(node):
        if node.op == "tanh":
            node.parents[0].grad += (1 - math.tanh(node.data) ** 2) * node.grad
        else:
            step(node)

    backward = staticmethod(sweep_with(lambda n: TanhTwice.backward_step(n)))


@wrong(EX, "missing-rule", "the rule of tanh is missing")
class ForgetsTanh:
    """Right order, but no tanh branch (the issue's misdiagnosed example)."""

    @staticmethod
    def backward_step(node):
        if node.op in ("+", "*"):
            step(node)

    backward = staticmethod(sweep_with(lambda n: ForgetsTanh.backward_step(n)))


@wrong(EX, "changed-data", "only writes .grad")
class OverwritesData:
    @staticmethod
    def backward_step(node):
        if node.op == "tanh":
            node.data = 1 - node.data**2
            node.parents[0].grad += node.data * node.grad
        else:
            step(node)

    backward = staticmethod(sweep_with(lambda n: OverwritesData.backward_step(n)))


@wrong(EX, "changed-node-grad", "leaves n.grad as it is")
class ZeroesOwnGrad:
    @staticmethod
    def backward_step(node):
        step(node)
        node.grad = 0.0

    backward = staticmethod(sweep_with(lambda n: ZeroesOwnGrad.backward_step(n)))


@wrong(EX, "grad-type", "instead of its number q.data")
class MultipliesNodes:
    @staticmethod
    def backward_step(node):
        if node.op == "*":
            a, b = node.parents
            a.grad += b * node.grad
            b.grad += a * node.grad
        else:
            step(node)

    backward = staticmethod(sweep_with(lambda n: MultipliesNodes.backward_step(n)))


@wrong(EX, "returns-instead", "not what the function returns")
class ReturnsLocals:
    @staticmethod
    def backward_step(node):
        if node.op == "+":
            return [node.grad, node.grad]
        if node.op == "*":
            a, b = node.parents
            return [b.data * node.grad, a.data * node.grad]
        return [(1 - node.data**2) * node.grad]

    @staticmethod
    def backward(output):
        order = topological_order(output)
        for n in order:
            n.grad = 0.0
        output.grad = 1.0
        for n in reversed(order):
            for p, g in zip(n.parents, ReturnsLocals.backward_step(n) or [], strict=False):
                p.grad += g


@wrong(EX, "wrong-rule", "Check the rule of +")
class PlusLikeMinus:
    @staticmethod
    def backward_step(node):
        if node.op == "+":
            a, b = node.parents
            a.grad += node.grad
            b.grad -= node.grad
        else:
            step(node)

    backward = staticmethod(sweep_with(lambda n: PlusLikeMinus.backward_step(n)))


@wrong(EX, "assign-not-add", "must add")
class RightSweepWrongStep:
    """backward never calls backward_step (its own rules are right); the step assigns."""

    @staticmethod
    def backward_step(node):
        for p in node.parents:
            p.grad = node.grad

    backward = staticmethod(sweep_with(step))


@wrong(EX, "not-written", "backward_step is not written yet")
class Stub:
    @staticmethod
    def backward_step(node):
        if node.op == "+" or node.op == "*" or node.op == "tanh":
            ...

    @staticmethod
    def backward(output):
        """Reverse mode."""
        ...


# -- wrong: backward ------------------------------------------------------------------------


@wrong(EX, "recursive", "recurses from the output along every path")
class RecursesWithoutOrder:
    backward_step = staticmethod(step)

    @staticmethod
    def backward(output):
        for n in topological_order(output):
            n.grad = 0.0
        output.grad = 1.0

        def down(n):
            step(n)
            for p in n.parents:
                down(p)

        down(output)


@wrong(EX, "breadth-first", "breadth first")
class BreadthFirst:
    backward_step = staticmethod(step)

    @staticmethod
    def backward(output):
        for n in topological_order(output):
            n.grad = 0.0
        output.grad = 1.0
        queue, seen = deque([output]), {id(output)}
        while queue:
            n = queue.popleft()
            step(n)
            for p in n.parents:
                if id(p) not in seen:
                    seen.add(id(p))
                    queue.append(p)


@wrong(EX, "pre-order", "pre-order")
class PreOrder:
    backward_step = staticmethod(step)

    @staticmethod
    def backward(output):
        for n in topological_order(output):
            n.grad = 0.0
        output.grad = 1.0
        seen = set()

        def visit(n):
            if id(n) in seen:
                return
            seen.add(id(n))
            step(n)
            for p in n.parents:
                visit(p)

        visit(output)


@wrong(EX, "forward-order", "from the inputs to the output")
class ForwardOrder:
    backward_step = staticmethod(step)

    @staticmethod
    def backward(output):
        order = topological_order(output)
        for n in order:
            n.grad = 0.0
        output.grad = 1.0
        for n in order:
            step(n)


@wrong(EX, "no-seed", "output.grad = 1")
class NoSeed:
    backward_step = staticmethod(step)

    @staticmethod
    def backward(output):
        order = topological_order(output)
        for n in order:
            n.grad = 0.0
        for n in reversed(order):
            step(n)


@wrong(EX, "no-seed", "output.grad = 1")
class SeedThenReset:
    backward_step = staticmethod(step)

    @staticmethod
    def backward(output):
        output.grad = 1.0
        order = topological_order(output)
        for n in order:
            n.grad = 0.0
        for n in reversed(order):
            step(n)


@wrong(EX, "seed-value", "not the output's value")
class SeedIsValue:
    backward_step = staticmethod(step)

    @staticmethod
    def backward(output):
        order = topological_order(output)
        for n in order:
            n.grad = 0.0
        output.grad = output.data
        for n in reversed(order):
            step(n)


@wrong(EX, "no-reset", "reset every node's grad to 0")
class NoReset:
    backward_step = staticmethod(step)

    @staticmethod
    def backward(output):
        output.grad = 1.0
        for n in reversed(topological_order(output)):
            step(n)


@wrong(EX, "no-reset", "left over")
class VisitedMarks:
    """Marks nodes as done on the node itself and never clears the marks."""

    backward_step = staticmethod(step)

    @staticmethod
    def backward(output):
        order = topological_order(output)
        for n in order:
            if not getattr(n, "done", False):
                n.grad = 0.0
        output.grad = 1.0
        for n in reversed(order):
            if not getattr(n, "done", False):
                step(n)
                n.done = True


@wrong(EX, "no-steps", "must call backward_step on every node")
class OnlySeeds:
    backward_step = staticmethod(step)

    @staticmethod
    def backward(output):
        for n in topological_order(output):
            n.grad = 0.0
        output.grad = 1.0


@wrong(EX, "returns-instead", "set no .grad")
class ReturnsDict:
    backward_step = staticmethod(step)

    @staticmethod
    def backward(output):
        grads = {id(output): 1.0}
        for n in reversed(topological_order(output)):
            g = grads.get(id(n), 0.0)
            if n.op == "+":
                locs = [1.0, 1.0]
            elif n.op == "*":
                locs = [n.parents[1].data, n.parents[0].data]
            elif n.op == "tanh":
                locs = [1 - n.data**2]
            else:
                locs = []
            for p, local in zip(n.parents, locs, strict=True):
                grads[id(p)] = grads.get(id(p), 0.0) + local * g
        return {n.name: grads[id(n)] for n in topological_order(output)}


@wrong(EX, "missing-tanh", "skips the rule of tanh")
class InlineWithoutTanh:
    """backward_step is right, but backward inlines its own rules and forgets tanh."""

    backward_step = staticmethod(step)

    @staticmethod
    def backward(output):
        order = topological_order(output)
        for n in order:
            n.grad = 0.0
        output.grad = 1.0
        for n in reversed(order):
            if n.op == "+":
                for p in n.parents:
                    p.grad += n.grad
            elif n.op == "*":
                a, b = n.parents
                a.grad += b.data * n.grad
                b.grad += a.data * n.grad


def _value(node: Node, changed: Node, value: float) -> float:
    """The node's value recomputed with ``changed.data`` set to ``value``."""
    if node is changed:
        return value
    if node.op == "+":
        return _value(node.parents[0], changed, value) + _value(node.parents[1], changed, value)
    if node.op == "*":
        return _value(node.parents[0], changed, value) * _value(node.parents[1], changed, value)
    if node.op == "tanh":
        return math.tanh(_value(node.parents[0], changed, value))
    return node.data


@wrong(EX, "numerical", "accuracy of finite differences")
class FiniteDifferences:
    """Every node's gradient by a central difference of the recomputed output."""

    backward_step = staticmethod(step)

    @staticmethod
    def backward(output):
        h = 1e-6
        for n in topological_order(output):
            up = _value(output, n, n.data + h)
            down = _value(output, n, n.data - h)
            n.grad = (up - down) / (2 * h)
