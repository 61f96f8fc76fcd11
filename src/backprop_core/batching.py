"""A batch of m samples at once: as columns or as rows, batched or per sample.

The cost of a batch is the mean C = (1/m) Σ_x C_x, so its gradient is the mean of the
per-sample gradients. Two ways to get it:

* batched: one matrix product per layer, ∂C/∂W^l = (1/m) Δ^l (A^{l-1})ᵀ, where the columns of
  Δ^l and A^{l-1} are the samples' δ^l and a^{l-1}: the sum over samples happens inside
  the product;
* per sample: the tensor G^l[x, j, k] = δ^l_j a^{l-1}_k of every sample x (source 002's
  ``[sample_idx, neuron_idx, weight_idx]``), then its mean over x. Same numbers, m times
  the memory.
"""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from backprop_core.errors import ArgumentError, ArgumentTypeError, check_integer
from backprop_core.forms import row_form
from backprop_core.network import Network

Array = NDArray[np.float64]


def batch_gradients(
    net: Network, X: ArrayLike, Y: ArrayLike, samples_as: Literal["columns", "rows"] = "columns"
) -> tuple[dict[int, Array], dict[int, Array]]:
    """(∂C/∂W^l, ∂C/∂b^l) by layer, W in the book's shape (n_l, n_{l-1}), for C = mean cost.

    ``samples_as="columns"``: X has shape (n_0, m); ``"rows"``: X has shape (m, n_0).
    """
    if samples_as == "columns":
        grads = net.gradients(X, Y)
        return grads.dW, grads.db
    if samples_as == "rows":
        cols = row_form(net, X, Y).in_columns()
        return cols.dW, cols.db
    raise ArgumentError(f"samples_as must be 'columns' or 'rows', got {samples_as!r}")


@dataclass
class PerSampleGradients:
    """dW[l][x] = ∂C_x/∂W^l (shape (m, n_l, n_{l-1})) and db[l][x] = ∂C_x/∂b^l (m, n_l)."""

    dW: dict[int, Array]
    db: dict[int, Array]

    def mean(self) -> tuple[dict[int, Array], dict[int, Array]]:
        """The mean over samples: the gradient of the mean cost C."""
        return ({l: g.mean(axis=0) for l, g in self.dW.items()},
                {l: g.mean(axis=0) for l, g in self.db.items()})

    def sum(self) -> tuple[dict[int, Array], dict[int, Array]]:
        """The sum over samples (source 002's reduction): m times the mean's gradient."""
        return ({l: g.sum(axis=0) for l, g in self.dW.items()},
                {l: g.sum(axis=0) for l, g in self.db.items()})

    @property
    def nbytes(self) -> int:
        """Bytes held by the per-sample tensors."""
        return sum(g.nbytes for g in self.dW.values()) + sum(g.nbytes for g in self.db.values())


def per_sample_gradients(net: Network, X: ArrayLike, Y: ArrayLike) -> PerSampleGradients:
    """G^l[x, j, k] = δ^l_{j,x} a^{l-1}_{k,x} for every sample x (columns of X and Y)."""
    cache = net.forward(X)
    grads = net.backward(cache, Y)
    dW = {l: np.einsum("jx,kx->xjk", grads.delta[l], cache.a[l - 1]) for l in grads.delta}
    db = {l: grads.delta[l].T.copy() for l in grads.delta}
    return PerSampleGradients(dW, db)


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
    batched, _ = batch_gradients(net, X, Y)
    per_sample = per_sample_gradients(net, X, Y)
    return {
        "batched": sum(g.nbytes for g in batched.values()),
        "per_sample": sum(g.nbytes for g in per_sample.dW.values()),
    }
