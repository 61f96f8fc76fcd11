"""A batch of m samples at once: as columns or as rows, batched or per sample.

The cost of a batch is the mean C = (1/m) Σ_x C_x, so its gradient is the mean of the
per-sample gradients. Two ways to get it:

* batched: one matrix product per layer, ∂C/∂W^l = (1/m) Δ^l (A^{l-1})ᵀ, where the columns of
  Δ^l and A^{l-1} are the samples' δ^l and a^{l-1}: the sum over samples happens inside
  the product;
* per sample: the tensor G^l[x, j, k] = δ^l_j a^{l-1}_k of every sample x (source 002's
  ``[sample_idx, neuron_idx, weight_idx]``), then its mean over x. Same numbers, m times
  the memory.

Both return the one gradient type, ``gradients.Gradients`` (per sample: with a leading
axis of m samples, reduced by ``.mean()`` or ``.sum()``).
"""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from backprop_core.errors import ArgumentError, ArgumentTypeError, check_instance, check_integer
from backprop_core.networks.forms import row_form
from backprop_core.networks.gradients import Gradients
from backprop_core.networks.network import Network

Array = NDArray[np.float64]


def batch_gradients(
    net: Network, X: ArrayLike, Y: ArrayLike, samples_as: Literal["columns", "rows"] = "columns"
) -> Gradients:
    """∂C/∂W^l and ∂C/∂b^l of the mean cost C, W in the book's shape (n_l, n_{l-1}).

    ``samples_as="columns"``: X has shape (n_0, m) (``Network.gradients``); ``"rows"``: X has
    shape (m, n_0) (``forms.row_form``, turned to the book's shapes by ``in_columns``).
    """
    check_instance(net, Network, "net")
    if samples_as == "columns":
        return net.gradients(X, Y)
    if samples_as == "rows":
        return row_form(net, X, Y).in_columns()
    raise ArgumentError(f"samples_as must be 'columns' or 'rows', got {samples_as!r}")


def per_sample_gradients(net: Network, X: ArrayLike, Y: ArrayLike) -> Gradients:
    """G^l[x, j, k] = ∂C_x/∂w^l_{jk} = δ^l_{j,x} a^{l-1}_{k,x} for every sample x (columns
    of X and Y): ``dW[l]`` of shape (m, n_l, n_{l-1}), ``db[l][x]`` = δ^l_x, shape (m, n_l).

    ``.mean()`` is the gradient of C = (1/m) Σ_x C_x, ``.sum()`` that of Σ_x C_x.
    """
    check_instance(net, Network, "net")
    cache = net.forward(X)
    grads = net.backward(cache, Y)
    dW = {l: np.einsum("jx,kx->xjk", grads.delta[l], cache.a[l - 1]) for l in grads.delta}
    db = {l: grads.delta[l].T.copy() for l in grads.delta}
    return Gradients(dW, db, delta=grads.delta, cost=grads.cost)


@dataclass(frozen=True)
class MemoryRow:
    """Bytes for the weight gradient of one layer, batched vs per sample."""

    layer: int
    shape: tuple[int, int]
    batched_bytes: int
    per_sample_bytes: int


def memory_report(
    sizes: Sequence[int], batch_size: int, itemsize: int = 8
) -> list[MemoryRow]:
    """Bytes of ∂C/∂W^l per layer: n_l·n_{l-1} numbers batched, m·n_l·n_{l-1} per sample.

    Both ways also need Δ^l and A^{l-1} (n_l·m and n_{l-1}·m numbers), the same for each.
    """
    batch_size = check_integer(batch_size, "batch_size", minimum=1)
    itemsize = check_integer(itemsize, "itemsize (bytes per number)", minimum=1)
    if isinstance(sizes, str) or not isinstance(sizes, Sequence) or len(sizes) < 2:
        raise ArgumentTypeError(f"sizes must be a list [n_0, ..., n_L] of at least two layer "
                                f"sizes, got {sizes!r}")
    sizes = [check_integer(n, f"sizes[{i}]", minimum=1) for i, n in enumerate(sizes)]
    rows = []
    for l in range(1, len(sizes)):
        n_out, n_in = sizes[l], sizes[l - 1]
        weights = n_out * n_in * itemsize
        rows.append(MemoryRow(l, (n_out, n_in), weights, batch_size * weights))
    return rows


def measured_bytes(net: Network, X: ArrayLike, Y: ArrayLike) -> dict[str, int]:
    """nbytes of the weight gradients actually computed, batched and per sample."""
    check_instance(net, Network, "net")
    batched = batch_gradients(net, X, Y)
    per_sample = per_sample_gradients(net, X, Y)
    return {
        "batched": sum(g.nbytes for g in batched.dW.values()),
        "per_sample": sum(g.nbytes for g in per_sample.dW.values()),
    }
