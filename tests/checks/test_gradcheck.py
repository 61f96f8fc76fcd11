"""gradcheck.py: the one checker; it passes right gradients and catches wrong ones."""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pytest

from backprop_core.checks.gradcheck import (
    TINY,
    assert_grad_close,
    check_gradient,
    check_network,
    check_scalar_graph,
    numerical_gradient,
    relative_error,
)
from backprop_core.engine.value import Value, exp, tanh
from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    DomainError,
    GradientCheckError,
    NonFiniteError,
    ShapeError,
)
from backprop_core.networks.activations import Activation, sigmoid
from backprop_core.networks.network import Network


def test_numerical_gradient_of_a_known_function() -> None:
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    np.testing.assert_allclose(numerical_gradient(lambda v: float((v**3).sum()), x),
                               3 * x**2, rtol=1e-9)
    # x itself is left untouched
    np.testing.assert_array_equal(x, [[1.0, -2.0], [0.5, 3.0]])


def test_relative_error_definition() -> None:
    np.testing.assert_allclose(relative_error([1.0, 1.0, 0.0, 2.0], [1.0, -1.0, 0.0, 1.0]),
                               [0.0, 1.0, 0.0, 1 / 3])
    # below the floor (TINY by default) the error is absolute, in units of the floor
    assert relative_error(0.0, TINY / 10) == pytest.approx(0.1)


def test_a_right_gradient_passes_and_reports_its_worst_element() -> None:
    x = np.array([0.3, -1.2, 2.0])
    result = check_gradient(lambda v: float(np.sum(np.sin(v))), x, np.cos(x))
    assert result.ok and result.n_checked == 3
    assert result.max_rel_error < 1e-8
    assert result.worst.rel_error == result.max_rel_error
    assert repr(result).startswith("GradCheckResult(ok: max relative error")


def test_a_wrong_gradient_fails_and_names_the_element() -> None:
    x = np.array([0.3, -1.2, 2.0])
    wrong = np.cos(x)
    wrong[1] *= 1.01
    result = check_gradient(lambda v: float(np.sum(np.sin(v))), x, wrong)
    assert not result.ok
    assert result.worst.index == (1,)
    assert result.worst.analytic == pytest.approx(1.01 * np.cos(-1.2))
    assert result.worst.numeric == pytest.approx(np.cos(-1.2))
    assert "FAILED" in repr(result) and "worst at index (1,)" in repr(result)
    with pytest.raises(GradientCheckError, match=r"gradient check failed: element \(1,\) has "
                                             r"analytic 0\.36\d+ but numeric 0\.36\d+ "
                                             r"\(relative error 4\.98e-03 > tolerance 1e-05\)"):
        assert_grad_close(lambda v: float(np.sum(np.sin(v))), x, wrong)


def test_nan_in_the_analytic_gradient_fails() -> None:
    result = check_gradient(lambda v: float(v.sum()), np.ones(2), [1.0, np.nan])
    assert not result.ok and result.worst.index == (1,)


def test_shape_and_emptiness_are_checked() -> None:
    with pytest.raises(ShapeError, match=r"the analytic gradient has shape \(3,\) but x has "
                                         r"shape \(2,\)"):
        check_gradient(lambda v: 0.0, np.zeros(2), np.zeros(3))
    with pytest.raises(ValueError, match="x is empty"):
        check_gradient(lambda v: 0.0, np.zeros(0), np.zeros(0))


def test_check_network_passes_and_leaves_the_parameters_alone() -> None:
    net = Network.from_sizes([2, 3, 2], ["tanh", "sigmoid"], seed=0)
    before = net.get_params()
    rng = np.random.default_rng(0)
    result = check_network(net, rng.normal(size=(2, 4)), rng.normal(size=(2, 4)))
    assert result.ok and result.n_checked == net.n_params
    np.testing.assert_array_equal(net.get_params(), before)


def test_check_network_catches_a_wrong_derivative() -> None:
    # a sigmoid whose "derivative" forgets the (1 - σ) factor: backprop is then wrong
    broken = Activation("sigmoid", sigmoid, sigmoid)
    net = Network.from_sizes([2, 3, 1], [broken, "identity"], seed=0)
    rng = np.random.default_rng(0)
    result = check_network(net, rng.normal(size=(2, 4)), rng.normal(size=(1, 4)))
    assert not result.ok and result.max_rel_error > 0.1


def test_check_scalar_graph_on_a_generic_function() -> None:
    result = check_scalar_graph(lambda a, b: tanh(a * b) + exp(a) / b, 0.4, 1.5)
    assert result.ok and result.n_checked == 2


def test_the_floor_grows_with_the_size_of_f() -> None:
    # f = 1e6·x0 + 1e-9·x1: the 1e-9 derivative is below what differences of a function of
    # size 1e6 can resolve, so a wrong-looking numeric value there is not held against it
    x = np.array([1.0, 1.0])
    result = check_gradient(lambda v: float(1e6 * v[0] + 1e-9 * v[1]), x, [1e6, 1e-9])
    assert result.ok
    wrong = check_gradient(lambda v: float(1e6 * v[0] + 1e-9 * v[1]), x, [1e6, 1e3])
    assert not wrong.ok and wrong.worst.index == (1,)


def test_an_infinite_analytic_gradient_fails_without_a_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # inf/inf would warn "invalid value encountered"
        result = check_gradient(lambda v: float(v.sum()), np.ones(2), [1.0, np.inf])
    assert not result.ok and result.worst.index == (1,) and result.max_rel_error == np.inf
    np.testing.assert_array_equal(relative_error([np.nan, 1.0], [1.0, 1.0]), [np.inf, 0.0])


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: check_gradient(lambda v: float(v.sum()), [1.0], [1.0], h=0.0), ArgumentError,
     r"^h \(the step\) must be > 0, got 0$"),
    (lambda: check_gradient(lambda v: float(v.sum()), [1.0], [1.0], h=-1e-5), ArgumentError,
     r"^h \(the step\) must be > 0, got -1e-05$"),
    (lambda: check_gradient(lambda v: float(v.sum()), [1.0], [1.0], tolerance=float("nan")),
     ArgumentError, r"^tolerance must be a finite number, got nan$"),
    (lambda: check_gradient(lambda v: float(v.sum()), [1.0], [1.0], tiny=0.0), ArgumentError,
     r"^tiny must be > 0, got 0$"),
    (lambda: check_gradient(lambda v: float("nan"), [1.0], [1.0]), NonFiniteError,
     r"^f\(x \+ h·e_0\) = nan: f must be finite near the point"),
    (lambda: check_gradient(lambda v: v, [1.0, 2.0], [1.0, 1.0]), ArgumentTypeError,
     r"^f must return one number, but f\(x \+ h·e_0\) returned ndarray"),
    (lambda: check_gradient(lambda v: float(v.sum()), [np.nan], [1.0]), NonFiniteError,
     r"^x contains nan at index \(0,\)"),
    (lambda: numerical_gradient(lambda v: float(v[0, 0]) * 1e308 * 10, [[1.0]]),
     NonFiniteError, r"^f\(x \+ h·e_\(0, 0\)\) = inf"),
    (lambda: numerical_gradient(lambda v: 0.0, ["a"]), ArgumentTypeError,
     r"^x must be an array of real numbers"),
    (lambda: relative_error([1.0], [1.0, 2.0]), ShapeError, r"analytic has shape \(1,\)"),
    (lambda: check_scalar_graph(lambda a: a.log() if isinstance(a, Value) else math.log(a),
                                0.0), DomainError, r"^log needs a positive input, but x\d+ = 0$"),
])
def test_the_checker_refuses_bad_arguments(call: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        call()
