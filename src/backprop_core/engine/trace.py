"""Step traces: the forward pass one node at a time, then the backward pass one edge at a
time, each step with its formula, for a step-through player or a table.

The backward steps are recorded from the engine's own reverse sweep (``Value.backward``
with an ``on_edge`` hook), so a trace and ``backward`` can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from backprop_core.engine.formulas import check_node
from backprop_core.engine.labels import Labels, factor
from backprop_core.engine.value import Value, topological_order
from backprop_core.errors import check_instance
from backprop_core.formatting import fmt


@dataclass(frozen=True)
class Step:
    """One step of a forward or backward sweep, for a step-through player or a table.

    forward: ``value`` is the node's value.  backward: ``value`` is the node's gradient
    after this step's ``+=``, and ``contribution`` is the term the step added, along the
    edge number ``edge`` of ``child`` (its position among the child's parents: a·a has two).
    parameter: ``value`` is ∂C/∂θ of a parameter θ of the sum ``node`` (a network's weight
    of edge number ``edge`` into it, or with ``edge`` None its bias), read off its adjoint.
    """

    phase: Literal["forward", "backward", "parameter"]
    label: str
    op: str
    formula: str
    value: float
    contribution: float | None = None
    node: Value | None = field(default=None, repr=False, compare=False)
    child: Value | None = field(default=None, repr=False, compare=False)
    edge: int | None = field(default=None, compare=False)


def trace(output: Value, names: Labels | None = None) -> list[Step]:
    """The forward steps (inputs first) then the backward steps (one per edge) of ``output``.

    Runs ``output.backward()``. A backward step reads "ā += c̄ · ∂c/∂a = 3 · 1 = 3": the
    adjoint ā = ∂o/∂a (written with a bar, ``labels.adjoint_symbol``) grows by the child's
    adjoint times the local derivative ∂c/∂a of the edge a → c; a negative factor is in
    brackets. The running sums end at each node's ``grad``. ``names``: the labels to write
    (default: ``Labels(output)``).
    """
    check_node(output, "output")
    n = Labels(output) if names is None else check_instance(names, Labels, "names")
    steps: list[Step] = []
    for node in topological_order(output):
        if node.is_leaf:
            formula = f"{n[node]} = {fmt(node.data)}"
        else:
            formula = (f"{n[node]} = {n.expression(node)} = "
                       f"{n.expression(node, numbers=True)} = {fmt(node.data)}")
        steps.append(Step("forward", n[node], node.op, formula, node.data, node=node))

    o = n.grouped(output)
    steps.append(Step("backward", n[output], output.op,
                      f"{n.adjoint(output)} = ∂{o}/∂{o} = 1", 1.0, 1.0, node=output))
    current: list[object] = [None, -1]  # the child whose edges are being swept, and the edge

    def record(parent: Value, child: Value, local: float, upstream: float) -> None:
        # a child's edges come one after the other, in the order of its parents
        i = current[1] + 1 if current[0] is child else 0  # type: ignore[operator]
        current[:] = [child, i]
        c, p = n.grouped(child), n.grouped(parent)
        contribution = local * upstream
        formula = (f"{n.adjoint(parent)} += {n.adjoint(child)} · ∂{c}/∂{p} = "
                   f"{factor(upstream)} · {factor(local)} = {fmt(contribution)}   "
                   f"(∂{c}/∂{p} = {n.local_rules(child)[i]})")
        steps.append(Step("backward", n[parent], child.op, formula, parent.grad, contribution,
                          node=parent, child=child, edge=i))

    output.backward(on_edge=record)
    return steps
