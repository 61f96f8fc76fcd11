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

from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    check_count,
    check_real,
    check_seed,
    describe,
    unknown_name,
)
from backprop_core.networks.layers import Dense
from backprop_core.networks.network import Network

SCHEMES = ("naive", "glorot", "he")
MAX_PARAMS = 10**8  # 800 MB of float64 weights: far beyond any network of this book


def init_std(scheme: str, n_in: int, n_out: int) -> float:
    """The standard deviation s_l of the weights of a layer with n_{l-1} = ``n_in`` inputs
    and n_l = ``n_out`` neurons under ``scheme`` (see the module's docstring)."""
    n_in, n_out = check_count(n_in, "n_in"), check_count(n_out, "n_out")
    if scheme == "naive":
        return 1.0
    if scheme == "glorot":
        return math.sqrt(2.0 / (n_in + n_out))
    if scheme == "he":
        return math.sqrt(2.0 / n_in)
    raise unknown_name("initialisation", scheme, SCHEMES)


def _sizes(sizes: Sequence[int]) -> list[int]:
    """[n_0, ..., n_L]: at least two counts, and at most MAX_PARAMS parameters in all."""
    if isinstance(sizes, str) or not isinstance(sizes, Sequence):
        raise ArgumentTypeError(f"sizes must be a list of layer sizes [n_0, ..., n_L], got "
                                f"{describe(sizes)}")
    checked = [check_count(n, f"sizes[{i}] (n_{i})") for i, n in enumerate(sizes)]
    if len(checked) < 2:
        raise ArgumentError(f"sizes must list n_0, ..., n_L (at least two numbers), got "
                            f"{checked}")
    n_params = sum(a * b + b for a, b in zip(checked[:-1], checked[1:], strict=True))
    if n_params > MAX_PARAMS:
        raise ArgumentError(f"sizes {checked} make {n_params:.3g} parameters, more than the "
                            f"{MAX_PARAMS:.0e} a network of this book may have")
    return checked


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
    sizes = _sizes(sizes)
    n_layers = len(sizes) - 1
    if isinstance(activations, str):
        acts = [activations] * n_layers
    elif isinstance(activations, Sequence):
        acts = list(activations)
    else:
        raise ArgumentTypeError(f"activations must be an activation name or a list of "
                                f"them, one per layer, got {describe(activations)}")
    if len(acts) != n_layers:
        raise ArgumentError(f"sizes {sizes} make {n_layers} layers, but {len(acts)} "
                            f"activations were given")
    rng = np.random.default_rng(check_seed(seed))
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
    depth, width = check_count(depth, "depth"), check_count(width, "width")
    n_in, n_out = check_count(n_in, "n_in"), check_count(n_out, "n_out")
    if depth * width > MAX_PARAMS:  # before a list of `depth` sizes is made
        raise ArgumentError(f"depth {depth} times width {width} makes more than the "
                            f"{MAX_PARAMS:.0e} parameters a network of this book may have")
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
    """Every weight equal to ``value`` (one finite number) and every bias 0: the symmetric
    start that random initialisation exists to avoid."""
    value = check_real(value, "value (the one weight of every connection)")
    net = initialised_network(sizes, activations, "naive", loss=loss)
    for layer in net.layers:
        layer.W[:] = value
    return net
