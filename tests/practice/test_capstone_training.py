"""Mutation tests of step 4 of the capstone: the reader's cost and train_step."""

from __future__ import annotations

from typing import Any

import pytest

from backprop_core.practice.capstone import check_training
from backprop_core.practice.capstone import reference as book
from backprop_core.practice.capstone.training_check import Accumulating

# -- costs ---------------------------------------------------------------------------------


def cost_right(model: Any, xs: Any, ys: Any) -> Any:
    return sum((model(x) - y) ** 2 for x, y in zip(xs, ys, strict=True)) * (0.5 / len(xs))


def cost_loop(model: Any, xs: Any, ys: Any) -> Any:
    total = 0
    for x, y in zip(xs, ys, strict=True):
        error = model(x) - y
        total = total + 0.5 * error * error
    return total / len(xs)


def cost_y_first(model: Any, xs: Any, ys: Any) -> Any:
    terms = [(y - model(x)) ** 2 / 2 for x, y in zip(xs, ys, strict=True)]
    return sum(terms) / len(terms)


def cost_sum(model: Any, xs: Any, ys: Any) -> Any:
    return sum((model(x) - y) ** 2 for x, y in zip(xs, ys, strict=True)) * 0.5


def cost_no_half(model: Any, xs: Any, ys: Any) -> Any:
    return sum((model(x) - y) ** 2 for x, y in zip(xs, ys, strict=True)) / len(xs)


def cost_sum_no_half(model: Any, xs: Any, ys: Any) -> Any:
    return sum((model(x) - y) ** 2 for x, y in zip(xs, ys, strict=True))


def cost_last(model: Any, xs: Any, ys: Any) -> Any:
    for x, y in zip(xs, ys, strict=True):
        c = 0.5 * (model(x) - y) ** 2
    return c


def cost_no_square(model: Any, xs: Any, ys: Any) -> Any:
    return sum(model(x) - y for x, y in zip(xs, ys, strict=True)) * (0.5 / len(xs))


def cost_float(model: Any, xs: Any, ys: Any) -> Any:
    return cost_right(model, xs, ys).data


def cost_detached(model: Any, xs: Any, ys: Any) -> Any:
    return book.Value(cost_right(model, xs, ys).data)


def cost_list(model: Any, xs: Any, ys: Any) -> Any:
    return [0.5 * (model(x) - y) ** 2 for x, y in zip(xs, ys, strict=True)]


def cost_changes_ys(model: Any, xs: Any, ys: Any) -> Any:
    ys.reverse()
    ys.reverse()
    ys[0] = ys[0] * 1.0 + 1e-3
    return cost_right(model, xs, ys)


def stub(*args: Any) -> None:
    ...


# -- steps -----------------------------------------------------------------------------------


def step_right(model: Any, xs: Any, ys: Any, learning_rate: float) -> float:
    c = cost(model, xs, ys)
    for p in model.parameters():
        p.grad = 0.0
    c.backward()
    for p in model.parameters():
        p.data -= learning_rate * p.grad
    return c.data


def step_zero_at_end(model: Any, xs: Any, ys: Any, learning_rate: float) -> float:
    c = cost(model, xs, ys)
    c.backward()
    params = model.parameters()
    for p in params:
        p.data = p.data - learning_rate * p.grad
        p.grad = 0
    return float(c.data)


def step_no_zero(model: Any, xs: Any, ys: Any, learning_rate: float) -> float:
    c = cost(model, xs, ys)
    c.backward()
    for p in model.parameters():
        p.data -= learning_rate * p.grad
    return c.data


def step_uphill(model: Any, xs: Any, ys: Any, learning_rate: float) -> float:
    c = cost(model, xs, ys)
    for p in model.parameters():
        p.grad = 0.0
    c.backward()
    for p in model.parameters():
        p.data += learning_rate * p.grad
    return c.data


def step_no_backward(model: Any, xs: Any, ys: Any, learning_rate: float) -> float:
    c = cost(model, xs, ys)
    for p in model.parameters():
        p.data -= learning_rate * p.grad
    return c.data


def step_zero_after_backward(model: Any, xs: Any, ys: Any, learning_rate: float) -> float:
    c = cost(model, xs, ys)
    c.backward()
    for p in model.parameters():
        p.grad = 0.0
    for p in model.parameters():
        p.data -= learning_rate * p.grad
    return c.data


def step_rebinds(model: Any, xs: Any, ys: Any, learning_rate: float) -> float:
    c = cost(model, xs, ys)
    for p in model.parameters():
        p.grad = 0.0
    c.backward()
    for p in model.parameters():
        p = p - learning_rate * p.grad  # noqa: PLW2901 (the learner's slip)
    return c.data


def step_updates_grad(model: Any, xs: Any, ys: Any, learning_rate: float) -> float:
    c = cost(model, xs, ys)
    for p in model.parameters():
        p.grad = 0.0
    c.backward()
    for p in model.parameters():
        p.grad -= learning_rate * p.grad
    return c.data


def step_update_first(model: Any, xs: Any, ys: Any, learning_rate: float) -> float:
    for p in model.parameters():
        p.data -= learning_rate * p.grad  # the gradients of the step before
    c = cost(model, xs, ys)
    c.backward()
    return c.data


def step_last_layer(model: Any, xs: Any, ys: Any, learning_rate: float) -> float:
    c = cost(model, xs, ys)
    for p in model.parameters():
        p.grad = 0.0
    c.backward()
    for p in model.layers[-1].parameters():
        p.data -= learning_rate * p.grad
    return c.data


def step_rate_over_m(model: Any, xs: Any, ys: Any, learning_rate: float) -> float:
    c = cost(model, xs, ys)
    for p in model.parameters():
        p.grad = 0.0
    c.backward()
    for p in model.parameters():
        p.data -= learning_rate / len(xs) * p.grad
    return c.data


def step_fixed_rate(model: Any, xs: Any, ys: Any, learning_rate: float) -> float:
    c = cost(model, xs, ys)
    for p in model.parameters():
        p.grad = 0.0
    c.backward()
    for p in model.parameters():
        p.data -= 0.5 * p.grad
    return c.data


def step_finite_differences(model: Any, xs: Any, ys: Any, learning_rate: float) -> float:
    c = cost(model, xs, ys).data
    h, slopes = 1e-6, []
    for p in model.parameters():
        keep = p.data
        p.data = keep + h
        up = cost(model, xs, ys).data
        p.data = keep - h
        down = cost(model, xs, ys).data
        p.data = keep
        slopes.append((up - down) / (2 * h))
    for p, slope in zip(model.parameters(), slopes, strict=True):
        p.data -= learning_rate * slope
    return c


def step_returns_none(model: Any, xs: Any, ys: Any, learning_rate: float) -> None:
    step_right(model, xs, ys, learning_rate)


def step_returns_value(model: Any, xs: Any, ys: Any, learning_rate: float) -> Any:
    c = cost(model, xs, ys)
    for p in model.parameters():
        p.grad = 0.0
    c.backward()
    for p in model.parameters():
        p.data -= learning_rate * p.grad
    return c


def step_returns_after(model: Any, xs: Any, ys: Any, learning_rate: float) -> float:
    step_right(model, xs, ys, learning_rate)
    return cost(model, xs, ys).data


def step_returns_list(model: Any, xs: Any, ys: Any, learning_rate: float) -> Any:
    return [step_right(model, xs, ys, learning_rate)]


def cost_no_return(model: Any, xs: Any, ys: Any) -> None:
    total = sum((model(x) - y) ** 2 for x, y in zip(xs, ys, strict=True)) * (0.5 / len(xs))
    total.data  # noqa: B018  (the return forgotten)


def cost_steps_model(model: Any, xs: Any, ys: Any) -> Any:
    c = cost_right(model, xs, ys)
    for p in model.parameters():  # a training step put inside the cost
        p.data -= 0.01
    return c


def cost_root(model: Any, xs: Any, ys: Any) -> Any:
    return (sum((model(x) - y) ** 2 for x, y in zip(xs, ys, strict=True)) / len(xs)) ** 0.5


def cost_half_detached(model: Any, xs: Any, ys: Any) -> Any:
    terms = []
    for x, y in zip(xs, ys, strict=True):
        a = model(x)
        terms.append((a - y) * (a.data - y))  # one factor a number: half the gradient
    return sum(terms) * (0.5 / len(xs))


def step_returns_sum(model: Any, xs: Any, ys: Any, learning_rate: float) -> float:
    return step_right(model, xs, ys, learning_rate) * len(xs)


def step_backward_twice(model: Any, xs: Any, ys: Any, learning_rate: float) -> float:
    c = cost(model, xs, ys)
    for p in model.parameters():
        p.grad = 0.0
    c.backward()
    c.backward()  # once more, to be sure
    for p in model.parameters():
        p.data -= learning_rate * p.grad
    return c.data


def step_no_backward_rebinds(model: Any, xs: Any, ys: Any, learning_rate: float) -> float:
    c = cost(model, xs, ys)
    for p in model.parameters():
        p = p - learning_rate * p.grad  # noqa: PLW2901
    return c.data


def step_flips_grads(model: Any, xs: Any, ys: Any, learning_rate: float) -> float:
    c = cost(model, xs, ys)
    c.backward()
    for p in model.parameters():
        p.grad = -p.grad  # "the step goes against the gradient"
    return c.data


def step_sign(model: Any, xs: Any, ys: Any, learning_rate: float) -> float:
    c = cost(model, xs, ys)
    for p in model.parameters():
        p.grad = 0.0
    c.backward()
    for p in model.parameters():
        p.data -= learning_rate * (1 if p.grad > 0 else -1)
    return c.data


cost = cost_right  # the name the steps use, as in the notebook


CORRECT_COSTS = [cost_right, cost_loop, cost_y_first, book.cost]
CORRECT_STEPS = [step_right, step_zero_at_end, book.train_step]


@pytest.mark.parametrize("cost_fn", CORRECT_COSTS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("step", CORRECT_STEPS, ids=lambda f: f.__name__)
def test_correct_solutions_pass(cost_fn: Any, step: Any) -> None:
    report = check_training(cost_fn, step, quiet=True)
    assert report.ok, str(report)


MUTANTS: list[tuple[str, Any, Any, str]] = [
    ("not-written", stub, step_right, "cost is not written yet"),
    ("not-written", cost_right, stub, "train_step is not written yet"),
    ("sum-not-mean", cost_sum, step_right, "multiply by 1/m"),
    ("no-half", cost_no_half, step_right, "lacks the ½"),
    ("sum-no-half", cost_sum_no_half, step_right, "without the ½ and without the 1/m"),
    ("last-sample", cost_last, step_right, "only the last sample"),
    ("no-square", cost_no_square, step_right, "adds their squares"),
    ("cost-number", cost_float, step_right, "return the Value C itself"),
    ("cost-detached", cost_detached, step_right, "no path back"),
    ("cost-type", cost_list, step_right, "return one Value"),
    ("changed-input", cost_changes_ys, step_right, "changed xs or ys"),
    ("no-zero-grad", cost_right, step_no_zero, "set p.grad = 0 for every parameter"),
    ("uphill", cost_right, step_uphill, "the cost went up"),
    ("no-backward", cost_right, step_no_backward, "backward never ran"),
    ("zeroed-after-backward", cost_right, step_zero_after_backward, "*before* C.backward()"),
    ("data-not-changed", cost_right, step_rebinds, "p = p - ... only makes a new node"),
    ("updated-grad", cost_right, step_updates_grad, "the update goes into p.data"),
    ("stale-gradients", cost_right, step_update_first, "compute C and call C.backward() first"),
    ("partial-update", cost_right, step_last_layer, "update every p in model.parameters()"),
    ("rate-over-m", cost_right, step_rate_over_m, "C is already a mean"),
    ("learning-rate", cost_right, step_fixed_rate, "use the argument learning_rate"),
    ("finite-differences", cost_right, step_finite_differences, "finite differences"),
    ("no-return", cost_right, step_returns_none, "returned None"),
    ("returned-value", cost_right, step_returns_value, "return the number C.data"),
    ("returned-after", cost_right, step_returns_after, "the cost after the step"),
    ("return-type", cost_right, step_returns_list, "a number"),
    ("not-written", cost_no_return, step_right, "returned None: return C, a Value"),
    ("changed-input", cost_steps_model, step_right, "the cost only reads them"),
    ("cost-value", cost_root, step_right, "expected C = (1/m) Σ ½(a − y)²"),
    ("cost-gradient", cost_half_detached, step_right, "not the right gradient"),
    ("returned-wrong", cost_right, step_returns_sum, "expected the cost before the step"),
    ("adding-engine", cost_right, step_backward_twice, "two steps go elsewhere"),
    ("no-backward", cost_right, step_no_backward_rebinds, "still holds the old values"),
    ("params-unchanged", cost_right, step_flips_grads, "the parameters did not move"),
    ("update", cost_right, step_sign, "expected θ − η·∂C/∂θ"),
]


@pytest.mark.parametrize(("mistake", "cost_fn", "step", "words"), MUTANTS,
                         ids=[f"{m[0]}-{i}" for i, m in enumerate(MUTANTS)])
def test_each_wrong_solution_gets_its_own_hint(mistake: str, cost_fn: Any, step: Any,
                                               words: str) -> None:
    report = check_training(cost_fn, step, quiet=True)
    assert not report.ok
    text = " ".join(str(report).split())
    assert report.mistake == mistake, text
    assert words in text, text


def test_the_adding_engine_adds() -> None:
    a = Accumulating(2.0)
    out = a * a
    out.backward()
    out.backward()
    assert a.grad == 8.0  # 2·a, twice
