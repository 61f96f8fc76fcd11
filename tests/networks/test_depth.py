"""depth.py: δ against depth for three initialisations, and the symmetry of equal weights."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core.checks.gradcheck import check_network
from backprop_core.errors import ArgumentError, ArgumentTypeError, NonFiniteError, ShapeError
from backprop_core.networks.depth import (
    delta_profile,
    delta_sweep,
    layer_spreads,
    relative_profile,
    row_spread,
)
from backprop_core.networks.initialisation import constant_network, deep_network
from backprop_core.networks.training import sgd


@pytest.fixture
def batch() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    return rng.normal(size=(2, 32)), rng.normal(size=(1, 32))


def test_delta_profile_is_the_mean_absolute_delta_per_layer(batch) -> None:
    X, Y = batch
    net = deep_network(3, 5, "tanh", "glorot", output_activation="identity", seed=2)
    profile = delta_profile(net, X, Y)
    grads = net.gradients(X, Y)
    assert profile.shape == (4,)
    for layer in range(1, 5):
        assert profile[layer - 1] == pytest.approx(np.abs(grads.delta[layer]).mean())


def test_relative_profile_ends_at_one_and_rejects_a_silent_output() -> None:
    np.testing.assert_allclose(relative_profile([0.5, 2.0, 4.0]), [0.125, 0.5, 1.0])
    with pytest.raises(ArgumentError, match="sends no signal"):
        relative_profile([1.0, 0.0])
    with pytest.raises(ShapeError, match=r"^profile \(mean\|δ\^l\| for l = 1..L\) must not "
                                         r"be empty, got array of shape \(0,\)$"):
        relative_profile([])


def test_sweep_shows_vanishing_and_exploding_and_he_keeps_relu_steady(batch) -> None:
    X, Y = batch
    sweep = delta_sweep(["sigmoid", "relu"], ["naive", "glorot", "he"], X, Y,
                        depth=20, width=32, seed=1)
    growth = {key: relative_profile(p)[0] for key, p in sweep.items()}
    assert growth[("sigmoid", "glorot")] < 1e-6          # vanishes
    assert growth[("relu", "naive")] > 1e6               # explodes
    assert growth[("relu", "glorot")] < 1e-2             # halves per layer
    assert 1e-2 < growth[("relu", "he")] < 1e2           # stays in range


def test_sweep_profiles_are_backprop_deltas_checked_by_finite_differences(batch) -> None:
    X, Y = batch
    net = deep_network(4, 3, "tanh", "he", output_activation="identity", seed=0)
    assert check_network(net, X[:, :4], Y[:, :4]).ok
    sweep = delta_sweep(["tanh"], ["he"], X, Y, depth=4, width=3, seed=0)
    np.testing.assert_allclose(sweep[("tanh", "he")], delta_profile(net, X, Y))


def test_row_spread() -> None:
    assert row_spread([[1.0, 2.0], [1.0, 2.0]]) == 0.0
    assert row_spread([[1.0, 2.0], [1.5, 1.0]]) == 1.0
    with pytest.raises(ShapeError, match=r"^M must be a matrix \(2-D array\), got array of "
                                         r"shape \(2,\)$"):
        row_spread([1.0, 2.0])


def test_equal_weights_stay_equal_under_training_and_random_ones_do_not(batch) -> None:
    X, Y = batch
    Y = 1 / (1 + np.exp(-Y))
    same = constant_network([2, 4, 4, 1], "tanh", 0.3)
    assert all(v == 0 for v in layer_spreads(same, X, Y).values())
    sgd(same, X, Y, learning_rate=0.5, batch_size=8, epochs=20)
    spreads = layer_spreads(same)
    assert spreads[2] == 0.0 and spreads[3] == 0.0
    assert spreads[1] == 0.0
    mixed = deep_network(2, 4, "tanh", "glorot", seed=0)
    spreads = layer_spreads(mixed)
    assert spreads[1] > 0 and spreads[2] > 0   # layer 3 has one neuron: one row


def test_spreads_of_gradients_need_the_targets_too(batch) -> None:
    X, Y = batch
    net = deep_network(2, 3, "tanh", "glorot", seed=0)
    # before: layer_spreads(net, X) silently returned the spreads of the weights
    with pytest.raises(ArgumentError, match=r"^layer_spreads got X but no Y \(the targets\): "
                                            r"give both"):
        layer_spreads(net, X)
    with pytest.raises(ArgumentError, match=r"^layer_spreads got Y but no X \(the inputs\)"):
        layer_spreads(net, Y=Y)


def test_sweep_takes_lists_of_names(batch) -> None:
    X, Y = batch
    # before: "unknown activation 't'" (the str was read letter by letter)
    with pytest.raises(ArgumentTypeError, match=r"^activations must be a list of names such "
                                                r"as \['tanh'\], got the single str 'tanh': "
                                                r"put it in a list$"):
        delta_sweep("tanh", ["he"], X, Y, depth=2, width=3)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match=r"^schemes must be a list of names"):
        delta_sweep(["tanh"], "he", X, Y, depth=2, width=3)  # type: ignore[arg-type]


@pytest.mark.parametrize(("profile", "error", "message"), [
    # before: NaN went through silently; an empty matrix raised numpy's zero-size error
    ([1.0, 2.0, float("nan")], NonFiniteError, r"^profile \(mean\|δ\^l\| for l = 1..L\) "
                                               r"contains nan at index \(2,\)"),
    ([1e300, 1e-300], NonFiniteError, r"^the profile relative to mean\|δ\^L\| is inf .* "
                                      r"overflow float64"),
])
def test_relative_profile_refuses_what_has_no_finite_ratio(profile: list[float], error: type,
                                                           message: str) -> None:
    with pytest.raises(error, match=message):
        relative_profile(profile)


def test_row_spread_of_an_empty_or_non_finite_matrix_is_refused() -> None:
    with pytest.raises(ShapeError, match=r"^M must not be empty, got array of shape \(0, 3\)$"):
        row_spread(np.zeros((0, 3)))
    with pytest.raises(NonFiniteError, match=r"^M contains inf"):
        row_spread([[1.0, np.inf]])
