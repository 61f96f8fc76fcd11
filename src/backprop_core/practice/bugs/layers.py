r"""Bugs in the four equations for one sample: σ′ at the wrong point (error-signal), and a
gradient after one step downhill that reuses the forward pass of before (worked-example)."""

from __future__ import annotations

import numpy as np

from ...errors import check_seed, check_sizes
from ...networks.activations import sigmoid, sigmoid_prime
from ...networks.network import Network
from .hunt import Array, Hunt, Problem, network_costs


def two_layer_gradients(net: Network, x: Array, y: Array) -> dict[str, Array]:
    """∂C/∂W^l, ∂C/∂b^l of a 2-layer sigmoid network, C = ½‖a² − y‖², one sample x."""
    W1, b1 = net.layer(1).W, net.layer(1).b.reshape(-1, 1)
    W2, b2 = net.layer(2).W, net.layer(2).b.reshape(-1, 1)
    z1 = W1 @ x + b1                                  # forward pass
    a1 = sigmoid(z1)
    z2 = W2 @ a1 + b2
    a2 = sigmoid(z2)
    delta2 = (a2 - y) * sigmoid_prime(z2)             # BP1
    delta1 = (W2.T @ delta2) * sigmoid_prime(a1)      # BP2
    return {"W1": delta1 @ x.T, "b1": delta1,         # BP3 and BP4
            "W2": delta2 @ a1.T, "b2": delta2}


def one_sample(sizes: list[int], seed: int) -> tuple[Network, Array, Array]:
    """A sigmoid network with squared error, one input x and a target y in (0, 1)."""
    sizes, seed = check_sizes(sizes), check_seed(seed)
    net = Network.from_sizes(sizes, "sigmoid", seed=seed)
    rng = np.random.default_rng(seed + 1)
    return net, rng.normal(0, 1, (sizes[0], 1)), rng.uniform(0, 1, (sizes[-1], 1))


def _signal_problem() -> Problem:
    net, x, y = one_sample([3, 4, 2], seed=2)
    return Problem((net, x, y), network_costs(net, x, y))


ERROR_SIGNAL = Hunt(
    chapter="error-signal",
    function=two_layer_gradients,
    problem=_signal_problem,
    bug="delta1 = ",
    cause="prime-at-a",
    fix="`delta1 = (W2.T @ delta2) * sigmoid_prime(z1)`",
    explain="W2 and b2 pass, so δ² is right; W1 and b1 fail, and they are built from δ¹ "
            "alone. BP2 is δ¹ = (W²)ᵀδ² ⊙ σ′(z¹): the derivative of the sigmoid at the "
            "input sum z¹, not at its output a¹ = σ(z¹).",
    elsewhere="W2 and b2 pass the check, so δ² and every line before it are right; W1 and "
              "b1 fail, and both are made from δ¹.",
    line_hints={'"W1": delta1 @ x.T': "BP3 and BP4 read δ¹ as given: if δ¹ were right, W1 "
                "and b1 would pass. Where is δ¹ computed?"},
    rebuttals={"missing-transpose": "(W2.T @ delta2) has its transpose; with W2 alone the "
               "shapes would not even fit"},
)


def forward(params: dict[str, Array], x: Array) -> dict[str, Array]:
    """The forward pass z^l = W^l a^{l−1} + b^l, a^l = σ(z^l), l = 1, 2, kept in a cache."""
    z1 = params["W1"] @ x + params["b1"]
    a1 = sigmoid(z1)
    z2 = params["W2"] @ a1 + params["b2"]
    return {"x": x, "z1": z1, "a1": a1, "z2": z2, "a2": sigmoid(z2)}


def backward(params: dict[str, Array], cache: dict[str, Array], y: Array) -> dict[str, Array]:
    """BP1-BP4 from a cache of the forward pass: δ² = (a² − y) ⊙ σ′(z²),
    δ¹ = (W²)ᵀδ² ⊙ σ′(z¹), ∂C/∂W^l = δ^l (a^{l−1})ᵀ, ∂C/∂b^l = δ^l."""
    delta2 = (cache["a2"] - y) * sigmoid_prime(cache["z2"])
    delta1 = (params["W2"].T @ delta2) * sigmoid_prime(cache["z1"])
    return {"W1": delta1 @ cache["x"].T, "b1": delta1, "W2": delta2 @ cache["a1"].T,
            "b2": delta2}


def gradient_after_step(params: dict[str, Array], x: Array, y: Array,
                        eta: float) -> dict[str, Array]:
    """∇C at θ' = θ − η ∇C(θ): one step downhill, then the gradient at the new weights."""
    cache = forward(params, x)                # z^l and a^l at θ
    grads = backward(params, cache, y)        # ∇C at θ
    new = {name: params[name] - eta * grads[name] for name in params}
    return backward(new, cache, y)            # ∇C at θ'


ETA = 1.0


def _params(net: Network) -> dict[str, Array]:
    return {f"{attr}{n}": getattr(layer, attr).reshape(-1, 1).copy() if attr == "b"
            else layer.W.copy() for n, layer in enumerate(net.layers, start=1)
            for attr in ("W", "b")}


def _step_problem() -> Problem:
    net, x, y = one_sample([2, 2, 2], seed=4)
    params = _params(net)
    stepped = net.copy()  # θ': the step with the book's own gradient
    stepped.set_params(net.get_params() - ETA * net.gradients(x, y).flat())
    return Problem((params, x, y, ETA), network_costs(stepped, x, y))


WORKED_EXAMPLE = Hunt(
    chapter="worked-example",
    function=gradient_after_step,
    problem=_step_problem,
    bug="return backward(new, cache",
    cause="stale-cache",
    fix="`return backward(new, forward(new, x), y)`",
    context="It relies on two helpers, both right (they pass the gradient check):\n"
            "  forward(params, x)         the forward pass: a cache of z¹, a¹, z², a² at "
            "params\n"
            "  backward(params, cache, y) BP1-BP4, reading z and a from the cache and W² "
            "from params",
    explain="Every block fails: the second backward pass mixes the new weights with z and "
            "a computed with the old ones. After a step the forward pass must run again, at "
            "θ', before the gradient at θ' can be computed.",
    elsewhere="The lines before the return compute ∇C at θ and the step, as in the "
              "chapter; every block of ∇C at θ' fails, so look at what the last backward "
              "pass is given.",
    rebuttals={"wrong-step": "θ' = θ − η∇C(θ) is the chapter's step, and the check's θ' is "
               "made the same way"},
)
