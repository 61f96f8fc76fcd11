"""Held-out data: train on one part of a data set, measure the cost on the part never
trained on. The gap between the two costs is what generalisation is about."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from backprop_core.errors import (
    ArgumentError,
    NonFiniteError,
    ShapeError,
    blame,
    check_array,
    check_count,
    check_fraction,
    check_instance,
    check_rate,
    check_seed,
    check_steps,
)
from backprop_core.networks.network import Network
from backprop_core.networks.training import accuracy, sgd

Array = NDArray[np.float64]


def split(
    X: ArrayLike, Y: ArrayLike, held_out: float = 0.3, seed: int = 0
) -> tuple[Array, Array, Array, Array]:
    """(X_train, Y_train, X_held, Y_held): samples are columns, a random ``held_out``
    fraction of them (at least one, never all) goes to the held-out part."""
    X_arr = check_array(X, "X", ndim=2)
    Y_arr = check_array(Y, "Y", ndim=2)
    if X_arr.shape[1] != Y_arr.shape[1]:
        raise ShapeError(f"X and Y must have one sample per column and the same number of "
                         f"columns, got shapes {X_arr.shape} and {Y_arr.shape}")
    held_out = check_fraction(held_out, "held_out")
    seed = check_seed(seed)
    m = X_arr.shape[1]
    if m < 2:
        raise ArgumentError(f"X and Y need at least two samples to hold one out, got {m}")
    n_held = min(m - 1, max(1, round(held_out * m)))
    order = np.random.default_rng(seed).permutation(m)
    held, train = np.sort(order[:n_held]), np.sort(order[n_held:])
    return X_arr[:, train], Y_arr[:, train], X_arr[:, held], Y_arr[:, held]


def _samples(net: Network, X: ArrayLike, Y: ArrayLike, x_name: str, y_name: str
             ) -> tuple[Array, Array]:
    """X and Y checked by the network, the errors naming the arguments."""
    with blame(x_name):
        X_arr = net.check_input(X)
        if X_arr.shape[1] == 0:
            raise ShapeError(f"{x_name} has no samples (0 columns), got array of shape "
                             f"{np.shape(X)}")
    with blame(y_name):
        return X_arr, net.check_targets(Y, X_arr.shape[1])


@dataclass
class Curves:
    """Cost on the training and on the held-out samples after each epoch (index 0: before
    training); ``diverged_at`` is the epoch in which training blew up, if it did; the
    accuracies after the last epoch (None when training diverged)."""

    train: list[float] = field(default_factory=list)
    held_out: list[float] = field(default_factory=list)
    train_accuracy: float | None = None
    held_out_accuracy: float | None = None
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
    costs. A run that diverges stops there and says so instead of raising.

    Epoch e shuffles with seed ``seed + e``; ``epochs = 0`` only measures the start."""
    check_instance(net, Network, "net")
    epochs = check_steps(epochs, "epochs")
    learning_rate = check_rate(learning_rate, "learning_rate")
    batch_size = check_count(batch_size, "batch_size")
    seed = check_seed(seed)
    curves = Curves()
    X_tr, Y_tr = _samples(net, X_train, Y_train, "X_train", "Y_train")
    X_h, Y_h = _samples(net, X_held, Y_held, "X_held", "Y_held")
    curves.train.append(net.cost(X_tr, Y_tr))
    curves.held_out.append(net.cost(X_h, Y_h))
    for epoch in range(1, epochs + 1):
        try:
            history = sgd(net, X_tr, Y_tr, learning_rate=learning_rate,
                          batch_size=batch_size, epochs=1, seed=seed + epoch)
            held = net.cost(X_h, Y_h)
        except NonFiniteError:
            curves.diverged_at = epoch
            return curves
        curves.train.append(history.costs[-1])
        curves.held_out.append(held)
    curves.train_accuracy = accuracy(net, X_tr, Y_tr)
    curves.held_out_accuracy = accuracy(net, X_h, Y_h)
    return curves
