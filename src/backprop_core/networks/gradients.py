"""The one gradient type: ∂C/∂W^l and ∂C/∂b^l for l = 1..L, δ^l, and the cost C.

Every way the book computes gradients returns a ``Gradients``: ``Network.backward``, the
three forms of ``forms`` (scalar loop, column form, row form) and ``batching``'s batched
and per-sample gradients. One batch of m samples (columns), mean cost C = (1/m) Σ_x C_x:

    δ^l = ∂C_x/∂z^l per sample (column x),   ∂C/∂W^l = (1/m) Σ_x δ^l_x (a^{l-1}_x)ᵀ,
    ∂C/∂b^l = (1/m) Σ_x δ^l_x.

Three layouts of the same numbers:

* batch, columns (the book's): ``dW[l]`` of shape (n_l, n_{l-1}), like W^l; ``db[l]`` (n_l,);
* batch, rows (source 000): ``dW[l]`` = ∂C/∂W_row^l = (∂C/∂W^l)ᵀ, shape (n_{l-1}, n_l);
  ``delta[l]`` has one sample per row, (m, n_l); ``in_columns()`` turns it into the first;
* per sample (source 002's tensor): ``dW[l][x]`` = ∂C_x/∂W^l, shape (m, n_l, n_{l-1}), and
  ``db[l][x]`` = ∂C_x/∂b^l, (m, n_l); ``mean()`` is the batch gradient of C, ``sum()`` that
  of Σ_x C_x = m·C.

``flat()`` lays the gradient out as ``Network.get_params`` lays out θ = [W^1 (row by row),
b^1, W^2, b^2, ...], so θ - η·grads.flat() is one step of gradient descent.
"""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    ShapeError,
    as_float_array,
    check_real,
    describe,
)

Array = NDArray[np.float64]
Layout = Literal["columns", "rows"]
PerLayer = Mapping[int, ArrayLike] | Sequence[ArrayLike]


class Gradients:
    """∂C/∂W^l and ∂C/∂b^l for the layers l = 1..L, with the δ^l and the cost C they came from.

    ``Gradients(dW, db)`` takes the per-layer arrays as dicts keyed by the layer number l
    (``{1: dW1, 2: dW2}``) or as lists for layers 1, 2, ... in order; ``delta`` (δ^l, one
    sample per column; empty when not given) and ``cost`` (the C whose gradient this is,
    None when not known) are optional. Shapes are
    checked: db^l must have one entry per neuron of layer l, and layer l+1 must take n_l
    inputs; a mismatch is a ShapeError naming both shapes.
    """

    dW: dict[int, Array]
    db: dict[int, Array]
    delta: dict[int, Array]
    cost: float | None
    layout: Layout

    def __init__(self, dW: PerLayer, db: PerLayer, *, delta: PerLayer | None = None,
                 cost: float | None = None, layout: Layout = "columns") -> None:
        if layout not in ("columns", "rows"):
            raise ArgumentError(f"layout must be 'columns' or 'rows', got {layout!r}")
        self.layout = layout
        self.dW = _by_layer(dW, "dW", "∂C/∂W")
        self.db = _by_layer(db, "db", "∂C/∂b")
        self.delta = {} if delta is None or len(delta) == 0 else _by_layer(delta, "delta", "δ")
        self.cost = None if cost is None else check_real(cost, "cost")
        self._check_shapes()

    @classmethod
    def _made_by_network(cls, dW: dict[int, Array], db: dict[int, Array],
                         delta: dict[int, Array], cost: float) -> Gradients:
        """``Network.backward``'s result: arrays it has just made, keyed 1..L, in the book's
        layout, with shapes right by construction, so they are not checked again."""
        grads = cls.__new__(cls)
        grads.layout, grads.dW, grads.db, grads.delta, grads.cost = "columns", dW, db, delta, cost
        return grads

    # ---- what it holds -------------------------------------------------------------------

    @property
    def L(self) -> int:
        """Number of layers with parameters."""
        return len(self.dW)

    @property
    def per_sample(self) -> bool:
        """True when ``dW[l][x]`` is one sample's ∂C_x/∂W^l (a leading axis of m samples)."""
        return self.dW[1].ndim == 3

    @property
    def nbytes(self) -> int:
        """Bytes held by the weight and bias gradients (δ^l not counted)."""
        return sum(g.nbytes for g in self.dW.values()) + sum(g.nbytes for g in self.db.values())

    def __repr__(self) -> str:
        kind = "per sample" if self.per_sample else f"batch, {self.layout}"
        shapes = ", ".join(str(g.shape) for g in self.dW.values())
        cost = "" if self.cost is None else f", cost {self.cost:.6g}"
        return f"Gradients({kind}: dW shapes {shapes}{cost})"

    # ---- other layouts -------------------------------------------------------------------

    def in_columns(self) -> Gradients:
        """The same gradients in the book's layout: dW^l shaped like W^l, (n_l, n_{l-1}),
        and δ^l with one sample per column."""
        if self.layout == "columns":
            return self
        return Gradients({l: np.swapaxes(g, -1, -2) for l, g in self.dW.items()}, self.db,
                         delta={l: d.T for l, d in self.delta.items()}, cost=self.cost)

    def flat(self) -> Array:
        """All parameter gradients as one vector, in the order of ``Network.get_params``:
        [∂C/∂W^1 (row by row), ∂C/∂b^1, ∂C/∂W^2, ...]. Per sample: one such row per sample,
        an array of shape (m, number of parameters)."""
        cols = self.in_columns()
        if self.per_sample:
            m = cols.dW[1].shape[0]
            return np.concatenate([np.concatenate([cols.dW[l].reshape(m, -1), cols.db[l]],
                                                  axis=1) for l in cols.dW], axis=1)
        return np.concatenate([np.concatenate([cols.dW[l].ravel(), cols.db[l]])
                               for l in cols.dW])

    def mean(self) -> Gradients:
        """Per sample -> batch: (1/m) Σ_x ∂C_x/∂W^l = ∂C/∂W^l, the gradient of the mean C."""
        self._samples("mean")
        return Gradients({l: g.mean(axis=0) for l, g in self.dW.items()},
                         {l: g.mean(axis=0) for l, g in self.db.items()},
                         delta=self.delta, cost=self.cost, layout=self.layout)

    def sum(self) -> Gradients:
        """Per sample -> batch: Σ_x ∂C_x/∂W^l, source 002's reduction. That is the gradient
        of Σ_x C_x = m·C, m times the gradient of the mean; its ``cost`` is m·C."""
        m = self._samples("sum")
        return Gradients({l: g.sum(axis=0) for l, g in self.dW.items()},
                         {l: g.sum(axis=0) for l, g in self.db.items()},
                         delta=self.delta, cost=None if self.cost is None else m * self.cost,
                         layout=self.layout)

    # ---- checks ----------------------------------------------------------------------------

    def _samples(self, what: str) -> int:
        """m, for a per-sample gradient; an ArgumentError for a batch gradient."""
        if not self.per_sample:
            raise ArgumentError(f"{what}() reduces per-sample gradients over the samples, but "
                                f"these are already a batch gradient (dW^1 of shape "
                                f"{self.dW[1].shape}, no sample axis)")
        m = int(self.dW[1].shape[0])
        if m == 0:
            raise ShapeError(f"{what}() over the samples needs at least one, but dW^1 has "
                             f"shape {self.dW[1].shape}")
        return m

    def _check_shapes(self) -> None:
        """ShapeError naming both shapes if the arrays cannot be one network's gradients."""
        if sorted(self.db) != sorted(self.dW):
            raise ShapeError(f"dW and db must hold the same layers, but dW has layers "
                             f"{sorted(self.dW)} and db has {sorted(self.db)}")
        if self.delta and sorted(self.delta) != sorted(self.dW):
            raise ShapeError(f"delta must hold the layers of dW, {sorted(self.dW)}, but has "
                             f"{sorted(self.delta)}")
        first, rows = self.dW[1], self.layout == "rows"
        if first.ndim not in (2, 3):
            raise ShapeError(f"dW[1] (∂C/∂W^1) must be a matrix (n_1, n_0), or an array "
                             f"(m, n_1, n_0) of per-sample gradients, but got array of shape "
                             f"{first.shape}")
        lead = first.shape[:-2]  # (): a batch gradient; (m,): one gradient per sample
        d1 = self.delta.get(1, np.zeros((0, 0)))  # m from δ^1: (n_1, m) or, in rows, (m, n_1)
        samples = lead or ((d1.shape[0 if rows else -1],) if d1.ndim == 2 else (-1,))
        n_below: int | None = None
        for l, dW in self.dW.items():
            if dW.ndim != first.ndim or dW.shape[:-2] != lead:
                raise ShapeError(f"dW[{l}] (∂C/∂W^{l}) must have {first.ndim} axes like dW[1] "
                                 f"{first.shape} (a leading one of m samples per sample), but "
                                 f"got array of shape {dW.shape}")
            n_l, n_in = (dW.shape[-1], dW.shape[-2]) if rows else (dW.shape[-2], dW.shape[-1])
            if self.db[l].shape != (*lead, n_l):
                raise ShapeError(f"db[{l}] (∂C/∂b^{l}) must have shape {(*lead, n_l)}, one "
                                 f"entry per neuron of layer {l} as in dW[{l}] {dW.shape}, but "
                                 f"got array of shape {self.db[l].shape}")
            if n_below is not None and n_in != n_below:
                raise ShapeError(f"dW[{l}] of shape {dW.shape} takes n_{l - 1} = {n_in} "
                                 f"inputs, but dW[{l - 1}] of shape {self.dW[l - 1].shape} has "
                                 f"n_{l - 1} = {n_below} neurons ({self.layout} layout)")
            n_below = n_l
            if self.delta:
                expected = (*samples, n_l) if rows else (n_l, *samples)
                if self.delta[l].shape != expected:
                    where = "one sample per row" if rows else "one sample per column"
                    raise ShapeError(f"delta[{l}] (δ^{l}) must have shape {expected} ({where}, "
                                     f"n_{l} = {n_l} as in dW[{l}] {dW.shape}), but got "
                                     f"array of shape {self.delta[l].shape}")


def _by_layer(arrays: PerLayer, name: str, symbol: str) -> dict[int, Array]:
    """{l: array} for l = 1..L from a dict keyed by l or a list for layers 1, 2, ..."""
    if isinstance(arrays, Mapping):
        items = list(arrays.items())
    elif isinstance(arrays, Sequence) and not isinstance(arrays, (str, bytes)):
        items = list(enumerate(arrays, start=1))
    else:
        raise ArgumentTypeError(f"{name} must be a dict {{layer l: array}} or a list of arrays "
                                f"for layers 1, 2, ..., got {describe(arrays)}")
    layers = sorted(l for l, _ in items) if all(
        isinstance(l, (int, np.integer)) and not isinstance(l, bool) for l, _ in items) else None
    if not items or layers != list(range(1, len(items) + 1)):
        raise ArgumentError(f"{name} must hold the layers 1..L, numbered as in the book, but "
                            f"has keys {[l for l, _ in items]}")
    return {int(l): as_float_array(g, f"{name}[{l}] ({symbol}^{l})")
            for l, g in sorted(items, key=lambda item: item[0])}
