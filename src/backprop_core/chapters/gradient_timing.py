"""How long a gradient takes: finite differences against one backward pass.

A centred difference needs two evaluations of the cost per parameter, so the gradient of
P parameters takes 2P forward passes; backpropagation takes one forward and one backward
pass, whatever P is (the backward pass costs about as much as two forward passes).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from backprop_core.checks.gradcheck import numerical_gradient
from backprop_core.errors import check_count, check_instance
from backprop_core.networks.network import Network

Array = NDArray[np.float64]


def finite_difference_gradient(
    net: Network, X: ArrayLike, Y: ArrayLike, h: float = 1e-5
) -> tuple[Array, int]:
    """(∂J/∂θ by centred differences, number of forward passes it took). The network's
    parameters are left as they were."""
    check_instance(net, Network, "net")
    theta = net.get_params()
    passes = 0
    probe = net.copy()

    def cost(t: Array) -> float:
        nonlocal passes
        passes += 1
        probe.set_params(t)
        return probe.cost(X, Y)

    return numerical_gradient(cost, theta, h), passes


@dataclass(frozen=True)
class GradientTiming:
    """Seconds per gradient (best of ``repeats`` runs or more) by backpropagation and by finite
    differences, for a network with ``n_params`` parameters."""

    n_params: int
    backprop_seconds: float
    finite_difference_seconds: float
    forward_seconds: float
    finite_difference_passes: int

    @property
    def ratio(self) -> float:
        """How many times longer finite differences take than backpropagation."""
        return self.finite_difference_seconds / self.backprop_seconds


def _best_time(run: Callable[[], object], repeats: int, fill: float = 0.05,
               most: int = 1000) -> float:
    """The shortest of at least ``repeats`` runs, and of as many more (up to ``most``) as
    fill ``fill`` seconds: a run of a millisecond timed only 3 times on a busy machine can
    be slowed in all 3, and the ratios the book states would then not hold."""
    best, spent, runs = float("inf"), 0.0, 0
    while runs < repeats or (spent < fill and runs < most):
        start = time.perf_counter()
        run()
        took = time.perf_counter() - start
        best, spent, runs = min(best, took), spent + took, runs + 1
    return best


def time_gradients(net: Network, X: ArrayLike, Y: ArrayLike, repeats: int = 3) -> GradientTiming:
    """Time one gradient both ways, and one forward pass (the cost alone), on this machine.
    Timings vary from run to run; their ratio much less."""
    check_instance(net, Network, "net")
    repeats = check_count(repeats, "repeats")
    passes = finite_difference_gradient(net, X, Y)[1]
    return GradientTiming(
        n_params=net.n_params,
        backprop_seconds=_best_time(lambda: net.gradients(X, Y), repeats),
        finite_difference_seconds=_best_time(
            lambda: finite_difference_gradient(net, X, Y), repeats),
        forward_seconds=_best_time(lambda: net.cost(X, Y), repeats),
        finite_difference_passes=passes,
    )
