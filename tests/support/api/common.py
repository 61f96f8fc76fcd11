"""Small valid arguments shared by the specs: a network, its samples, a scalar graph."""

from __future__ import annotations

from typing import Any

import numpy as np

from backprop_core.engine.value import Value
from backprop_core.networks.network import Network

X = np.array([[0.5, -1.0, 2.0, 0.0], [1.0, 0.5, -0.5, 1.5]])
Y = np.array([[0.2, 0.9, 0.4, 0.6]])
NET_SAYS = ("net", "Network")
XY_SAYS = {"X": ("input x", "X"), "Y": ("targets y", "Y"), "x": ("input x",),
           "y": ("targets y",), "net": NET_SAYS}


def small_net(seed: int = 0) -> Network:
    """2 inputs, 3 tanh neurons, 1 sigmoid output, squared error."""
    return Network.from_sizes([2, 3, 1], ["tanh", "sigmoid"], seed=seed)


def net_xy(**extra: Any) -> dict[str, Any]:
    return {"net": small_net(), "X": X.copy(), "Y": Y.copy(), **extra}


def graph() -> tuple[Value, Value, Value]:
    """(a, b, o) with o = (a·b + a).tanh() at a = 0.5, b = -1.5."""
    a, b = Value(0.5, "a"), Value(-1.5, "b")
    o = (a * b + a).tanh()
    o.label = "o"
    return a, b, o
