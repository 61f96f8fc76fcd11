r"""Bugs in batched gradients, samples in the m columns: the mean's 1/m applied twice
(batching), δ^L of softmax and cross-entropy with its sign flipped (deep-networks), and a
bias gradient summed over the neurons where the samples belong (capstone)."""

# ruff: noqa: E741  (l is the book's name for a layer number)
from __future__ import annotations

import numpy as np

from ...errors import check_count, check_seed, check_sizes
from ...networks.activations import sigmoid, sigmoid_prime, softmax
from ...networks.network import Network
from .hunt import Array, Hunt, Problem, network_costs


def batch_gradients(net: Network, X: Array, Y: Array) -> dict[str, Array]:
    """∂C/∂W^l, ∂C/∂b^l for C = (1/m) Σ_i ½‖a²_i − y_i‖², sigmoid layers, m columns."""
    m = X.shape[1]
    W1, b1 = net.layer(1).W, net.layer(1).b.reshape(-1, 1)
    W2, b2 = net.layer(2).W, net.layer(2).b.reshape(-1, 1)
    Z1 = W1 @ X + b1
    A1 = sigmoid(Z1)
    Z2 = W2 @ A1 + b2
    A2 = sigmoid(Z2)
    G2 = (A2 - Y) / m                          # ∂C/∂A², with the mean's 1/m
    Delta2 = G2 * sigmoid_prime(Z2)
    Delta1 = (W2.T @ Delta2) * sigmoid_prime(Z1)
    dW1 = Delta1 @ X.T / m
    db1 = Delta1.sum(axis=1, keepdims=True)
    dW2 = Delta2 @ A1.T
    db2 = Delta2.sum(axis=1, keepdims=True)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def samples(sizes: list[int], m: int, seed: int, activations: str | list[str] = "sigmoid",
            loss: str = "squared_error") -> tuple[Network, Array, Array]:
    """A network and m samples in columns: inputs N(0, 1), targets uniform in (0, 1) or,
    for a softmax output, one-hot columns."""
    sizes, m, seed = check_sizes(sizes), check_count(m, "m"), check_seed(seed)
    net = Network.from_sizes(sizes, activations, loss=loss, seed=seed)
    rng = np.random.default_rng(seed + 1)
    X = rng.normal(0, 1, (sizes[0], m))
    if loss == "softmax_cross_entropy":
        Y = np.eye(sizes[-1])[:, rng.integers(0, sizes[-1], m)]
    else:
        Y = rng.uniform(-0.9 if loss == "squared_error" and activations == "tanh" else 0, 0.9,
                        (sizes[-1], m))
    return net, X, Y


def _batch_problem() -> Problem:
    net, X, Y = samples([3, 4, 2], 5, seed=6)
    return Problem((net, X, Y), network_costs(net, X, Y))


BATCHING = Hunt(
    chapter="batching",
    function=batch_gradients,
    problem=_batch_problem,
    bug="dW1 = ",
    cause="mean-twice",
    fix="`dW1 = Delta1 @ X.T`",
    explain="The mean's 1/m enters once, in G2 = ∂C/∂A², and every Δ below inherits it; "
            "dividing dW1 by m again makes it m times too small. The biases and W2 pass, so "
            "Δ¹ and Δ² are right: only the line that turns Δ¹ into ∂C/∂W¹ can be wrong.",
    elsewhere="b1 passes, and it is Δ¹ summed over the samples: so Δ¹, Δ² and every line "
              "before them are right. What is done to Δ¹ for W1 and not for b1?",
    line_hints={"G2 = ": "The 1/m of the mean belongs here, once: the cost is a mean over "
                "the m samples. W2, b2 and b1 pass, and they all inherit it."},
    rebuttals={"mean-missing": "W1's claimed gradient is m times too small, not too large: "
               "the 1/m is there, one time too many"},
)


def deep_gradients(net: Network, X: Array, Y: Array) -> dict[str, Array]:
    """∂C/∂W^l, ∂C/∂b^l for tanh hidden layers, a softmax output and the cross-entropy
    C = −(1/m) Σ_i Σ_j y_ji log a^L_ji, samples in the m columns."""
    m, L = X.shape[1], net.L
    A = {0: X}
    for l in range(1, L + 1):                      # forward pass
        Z = net.layer(l).W @ A[l - 1] + net.layer(l).b.reshape(-1, 1)
        A[l] = softmax(Z) if l == L else np.tanh(Z)
    Delta = (Y - A[L]) / m                         # δ^L for softmax and cross-entropy
    grads = {}
    for l in range(L, 0, -1):                      # backward, from the top
        grads[f"W{l}"] = Delta @ A[l - 1].T
        grads[f"b{l}"] = Delta.sum(axis=1, keepdims=True)
        if l > 1:
            Delta = (net.layer(l).W.T @ Delta) * (1 - A[l - 1] ** 2)   # tanh′ = 1 − a²
    return grads


def _deep_problem() -> Problem:
    net, X, Y = samples([2, 4, 4, 4, 3], 4, seed=8, activations=["tanh"] * 3 + ["softmax"],
                        loss="softmax_cross_entropy")
    return Problem((net, X, Y), network_costs(net, X, Y))


DEEP_NETWORKS = Hunt(
    chapter="deep-networks",
    function=deep_gradients,
    problem=_deep_problem,
    bug="Delta = (Y - A[L])",
    cause="sign",
    fix="`Delta = (A[L] - Y) / m`",
    explain="Every block fails, and each claimed gradient is the numerical one times −1: "
            "one wrong sign at the start of the recursion flips every δ below it. For "
            "softmax with cross-entropy δ^L = a^L − y; with y − a^L gradient descent would "
            "climb the cost.",
    elsewhere="Every block fails, the first layer's as much as the last's, and by the same "
              "factor: a bug inside the loop would spare the blocks above it. Look at where "
              "the recursion starts.",
    line_hints={"1 - A[l - 1] ** 2": "1 − a² is tanh′(z) written with a = tanh z: right, and "
                "the top layer's W and b, computed before this line runs, fail too."},
    rebuttals={"prime-at-a": "1 − a² is tanh′(z), written with a = tanh z: that is right",
               "mean-missing": "the 1/m is there once, where the recursion starts",
               "mean-twice": "the 1/m is there once, where the recursion starts"},
)


def minibatch_gradients(net: Network, X: Array, Y: Array) -> dict[str, Array]:
    """∂C/∂W^l, ∂C/∂b^l for two tanh layers, C = (1/m) Σ_i ½(a²_i − y_i)², samples in the
    m columns, biases stored as 1-D arrays as the capstone's as_matrices returns them."""
    m = X.shape[1]
    W1, b1 = net.layer(1).W, net.layer(1).b
    W2, b2 = net.layer(2).W, net.layer(2).b
    A1 = np.tanh(W1 @ X + b1[:, None])         # b[:, None]: one bias per row (neuron)
    A2 = np.tanh(W2 @ A1 + b2[:, None])
    Delta2 = (A2 - Y) / m * (1 - A2**2)
    Delta1 = (W2.T @ Delta2) * (1 - A1**2)
    dW1 = Delta1 @ X.T
    db1 = Delta1.sum(axis=0)
    dW2 = Delta2 @ A1.T
    db2 = Delta2.sum(axis=1)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def _minibatch_problem() -> Problem:
    net, X, Y = samples([2, 3, 1], 3, seed=10, activations="tanh")
    return Problem((net, X, Y), network_costs(net, X, Y))


CAPSTONE = Hunt(
    chapter="capstone",
    function=minibatch_gradients,
    problem=_minibatch_problem,
    bug="db1 = ",
    cause="wrong-axis",
    fix="`db1 = Delta1.sum(axis=1)`",
    explain="Δ¹ has one row per neuron and one column per sample; ∂C/∂b¹ sums each row, "
            "over the samples (axis 1). With 3 neurons and 3 samples, the sum over the "
            "neurons (axis 0) has the same shape, so nothing complains: only the gradient "
            "check does.",
    elsewhere="W1 passes, and it is built from Δ¹: so Δ¹, Δ² and the forward pass are "
              "right. Only b1 fails: what is done to Δ¹ for b1?",
    line_hints={"db2 = ": "b2 passes: Delta2.sum(axis=1) sums over the samples, as it "
                "should. Compare with the line for b1."},
    rebuttals={"mean-missing": "the 1/m is in Delta2, once, and W1 passes with it",
               "mean-twice": "the 1/m is in Delta2, once, and W1 passes with it",
               "prime-at-a": "1 − a² is tanh′(z), written with a = tanh z: that is right"},
)
