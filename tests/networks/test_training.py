"""training.py: minibatch SGD learns the toy datasets; history, snapshots, grids."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest

from backprop_core.errors import ArgumentError, ArgumentTypeError, NonFiniteError, ShapeError
from backprop_core.networks.datasets import spirals, two_moons, xor
from backprop_core.networks.layers import Dense
from backprop_core.networks.network import Network
from backprop_core.networks.training import accuracy, decision_grid, sgd


def test_sgd_learns_xor_and_records_the_cost_per_epoch() -> None:
    X, Y = xor(n=80, noise=0.1).columns()
    net = Network.from_sizes([2, 4, 1], ["tanh", "sigmoid"], loss="binary_cross_entropy")
    history = sgd(net, X, Y, learning_rate=0.5, batch_size=8, epochs=150, seed=0)
    assert len(history.costs) == 151 and history.snapshots == []
    assert history.costs[-1] < 0.1 * history.costs[0]
    assert history.costs[-1] == pytest.approx(net.cost(X, Y))
    assert accuracy(net, X, Y) == 1.0


def test_softmax_network_learns_spirals() -> None:
    X, Y = spirals(n=150, n_classes=3, noise=0.05).columns()
    net = Network.from_sizes([2, 24, 24, 3], ["relu", "relu", "softmax"],
                             loss="softmax_cross_entropy", seed=1)
    history = sgd(net, X, Y, learning_rate=0.2, batch_size=16, epochs=150)
    assert history.costs[-1] < 0.3 * history.costs[0]
    assert accuracy(net, X, Y) > 0.9


def test_snapshots_every_k_epochs_and_at_the_end() -> None:
    X, Y = two_moons(n=40).columns()
    net = Network.from_sizes([2, 5, 1], ["tanh", "sigmoid"], seed=0)
    history = sgd(net, X, Y, epochs=7, snapshot_every=3)
    assert [s.epoch for s in history.snapshots] == [0, 3, 6, 7]
    np.testing.assert_array_equal(history.snapshots[-1].params, net.get_params())
    assert [s.cost for s in history.snapshots] == [history.costs[e] for e in (0, 3, 6, 7)]
    first = Network.from_sizes([2, 5, 1], ["tanh", "sigmoid"], seed=0)
    np.testing.assert_array_equal(history.snapshots[0].params, first.get_params())


def test_training_is_reproducible_with_a_seed() -> None:
    X, Y = two_moons(n=40).columns()
    runs = []
    for seed in (0, 0, 1):
        net = Network.from_sizes([2, 5, 1], "sigmoid", seed=0)
        runs.append(sgd(net, X, Y, epochs=5, batch_size=4, seed=seed).costs)
    assert runs[0] == runs[1] and runs[0] != runs[2]


def test_divergence_is_reported() -> None:
    X = np.linspace(-50, 50, 20).reshape(1, -1)
    net = Network.from_sizes([1, 1], "identity")
    with pytest.raises(NonFiniteError, match=r"became NaN or inf in epoch \d+: training "
                                             r"diverged, try a smaller learning_rate than 10"):
        sgd(net, X, 3 * X, learning_rate=10.0, batch_size=20, epochs=300)
    net.set_params([1.0, 0.0])
    with pytest.raises(NonFiniteError, match=r"^a parameter became NaN or inf in epoch 1"):
        sgd(net, [[2.0]], [[0.0]], learning_rate=1e308, epochs=1)  # W = 1 - 1e308·4


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"learning_rate": 0.0}, r"^learning_rate must be > 0, got 0$"),
    ({"learning_rate": -0.5}, r"^learning_rate must be > 0, got -0.5$"),
    ({"learning_rate": float("nan")}, r"^learning_rate must be a finite number, got nan$"),
    ({"learning_rate": float("inf")}, r"^learning_rate must be a finite number, got inf$"),
    ({"learning_rate": "0.1"}, r"^learning_rate must be a real number, got str '0.1'$"),
    ({"learning_rate": None}, r"^learning_rate must be a real number, got NoneType None$"),
    ({"learning_rate": True}, r"^learning_rate must be a real number, got bool True$"),
    ({"batch_size": 0}, r"^batch_size must be an integer >= 1, got 0$"),
    ({"batch_size": 2.5}, r"^batch_size must be an integer, got 2.5$"),
    ({"batch_size": "4"}, r"^batch_size must be an integer, got str '4'$"),
    ({"epochs": -1}, r"^epochs must be an integer >= 0, got -1$"),
    ({"epochs": 1.5}, r"^epochs must be an integer, got 1.5$"),
    ({"epochs": float("nan")}, r"^epochs must be an integer, got nan$"),
    ({"seed": "a"}, r"^seed must be an integer, got str 'a'$"),
    ({"snapshot_every": 0}, r"^snapshot_every \(a number of epochs\) must be an integer >= 1, "
                            r"got 0$"),
    ({"snapshot_every": 0.5}, r"^snapshot_every \(a number of epochs\) must be an integer, "
                              r"got 0.5$"),
])
def test_bad_arguments(kwargs: dict[str, float], message: str) -> None:
    net = Network.from_sizes([2, 1], "sigmoid")
    with pytest.raises(ArgumentError, match=message):
        sgd(net, np.zeros((2, 4)), np.zeros((1, 4)), **kwargs)  # type: ignore[arg-type]


def test_sgd_checks_that_inputs_and_targets_match() -> None:
    net = Network.from_sizes([2, 1], "sigmoid")
    with pytest.raises(ShapeError, match=r"targets y must have shape \(1, 4\)"):
        sgd(net, np.zeros((2, 4)), np.zeros((1, 5)))


def test_accuracy_for_one_and_several_outputs() -> None:
    net = Network.from_sizes([1, 1], "identity")
    net.set_params([1.0, 0.0])  # output = x
    assert accuracy(net, [[0.9, 0.1, 0.7, 0.2]], [[1, 0, 0, 0]]) == 0.75
    net3 = Network.from_sizes([3, 3], "identity")
    net3.set_params(np.concatenate([np.eye(3).ravel(), np.zeros(3)]))
    assert accuracy(net3, np.eye(3), np.eye(3)[:, [0, 1, 0]]) == pytest.approx(2 / 3)


def test_decision_grid_shapes_and_values() -> None:
    net = Network.from_sizes([2, 3, 1], ["tanh", "sigmoid"], seed=0)
    xx, yy, probs = decision_grid(net, (-1.0, 1.0), (0.0, 2.0), resolution=5)
    assert xx.shape == yy.shape == probs.shape == (5, 5)
    assert (xx[0, 0], yy[-1, 0]) == (-1.0, 2.0)
    assert probs[2, 3] == pytest.approx(net.predict([xx[2, 3], yy[2, 3]])[0, 0])
    net3 = Network.from_sizes([2, 3], "softmax", loss="softmax_cross_entropy")
    _, _, probs3 = decision_grid(net3, (-1.0, 1.0), (-1.0, 1.0), resolution=4)
    assert probs3.shape == (3, 4, 4)
    np.testing.assert_allclose(probs3.sum(axis=0), 1.0)
    with pytest.raises(ShapeError, match="decision_grid needs a network with 2 inputs, got "
                                         "n_0 = 3"):
        decision_grid(net3 if False else Network.from_sizes([3, 1]), (0, 1), (0, 1))
    with pytest.raises(ArgumentError, match=r"^resolution must be at least 2 \(a grid needs "
                                            r"two points per axis\), got 1$"):
        decision_grid(net, (0, 1), (0, 1), resolution=1)


def test_sgd_on_an_empty_data_set_says_so_instead_of_diverging() -> None:
    net = Network.from_sizes([3, 2, 1], "sigmoid")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ShapeError, match=r"^input x has no samples"):
            sgd(net, np.zeros((3, 0)), np.zeros((1, 0)), epochs=1)
        with pytest.raises(ShapeError, match=r"^input x has no samples"):
            accuracy(net, np.zeros((3, 0)), np.zeros((1, 0)))


def test_an_overflow_while_training_is_reported_as_divergence() -> None:
    # identity layers: the parameters grow by 1e150 per step until z^1 overflows
    net = Network.from_sizes([1, 1, 1], "identity")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(NonFiniteError, match=r"in epoch \d+: training diverged, try a "
                                                 r"smaller learning_rate than 1e\+150$") as info:
            sgd(net, [[1.0, 2.0]], [[3.0, 1.0]], learning_rate=1e150, epochs=20)
    assert isinstance(info.value.__cause__, NonFiniteError)  # what overflowed, kept as cause


def test_bad_data_before_training_is_not_called_divergence() -> None:
    net = Network([Dense([[1e200]], [0.0], "identity")])
    with pytest.raises(NonFiniteError, match=r"^z\^1 = W\^1 a\^0 \+ b\^1 is inf"):
        sgd(net, [[1e200]], [[0.0]], epochs=1)


@pytest.mark.parametrize(("xlim", "error", "message"), [
    ((float("nan"), 1.0), ArgumentError, r"^xlim\[0\] must be a finite number, got nan$"),
    ((1.0, 1.0), ArgumentError, r"^xlim must have low < high, got \(1, 1\)$"),
    ("ab", ArgumentTypeError, r"^xlim must be a pair \(low, high\) of numbers, got str 'ab'$"),
    ((0.0, "1"), ArgumentTypeError, r"^xlim\[1\] must be a real number, got str '1'$"),
])
def test_decision_grid_checks_its_limits(xlim: Any, error: type, message: str) -> None:
    net = Network.from_sizes([2, 1], "sigmoid")
    with pytest.raises(error, match=message):
        decision_grid(net, xlim, (0.0, 1.0))
    with pytest.raises(ArgumentError, match=r"^resolution must be an integer, got 2.5$"):
        decision_grid(net, (0.0, 1.0), (0.0, 1.0), resolution=2.5)  # type: ignore[arg-type]


def test_an_overflow_in_a_later_minibatch_is_reported_as_divergence() -> None:
    # seed 0 visits x = 1 first: W becomes -1e300, then z = W·1e10 overflows
    net = Network([Dense([[1.0]], [0.0], "identity")])
    with pytest.raises(NonFiniteError, match=r"^a gradient became NaN or inf in epoch 1") as info:
        sgd(net, [[1.0, 1e10]], [[0.0, 0.0]], learning_rate=1e300, batch_size=1, epochs=1,
            seed=0)
    assert str(info.value.__cause__).startswith("z^1 = W^1 a^0 + b^1 is -inf")
