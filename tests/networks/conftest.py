"""Shared fixtures for the tests of backprop_core.networks: random networks and targets."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from backprop_core.networks.network import Network

# ---- data helpers, as session fixtures (hypothesis tests may use those) -------------------

HIDDEN = ["identity", "sigmoid", "tanh", "relu"]


def _random_targets(net: Network, m: int, rng: np.random.Generator) -> np.ndarray:
    """Targets that suit the network's loss: one-hot, 0/1, or real numbers."""
    n_out = net.sizes[-1]
    if net.loss.name == "softmax_cross_entropy":
        return np.eye(n_out)[:, rng.integers(0, n_out, size=m)]
    if net.loss.name == "binary_cross_entropy":
        return rng.integers(0, 2, size=(n_out, m)).astype(float)
    return rng.normal(size=(n_out, m))


def _random_network(
    sizes: list[int], hidden: list[str], loss: str, seed: int, output: str | None = None
) -> Network:
    """A network with random weights AND biases (zero biases put relu units exactly on
    their kink when their inputs are 0, where no derivative exists)."""
    if output is None:
        output = {"binary_cross_entropy": "sigmoid",
                  "softmax_cross_entropy": "softmax"}.get(loss, "sigmoid")
    net = Network.from_sizes(sizes, [*hidden, output], loss=loss, seed=seed)
    rng = np.random.default_rng(seed + 1)
    net.set_params(rng.normal(0.0, 0.8, size=net.n_params))
    return net


@pytest.fixture(scope="session")
def random_network() -> Any:
    return _random_network


@pytest.fixture(scope="session")
def random_targets() -> Any:
    return _random_targets


@pytest.fixture(scope="session")
def hidden_activations() -> list[str]:
    return HIDDEN
