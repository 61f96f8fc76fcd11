"""The book's build-it-yourself and bug-hunt exercises, done as a learner does them.

One description per exercise, shared by the JupyterLab test (tests/lab/test_exercises_lab.py)
and the site test (tests/browser/test_practice_site.py): which chapter, how to find the
exercise cell (by the checker call it makes, never by index: the chapters change), the
plausible wrong attempts a learner types (each one a mistake its checker is mutation-tested
for) and a right solution, written here from the math, not copied from the hidden model
solution.

An attempt edits the cell as a learner would: the body of the function they write is
replaced, the `def` line and docstring stay. What the cell must print is not typed here:
`native_output` runs the edited cell under CPython with the native package, and the test
compares the page's output with it; the hint itself is also asserted through the checker's
own constants where the package exports them (MISTAKES, DELTA_HINTS).
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backprop_core.practice import chain, layer, steps
from backprop_core.practice.bughunt import BLOCKS
from backprop_core.practice.report import FAIL, PASS, Report, sentence

BOOK = Path(__file__).resolve().parents[2] / "book"


def replace_body(source: str, function: str, body: str) -> str:
    """`source` with the body of `def function` (after its docstring) replaced by `body`."""
    tree = ast.parse(source)
    node = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function)
    first = node.body[0]
    keep_doc = (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str))
    start = (first.end_lineno if keep_doc else node.lineno) or node.lineno  # 1-based, kept
    end = node.end_lineno or node.lineno
    lines = source.splitlines()
    new = textwrap.indent(textwrap.dedent(body).strip("\n"), "    ").splitlines()
    return "\n".join(lines[:start] + new + lines[end:]) + "\n"


def replace_line(source: str, pattern: str, line: str) -> str:
    """`source` with the one line matching the regex `pattern` replaced by `line`."""
    lines = source.splitlines()
    hits = [i for i, text in enumerate(lines) if re.search(pattern, text)]
    assert len(hits) == 1, f"{len(hits)} lines match {pattern!r} in\n{source}"
    indent = re.match(r"\s*", lines[hits[0]]).group(0)  # type: ignore[union-attr]
    lines[hits[0]] = indent + line
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Attempt:
    """One try at the exercise: the edit, the checker's mistake code ("" = right) and the
    hint (a constant of the checker, when the package has one) its output must contain."""

    label: str
    edit: Callable[[str], str]
    mistake: str
    hint: str = ""


@dataclass(frozen=True)
class Exercise:
    name: str
    chapter: str
    marker: str  # a line of the exercise cell: the checker call
    attempts: tuple[Attempt, ...]  # wrong ones first, the right one last
    setup: tuple[str, ...] = ()  # markers of the cells it needs run first (JupyterLab)
    probe: str = ""  # bug hunt: the cell in which the learner runs the gradient check
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def wrong(self) -> tuple[Attempt, ...]:
        return tuple(a for a in self.attempts if a.mistake)

    @property
    def right(self) -> Attempt:
        (right,) = [a for a in self.attempts if not a.mistake]
        return right


def chain_hint(code: str) -> str:
    return sentence(next(hint for c, _fn, hint in chain.MISTAKES if c == code))


def engine_hint(code: str) -> str:
    """The hint of a mistake in backward_step, which the checker finds on the rule alone."""
    return sentence(next(hint for c, _sw, hint in steps.STEP_MISTAKES if c == code))


# -- the chain rule: dy/dx for y = exp(sin(x²)), u = x², v = sin u --------------------------

CHAIN = Exercise(
    name="chain-rule",
    chapter="chain-rule",
    marker="check_chain_derivative(dy_dx)",
    attempts=(
        Attempt("the inner derivative forgotten",
                lambda s: replace_body(s, "dy_dx",
                                       "return math.exp(math.sin(x**2)) * math.cos(x**2)"),
                "missing-inner", chain_hint("missing-inner")),
        Attempt("cos taken at x instead of u = x²",
                lambda s: replace_body(s, "dy_dx",
                                       "return math.exp(math.sin(x**2)) * math.cos(x) * 2 * x"),
                "wrong-point", chain_hint("wrong-point")),
        Attempt("right", lambda s: replace_body(s, "dy_dx", """
            u = x**2
            v = math.sin(u)
            return math.exp(v) * math.cos(u) * 2 * x   # dy/dv · dv/du · du/dx
            """), ""),
    ),
)

# -- the Value engine: backward rules and the reverse sweep ---------------------------------

ENGINE_STEP = """
    g = node.grad
    if node.op == "+":        # ∂(p+q)/∂p = ∂(p+q)/∂q = 1
        p, q = node.parents
        p.grad += g
        q.grad += g
    elif node.op == "*":      # ∂(p·q)/∂p = q, ∂(p·q)/∂q = p
        p, q = node.parents
        p.grad += q.data * g
        q.grad += p.data * g
    elif node.op == "tanh":   # ∂tanh(p)/∂p = 1 − tanh(p)²
        (p,) = node.parents
        p.grad += (1 - node.data**2) * g
    """
ENGINE_SWEEP = """
    order = topological_order(output)
    for n in order:
        n.grad = 0.0
    output.grad = 1.0
    for n in reversed(order):
        backward_step(n)
    """
ENGINE_SWEEP_NO_RESET = """
    output.grad = 1.0
    for n in reversed(topological_order(output)):
        backward_step(n)
    """


def engine_edit(step: str, sweep: str) -> Callable[[str], str]:
    return lambda s: replace_body(replace_body(s, "backward_step", step), "backward", sweep)


ENGINE = Exercise(
    name="engine",
    chapter="computational-graph",
    marker="check_engine(backward_step, backward)",
    attempts=(
        Attempt("`=` instead of `+=` in the rules",
                engine_edit(ENGINE_STEP.replace("+=", "="), ENGINE_SWEEP),
                "assign-not-add", engine_hint("assign-not-add")),
        Attempt("gradients not reset between two calls",
                engine_edit(ENGINE_STEP, ENGINE_SWEEP_NO_RESET), "no-reset"),
        Attempt("right", engine_edit(ENGINE_STEP, ENGINE_SWEEP), ""),
    ),
)

# -- one dense layer's backward pass, one sample ---------------------------------------------

LAYER_RIGHT = """
    z = W @ a_prev + b
    delta = grad_a * sigmoid_prime(z)          # δ = ∂C/∂a ⊙ σ′(z)
    return delta @ a_prev.T, delta, W.T @ delta
    """

LAYER = Exercise(
    name="layer",
    chapter="matrix-form",
    marker="check_layer_backward(layer_backward)",
    attempts=(
        Attempt("∂C/∂a_prev = W δ: the transpose missing",
                lambda s: replace_body(s, "layer_backward",
                                       LAYER_RIGHT.replace("W.T @ delta", "W @ delta")),
                "missing-transpose"),
        Attempt("σ′ taken at a instead of z",
                lambda s: replace_body(s, "layer_backward", """
                    a = sigmoid(W @ a_prev + b)
                    delta = grad_a * sigmoid_prime(a)
                    return delta @ a_prev.T, delta, W.T @ delta
                    """),
                "prime-at-a", layer.DELTA_HINTS["prime-at-a"]),
        Attempt("right", lambda s: replace_body(s, "layer_backward", LAYER_RIGHT), ""),
    ),
)

# -- the batch: mean gradients over the m columns ---------------------------------------------

BATCH_RIGHT = """
    m = A_prev.shape[1]
    Delta = G * sigmoid_prime(W @ A_prev + b)     # Δ = G ⊙ σ′(Z), one column per sample
    return Delta @ A_prev.T / m, Delta.sum(axis=1, keepdims=True) / m
    """

BATCH = Exercise(
    name="batch",
    chapter="batching",
    marker="check_batch_gradients(my_batch_gradients)",
    attempts=(
        Attempt("the sum over the batch instead of the mean",
                lambda s: replace_body(s, "my_batch_gradients", BATCH_RIGHT.replace(" / m", "")),
                "sum-not-mean"),
        Attempt("the bias gradient summed over the neurons (axis 0)",
                lambda s: replace_body(s, "my_batch_gradients",
                                       BATCH_RIGHT.replace("axis=1", "axis=0")),
                "bias-axis"),
        Attempt("right", lambda s: replace_body(s, "my_batch_gradients", BATCH_RIGHT), ""),
    ),
)

# -- the bug hunt: which parameter blocks fail the gradient check -------------------------------


def report_edit(blocks: list[str]) -> Callable[[str], str]:
    typed = "{" + ", ".join(f'"{b}"' for b in sorted(blocks)) + "}" if blocks else "set()"
    return lambda s: replace_line(s, r"^\s*my_report\s*=", f"my_report = {typed}")


BUGHUNT = Exercise(
    name="bughunt",
    chapter="matrix-form",
    marker="check_bug_report(my_report)",
    setup=("from backprop_core.checks.gradcheck import check_gradient", "bughunt_network()"),
    probe="block_cost(net_bug, x_bug, y_bug, name)",
    attempts=(
        # only the last weight block looked at: the others are missed
        Attempt("one failing block missed", report_edit(["W3"]), "missed"),
        # a bias thrown in: it passes the check
        Attempt("a block that passes reported", report_edit(["W1", "W2", "W3", "b3"]),
                "passes-check"),
        # the right report is made from what the probe cell printed (see probe_edit)
        Attempt("right", report_edit([]), ""),
    ),
)

# -- gradient checking: a centred difference and a relative error -------------------------------

DIFFERENCE_RIGHT = """
    keep = x[i]
    x[i] = keep + h
    up = f(x)
    x[i] = keep - h
    down = f(x)
    x[i] = keep
    return (up - down) / (2 * h)
    """
ERROR_RIGHT = "return abs(a - n) / max(abs(a) + abs(n), floor)"


def difference_edit(difference: str) -> Callable[[str], str]:
    return lambda s: replace_body(replace_body(s, "centred_difference", difference),
                                  "relative_error", ERROR_RIGHT)


FINITE = Exercise(
    name="finite-differences",
    chapter="gradient-checking",
    marker="check_finite_differences(centred_difference, relative_error)",
    attempts=(
        Attempt("the one-sided difference",
                difference_edit("""
                    e = np.zeros_like(x)
                    e[i] = h
                    return (f(x + e) - f(x)) / h
                    """.replace("np.zeros_like(x)", "0 * x")), "one-sided"),
        Attempt("right", difference_edit(DIFFERENCE_RIGHT), ""),
    ),
)

# -- the capstone, step 1: a Value with +, * and backward ---------------------------------------


def method_edit(bodies: dict[str, str]) -> Callable[[str], str]:
    """The class cell with the `...` under each named method replaced by its body."""
    def edit(source: str) -> str:
        lines = source.splitlines()
        for name, body in bodies.items():
            start = next(i for i, line in enumerate(lines) if f"def {name}(" in line)
            stub = next(i for i in range(start, len(lines)) if lines[i].strip() == "...")
            lines[stub:stub + 1] = textwrap.indent(textwrap.dedent(body).strip("\n"),
                                                   " " * 8).splitlines()
        return "\n".join(lines) + "\n"

    return edit


VALUE_ADD = """
    other = other if isinstance(other, Value) else Value(other)
    return Value(self.data + other.data, (self, other), (1.0, 1.0))
    """
VALUE_MUL = """
    other = other if isinstance(other, Value) else Value(other)
    return Value(self.data * other.data, (self, other), (other.data, self.data))
    """
VALUE_BACKWARD = """
    order, seen = [], set()

    def visit(node):
        if node not in seen:
            seen.add(node)
            for parent in node.parents:
                visit(parent)
            order.append(node)

    visit(self)
    for node in order:
        node.grad = 0.0
    self.grad = 1.0
    for node in reversed(order):
        for parent, local in zip(node.parents, node.local):
            parent.grad += local * node.grad
    """

CAPSTONE_VALUE = Exercise(
    name="capstone-value",
    chapter="capstone",
    marker="check_value_core(Value)",
    attempts=(
        Attempt("`=` instead of `+=` in the sweep",
                method_edit({"__add__": VALUE_ADD, "__mul__": VALUE_MUL,
                             "backward": VALUE_BACKWARD.replace("+=", "=")}),
                "assign-not-add"),
        Attempt("right", method_edit({"__add__": VALUE_ADD, "__mul__": VALUE_MUL,
                                      "backward": VALUE_BACKWARD}), ""),
    ),
)

EXERCISES = (CHAIN, ENGINE, LAYER, BATCH, BUGHUNT, FINITE, CAPSTONE_VALUE)


def probe_edit(source: str) -> str:
    """The bug hunt's probe cell, extended to every parameter block (as its comment asks)."""
    return replace_line(source, r"^\s*for name in \[", f"for name in {list(BLOCKS)!r}:")


def failing_in(printed: str) -> list[str]:
    """The blocks the probe cell's output says fail: "W2: gradient check ok = False"."""
    return sorted(re.findall(r"^(\w+): gradient check ok = False$", printed, re.MULTILINE))


# -- the cells, and what they must print ---------------------------------------------------------


def code_cells(notebook: Path) -> dict[int, str]:
    cells = json.loads(notebook.read_text("utf-8"))["cells"]
    return {i: "".join(c["source"]) for i, c in enumerate(cells) if c["cell_type"] == "code"}


def cell_with(notebook: Path, marker: str) -> tuple[int, str]:
    """The one code cell that contains `marker`: (its index among all cells, its source)."""
    hits = [(i, code) for i, code in code_cells(notebook).items() if marker in code]
    assert len(hits) == 1, f"{len(hits)} cells of {notebook.name} contain {marker!r}"
    return hits[0]


def native_run(setup: list[str], cell: str) -> tuple[str, Any]:
    """Run the `setup` cells, then `cell`, under CPython with the native package: what the
    cell prints, and the report its checker returned (the cell stores it in a variable)."""
    namespace: dict[str, Any] = {"__name__": "__main__"}
    with contextlib.redirect_stdout(io.StringIO()):
        for code in setup:
            exec(compile(code, "<setup>", "exec"), namespace)  # noqa: S102
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(cell, "<cell>", "exec"), namespace)  # noqa: S102
    report = next((v for v in namespace.values() if isinstance(v, Report)), None)
    assert report is not None, f"the cell stores no checker report:\n{cell}"
    return out.getvalue(), report


def expected_output(ex: Exercise, attempt: Attempt, setup: list[str], cell: str) -> str:
    """What the edited cell must print, from the native package; and a check that the
    attempt is the mistake it is meant to be (its code, its hint) or passes."""
    printed, report = native_run(setup, cell)
    where = f"{ex.name}, {attempt.label}"
    assert report.mistake == attempt.mistake, f"{where}: the checker says {report.mistake!r}"
    assert report.ok == (not attempt.mistake), f"{where}: {printed}"
    if attempt.mistake:
        assert printed.startswith(FAIL), f"{where}: {printed}"
    else:
        assert PASS in printed and FAIL not in printed, f"{where}: {printed}"
    assert attempt.hint in printed, f"{where}: {attempt.hint!r} not in {printed!r}"
    return printed
