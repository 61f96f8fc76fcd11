"""worked.py: every number of the worked example, checked against independent sums."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core.chapters.worked_example import worked_example, worked_rows, worked_table
from backprop_core.errors import ArgumentError, ArgumentTypeError, ShapeError
from backprop_core.networks.activations import sigmoid_prime
from backprop_core.networks.network import Network


@pytest.fixture
def example():
    net = Network.from_sizes([2, 2, 2], "sigmoid", seed=3)
    return worked_example(net, [0.5, -1.0], [1.0, 0.0], learning_rate=0.5)


def test_forward_backward_by_hand(example) -> None:
    ex, W1, W2 = example, example.net.layer(1).W, example.net.layer(2).W
    z1 = W1 @ ex.x + ex.net.layer(1).b
    np.testing.assert_allclose(ex.z[1], z1)
    a1 = 1 / (1 + np.exp(-z1))
    z2 = W2 @ a1 + ex.net.layer(2).b
    a2 = 1 / (1 + np.exp(-z2))
    assert ex.cost == pytest.approx(0.5 * np.sum((a2 - ex.y) ** 2))
    d2 = (a2 - ex.y) * sigmoid_prime(z2)
    d1 = sum(W2[q] * d2[q] for q in range(2)) * sigmoid_prime(z1)
    np.testing.assert_allclose(ex.delta[2], d2)
    np.testing.assert_allclose(ex.delta[1], d1)
    np.testing.assert_allclose(ex.dW[1], np.outer(d1, ex.x))
    np.testing.assert_allclose(ex.db[2], d2)
    assert ex.check.ok and ex.check.n_checked == 12


def test_the_step_lowers_the_loss(example) -> None:
    ex = example
    np.testing.assert_allclose(ex.after.layer(1).W, ex.net.layer(1).W - 0.5 * ex.dW[1])
    assert ex.cost_after < ex.cost
    assert ex.cost_after == pytest.approx(ex.after.cost(ex.x, ex.y))


def test_worked_example_takes_one_sample() -> None:
    net = Network.from_sizes([2, 2, 2], "sigmoid")
    with pytest.raises(ShapeError, match=r"one sample: input x must be a vector of 2 numbers, got "
                                         r"array of shape \(2, 3\)"):
        worked_example(net, np.zeros((2, 3)), np.zeros((2, 3)), 0.1)


def test_table_lists_every_quantity_once(example) -> None:
    rows = worked_rows(example)
    names = [q for _, q, _ in rows]
    assert len(names) == len(set(names)) == 2 + 4 * 2 + 1 + 2 + 4 + 4 + 1
    table = worked_table(example)
    assert table.html.count("<tr>") == len(rows) + 1
    assert "δ^1 = (W^2)ᵀ δ^2 ⊙ σ'(z^1)" in table.text


def _rows(acts, loss: str) -> dict[str, str]:
    net = Network.from_sizes([2, 3, 2], acts, loss=loss, seed=4)
    ex = worked_example(net, [0.5, -1.0], [1.0, 0.0], learning_rate=0.1)
    return {q.split(" = ")[0]: q for _, q, _ in worked_rows(ex)} | {"_ex": ex}


@pytest.mark.parametrize(("acts", "loss", "forward", "cost", "delta_L", "delta_1"), [
    ("sigmoid", "squared_error", "a^1 = σ(z^1)", "C = ½ ‖a^2 − y‖²",
     "δ^2 = (a^2 − y) ⊙ σ'(z^2)", "δ^1 = (W^2)ᵀ δ^2 ⊙ σ'(z^1)"),
    (["tanh", "softmax"], "softmax_cross_entropy", "a^1 = tanh(z^1)",
     "C = −Σ_j y_j log a^2_j", "δ^2 = a^2 − y", "δ^1 = (W^2)ᵀ δ^2 ⊙ tanh'(z^1)"),
    (["relu", "identity"], "squared_error", "a^1 = relu(z^1)", "C = ½ ‖a^2 − y‖²",
     "δ^2 = a^2 − y", "δ^1 = (W^2)ᵀ δ^2 ⊙ relu'(z^1)"),
    (["tanh", "sigmoid"], "binary_cross_entropy", "a^1 = tanh(z^1)",
     "C = −Σ_j [y_j log a^2_j + (1 − y_j) log(1 − a^2_j)]", "δ^2 = a^2 − y",
     "δ^1 = (W^2)ᵀ δ^2 ⊙ tanh'(z^1)"),
    (["identity", "softmax"], "squared_error", "a^1 = z^1", "C = ½ ‖a^2 − y‖²",
     "δ^2 = (∂a^2/∂z^2)ᵀ (a^2 − y)", "δ^1 = (W^2)ᵀ δ^2"),
])
def test_the_table_writes_the_networks_own_rules(acts, loss, forward, cost, delta_L,
                                                 delta_1) -> None:
    rows = _rows(acts, loss)
    assert rows["a^1"] == forward and rows["C"] == cost
    assert rows["δ^2"] == delta_L and rows["δ^1"] == delta_1
    assert "a^L" not in "".join(q for k, q in rows.items() if k != "_ex")


def test_each_written_output_rule_gives_the_printed_values() -> None:
    # the rule next to δ^L is the one whose numbers the table prints
    for acts, loss in [("sigmoid", "squared_error"), (["tanh", "softmax"], "softmax_cross_entropy"),
                       (["relu", "identity"], "squared_error")]:
        ex = _rows(acts, loss)["_ex"]
        a, y, z = ex.a[2], ex.y, ex.z[2]
        by_rule = (a - y) * sigmoid_prime(z) if acts == "sigmoid" else a - y
        np.testing.assert_allclose(ex.delta[2], by_rule, rtol=1e-12)


@pytest.mark.parametrize(("learning_rate", "error", "message"), [
    # before: -5 was accepted (sgd requires > 0), nan was reported as "theta contains nan",
    # "0.1" raised numpy's UFuncTypeError
    (-5, ArgumentError, r"^learning_rate must be > 0, got -5$"),
    (float("nan"), ArgumentError, r"^learning_rate must be a finite number, got nan$"),
    ("0.1", ArgumentTypeError, r"^learning_rate must be a real number, got str '0.1'$"),
])
def test_the_learning_rate_follows_the_rule_of_sgd(learning_rate: object, error: type,
                                                   message: str) -> None:
    net = Network.from_sizes([2, 2, 2], "sigmoid")
    with pytest.raises(error, match=message):
        worked_example(net, [0.5, -1.0], [1.0, 0.0], learning_rate)  # type: ignore[arg-type]
