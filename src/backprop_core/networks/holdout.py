"""Held-out data: train on one part of a data set, measure the cost on the part never
trained on. The gap between the two costs is what generalisation is about."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from backprop_core.errors import ArgumentError, NonFiniteError, ShapeError
from backprop_core.networks.network import Network
from backprop_core.networks.training import accuracy, sgd

Array = NDArray[np.float64]


def split(
    X: ArrayLike, Y: ArrayLike, held_out: float = 0.3, seed: int = 0
) -> tuple[Array, Array, Array, Array]:
    """(X_train, Y_train, X_held, Y_held): samples are columns, a random ``held_out``
    fraction of them (at least one, never all) goes to the held-out part."""
    X_arr, Y_arr = np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)
    if X_arr.ndim != 2 or Y_arr.ndim != 2 or X_arr.shape[1] != Y_arr.shape[1]:
        raise ShapeError(f"X and Y must be matrices with one sample per column and the same "
                         f"number of columns, got shapes {X_arr.shape} and {Y_arr.shape}")
    if not 0.0 < held_out < 1.0:
        raise ArgumentError(f"held_out is a fraction between 0 and 1, got {held_out}")
    m = X_arr.shape[1]
    if m < 2:
        raise ArgumentError("need at least two samples to hold one out")
    n_held = min(m - 1, max(1, round(held_out * m)))
    order = np.random.default_rng(seed).permutation(m)
    held, train = np.sort(order[:n_held]), np.sort(order[n_held:])
    return X_arr[:, train], Y_arr[:, train], X_arr[:, held], Y_arr[:, held]


@dataclass
class Curves:
    """Cost on the training and on the held-out samples after each epoch (index 0: before
    training); ``diverged_at`` is the epoch in which training blew up, if it did."""

    train: list[float] = field(default_factory=list)
    held_out: list[float] = field(default_factory=list)
    train_accuracy: float = float("nan")
    held_out_accuracy: float = float("nan")
    diverged_at: int | None = None


def train_with_held_out(
    net: Network,
    X_train: ArrayLike,
    Y_train: ArrayLike,
    X_held: ArrayLike,
    Y_held: ArrayLike,
    *,
    epochs: int,
    learning_rate: float,
    batch_size: int,
    seed: int = 0,
) -> Curves:
    """Train ``net`` in place with ``training.sgd`` one epoch at a time, recording both
    costs. A run that diverges stops there and says so instead of raising."""
    curves = Curves()
    curves.train.append(net.cost(X_train, Y_train))
    curves.held_out.append(net.cost(X_held, Y_held))
    for epoch in range(1, epochs + 1):
        try:
            history = sgd(net, X_train, Y_train, learning_rate=learning_rate,
                          batch_size=batch_size, epochs=1, seed=seed + epoch)
            held = net.cost(X_held, Y_held)
        except NonFiniteError:
            curves.diverged_at = epoch
            return curves
        if not np.isfinite(held):
            curves.diverged_at = epoch
            return curves
        curves.train.append(history.costs[-1])
        curves.held_out.append(held)
    curves.train_accuracy = accuracy(net, X_train, Y_train)
    curves.held_out_accuracy = accuracy(net, X_held, Y_held)
    return curves
