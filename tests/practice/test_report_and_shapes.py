"""The checkers' other answers: wrong shapes, non-numbers, NaN, unknown mistakes."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from backprop_core.networks.activations import sigmoid_prime
from backprop_core.practice import (
    Node,
    check_batch_gradients,
    check_engine,
    check_layer_backward,
    topological_order,
)
from backprop_core.practice.report import Report, not_written


def layer(W: Any, b: Any, a_prev: Any, grad_a: Any) -> tuple[Any, Any, Any]:
    delta = grad_a * sigmoid_prime(W @ a_prev + b)
    return delta @ a_prev.T, delta, W.T @ delta


@pytest.mark.parametrize(
    ("change", "mistake", "words"),
    [
        (lambda r: (r[0][:, :2], r[1], r[2]), "shape", "must have W's shape"),
        (lambda r: (r[0], r[1][:2], r[2]), "shape", "one number per bias"),
        (lambda r: (r[0], r[1], r[2][:1]), "shape", "one entry per input"),
        (lambda r: (r[0], "db", r[2]), "not-numbers", "not an array of numbers"),
        (lambda r: (r[0] * np.nan, r[1], r[2]), "not-finite", "NaN or infinity"),
        (lambda r: (r[0], None, r[2]), "not-written", "not written yet"),
    ],
)
def test_layer_checker_other_mistakes(change: Any, mistake: str, words: str) -> None:
    def solution(*args: Any) -> Any:
        return change(layer(*args))

    report = check_layer_backward(solution, quiet=True)
    assert (report.ok, report.mistake) == (False, mistake) and words in str(report)


def batch(W: Any, b: Any, A: Any, G: Any) -> tuple[Any, Any]:
    m = A.shape[1]
    D = G * sigmoid_prime(W @ A + b)
    return D @ A.T / m, D.sum(axis=1, keepdims=True) / m


@pytest.mark.parametrize(
    ("change", "mistake", "words"),
    [
        (lambda r: r[0], "returns", "return dW, db"),
        (lambda r: (r[0][:, :1], r[1]), "shape", "must have W's shape"),
        (lambda r: (r[0], r[1][:2]), "shape", "but b has shape (3, 1)"),
        (lambda r: (r[0] + 0.1, r[1]), "gradcheck", "finite differences give"),
    ],
)
def test_batch_checker_other_mistakes(change: Any, mistake: str, words: str) -> None:
    def solution(*args: Any) -> Any:
        return change(batch(*args))

    report = check_batch_gradients(solution, quiet=True)
    assert (report.ok, report.mistake) == (False, mistake) and words in str(report)


def test_engine_checker_reports_an_unknown_mistake_with_the_numbers() -> None:
    def step(node: Node) -> None:
        for parent in node.parents:
            parent.grad += 0.5 * node.grad

    def backward(output: Node) -> None:
        order = topological_order(output)
        for node in order:
            node.grad = 0.0
        output.grad = 1.0
        for node in reversed(order):
            step(node)

    report = check_engine(step, backward, quiet=True)
    assert report.mistake == "gradcheck" and "finite differences give" in str(report)


def test_report_truth_and_placeholders() -> None:
    assert not Report("x") and Report("x", ok=True)
    assert not_written((1, ...)) and not_written(None) and not not_written((1, 2))
