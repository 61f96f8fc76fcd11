"""A dense network: layers 1..L on top of the input layer 0, trained on a mean cost.

forward:   a^0 = x,  z^l = W^l a^{l-1} + b^l,  a^l = σ(z^l)
backward:  δ^L = ∇_a C ⊙ σ'(z^L),  δ^l = (W^{l+1})ᵀ δ^{l+1} ⊙ σ'(z^l),
           ∂C/∂W^l = δ^l (a^{l-1})ᵀ,  ∂C/∂b^l = δ^l   (averaged over the samples)
Samples are columns: x has shape (n_0, m), every z^l, a^l and δ^l has shape (n_l, m).
Column x of δ^l is one sample's ∂C_x/∂z^l; the 1/m of the mean cost C = (1/m) Σ_x C_x
enters once, in ∂C/∂W^l = (1/m) Σ_x δ^l_x (a^{l-1}_x)ᵀ.

The two passes are ``column_forward`` and ``column_backward`` (below), the column form the
book prints (``forms.column_form`` runs them too); the network checks around them. Before:
the input x and the targets y entry by entry, and the parameters. After: bounds (``bounds``)
that show cheaply that nothing overflowed; only when one fails are the arrays looked at one
by one, in the order of the equations, to name the first that is NaN or ±inf, as
``Dense.forward`` and ``_check_gradients`` word it.
``gradients`` keeps its z^l and a^l (they never leave it) and writes the next call's over
them: the same numbers, without asking the allocator for that memory again each call.
``backward`` returns the book's one gradient type, ``gradients.Gradients``;
``cost_functions`` gives C as a function of θ or of z^l, to check it against.
"""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    BackpropError,
    LayerIndexError,
    ShapeError,
    as_float_array,
    check_finite,
    check_instance,
    check_integer,
    check_result,
    describe,
)
from backprop_core.networks.activations import ACTIVATIONS, Activation
from backprop_core.networks.bounds import (
    ForwardBounds,
    forward_bounds,
    gradients_finite,
    parameter_norms,
)
from backprop_core.networks.gradients import Gradients
from backprop_core.networks.layers import Dense, as_columns
from backprop_core.networks.losses import (
    Loss,
    check_pairing,
    checked_loss_value,
    checked_output_delta,
    get_loss,
)

Array = NDArray[np.float64]


@dataclass
class ForwardCache:
    """What the forward pass keeps for the backward pass, indexed by layer number.

    ``a[0]`` is the input x; ``z[l]`` and ``a[l]`` for l = 1..L.
    """

    z: dict[int, Array]
    a: dict[int, Array]

    @property
    def output(self) -> Array:
        """a^L, the network's output."""
        return self.a[max(self.a)]


class Network:
    """Layers 1..L with a loss; ``Network.from_sizes([2, 4, 4, 3], ...)`` builds one."""

    def __init__(self, layers: Sequence[Dense], loss: str | Loss = "squared_error") -> None:
        if isinstance(layers, Dense) or not isinstance(layers, Sequence) or not layers:
            raise ArgumentError(f"layers must be a non-empty list of Dense layers (a network "
                                f"needs at least one layer), got {describe(layers)}")
        for position, layer in enumerate(layers):
            if not isinstance(layer, Dense):
                raise ArgumentTypeError(f"layers[{position}] must be a Dense layer, got "
                                        f"{describe(layer)}")
        self.layers = list(layers)
        for l, layer in enumerate(self.layers, start=1):
            layer.index = l  # so that error messages name the layer by its number
        for prev, layer in zip(self.layers, self.layers[1:], strict=False):
            if layer.n_in != prev.n_out:
                raise ShapeError(
                    f"layer {layer.index} has W^{layer.index} of shape {layer.W.shape}, "
                    f"expecting n_{prev.index} = {layer.n_in} inputs, but layer {prev.index} "
                    f"has {prev.n_out} neurons (W^{prev.index} of shape {prev.W.shape})"
                )
        self.loss = get_loss(loss)
        check_pairing(self.loss, self.layers[-1].activation)
        # z^l and a^l of the last ``gradients`` call, which kept them to itself: the next
        # call writes its own over them (``column_forward``'s ``reuse``) instead of asking
        # the allocator for as much memory again; None while a call holds them
        self._spare: tuple[dict[int, Array], dict[int, Array]] | None = None

    @classmethod
    def from_sizes(
        cls,
        sizes: Sequence[int],
        activations: str | Activation | Sequence[str | Activation] = "sigmoid",
        loss: str | Loss = "squared_error",
        seed: int = 0,
    ) -> Network:
        """A network with layer sizes n_0, …, n_L and one activation name per layer 1..L
        (or one name for all), weights drawn with ``np.random.default_rng(seed)``."""
        if isinstance(sizes, str) or not isinstance(sizes, Sequence):
            raise ArgumentTypeError(f"sizes must be a list of layer sizes [n_0, ..., n_L], "
                                    f"got {describe(sizes)}")
        if len(sizes) < 2:
            raise ArgumentError(f"sizes must list n_0, ..., n_L (at least two positive "
                                f"numbers), got {list(sizes)}")
        try:
            sizes = [check_integer(n, f"sizes[{i}] (n_{i})", minimum=1)
                     for i, n in enumerate(sizes)]
        except ArgumentError as exc:
            raise type(exc)(f"{exc}, in sizes {list(sizes)}") from None
        n_layers = len(sizes) - 1
        if isinstance(activations, (str, Activation)) or not isinstance(activations, Sequence):
            activations = [activations] * n_layers  # one for all; a bad one fails its look-up
        if len(activations) != n_layers:
            raise ArgumentError(f"sizes {sizes} make {n_layers} layers, but "
                                f"{len(activations)} activations were given: {activations}")
        seed = check_integer(seed, "seed", minimum=0)
        rng = np.random.default_rng(seed)
        try:
            layers = [Dense.initialized(n_in, n_out, act, rng, index=l)
                      for l, (n_in, n_out, act) in enumerate(
                          zip(sizes[:-1], sizes[1:], activations, strict=True), start=1)]
        except BackpropError:
            raise
        except (MemoryError, ValueError) as exc:  # numpy cannot allocate such a W
            n_params = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:], strict=True))
            raise ArgumentError(f"sizes {sizes} make about 10^{len(str(n_params)) - 1} "
                                f"parameters, more than numpy can allocate "
                                f"({type(exc).__name__}: {exc})") from None
        return cls(layers, loss)

    # ---- shape --------------------------------------------------------------------------

    def layer(self, l: int) -> Dense:
        """Layer l, numbered as in the book: 1..L (``self.layers`` counts from 0)."""
        if isinstance(l, bool) or not isinstance(l, (int, np.integer)) or not 1 <= l <= self.L:
            raise LayerIndexError(f"layers are numbered 1..{self.L}, got {l!r}")
        return self.layers[int(l) - 1]

    @property
    def L(self) -> int:
        """Number of layers with parameters (the input layer 0 is not counted)."""
        return len(self.layers)

    @property
    def sizes(self) -> list[int]:
        """[n_0, n_1, ..., n_L]."""
        return [self.layers[0].n_in] + [layer.n_out for layer in self.layers]

    @property
    def n_params(self) -> int:
        """Number of weights and biases."""
        return sum(layer.W.size + layer.b.size for layer in self.layers)

    def __repr__(self) -> str:
        acts = [layer.activation.name for layer in self.layers]
        return f"Network(sizes={self.sizes}, activations={acts}, loss={self.loss.name!r})"

    # ---- forward and backward ---------------------------------------------------------------

    def forward(self, x: ArrayLike) -> ForwardCache:
        """z^l and a^l of every layer for the samples in the columns of x."""
        return self._forward(x)[0]

    def _forward(self, x: ArrayLike, reuse: tuple[dict[int, Array], dict[int, Array]] | None
                 = None) -> tuple[ForwardCache, ForwardBounds | None]:
        """``forward``, and what its checks proved (``bounds.forward_bounds``); ``reuse``:
        arrays nobody else holds, for z^l and a^l (``column_forward``)."""
        x_arr, x_squares = self.layers[0].checked_input(x)  # names the shape as given
        norms = parameter_norms(self.layers)  # read just before the products read them
        with np.errstate(all="ignore"):  # a NaN or an overflow is found below, and worded
            z, a = column_forward(self.layers, x_arr, reuse)
            bounds = forward_bounds(self.layers, norms, x_squares, z, a)
        if bounds is None:
            # layer by layer, as Dense.forward checks one: the error names the first
            # parameter or z^l that is not finite, and why
            for layer in self.layers:
                z[layer.index], a[layer.index] = layer.forward(a[layer.index - 1])
        return ForwardCache(z, a), bounds

    def predict(self, x: ArrayLike) -> Array:
        """a^L for the samples in the columns of x."""
        return self.forward(x).output

    def check_input(self, x: ArrayLike) -> Array:
        """x as columns (n_0, m), or a ShapeError naming layer 1 and both shapes."""
        return self.layers[0].check_input(x)

    def check_targets(self, y: ArrayLike, m: int) -> Array:
        """y as columns shaped like a^L, (n_L, m), with values in the loss's domain; or a
        ShapeError / DomainError saying what was expected.

        The cost is a mean over the m samples, so m = 0 (an empty batch) is refused too.
        """
        if check_integer(m, "m (the number of samples)", minimum=0) == 0:
            raise ShapeError("input x has no samples (0 columns): the cost C is a mean over "
                             "the samples, so it needs at least one")
        given = as_float_array(y, "targets y")
        y_arr = as_columns(given, "targets y")
        expected = (self.layers[-1].n_out, m)
        if y_arr.shape != expected:
            hint = ""
            if given.ndim == 1 and given.shape[0] == m and expected[0] == 1:
                hint = " (a vector of targets: pass it as one row, y.reshape(1, -1))"
            raise ShapeError(
                f"targets y must have shape {expected} like a^{self.L} (n_{self.L} = "
                f"{expected[0]} rows, one column per sample), but got array of shape "
                f"{given.shape}{hint}"
            )
        self.loss.check_targets(y_arr)
        return y_arr

    def cost(self, x: ArrayLike, y: ArrayLike) -> float:
        """C = (1/m) Σ_x C_x over the m samples in the columns of x and y."""
        cache = self.forward(x)
        y_arr = self.check_targets(y, cache.output.shape[1])
        return checked_loss_value(self.loss, cache.z[self.L], cache.output, y_arr)

    def backward(self, cache: ForwardCache, y: ArrayLike) -> Gradients:
        """δ^l, ∂C/∂W^l and ∂C/∂b^l for every layer, from the output layer down, and C."""
        check_instance(cache, ForwardCache, "cache (what forward returned)")
        return self._backward(cache, y, None)

    def _backward(self, cache: ForwardCache, y: ArrayLike,
                  bounds: ForwardBounds | None) -> Gradients:
        """``backward``; ``bounds``: what the forward pass that made ``cache`` proved, if
        nothing can have changed the cache or the parameters since."""
        y_arr = self.check_targets(y, cache.output.shape[1])
        with np.errstate(all="ignore"):  # an overflow is found below, and worded
            delta, dW, db = column_backward(self.layers, self.loss, cache.z, cache.a, y_arr)
            finite = gradients_finite(self.layers, cache.a, delta, dW, db, bounds)
        if not finite:
            self._check_gradients(delta, dW, db)
        cost = checked_loss_value(self.loss, cache.z[self.L], cache.output, y_arr)
        return Gradients._made_by_network(dW, db, delta, cost)

    def _check_gradients(self, delta: dict[int, Array], dW: dict[int, Array],
                         db: dict[int, Array]) -> None:
        """Raise a NonFiniteError naming the first array of the backward pass that is NaN or
        ±inf, in the order the equations make them: δ^L, (W^{l+1})ᵀ δ^{l+1} for l = L-1..1,
        then δ^l, ∂C/∂W^l and ∂C/∂b^l for l = 1..L. The inputs were finite, so it overflowed."""
        L = self.L
        check_result(delta[L], f"δ^{L}")
        for l in range(L - 1, 0, -1):
            with np.errstate(all="ignore"):
                back = self.layer(l + 1).W.T @ delta[l + 1]  # written over by δ^l: again
            check_result(back, f"(W^{l + 1})ᵀ δ^{l + 1}")
        for l in dW:
            check_result(delta[l], f"δ^{l}")
            check_result(dW[l], f"∂C/∂W^{l}")
            check_result(db[l], f"∂C/∂b^{l}")

    def gradients(self, x: ArrayLike, y: ArrayLike) -> Gradients:
        """Forward then backward on the samples in the columns of x and y."""
        # z^l and a^l never leave this call (the Gradients hold δ^l, ∂C/∂W^l, ∂C/∂b^l, all
        # new arrays), so the next call may write over them. Taken, not shared: a call
        # running meanwhile (another thread) finds none and makes its own.
        spare, self._spare = self._spare, None
        cache, bounds = self._forward(x, spare)  # the cache stays here: the bounds still hold
        grads = self._backward(cache, y, bounds)
        del cache.a[0]  # x is the caller's
        self._spare = cache.z, cache.a
        return grads

    # ---- parameters as one vector ------------------------------------------------------------

    def get_params(self) -> Array:
        """θ = [W^1 (row by row), b^1, W^2, b^2, ...] as one new vector."""
        return np.concatenate([np.concatenate([layer.W.ravel(), layer.b])
                               for layer in self.layers])

    def set_params(self, theta: ArrayLike) -> None:
        """Load θ, laid out as ``get_params`` returns it."""
        theta_arr = as_float_array(theta, "theta")
        if theta_arr.shape != (self.n_params,):
            raise ShapeError(f"theta must have shape ({self.n_params},) for {self!r}, "
                             f"but got array of shape {theta_arr.shape}")
        check_finite(theta_arr, "theta")
        start = 0
        for layer in self.layers:
            stop = start + layer.W.size
            layer.W = theta_arr[start:stop].reshape(layer.W.shape).copy()
            start, stop = stop, stop + layer.b.size
            layer.b = theta_arr[start:stop].copy()
            start = stop

    def copy(self) -> Network:
        """An independent network with the same parameters."""
        layers = [Dense(layer.W, layer.b, layer.activation, layer.index)
                  for layer in self.layers]
        return Network(layers, self.loss)


def column_forward(layers: Sequence[Dense], x: Array,
                   reuse: tuple[Mapping[int, Array], Mapping[int, Array]] | None = None,
                   ) -> tuple[dict[int, Array], dict[int, Array]]:
    """z^l = W^l a^{l-1} + b^l and a^l = σ(z^l) for l = 1..L, from a^0 = x (samples as columns).

    No checks: ``Network.forward`` checks x and the parameters before, and every z^l after.
    ``reuse``: z^l and a^l of an earlier pass that nobody holds any more; where one has the
    shape and dtype of the new z^l (or a relu's a^l), the new one is written over it, with
    the same numbers, and no new array is made.
    """
    spare_z, spare_a = reuse if reuse is not None else ({}, {})
    z: dict[int, Array] = {}
    a: dict[int, Array] = {0: x}
    for l, layer in enumerate(layers, start=1):
        W = layer.W
        out = spare_z.get(l)
        if out is not None and out.shape == (W.shape[0], x.shape[1]) and \
                out.dtype == np.result_type(W, a[l - 1]):
            z[l] = np.matmul(W, a[l - 1], out=out)  # W^l a^{l-1}
        else:
            z[l] = W @ a[l - 1]
        z[l] += layer.b[:, None]  # + b^l, in every column (in place: one array per z^l)
        out = spare_a.get(l)
        if layer.activation is _RELU and out is not None and out.shape == z[l].shape and \
                out.dtype == z[l].dtype:
            a[l] = np.maximum(z[l], 0.0, out=out)  # relu's σ(z^l), as its formula computes it
        else:
            a[l] = layer.activation.apply_checked(z[l])  # a^l = σ(z^l)
    return z, a


_RELU = ACTIVATIONS["relu"]


def column_backward(
    layers: Sequence[Dense], loss: Loss, z: Mapping[int, Array], a: Mapping[int, Array],
    y: Array,
) -> tuple[dict[int, Array], dict[int, Array], dict[int, Array]]:
    """The four equations with column vectors, for the mean C over the m columns of y:
    (δ^l, ∂C/∂W^l, ∂C/∂b^l) for l = 1..L, from the z^l and a^l of ``column_forward``.

    No checks: ``Network.backward`` checks y before and the results after.
    """
    L = len(layers)
    # BP1: δ^L = ∇_a C ⊙ σ'(z^L)
    delta = {L: checked_output_delta(loss, layers[-1].activation, z[L], a[L], y)}
    dW: dict[int, Array] = {}
    db: dict[int, Array] = {}
    for l in range(L, 0, -1):  # from the output layer down
        layer = layers[l - 1]
        if l < L:  # BP2: δ^l = (W^{l+1})ᵀ δ^{l+1} ⊙ σ'(z^l) (⊙ written over the product)
            back = layers[l].backward_input(delta[l + 1])
            delta[l] = layer.activation.backward_checked(z[l], back)
        # BP4 and BP3: ∂C/∂W^l = δ^l (a^{l-1})ᵀ and ∂C/∂b^l = δ^l, averaged over the samples
        dW[l], db[l] = layer.parameter_gradients(delta[l], a[l - 1])
    layer_order = range(1, L + 1)
    return ({l: delta[l] for l in layer_order}, {l: dW[l] for l in layer_order},
            {l: db[l] for l in layer_order})
