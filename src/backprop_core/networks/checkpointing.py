"""Gradient checkpointing: keep every k-th layer's activations, recompute the rest when needed.

A layer's record is what the backward pass needs from it: (z^l, a^l). Plain backprop keeps
all L records. With checkpoints every k layers, the forward pass keeps only the records of
layers 0, k, 2k, … and L (layer 0's is the input x); every other record is dropped as soon
as the next layer has used it. The backward pass runs from l = L down as usual; when it
reaches a layer whose record is gone, it recomputes the whole segment above the checkpoint
below it, from that checkpoint's a, and drops each record once it has been used.

At most about L/k checkpoints and k − 1 recomputed records are held at once, so the memory
is smallest near k = √L; the price is the recomputation: L − L/k more layer evaluations,
about one more forward pass. k = 1 is plain backprop; k = L keeps nothing but recomputes
the whole network at once, which holds as many records as plain backprop.

The gradient is the same, to the last bit: the same numbers go through the same operations.
"""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from backprop_core.errors import ArgumentError, check_integer
from backprop_core.networks.gradients import Gradients
from backprop_core.networks.layers import Dense
from backprop_core.networks.losses import loss_value, output_delta
from backprop_core.networks.network import Network

Array = NDArray[np.float64]
Record = tuple[Array, Array]  # (z^l, a^l)
Recompute = Callable[[Sequence[Dense], Array], Sequence[Record]]


def recompute_segment(layers: Sequence[Dense], a_start: Array) -> list[Record]:
    """(z^l, a^l) for each layer of a segment, in order, from the activation entering the
    first: z = W a + b, a = σ(z), each layer fed by the one below."""
    records = []
    a = a_start
    for layer in layers:
        z, a = layer.forward(a)
        records.append((z, a))
    return records


def checkpoint_layers(L: int, every: int) -> list[int]:
    """The layers whose record the forward pass keeps: 0, k, 2k, … and L."""
    L = check_integer(L, "L (the number of layers)", minimum=1)
    k = check_integer(every, "every (k, the spacing of the checkpoints)", minimum=1)
    if k > L:
        raise ArgumentError(f"every = {k} is more than the L = {L} layers: at most one "
                            f"checkpoint per L layers (every = L keeps the input only)")
    return sorted(set(range(0, L + 1, k)) | {L})


@dataclass(frozen=True)
class CheckpointRun:
    """The gradients, and what they cost: ``layer_evaluations`` (the forward pass's L plus
    ``recomputed``), the ``multiplications`` of the matrix products (n_l·n_{l-1}·m for
    each evaluation of layer l; the backward pass adds δ^l (a^{l-1})ᵀ and (W^l)ᵀ δ^l, the
    same size each, the second not for l = 1), and the records held at once, at most
    (layers 1..L; the input is not counted), with their bytes."""

    gradients: Gradients
    every: int
    checkpoints: tuple[int, ...]
    layer_evaluations: int
    recomputed: int
    multiplications: int
    peak_records: int
    peak_record_bytes: int


def checkpointed_gradients(net: Network, X: ArrayLike, Y: ArrayLike, every: int,
                           recompute: Recompute = recompute_segment) -> CheckpointRun:
    """∂C/∂W^l and ∂C/∂b^l as ``net.gradients`` gives them, keeping only every k-th record
    from the forward pass; ``recompute(layers, a_start)`` rebuilds a segment's records."""
    a0 = net.check_input(X)
    Y_arr = net.check_targets(Y, a0.shape[1])
    L = net.L
    kept = checkpoint_layers(L, every)
    records: dict[int, Record] = {0: (a0, a0)}  # layer 0: the input (z^0 is never used)
    peak = [0, 0]

    def held() -> None:  # records of layers 1..L held now; the largest count and bytes
        stored = [r for l, r in records.items() if l > 0]
        peak[0] = max(peak[0], len(stored))
        peak[1] = max(peak[1], sum(z.nbytes + a.nbytes for z, a in stored))

    a = a0
    for layer in net.layers:  # the forward pass: keep the checkpoints' records only
        record = layer.forward(a)
        a = record[1]
        if layer.index in kept:
            records[layer.index] = record
            held()
        del record
    top = net.layers[-1]
    z_L, a_L = records[L]
    delta = output_delta(net.loss, top.activation, z_L, a_L, Y_arr)
    cost = loss_value(net.loss, z_L, a_L, Y_arr)
    del z_L, a_L, records[L]
    dW: dict[int, Array] = {}
    db: dict[int, Array] = {}
    recomputed = 0
    for l in range(L, 0, -1):
        if l - 1 not in records:  # gone: rebuild the segment above the checkpoint below
            start = max(c for c in kept if c < l - 1)
            segment = net.layers[start:l - 1]  # layers start+1 .. l-1
            rebuilt = list(recompute(segment, records[start][1]))
            if len(rebuilt) != len(segment):
                raise ArgumentError(f"recompute returned {len(rebuilt)} records for the "
                                    f"{len(segment)} layers {start + 1}..{l - 1}")
            records.update(zip(range(start + 1, l), rebuilt, strict=True))
            recomputed += len(segment)
            held()
            del rebuilt
        z_prev, a_prev = records[l - 1]
        layer = net.layer(l)
        dW[l], db[l] = layer.parameter_gradients(delta, a_prev)
        if l > 1:  # δ^{l-1} = (W^l)ᵀ δ^l ⊙ σ'(z^{l-1})
            delta = net.layer(l - 1).activation.backward_checked(
                z_prev, layer.backward_input(delta))
        del z_prev, a_prev, records[l - 1]  # used for the last time
    grads = Gradients(dW, db, cost=cost)
    m = a0.shape[1]
    size = {layer.index: layer.W.size * m for layer in net.layers}  # one product's count
    evaluated = sum(size.values()) + sum(size[l] for l in range(1, L + 1)
                                         if l not in kept)
    backward = 2 * sum(size.values()) - size[1]
    return CheckpointRun(grads, every, tuple(kept), L + recomputed, recomputed,
                         evaluated + backward, peak[0], peak[1])
