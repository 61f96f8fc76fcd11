"""What a player shows, computed once per graph: the frames of one trace (the graph after
each step), the captions, and the text of every label.

A frame is the graph in the state after its step: the values known so far (above the
nodes), the adjoints accumulated so far (below), the active node and, in the backward
pass, the active edge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial

from backprop_core.engine.labels import Labels
from backprop_core.engine.trace import Step, trace
from backprop_core.engine.value import Value, topological_order
from backprop_core.errors import ArgumentError, check_index, check_instance, check_real, check_text
from backprop_core.figures.drawings import PictureEdge, picture_edges
from backprop_core.figures.player.params import parameter_steps
from backprop_core.formatting import fmt
from backprop_core.networks.forms import NetworkGraph

PHASES = {"forward": "Forward pass", "backward": "Backward pass",
          "parameter": "Gradient for training"}
EdgeKey = tuple[int, int, int]  # (id(parent), id(child), index of the parent among its child's)


@dataclass(frozen=True)
class Frame:
    """The state of the graph after one step: what a picture of that moment shows."""

    step: Step
    values: dict[int, float]  # id(node) -> value, for the nodes computed so far
    grads: dict[int, float]  # id(node) -> ∂o/∂node accumulated so far
    active_node: int
    active_edge: EdgeKey | None  # backward steps along an edge only


def frames(output: Value, names: Labels | None = None,
           then: Callable[[], list[Step]] | None = None) -> list[Frame]:
    """One frame per step of ``trace(output)``: forward steps, then backward steps, then
    the steps ``then()`` makes once the sweep is done (``params.parameter_steps``: a
    weight's step lights the edge that carries it)."""
    values: dict[int, float] = {}
    grads: dict[int, float] = {}
    result = []
    for step in trace(output, names) + (then() if then is not None else []):
        assert step.node is not None
        key = id(step.node)
        edge = None
        if step.phase == "forward":
            values[key] = step.value
        elif step.phase == "backward":
            grads[key] = step.value
            if step.child is not None and step.edge is not None:
                edge = (key, id(step.child), step.edge)
        elif step.edge is not None:  # a weight: the edge from its input into the sum
            edge = (id(step.node.parents[step.edge]), key, step.edge)
        result.append(Frame(step, dict(values), dict(grads), key, edge))
    return result


def legend(output_name: str) -> str:
    """What the symbols of the drawing and the captions mean (the notation page's)."""
    return (f"v̄ = ∂{output_name}/∂v is the adjoint of node v (below the node, summed over "
            f"the backward steps); ∂c/∂v is the local derivative of the edge v → c (the "
            f"number on the edge).")


@dataclass(frozen=True)
class PlayerModel:
    """One player of the graph of ``output``: its frames (one trace, run once), the names
    of its nodes, and the texts every rendition shows. ``output_name`` names the output in
    the legend (∂C/∂v); ``title`` heads the player."""

    output: Value
    title: str
    output_name: str
    names: Labels
    frames: tuple[Frame, ...]

    @classmethod
    def of(cls, output: Value, title: str = "", output_name: str | None = None,
           parameters: NetworkGraph | None = None) -> PlayerModel:
        """Trace ``output`` (runs ``output.backward()``) and keep every frame; with the
        ``parameters`` of a network's graph (whose cost is ``output``), the steps to every
        ∂C/∂b and ∂C/∂w follow the sweep."""
        title = check_text(title, "title")
        output_name = None if output_name is None else check_text(output_name, "output_name")
        names = Labels(output)
        name = output_name or names[output]
        then = None
        if parameters is not None:
            check_instance(parameters, NetworkGraph, "parameters")
            if parameters.cost is not output:
                raise ArgumentError("parameters must be the network graph whose cost is the "
                                    "output played, but its cost is another node")
            then = partial(parameter_steps, parameters, names, name)
        return cls(output, title, name, names, tuple(frames(output, names, then)))

    @cached_property
    def nodes(self) -> list[Value]:
        """The nodes in topological order: the order they are drawn in."""
        return topological_order(self.output)

    @cached_property
    def edges(self) -> list[PictureEdge]:
        """The edges as the pictures draw them (a node used twice has two)."""
        return picture_edges(self.output)

    @property
    def count(self) -> int:
        return len(self.frames)

    @property
    def shown_name(self) -> str:
        """The title, else the output's label: what the plain-text rendition names."""
        return self.title or self.names[self.output]

    @property
    def legend(self) -> str:
        return legend(self.output_name)

    def caption(self, index: int) -> str:
        """'Step 3 of 14 · Forward pass: c = a + b = 5'."""
        index = check_index(index, self.count, "index")
        step = self.frames[index].step
        return f"Step {index + 1} of {self.count} · {PHASES[step.phase]}: {step.formula}"

    @cached_property
    def parameter_texts(self) -> list[tuple[int, str]]:
        """(step, '∂C/∂w²₁₁ = -0.0465') of every parameter's gradient, in step order."""
        return [(i, f"∂{self.output_name}/∂{f.step.label} = {fmt(f.step.value)}")
                for i, f in enumerate(self.frames) if f.step.phase == "parameter"]

    def value_text(self, node: Value, value: float) -> str:
        """The label above a node once the forward pass has reached it: 'c = 5'."""
        value = check_real(value, "value")
        return f"{self.names[node]} = {fmt(value)}"

    def grad_text(self, node: Value, grad: float) -> str:
        """The label below a node in the backward pass: its adjoint so far, 'ā = 10.5'."""
        grad = check_real(grad, "grad")
        return f"{self.names.adjoint(node)} = {fmt(grad)}"

    @cached_property
    def texts(self) -> tuple[dict[int, str], dict[int, list[str]]]:
        """Every node's value label, and the adjoint labels it shows one after another
        over the backward pass (the layout makes room for all of them)."""
        values: dict[int, str] = {}
        grads: dict[int, list[str]] = {}
        for frame in self.frames:
            node = frame.step.node
            assert node is not None
            if frame.step.phase == "forward":
                values[id(node)] = self.value_text(node, frame.step.value)
            elif frame.step.phase == "backward":
                grads.setdefault(id(node), []).append(self.grad_text(node, frame.step.value))
        return values, grads
