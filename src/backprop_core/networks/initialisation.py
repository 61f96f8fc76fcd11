"""Initial weights: how the spread of W^l is chosen, and deep networks built with it.

Every scheme draws w^l_{jk} ~ N(0, s_l²) and sets b^l = 0; they differ in s_l:

- ``naive``:  s_l = 1, whatever the layer's size;
- ``glorot``: s_l² = 2 / (n_{l-1} + n_l)   (Glorot and Bengio, 2010; "Xavier");
- ``he``:     s_l² = 2 / n_{l-1}            (He et al., 2015; made for relu).

With s_l² = c / n_{l-1}, z^l_j = Σ_k w^l_{jk} a^{l-1}_k has variance about c·E[(a^{l-1})²],
so the signal keeps its size from layer to layer when c matches the activation.
"""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from backprop_core.errors import ArgumentError, check_integer, unknown_name
from backprop_core.networks.layers import Dense
from backprop_core.networks.network import Network

SCHEMES = ("naive", "glorot", "he")


def init_std(scheme: str, n_in: int, n_out: int) -> float:
    """The standard deviation s_l of the weights of a layer with n_{l-1} = ``n_in`` inputs
    and n_l = ``n_out`` neurons under ``scheme`` (see the module's docstring)."""
    n_in, n_out = check_integer(n_in, "n_in"), check_integer(n_out, "n_out")
    if n_in < 1 or n_out < 1:
        raise ArgumentError(f"a layer needs n_in >= 1 and n_out >= 1, got {n_in}, {n_out}")
    if scheme == "naive":
        return 1.0
    if scheme == "glorot":
        return math.sqrt(2.0 / (n_in + n_out))
    if scheme == "he":
        return math.sqrt(2.0 / n_in)
    raise unknown_name("initialisation", scheme, SCHEMES)


def initialised_network(
    sizes: Sequence[int],
    activations: str | Sequence[str],
    scheme: str,
    *,
    loss: str = "squared_error",
    seed: int = 0,
) -> Network:
    """A network with layer sizes n_0..n_L, W^l ~ N(0, s_l²) under ``scheme`` and b^l = 0.

    The weights come from ``np.random.default_rng(seed)`` in layer order, so two schemes
    with the same seed draw the same standard-normal numbers, only scaled differently.
    """
    sizes = [check_integer(n, f"sizes[{i}]") for i, n in enumerate(sizes)]
    if len(sizes) < 2:
        raise ArgumentError(f"sizes must list n_0, ..., n_L (at least two numbers), got {sizes}")
    n_layers = len(sizes) - 1
    acts = [activations] * n_layers if isinstance(activations, str) else list(activations)
    if len(acts) != n_layers:
        raise ArgumentError(f"sizes {sizes} make {n_layers} layers, but {len(acts)} "
                         f"activations were given")
    rng = np.random.default_rng(seed)
    layers = []
    for l, (n_in, n_out, act) in enumerate(zip(sizes[:-1], sizes[1:], acts, strict=True),
                                           start=1):
        s = init_std(scheme, n_in, n_out)
        layers.append(Dense(s * rng.standard_normal((n_out, n_in)), np.zeros(n_out), act, l))
    return Network(layers, loss)


def deep_network(
    depth: int,
    width: int,
    activation: str,
    scheme: str,
    *,
    n_in: int = 2,
    n_out: int = 1,
    output_activation: str = "sigmoid",
    loss: str = "squared_error",
    seed: int = 0,
) -> Network:
    """``depth`` hidden layers of ``width`` neurons with ``activation``, then ``n_out``
    outputs with ``output_activation``: sizes [n_in, width, ..., width, n_out]."""
    depth, width = check_integer(depth, "depth"), check_integer(width, "width")
    if depth < 1 or width < 1:
        raise ArgumentError(f"need depth >= 1 and width >= 1, got {depth}, {width}")
    sizes = [n_in] + [width] * depth + [n_out]
    acts = [activation] * depth + [output_activation]
    return initialised_network(sizes, acts, scheme, loss=loss, seed=seed)


def constant_network(
    sizes: Sequence[int],
    activations: str | Sequence[str],
    value: float,
    *,
    loss: str = "squared_error",
) -> Network:
    """Every weight equal to ``value`` and every bias 0: the symmetric start that random
    initialisation exists to avoid."""
    net = initialised_network(sizes, activations, "naive", loss=loss)
    for layer in net.layers:
        layer.W[:] = value
    return net
