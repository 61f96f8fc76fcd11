"""activations.py: each σ' is checked numerically and against autograd; softmax's Jacobian."""

from __future__ import annotations

import warnings
from typing import Any

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import elementwise_grad, jacobian
from hypothesis import given
from hypothesis import strategies as st

from backprop_core.checks.gradcheck import assert_grad_close
from backprop_core.errors import ArgumentTypeError, NonFiniteError, ShapeError, UnknownNameError
from backprop_core.networks.activations import (
    ACTIVATIONS,
    Activation,
    get_activation,
    sigmoid_prime,
    softmax,
    softmax_jacobian,
    softmax_jvp,
    tanh_prime,
)

ELEMENTWISE = ["identity", "sigmoid", "tanh", "relu"]
AUTOGRAD_VERSIONS = {
    "identity": lambda z: z,
    "sigmoid": lambda z: 1.0 / (1.0 + anp.exp(-z)),
    "tanh": anp.tanh,
    "relu": lambda z: anp.maximum(z, 0.0),
}


def _away_from_kink(z: np.ndarray) -> np.ndarray:
    # relu has no derivative at 0; finite differences straddling it would be meaningless
    return np.where(np.abs(z) < 1e-3, 0.5, z)


@pytest.mark.parametrize("name", ELEMENTWISE)
@given(seed=st.integers(0, 10_000), rows=st.integers(1, 4), cols=st.integers(1, 4))
def test_derivative_passes_the_gradient_check(name: str, seed: int, rows: int,
                                              cols: int) -> None:
    rng = np.random.default_rng(seed)
    z = _away_from_kink(rng.normal(0, 3, size=(rows, cols)))
    weights = rng.normal(size=z.shape)  # C = Σ w ⊙ σ(z), so ∂C/∂z = w ⊙ σ'(z)
    act = get_activation(name)
    assert_grad_close(lambda v: float((weights * act(v)).sum()), z, act.backward(z, weights))


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_function_and_derivative_agree_with_autograd(name: str) -> None:
    z = _away_from_kink(np.linspace(-6, 6, 25).reshape(5, 5))
    act = ACTIVATIONS[name]
    assert act.derivative is not None
    np.testing.assert_allclose(act(z), AUTOGRAD_VERSIONS[name](z), rtol=1e-13)
    np.testing.assert_allclose(act.derivative(z), elementwise_grad(AUTOGRAD_VERSIONS[name])(z),
                               rtol=1e-12, atol=1e-15)


@given(seed=st.integers(0, 10_000), n=st.integers(1, 6), m=st.integers(1, 4))
def test_softmax_jvp_matches_the_jacobian_and_the_gradient_check(seed: int, n: int,
                                                                 m: int) -> None:
    rng = np.random.default_rng(seed)
    z = rng.normal(0, 2, size=(n, m))
    v = rng.normal(size=(n, m))
    jv = softmax_jvp(z, v)
    for col in range(m):
        J = softmax_jacobian(z[:, col])
        np.testing.assert_allclose(J, J.T, atol=1e-15)  # symmetric: Jv = Jᵀv
        np.testing.assert_allclose(jv[:, col], J @ v[:, col], rtol=1e-10, atol=1e-14)
    assert_grad_close(lambda x: float((v * softmax(x)).sum()), z,
                      ACTIVATIONS["softmax"].backward(z, v))


def test_softmax_jacobian_agrees_with_autograd() -> None:
    z = np.array([0.5, -1.0, 2.0, 0.0])

    def softmax_autograd(x: np.ndarray) -> Any:
        e = anp.exp(x - anp.max(x))
        return e / anp.sum(e)

    np.testing.assert_allclose(softmax_jacobian(z), jacobian(softmax_autograd)(z),
                               rtol=1e-12, atol=1e-15)


def test_softmax_columns_are_distributions() -> None:
    z = np.array([[1.0, -3.0], [2.0, 0.0], [3.0, 5.0]])
    s = softmax(z)
    np.testing.assert_allclose(s.sum(axis=0), 1.0)
    np.testing.assert_allclose(s[:, 0], np.exp([1, 2, 3]) / np.exp([1, 2, 3]).sum())


def test_activations_are_finite_and_right_at_plus_minus_1000() -> None:
    z = np.array([[-1000.0], [0.0], [1000.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warning either
        np.testing.assert_array_equal(ACTIVATIONS["sigmoid"](z).ravel(), [0.0, 0.5, 1.0])
        np.testing.assert_array_equal(ACTIVATIONS["sigmoid"].backward(z, np.ones_like(z))
                                      .ravel(), [0.0, 0.25, 0.0])
        np.testing.assert_array_equal(ACTIVATIONS["tanh"](z).ravel(), [-1.0, 0.0, 1.0])
        np.testing.assert_array_equal(softmax(z).ravel(), [0.0, 0.0, 1.0])
        assert np.isfinite(softmax_jvp(z, np.ones_like(z))).all()


def test_elementwise_flag_and_backward_rule() -> None:
    assert [a.elementwise for a in ACTIVATIONS.values()] == [True, True, True, True, False]
    z = np.array([[-1.0], [2.0]])
    g = np.array([[3.0], [4.0]])
    np.testing.assert_array_equal(ACTIVATIONS["relu"].backward(z, g), [[0.0], [4.0]])
    np.testing.assert_array_equal(ACTIVATIONS["identity"].backward(z, g), g)


def test_lookup_by_name_and_unknown_names() -> None:
    assert get_activation("tanh").name == "tanh"
    custom = Activation("square", lambda z: z**2, lambda z: 2 * z)
    assert get_activation(custom) is custom
    with pytest.raises(UnknownNameError, match=r"unknown activation 'sigmod'; valid "
                                                r"activation names: 'identity', 'relu', "
                                                r"'sigmoid', 'softmax', 'tanh'"):
        get_activation("sigmod")
    with pytest.raises(ValueError, match="unknown activation"):
        get_activation(["relu"])  # type: ignore[arg-type]


# ---- issue 14: activations take array-likes and refuse NaN, inf and bad shapes ------------

@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activations_take_lists_and_refuse_non_finite_input(name: str) -> None:
    act = ACTIVATIONS[name]
    np.testing.assert_allclose(act([[1.0], [2.0]]), act(np.array([[1.0], [2.0]])))
    for bad in (np.nan, np.inf):
        with pytest.raises(NonFiniteError, match=r"^z contains (nan|inf) at index \(1, 0\)"):
            act(np.array([[0.0], [bad]]))
    with pytest.raises(ArgumentTypeError, match=r"^z must be an array of real numbers"):
        act([["a"]])


def test_softmax_shapes_are_checked() -> None:
    with pytest.raises(ShapeError, match=r"^softmax needs at least one row .* shape \(0, 3\)$"):
        softmax(np.zeros((0, 3)))
    with pytest.raises(ShapeError, match=r"^softmax needs at least one row .* shape \(\)$"):
        softmax(np.float64(1.0))  # type: ignore[arg-type]
    with pytest.raises(ShapeError, match=r"^softmax_jacobian takes one sample, z of shape \(n,\) "
                                         r"or \(n, 1\), but got array of shape \(2, 2\)$"):
        softmax_jacobian(np.zeros((2, 2)))
    with pytest.raises(ShapeError, match=r"^softmax_jvp needs v shaped like z \(3, 1\), but got "
                                         r"array of shape \(3, 2\)$"):
        softmax_jvp(np.zeros((3, 1)), np.zeros((3, 2)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):  # e^{-2000} underflows to 0 quietly
            np.testing.assert_array_equal(softmax(np.array([[1000.0], [-1000.0]])), [[1], [0]])
            assert ACTIVATIONS["sigmoid"](np.array([[-1000.0]]))[0, 0] == 0.0


def _exact_slope(name: str, z: float) -> float:
    """σ'(z) = e/(1 + e)², e = e^{-|z|}, or tanh'(z) = 4e/(1 + e)², e = e^{-2|z|}, in 40
    decimal digits (then rounded once to float64)."""
    from decimal import Context, Decimal, localcontext

    with localcontext(Context(prec=40, Emax=10**6, Emin=-10**6)):
        e = Decimal(-abs(z) if name == "sigmoid" else -2 * abs(z)).exp()
        return float((1 if name == "sigmoid" else 4) * e / (1 + e) ** 2)


@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_slopes_keep_every_digit_for_large_z(name: str) -> None:
    # σ(1 - σ) and 1 - tanh² subtract numbers that round to 1: at z = 40 they gave 0 where
    # σ'(40) = 4.2e-18; the slopes are now within a few ulp everywhere
    z = np.array([-745.0, -100.0, -40.0, -30.0, -19.5, -1.0, 0.0, 1e-8, 0.5, 19.5, 30.0, 37.0,
                  40.0, 100.0, 350.0, 700.0])
    got = {"sigmoid": sigmoid_prime, "tanh": tanh_prime}[name](z)
    want = np.array([_exact_slope(name, v) for v in z])
    np.testing.assert_allclose(got, want, rtol=4 * 2.0**-52, atol=2 * 2.0**-1074)
    if name == "sigmoid":
        assert got[list(z).index(40.0)] == pytest.approx(4.248354255291589e-18, rel=1e-15)
    # the network's backward pass uses the same formulas
    assert np.array_equal(get_activation(name).backward(z, np.ones_like(z)), got)
