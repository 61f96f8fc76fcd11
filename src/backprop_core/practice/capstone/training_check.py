r"""Step 4 of the capstone: the reader's ``cost`` and ``train_step``.

``cost(model, xs, ys)`` must be the Value C = (1/m) Σ_x ½ (a_x - y_x)², and
``train_step(model, xs, ys, learning_rate)`` one step of gradient descent on it: forward
and cost, zero the gradients, backward, θ ← θ - η ∂C/∂θ, returning C before the step (a
number). Both are run on the book's network (``reference.MLP`` on ``reference.Value``),
so a mistake found here is in these two functions.

The checks, in order: ``cost`` returns a Value, with the right value (the mean, the ½,
every sample; batch size 1 too), inputs unchanged, a graph back to every parameter; then
``train_step``: how often it ran the network (finite differences run it twice per
parameter), what it returns, where the parameters went (uphill, not at all, with stale
gradients, a step of the wrong size, only some of them), and, on an engine that *adds*
into ``.grad`` as PyTorch's does, whether it zeroes the gradients before ``backward``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ...formatting import fmt
from ..report import Report, Verdict, run
from .probe import attempt, is_node, is_stub, number, short, show
from .reference import MLP, Layer, Neuron, Value, cost, topological_order

SUCCESS = ("\u2714 cost and train_step are right: C = (1/m) Σ ½(a − y)² as a Value (batch "
           "size 1 too), one forward pass per sample, the cost before the step returned, and "
           "θ ← θ − η·∂C/∂θ, also on an engine that adds into .grad (the gradients are zeroed "
           "between steps).")
NO_ZERO = ("on an engine whose backward *adds* into .grad (PyTorch's does), your second step "
           "used the first step's gradients plus its own: set p.grad = 0 for every parameter "
           "before backward. (Your own backward resets them, so your training is right; the "
           "habit keeps it right on any engine.)")


class Accumulating(Value):
    """A Value whose ``backward`` adds into ``.grad`` without resetting it (as PyTorch's
    leaves do): only a training step that zeroes the gradients gets them right."""

    __slots__ = ()

    def backward(self) -> None:
        self.grad = 1.0
        for node in reversed(topological_order(self)):
            for parent, local in zip(node.parents, node.local, strict=True):
                parent.grad += local * node.grad


def _counting(value: type) -> type:
    """The book's MLP on ``value``, counting its forward passes in ``.calls``."""
    neuron = type("Neuron", (Neuron,), {"value": value})
    layer = type("Layer", (Layer,), {"neuron": neuron})

    def call(self: Any, x: Sequence[Any]) -> Any:
        self.calls += 1
        return MLP.__call__(self, x)

    return type("MLP", (MLP,), {"layer": layer, "calls": 0, "__call__": call})


COUNTING = _counting(Value)
COUNTING_ADDING = _counting(Accumulating)
XS = [[0.5, -1.0], [1.5, 0.2], [-0.3, 0.8], [0.9, 0.9], [-1.2, -0.4]]
YS = [1.0, -1.0, 1.0, -1.0, 1.0]
THETA = [round(float(v), 3) for v in np.cos(np.arange(13) * 2.3) * 0.8]


def _model(kind: type = COUNTING) -> Any:
    model = kind(2, [3, 1])  # 2 → 3 → 1: 13 parameters
    for p, v in zip(model.parameters(), THETA, strict=True):
        p.data = v
    return model


def _right(xs: list[list[float]], ys: list[float],
           theta: Sequence[float] = THETA) -> tuple[float, list[float]]:
    """C and ∂C/∂θ at ``theta`` by the book's cost and engine."""
    model = _model()
    for p, v in zip(model.parameters(), theta, strict=True):
        p.data = v
    c = cost(model, xs, ys)
    c.backward()
    return c.data, [p.grad for p in model.parameters()]


def _outputs(xs: list[list[float]]) -> list[float]:
    model = _model()
    return [model(x).data for x in xs]


def check_cost(cost_fn: Any) -> None:
    if is_stub(cost_fn):
        raise Verdict("not-written", "cost is not written yet: replace its `...` by "
                      "C = (1/m) Σ ½ (model(x) − y)², built from Values.")
    for m in (4, 1):
        xs, ys = [list(x) for x in XS[:m]], list(YS[:m])
        model = _model()
        label = f"cost(model, xs, ys) with m = {m} sample{'s' * (m > 1)}"
        c = attempt(label, lambda: cost_fn(model, xs, ys))  # noqa: B023
        if c is None or c is Ellipsis:
            raise Verdict("not-written", f"{label} returned {c!r}: return C, a Value.")
        if isinstance(c, int | float):
            raise Verdict("cost-number", f"{label} returned the number {fmt(c, 6)}: return the "
                          "Value C itself (a node of the graph), so that C.backward() can "
                          "run; the training step reads C.data.")
        if not is_node(c):
            raise Verdict("cost-type", f"{label} returned {short(c)}: return one Value, the "
                          "mean over the samples.")
        number(c.data, f"({label}).data")
        if xs != [list(x) for x in XS[:m]] or ys != list(YS[:m]):
            raise Verdict("changed-input", f"{label} changed xs or ys: leave the data as it is.")
        if [p.data for p in model.parameters()] != THETA:
            raise Verdict("changed-input", f"{label} changed the model's parameters: the cost "
                          "only reads them.")
        want, grads = _right(xs, ys)
        a = np.array(_outputs(xs))
        e = a - np.array(ys)
        wrong = {
            "sum-not-mean": (0.5 * float(e @ e), "C is the sum over the samples; the book's C "
                             "is their mean: multiply by 1/m (1/len(xs))."),
            "no-half": (float(e @ e) / m, "C lacks the ½ of ½(a − y)²: the book's C_x is "
                        "½(a − y)², whose derivative is a − y."),
            "sum-no-half": (float(e @ e), "C is Σ(a − y)², without the ½ and without the 1/m: "
                            "C = (1/m) Σ ½(a − y)²."),
            "last-sample": (0.5 * e[-1] ** 2, "C holds only the last sample: the loop overwrites "
                            "C instead of adding each sample's term to it."),
            "no-square": (0.5 * float(e.sum()) / m, "C adds the errors a − y themselves; it "
                          "adds their squares, ½(a − y)²."),
        }
        if abs(c.data - want) > 1e-12 * max(1.0, abs(want)):
            for code, (value, hint) in wrong.items():
                if m > 1 and abs(c.data - value) <= 1e-9 * max(1.0, abs(value)):
                    raise Verdict(code, f"{label} is {fmt(c.data, 6)}, expected {fmt(want, 6)}: "
                                  f"{hint}")
            raise Verdict("cost-value", f"{label} is {fmt(c.data, 6)}, expected C = (1/m) Σ "
                          f"½(a − y)² = {fmt(want, 6)}.")
        attempt(f"({label}).backward()", c.backward)
        mine = [number(p.grad, f"parameter {i}'s .grad after ({label}).backward()")
                for i, p in enumerate(model.parameters())]
        if all(g == 0 for g in mine):
            raise Verdict("cost-detached", f"after {label}.backward(), no parameter has a "
                          "gradient: C has no path back to them. Build C from the Values "
                          "model(x) returns, not from their .data.")
        if not np.allclose(mine, grads, rtol=1e-9, atol=1e-12):
            raise Verdict("cost-gradient", f"{label} has the right value but not the right "
                          "gradient: build it from Value operations only.")


def check_train_step(step: Any) -> None:
    if is_stub(step):
        raise Verdict("not-written", "train_step is not written yet: replace its `...`.")
    xs, ys, rate = [list(x) for x in XS], list(YS), 0.1
    c0, g = _right(xs, ys)
    model = _model()
    for p in model.parameters():
        p.grad = 0.3  # left over from an earlier step
    label = "train_step(model, xs, ys, 0.1)"
    result = attempt(label, lambda: step(model, xs, ys, rate))
    m = len(xs)
    if model.calls > 3 * m:
        raise Verdict("finite-differences", f"{label} ran the network {model.calls} times for "
                      f"a batch of {m} samples: that is finite differences (two forward passes "
                      f"per parameter, {len(THETA)} parameters here), not backprop. Compute C "
                      "once, call C.backward() and use each p.grad.")
    if result is None:
        raise Verdict("no-return", f"{label} returned None: return the cost before the step, "
                      "C.data (the loop draws the learning curve from it).")
    if is_node(result):
        raise Verdict("returned-value", f"{label} returned a Value: return the number C.data "
                      "(the loop averages the costs of the steps).")
    if not isinstance(result, int | float | np.floating):
        raise Verdict("return-type", f"{label} returned {short(result)}: return C.data, a "
                      "number.")
    number(result, f"what {label} returned")
    theta = np.array(THETA)
    after = _read(model, "data", label)
    grads = _read(model, "grad", label)
    right = theta - rate * np.array(g)
    if not np.allclose(after, right, rtol=1e-10, atol=1e-12):
        _wrong_update(label, theta, after, grads, np.array(g), rate, m)
    returned = float(result)
    if abs(returned - c0) > 1e-12 * max(1.0, abs(c0)):
        c1, _ = _right(xs, ys, list(after))
        if abs(returned - c1) <= 1e-9 * max(1.0, abs(c1)):
            raise Verdict("returned-after", f"{label} returned {fmt(returned, 6)}, the cost "
                          f"after the step; return the one the step computed, before it: "
                          f"{fmt(c0, 6)}.")
        raise Verdict("returned-wrong", f"{label} returned {fmt(returned, 6)}, expected the "
                      f"cost before the step, {fmt(c0, 6)}.")
    # two steps on an engine that adds into .grad: the second needs the gradients zeroed
    model = _model(COUNTING_ADDING)
    attempt(label, lambda: step(model, xs, ys, rate))
    attempt(label, lambda: step(model, xs, ys, rate))
    after = _read(model, "data", f"two calls of {label}")
    _, g1 = _right(xs, ys, list(right))
    twice = right - rate * np.array(g1)
    if not np.allclose(after, twice, rtol=1e-10, atol=1e-12):
        if np.allclose(after, right - rate * (np.array(g) + np.array(g1)), rtol=1e-9):
            raise Verdict("no-zero-grad", NO_ZERO)
        raise Verdict("adding-engine", "on an engine whose backward adds into .grad, two steps "
                      "go elsewhere: zero every p.grad, then C.backward(), then update.")
    one = _model()
    attempt("train_step with m = 1", lambda: step(one, [list(XS[0])], [YS[0]], rate))


def _read(model: Any, attribute: str, label: str) -> np.ndarray:
    """Every parameter's .data (or .grad) after ``label``, each a finite number."""
    return np.array([number(getattr(p, attribute), f"parameter {i}'s .{attribute} after "
                            f"{label}") for i, p in enumerate(model.parameters())])


def _wrong_update(label: str, theta: Any, after: Any, grads: Any, g: Any, rate: float,
                  m: int) -> None:
    """Name what the step did to the parameters instead of θ - η ∂C/∂θ."""
    def near(x: Any, y: Any) -> bool:
        return bool(np.allclose(x, y, rtol=1e-9, atol=1e-12))

    where = f"after {label}"
    if near(after, theta):
        if near(grads, 0.3):
            raise Verdict("no-backward", f"{where} the parameters did not move and p.grad still "
                          "holds the old values: call C.backward() before the update.")
        if near(grads, 0.0):
            raise Verdict("zeroed-after-backward", f"{where} the parameters did not move and "
                          "every p.grad is 0: zero the gradients *before* C.backward(), not "
                          "between backward and the update.")
        if near(grads, g):
            raise Verdict("data-not-changed", f"{where} backward ran but the parameters did not "
                          "move: change each p.data in place, p.data -= learning_rate * p.grad "
                          "(p = p - ... only makes a new node and rebinds the name p).")
        if near(grads, (1 - rate) * g):
            raise Verdict("updated-grad", f"{where} p.grad changed and p.data did not: the "
                          "update goes into p.data, p.data -= learning_rate * p.grad.")
        raise Verdict("params-unchanged", f"{where} the parameters did not move: update each "
                      "p.data with learning_rate * p.grad.")
    if near(after, theta + rate * g):
        raise Verdict("uphill", f"{where} the cost went up: the step goes against the gradient, "
                      "p.data -= learning_rate * p.grad (minus).")
    if near(after, theta - rate * 0.3):
        if near(grads, 0.3):
            raise Verdict("no-backward", f"{where} the update used p.grad as it was before "
                          "the step, and backward never ran: call C.backward() before the "
                          "update.")
        raise Verdict("stale-gradients", f"{where} the update used the gradients left from "
                      "before the step: compute C and call C.backward() first, then update.")
    moved = np.abs(after - theta) > 1e-15
    if moved.any() and not moved.all() and near(after[moved], (theta - rate * g)[moved]):
        first = int(np.argmin(moved))
        raise Verdict("partial-update", f"{where} some parameters moved and others did not "
                      f"(the first: parameter {first} in parameters() order): update every p "
                      "in model.parameters().")
    ratio = (theta - after) @ g / (g @ g)
    if near(after, theta - ratio * g):
        if abs(ratio - rate / m) <= 1e-9:
            raise Verdict("rate-over-m", f"{where} the step is learning_rate/m times the "
                          "gradient: C is already a mean, so p.data -= learning_rate * p.grad.")
        raise Verdict("learning-rate", f"{where} the step is {fmt(ratio, 4)} times the "
                      f"gradient, not learning_rate = {fmt(rate)} times: use the argument "
                      "learning_rate.")
    i = int(np.argmax(np.abs(after - (theta - rate * g))))
    raise Verdict("update", f"{where} parameter {i} is {fmt(after[i], 6)}, expected θ − η·∂C/∂θ "
                  f"= {fmt(theta[i] - rate * g[i], 6)}.")


def check_training(cost_fn: Any, step: Any, *, quiet: bool = False) -> Report:
    """Check the reader's ``cost`` and ``train_step`` on the book's network."""

    def body(report: Report) -> None:
        check_cost(cost_fn)
        check_train_step(step)

    return show(run("cost and train_step", body, True, success=SUCCESS), quiet)
