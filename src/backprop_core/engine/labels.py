"""Formula labels: how the nodes of one graph are written ('c', 'a + b', 'x1', 't1').

A node named by the reader keeps its name. Every other node gets one when a picture, a
trace, a player or an error message asks (never while the graph is built): an input is
'x1', 'x2', ... and an operation its forward rule filled with its parents' labels, 'a + b',
or 't1', 't2', ... when that is longer than ``MAX_LABEL`` characters. The numbers count in
the topological order of the graph asked about, so the same graph gets the same labels
however many graphs were built before it.

Brackets come from the structure, not from the text: each label carries the precedence of
the operation that wrote it (``graph.Formula.precedence``), and an operand is bracketed when
it binds less tightly than its operation needs (``Formula.operands``): '(a + b)·c', 'a - (b -
c)', '(a^2)^3'. A name is an atom.

``Edge``/``edges`` list a graph's edges with their local derivatives as formulas, and
``Explain`` writes the text of the engine's errors ('division by zero in (a + b)/z: z = 0').
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from backprop_core.engine.formulas import Formula, check_node, topological_order
from backprop_core.errors import ArgumentTypeError, UnknownKeyError, describe
from backprop_core.formatting import fmt

if TYPE_CHECKING:
    from backprop_core.engine.value import Value

MAX_LABEL = 24
ATOM = 5  # the precedence of a name, a number or a function call: never bracketed
_SCRIPTS = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻₀₁₂₃₄₅₆₇₈₉₊₋ᵀ")
_MACRON, _OVERLINE = "\u0304", "\u0305"


def factor(x: float) -> str:
    """``fmt(x)`` as a factor of a product: a negative number in brackets, '1 · (-0.597)'."""
    text = fmt(x)
    return f"({text})" if text.startswith("-") else text


def adjoint_symbol(label: str, compound: bool = False) -> str:
    """The adjoint v̄ = ∂o/∂v of the node ``label``, written as on the notation page ($\\bar v$).

    A letter with super- and subscripts takes a macron over the letter ('a¹₁' -> 'ā¹₁'); a
    longer label an overline over all of it ('cd' -> 'c̅d̅'), in brackets if it is a formula
    (``compound``, as ``Labels.adjoint`` says), so that an adjoint never reads as a local
    derivative ∂c/∂v of an edge.
    """
    if not isinstance(label, str):
        raise ArgumentTypeError(f"label must be a str, got {describe(label)}")
    if not compound and label[:1].isalpha() and all(ch in _SCRIPTS for ch in label[1:]):
        # composed where Unicode has the letter ('ā', 'ō'), which fonts draw best
        return unicodedata.normalize("NFC", label[0] + _MACRON + label[1:])
    text = f"({label})" if compound else label
    return "".join(ch + _OVERLINE for ch in text)


class Labels:
    """The labels of every node of the graphs of ``outputs``, numbered in their topological
    order. Nothing is written until the first label is asked for."""

    def __init__(self, *outputs: Value) -> None:
        for i, output in enumerate(outputs):
            check_node(output, f"outputs[{i}]" if len(outputs) > 1 else "output")
        self._outputs = outputs
        self._table: dict[Value, tuple[str, int]] | None = None

    def _entries(self) -> dict[Value, tuple[str, int]]:
        if self._table is not None:
            return self._table
        table: dict[Value, tuple[str, int]] = {}
        self._table = table
        inputs = temps = 0
        for output in self._outputs:
            for node in topological_order(output):
                if node in table:
                    continue
                if node.name:
                    table[node] = (node.name, ATOM)
                elif node.is_leaf:
                    inputs += 1
                    table[node] = (f"x{inputs}", ATOM)
                else:
                    form = node.formula
                    text = self._fill(node, form.expr, form.operands)
                    if len(text) > MAX_LABEL:  # deep graphs: formulas of exponential length
                        temps += 1
                        table[node] = (f"t{temps}", ATOM)
                    else:
                        table[node] = (text, form.precedence)
        return table

    def _entry(self, node: Value) -> tuple[str, int]:
        try:
            return self._entries()[node]
        except (KeyError, TypeError):  # TypeError: an unhashable object
            raise UnknownKeyError(f"node {describe(node)} is not a node of the graph of "
                                  f"{', '.join(self[o] for o in self._outputs)}") from None

    def __getitem__(self, node: Value) -> str:
        """The label of ``node``: 'c', 'a + b', 'x1'."""
        return self._entry(node)[0]

    def grouped(self, node: Value) -> str:
        """The label, bracketed if it is a formula: for '∂(a + b)/∂a' and '1/(a·b)'."""
        text, precedence = self._entry(node)
        return text if precedence >= ATOM else f"({text})"

    def adjoint(self, node: Value) -> str:
        """The adjoint v̄ of ``node`` ('ā', 'c̅d̅')."""
        text, precedence = self._entry(node)
        return adjoint_symbol(text, compound=precedence < ATOM)

    @staticmethod
    def number(x: float) -> str:
        return fmt(x)

    def expression(self, node: Value, numbers: bool = False) -> str:
        """The forward rule with parent labels ('a + b') or parent values ('2 + 3')."""
        self._entry(node)
        return self._fill(node, node.formula.expr, node.formula.operands, numbers)

    def local_rules(self, node: Value, numbers: bool = False) -> tuple[str, ...]:
        """∂node/∂parent for each parent as a formula in the parents' labels ('b', '1') or
        values (if ``numbers``: '3', '1')."""
        self._entry(node)
        return tuple(self._fill(node, rule, ATOM, numbers) for rule in node.formula.rules)

    def _fill(self, node: Value, template: str, need: int, numbers: bool = False) -> str:
        """``template`` with {i} the label of parent i (bracketed if it binds less than
        ``need``) or its value (if ``numbers``; bracketed if negative), {ri} the bare label,
        {k} the node's constant and {k_1} the constant minus 1."""
        if numbers:
            texts = [fmt(p.data) for p in node.parents]
            wrapped = [f"({t})" if t.startswith("-") else t for t in texts]
        else:
            table = self._entries()
            entries = [table[p] for p in node.parents]
            texts = [text for text, _ in entries]
            wrapped = [text if prec >= need else f"({text})" for text, prec in entries]
        k = node.constant
        return template.format(*wrapped, **{f"r{i}": t for i, t in enumerate(texts)},
                               k=fmt(k), k_1=fmt(k - 1))


@dataclass(frozen=True)
class Edge:
    """An edge parent → child with its local derivative ∂child/∂parent (value and formula).

    ``index`` is the position of the parent among the child's parents: in a·a the node a
    has two edges into the product, 0 and 1, each with its own local derivative.
    """

    parent: Value
    child: Value
    local: float
    index: int = 0
    names: Labels | None = field(default=None, repr=False, compare=False)

    def _names(self) -> Labels:
        return self.names or Labels(self.child)

    @property
    def rule(self) -> str:
        """The local derivative as a formula in the labels of the child's parents."""
        return self._names().local_rules(self.child)[self.index]

    def __str__(self) -> str:
        c, p = self._names().grouped(self.child), self._names().grouped(self.parent)
        return f"∂{c}/∂{p} = {self.rule} = {fmt(self.local)}"


def edges(output: Value) -> list[Edge]:
    """All edges of the graph of ``output``, children in topological order; their labels
    are numbered in that graph."""
    names = Labels(output)
    return [
        Edge(parent, child, local, i, names)
        for child in topological_order(output)
        for i, (parent, local) in enumerate(zip(child.parents, child.local_derivatives,
                                                strict=True))
    ]


class Explain:
    """The text of the engine's errors, naming the nodes as a picture would. The engine
    checks; these write (only when an error is raised). ``failed`` is the node an operation
    would have made (``graph._sketch``): its formula is the one that failed."""

    @staticmethod
    def division_by_zero(failed: Value, divisor: Value | None) -> str:
        n = Labels(failed)
        which = f"{n[divisor]} = 0" if divisor else "the divisor is the constant 0"
        return f"division by zero in {n.expression(failed)}: {which}"

    @staticmethod
    def bad_power(failed: Value) -> str:
        n, (base,), k = Labels(failed), failed.parents, failed.constant
        what, a = n.expression(failed), n[base]
        if base.data == 0 and k < 0:
            return f"{what} divides by zero: 0 to the negative power {fmt(k)} at {a} = 0"
        if base.data < 0:
            return (f"{what} is not a real number: a negative base to the fractional power "
                    f"{fmt(k)} at {a} = {fmt(base.data)}")
        return (f"{what} has no finite derivative at {a} = 0: {fmt(k)}·{a}^{fmt(k - 1)} is "
                f"infinite there")

    @staticmethod
    def node_exponent(base: Value | float, exponent: Value) -> str:
        """a ** b with the exponent a node: not an operation of the engine."""
        if isinstance(base, (int, float)):
            b = Labels(exponent)[exponent]
            return (f"{fmt(base)} ** {b}: the exponent of ** must be a constant number, not "
                    f"a node; for a number to the power of a node write "
                    f"({b} * math.log({fmt(base)})).exp()")
        n = Labels(base, exponent)
        a, b = n[base], n[exponent]
        return (f"{a} ** {b}: the exponent of ** must be a constant number, not a node; for "
                f"a^b with both nodes write ({b} * {a}.log()).exp() (a > 0)")

    @staticmethod
    def log_domain(node: Value) -> str:
        return f"log needs a positive input, but {Labels(node)[node]} = {fmt(node.data)}"

    @staticmethod
    def overflow_at(failed: Value, node: Value, derivative: bool) -> str:
        """exp(z) or z^400 (or its derivative) overflows at the value of ``node``."""
        n = Labels(failed)
        what = f"∂({n.expression(failed)})" if derivative else n.expression(failed)
        return f"{what} overflows float64 at {n[node]} = {fmt(node.data)}"

    @staticmethod
    def overflow(node: Value) -> str:
        """Why ``node`` (finite inputs) cannot be made: its value or a local derivative is
        not finite."""
        n = Labels(node)
        expr = n.expression(node)
        formula = f"{expr} = {n.expression(node, numbers=True)}"
        bad = node.data
        if math.isfinite(bad):
            i = next(i for i, x in enumerate(node.local_derivatives) if not math.isfinite(x))
            bad = node.local_derivatives[i]
            formula = (f"the local derivative ∂({expr})/∂{n.grouped(node.parents[i])} = "
                       f"{n.local_rules(node)[i]} of {formula}")
        return (f"{formula} is {bad}: the numbers overflow float64 (every input of the node "
                f"is finite)")

    @staticmethod
    def bool_constant(k: bool, node: Value, form: Formula) -> str:
        return (f"the constant {k} in {_with_constant(node, form, str(k))} must be a number, "
                f"not a bool")

    @staticmethod
    def bad_constant(k: float, node: Value, form: Formula) -> str:
        return f"the constant {k} in {_with_constant(node, form, str(k))} must be a finite number"

    @staticmethod
    def backward_overflow(output: Value, parent: Value, child: Value, local: float,
                          grad: float) -> str:
        n = Labels(output)
        o, p, c = n.grouped(output), n.grouped(parent), n.grouped(child)
        return (f"∂{o}/∂{p} overflows float64 in the backward pass, at the edge {n[parent]} "
                f"→ {n[child]} (local derivative {fmt(local)}, ∂{o}/∂{c} = {fmt(grad)})")


def _with_constant(node: Value, form: Formula, constant: str) -> str:
    """``form`` applied to ``node`` and a constant written ``constant``: 'a·inf'."""
    text, precedence = Labels(node)._entries()[node]
    operand = text if precedence >= form.operands else f"({text})"
    return form.expr.format(operand, r0=text, k=constant, k_1=constant)
