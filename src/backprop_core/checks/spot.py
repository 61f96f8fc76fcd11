r"""Spot checks: finite differences for a sample of a big network's parameters.

A full check costs two evaluations of the cost per parameter, 2P forward passes for P
parameters, against one forward and one backward pass for all of backprop's gradients.
For a big network one checks k of them instead, and chooses them so that a bug cannot
hide: a few from **every** weight matrix and bias vector (a bug usually lives in one
layer's code, and a small block such as b^L is easily missed by a uniform sample).

With k indices drawn uniformly without replacement among P, of which B are wrong, the
chance that none of the wrong ones is drawn is C(P - B, k) / C(P, k) (``miss_probability``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from backprop_core.checks.gradcheck import DEFAULT_STEP, DEFAULT_TOLERANCE, relative_error
from backprop_core.errors import (
    ArgumentError,
    ShapeError,
    as_float_array,
    check_count,
    check_indices,
    check_instance,
    check_integer,
    check_rate,
    check_real,
    check_seed,
)
from backprop_core.networks.cost_functions import cost_of_params
from backprop_core.networks.initialisation import MAX_PARAMS
from backprop_core.networks.network import Network

Array = NDArray[np.float64]
Indices = NDArray[np.intp]


def blocks(net: Network) -> dict[str, Indices]:
    """{"W1": indices, "b1": ..., "W2": ...}: where each weight matrix and bias vector sits
    in ``net.get_params()``."""
    net = check_instance(net, Network, "net")
    found: dict[str, Indices] = {}
    start = 0
    for layer in net.layers:
        for name, size in ((f"W{layer.index}", layer.W.size), (f"b{layer.index}", layer.b.size)):
            found[name] = np.arange(start, start + size, dtype=np.intp)
            start += size
    return found


def uniform_indices(n_params: int, k: int, seed: int = 0) -> Indices:
    """k distinct indices among 0..n_params-1, uniformly at random, sorted."""
    n_params = check_count(n_params, "n_params", maximum=MAX_PARAMS)
    k = check_count(k, "k")
    if k > n_params:
        raise ArgumentError(f"k = {k} indices cannot be distinct among {n_params} parameters "
                            f"(n_params)")
    rng = np.random.default_rng(check_seed(seed))
    return np.sort(rng.choice(n_params, size=k, replace=False)).astype(np.intp)


def per_block_indices(net: Network, k: int, seed: int = 0) -> Indices:
    """k distinct indices from every weight matrix and bias vector (all of a smaller one)."""
    net = check_instance(net, Network, "net")
    k = check_count(k, "k (indices per block)")
    rng = np.random.default_rng(check_seed(seed))
    chosen = [rng.choice(block, size=min(k, block.size), replace=False)
              for block in blocks(net).values()]
    return np.sort(np.concatenate(chosen)).astype(np.intp)


def miss_probability(n_params: int, n_wrong: int, k: int) -> float:
    """The chance that k indices drawn uniformly without replacement among ``n_params``
    miss all ``n_wrong`` wrong ones: C(P - B, k)/C(P, k) = Π_{i<k} (P - B - i)/(P - i)."""
    n_params = check_count(n_params, "n_params", maximum=MAX_PARAMS)
    n_wrong = check_integer(n_wrong, "n_wrong", minimum=0)
    k = check_integer(k, "k", minimum=0)
    if n_wrong > n_params or k > n_params:
        raise ArgumentError(f"need n_wrong ≤ n_params and k ≤ n_params, got n_wrong = "
                            f"{n_wrong}, k = {k}, n_params = {n_params}")
    i = np.arange(k)
    return float(np.prod((n_params - n_wrong - i) / (n_params - i))) if k else 1.0


@dataclass(frozen=True)
class SpotCheck:
    """The checked indices, backprop's and the finite differences' values there, and each
    one's relative error; ``ok`` if every one is within ``tolerance``."""

    indices: Indices
    analytic: Array
    numeric: Array
    rel_errors: Array
    tolerance: float

    @property
    def ok(self) -> bool:
        return bool(np.all(self.rel_errors <= self.tolerance))

    @property
    def worst(self) -> int:
        """The parameter index (into ``get_params``) with the largest relative error."""
        return int(self.indices[int(np.argmax(self.rel_errors))])


def spot_check(net: Network, X: ArrayLike, Y: ArrayLike, indices: ArrayLike,
               analytic: ArrayLike | None = None, *, h: float = DEFAULT_STEP,
               tolerance: float = DEFAULT_TOLERANCE) -> SpotCheck:
    """Centred differences of C(θ) along the chosen parameters only (2 passes each), against
    ``analytic`` (a full gradient laid out as ``get_params``; backprop's by default)."""
    h, tolerance = check_rate(h, "h (the step)"), check_real(tolerance, "tolerance")
    cost = cost_of_params(check_instance(net, Network, "net"), X, Y)
    theta = cost.theta
    chosen = check_indices(indices, theta.size, "indices")
    full = (net.gradients(X, Y).flat() if analytic is None
            else as_float_array(analytic, "analytic"))
    if full.shape != theta.shape:
        raise ShapeError(f"analytic has shape {full.shape}, expected {theta.shape} like "
                         f"get_params()")
    numeric = np.empty(chosen.size)
    for n, i in enumerate(chosen):
        up, down = theta.copy(), theta.copy()
        up[i] += h
        down[i] -= h
        numeric[n] = (cost(up) - cost(down)) / (2 * h)
    claimed = full[chosen]
    floor = 1e-4 * max(1.0, abs(cost(theta)))
    return SpotCheck(chosen, claimed, numeric, relative_error(claimed, numeric, floor=floor),
                     tolerance)
