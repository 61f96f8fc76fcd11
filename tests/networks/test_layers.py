"""layers.py: one dense layer, its shapes and its error messages."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core.errors import ArgumentError, ArgumentTypeError, NonFiniteError, ShapeError
from backprop_core.networks.layers import Dense, as_columns


def _layer(index: int = 2) -> Dense:
    W = np.arange(12.0).reshape(3, 4) / 10  # n_l = 3 neurons, n_{l-1} = 4 inputs
    return Dense(W, [0.1, -0.2, 0.3], "tanh", index=index)


def test_forward_is_w_a_plus_b_then_sigma() -> None:
    layer = _layer()
    a_prev = np.arange(8.0).reshape(4, 2)
    z, a = layer.forward(a_prev)
    expected = layer.W @ a_prev + np.array([[0.1], [-0.2], [0.3]])
    np.testing.assert_allclose(z, expected)
    np.testing.assert_allclose(a, np.tanh(expected))
    assert (layer.n_in, layer.n_out) == (4, 3)


def test_a_vector_input_is_one_column() -> None:
    z, _ = _layer().forward([1.0, 2.0, 3.0, 4.0])
    assert z.shape == (3, 1)
    assert as_columns(np.ones(3), "x").shape == (3, 1)


def test_a_column_bias_is_accepted_and_flattened() -> None:
    layer = Dense(np.ones((2, 2)), np.ones((2, 1)))
    assert layer.b.shape == (2,)


def test_wrong_input_rows_name_the_layer_and_both_shapes() -> None:
    layer = _layer(index=2)
    with pytest.raises(ShapeError, match=r"^layer 2 expects a\^1 with 4 rows \(n_1 = 4\) "
                                         r"but got array of shape \(3, 5\)$"):
        layer.forward(np.zeros((3, 5)))


def test_a_three_dimensional_input_is_refused() -> None:
    with pytest.raises(ShapeError, match=r"a\^1 must be a vector \(n,\) or a matrix \(n, m\) "
                                         r"with one sample per column, but got array of "
                                         r"shape \(4, 2, 2\)"):
        _layer().forward(np.zeros((4, 2, 2)))


def test_bad_parameters_are_refused_with_their_names() -> None:
    with pytest.raises(ShapeError, match=r"W\^3 must be a matrix \(n_3, n_2\), but got "
                                         r"array of shape \(4,\)"):
        Dense(np.zeros(4), np.zeros(4), index=3)
    with pytest.raises(ShapeError, match=r"b\^1 must have shape \(2,\), one bias per row of "
                                         r"W\^1 \(2, 3\), but got array of shape \(3,\)"):
        Dense(np.zeros((2, 3)), np.zeros(3))
    with pytest.raises(NonFiniteError, match=r"^W\^1 contains nan at index \(0, 1\)"):
        Dense([[0.0, np.nan]], [0.0])


def test_non_finite_input_or_parameters_are_caught_at_forward() -> None:
    layer = _layer(index=1)
    with pytest.raises(NonFiniteError, match=r"^input x contains inf at index \(2, 0\)"):
        layer.forward(np.array([[0.0], [0.0], [np.inf], [0.0]]))
    layer.b[1] = np.nan  # e.g. after a diverged training step
    with pytest.raises(NonFiniteError, match=r"^b\^1 contains nan at index \(1,\)"):
        layer.forward(np.zeros((4, 1)))


def test_non_numeric_input_is_a_value_error_naming_it() -> None:
    with pytest.raises(ArgumentTypeError, match=r"^a\^1 must be an array of real numbers, got "
                                                r"list: it holds text"):
        _layer().forward([["a"] * 4])


def test_initialization_scale_depends_on_the_activation() -> None:
    rng = np.random.default_rng(0)
    relu = Dense.initialized(400, 300, "relu", rng)
    tanh = Dense.initialized(400, 300, "tanh", rng)
    assert relu.W.std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    assert tanh.W.std() == pytest.approx(np.sqrt(1 / 400), rel=0.02)
    assert not relu.b.any()


def test_repr_names_the_layer() -> None:
    assert repr(_layer()) == "Dense(l=2, W(3, 4), b(3,), activation='tanh')"


def test_a_layer_needs_neurons_inputs_and_samples() -> None:
    with pytest.raises(ShapeError, match=r"^W\^1 must have at least one row \(neuron\) and one "
                                         r"column \(input\), but got array of shape \(0, 3\)$"):
        Dense(np.zeros((0, 3)), np.zeros(0))
    with pytest.raises(ArgumentError, match=r"^index \(the layer number l\) must be an integer "
                                            r">= 1, got 0$"):
        Dense([[1.0]], [0.0], index=0)
    with pytest.raises(ArgumentError, match=r"^n_in must be an integer >= 1, got 0$"):
        Dense.initialized(0, 2, "relu", np.random.default_rng(0))
    with pytest.raises(ArgumentTypeError, match=r"^W\^1 must be an array of real numbers, got "
                                                r"list: it holds complex numbers"):
        Dense([[1j]], [0.0])
