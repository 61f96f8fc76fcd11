"""Every VJP layer against autograd (an independent autodiff library) and the book's gradient
checker: for C = Σ ȳ ⊙ f(x; θ), the layer's x̄ and θ̄ must equal autograd's ∂C/∂x and ∂C/∂θ,
on batches of several sizes (one sample, a batch as wide as a layer, others)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core.checks.vjp_check import check_layer
from backprop_core.networks.vjp import (
    Conv1D,
    Elementwise,
    Layer,
    Linear,
    Recurrent,
    Softmax,
    batch_norm,
    layer_norm,
)

EPS = 1e-5


def ag_softmax(z: Any) -> Any:
    e = anp.exp(z - anp.max(z, axis=0, keepdims=True))
    return e / anp.sum(e, axis=0, keepdims=True)


def ag_norm(x: Any, gamma: Any, beta: Any, axis: int) -> Any:
    mu = anp.mean(x, axis=axis, keepdims=True)
    var = anp.mean((x - mu) ** 2, axis=axis, keepdims=True)
    return gamma[:, None] * (x - mu) / anp.sqrt(var + EPS) + beta[:, None]


def ag_conv(x: Any, w: Any, b: Any) -> Any:
    k, n = w.shape[0], x.shape[0]
    return sum(w[j] * x[j:n - k + 1 + j] for j in range(k)) + b[0]


def ag_rnn(X: Any, W: Any, U: Any, b: Any) -> Any:
    h = anp.zeros((W.shape[0], X.shape[2]))
    states = []
    for t in range(X.shape[0]):
        h = anp.tanh(anp.dot(W, h) + anp.dot(U, X[t]) + b[:, None])
        states.append(h)
    return anp.stack(states)


def cases(rng: np.random.Generator, m: int) -> list[tuple[Layer, np.ndarray, Callable[..., Any],
                                                          list[str]]]:
    """(layer, x, the same function in autograd.numpy of (x, *params), parameter names)."""
    n = 4
    W, b = rng.normal(size=(3, n)), rng.normal(size=3)
    gamma, beta = rng.normal(size=n), rng.normal(size=n)
    w = rng.normal(size=3)
    rnn = Recurrent(rng.normal(size=(3, 3)) * 0.6, rng.normal(size=(3, 2)), rng.normal(size=3))
    return [
        (Linear(W, b), rng.normal(size=(n, m)), lambda x, W, b: anp.dot(W, x) + b[:, None],
         ["W", "b"]),
        (Elementwise("tanh"), rng.normal(size=(n, m)), anp.tanh, []),
        (Softmax(), rng.normal(size=(n, m)) * 2, ag_softmax, []),
        (batch_norm(gamma, beta), rng.normal(size=(n, m)) * 3 + 1,
         lambda x, g, be: ag_norm(x, g, be, 1), ["gamma", "beta"]),
        (layer_norm(gamma, beta), rng.normal(size=(n, m)) * 3 + 1,
         lambda x, g, be: ag_norm(x, g, be, 0), ["gamma", "beta"]),
        (Conv1D(w, 0.3), rng.normal(size=(7, m)), ag_conv, ["w", "b"]),
        (rnn, rng.normal(size=(5, 2, m)), ag_rnn, ["W", "U", "b"]),
    ]


NAMES = ["linear", "tanh", "softmax", "batch_norm", "layer_norm", "conv1d", "recurrent"]


@pytest.mark.parametrize("m", [1, 3, 4, 7])  # 4: as many samples as features
@pytest.mark.parametrize("which", range(len(NAMES)), ids=NAMES)
def test_vjp_agrees_with_autograd(which: int, m: int) -> None:
    rng = np.random.default_rng(100 * which + m)
    layer, x, f, names = cases(rng, m)[which]
    y, cache = layer.forward(x)
    y_bar = rng.normal(size=y.shape)
    x_bar, grads = layer.vjp(cache, y_bar)
    params = [layer.params[n] for n in names]

    def C(*args: Any) -> Any:
        return anp.sum(y_bar * f(*args))

    np.testing.assert_allclose(y, f(x, *params), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(x_bar, grad(C, 0)(x, *params), rtol=1e-9, atol=1e-12)
    for i, name in enumerate(names, start=1):
        np.testing.assert_allclose(grads[name], grad(C, i)(x, *params), rtol=1e-9, atol=1e-12,
                                   err_msg=name)


@pytest.mark.parametrize("which", range(len(NAMES)), ids=NAMES)
def test_vjp_passes_the_books_gradient_check(which: int) -> None:
    rng = np.random.default_rng(which)
    layer, x, _f, names = cases(rng, 3)[which]
    results = check_layer(layer, x, seed=which)
    assert set(results) == {"x", *names}
    assert all(r.ok for r in results.values()), results


@settings(max_examples=15, deadline=None)
@given(n=st.integers(2, 6), m=st.integers(1, 6), seed=st.integers(0, 10_000))
def test_norms_and_softmax_on_random_shapes(n: int, m: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    for layer in (Softmax(), layer_norm(rng.normal(size=n), rng.normal(size=n)),
                  batch_norm(rng.normal(size=n), rng.normal(size=n))):
        results = check_layer(layer, rng.normal(size=(n, m)), seed=seed)
        assert all(r.ok for r in results.values()), (type(layer).__name__, results)
