r"""How the Value checkers run the reader's code and read what it did.

Structure first: an operation that returns ``None`` or ``...`` is not written yet, one that
returns a float or changes its inputs says so; only then are numbers compared. Every crash
of the reader's code becomes a verdict that names the expression and the error, with the
usual cause when the error is a known one (a number not wrapped in a Value, a reflected
operator missing).
"""

from __future__ import annotations

import dis
import math
import re
import textwrap
from collections.abc import Callable
from numbers import Real
from typing import Any

from ...formatting import fmt
from ..report import Report, Verdict
from .graphs import EXACT, Graph, backward_order, children_ops, close, right, scale_of, simulate

REFLECTED = {"+": "__radd__", "*": "__rmul__", "-": "__rsub__", "/": "__rtruediv__"}

# (code, switches of graphs.simulate, hint in the reader's terms)
SWEEP_MISTAKES: list[tuple[str, dict[str, Any], str]] = [
    ("assign-not-add", {"accumulate": False},
     "a node used more than once keeps only its last term: the rule assigns "
     "`parent.grad = ...` where it must add, `parent.grad += ...` (one term per use: the "
     "sum over paths)."),
    ("no-topological-order", {"order": "recursive"},
     "a node hands its gradient on before all its children have added theirs, and again "
     "each time one adds more: some paths are counted twice. Build the topological order "
     "once (every node after its parents), then visit it in reverse, each node once."),
    ("no-topological-order", {"order": "depth"},
     "a node hands its gradient on before all its children have added theirs, and again "
     "each time one adds more: some paths are counted twice. Build the topological order "
     "once (every node after its parents), then visit it in reverse, each node once."),
    ("no-topological-order", {"order": "breadth"},
     "a node hands its gradient on before all its children have added theirs (breadth "
     "first is not enough when paths have different lengths): visit the nodes in reverse "
     "topological order, every node after all the nodes that use it."),
    ("forward-order", {"order": "forward"},
     "the sweep runs from the inputs to the output: visit reversed(topological order), so "
     "that the output comes first."),
    ("no-upstream", {"chain": False},
     "the local derivative is not multiplied by node.grad: each parent gets "
     "local · node.grad (the chain rule), not the local derivative alone."),
    ("mul-own-factor", {"mul": "own"},
     "the rule of * gives a parent its own value: ∂(a·b)/∂a is b, the *other* factor."),
]

FINITE_DIFFERENCES = (
    "agrees with the right value to only {digits} digits. Backprop is exact up to rounding "
    "(relative {exact:.0e} here); this looks like a finite difference (f(x + h) − f(x − h))/2h, "
    "which loses digits to h and to rounding. Use the exact local derivatives.")


WIDTH = 78  # characters: a line of a code cell's output on the site, at a laptop's width


def show(report: Report, quiet: bool) -> Report:
    """Print the report (unless ``quiet``) with each line wrapped to ``WIDTH`` characters,
    so that the site's output box shows it without scrolling; return it."""
    if not quiet:
        for line in report.lines:
            print(textwrap.fill(line, WIDTH, subsequent_indent="  ", break_long_words=False,
                                break_on_hyphens=False))
    return report


def short(x: Any) -> str:
    """A reader's result as it reads in a message: a number, or its type and repr."""
    if isinstance(x, int | float) and not isinstance(x, bool):
        return fmt(x, 6)
    try:
        text = repr(x)
    except Exception as err:  # the reader's __repr__ (or one it inherits) may fail
        text = f"(whose repr raised {type(err).__name__})"
    return f"{type(x).__name__} {text[:60]}"


def is_stub(function: Any) -> bool:
    """True for a function whose body is only ``...``, ``pass`` and a docstring."""
    code = getattr(function, "__code__", None)
    if code is None:
        return False
    for instruction in dis.get_instructions(code):
        if instruction.opname in ("LOAD_CONST", "RETURN_CONST"):
            if instruction.argval is not None:
                return False
        elif instruction.opname not in ("RESUME", "NOP", "RETURN_VALUE", "CACHE"):
            return False
    return True


def number(x: Any, what: str) -> float:
    """A number the reader's code left (a .grad, a .data, a cost), as a float; a verdict
    when it is not a finite number."""
    if isinstance(x, bool) or not isinstance(x, Real):
        raise Verdict("not-a-number", f"{what} is {short(x)}, not a number: a value or a "
                      "gradient is a float (local · node.grad, not a node or a text).")
    if not math.isfinite(x):
        raise Verdict("not-finite", f"{what} is {x}: every value and gradient here is a "
                      "finite number.")
    return float(x)


def is_node(x: Any) -> bool:
    """Anything with a numeric .data and .grad counts as a node (the reader's class or ours)."""
    return (hasattr(x, "data") and hasattr(x, "grad")
            and isinstance(getattr(x, "data", None), int | float))


def attempt(label: str, thunk: Callable[[], Any]) -> Any:
    """Run a piece of the reader's code; a crash becomes a verdict naming ``label``."""
    try:
        return thunk()
    except NotImplementedError:
        raise Verdict("not-written", f"`{label}` is not written yet: replace the `...` (or "
                      "`raise NotImplementedError`) by your code.") from None
    except RecursionError:
        raise Verdict("recursion", f"`{label}` ran into Python's recursion limit: a method "
                      "that calls itself without end (e.g. __sub__ written with -, which "
                      "calls __sub__ again), or a recursive sweep on a deep graph.") from None
    except Exception as err:  # the reader's code may raise anything
        raise Verdict(*_explain_crash(label, err)) from None


def _explain_crash(label: str, err: Exception) -> tuple[str, str]:
    said = f"`{label}` raised {type(err).__name__}: {err}"
    text = str(err)
    unsupported = re.search(r"unsupported operand type\(s\) for (.+?): '(\w+)' and '(\w+)'",
                            text)
    if isinstance(err, TypeError) and unsupported:
        op, left, right_type = unsupported.groups()
        op = "**" if op.startswith("**") else op
        if left in ("int", "float") and op in REFLECTED:
            return ("no-reflected", f"{said}. With the number on the left, Python asks the "
                    f"Value: it calls {REFLECTED[op]}(self, other) with other = the number. "
                    f"Define {REFLECTED[op]}.")
        return ("crash", f"{said}. Is the method for {op} defined on your Value?")
    if isinstance(err, AttributeError) and re.search(r"'(int|float)' object has no attribute "
                                                      r"'data'", text):
        return ("number-not-wrapped", f"{said}. A number has no .data: wrap it first, "
                "other = other if isinstance(other, Value) else Value(other).")
    if isinstance(err, AttributeError) and "has no attribute" in text:
        return ("crash", f"{said}. Is the method defined, and spelled as the exercise asks?")
    return ("crash", said)


def result_node(label: str, method: str, result: Any, inputs: list[Any],
                before: list[float]) -> Any:
    """The node an operation returned, after the structural checks (in this order)."""
    if result is None or result is Ellipsis:
        raise Verdict("not-written", f"`{label}` returned {result!r}: {method} is not written "
                      "yet (or lacks its return): replace the `...` by your code.")
    for node, old in zip(inputs, before, strict=True):
        if node.data != old:
            raise Verdict("changed-input", f"`{label}` changed the .data of an input from "
                          f"{fmt(old)} to {fmt(node.data)}: an operation makes a new node and "
                          "leaves its inputs as they are.")
    if any(result is node for node in inputs):
        raise Verdict("returned-input", f"`{label}` returned one of its inputs, not a new "
                      f"Value: {method} must return a new node whose parents are the inputs.")
    if not is_node(result):
        raise Verdict("not-a-value", f"`{label}` returned {short(result)}, not a Value: return "
                      "a new Value (with .data, .grad and its parents), so that backward can "
                      "follow the graph back to the inputs.")
    return result


def run_backward(label: str, output: Any) -> None:
    if not callable(getattr(output, "backward", None)):
        raise Verdict("no-backward", f"the Value made by `{label}` has no method backward().")
    attempt(f"({label}).backward()", output.backward)


def compare_graph(graph: Graph, mine: dict[str, Any], extra: str = "") -> None:
    """The reader's gradients of a graph's named nodes against the right ones: the first that
    differs in the order of the sweep, with the mistake recognised when it is a known one."""
    good = right(graph)
    want = {name: node.grad for name, node in good.items()}
    got = {name: number(node.grad, f"{name}.grad after backward on {graph.title}")
           for name, node in mine.items()}
    scale = scale_of(want)
    wrong = [name for name in backward_order(good)
             if not close(got[name], want[name], scale)]
    if not wrong:
        return
    first = wrong[0]
    digits = 6 if abs(got[first] - want[first]) > 1e-5 * max(abs(want[first]), scale) else 14
    where = (f"on {graph.title} at {graph.at()}{extra}, going back from the output, the first "
             f"gradient that differs is ∂o/∂{first}: {fmt(got[first], digits)} in yours, "
             f"{fmt(want[first], digits)} right")
    # a mistake recognised from all-zero gradients would be a guess: all zeros fit many
    silent = all(got[n] == 0 for n in got if n != "o")
    for code, switches, hint in SWEEP_MISTAKES:
        if not silent and matches_all(got, simulate(graph, **switches)):
            raise Verdict(code, f"{where}. Likely: {hint}")
    inputs = [name for name in graph.point if name in got]
    off = [abs(got[n] - want[n]) / max(abs(want[n]), scale) for n in inputs]
    if max(off) < 1e-4 and any(x > EXACT for x in off):
        name = inputs[off.index(max(off))]
        digits = max(0, int(-math.log10(max(off))))
        raise Verdict("finite-differences", f"on {graph.title} at {graph.at()}{extra}, "
                      f"∂o/∂{name} is {fmt(got[name], 14)} in yours, {fmt(want[name], 14)} "
                      "right: it " + FINITE_DIFFERENCES.format(digits=digits, exact=EXACT))
    inner = [n for n in got if n not in graph.point and n != "o"]
    if (max(off) <= EXACT and any(got[n] != 0 for n in inputs) and inner
            and all(got[n] == 0 for n in inner)):
        raise Verdict("inner-cleared", f"on {graph.title} at {graph.at()}{extra}, the inputs' "
                      "gradients are right but every inner node's grad is 0 after backward: "
                      "they are ∂o/∂node too, and the sweep hands them on; do not clear them.")
    ops = children_ops(good, first)
    used = " and ".join(f"`{op}`" for op in ops) if ops else "the operations that use it"
    raise Verdict("gradient", f"{where}. {first} is used by {used}: check the local "
                  f"derivatives of {'that rule' if len(ops) == 1 else 'those rules'}, and that "
                  "each one is multiplied by the child's grad and added to the parent's.")


def matches_all(got: dict[str, float], other: dict[str, float]) -> bool:
    scale = scale_of(other)
    return all(close(got[name], other[name], scale, 1e-9) for name in other)
