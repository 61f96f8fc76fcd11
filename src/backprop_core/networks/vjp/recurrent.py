"""A recurrent layer unrolled over T steps: the same W, U and b at every step.

    h_{t+1} = tanh(W h_t + U x_t + b),   t = 0, …, T − 1,   h_0 given (zeros by default).

X holds x_0, …, x_{T−1}, shape (T, n_x, m); H holds h_0, …, h_T, shape (T + 1, n_h, m);
one sample per column, as everywhere. Unrolled, it is a network of T layers that share
their weights. Backpropagation through time (BPTT) runs backwards from t = T − 1 to 0, with
h̄_t = ∂C/∂h_t (the direct part from the loss, plus what comes back from later steps):

    δ_t = h̄_{t+1} ⊙ (1 − h_{t+1}²)     ∂C/∂(the input sum of step t)
    h̄_t = ∂C/∂h_t (direct) + Wᵀ δ_t,   x̄_t = Uᵀ δ_t,
    W̄ = Σ_t δ_t h_tᵀ,   Ū = Σ_t δ_t x_tᵀ,   b̄ = Σ_t δ_t 1   (one term per step).

Each step back multiplies h̄ by Wᵀ diag(1 − h²): over many steps these factors compound as
δ does through the layers of a deep network (``networks.depth``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from backprop_core.errors import ShapeError, as_float_array, check_finite, check_integer
from backprop_core.networks.vjp.base import Array, Cache, Grads, Layer, like


def step_vjp(W: Array, U: Array, x: Array, h: Array, h_next: Array, h_next_bar: Array
             ) -> tuple[Array, Array, Array, Array, Array]:
    """One step's VJP, from h̄_{t+1}: (h̄_t through this step, x̄_t, W̄_t, Ū_t, b̄_t), with
    δ_t = h̄_{t+1} ⊙ (1 − h_{t+1}²)."""
    delta: Array = h_next_bar * (1.0 - h_next * h_next)
    h_bar: Array = W.T @ delta
    x_bar: Array = U.T @ delta
    dW: Array = delta @ h.T
    dU: Array = delta @ x.T
    db: Array = delta.sum(axis=1)
    return h_bar, x_bar, dW, dU, db


@dataclass(frozen=True)
class BPTT:
    """What backpropagation through time gives: x̄ (T, n_x, m), the parameters' adjoints,
    and h̄_t = ∂C/∂h_t for t = 0..T (shape (T + 1, n_h, m), all paths summed)."""

    x_bar: Array
    grads: Grads
    h_bar: Array

    @property
    def h0_bar(self) -> Array:
        """∂C/∂h_0: how the initial state moves C."""
        first: Array = self.h_bar[0]
        return first


class Recurrent(Layer):
    """h_{t+1} = tanh(W h_t + U x_t + b) over the T steps of X; W (n_h, n_h), U (n_h, n_x)."""

    def __init__(self, W: ArrayLike, U: ArrayLike, b: ArrayLike) -> None:
        W_arr, U_arr = as_float_array(W, "W"), as_float_array(U, "U")
        b_arr = as_float_array(b, "b").reshape(-1)
        if W_arr.ndim != 2 or W_arr.shape[0] != W_arr.shape[1] or W_arr.size == 0:
            raise ShapeError(f"W must be square (n_h, n_h): it maps the state to the next "
                             f"state, but got array of shape {W_arr.shape}")
        n_h = W_arr.shape[0]
        if U_arr.ndim != 2 or U_arr.shape[0] != n_h:
            raise ShapeError(f"U must have shape (n_h, n_x) = ({n_h}, n_x), one row per "
                             f"state entry as W {W_arr.shape}, but got array of shape "
                             f"{U_arr.shape}")
        if b_arr.shape != (n_h,):
            raise ShapeError(f"b must have shape ({n_h},), one entry per state entry, but got "
                             f"array of shape {b_arr.shape}")
        self.params = {"W": W_arr.copy(), "U": U_arr.copy(), "b": b_arr.copy()}

    @classmethod
    def initialized(cls, n_x: int, n_h: int, gain: float, seed: int = 0) -> Recurrent:
        """W = gain · Q for a random orthogonal Q (every singular value of W is ``gain``),
        U with entries N(0, 1/n_x), b = 0."""
        n_x = check_integer(n_x, "n_x", minimum=1)
        n_h = check_integer(n_h, "n_h", minimum=1)
        rng = np.random.default_rng(check_integer(seed, "seed", minimum=0))
        Q, R = np.linalg.qr(rng.normal(size=(n_h, n_h)))
        Q = Q * np.sign(np.diag(R))  # a uniformly random orthogonal matrix
        return cls(gain * Q, rng.normal(0.0, 1.0 / np.sqrt(n_x), (n_h, n_x)), np.zeros(n_h))

    @property
    def n_h(self) -> int:
        return int(self.params["W"].shape[0])

    def check_sequence(self, X: ArrayLike) -> Array:
        """X as (T, n_x, m) with T ≥ 1, or a ShapeError naming both shapes."""
        arr = as_float_array(X, "X")
        n_x = self.params["U"].shape[1]
        if arr.ndim == 2 and n_x == 1:
            arr = arr[:, None, :]  # one input per step: (T, m) -> (T, 1, m)
        if arr.ndim != 3 or arr.shape[1] != n_x or arr.shape[0] == 0:
            raise ShapeError(f"X must have shape (T, n_x, m) = (T, {n_x}, m): one input "
                             f"matrix per step, samples as columns, but got array of shape "
                             f"{arr.shape}")
        check_finite(arr, "X")
        return arr

    def run(self, X: ArrayLike, h0: ArrayLike | None = None) -> Array:
        """H = (h_0, …, h_T), shape (T + 1, n_h, m)."""
        X_arr = self.check_sequence(X)
        W, U, b = self.params["W"], self.params["U"], self.params["b"]
        T, _, m = X_arr.shape
        H = np.zeros((T + 1, self.n_h, m))
        if h0 is not None:
            H[0] = like(h0, (self.n_h, m), "h_0")
        for t in range(T):
            H[t + 1] = np.tanh(W @ H[t] + U @ X_arr[t] + b[:, None])
        return H

    def forward(self, X: ArrayLike) -> tuple[Array, Cache]:
        """y = (h_1, …, h_T), shape (T, n_h, m), from h_0 = 0; the cache keeps X and H."""
        X_arr = self.check_sequence(X)
        H = self.run(X_arr)
        return H[1:], {"X": X_arr, "H": H}

    def bptt(self, cache: Cache, y_bar: ArrayLike) -> BPTT:
        """Backpropagation through time from ȳ_t = direct ∂C/∂h_{t+1}, shape (T, n_h, m)."""
        X, H = cache["X"], cache["H"]
        W, U = self.params["W"], self.params["U"]
        direct = like(y_bar, H[1:].shape, "ȳ (∂C/∂h_1, …, ∂C/∂h_T)")
        T = X.shape[0]
        h_bar = np.zeros_like(H)
        h_bar[T] = direct[T - 1]
        x_bar = np.zeros_like(X)
        grads = {name: np.zeros_like(p) for name, p in self.params.items()}
        for t in range(T - 1, -1, -1):
            back, x_bar[t], dW, dU, db = step_vjp(W, U, X[t], H[t], H[t + 1], h_bar[t + 1])
            grads["W"] += dW  # the same W at every step: one term per step
            grads["U"] += dU
            grads["b"] += db
            h_bar[t] = back + (direct[t - 1] if t > 0 else 0.0)
        return BPTT(x_bar, grads, h_bar)

    def vjp(self, cache: Cache, y_bar: ArrayLike) -> tuple[Array, Grads]:
        result = self.bptt(cache, y_bar)
        return result.x_bar, result.grads


def state_gradient_norms(layer: Recurrent, X: ArrayLike, g: ArrayLike) -> Array:
    """‖h̄_t‖ for t = 0..T when C = Σ g ⊙ h_T (a loss on the last state only): how much of
    the signal from the last step reaches each earlier state."""
    X_arr = layer.check_sequence(X)
    y, cache = layer.forward(X_arr)
    y_bar = np.zeros_like(y)
    y_bar[-1] = like(g, y[-1].shape, "g (∂C/∂h_T)")
    norms: Array = np.sqrt((layer.bptt(cache, y_bar).h_bar ** 2).sum(axis=(1, 2)))
    return norms
