"""losses.py: values, gradients (numerically and with autograd), stability, δ^L."""

from __future__ import annotations

import warnings
from decimal import Decimal, getcontext

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad
from hypothesis import given
from hypothesis import strategies as st

from backprop_core.checks.gradcheck import assert_grad_close
from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    BackpropError,
    DomainError,
    NonFiniteError,
    ShapeError,
    UnknownNameError,
)
from backprop_core.networks.activations import ACTIVATIONS, sigmoid, softmax
from backprop_core.networks.losses import (
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


# ---- issue 14: precision against an exact reference, the targets' domain, bad arrays -------

getcontext().prec = 400  # enough digits for a cost of 1e-300 next to logits of 1e6


def exact_softmax_cross_entropy(z: np.ndarray, y: np.ndarray) -> list[Decimal]:
    """-Σ_j y_j log softmax(z)_j per column, in 400-digit decimal arithmetic from the
    (already rounded) float entries of z and y."""
    costs = []
    for zc, yc in zip(z.T, y.T, strict=True):
        zd = [Decimal(float(v)) for v in zc]
        top = max(zd)
        log_sum = sum(((v - top).exp() for v in zd), Decimal(0)).ln()
        costs.append(sum((Decimal(float(w)) * (log_sum - (v - top)) for w, v in
                          zip(yc, zd, strict=True)), Decimal(0)))
    return costs


def exact_binary_cross_entropy(z: np.ndarray, y: np.ndarray) -> list[Decimal]:
    """Σ_j y·log(1 + e^{-z}) + (1 - y)·log(1 + e^{z}) per column, in decimal arithmetic."""
    def softplus_exact(v: Decimal) -> Decimal:
        return v + (1 + (-v).exp()).ln() if v > 0 else (1 + v.exp()).ln()

    return [sum((Decimal(float(w)) * softplus_exact(-Decimal(float(v)))
                 + (1 - Decimal(float(w))) * softplus_exact(Decimal(float(v)))
                 for v, w in zip(zc, yc, strict=True)), Decimal(0))
            for zc, yc in zip(z.T, y.T, strict=True)]


def assert_matches_exact(got: np.ndarray, exact: list[Decimal], dtype: type,
                         z: np.ndarray | None = None) -> None:
    """Each cost equals the exact one rounded to ``dtype``, to a few units in the last place.

    With float64 logits ``z``, also within the conditioning of e^x: rounding z_j - max z
    (by ε·|z_j - max z|) changes e^{z_j - max z}, and a cost made of it, by that much
    relatively. float32 logits are subtracted in float64, exactly.
    """
    eps, tiny = np.finfo(dtype).eps, np.finfo(dtype).smallest_subnormal
    spread = np.zeros(len(exact)) if z is None or dtype == np.float32 else np.ptp(z, axis=0)
    for c, e, s in zip(got, exact, spread, strict=True):
        want = float(dtype(float(e)))  # the best ``dtype`` can do
        assert abs(float(c) - want) <= 8 * eps * (1 + s) * abs(want) + 2 * float(tiny), (c, e)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("scale", [1.0, 1e2, 1e4, 1e6, -1e6])
def test_softmax_cross_entropy_cost_matches_an_exact_reference(dtype: type, scale: float
                                                               ) -> None:
    # the issue's case: float32 logits near 1e6 gave 0.4375 for 0.4076 (the textbook formula
    # subtracts two numbers near 1e6)
    z = (scale + np.array([[0.0, 0.3, -5.0], [-0.5, 0.0, -1e3], [-3.0, 1.0, 0.0]])
         ).astype(dtype)
    y = np.array([[0.0, 1.0, 0.2], [1.0, 0.0, 0.3], [0.0, 0.0, 0.5]], dtype=dtype)
    got = LOSSES["softmax_cross_entropy"].per_sample(z, y)
    assert got.dtype == dtype
    assert_matches_exact(got, exact_softmax_cross_entropy(z, y), dtype, z)


def test_softmax_cross_entropy_at_the_issues_logits() -> None:
    z = np.array([[1e6], [1e6 - 0.5], [1e6 - 3.0]], dtype=np.float32)
    y = np.array([[0.0], [1.0], [0.0]], dtype=np.float32)
    exact = float(exact_softmax_cross_entropy(z, y)[0])
    # the textbook formula (Σy)·logsumexp(z) - Σ y z, in float32, is off in the third digit
    textbook = np.float32(z.max() + np.log(np.exp(z - z.max()).sum())) - (y * z).sum()
    assert abs(float(textbook) - exact) > 1e-3
    assert LOSSES["softmax_cross_entropy"].value(z, y) == pytest.approx(exact, rel=1e-6)
    # float64, mixed signs: e^{-2e6} underflows to 0 without a warning
    zm = np.array([[1e6], [-1e6 + 0.25], [1e6 - 0.75]])
    ym = np.array([[0.0], [0.0], [1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            got = LOSSES["softmax_cross_entropy"].value(zm, ym)
    assert got == pytest.approx(float(exact_softmax_cross_entropy(zm, ym)[0]), rel=1e-15)


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 5), m=st.integers(1, 3),
       log_scale=st.floats(-2.0, 6.0), spread=st.sampled_from([0.01, 1.0, 30.0, 1e3]),
       dtype=st.sampled_from([np.float32, np.float64]), one_hot=st.booleans())
def test_logit_costs_match_an_exact_reference_for_any_logits(
    seed: int, n: int, m: int, log_scale: float, spread: float, dtype: type, one_hot: bool
) -> None:
    rng = np.random.default_rng(seed)
    z = (rng.choice([-1, 1]) * 10**log_scale + spread * rng.normal(size=(n, m))).astype(dtype)
    if one_hot:
        y = np.eye(n, dtype=dtype)[:, rng.integers(0, n, size=m)]
    else:
        y = rng.dirichlet(np.ones(n), size=m).T.astype(dtype)
        y[0] = 1 - y[1:].sum(axis=0)  # sums to 1 in ``dtype`` too
        y = np.clip(y, 0, 1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sce = LOSSES["softmax_cross_entropy"].per_sample(z, y)
        bce = LOSSES["binary_cross_entropy"].per_sample(z, y)
    assert_matches_exact(sce, exact_softmax_cross_entropy(z, y), dtype, z)
    # binary cross-entropy sums n terms, so allow n roundings
    eps, tiny = np.finfo(dtype).eps, float(np.finfo(dtype).smallest_subnormal)
    for c, e in zip(bce, exact_binary_cross_entropy(z, y), strict=True):
        assert abs(float(c) - float(e)) <= 4 * n * eps * float(e) + 2 * n * tiny


@pytest.mark.parametrize(("name", "y", "message"), [
    ("binary_cross_entropy", [[2.0]], r"must lie in \[0, 1\] for binary_cross_entropy .* "
                                      r"has 2 at index \(0, 0\)"),
    ("binary_cross_entropy", [[-1.0]], r"has -1 at index \(0, 0\)"),
    ("softmax_cross_entropy", [[-1.0], [1.0], [1.0]], r"must be >= 0 for softmax_cross_"
                                                      r"entropy .* has -1 at index \(0, 0\)"),
    ("softmax_cross_entropy", [[1.0], [1.0], [0.0]], r"every column of targets y must sum "
                                                     r"to 1 .* column 0 sums to 2$"),
    ("softmax_cross_entropy", [[0.0], [0.0], [0.0]], r"column 0 sums to 0$"),
])
def test_targets_outside_the_losss_domain_are_refused(name: str, y: list[list[float]],
                                                      message: str) -> None:
    z = np.zeros((len(y), 1))
    with pytest.raises(DomainError, match=message) as info:
        LOSSES[name].value(z, y)
    assert isinstance(info.value, BackpropError) and isinstance(info.value, ValueError)


def test_soft_targets_inside_the_domain_are_accepted() -> None:
    z = np.zeros((2, 1))
    assert LOSSES["binary_cross_entropy"].value(z, [[0.3], [1.0]]) == pytest.approx(
        2 * np.log(2))
    assert LOSSES["softmax_cross_entropy"].value(z, [[0.2], [0.8]]) == pytest.approx(np.log(2))
    # float32 targets that sum to 1 only up to float32 rounding
    y32 = np.full((10, 1), 0.1, dtype=np.float32)
    LOSSES["softmax_cross_entropy"].value(np.zeros((10, 1), np.float32), y32)
    LOSSES["squared_error"].value(z, [[-1e150], [7.0]])  # any finite target


def test_loss_value_refuses_bad_arrays_and_reports_overflow() -> None:
    se = LOSSES["squared_error"]
    with pytest.raises(ShapeError, match=r"^targets y must have the shape of the output a\^L, "
                                         r"\(1, 3\), but got array of shape \(2, 3\)$"):
        se.value(np.zeros((1, 3)), np.zeros((2, 3)))
    with pytest.raises(ShapeError, match=r"needs at least one, but the output a\^L has shape "
                                         r"\(1, 0\)"):
        se.value(np.zeros((1, 0)), np.zeros((1, 0)))
    with pytest.raises(NonFiniteError, match=r"^the logits z\^L contains nan"):
        LOSSES["softmax_cross_entropy"].value([[np.nan]], [[1.0]])
    with pytest.raises(ArgumentTypeError, match=r"^targets y must be an array of real numbers"):
        se.value([[1.0]], [["a"]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(NonFiniteError, match=r"^the squared_error cost of a sample is inf "
                                                 r"at index \(0,\) although every input was "
                                                 r"finite: the numbers overflow float64"):
            se.value([[1e200]], [[-1e200]])
        # each sample's cost is 0.845e308; their sum overflows but their mean does not
        a = np.full((1, 3), 0.65e154)
        assert se.value(a, -a) == pytest.approx(0.845e308)


def test_a_wrong_pairing_is_an_argument_error() -> None:
    with pytest.raises(ArgumentError):
        check_pairing(LOSSES["binary_cross_entropy"], ACTIVATIONS["softmax"])
