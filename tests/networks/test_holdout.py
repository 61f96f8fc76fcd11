"""holdout.py: splitting off held-out samples and training with both curves."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from backprop_core.errors import ArgumentError, ArgumentTypeError, NonFiniteError, ShapeError
from backprop_core.networks.datasets import two_moons
from backprop_core.networks.holdout import split, train_with_held_out
from backprop_core.networks.network import Network


def test_split_partitions_the_columns() -> None:
    X = np.arange(20.0).reshape(2, 10)
    Y = np.arange(10.0).reshape(1, 10)
    Xt, Yt, Xh, Yh = split(X, Y, held_out=0.3, seed=4)
    assert Xt.shape == (2, 7) and Xh.shape == (2, 3)
    assert sorted(np.r_[Yt[0], Yh[0]].tolist()) == list(range(10))
    np.testing.assert_array_equal(Xt[0], Yt[0])   # columns stay together
    np.testing.assert_array_equal(Xh[1], Yh[0] + 10)
    assert split(X, Y, 0.3, seed=4)[3].tolist() == Yh.tolist()


def test_split_checks_its_arguments() -> None:
    with pytest.raises(ShapeError, match="same number of columns"):
        split(np.zeros((2, 3)), np.zeros((1, 4)))
    with pytest.raises(ArgumentError, match=r"^held_out must be a fraction strictly between 0 "
                                            r"and 1, got 1$"):
        split(np.zeros((2, 3)), np.zeros((1, 3)), held_out=1.0)
    with pytest.raises(ArgumentError, match=r"^X and Y need at least two samples to hold one "
                                            r"out, got 1$"):
        split(np.zeros((2, 1)), np.zeros((1, 1)))


def test_training_records_both_costs_and_learns() -> None:
    X, Y = two_moons(n=120, noise=0.1, seed=0).columns()
    Xt, Yt, Xh, Yh = split(X, Y, 0.25, seed=0)
    net = Network.from_sizes([2, 8, 1], ["tanh", "sigmoid"], loss="binary_cross_entropy")
    curves = train_with_held_out(net, Xt, Yt, Xh, Yh, epochs=30, learning_rate=0.5,
                                 batch_size=10, seed=0)
    assert len(curves.train) == len(curves.held_out) == 31
    assert curves.train[-1] == pytest.approx(net.cost(Xt, Yt))
    assert curves.held_out[-1] == pytest.approx(net.cost(Xh, Yh))
    assert curves.held_out[-1] < 0.6 * curves.held_out[0]
    assert curves.diverged_at is None and curves.held_out_accuracy > 0.8


def test_a_diverging_run_stops_and_says_when() -> None:
    X = np.linspace(-50, 50, 20).reshape(1, -1)
    Xt, Yt, Xh, Yh = split(X, 3 * X, 0.2, seed=0)
    net = Network.from_sizes([1, 1], "identity")
    curves = train_with_held_out(net, Xt, Yt, Xh, Yh, epochs=300, learning_rate=10.0,
                                 batch_size=16)
    assert curves.diverged_at is not None and len(curves.train) == curves.diverged_at
    assert curves.held_out_accuracy is None and curves.train_accuracy is None


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    # before: epochs=-3 trained nothing and reported nothing; 1.5 was a raw TypeError
    ({"epochs": -3}, ArgumentError, r"^epochs must be an integer >= 0, got -3$"),
    ({"epochs": 1.5}, ArgumentError, r"^epochs must be an integer, got 1.5$"),
    ({"seed": -1}, ArgumentError, r"^seed must be an integer >= 0, got -1$"),
    ({"learning_rate": -5.0}, ArgumentError, r"^learning_rate must be > 0, got -5$"),
    ({"learning_rate": "0.1"}, ArgumentTypeError, r"^learning_rate must be a real number, "
                                                  r"got str '0.1'$"),
    ({"batch_size": 0}, ArgumentError, r"^batch_size must be an integer >= 1, got 0$"),
    ({"net": None}, ArgumentTypeError, r"^net must be a Network, got NoneType None$"),
    ({"X_held": np.full((2, 3), np.nan)}, NonFiniteError, r"^X_held: input x contains nan"),
])
def test_training_arguments_are_checked_before_anything_runs(kwargs: dict[str, Any],
                                                             error: type, message: str) -> None:
    X, Y = two_moons(n=20, seed=0).columns()
    args: dict[str, Any] = {"net": Network.from_sizes([2, 3, 1], "sigmoid"), "X_train": X,
                            "Y_train": Y, "X_held": X[:, :3], "Y_held": Y[:, :3], "epochs": 2,
                            "learning_rate": 0.5, "batch_size": 4, **kwargs}
    net = args["net"]
    before = net.get_params() if isinstance(net, Network) else None
    with pytest.raises(error, match=message):
        train_with_held_out(**args)
    if before is not None:
        np.testing.assert_array_equal(net.get_params(), before)  # nothing was trained


def test_zero_epochs_measure_the_start() -> None:
    X, Y = two_moons(n=20, seed=0).columns()
    net = Network.from_sizes([2, 3, 1], "sigmoid")
    curves = train_with_held_out(net, X, Y, X[:, :3], Y[:, :3], epochs=0, learning_rate=0.5,
                                 batch_size=4)
    assert len(curves.train) == 1 and curves.train[0] == net.cost(X, Y)
    assert curves.train_accuracy is not None


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"seed": 1.5}, ArgumentError, r"^seed must be an integer, got 1.5$"),
    ({"held_out": "0.3"}, ArgumentTypeError, r"^held_out must be a real number, got str "
                                             r"'0.3'$"),
    ({"held_out": float("nan")}, ArgumentError, r"^held_out must be a finite number, got nan$"),
    ({"X": np.array([[np.nan, 1.0, 2.0]])}, NonFiniteError, r"^X contains nan"),
])
def test_split_arguments_follow_the_shared_rules(kwargs: dict[str, Any], error: type,
                                                 message: str) -> None:
    args: dict[str, Any] = {"X": np.zeros((1, 3)), "Y": np.zeros((1, 3)), **kwargs}
    with pytest.raises(error, match=message):
        split(**args)
