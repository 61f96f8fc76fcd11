"""kinks.py: relu inputs near 0, and those a finite difference makes cross it."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core.checks.gradcheck import check_network
from backprop_core.checks.kinks import crossed_kinks, nearest_kink
from backprop_core.checks.spot import blocks
from backprop_core.errors import ArgumentError
from backprop_core.networks.network import Network


def relu_net() -> tuple[Network, np.ndarray, np.ndarray]:
    net = Network.from_sizes([2, 6, 6, 1], ["relu", "relu", "identity"],
                             loss="squared_error", seed=3)
    rng = np.random.default_rng(3)
    return net, rng.normal(size=(2, 9)), rng.normal(size=(1, 9))


def test_nearest_kink_is_the_smallest_relu_input() -> None:
    net, X, _ = relu_net()
    kink = nearest_kink(net, X)
    cache = net.forward(X)
    smallest = min(np.abs(cache.z[l]).min() for l in (1, 2))  # noqa: E741
    assert abs(kink.z) == smallest
    assert cache.z[kink.layer][kink.neuron - 1, kink.sample] == kink.z


def test_a_bias_within_h_of_the_kink_crosses_it_and_fails_the_check() -> None:
    net, X, Y = relu_net()
    kink = nearest_kink(net, X)
    net.layer(kink.layer).b[kink.neuron - 1] += 3e-6 - kink.z
    index = int(blocks(net)[f"b{kink.layer}"][kink.neuron - 1])
    crossed = crossed_kinks(net, X, index, 1e-5)
    assert [(k.layer, k.neuron, k.sample) for k in crossed] == [
        (kink.layer, kink.neuron, kink.sample)]
    assert crossed[0].z == pytest.approx(3e-6)
    assert crossed_kinks(net, X, index, 1e-7) == []
    assert not check_network(net, X, Y).ok


def test_errors_name_what_is_wrong() -> None:
    net, X, _ = relu_net()
    with pytest.raises(ArgumentError,
                       match=f"index must be an integer from 0 to {net.n_params - 1}"):
        crossed_kinks(net, X, net.n_params, 1e-5)
    smooth = Network.from_sizes([2, 3, 1], "tanh")
    with pytest.raises(ArgumentError, match="has no relu layer"):
        nearest_kink(smooth, X)
    assert crossed_kinks(smooth, X, 0, 1e-5) == []
