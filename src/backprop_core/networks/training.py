"""Minibatch stochastic gradient descent, and helpers to look at what was learned.

Gradient descent is the optimiser: θ ← θ - α ∂C/∂θ. Backpropagation is only how ∂C/∂θ is
computed (``Network.gradients``). Each epoch visits the samples once, in a fresh random
order, in minibatches; each minibatch's mean cost is one step.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from backprop_core.errors import (
    ArgumentError,
    NonFiniteError,
    ShapeError,
    check_count,
    check_instance,
    check_interval,
    check_rate,
    check_seed,
    check_steps,
)
from backprop_core.networks.layers import as_columns
from backprop_core.networks.network import Network

Array = NDArray[np.float64]
MAX_RESOLUTION = 1000  # a grid of a million points


@dataclass(frozen=True)
class Snapshot:
    """The parameters θ (as ``Network.get_params``) and the cost after ``epoch`` epochs."""

    epoch: int
    params: Array
    cost: float


@dataclass
class History:
    """``costs[e]`` is the cost on the whole training set after e epochs (e = 0: before)."""

    costs: list[float] = field(default_factory=list)
    snapshots: list[Snapshot] = field(default_factory=list)


def sgd(
    net: Network,
    X: ArrayLike,
    Y: ArrayLike,
    *,
    learning_rate: float = 0.5,
    batch_size: int = 16,
    epochs: int = 100,
    seed: int = 0,
    snapshot_every: int | None = None,
) -> History:
    """Train ``net`` in place on samples in the columns of X and Y; return the history.

    With ``snapshot_every = k`` the parameters are kept after epochs 0, k, 2k, … and the last.
    """
    check_instance(net, Network, "net")
    learning_rate = check_rate(learning_rate, "learning_rate")
    batch_size = check_count(batch_size, "batch_size")
    epochs = check_steps(epochs, "epochs")
    seed = check_seed(seed)
    if snapshot_every is not None:
        snapshot_every = check_count(snapshot_every, "snapshot_every (a number of epochs)")
    X = net.check_input(X)
    Y = net.check_targets(Y, X.shape[1])
    m = X.shape[1]
    rng = np.random.default_rng(seed)
    history = History()

    def diverged(epoch: int, what: str) -> NonFiniteError:
        return NonFiniteError(f"{what} became NaN or inf in epoch {epoch}: training diverged, "
                              f"try a smaller learning_rate than {learning_rate:g}")

    def record(epoch: int) -> None:
        cost = net.cost(X, Y)  # raises NonFiniteError if the cost overflows
        history.costs.append(cost)
        if snapshot_every is not None and (epoch % snapshot_every == 0 or epoch == epochs):
            history.snapshots.append(Snapshot(epoch, net.get_params(), cost))

    record(0)  # an error here is the data's or the network's, not the training's
    # overflow is expected when training diverges; it is reported below in words instead
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(1, epochs + 1):
            order = rng.permutation(m)  # a fresh order each epoch, so batches differ
            for start in range(0, m, batch_size):
                batch = order[start:start + batch_size]
                try:
                    grads = net.gradients(X[:, batch], Y[:, batch])
                except NonFiniteError as exc:  # z^l, δ^l or a gradient overflowed
                    raise diverged(epoch, "a gradient") from exc
                for layer in net.layers:
                    layer.W -= learning_rate * grads.dW[layer.index]
                    layer.b -= learning_rate * grads.db[layer.index]
                if not np.isfinite(net.get_params()).all():
                    raise diverged(epoch, "a parameter")
            try:
                record(epoch)
            except NonFiniteError as exc:
                raise diverged(epoch, "the cost") from exc
    return history


def accuracy(net: Network, X: ArrayLike, Y: ArrayLike) -> float:
    """Fraction of samples classified right: output > 0.5 for one output neuron, else the
    largest output matches the largest target."""
    check_instance(net, Network, "net")
    X = net.check_input(X)
    Y = net.check_targets(Y, X.shape[1])
    out = net.predict(X)
    if out.shape[0] == 1:
        return float(np.mean((out > 0.5) == (Y > 0.5)))
    return float(np.mean(out.argmax(axis=0) == Y.argmax(axis=0)))


def decision_grid(
    net: Network,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    resolution: int = 100,
) -> tuple[Array, Array, Array]:
    """(xx, yy, probs) on a resolution × resolution grid, for contour plots of a 2-D input.

    probs has the grid's shape for one output neuron, and shape (n_L, *grid) otherwise.
    """
    check_instance(net, Network, "net")
    if net.sizes[0] != 2:
        raise ShapeError(f"decision_grid needs a network with 2 inputs, got n_0 = "
                         f"{net.sizes[0]}")
    resolution = check_count(resolution, "resolution", maximum=MAX_RESOLUTION)
    if resolution < 2:
        raise ArgumentError(f"resolution must be at least 2 (a grid needs two points per "
                            f"axis), got {resolution}")
    lo_x, hi_x = check_interval(xlim, "xlim")
    lo_y, hi_y = check_interval(ylim, "ylim")
    xx, yy = np.meshgrid(np.linspace(lo_x, hi_x, resolution),
                         np.linspace(lo_y, hi_y, resolution))
    out = net.predict(as_columns(np.vstack([xx.ravel(), yy.ravel()]), "grid"))
    probs = out.reshape((out.shape[0], *xx.shape))
    return xx, yy, (probs[0] if out.shape[0] == 1 else probs)
