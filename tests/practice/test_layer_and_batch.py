"""The dense-layer checkers: their cases expose the classic mistakes, their exact
references agree with finite differences, finite differences cannot pass them, and their
messages name shapes, changed arrays and values."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from backprop_core.checks.gradcheck import check_gradient, numerical_gradient
from backprop_core.networks.activations import sigmoid, sigmoid_prime
from backprop_core.practice import batch, check_batch_gradients, check_layer_backward, layer
from backprop_core.practice.report import RTOL

from .corpus.batch import batch_matmul
from .corpus.layer import layer_matmul


def test_the_cases_are_square_and_not_and_every_batch_size_differs_from_every_width() -> None:
    shapes = [(n_in, n_out) for n_in, n_out, _ in layer.CASES]
    assert shapes[0][0] == shapes[0][1]  # square first: a transpose shows in the numbers
    assert any(i > o for i, o in shapes) and any(i < o for i, o in shapes)
    sizes = [m for *_, m, _ in batch.CASES]
    assert 1 in sizes
    for n_in, n_out, m, _ in batch.CASES:
        assert m == 1 or m not in (n_in, n_out)
    assert batch.CASES[0][0] == batch.CASES[0][1]
    assert any(large for *_, large in layer.CASES) and any(large for *_, large in batch.CASES)


def layer_cost(p: dict[str, np.ndarray]) -> dict[str, Any]:
    def cost(W: np.ndarray, b: np.ndarray, a: np.ndarray) -> float:
        return float(np.sum(p["grad_a"] * sigmoid(W @ a + b)))

    return {"∂C/∂W": (lambda W: cost(W, p["b"], p["a_prev"]), p["W"]),
            "∂C/∂b": (lambda b: cost(p["W"], b, p["a_prev"]), p["b"]),
            "∂C/∂a_prev": (lambda a: cost(p["W"], p["b"], a), p["a_prev"])}


def batch_cost(p: dict[str, np.ndarray]) -> dict[str, Any]:
    m = p["A_prev"].shape[1]

    def cost(W: np.ndarray, b: np.ndarray) -> float:
        return float(np.sum(p["G"] * sigmoid(W @ p["A_prev"] + b)) / m)

    return {"∂J/∂W": (lambda W: cost(W, p["b"]), p["W"]),
            "∂J/∂b": (lambda b: cost(p["W"], b), p["b"])}


def problems() -> list[tuple[Any, dict[str, np.ndarray], dict[str, Any]]]:
    rng = np.random.default_rng(0)
    out: list[tuple[Any, dict[str, np.ndarray], dict[str, Any]]] = []
    for n_in, n_out, large in layer.CASES:
        p = layer.problem(rng, n_in, n_out, large)
        out.append((layer, p, layer_cost(p)))
    rng = np.random.default_rng(0)
    for n_in, n_out, m, large in batch.CASES:
        p = batch.problem(rng, n_in, n_out, m, large)
        out.append((batch, p, batch_cost(p)))
    return out


def test_the_exact_references_agree_with_finite_differences() -> None:
    for module, p, costs in problems():
        if p.get("grad_a", p.get("G")).max() > 1e5:
            continue  # the large case is built to defeat finite differences
        for e in module.expected(p):
            f, x = costs[e.name]
            assert check_gradient(f, x, e.value).ok, e.name


def test_finite_differences_cannot_reach_the_tolerance_on_the_large_cases() -> None:
    """Whatever the step h, some entry of a central difference misses the exact value by
    more than the checkers' tolerance: a numerical solution cannot pass."""
    for module, p, costs in problems():
        if p.get("grad_a", p.get("G")).max() < 1e5:
            continue
        e = module.expected(p)[0]
        f, x = costs[e.name]
        for h in np.logspace(-8, -2, 13):
            numeric = numerical_gradient(f, x, h)
            assert np.any(np.abs(numeric - e.value) > 100 * RTOL * e.magnitude), h


def test_a_row_where_a_column_belongs_names_both_shapes() -> None:
    def row_bias(W, b, a_prev, grad_a):  # type: ignore[no-untyped-def]
        dW, db, back = layer_matmul(W, b, a_prev, grad_a)
        return dW, db.T, back

    report = check_layer_backward(row_bias, quiet=True)
    assert str(report) == (
        "\u2718 ∂C/∂b has shape (1, 3) but must have shape (3, 1): a row where a column "
        "belongs (b − η·db would broadcast to a 3 × 3 matrix).")


def test_a_transpose_missing_only_on_a_rectangular_layer_names_both_shapes() -> None:
    def transposed_when_rectangular(W, b, a_prev, grad_a):  # type: ignore[no-untyped-def]
        dW, db, back = layer_matmul(W, b, a_prev, grad_a)
        return (dW if W.shape[0] == W.shape[1] else dW.T), db, back

    report = check_layer_backward(transposed_when_rectangular, quiet=True)
    assert report.mistake == "missing-transpose"
    assert "∂C/∂W has shape (4, 2) but must have shape (2, 4)" in str(report)


def test_a_one_dimensional_bias_is_accepted_with_a_note(capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    def flat(W, b, A_prev, G):  # type: ignore[no-untyped-def]
        dW, db = batch_matmul(W, b, A_prev, G)
        return dW, db.ravel()

    assert check_batch_gradients(flat).ok
    out = capsys.readouterr().out
    assert "note: ∂J/∂b is 1-D, shape (3,)" in out and "accepted" in out
    assert out.count("note:") == 1


def test_a_changed_input_is_named_with_its_entry_and_values() -> None:
    def clips(W, b, a_prev, grad_a):  # type: ignore[no-untyped-def]
        a_prev[a_prev < 0] = 0.0
        return layer_matmul(W, b, a_prev, grad_a)

    text = str(check_layer_backward(clips, quiet=True))
    assert "changed its argument a_prev in place: entry (0, 0) was -" in text
    assert "is now 0" in text


def test_a_gradient_step_inside_is_recognised() -> None:
    def steps(W, b, A_prev, G):  # type: ignore[no-untyped-def]
        dW, db = batch_matmul(W, b, A_prev, G)
        b -= 0.05 * db
        return dW, db

    report = check_batch_gradients(steps, quiet=True)
    assert report.mistake == "gradient-step"
    assert "moved by -0.05 × its gradient" in str(report)


@pytest.mark.parametrize("value", ["dW", np.array([1 + 2j]), float("nan")])
def test_results_that_are_not_finite_real_numbers(value: Any) -> None:
    def odd(W, b, a_prev, grad_a):  # type: ignore[no-untyped-def]
        _, db, back = layer_matmul(W, b, a_prev, grad_a)
        return value, db, back

    report = check_layer_backward(odd, quiet=True)
    assert report.mistake in ("not-numbers", "not-finite") and "∂C/∂W" in str(report)


def test_hints_differ_between_the_batch_mistakes() -> None:
    from .corpus import ENTRIES
    from .corpus import batch as _batch  # noqa: F401 - registers the batch solutions

    texts: dict[str, set[str]] = {}
    for entry in ENTRIES:
        if entry.exercise == "batch" and entry.mistake:
            texts.setdefault(entry.mistake, set()).add(
                str(check_batch_gradients(entry.solution, quiet=True)))
    flat = [t for ts in texts.values() for t in ts]
    assert len(flat) == len(set(flat))


def test_a_missing_result_and_a_reshaped_argument() -> None:
    def no_bias(W, b, a_prev, grad_a):  # type: ignore[no-untyped-def]
        dW, _, back = layer_matmul(W, b, a_prev, grad_a)
        return dW, None, back

    report = check_layer_backward(no_bias, quiet=True)
    assert report.mistake == "not-written" and "returned None for ∂C/∂b" in str(report)

    def flattens(W, b, a_prev, grad_a):  # type: ignore[no-untyped-def]
        out = layer_matmul(W, b, a_prev, grad_a)
        a_prev.shape = (a_prev.size,)
        return out

    report = check_layer_backward(flattens, quiet=True)
    assert report.mistake == "changed-input"
    assert "changed the shape of its argument a_prev from (3, 1) to (3,)" in str(report)


def test_telling_two_explanations_apart_on_other_inputs() -> None:
    from backprop_core.practice.arrays import makes_mistake

    rng = np.random.default_rng(1)
    p = batch.problem(rng, 4, 2, 7)
    exp = batch.expected(p)
    found = [v for v in batch.variants(p)["∂J/∂b"] if v.code == "sum-not-mean"]

    def crashes(*args):  # type: ignore[no-untyped-def]
        raise ValueError

    def sums_flat(W, b, A_prev, G):  # type: ignore[no-untyped-def]
        D = G * sigmoid_prime(W @ A_prev + b)
        return D @ A_prev.T, D.sum(axis=1)

    assert makes_mistake(crashes, p, exp, found, "∂J/∂b")  # settles nothing
    assert makes_mistake(sums_flat, p, exp, found, "∂J/∂b")  # 1-D, read as the column
    assert not makes_mistake(batch_matmul, p, exp, found, "∂J/∂b")
