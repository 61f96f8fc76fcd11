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

from backprop_core.practice import (
    batchnorm_vjp,
    bptt,
    chain,
    conv_vjp,
    layer,
    recompute,
    softmax_vjp,
    steps,
)
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

    def right_edit(self, failing: list[str]) -> Callable[[str], str]:
        """The right report, made from the blocks the probe cell printed as failing (a bug
        hunt's line and cause are the exercise's own, in `extra`)."""
        return hunt_edit(failing, self.extra["line"], self.extra["why"])

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

# -- every layer is a vector–Jacobian product: four backward passes ---------------------------

SOFTMAX = Exercise(
    name="softmax-vjp",
    chapter="vector-jacobian-products",
    marker="check_softmax_vjp(softmax_vjp)",
    attempts=(
        Attempt("only the diagonal of the Jacobian",
                lambda s: replace_body(s, "softmax_vjp", "return grad_s * s * (1 - s)"),
                "diagonal-only", softmax_vjp.HINTS["diagonal-only"]),
        Attempt("the sum over the samples (axis 1)",
                lambda s: replace_body(s, "softmax_vjp", """
                    return s * (grad_s - (s * grad_s).sum(axis=1, keepdims=True))
                    """), "wrong-axis", softmax_vjp.HINTS["wrong-axis"]),
        Attempt("right", lambda s: replace_body(s, "softmax_vjp", """
            s_dot_g = (s * grad_s).sum(axis=0)       # sᵀ s̄, one number per sample
            return s * grad_s - s * s_dot_g          # diag(s) s̄ − s (sᵀ s̄)
            """), ""),
    ),
)

BATCHNORM_RIGHT = """
    m = x.shape[1]
    mu = x.sum(axis=1, keepdims=True) / m
    var = ((x - mu) ** 2).sum(axis=1, keepdims=True) / m
    inv = (var + eps) ** -0.5
    x_hat = (x - mu) * inv
    g = gamma * grad_y                                   # ∂C/∂x̂
    grad_x = inv * (g - g.mean(axis=1, keepdims=True)
                    - x_hat * (g * x_hat).mean(axis=1, keepdims=True))
    return grad_x, (grad_y * x_hat).sum(axis=1), grad_y.sum(axis=1)
    """

BATCHNORM = Exercise(
    name="batchnorm-vjp",
    chapter="vector-jacobian-products",
    marker="check_batchnorm_vjp(batchnorm_vjp)",
    attempts=(
        Attempt("μ and v treated as constants",
                lambda s: replace_body(s, "batchnorm_vjp", BATCHNORM_RIGHT.replace(
                    """grad_x = inv * (g - g.mean(axis=1, keepdims=True)
                    - x_hat * (g * x_hat).mean(axis=1, keepdims=True))""",
                    "grad_x = inv * g")),
                "stats-constant", batchnorm_vjp.HINTS["stats-constant"]),
        Attempt("the unbiased variance",
                lambda s: replace_body(s, "batchnorm_vjp", BATCHNORM_RIGHT.replace(
                    ".sum(axis=1, keepdims=True) / m\n    inv", ".sum(axis=1, keepdims=True) "
                    "/ (m - 1)\n    inv")),
                "unbiased-variance", batchnorm_vjp.HINTS["unbiased-variance"]),
        Attempt("right", lambda s: replace_body(s, "batchnorm_vjp", BATCHNORM_RIGHT), ""),
    ),
)

CONV = Exercise(
    name="conv1d-vjp",
    chapter="vector-jacobian-products",
    marker="check_conv1d_vjp(conv1d_vjp)",
    attempts=(
        Attempt("the shared weight counted at the first position only",
                lambda s: replace_body(s, "conv1d_vjp", """
                    k = w.size
                    grad_x = np.zeros_like(x)
                    for t in range(grad_y.shape[0]):
                        grad_x[t:t + k] += np.outer(w, grad_y[t])
                    grad_w = (x[:k] * grad_y[0]).sum(axis=1)
                    return grad_x, grad_w, grad_y.sum()
                    """), "one-position", conv_vjp.HINTS["one-position"]),
        Attempt("the kernel not flipped in x̄",
                lambda s: replace_body(s, "conv1d_vjp", """
                    k = w.size
                    padded = np.pad(grad_y, ((k - 1, k - 1), (0, 0)))
                    grad_x = np.stack([w @ padded[p:p + k] for p in range(x.shape[0])])
                    grad_w = np.array([(grad_y * x[j:j + grad_y.shape[0]]).sum()
                                       for j in range(k)])
                    return grad_x, grad_w, grad_y.sum()
                    """), "kernel-not-flipped", conv_vjp.HINTS["kernel-not-flipped"]),
        Attempt("right", lambda s: replace_body(s, "conv1d_vjp", """
            k, positions = w.size, grad_y.shape[0]
            padded = np.pad(grad_y, ((k - 1, k - 1), (0, 0)))      # a full convolution
            grad_x = np.stack([w[::-1] @ padded[p:p + k] for p in range(x.shape[0])])
            grad_w = np.array([(grad_y * x[j:j + positions]).sum() for j in range(k)])
            return grad_x, grad_w, grad_y.sum()
            """), ""),
    ),
)

STEP_RIGHT = """
    delta = grad_h_next * (1 - h_next * h_next)     # through tanh, at this step's output
    return W.T @ delta, delta @ h.T, delta @ x.T, delta.sum(axis=1)
    """
BPTT_RIGHT = """
    T = X.shape[0]
    terms, h_bar = [], grad_H[T]
    for t in reversed(range(T)):
        back, dW, dU, db = rnn_step_vjp(W, U, X[t], H[t], H[t + 1], h_bar)
        terms.append((dW, dU, db))
        h_bar = grad_H[t] + back
    return tuple(sum(term[i] for term in terms) for i in range(3))
    """


def bptt_edit(step: str, loop: str) -> Callable[[str], str]:
    return lambda s: replace_body(replace_body(s, "rnn_step_vjp", step), "bptt", loop)


BPTT = Exercise(
    name="bptt",
    chapter="vector-jacobian-products",
    marker="check_bptt(rnn_step_vjp, bptt)",
    attempts=(
        Attempt("tanh′ taken at the incoming state h",
                bptt_edit(STEP_RIGHT.replace("h_next * h_next", "h * h"), BPTT_RIGHT),
                "prime-at-h", bptt.HINTS["prime-at-h"]),
        Attempt("h̄ not carried back from the later steps",
                bptt_edit(STEP_RIGHT, BPTT_RIGHT.replace("h_bar = grad_H[t] + back",
                                                         "h_bar = grad_H[t]")),
                "no-carry", bptt.HINTS["no-carry"]),
        Attempt("right", bptt_edit(STEP_RIGHT, BPTT_RIGHT), ""),
    ),
)

# -- what backprop costs in memory: the recomputation of checkpointing -------------------------

RECOMPUTE_RIGHT = """
    pairs = []
    a = a_start
    for layer in layers:
        z, a = layer.forward(a)          # z = W a + b, a = σ(z)
        pairs.append((z, a))
    return pairs
    """

RECOMPUTE = Exercise(
    name="recompute",
    chapter="memory",
    marker="check_recompute(recompute)",
    attempts=(
        Attempt("every layer fed the checkpoint",
                lambda s: replace_body(s, "recompute", """
                    pairs = []
                    for layer in layers:
                        z = layer.W @ a_start + layer.b[:, None]
                        pairs.append((z, layer.activation(z)))
                    return pairs
                    """), "not-chained", recompute.HINTS["not-chained"]),
        Attempt("the bias added along the samples",
                lambda s: replace_body(s, "recompute", """
                    pairs, a = [], a_start
                    for layer in layers:
                        z = layer.W @ a + layer.b
                        a = layer.activation(z)
                        pairs.append((z, a))
                    return pairs
                    """), "bias-as-row", recompute.HINTS["bias-as-row"]),
        Attempt("right", lambda s: replace_body(s, "recompute", RECOMPUTE_RIGHT), ""),
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

# -- the bug hunts of practice/bugs: which blocks fail, which line, why ----------------------
# (the line and the cause written here from the math; the blocks read off the probe cell)


def hunt_edit(blocks: list[str], line: str, why: str) -> Callable[[str], str]:
    """The report cell of a bug hunt with the three answers typed in."""
    typed = "{" + ", ".join(f'"{b}"' for b in sorted(blocks)) + "}" if blocks else "set()"

    def edit(source: str) -> str:
        source = replace_line(source, r"^\s*my_wrong\s*=", f"my_wrong = {typed}")
        source = replace_line(source, r"^\s*my_line\s*=", f"my_line = {line!r}")
        return replace_line(source, r"^\s*my_why\s*=", f"my_why = {why!r}")

    return edit


def hunt_exercise(chapter: str, wrong: list[str], line: str, why: str,
                  attempts: tuple[Attempt, ...]) -> Exercise:
    """A chapter's bug hunt: the wrong attempts given, then the right report."""
    right = Attempt("right", hunt_edit(wrong, line, why), "")
    return Exercise(name=f"hunt-{chapter}", chapter=chapter,
                    marker="check_hunt(hunt, my_wrong, my_line, my_why)",
                    setup=("hunt = show_bug(HUNTS[",), probe="check_gradient(*hunt.probe(name))",
                    attempts=(*attempts, right), extra={"line": line, "why": why})


HUNTS = (
    hunt_exercise("chain-rule", ["x"], 'grad["x"] = dr_ds * 1',
                  "the path through s overwrites the path through p instead of adding", (
        Attempt("the first path's line named", hunt_edit(["x"], 'grad["x"] += dr_dp * y',
                                                         "overwrites"), "wrong-line"),
    )),
    hunt_exercise("computational-graph", ["point 2", "point 3"], "grad = {",
                  "the adjoints are not reset to zero for each point", (
        Attempt("the += blamed", hunt_edit(["point 2", "point 3"], "grad = {",
                                           "= instead of +="), "wrong-cause"),
    )),
    hunt_exercise("error-signal", ["W1", "b1"], "sigmoid_prime(a1)",
                  "sigma' is taken at the activation a1 instead of z1", (
        Attempt("b1 left out", hunt_edit(["W1"], "sigmoid_prime(a1)", "at a"), "missed"),
    )),
    hunt_exercise("worked-example", ["W1", "W2", "b1", "b2"], "return backward(new, cache, y)",
                  "the forward pass is not run again after the step: stale cache", (
        Attempt("the step blamed", hunt_edit(["W1", "W2", "b1", "b2"],
                                             "return backward(new, cache, y)",
                                             "the learning rate is too big"), "wrong-cause"),
    )),
    hunt_exercise("matrix-form", ["W1", "W2", "W3"], 'grads[f"W{n}"] = delta[n] @ a[n].T',
                  "the weight gradient uses the layer's output a[n] instead of its input "
                  "a[n - 1]", (
        Attempt("a bias thrown in", hunt_edit(["W1", "W2", "W3", "b3"], "a[n].T", "a[n - 1]"),
                "passes-check"),
        Attempt("the recursion blamed", hunt_edit(["W1", "W2", "W3"], "delta[n] = (W[n + 1].T",
                                                  "a transpose is missing"), "wrong-line"),
    )),
    hunt_exercise("batching", ["W1"], "dW1 = Delta1 @ X.T / m",
                  "the 1/m of the mean is applied twice", (
        Attempt("the 1/m called missing", hunt_edit(["W1"], "dW1 = Delta1 @ X.T / m",
                                                    "the 1/m is missing"), "wrong-cause"),
    )),
    hunt_exercise("deep-networks", [f"{p}{n}" for p in "Wb" for n in range(1, 5)],
                  "Delta = (Y - A[L]) / m", "the sign is flipped: y - a instead of a - y", (
        Attempt("the tanh line blamed", hunt_edit(
            [f"{p}{n}" for p in "Wb" for n in range(1, 5)], "(1 - A[l - 1] ** 2)", "sign"),
            "wrong-line"),
    )),
    hunt_exercise("capstone", ["b1"], "db1 = Delta1.sum(axis=0)",
                  "the bias gradient sums over the wrong axis, the neurons", (
        Attempt("no line given", hunt_edit(["b1"], "", "axis"), "no-line"),
    )),
)

EXERCISES = (CHAIN, ENGINE, LAYER, BATCH, SOFTMAX, BATCHNORM, CONV, BPTT, RECOMPUTE,
             FINITE, CAPSTONE_VALUE, *HUNTS)


def probe_edit(source: str) -> str:
    """The bug hunt's probe cell, extended to every parameter block (as its comment asks)."""
    return replace_line(source, r"^\s*for name in \[", "for name in hunt.blocks:")


def failing_in(printed: str) -> list[str]:
    """The blocks the probe cell's output says fail: "W2: gradient check ok = False"."""
    return sorted(re.findall(r"^(\w+(?: \d+)?): gradient check ok = False$", printed,
                             re.MULTILINE))


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
