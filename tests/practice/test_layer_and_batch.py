"""Mutation tests of the dense-layer checkers: plausible wrong solutions, each caught with
its own hint; two different correct solutions pass."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from backprop_core.networks.activations import sigmoid, sigmoid_prime
from backprop_core.practice import check_batch_gradients, check_layer_backward

# -- one sample: layer_backward(W, b, a_prev, grad_a) -> dW, db, grad_a_prev ----------------


def layer_right(W, b, a_prev, grad_a):  # type: ignore[no-untyped-def]
    z = W @ a_prev + b
    delta = grad_a * sigmoid_prime(z)
    return delta @ a_prev.T, delta, W.T @ delta


def layer_right_loops(W, b, a_prev, grad_a):  # type: ignore[no-untyped-def]
    """Another correct solution: the scalar formulas, one entry at a time."""
    n_out, n_in = W.shape
    dW, db, grad_prev = np.zeros((n_out, n_in)), np.zeros(n_out), np.zeros(n_in)
    for j in range(n_out):
        z_j = sum(W[j, k] * a_prev[k, 0] for k in range(n_in)) + b[j, 0]
        s = 1 / (1 + np.exp(-z_j))
        d = grad_a[j, 0] * s * (1 - s)
        db[j] = d
        for k in range(n_in):
            dW[j, k] = d * a_prev[k, 0]
            grad_prev[k] += W[j, k] * d
    return dW, db, grad_prev  # flat vectors are accepted for b and a_prev


def layer_missing_transpose_dW(W, b, a_prev, grad_a):  # type: ignore[no-untyped-def]
    z = W @ a_prev + b
    delta = grad_a * sigmoid_prime(z)
    return a_prev @ delta.T, delta, W.T @ delta


def layer_missing_transpose_back(W, b, a_prev, grad_a):  # type: ignore[no-untyped-def]
    z = W @ a_prev + b
    delta = grad_a * sigmoid_prime(z)
    return delta @ a_prev.T, delta, W @ delta


def layer_sigma_not_prime(W, b, a_prev, grad_a):  # type: ignore[no-untyped-def]
    z = W @ a_prev + b
    delta = grad_a * sigmoid(z)
    return delta @ a_prev.T, delta, W.T @ delta


def layer_prime_at_a(W, b, a_prev, grad_a):  # type: ignore[no-untyped-def]
    a = sigmoid(W @ a_prev + b)
    delta = grad_a * sigmoid_prime(a)
    return delta @ a_prev.T, delta, W.T @ delta


def layer_no_sigma_prime(W, b, a_prev, grad_a):  # type: ignore[no-untyped-def]
    delta = grad_a
    return delta @ a_prev.T, delta, W.T @ delta


def layer_not_written(W, b, a_prev, grad_a):  # type: ignore[no-untyped-def]
    ...


def layer_raises(W, b, a_prev, grad_a):  # type: ignore[no-untyped-def]
    raise NotImplementedError


def layer_two_results(W, b, a_prev, grad_a):  # type: ignore[no-untyped-def]
    delta = grad_a * sigmoid_prime(W @ a_prev + b)
    return delta @ a_prev.T, delta


def layer_bias_wrong(W, b, a_prev, grad_a):  # type: ignore[no-untyped-def]
    dW, delta, back = layer_right(W, b, a_prev, grad_a)
    return dW, delta * 2, back


@pytest.mark.parametrize("solution", [layer_right, layer_right_loops])
def test_correct_layer_solutions_pass(solution: Callable[..., Any],
                                      capsys: pytest.CaptureFixture[str]) -> None:
    report = check_layer_backward(solution)
    assert report.ok and report.mistake == ""
    assert "right" in capsys.readouterr().out


LAYER_MUTANTS = [
    (layer_missing_transpose_dW, "missing-transpose", "a transpose is missing"),
    (layer_missing_transpose_back, "missing-transpose", "Wᵀ δ (a transpose is missing)"),
    (layer_sigma_not_prime, "sigma-not-prime", "uses σ(z) where the derivative σ′(z) belongs"),
    (layer_prime_at_a, "prime-at-a", "σ′ is taken at a = σ(z) instead of at the input sum z"),
    (layer_no_sigma_prime, "no-sigma-prime", "missing the factor σ′(z)"),
    (layer_not_written, "not-written", "not written yet"),
    (layer_raises, "not-written", "not written yet"),
    (layer_two_results, "returns", "return dW, db, grad_a_prev"),
    (layer_bias_wrong, "gradcheck", "∂C/∂b is wrong at entry"),
]


@pytest.mark.parametrize(("mutant", "mistake", "words"), LAYER_MUTANTS,
                         ids=[m[1] + "-" + m[0].__name__ for m in LAYER_MUTANTS])
def test_layer_mutants_are_caught_with_their_own_hint(mutant: Callable[..., Any], mistake: str,
                                                      words: str) -> None:
    report = check_layer_backward(mutant, quiet=True)
    assert not report.ok
    assert report.mistake == mistake, str(report)
    assert words in str(report), str(report)


def test_the_shape_hint_names_both_shapes() -> None:
    # only the rectangular layer shows the shapes; a square one would show the numbers
    def transposed_only_when_rectangular(W, b, a_prev, grad_a):  # type: ignore[no-untyped-def]
        dW, db, back = layer_right(W, b, a_prev, grad_a)
        return (dW if W.shape[0] == W.shape[1] else dW.T), db, back

    report = check_layer_backward(transposed_only_when_rectangular, quiet=True)
    assert "∂C/∂W has shape (4, 3) but W has shape (3, 4): a transpose is missing" in str(report)


# -- a batch: batch_gradients(W, b, A_prev, G) -> dW, db (mean over the m samples) -----------


def batch_right(W, b, A_prev, G):  # type: ignore[no-untyped-def]
    m = A_prev.shape[1]
    D = G * sigmoid_prime(W @ A_prev + b)
    return D @ A_prev.T / m, D.sum(axis=1, keepdims=True) / m


def batch_right_per_sample(W, b, A_prev, G):  # type: ignore[no-untyped-def]
    """Another correct solution: one sample at a time, then np.mean."""
    dWs, dbs = [], []
    for x in range(A_prev.shape[1]):
        a, g = A_prev[:, [x]], G[:, [x]]
        d = g * sigmoid_prime(W @ a + b)
        dWs.append(d @ a.T)
        dbs.append(d[:, 0])
    return np.mean(dWs, axis=0), np.mean(dbs, axis=0)


def batch_sum_not_mean(W, b, A_prev, G):  # type: ignore[no-untyped-def]
    D = G * sigmoid_prime(W @ A_prev + b)
    return D @ A_prev.T, D.sum(axis=1, keepdims=True)


def batch_mean_twice(W, b, A_prev, G):  # type: ignore[no-untyped-def]
    m = A_prev.shape[1]
    D = G * sigmoid_prime(W @ A_prev + b)
    return D @ A_prev.T / m / m, D.mean(axis=1, keepdims=True) / m


def batch_bias_wrong_axis(W, b, A_prev, G):  # type: ignore[no-untyped-def]
    m = A_prev.shape[1]
    D = G * sigmoid_prime(W @ A_prev + b)
    return D @ A_prev.T / m, D.sum(axis=0, keepdims=True) / m


def batch_bias_not_reduced(W, b, A_prev, G):  # type: ignore[no-untyped-def]
    m = A_prev.shape[1]
    D = G * sigmoid_prime(W @ A_prev + b)
    return D @ A_prev.T / m, D / m


def batch_missing_transpose(W, b, A_prev, G):  # type: ignore[no-untyped-def]
    m = A_prev.shape[1]
    D = G * sigmoid_prime(W @ A_prev + b)
    return A_prev @ D.T / m, D.mean(axis=1, keepdims=True)


def batch_sigma_not_prime(W, b, A_prev, G):  # type: ignore[no-untyped-def]
    m = A_prev.shape[1]
    D = G * sigmoid(W @ A_prev + b)
    return D @ A_prev.T / m, D.mean(axis=1, keepdims=True)


def batch_prime_at_a(W, b, A_prev, G):  # type: ignore[no-untyped-def]
    m = A_prev.shape[1]
    D = G * sigmoid_prime(sigmoid(W @ A_prev + b))
    return D @ A_prev.T / m, D.mean(axis=1, keepdims=True)


def batch_not_written(W, b, A_prev, G):  # type: ignore[no-untyped-def]
    ...


@pytest.mark.parametrize("solution", [batch_right, batch_right_per_sample])
def test_correct_batch_solutions_pass(solution: Callable[..., Any]) -> None:
    report = check_batch_gradients(solution, quiet=True)
    assert report.ok, str(report)


BATCH_MUTANTS = [
    (batch_sum_not_mean, "sum-not-mean", "m = 5 times too large"),
    (batch_mean_twice, "mean-twice", "averaged twice"),
    (batch_bias_wrong_axis, "bias-axis",
     "∂J/∂b has shape (1, 5) but b has shape (3, 1): the sum runs over the neurons (axis 0)"),
    (batch_bias_not_reduced, "bias-not-reduced", "average Δ over the samples"),
    (batch_missing_transpose, "missing-transpose", "transposed"),
    (batch_sigma_not_prime, "sigma-not-prime", "σ′(z) belongs"),
    (batch_prime_at_a, "prime-at-a", "instead of at the input sum z"),
    (batch_not_written, "not-written", "not written yet"),
]


@pytest.mark.parametrize(("mutant", "mistake", "words"), BATCH_MUTANTS,
                         ids=[m[1] for m in BATCH_MUTANTS])
def test_batch_mutants_are_caught_with_their_own_hint(mutant: Callable[..., Any], mistake: str,
                                                      words: str) -> None:
    report = check_batch_gradients(mutant, quiet=True)
    assert not report.ok
    assert report.mistake == mistake, str(report)
    assert words in str(report), str(report)


def test_hints_differ_between_mutants() -> None:
    texts = {str(check_batch_gradients(m, quiet=True)) for m, _, _ in BATCH_MUTANTS}
    assert len(texts) == len(BATCH_MUTANTS)
