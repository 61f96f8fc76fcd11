"""Mutation tests of the chain-rule checker, and the bug hunt's report checker."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from backprop_core.checks.gradcheck import check_gradient
from backprop_core.errors import UnknownKeyError
from backprop_core.networks.network import Network
from backprop_core.practice import (
    buggy_gradients,
    bughunt_network,
    check_bug_report,
    check_chain_derivative,
)
from backprop_core.practice.bughunt import BLOCKS, block_cost


def chain_right(x: float) -> float:
    u = x**2
    v = math.sin(u)
    return math.exp(v) * math.cos(u) * 2 * x


def chain_right_numpy(x: float) -> float:
    """Another correct solution: numpy, and the factors in another order."""
    return float(2 * x * np.cos(x * x) * np.exp(np.sin(x * x)))


CHAIN_MUTANTS: list[tuple[str, Callable[[float], Any], str]] = [
    ("missing-inner", lambda x: math.exp(math.sin(x**2)) * math.cos(x**2), "2x is missing"),
    ("wrong-point", lambda x: math.exp(math.sin(x**2)) * math.cos(x) * 2 * x, "cos is taken at x"),
    ("outer-at-x", lambda x: math.exp(math.sin(x)) * math.cos(x**2) * 2 * x, "exp is taken at"),
    ("sum-not-product", lambda x: math.exp(math.sin(x**2)) + math.cos(x**2) + 2 * x,
     "they multiply"),
    ("not-written", lambda x: ..., "not written yet"),
    ("not-numbers", lambda x: "2x", "not a number"),
    ("gradcheck", lambda x: 2 * x, "finite differences give"),
]


@pytest.mark.parametrize("solution", [chain_right, chain_right_numpy])
def test_correct_chain_solutions_pass(solution: Callable[[float], float]) -> None:
    assert check_chain_derivative(solution, quiet=True).ok


@pytest.mark.parametrize(("mistake", "mutant", "words"), CHAIN_MUTANTS,
                         ids=[m[0] for m in CHAIN_MUTANTS])
def test_chain_mutants_are_caught_with_their_own_hint(mistake: str,
                                                      mutant: Callable[[float], Any],
                                                      words: str) -> None:
    report = check_chain_derivative(mutant, quiet=True)
    assert not report.ok and report.mistake == mistake, str(report)
    assert words in str(report)


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


@pytest.mark.parametrize(
    ("wrong", "mistake", "words"),
    [
        ({"W1", "W2"}, "missed", "W3 fails the gradient check too"),
        ({"W1", "W2", "W3", "b2"}, "passes-check", "b2 passes the gradient check"),
        (set(), "empty", "name at least one block"),
        ({"W9"}, "unknown-block", "the blocks are"),
    ],
)
def test_wrong_bug_reports_get_their_own_hint(wrong: set[str], mistake: str, words: str) -> None:
    report = check_bug_report(wrong, quiet=True)
    assert not report.ok and report.mistake == mistake and words in str(report)


def test_the_right_bug_report_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_bug_report(["W3", "W1", " W2"]).ok
    assert "Every bias gradient passes" in capsys.readouterr().out


def test_bughunt_network_is_square_so_shapes_cannot_catch_the_bug() -> None:
    net, _, _ = bughunt_network()
    assert isinstance(net, Network) and net.sizes == [3, 3, 3, 3]
