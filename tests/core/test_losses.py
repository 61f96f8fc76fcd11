"""losses.py: values, gradients (numerically and with autograd), stability, δ^L."""

from __future__ import annotations

import warnings

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core.activations import ACTIVATIONS, sigmoid, softmax
from backprop_core.errors import UnknownNameError
from backprop_core.gradcheck import assert_grad_close
from backprop_core.losses import (
    LOSSES,
    check_pairing,
    get_loss,
    logsumexp,
    loss_value,
    output_delta,
    softplus,
)


def _targets(name: str, rng: np.random.Generator, n: int, m: int) -> np.ndarray:
    if name == "softmax_cross_entropy":
        return np.eye(n)[:, rng.integers(0, n, size=m)]
    if name == "binary_cross_entropy":
        return rng.uniform(0, 1, size=(n, m))  # soft labels are allowed too
    return rng.normal(size=(n, m))


AUTOGRAD_LOSSES = {
    "squared_error": lambda a, y: anp.mean(0.5 * anp.sum((a - y) ** 2, axis=0)),
    "binary_cross_entropy": lambda z, y: anp.mean(anp.sum(
        -y * anp.log(1 / (1 + anp.exp(-z))) - (1 - y) * anp.log(1 - 1 / (1 + anp.exp(-z))),
        axis=0)),
    "softmax_cross_entropy": lambda z, y: anp.mean(-anp.sum(
        y * (z - anp.log(anp.sum(anp.exp(z), axis=0))), axis=0)),
}


@pytest.mark.parametrize("name", sorted(LOSSES))
@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 5), m=st.integers(1, 5))
def test_gradient_passes_the_gradient_check(name: str, seed: int, n: int, m: int) -> None:
    rng = np.random.default_rng(seed)
    loss = LOSSES[name]
    out = rng.normal(0, 2, size=(n, m))
    y = _targets(name, rng, n, m)
    # gradient() is per sample; the mean cost's gradient carries the 1/m
    assert_grad_close(lambda o: loss.value(o, y), out, loss.gradient(out, y) / m)


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_value_and_gradient_agree_with_autograd(name: str) -> None:
    rng = np.random.default_rng(7)
    loss = LOSSES[name]
    out = rng.normal(0, 2, size=(3, 4))
    y = _targets(name, rng, 3, 4)
    assert loss.value(out, y) == pytest.approx(float(AUTOGRAD_LOSSES[name](out, y)), rel=1e-12)
    np.testing.assert_allclose(loss.gradient(out, y) / 4, grad(AUTOGRAD_LOSSES[name])(out, y),
                               rtol=1e-10, atol=1e-14)


def test_squared_error_is_half_the_squared_distance_averaged() -> None:
    a = np.array([[1.0, 0.0], [2.0, 0.0]])
    y = np.array([[0.0, 0.0], [0.0, 3.0]])
    assert LOSSES["squared_error"].value(a, y) == pytest.approx((0.5 * 5 + 0.5 * 9) / 2)


def test_logit_losses_are_finite_and_exact_at_plus_minus_1000() -> None:
    z = np.array([[1000.0, -1000.0, 1000.0, -1000.0]])
    y = np.array([[1.0, 0.0, 0.0, 1.0]])
    bce = LOSSES["binary_cross_entropy"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(bce.per_sample(z, y), [0.0, 0.0, 1000.0, 1000.0])
        np.testing.assert_array_equal(bce.gradient(z, y), [[0.0, 0.0, 1.0, -1.0]])
        ce = LOSSES["softmax_cross_entropy"]
        z2 = np.array([[1000.0, 1000.0], [-1000.0, 0.0], [0.0, 0.0]])
        y2 = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
        np.testing.assert_allclose(ce.per_sample(z2, y2), [0.0, 1000.0])
        np.testing.assert_allclose(ce.gradient(z2, y2), [[0, 1], [0, -1], [0, 0]], atol=1e-300)
        assert softplus(np.array(1000.0)) == 1000.0
        assert logsumexp(np.array([[1000.0], [1000.0]]))[0] == pytest.approx(1000 + np.log(2))


def test_combined_softmax_cross_entropy_delta_is_softmax_minus_y() -> None:
    rng = np.random.default_rng(3)
    z = rng.normal(size=(4, 6))
    y = np.eye(4)[:, rng.integers(0, 4, size=6)]
    loss, act = LOSSES["softmax_cross_entropy"], ACTIVATIONS["softmax"]
    delta = output_delta(loss, act, z, softmax(z), y)
    np.testing.assert_allclose(delta, softmax(z) - y, atol=1e-15)
    # the long way, ∇_a C = -y/a through softmax's Jacobian, gives the same δ^L
    np.testing.assert_allclose(act.backward(z, -y / softmax(z)), delta, atol=1e-12)


def test_combined_binary_cross_entropy_delta_is_sigmoid_minus_y() -> None:
    z = np.array([[-2.0, 0.5, 3.0]])
    y = np.array([[1.0, 0.0, 1.0]])
    a = sigmoid(z)
    delta = output_delta(LOSSES["binary_cross_entropy"], ACTIVATIONS["sigmoid"], z, a, y)
    np.testing.assert_allclose(delta, a - y)
    grad_a = (a - y) / (a * (1 - a))  # ∂C/∂a of -y log a - (1-y) log(1-a)
    np.testing.assert_allclose(ACTIVATIONS["sigmoid"].backward(z, grad_a), delta)


def test_squared_error_delta_is_grad_a_times_sigma_prime() -> None:
    z = np.array([[0.3], [-1.2]])
    y = np.array([[1.0], [0.0]])
    a = sigmoid(z)
    delta = output_delta(LOSSES["squared_error"], ACTIVATIONS["sigmoid"], z, a, y)
    np.testing.assert_allclose(delta, (a - y) * a * (1 - a))
    assert loss_value(LOSSES["squared_error"], z, a, y) == LOSSES["squared_error"].value(a, y)
    assert loss_value(LOSSES["binary_cross_entropy"], z, a, y) == pytest.approx(
        float(np.sum(-y * np.log(a) - (1 - y) * np.log(1 - a))))


def test_a_logit_loss_on_the_wrong_output_activation_is_refused() -> None:
    with pytest.raises(ValueError, match=r"loss 'softmax_cross_entropy' works on the logits "
                                         r"z\^L and assumes a 'softmax' output layer, but the "
                                         r"output activation is 'sigmoid'"):
        check_pairing(LOSSES["softmax_cross_entropy"], ACTIVATIONS["sigmoid"])
    z = np.zeros((2, 1))
    with pytest.raises(ValueError, match="assumes a 'sigmoid' output layer"):
        output_delta(LOSSES["binary_cross_entropy"], ACTIVATIONS["relu"], z, z, z)
    check_pairing(LOSSES["squared_error"], ACTIVATIONS["relu"])  # any activation is fine


def test_lookup_by_name_and_unknown_names() -> None:
    assert get_loss("squared_error") is LOSSES["squared_error"]
    assert get_loss(LOSSES["squared_error"]) is LOSSES["squared_error"]
    with pytest.raises(UnknownNameError, match=r"unknown loss 'mse'; valid loss names: "
                                                r"'binary_cross_entropy', 'softmax_cross_"
                                                r"entropy', 'squared_error'"):
        get_loss("mse")
