"""Step 5 of the capstone (as_matrices), the final check, and how the reader's code flows
from one step to the next (keep_if_right, set_parameters, to_network, accuracy)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from backprop_core.errors import ArgumentError, ShapeError
from backprop_core.networks.network import Network
from backprop_core.networks.training import sgd
from backprop_core.practice.capstone import (
    accuracy,
    check_as_matrices,
    check_final,
    check_value_core,
    gradient_difference,
    keep_if_right,
    set_parameters,
    to_network,
)
from backprop_core.practice.capstone import reference as book
from backprop_core.practice.capstone.final_check import _bound
from backprop_core.practice.capstone.flow import flat_gradient, neuron_order

Neuron, Layer, MLP = book.mlp_classes(book.Value)

# -- as_matrices --------------------------------------------------------------------------------


def right_loops(model: Any) -> list[tuple[np.ndarray, np.ndarray]]:
    out = []
    for layer in model.layers:
        W = np.zeros((len(layer.neurons), len(layer.neurons[0].w)))
        b = np.zeros(len(layer.neurons))
        for j, neuron in enumerate(layer.neurons):
            for k, w in enumerate(neuron.w):
                W[j, k] = w.data
            b[j] = neuron.b.data
        out.append((W, b))
    return out


def right_columns(model: Any) -> list[tuple[list[list[float]], np.ndarray]]:
    """b as a column (n, 1), W as nested lists: both fine for the book's Dense."""
    return [([[w.data for w in n.w] for n in layer.neurons],
             np.array([[n.b.data] for n in layer.neurons])) for layer in model.layers]


def transposed(model: Any) -> Any:
    return [(W.T, b) for W, b in book.as_matrices(model)]


def values_inside(model: Any) -> Any:
    return [(np.array([n.w for n in layer.neurons]), np.array([n.b for n in layer.neurons]))
            for layer in model.layers]


def grads(model: Any) -> Any:
    return [(np.array([[w.grad for w in n.w] for n in layer.neurons]),
             np.array([n.b.data for n in layer.neurons])) for layer in model.layers]


def b_row(model: Any) -> Any:
    return [(W, b.reshape(1, -1)) for W, b in book.as_matrices(model)]


def first_two(model: Any) -> Any:
    return book.as_matrices(model)[:2]


def flat(model: Any) -> Any:
    return [p.data for p in model.parameters()]


def biases_swapped(model: Any) -> Any:
    return [(W, b[::-1].copy()) for W, b in book.as_matrices(model)]


def weights_swapped(model: Any) -> Any:
    return [(W[::-1].copy(), b) for W, b in book.as_matrices(model)]


def no_pairs(model: Any) -> Any:
    return [W for W, _ in book.as_matrices(model)]


def steps_model(model: Any) -> Any:
    for p in model.parameters():
        p.grad = 0.0
    return book.as_matrices(model)


def as_dict(model: Any) -> Any:
    return {l: pair for l, pair in enumerate(book.as_matrices(model), start=1)}  # noqa: E741


def as_text(model: Any) -> Any:
    return [(W.astype(str), b) for W, b in book.as_matrices(model)]


def augmented(model: Any) -> Any:
    return [(np.hstack([W, b[:, None]]), b) for W, b in book.as_matrices(model)]


def stub(model: Any) -> None:
    ...


def returns_nothing(model: Any) -> None:
    book.as_matrices(model)


@pytest.mark.parametrize("fn", [book.as_matrices, right_loops, right_columns],
                         ids=lambda f: f.__name__)
def test_correct_as_matrices_pass(fn: Any) -> None:
    report = check_as_matrices(fn, quiet=True)
    assert report.ok, str(report)


MATRIX_MUTANTS = [
    ("not-written", stub, "not written yet"),
    ("not-written", returns_nothing, "returned None"),
    ("transposed", transposed, "Yours is transposed"),
    ("values-not-numbers", values_inside, "holds Values"),
    ("used-grad", grads, ".grad"),
    ("b-shape", b_row, "has shape (1, 4), expected (4,)"),
    ("matrices-count", first_two, "returned 2 items, expected 3"),
    ("matrices-count", flat, "returned 31 items, expected 3"),
    ("b-values", biases_swapped, "the bias of neuron 0 of layer 1"),
    ("W-values", weights_swapped, "weight 0 of neuron 0 of layer 1"),
    ("pair", no_pairs, "each item is a pair"),
    ("changed-input", steps_model, "only read them"),
    ("matrices-type", as_dict, "return a list with one pair"),
    ("matrices-type", as_text, "a numpy array of numbers"),
    ("W-shape", augmented, "has shape (4, 3), expected (4, 2)"),
]


@pytest.mark.parametrize(("mistake", "fn", "words"), MATRIX_MUTANTS,
                         ids=[f"{m[0]}-{m[1].__name__}" for m in MATRIX_MUTANTS])
def test_each_wrong_as_matrices_gets_its_own_hint(mistake: str, fn: Any, words: str) -> None:
    report = check_as_matrices(fn, quiet=True)
    assert not report.ok
    text = " ".join(str(report).split())
    assert report.mistake == mistake, text
    assert words in text, text


# -- the flow between the steps ----------------------------------------------------------------


def test_neuron_order_maps_the_readers_parameters_onto_get_params() -> None:
    net = Network.from_sizes([2, 3, 2], "tanh", loss="squared_error", seed=4)
    model = MLP(2, [3, 2])
    set_parameters(model, net)
    theta = net.get_params()
    np.testing.assert_array_equal([p.data for p in model.parameters()],
                                  theta[neuron_order(net.sizes)])
    np.testing.assert_array_equal(to_network(book.as_matrices(model)).get_params(), theta)
    with pytest.raises(ShapeError, match="the model has 17 parameters but .* has 33"):
        set_parameters(model, Network.from_sizes([2, 8, 1], "tanh", loss="squared_error"))
    with pytest.raises(ShapeError, match="sizes \\[2, 8, 1\\] make 33"):
        flat_gradient(model, [2, 8, 1])
    with pytest.raises(ArgumentError, match="at least one"):
        to_network([])
    with pytest.raises(ArgumentError, match="at least one sample"):
        accuracy(model, [], [])


def test_the_scalar_network_and_the_matrix_one_train_alike() -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2, 12))
    Y = np.where(X[0] * X[1] > 0, 1.0, -1.0).reshape(1, -1)
    start = Network.from_sizes([2, 4, 1], "tanh", loss="squared_error", seed=1)
    model = MLP(2, [4, 1])
    set_parameters(model, start)
    order = np.random.default_rng(3)
    for _ in range(3):  # the chapter's loop: sgd's order and batches
        shuffled = order.permutation(12)
        for first in range(0, 12, 5):
            batch = shuffled[first:first + 5]
            book.train_step(model, X.T[batch].tolist(), Y[0, batch].tolist(), 0.5)
    twin = start.copy()
    sgd(twin, X, Y, learning_rate=0.5, batch_size=5, epochs=3, seed=3)
    np.testing.assert_allclose(to_network(book.as_matrices(model)).get_params(),
                               twin.get_params(), rtol=0, atol=1e-12)


def test_keep_if_right_keeps_a_passing_answer_and_says_so(capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    class Mine(book.CoreValue):
        pass

    assert keep_if_right(Mine, check_value_core, book.CoreValue, what="Value") is Mine
    assert "Your Value passed" in capsys.readouterr().out


def test_keep_if_right_falls_back_and_says_why(capsys: pytest.CaptureFixture[str]) -> None:
    class Unfinished:
        def __init__(self, data: float) -> None:
            self.data, self.grad = float(data), 0.0

        def __add__(self, other: Any) -> None:
            ...

    chosen = keep_if_right(Unfinished, check_value_core, book.CoreValue, what="Value")
    assert chosen is book.CoreValue
    out = capsys.readouterr().out
    assert "Not passing yet: your Value" in out and max(map(len, out.splitlines())) <= 78
    assert keep_if_right(book.Value, check_value_core, book.Value, what="Value") is book.Value
    assert "goes on with the book's Value" in capsys.readouterr().out


# -- the final check -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def trained() -> tuple[Any, list[list[float]], list[float]]:
    rng = np.random.default_rng(5)
    X = rng.normal(size=(2, 40))
    Y = np.where(X[0] + 0.5 * X[1] > 0, 1.0, -1.0)
    model = MLP(2, [3, 1])
    set_parameters(model, Network.from_sizes([2, 3, 1], "tanh", loss="squared_error", seed=0))
    for _ in range(60):
        book.train_step(model, X.T.tolist(), Y.tolist(), 0.5)
    return model, X.T.tolist(), Y.tolist()


def test_the_final_check_passes_with_the_books_parts(trained: Any) -> None:
    model, xs, ys = trained
    assert accuracy(model, xs, ys) >= 0.95
    report = check_final(MLP, book.cost, model, xs, ys, quiet=True)
    assert report.ok, str(report)
    text = str(report)
    assert "the book's Value, MLP and cost" in text and "less than 1e-1" in text
    assert gradient_difference(MLP, book.cost) < 1e-14


def test_the_final_check_names_the_readers_parts_and_fails_on_wrong_gradients(
        trained: Any) -> None:
    model, xs, ys = trained

    def my_cost(model: Any, xs: Any, ys: Any) -> Any:  # the ½ forgotten
        return sum((model(x) - y) ** 2 for x, y in zip(xs, ys, strict=True)) / len(xs)

    report = check_final(MLP, my_cost, model, xs, ys, quiet=True)
    assert not report.ok and report.mistake == "gradients"
    assert "(tolerance 1e-9)" in str(report)


def test_the_final_check_fails_below_the_bar(trained: Any) -> None:
    model, xs, ys = trained
    untrained = MLP(2, [3, 1])
    set_parameters(untrained, Network.from_sizes([2, 3, 1], "tanh", loss="squared_error",
                                                 seed=0))
    report = check_final(MLP, book.cost, untrained, xs, ys, bar=0.99, quiet=True)
    assert not report.ok and report.mistake == "accuracy"
    assert "(the bar: 99%)" in str(report)


def test_the_final_check_says_whose_parts_it_checked(trained: Any) -> None:
    model, xs, ys = trained

    def my_cost(model: Any, xs: Any, ys: Any) -> Any:
        return book.cost(model, xs, ys)

    report = check_final(MLP, my_cost, model, xs, ys, quiet=True)
    assert report.ok and "(your cost; the book's Value and MLP)" in str(report)


def test_the_bound_printed_for_a_difference() -> None:
    assert _bound(0.0) == "nothing"
    assert _bound(2.4e-16) == "less than 1e-15"
    assert _bound(1e-10) == "less than 1e-9"
