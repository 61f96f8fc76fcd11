"""forms.py: the scalar loop, the column form and the row form give the same gradients."""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop_core.errors import ArgumentError, DomainError, NonFiniteError, ShapeError
from backprop_core.networks.forms import (
    column_form,
    network_graph,
    neuron_label,
    row_form,
    scalar_loop,
)
from backprop_core.networks.layers import Dense
from backprop_core.networks.network import Network, column_backward, column_forward


@given(
    sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4),
    hidden=st.sampled_from(["identity", "sigmoid", "tanh", "relu"]),
    loss=st.sampled_from(["squared_error", "binary_cross_entropy", "softmax_cross_entropy"]),
    seed=st.integers(0, 10_000),
    m=st.integers(1, 4),
)
def test_three_forms_agree_with_each_other_and_with_the_network(
    sizes: list[int], hidden: str, loss: str, seed: int, m: int, random_network: Any,
    random_targets: Any,
) -> None:
    net = random_network(sizes, [hidden] * (len(sizes) - 2), loss, seed)
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(sizes[0], m))
    Y = random_targets(net, m, rng)
    reference = net.gradients(X, Y)
    forms = [scalar_loop(net, X, Y), column_form(net, X, Y),
             row_form(net, X.T, Y.T).in_columns()]
    for form in forms:
        # one gradient type: the same fields, in the same layout, as Network.gradients
        assert form.layout == "columns" and type(form) is type(reference)
        assert form.cost == pytest.approx(reference.cost, rel=1e-12, abs=1e-300)
        np.testing.assert_allclose(form.flat(), reference.flat(), rtol=1e-10, atol=1e-13)
        for l in range(1, net.L + 1):
            np.testing.assert_allclose(form.dW[l], reference.dW[l], rtol=1e-10, atol=1e-13)
            np.testing.assert_allclose(form.db[l], reference.db[l], rtol=1e-10, atol=1e-13)
            np.testing.assert_allclose(form.delta[l], reference.delta[l], rtol=1e-10,
                                       atol=1e-13)


def test_column_passes_are_the_four_equations_averaged_over_the_samples() -> None:
    net = Network.from_sizes([4, 3, 2], ["tanh", "identity"], seed=7)
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(4, 5)), rng.normal(size=(2, 5))
    z, a = column_forward(net.layers, X)
    for l, layer in enumerate(net.layers, start=1):
        np.testing.assert_allclose(z[l], layer.W @ a[l - 1] + layer.b[:, None])
    delta, dW, db = column_backward(net.layers, net.loss, z, a, Y)
    np.testing.assert_allclose(delta[2], a[2] - Y)  # BP1, identity output
    np.testing.assert_allclose(delta[1], net.layers[1].W.T @ delta[2] * (1 - a[1] ** 2))  # BP2
    for l in (1, 2):
        outer = sum(np.outer(delta[l][:, x], a[l - 1][:, x]) for x in range(5)) / 5
        np.testing.assert_allclose(dW[l], outer)  # BP4: the mean of δ_x (a_x)ᵀ
        np.testing.assert_allclose(db[l], delta[l].mean(axis=1))  # BP3
    # the network runs these passes: the same numbers, bit for bit
    grads = net.gradients(X, Y)
    for l in (1, 2):
        np.testing.assert_array_equal(grads.dW[l], dW[l])
        np.testing.assert_array_equal(grads.db[l], db[l])
        np.testing.assert_array_equal(grads.delta[l], delta[l])


def test_row_form_stores_transposed_weights_and_gives_source_000s_update() -> None:
    net = Network.from_sizes([3, 5, 2], ["tanh", "sigmoid"], seed=4)
    rng = np.random.default_rng(1)
    H0, Y = rng.normal(size=(6, 3)), rng.normal(size=(6, 2))  # 6 samples as rows
    rows = row_form(net, H0, Y)
    assert rows.layout == "rows"
    assert rows.dW[1].shape == (3, 5) and rows.dW[2].shape == (5, 2)  # W_row = Wᵀ
    assert rows.delta[1].shape == (6, 5)  # δ^l_row: one sample per row
    cols = net.gradients(H0.T, Y.T)
    alpha = 0.1
    # ΔW_row^l = -α (h^{l-1})ᵀ δ^l is the transpose of ΔW^l = -α δ^l (a^{l-1})ᵀ
    np.testing.assert_allclose(-alpha * rows.dW[1], (-alpha * cols.dW[1]).T, atol=1e-15)
    assert rows.in_columns().in_columns().layout == "columns"
    # the flat vector is laid out as get_params in either layout
    np.testing.assert_allclose(rows.flat(), cols.flat(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(rows.in_columns().delta[2], cols.delta[2], atol=1e-15)


def test_source_000_delta_recursion_with_its_own_indices() -> None:
    # δ_j^l = φ'(z_j^l) Σ_k δ_k^{l+1} w_{jk}^{l+1}, where 000's w_{jk} joins neuron j of
    # layer l to neuron k of layer l+1: that is W_row[j, k] = W[k, j]
    net = Network.from_sizes([2, 3, 2], ["tanh", "identity"], seed=0)
    x, y = np.array([[0.3], [-0.7]]), np.array([[1.0], [0.0]])
    cache = net.forward(x)
    delta = net.backward(cache, y).delta
    W_row = net.layers[1].W.T
    z1 = cache.z[1].ravel()
    for j in range(3):
        total = sum(delta[2][k, 0] * W_row[j, k] for k in range(2))
        assert delta[1][j, 0] == pytest.approx((1 - np.tanh(z1[j]) ** 2) * total)


def test_scalar_loop_refuses_softmax_in_a_hidden_layer() -> None:
    net = Network.from_sizes([2, 3, 1], ["softmax", "sigmoid"])
    with pytest.raises(ValueError, match="layer 1 uses 'softmax'"):
        scalar_loop(net, np.zeros((2, 1)), np.zeros((1, 1)))
    # the two matrix forms apply softmax's Jacobian instead, and agree
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(2, 3)), rng.normal(size=(1, 3))
    np.testing.assert_allclose(column_form(net, X, Y).dW[1],
                               row_form(net, X.T, Y.T).in_columns().dW[1], atol=1e-15)


def test_forms_check_their_inputs() -> None:
    net = Network.from_sizes([2, 3, 1], "sigmoid")
    with pytest.raises(ShapeError, match=r"layer 1 expects input x with 2 rows"):
        column_form(net, np.zeros((3, 4)), np.zeros((1, 4)))
    with pytest.raises(ShapeError, match=r"targets y must have shape \(1, 4\)"):
        scalar_loop(net, np.zeros((2, 4)), np.zeros((1, 3)))
    with pytest.raises(ShapeError, match=r"^Y_rows must have shape \(4, 1\) like the output in "
                                         r"rows .* but got array of shape \(3, 1\)$"):
        row_form(net, np.zeros((4, 2)), np.zeros((3, 1)))
    # samples as columns given to the row form: the message shows the shape as given
    with pytest.raises(ShapeError, match=r"^X_rows must have shape \(m, 2\): one sample per "
                                         r"row, .* but got array of shape \(2, 4\)$"):
        row_form(net, np.zeros((2, 4)), np.zeros((4, 1)))


@given(
    sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4),
    activation=st.sampled_from(["sigmoid", "tanh", "relu"]),
    seed=st.integers(0, 10_000),
)
def test_network_graph_gives_the_networks_cost_and_delta(
    sizes: list[int], activation: str, seed: int, random_network: Any
) -> None:
    net = random_network(sizes, [activation] * (len(sizes) - 2), "squared_error", seed)
    net.layers[-1].activation = net.layers[0].activation  # every layer the same σ
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=sizes[0]), rng.normal(size=sizes[-1])
    g = network_graph(net, x, y)
    reference = net.gradients(x, y)
    assert g.cost.data == pytest.approx(reference.cost, rel=1e-12, abs=1e-15)
    delta = g.delta()
    assert sorted(delta) == list(range(1, net.L + 1))
    for l in delta:
        np.testing.assert_allclose(delta[l], reference.delta[l][:, 0], rtol=1e-10, atol=1e-13)
    # the edge a^{l-1}_k -> z^l_j carries the weight w^l_{jk}
    assert g.z[1][0].local_derivatives == pytest.approx(net.layer(1).W[0].tolist())


def test_network_graph_labels_and_refusals() -> None:
    net = Network.from_sizes([2, 3, 1], "sigmoid", seed=0)
    g = network_graph(net, [0.5, -1.0], [1.0])
    assert [v.label for v in g.x] == ["x₁", "x₂"]
    assert [v.label for v in g.z[1]] == ["z¹₁", "z¹₂", "z¹₃"]
    assert g.a[2][0].label == "a²₁" and g.cost.label == "C"
    assert neuron_label("δ", 12, 10) == "δ¹²₁₀"
    with pytest.raises(ShapeError, match=r"one sample: input x must be a vector of 2 "
                                         r"numbers, but got array of shape \(2, 3\)"):
        network_graph(net, np.zeros((2, 3)), np.zeros((1, 3)))
    with pytest.raises(ValueError, match="loss is 'binary_cross_entropy'"):
        network_graph(Network.from_sizes([2, 1], "sigmoid", loss="binary_cross_entropy"),
                      [0.0, 0.0], [1.0])
    with pytest.raises(ValueError, match="layer 1 uses 'identity'"):
        network_graph(Network.from_sizes([2, 1], "identity"), [0.0, 0.0], [1.0])


def test_forms_report_overflow_and_empty_batches_without_warnings() -> None:
    net = Network([Dense([[1e200]], [0.0], "identity")])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for form in (scalar_loop, column_form):
            with pytest.raises(NonFiniteError, match=r"^z\^1 = W\^1 a\^0 \+ b\^1 is inf"):
                form(net, [[1e200]], [[0.0]])
            with pytest.raises(NonFiniteError, match=r"^∂C/∂W\^1 is inf"):
                form(net, [[1e100]], [[0.0]])  # z = 1e300 is fine, δ·x = 1e400 is not
            with pytest.raises(ShapeError, match=r"^input x has no samples"):
                form(net, np.zeros((1, 0)), np.zeros((1, 0)))
        with pytest.raises(NonFiniteError, match=r"^∂C/∂W\^1 is inf"):
            row_form(net, [[1e100]], [[0.0]])
        with pytest.raises(NonFiniteError, match=r"^X_rows contains nan"):
            row_form(net, [[np.nan]], [[0.0]])
        with pytest.raises(DomainError, match=r"^Y_rows must lie in \[0, 1\]"):
            row_form(Network([Dense([[1.0]], [0.0], "sigmoid")], "binary_cross_entropy"),
                     [[1.0]], [[2.0]])


def test_form_argument_errors_are_backprop_errors() -> None:
    net = Network.from_sizes([2, 3, 2], ["softmax", "softmax"], loss="softmax_cross_entropy")
    with pytest.raises(ArgumentError, match="layer 1 uses 'softmax'"):
        scalar_loop(net, np.zeros((2, 1)), [[1.0], [0.0]])
    with pytest.raises(ArgumentError, match="network_graph supports the activations"):
        network_graph(Network.from_sizes([2, 1], "softmax"), np.zeros(2), [1.0])
