"""Gradient descent as walking downhill: θ ← θ - η ∂J/∂θ, one step at a time, with the
path kept so that it can be drawn on the cost surface."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from backprop_core.errors import (
    ArgumentError,
    NonFiniteError,
    check_array,
    check_instance,
    check_rate,
    check_steps,
)
from backprop_core.networks.network import Network

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Walk:
    """``params[t]`` and ``costs[t]`` after t steps (t = 0: the start)."""

    params: list[Array]
    costs: list[float]


def walk_downhill(net: Network, X: ArrayLike, Y: ArrayLike, *, learning_rate: float,
                  steps: int) -> Walk:
    """``steps`` full-batch gradient-descent steps on ``net`` (in place), gradients by
    backpropagation; the cost J of the samples in the columns of X and Y after each."""
    check_instance(net, Network, "net")
    learning_rate = check_rate(learning_rate, "learning_rate")
    steps = check_steps(steps, "steps")
    params, costs = [net.get_params()], [net.cost(X, Y)]
    for step in range(1, steps + 1):
        try:
            with np.errstate(over="ignore", invalid="ignore"):  # reported below, in words
                theta = params[-1] - learning_rate * net.gradients(X, Y).flat()
            net.set_params(theta)
            costs.append(net.cost(X, Y))
        except NonFiniteError as exc:
            raise NonFiniteError(f"the walk diverged in step {step} ({exc}): try a smaller "
                                 f"learning_rate than {learning_rate:g}") from None
        params.append(net.get_params())
    return Walk(params, costs)


def cost_surface(net: Network, X: ArrayLike, Y: ArrayLike, first: ArrayLike,
                 second: ArrayLike) -> Array:
    """J on a grid for a network with exactly two parameters θ = (θ_1, θ_2) (one neuron
    with one input: its weight and its bias). Entry [i, k] is J at (first[k], second[i]),
    the layout of ``plt.contour(first, second, ...)``. The network is left as it was."""
    check_instance(net, Network, "net")
    if net.n_params != 2:
        raise ArgumentError(f"cost_surface needs a network with two parameters, {net!r} has "
                         f"{net.n_params}")
    keep = net.get_params()
    xs = check_array(first, "first (the values of θ_1)", ndim=1)
    ys = check_array(second, "second (the values of θ_2)", ndim=1)
    surface = np.empty((ys.size, xs.size))
    try:
        for i, t2 in enumerate(ys):
            for k, t1 in enumerate(xs):
                net.set_params([t1, t2])
                surface[i, k] = net.cost(X, Y)
    finally:
        net.set_params(keep)
    return surface
