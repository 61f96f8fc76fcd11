"""What the VJP layers say about themselves: the Jacobians they never form, weight sharing,
the dependence between samples, backpropagation through time, and their errors."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core.errors import ArgumentError, ShapeError
from backprop_core.networks.activations import softmax_jacobian
from backprop_core.networks.vjp import (
    Conv1D,
    Elementwise,
    Layer,
    Linear,
    Normalisation,
    Recurrent,
    Softmax,
    batch_norm,
    cache_bytes,
    layer_norm,
    softmax_vjp,
    state_gradient_norms,
)
from backprop_core.networks.vjp.jacobians import (
    dense_weight_jacobian_size,
    jacobian_by_jvps,
    layer_jacobian,
)
from backprop_core.networks.vjp.recurrent import step_vjp

rng = np.random.default_rng(0)


def test_softmax_jacobian_is_diag_minus_outer_and_the_vjp_is_its_product() -> None:
    z = rng.normal(size=(5, 3))
    layer = Softmax()
    s, cache = layer.forward(z)
    s_bar = rng.normal(size=s.shape)
    z_bar, grads = layer.vjp(cache, s_bar)
    assert grads == {}
    for i in range(3):
        J = Softmax.jacobian(cache, i)
        np.testing.assert_allclose(J, softmax_jacobian(z[:, i]), atol=1e-15)
        np.testing.assert_allclose(J, J.T)
        np.testing.assert_allclose(z_bar[:, i], J.T @ s_bar[:, i], atol=1e-15)
    np.testing.assert_allclose(layer.jvp(cache, s_bar), z_bar)
    np.testing.assert_allclose(softmax_vjp(s, s_bar), z_bar)
    # a constant added to every entry of a column does not change s: z̄ sums to 0 per column
    np.testing.assert_allclose(z_bar.sum(axis=0), 0.0, atol=1e-15)
    with pytest.raises(ShapeError, match="sample must be a column"):
        Softmax.jacobian(cache, 3)


def test_the_jacobian_built_by_vjps_is_the_one_built_by_jvps() -> None:
    layer = Softmax()
    z = rng.normal(size=(4, 1))
    _, cache = layer.forward(z)
    by_rows = layer_jacobian(layer, z)
    by_columns = jacobian_by_jvps(lambda v: layer.jvp(cache, v), z.shape)
    np.testing.assert_allclose(by_rows, by_columns, atol=1e-15)
    lin = Linear(rng.normal(size=(3, 4)), np.zeros(3))
    np.testing.assert_allclose(layer_jacobian(lin, rng.normal(size=(4, 1))), lin.params["W"])
    X = rng.normal(size=(4, 2))
    JW = layer_jacobian(lin, X, wrt="W")  # ∂Y/∂W: (3·2) × (3·4)
    size = dense_weight_jacobian_size(3, 4, 2)
    assert JW.shape == (size.outputs, size.inputs) == (6, 12)
    assert np.count_nonzero(JW) == 3 * 4 * 2 and size.entries == 72
    assert size.vjp_entries == 18 and size.bytes() == 576 and size.bytes(4) == 288
    with pytest.raises(ArgumentError, match="wrt must be 'x' or a parameter"):
        layer_jacobian(lin, X, wrt="V")


def test_batch_norm_mixes_the_samples_and_layer_norm_does_not() -> None:
    x = rng.normal(size=(4, 5))
    gamma, beta = rng.normal(size=4), rng.normal(size=4)
    for layer, mixes in ((batch_norm(gamma, beta), True), (layer_norm(gamma, beta), False)):
        J = layer_jacobian(layer, x)  # (20 × 20), entries in numpy's row-major order
        # the block of sample 0's outputs against sample 3's inputs
        out0 = [j * 5 + 0 for j in range(4)]
        in3 = [j * 5 + 3 for j in range(4)]
        assert (np.abs(J[np.ix_(out0, in3)]).max() > 1e-3) == mixes
    y = batch_norm(np.ones(4), np.zeros(4))(x)
    np.testing.assert_allclose(y.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(y.var(axis=1), 1.0, rtol=1e-4)
    one = batch_norm(gamma, beta)
    y1, cache = one.forward(x[:, :1])  # one sample: it is its own mean
    np.testing.assert_allclose(y1[:, 0], beta)
    np.testing.assert_allclose(one.vjp(cache, np.ones((4, 1)))[0], 0.0)


def test_normalisation_refuses_what_it_cannot_do() -> None:
    with pytest.raises(ArgumentError, match="'samples' .* or 'features'"):
        Normalisation(np.ones(3), np.zeros(3), "rows")  # type: ignore[arg-type]
    with pytest.raises(ShapeError, match="beta must have the shape of gamma"):
        batch_norm(np.ones(3), np.zeros(2))
    with pytest.raises(ShapeError, match="must have 3 rows"):
        batch_norm(np.ones(3), np.zeros(3))(np.ones((2, 4)))
    with pytest.raises(ShapeError, match="at least two features"):
        layer_norm(np.ones(1), np.zeros(1))(np.ones((1, 4)))


def test_the_convolution_is_a_banded_dense_layer_whose_shared_weight_gradients_add_up() -> None:
    w, x = np.array([1.0, -2.0, 0.5]), rng.normal(size=(8, 3))
    conv = Conv1D(w, 0.25)
    T = conv.matrix(8)
    assert T.shape == (6, 8)
    np.testing.assert_allclose(conv(x), T @ x + 0.25)
    y, cache = conv.forward(x)
    y_bar = rng.normal(size=y.shape)
    x_bar, grads = conv.vjp(cache, y_bar)
    np.testing.assert_allclose(x_bar, T.T @ y_bar, atol=1e-14)
    dense = y_bar @ x.T  # the gradient T would have as a dense layer's weight
    for j in range(3):
        np.testing.assert_allclose(grads["w"][j], np.trace(dense, offset=j))
    np.testing.assert_allclose(grads["b"], [y_bar.sum()])
    assert conv.k == 3
    with pytest.raises(ShapeError, match="at least k = 3 positions"):
        conv(np.ones((2, 1)))
    with pytest.raises(ShapeError, match="at least one weight"):
        Conv1D([])
    with pytest.raises(ShapeError, match="n must be at least k"):
        conv.matrix(2)


def test_bptt_is_backprop_through_the_unrolled_network_and_sums_over_steps() -> None:
    layer = Recurrent(rng.normal(size=(3, 3)) * 0.5, rng.normal(size=(3, 2)), rng.normal(size=3))
    X = rng.normal(size=(4, 2, 5))
    y, cache = layer.forward(X)
    y_bar = rng.normal(size=y.shape)
    result = layer.bptt(cache, y_bar)
    # step by step, by hand: the sum of the per-step terms
    H = cache["H"]
    W, U = layer.params["W"], layer.params["U"]
    h_bar = y_bar[-1]
    total_W = np.zeros_like(W)
    for t in range(3, -1, -1):
        back, _x_bar, dW, _dU, _db = step_vjp(W, U, X[t], H[t], H[t + 1], h_bar)
        total_W += dW
        h_bar = back + (y_bar[t - 1] if t > 0 else 0)
    np.testing.assert_allclose(result.grads["W"], total_W)
    np.testing.assert_allclose(result.h0_bar, h_bar)
    x_bar, grads = layer.vjp(cache, y_bar)
    np.testing.assert_allclose(x_bar, result.x_bar)
    np.testing.assert_allclose(layer.run(X, h0=np.zeros((3, 5)))[1:], y)


def test_the_signal_through_time_shrinks_or_grows_with_the_gain() -> None:
    X = rng.normal(size=(30, 2, 4)) * 0.5
    g = rng.normal(size=(8, 4))
    small = state_gradient_norms(Recurrent.initialized(2, 8, 0.5, seed=1), X, g)
    large = state_gradient_norms(Recurrent.initialized(2, 8, 3.0, seed=1), X, g)
    assert small[0] / small[-1] < 1e-6 < 10 < large[0] / large[-1]
    W = Recurrent.initialized(2, 8, 0.5, seed=1).params["W"]
    np.testing.assert_allclose(np.linalg.svd(W, compute_uv=False), 0.5)


@pytest.mark.parametrize(("make", "words"), [
    (lambda: Recurrent(np.ones((2, 3)), np.ones((2, 1)), np.ones(2)), "W must be square"),
    (lambda: Recurrent(np.ones((2, 2)), np.ones((3, 1)), np.ones(2)), "U must have shape"),
    (lambda: Recurrent(np.ones((2, 2)), np.ones((2, 1)), np.ones(3)), "b must have shape"),
    (lambda: Recurrent(np.eye(2), np.ones((2, 3)), np.ones(2))(np.ones((4, 2, 1))),
     r"X must have shape \(T, n_x, m\) = \(T, 3, m\)"),
    (lambda: Linear(np.ones(3), np.ones(3)), "W must be a non-empty matrix"),
    (lambda: Linear(np.ones((2, 3)), np.ones(3)), "one entry per row of W"),
    (lambda: Linear(np.ones((2, 3)), np.ones(2))(np.ones((2, 4))), "must have 3 rows"),
    (lambda: Linear(np.ones((2, 3)), np.ones(2)).vjp({"x": np.ones((3, 4))}, np.ones((4, 2))),
     r"shape of the layer's output y, \(2, 4\)"),
    (lambda: Elementwise("softmax"), "not elementwise"),
    (lambda: Linear(np.ones((2, 3)), np.ones(2)).with_params(V=np.ones(2)), "not 'V'"),
    (lambda: Linear(np.ones((2, 3)), np.ones(2)).with_params(b=np.ones(3)), r"shape \(2,\)"),
    (lambda: Softmax()(np.ones((2, 3, 4))), "must be a matrix"),
])
def test_bad_input_is_named_with_both_shapes(make, words) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ShapeError, match=words):
        make()


def test_the_protocol_leaves_forward_and_vjp_to_each_layer() -> None:
    with pytest.raises(NotImplementedError):
        Layer().forward(np.ones((2, 1)))
    with pytest.raises(NotImplementedError):
        Layer().vjp({}, np.ones((2, 1)))


def test_one_input_per_step_may_drop_its_axis_and_caches_are_counted() -> None:
    layer = Recurrent(np.eye(2) * 0.5, np.ones((2, 1)), np.zeros(2))
    np.testing.assert_allclose(layer(np.ones((3, 4))), layer(np.ones((3, 1, 4))))
    _, cache = Linear(np.ones((2, 3)), np.ones(2)).forward(np.ones((3, 5)))
    assert cache_bytes(cache) == 3 * 5 * 8
    assert Linear(np.ones((2, 3)), np.ones(2))(np.ones(3)).shape == (2, 1)
