"""The chain-rule checker's points, and the bug hunt: its network, its report checker."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core.checks.gradcheck import check_gradient
from backprop_core.errors import ArgumentTypeError, BackpropError, UnknownKeyError
from backprop_core.networks.network import Network
from backprop_core.practice import (
    buggy_gradients,
    bughunt_network,
    check_bug_report,
    check_chain_derivative,
)
from backprop_core.practice.bughunt import BLOCKS, block_cost, read_report
from backprop_core.practice.chain import POINTS, RTOL, chain_derivative, chain_function


def test_the_exact_derivative_agrees_with_finite_differences() -> None:
    for x in POINTS[:-1]:
        f = lambda v: chain_function(float(v[0]))  # noqa: E731
        assert check_gradient(f, [x], [chain_derivative(x)]).ok


def test_no_finite_difference_reaches_the_tolerance_at_the_last_point() -> None:
    x = POINTS[-1]
    exact = chain_derivative(x)
    for h in np.logspace(-11, -2, 37):
        central = (chain_function(x + h) - chain_function(x - h)) / (2 * h)
        assert abs(central - exact) > 10 * RTOL * abs(exact), h


def test_a_numpy_scalar_or_zero_dimensional_array_is_a_number() -> None:
    assert check_chain_derivative(lambda x: np.array(chain_derivative(x)), quiet=True).ok
    report = check_chain_derivative(lambda x: True, quiet=True)
    assert report.mistake == "not-numbers" and "returned bool True" in str(report)


# -- the bug hunt ---------------------------------------------------------------------------


def test_the_buggy_backprop_has_the_right_shapes_and_a_localised_bug() -> None:
    net, x, y = bughunt_network()
    grads = buggy_gradients(net, x, y)
    right = net.gradients(x, y)
    for name in BLOCKS:
        n = int(name[1])
        expected = right.dW[n] if name[0] == "W" else right.db[n].reshape(-1, 1)
        assert grads[name].shape == expected.shape
        # the biases (= δ) are right, every weight gradient is wrong
        assert np.allclose(grads[name], expected) == (name[0] == "b"), name


def test_block_cost_is_the_network_cost_and_leaves_the_network_alone() -> None:
    net, x, y = bughunt_network()
    before = net.get_params()
    right = net.gradients(x, y)
    for name in BLOCKS:
        f, value = block_cost(net, x, y, name)
        n = int(name[1])
        grad = right.dW[n] if name[0] == "W" else right.db[n].reshape(-1, 1)
        assert check_gradient(f, value, grad).ok
    assert np.array_equal(net.get_params(), before)
    with pytest.raises(UnknownKeyError, match="the blocks are"):
        block_cost(net, x, y, "W4")


def test_a_report_may_be_a_set_a_list_or_one_string() -> None:
    assert read_report("W1, W2, W3") == {"W1", "W2", "W3"}
    assert read_report("w1;b2  W3") == {"W1", "b2", "W3"}
    assert read_report(("W1",)) == {"W1"} and read_report([]) == set()
    assert read_report([1, "x"]) == {"1", "x"}  # reported as unknown blocks


@pytest.mark.parametrize("value", [None, 3, {"W1": True}, b"W1"])
def test_a_report_of_another_type_is_a_named_error(value: object) -> None:
    with pytest.raises(ArgumentTypeError) as info:
        check_bug_report(value, quiet=True)  # type: ignore[arg-type]
    assert isinstance(info.value, BackpropError)
    text = str(info.value)
    assert text.startswith("wrong must be the names of the failing blocks")
    assert f"got {type(value).__name__}" in text


def test_the_right_bug_report_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_bug_report("W1, W2, W3").ok
    assert "Every bias gradient passes" in capsys.readouterr().out


def test_bughunt_network_is_square_so_shapes_cannot_catch_the_bug() -> None:
    net, _, _ = bughunt_network()
    assert isinstance(net, Network) and net.sizes == [3, 3, 3, 3]



def test_an_infinite_value_and_an_unknown_mistake() -> None:
    report = check_chain_derivative(lambda x: float("inf"), quiet=True)
    assert report.mistake == "not-finite" and "returned inf" in str(report)
    report = check_chain_derivative(lambda x: 3 * x, quiet=True)
    assert report.mistake == "wrong-value"
    assert "yours is 0.9, the right value is 0.6538" in str(report)
