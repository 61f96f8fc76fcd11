"""The engine checker's first part: the reader's ``backward_step`` on its own, once per
operation (``p + q``, ``p·q``, ``tanh(p)``, and ``p + p``, ``p·p``: one parent used twice),
with ``n.grad`` and the parents' ``grad`` preset, so that a rule that assigns instead of
adding, forgets ``node.grad`` or counts a twice-used parent once shows at once; and the
structural checks (a changed ``.data`` or graph, a ``.grad`` that is not a number) that the
sweep's checks share.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from numbers import Real
from typing import Any

from ..formatting import fmt
from .nodes import Node, formula, tanh
from .report import Verdict, call, factor, sentence, short
from .sweeps import Sweep, locals_of, step

StepFn = Callable[[Node], Any]

# -- backward_step, one operation at a time ---------------------------------------------------


@dataclass(frozen=True)
class StepCase:
    """``n = p <op> q`` (or ``tanh(p)``), with ``n.grad`` and the parents' grads preset."""

    op: str
    twice: bool = False  # p + p, p·p: one parent used twice

    def make(self) -> tuple[Node, list[Node]]:
        p, q = Node(1.5, name="p"), Node(-2.0, name="q")
        other = p if self.twice else q
        if self.op == "tanh":
            n = tanh(Node(0.8, name="p"))
        else:
            n = p + other if self.op == "+" else p * other
        n.name = "n"
        n.grad = 0.5
        parents = list({id(x): x for x in n.parents}.values())
        for parent, old in zip(parents, (0.25, -0.75), strict=False):
            parent.grad = old
        return n, parents

    def title(self, n: Node) -> str:
        values = ", ".join(f"{p.name}.data = {fmt(p.data)}" for p in _distinct(n.parents))
        before = " and ".join(f"{p.name}.grad = {fmt(p.grad)}" for p in _distinct(n.parents))
        return (f"backward_step on {formula(n)} ({values}, n.grad = {fmt(n.grad)}; "
                f"{before} before the call)")


def _distinct(nodes: tuple[Node, ...]) -> list[Node]:
    return list({id(x): x for x in nodes}.values())


STEP_CASES = (StepCase("+"), StepCase("*"), StepCase("tanh"), StepCase("+", twice=True),
              StepCase("*", twice=True))

STEP_MISTAKES: tuple[tuple[str, Sweep, str], ...] = (
    ("assign-not-add", Sweep(accumulate=False),
     "the rule replaced the parent's grad: a node used more than once collects one term per "
     "use, so the rule must add, `parent.grad += ...`, not assign `parent.grad = ...`."),
    ("set-parents", Sweep(dedupe=True),
     "{node} uses p twice, and p.grad got one term only: each entry of node.parents is one "
     "use, even when both are the same node (a loop over set(node.parents), or `if p is "
     "not q`, drops the second use)."),
    ("no-upstream", Sweep(upstream=False),
     "the local derivative is not multiplied by node.grad: the chain rule adds "
     "local · node.grad to each parent, not the local derivative alone."),
    ("mul-own-factor", Sweep(mul="own"),
     "the rule of `*` gives a parent its own value: ∂(p·q)/∂p is q, the *other* factor."),
    ("tanh-at-input", Sweep(tanh="input"),
     "the rule of tanh uses its input: ∂tanh(p)/∂p = 1 − t² with t = tanh(p), the node's "
     "own value (node.data), not 1 − p²."),
    ("tanh-not-derivative", Sweep(tanh="value"),
     "the rule of tanh multiplies by tanh itself; its derivative is 1 − t², with t = "
     "node.data."),
    ("tanh-twice", Sweep(tanh="twice"),
     "the rule of tanh applies tanh again: node.data already holds t = tanh(p), so the "
     "derivative is 1 − node.data², not 1 − tanh(node.data)²."),
)


def state(nodes: list[Node]) -> list[tuple[float, tuple[int, ...], str]]:
    return [(n.data, tuple(id(p) for p in n.parents), n.op) for n in nodes]


def structure(nodes: list[Node], before: list[tuple[float, tuple[int, ...], str]],
               what: str, where: str) -> None:
    """Structural mistakes: a changed value or graph, a grad that is not a number."""
    for node, (data, parents, op) in zip(nodes, before, strict=True):
        if node.data != data:
            raise Verdict("changed-data", f"{where}: {what} changed {node.name}.data "
                          f"({formula(node)}) from {fmt(data)} to {fmt(node.data)}. The "
                          "backward pass only writes .grad: .data holds the forward value "
                          "that the rules of the nodes around it still need (a rule such as "
                          "`node.data = 1 - node.data**2` destroys it).")
        if tuple(id(p) for p in node.parents) != parents or node.op != op:
            raise Verdict("changed-graph", f"{where}: {what} changed the graph itself "
                          f"({node.name}.parents or .op): the backward pass only writes .grad.")
    for node in nodes:
        g = node.grad
        if isinstance(g, bool) or not isinstance(g, Real) or isinstance(g, complex):
            kind = "a Node" if isinstance(g, Node) else f"{type(g).__name__} {short(g, 30)}"
            hint = (" (a rule that multiplies by the Node q instead of its number q.data "
                    "builds a new Node)" if isinstance(g, Node) else "")
            raise Verdict("grad-type", f"{where}: after {what}, {node.name}.grad is {kind}, "
                          f"not a number{hint}. A gradient is a float: local · node.grad.")
        if not math.isfinite(float(g)):
            raise Verdict("not-finite", f"{where}: after {what}, {node.name}.grad is {g}.")


def _right_step(case: StepCase) -> list[float]:
    n, parents = case.make()
    step(n)
    return [p.grad for p in parents]


def check_steps(backward_step: StepFn) -> None:
    changed_any = False
    pending: Verdict | None = None
    for case in STEP_CASES:
        n, parents = case.make()
        nodes = [*parents, n]
        before, old = state(nodes), [p.grad for p in parents]
        where = case.title(n)
        result = call(f"backward_step({n.name}) for {formula(n)}", backward_step, n)
        structure(nodes, before, "backward_step", where)
        if n.grad != 0.5:
            raise Verdict("changed-node-grad", f"{where}: backward_step changed n.grad from "
                          f"0.5 to {fmt(n.grad)}. It passes n's gradient on to the parents "
                          "and leaves n.grad as it is: n.grad is ∂o/∂n, an answer too.")
        got = [p.grad for p in parents]
        if got == old:
            if result is not None:
                raise Verdict("returns-instead", f"{where}: backward_step returned "
                              f"{type(result).__name__} {short(result)} and changed no .grad. "
                              "Add to each parent's .grad (`parent.grad += ...`): the sweep "
                              "and the checker read .grad, not what the function returns.")
            if pending is None:
                pending = Verdict("missing-rule", f"{where}: backward_step changes no "
                                  f"gradient when node.op == {case.op!r}: the rule of "
                                  f"{case.op} is missing.")
            continue
        changed_any = True
        if pending is not None:
            break
        right = _right_step(case)
        if all(math.isclose(g, r, rel_tol=1e-12, abs_tol=1e-15) for g, r in zip(got, right,
                                                                               strict=True)):
            continue
        k = next(i for i, (g, r) in enumerate(zip(got, right, strict=True))
                 if not math.isclose(g, r, rel_tol=1e-12, abs_tol=1e-15))
        why = _explain_step(n, parents[k], old[k])
        message = (f"{where}: {parents[k].name}.grad is now {fmt(got[k])}, the right value "
                   f"is {fmt(right[k])} = {why}.")
        for code, how, hint in STEP_MISTAKES:
            m, ps = case.make()
            step(m, how)
            if all(math.isclose(g, p.grad, rel_tol=1e-12, abs_tol=1e-15)
                   for g, p in zip(got, ps, strict=True)):
                raise Verdict(code, f"{message} {sentence(hint.format(node=formula(n)))}")
        raise Verdict("wrong-rule", f"{message} Check the rule of {case.op}: add "
                      "(local derivative) × node.grad to each parent's grad, once per use.")
    if not changed_any:
        raise Verdict("not-written", "backward_step is not written yet (it changes no "
                      "gradient for +, * or tanh): replace the `...` by the three rules.")
    if pending is not None:
        raise pending


def _explain_step(n: Node, parent: Node, old: float) -> str:
    terms = [f"{factor(local)}·{factor(n.grad)}"
             for p, local in zip(n.parents, locals_of(n), strict=True) if p is parent]
    return f"{fmt(old)} + " + " + ".join(terms)
