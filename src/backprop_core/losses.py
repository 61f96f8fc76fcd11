"""Losses C_x of one sample, the batch cost C = mean over samples, and the output error δ^L.

Arrays hold one sample per column: the output and the targets y have shape (n_L, m).
``gradient`` returns ∂C_x/∂(output) for each sample column, not divided by m; the 1/m of
the mean is applied once, where the weight gradients are averaged.

Two losses read the logits z^L rather than a^L, because that is the numerically stable way
(no log of 0, no exp overflow at |z| = 1000) and because their δ^L is then simply a^L - y:
binary cross-entropy assumes a sigmoid output layer, softmax cross-entropy a softmax one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from backprop_core.activations import Activation, sigmoid, softmax
from backprop_core.errors import unknown_name

Array = NDArray[np.float64]


def squared_error(a: Array, y: Array) -> Array:
    """C_x = ½‖a - y‖², one value per column."""
    c: Array = 0.5 * ((a - y) ** 2).sum(axis=0)
    return c


def squared_error_gradient(a: Array, y: Array) -> Array:
    """∂C_x/∂a = a - y."""
    return a - y


def softplus(z: Array) -> Array:
    """log(1 + e^z) = max(z, 0) + log(1 + e^{-|z|}), exact and finite for any z."""
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def binary_cross_entropy(z: Array, y: Array) -> Array:
    """C_x = Σ_j -y log σ(z) - (1 - y) log(1 - σ(z)) = Σ_j softplus(z) - y z, from logits z."""
    c: Array = (softplus(z) - y * z).sum(axis=0)
    return c


def binary_cross_entropy_gradient(z: Array, y: Array) -> Array:
    """∂C_x/∂z = σ(z) - y."""
    return sigmoid(z) - y


def logsumexp(z: Array) -> Array:
    """log Σ_j e^{z_j} per column, shifted by max z so that nothing overflows."""
    top = z.max(axis=0)
    lse: Array = top + np.log(np.exp(z - top).sum(axis=0))
    return lse


def softmax_cross_entropy(z: Array, y: Array) -> Array:
    """C_x = -Σ_j y_j log softmax(z)_j = (Σ_j y_j)·logsumexp(z) - Σ_j y_j z_j, from logits."""
    c: Array = y.sum(axis=0) * logsumexp(z) - (y * z).sum(axis=0)
    return c


def softmax_cross_entropy_gradient(z: Array, y: Array) -> Array:
    """∂C_x/∂z = softmax(z)·Σ_j y_j - y, which is softmax(z) - y for one-hot targets."""
    g: Array = softmax(z) * y.sum(axis=0, keepdims=True) - y
    return g


@dataclass(frozen=True)
class Loss:
    """A named loss. ``reads`` says whether its formula takes a^L ("a") or z^L ("z");
    a loss that reads z^L assumes the output activation named ``output_activation``."""

    name: str
    reads: Literal["a", "z"]
    output_activation: str | None
    per_sample: Callable[[Array, Array], Array]
    gradient: Callable[[Array, Array], Array]

    def value(self, output: Array, y: Array) -> float:
        """The batch cost C = (1/m) Σ_x C_x."""
        return float(self.per_sample(output, y).mean())


LOSSES: dict[str, Loss] = {
    "squared_error": Loss("squared_error", "a", None, squared_error, squared_error_gradient),
    "binary_cross_entropy": Loss("binary_cross_entropy", "z", "sigmoid",
                                 binary_cross_entropy, binary_cross_entropy_gradient),
    "softmax_cross_entropy": Loss("softmax_cross_entropy", "z", "softmax",
                                  softmax_cross_entropy, softmax_cross_entropy_gradient),
}


def get_loss(name: str | Loss) -> Loss:
    """The loss called ``name`` (a Loss is returned as it is)."""
    if isinstance(name, Loss):
        return name
    try:
        return LOSSES[name]
    except (KeyError, TypeError):
        raise unknown_name("loss", name, LOSSES) from None


def loss_value(loss: Loss, z: Array, a: Array, y: Array) -> float:
    """C for the output layer's z^L and a^L, each loss reading the one it needs."""
    return loss.value(z if loss.reads == "z" else a, y)


def check_pairing(loss: Loss, activation: Activation) -> None:
    """A loss that reads the logits must sit on the output activation its δ^L assumes."""
    if loss.output_activation not in (None, activation.name):
        raise ValueError(
            f"loss {loss.name!r} works on the logits z^L and assumes a "
            f"{loss.output_activation!r} output layer, but the output activation is "
            f"{activation.name!r}"
        )


def output_delta(loss: Loss, activation: Activation, z: Array, a: Array, y: Array) -> Array:
    """δ^L = ∂C_x/∂z^L per sample: ∇_a C ⊙ σ'(z^L), or directly a^L - y for the logit losses."""
    if loss.reads == "z":
        check_pairing(loss, activation)
        return loss.gradient(z, y)
    return activation.backward(z, loss.gradient(a, y))
