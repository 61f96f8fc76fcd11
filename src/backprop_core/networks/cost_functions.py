"""The cost C as a function of what a gradient is taken with respect to: θ, or z^l.

A gradient check compares backpropagation with finite differences of a function. These two
build that function, so that no chapter rebuilds a cost by hand:

* ``cost_of_params(net, X, Y)``: θ ↦ C(θ), θ laid out as ``Network.get_params`` lays it out,
  [W^1 (row by row), b^1, W^2, b^2, ...], or only some of it (the weights of one layer, one
  weight w^l_{jk}).
  Its gradient is ``net.gradients(X, Y).flat()``, and ``.gradient(θ)`` computes it.
* ``cost_of_z(net, l, X, Y)``: z^l ↦ C, the input sums of layer l for the m samples, run
  through a^l = σ(z^l) and the layers above l, and the loss applied as the network applies
  it: a loss computed on the logits (binary or softmax cross-entropy) takes z^L itself, not
  a^L = σ(z^L). Its gradient is (1/m) δ^l, since column x of δ^l is ∂C_x/∂z^l and
  C = (1/m) Σ_x C_x is the mean.

Both keep a private copy of the network as it is when they are made: evaluating them never
changes ``net``, and later changes to ``net`` do not change them.
"""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from backprop_core.errors import (
    ArgumentError,
    ShapeError,
    as_float_array,
    check_finite,
    check_instance,
    check_integer,
)
from backprop_core.networks.losses import checked_loss_value
from backprop_core.networks.network import Network

Array = NDArray[np.float64]
Part = Literal["all", "W", "b"]


class ParamsCost:
    """C(θ) for fixed samples X, Y; θ holds the parameters ``cost_of_params`` selected.

    ``theta`` is where it was made (the network's parameters then); ``what`` says which
    parameters θ holds, in order.
    """

    def __init__(self, net: Network, X: Array, Y: Array, index: NDArray[np.intp],
                 what: str) -> None:
        self._net = net.copy()
        self._X, self._Y = X, Y
        self._index = index
        self._full = net.get_params()
        self.what = what

    @property
    def theta(self) -> Array:
        """θ at the network's parameters when this cost was made (a new vector)."""
        theta: Array = self._full[self._index]
        return theta

    def __call__(self, theta: ArrayLike) -> float:
        """C at θ, every parameter not in θ as it was."""
        self._net.set_params(self._params(theta))
        return self._net.cost(self._X, self._Y)

    def gradient(self, theta: ArrayLike) -> Array:
        """∂C/∂θ at θ by backpropagation, laid out as θ."""
        self._net.set_params(self._params(theta))
        gradient: Array = self._net.gradients(self._X, self._Y).flat()[self._index]
        return gradient

    def _params(self, theta: ArrayLike) -> Array:
        values = as_float_array(theta, "theta")
        if values.shape != (self._index.size,):
            raise ShapeError(f"theta must have shape ({self._index.size},), {self.what}, but "
                             f"got array of shape {values.shape}")
        check_finite(values, "theta")
        full = self._full.copy()
        full[self._index] = values
        return full


def cost_of_params(net: Network, X: ArrayLike, Y: ArrayLike, *, layer: int | None = None,
                   part: Part = "all", weight: tuple[int, int] | None = None) -> ParamsCost:
    """θ ↦ C(θ) = (1/m) Σ_x C_x on the samples in the columns of X and Y.

    θ is every parameter, in the order of ``net.get_params()``, or only those of ``layer``
    (W^l row by row, then b^l), and of those only the weights (``part="W"``) or only the
    biases (``part="b"``), or the one weight w^l_{jk} (``weight=(j, k)``, counted from 1 as
    in the book: into neuron j of layer l, from neuron k of layer l-1). The other
    parameters stay as they are in ``net``.
    """
    check_instance(net, Network, "net")
    X_arr = net.check_input(X)
    Y_arr = net.check_targets(Y, X_arr.shape[1])
    if part not in ("all", "W", "b"):
        raise ArgumentError(f"part must be 'all', 'W' or 'b', got {part!r}")
    chosen = net.layers if layer is None else [net.layer(layer)]
    starts = np.cumsum([0] + [each.W.size + each.b.size for each in net.layers])
    if weight is not None:
        return _one_weight(net, X_arr, Y_arr, layer, part, weight, starts)
    index: list[int] = []
    for each in chosen:
        start, n_W = int(starts[each.index - 1]), each.W.size
        if part in ("all", "W"):
            index.extend(range(start, start + n_W))
        if part in ("all", "b"):
            index.extend(range(start + n_W, start + n_W + each.b.size))
    layers = "every layer" if layer is None else f"layer {layer}"
    what = {"all": f"the weights (row by row) and biases of {layers}",
            "W": f"the weights of {layers}, row by row", "b": f"the biases of {layers}"}[part]
    return ParamsCost(net, X_arr, Y_arr, np.array(index, dtype=np.intp), what)


def _one_weight(net: Network, X: Array, Y: Array, layer: int | None, part: Part,
                weight: tuple[int, int], starts: NDArray[np.int_]) -> ParamsCost:
    """``cost_of_params`` for θ = (w^l_{jk})."""
    if layer is None or part != "all":
        raise ArgumentError(f"weight={weight!r} names w^l_jk of one layer: give layer=l and "
                            f"leave part as it is, got layer={layer!r}, part={part!r}")
    W = net.layer(layer).W
    if not isinstance(weight, (tuple, list)) or len(weight) != 2:
        raise ArgumentError(f"weight must be a pair (j, k), got {weight!r}")
    j = check_integer(weight[0], "weight j (the neuron of layer l)", minimum=1)
    k = check_integer(weight[1], "weight k (the neuron of layer l-1)", minimum=1)
    if j > W.shape[0] or k > W.shape[1]:
        raise ArgumentError(f"weight (j, k) = ({j}, {k}) is not in layer {layer}: w^{layer}_jk "
                            f"needs 1 <= j <= {W.shape[0]} and 1 <= k <= {W.shape[1]} "
                            f"(W^{layer} has shape {W.shape})")
    index = int(starts[layer - 1]) + (j - 1) * W.shape[1] + (k - 1)
    return ParamsCost(net, X, Y, np.array([index], dtype=np.intp),
                      f"the one weight w^{layer}_{j}{k}")


class ZCost:
    """C as a function of z^l, the input sums of layer ``l`` for the m samples.

    ``z`` is the network's own z^l for these samples, of shape (n_l, m).
    """

    def __init__(self, net: Network, l: int, X: Array, Y: Array) -> None:
        self._net = net.copy()
        self.l = l
        self._Y = Y
        self.z = self._net.forward(X).z[l]

    def __call__(self, z: ArrayLike) -> float:
        """C for z^l = ``z``: shape (n_l, m), or its n_l·m entries as one vector (row by row,
        as ``z.ravel()`` gives them; for one sample, z^l itself)."""
        l, shape = self.l, self.z.shape
        given = as_float_array(z, f"z^{l}")
        if given.size != self.z.size or given.ndim not in (1, 2) or (
                given.ndim == 2 and given.shape != shape):
            raise ShapeError(f"z^{l} must have shape {shape} (n_{l} = {shape[0]} neurons, "
                             f"m = {shape[1]} samples), or its {self.z.size} entries as one "
                             f"vector, but got array of shape {given.shape}")
        z_top = given.reshape(shape)
        check_finite(z_top, f"z^{l}")
        with np.errstate(over="ignore", invalid="ignore"):  # checked below, by the layers
            a = self._net.layer(l).activation(z_top)
        for layer in self._net.layers[l:]:
            z_top, a = layer.forward(a)
        return checked_loss_value(self._net.loss, z_top, a, self._Y)


def cost_of_z(net: Network, l: int, X: ArrayLike, Y: ArrayLike) -> ZCost:
    """z^l ↦ C = (1/m) Σ_x C_x: a^l = σ(z^l), the layers above l, then the loss, which reads
    z^L for the losses computed on the logits and a^L for the squared error.

    Its gradient is (1/m) δ^l (δ^l from ``net.backward``, one column per sample).
    """
    check_instance(net, Network, "net")
    net.layer(l)  # a LayerIndexError for l outside 1..L
    X_arr = net.check_input(X)
    Y_arr = net.check_targets(Y, X_arr.shape[1])
    return ZCost(net, int(l), X_arr, Y_arr)
