r"""Kinks: where a relu input z is within the step h of 0, finite differences lie.

relu(z) = max(0, z) has no derivative at z = 0. Backprop takes relu'(0) = 0 (or the side z
is on), but a centred difference with step h measures the *average* slope over
[θ - h, θ + h]: if some z^l_j of some sample crosses 0 in between, that average mixes
both sides of the kink, and the check fails although backprop is right. The remedy is to
notice: ``crossed_kinks`` lists the relu inputs whose sign differs at θ + h·e_i and θ - h·e_i.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from backprop_core.errors import (
    ArgumentError,
    check_array,
    check_index,
    check_instance,
    check_rate,
)
from backprop_core.networks.network import Network


@dataclass(frozen=True)
class Kink:
    """z^l_j of sample x (counted from 1, as in the book; samples from 0) and its value."""

    layer: int
    neuron: int
    sample: int
    z: float


def nearest_kink(net: Network, X: ArrayLike) -> Kink:
    """The relu input z^l_j closest to 0 over every relu layer and sample."""
    net = check_instance(net, Network, "net")
    cache = net.forward(check_array(X, "X"))  # at least one sample
    best: Kink | None = None
    for layer in net.layers:
        if layer.activation.name != "relu":
            continue
        z = cache.z[layer.index]
        j, x = np.unravel_index(int(np.argmin(np.abs(z))), z.shape)
        if best is None or abs(z[j, x]) < abs(best.z):
            best = Kink(layer.index, int(j) + 1, int(x), float(z[j, x]))
    if best is None:
        raise ArgumentError(f"{net!r} has no relu layer: it has no kinks")
    return best


def crossed_kinks(net: Network, X: ArrayLike, index: int, h: float) -> list[Kink]:
    """The relu inputs whose sign differs between θ + h·e_index and θ - h·e_index."""
    theta = check_instance(net, Network, "net").get_params()
    index, h = check_index(index, theta.size, "index"), check_rate(h, "h")
    probe = net.copy()
    sides = []
    for sign in (1.0, -1.0):
        moved = theta.copy()
        moved[index] += sign * h
        probe.set_params(moved)
        sides.append(probe.forward(X).z)
    at = net.forward(X).z
    found = []
    for layer in net.layers:
        if layer.activation.name != "relu":
            continue
        l = layer.index  # noqa: E741 (the book's name for a layer number)
        for j, x in np.argwhere((sides[0][l] > 0) != (sides[1][l] > 0)):
            found.append(Kink(l, int(j) + 1, int(x), float(at[l][j, x])))
    return found
