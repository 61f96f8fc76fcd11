"""init.py: the spread of each scheme, deep and constant networks."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from backprop_core.errors import ArgumentError, ArgumentTypeError, UnknownNameError
from backprop_core.networks.initialisation import (
    constant_network,
    deep_network,
    init_std,
    initialised_network,
)


@pytest.mark.parametrize(("scheme", "expected"), [
    ("naive", 1.0), ("glorot", math.sqrt(2 / 300)), ("he", math.sqrt(2 / 100))])
def test_init_std_follows_the_formula(scheme: str, expected: float) -> None:
    assert init_std(scheme, 100, 200) == pytest.approx(expected)


def test_init_std_rejects_unknown_schemes_and_empty_layers() -> None:
    with pytest.raises(UnknownNameError, match="unknown initialisation 'xavier'"):
        init_std("xavier", 3, 3)
    with pytest.raises(ArgumentError, match=r"^n_in must be an integer >= 1, got 0$"):
        init_std("he", 0, 3)
    with pytest.raises(ArgumentError, match="n_out must be an integer, got 2.5"):
        init_std("he", 3, 2.5)  # type: ignore[arg-type]


@pytest.mark.parametrize("scheme", ["naive", "glorot", "he"])
def test_sampled_weights_have_the_scheme_spread(scheme: str) -> None:
    net = initialised_network([400, 300, 200], "relu", scheme, seed=3)
    for layer in net.layers:
        expected = init_std(scheme, layer.n_in, layer.n_out)
        assert layer.W.std() == pytest.approx(expected, rel=0.02)
        assert abs(layer.W.mean()) < 0.02 * expected
        assert np.all(layer.b == 0)


def test_schemes_with_one_seed_differ_only_by_scale() -> None:
    glorot = initialised_network([5, 7, 3], "tanh", "glorot", seed=1)
    he = initialised_network([5, 7, 3], "tanh", "he", seed=1)
    for lg, lh in zip(glorot.layers, he.layers, strict=True):
        ratio = init_std("he", lh.n_in, lh.n_out) / init_std("glorot", lg.n_in, lg.n_out)
        np.testing.assert_allclose(lh.W, ratio * lg.W)


def test_initialised_network_checks_its_arguments() -> None:
    with pytest.raises(ArgumentError, match="at least two numbers"):
        initialised_network([3], "tanh", "he")
    with pytest.raises(ArgumentError, match="2 activations were given"):
        initialised_network([3, 4], ["tanh", "tanh"], "he")
    # a size of 2.7 is refused, not truncated to a layer of 2
    with pytest.raises(ArgumentError, match=r"^sizes\[1\] \(n_1\) must be an integer, got 2.7$"):
        initialised_network([3, 2.7], "tanh", "he")  # type: ignore[list-item]
    with pytest.raises(ArgumentTypeError, match=r"^sizes\[0\] \(n_0\) must be an integer, "
                                                r"got str '3'$"):
        initialised_network(["3", 2], "tanh", "he")  # type: ignore[list-item]
    assert initialised_network([np.int64(3), 2.0], "tanh", "he").sizes == [3, 2]  # type: ignore[list-item]


def test_deep_network_shape_and_activations() -> None:
    net = deep_network(5, 8, "relu", "he", n_in=3, n_out=2, output_activation="identity")
    assert net.sizes == [3, 8, 8, 8, 8, 8, 2]
    assert [layer.activation.name for layer in net.layers] == ["relu"] * 5 + ["identity"]
    with pytest.raises(ArgumentError, match=r"^depth must be an integer >= 1, got 0$"):
        deep_network(0, 8, "relu", "he")
    with pytest.raises(ArgumentTypeError, match="width must be an integer, got bool True"):
        deep_network(2, True, "relu", "he")


def test_constant_network_has_all_weights_equal() -> None:
    net = constant_network([2, 3, 1], "sigmoid", 0.5)
    for layer in net.layers:
        assert np.all(layer.W == 0.5) and np.all(layer.b == 0)


@pytest.mark.parametrize(("value", "error", "message"), [
    # before: [1.0, 2.0] broadcast into rows that were not constant; NaN and inf accepted
    ([1.0, 2.0], ArgumentTypeError, r"^value \(the one weight of every connection\) must be "
                                    r"a real number, got list \[1.0, 2.0\]$"),
    (np.array([0.5, 0.5, 0.5]), ArgumentTypeError, r"must be a real number, got ndarray"),
    (float("nan"), ArgumentError, r"must be a finite number, got nan$"),
    (float("inf"), ArgumentError, r"must be a finite number, got inf$"),
])
def test_constant_network_takes_one_finite_number(value: object, error: type,
                                                  message: str) -> None:
    with pytest.raises(error, match=message):
        constant_network([2, 3], "tanh", value)  # type: ignore[arg-type]


@pytest.mark.parametrize(("call", "error", "message"), [
    # before: numpy's "expected non-negative integer" and TypeErrors
    (lambda: initialised_network([2, 3], "tanh", "he", seed=-1), ArgumentError,
     r"^seed must be an integer >= 0, got -1$"),
    (lambda: initialised_network([2, 3], "tanh", "he", seed=1.5), ArgumentError,
     r"^seed must be an integer, got 1.5$"),
    (lambda: initialised_network(None, "tanh", "he"), ArgumentTypeError,
     r"^sizes must be a list of layer sizes \[n_0, ..., n_L\], got NoneType None$"),
    (lambda: initialised_network([2, 10**5, 10**5], "tanh", "he"), ArgumentError,
     r"^sizes \[2, 100000, 100000\] make 1e\+10 parameters, more than the 1e\+08"),
    (lambda: deep_network(10**9, 10**9, "tanh", "he"), ArgumentError,
     r"^depth 1000000000 times width 1000000000 makes more than the 1e\+08 parameters"),
    (lambda: init_std("he", -1, 3), ArgumentError, r"^n_in must be an integer >= 1, got -1$"),
])
def test_seeds_sizes_and_counts_follow_the_shared_rules(call: Any, error: type,
                                                       message: str) -> None:
    with pytest.raises(error, match=message):
        call()
