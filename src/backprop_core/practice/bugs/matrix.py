r"""A bug in the matrix form of the four equations (matrix-form): the weight gradient
∂C/∂W^l = δ^l (a^{l−1})ᵀ written with the layer's own output a^l, in a 3-3-3-3 network
where every layer has the same width, so the shapes cannot catch it."""

from __future__ import annotations

from ...networks.activations import sigmoid, sigmoid_prime
from ...networks.network import Network
from .hunt import Array, Hunt, Problem, network_costs
from .layers import one_sample


def buggy_gradients(net: Network, x: Array, y: Array) -> dict[str, Array]:
    """∂C/∂W^l and ∂C/∂b^l for C = ½‖a^L − y‖², written out for a sigmoid network."""
    W = {n: layer.W for n, layer in enumerate(net.layers, start=1)}
    b = {n: layer.b.reshape(-1, 1) for n, layer in enumerate(net.layers, start=1)}
    L = len(net.layers)
    a, z = {0: x}, {}
    for n in range(1, L + 1):  # forward pass, keeping z^n and a^n
        z[n] = W[n] @ a[n - 1] + b[n]
        a[n] = sigmoid(z[n])
    delta = {L: (a[L] - y) * sigmoid_prime(z[L])}
    for n in range(L - 1, 0, -1):  # the recursion, from the top down
        delta[n] = (W[n + 1].T @ delta[n + 1]) * sigmoid_prime(z[n])
    grads = {}
    for n in range(1, L + 1):
        grads[f"W{n}"] = delta[n] @ a[n].T
        grads[f"b{n}"] = delta[n]
    return grads


SIZES = [3, 3, 3, 3]
"""Every layer three wide: a^l and a^{l−1} have the same shape."""


def _square_problem() -> Problem:
    net, x, y = one_sample(SIZES, seed=3)
    return Problem((net, x, y), network_costs(net, x, y))


MATRIX_FORM = Hunt(
    chapter="matrix-form",
    function=buggy_gradients,
    problem=_square_problem,
    bug='grads[f"W{n}"] = ',
    cause="wrong-layer",
    fix='`grads[f"W{n}"] = delta[n] @ a[n - 1].T`',
    explain="Every bias passes, and ∂C/∂b^l = δ^l: every δ is right. Every weight fails, "
            "and ∂C/∂W^l = δ^l (a^{l−1})ᵀ takes the layer's input a^{l−1}, where the line "
            "takes its output a^l. Every layer is 3 wide, so a^l has the shape of a^{l−1} "
            "and the wrong product has the shape of W^l: only the gradient check sees it.",
    elsewhere="Every bias gradient passes, and ∂C/∂b^l = δ^l: every δ is right, and so is "
              "every line that computes them. Only the weight gradients fail: look at what "
              "the weight gradient multiplies δ^l by.",
    line_hints={'grads[f"b{n}"]': "The bias gradient is δ^l, and every bias passes. What "
                "does the weight gradient use that the bias gradient does not?",
                "delta[n] = ": "Every bias passes, and the bias gradients are the δ's: the "
                "recursion is right. What else goes into a weight gradient?"},
    rebuttals={"assign-not-add": "each block is computed once; the sums over paths are in "
               "the matrix products, and none is overwritten",
               "mean-missing": "there is one sample here, so no mean",
               "mean-twice": "there is one sample here, so no mean",
               "wrong-axis": "there is one sample here and no sum over an axis",
               "missing-transpose": "W[n + 1].T in the recursion has its transpose (every "
               "bias passes, so every δ is right), and so has the row a[...].T"},
)
