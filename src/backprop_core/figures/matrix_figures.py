"""The matrix pictures of the chapters on the matrix form and on batching, drawn with
``matrix_grid``: which weights a neuron's row or column of ``W^l`` holds, the outer
product ``δ^l (a^{l-1})ᵀ``, a layer's three products for a batch of m samples, and the
per-sample tensor ``G^l`` against one product.

A figure wider than the site's column (10 in) is scaled down by the site: its smallest
text is 12 pt, at least ``legibility.MIN_PT_PER_INCH`` per inch of width, so it renders at
``legibility.MIN_TEXT_PX`` CSS px or more.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch
from numpy.typing import ArrayLike

from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    ShapeError,
    check_array,
    check_count,
    check_integer,
    check_result,
    describe,
)
from backprop_core.figures import palette
from backprop_core.figures.drawings import draw_network
from backprop_core.figures.matrix_grid import (
    Entry,
    Grid,
    draw_equation,
    draw_grid,
    frame,
    sample_legend,
)

CELL = 0.42  # side of a cell in the batch pictures, in data units


MAX_CELLS = 12  # cells a picture draws along one side


def _check_neuron(sizes: Sequence[int], layer: int, neuron: int, *, below: int) -> list[int]:
    """The sizes as counts (at most MAX_CELLS, as many as a picture can draw), after
    checking that neuron ``neuron`` of layer ``layer`` is one of them."""
    if isinstance(sizes, str) or not isinstance(sizes, Sequence) or len(sizes) < 2:
        raise ArgumentTypeError(f"sizes must be a list [n_0, ..., n_L] of at least two layer "
                                f"sizes, got {describe(sizes)}")
    sizes = [check_count(n, f"sizes[{i}]", maximum=MAX_CELLS) for i, n in enumerate(sizes)]
    last = len(sizes) - 1 - below  # the last layer a neuron may be picked from
    layer = check_integer(layer, "layer")
    if not 1 <= layer <= last:
        raise ArgumentError(f"layer must be 1..{last} for sizes {list(sizes)}, got {layer}")
    neuron = check_integer(neuron, "neuron")
    if not 1 <= neuron <= sizes[layer]:
        raise ArgumentError(f"neuron must be 1..{sizes[layer]} in layer {layer} (sizes "
                            f"{sizes}), got {neuron}")
    return sizes


def _weights(ax: Axes, rows: int, cols: int, entry: Entry, title: str,
             lit: set[tuple[int, int]]) -> None:
    draw_grid(ax, rows, cols, text=entry, lit=lit, name=title, name_gap=0.25)
    frame(ax, (-0.2, cols + 0.2), (-rows - 0.2, 1.0))


def incoming_weights(sizes: Sequence[int], layer: int, neuron: int) -> Figure:
    """The network with the weights w^l_{jk} into neuron j of layer l lit, beside the grid
    of ``W^l`` (n_l × n_{l-1}) with row j lit: row j of W^l holds them."""
    sizes = _check_neuron(sizes, layer, neuron, below=0)
    rows, cols = sizes[layer], sizes[layer - 1]
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.3), gridspec_kw={"width_ratios": [1.5, 1]})
    draw_network(sizes, highlight=[(layer, neuron, k) for k in range(1, cols + 1)],
                 ax=axes[0], title=f"connections into neuron {neuron} of layer {layer}")
    _weights(axes[1], rows, cols, lambda j, k: f"$w^{{{layer}}}_{{{j}{k}}}$",
             rf"$\mathbf{{W}}^{{{layer}}}$ is ${rows} \times {cols}$: they fill row {neuron}",
             {(neuron, k) for k in range(1, cols + 1)})
    fig.tight_layout()
    return fig


def outgoing_weights(sizes: Sequence[int], layer: int, neuron: int) -> Figure:
    """The network with the weights w^{l+1}_{qk} out of neuron k of layer l lit, under
    δ^l_k = σ'(z^l_k) Σ_q w^{l+1}_{qk} δ^{l+1}_q; below, ``W^{l+1}`` with column k lit and
    ``(W^{l+1})ᵀ`` with row k lit: the backward pass reads W^{l+1} by columns."""
    sizes = _check_neuron(sizes, layer, neuron, below=1)
    nxt, n_next, n_here = layer + 1, sizes[layer + 1], sizes[layer]
    mosaic = plt.figure(figsize=(6.5, 7.4)).subplot_mosaic(
        [["net", "net"], ["W", "WT"]], height_ratios=[1.15, 1],
        gridspec_kw={"width_ratios": [1.15, 0.75]})
    fig = mosaic["net"].get_figure()
    assert isinstance(fig, Figure)
    terms = " + ".join(rf"w^{{{nxt}}}_{{{q}{neuron}}}\delta^{{{nxt}}}_{q}"
                       for q in range(1, n_next + 1))
    formula = rf"$\delta^{{{layer}}}_{neuron} = \sigma'(z^{{{layer}}}_{neuron})\,({terms})$"
    draw_network(sizes, highlight=[(nxt, q, neuron) for q in range(1, n_next + 1)],
                 ax=mosaic["net"],
                 title=f"connections out of neuron {neuron} of layer {layer}\n{formula}")
    _weights(mosaic["W"], n_next, n_here, lambda q, j: f"$w^{{{nxt}}}_{{{q}{j}}}$",
             rf"$\mathbf{{W}}^{{{nxt}}}$ is ${n_next} \times {n_here}$: column {neuron}",
             {(q, neuron) for q in range(1, n_next + 1)})
    _weights(mosaic["WT"], n_here, n_next, lambda j, q: f"$w^{{{nxt}}}_{{{q}{j}}}$",
             rf"$(\mathbf{{W}}^{{{nxt}}})^{{\mathsf{{T}}}}$: row {neuron}",
             {(neuron, q) for q in range(1, n_next + 1)})
    fig.tight_layout()
    return fig


def _vector(x: ArrayLike, name: str) -> np.ndarray:
    """A vector (or n × 1 column) of at most MAX_CELLS finite numbers, as a vector."""
    v = check_array(x, name)
    v = v[:, 0] if v.ndim == 2 and v.shape[1] == 1 else v
    if v.ndim != 1:
        raise ShapeError(f"{name} must be a vector (or an n × 1 column), got array of shape "
                         f"{np.shape(x)}")
    if v.size > MAX_CELLS:
        raise ShapeError(f"{name} has {v.size} entries, more than the {MAX_CELLS} cells the "
                         f"picture draws")
    if np.abs(v).max() >= 1e4:
        raise ArgumentError(f"{name} holds {np.abs(v).max():.3g}: the picture writes each "
                            f"number with three decimals in a cell, up to 9999.999")
    return v


def outer_product(delta: ArrayLike, a_prev: ArrayLike, layer: int) -> Figure:
    """∂C/∂W^l = δ^l (a^{l-1})ᵀ as a multiplication table: the row (a^{l-1})ᵀ above, the
    column δ^l on the left, entry (j, k) = δ^l_j a^{l-1}_k shaded by sign and size
    (``palette.SIGNED_CMAP``). ``delta`` and ``a_prev`` are vectors (or n × 1 columns)."""
    d, a = _vector(delta, "delta (δ^l)"), _vector(a_prev, "a_prev (a^(l-1))")
    layer = check_count(layer, "layer")
    with np.errstate(over="ignore"):  # reported below, in words
        product = np.outer(d, a)
    check_result(product, "the outer product δ^l (a^(l-1))ᵀ")
    top = float(np.abs(product).max())
    cw, rows, cols = 1.6, d.size, a.size  # cell width: room for a signed number
    fig, ax = plt.subplots(figsize=(9.5, 4.6))
    draw_grid(ax, 1, cols, top=1.25, width=cw, height=1.0, fill=palette.INPUT_FILL,
              text=lambda _, k: f"{a[k - 1]:.3f}", fontsize=13)
    draw_grid(ax, rows, 1, x=-cw - 0.25, width=cw, height=1.0, fill=palette.GRADIENT_FILL,
              text=lambda j, _: f"{d[j - 1]:.3f}", fontsize=13)
    draw_grid(ax, rows, cols, width=cw, height=1.0, fontsize=13,
              fill=lambda j, k: palette.signed(product[j - 1, k - 1], top),
              text=lambda j, k: f"{product[j - 1, k - 1]:.4f}")
    prev = layer - 1
    ax.text(cols * cw / 2, 1.45, rf"$(\mathbf{{a}}^{{{prev}}})^{{\mathsf{{T}}}}$, "
            rf"$1 \times {cols}$", ha="center", fontsize=13)
    ax.text(-cw / 2 - 0.25, 0.45, rf"$\delta^{{{layer}}}$" + "\n" + rf"${rows} \times 1$",
            ha="center", va="bottom", fontsize=13)
    ax.text(cols * cw / 2, -rows - 0.45,
            rf"$\partial C/\partial \mathbf{{W}}^{{{layer}}} = \delta^{{{layer}}}"
            rf"(\mathbf{{a}}^{{{prev}}})^{{\mathsf{{T}}}}$, ${rows} \times {cols}$: entry "
            rf"$(j, k)$ is $\delta^{{{layer}}}_j\, a^{{{prev}}}_k$",
            ha="center", va="top", fontsize=13)
    frame(ax, (-cw - 0.5, cols * cw + 0.2), (-rows - 1.1, 2.0))
    fig.tight_layout()
    return fig


def _check_batch(n_in: int, n_out: int, m: int) -> tuple[int, int, int]:
    """The three counts, each at most MAX_CELLS (cells to draw)."""
    return (check_count(n_in, "n_in", maximum=MAX_CELLS),
            check_count(n_out, "n_out", maximum=MAX_CELLS),
            check_count(m, "m", maximum=MAX_CELLS))


A_T = r"$(\mathbf{A}^{l-1})^{\mathsf{T}}$"
DELTA = r"$\boldsymbol{\Delta}^l$"


def batch_layer(n_in: int, n_out: int, m: int) -> Figure:
    """One layer's three products for a batch of m samples (one colour per sample):
    Z^l = W^l A^{l-1} + b^l, the error sent down (W^l)ᵀ Δ^l, and m · ∂J/∂W^l = Δ^l (A^{l-1})ᵀ,
    where the samples meet in the inner index and are summed."""
    n_in, n_out, m = _check_batch(n_in, n_out, m)
    rows: list[tuple[str, list[Grid | str], str]] = [
        ("forward", [Grid(n_out, n_in, r"$\mathbf{W}^l$", r"$n_l \times n_{l-1}$"), "·",
                     Grid(n_in, m, r"$\mathbf{A}^{l-1}$", r"$n_{l-1} \times m$", "cols"), "+",
                     Grid(n_out, 1, r"$\mathbf{b}^l$", r"$n_l \times 1$"), "=",
                     Grid(n_out, m, r"$\mathbf{Z}^l$", r"$n_l \times m$", "cols")],
         "$\\mathbf{b}^l$ is added\nto every column"),
        ("error\nsent down",
         [Grid(n_in, n_out, r"$(\mathbf{W}^l)^{\mathsf{T}}$", r"$n_{l-1} \times n_l$"), "·",
          Grid(n_out, m, DELTA, r"$n_l \times m$", "cols"), "=",
          Grid(n_in, m, r"$(\mathbf{W}^l)^{\mathsf{T}}\boldsymbol{\Delta}^l$",
               r"$n_{l-1} \times m$", "cols")],
         "then $\\odot\\,\\sigma'(\\mathbf{Z}^{l-1})$\ngives $\\boldsymbol{\\Delta}^{l-1}$"),
        ("weight\ngradient",
         [Grid(n_out, m, DELTA, r"$n_l \times m$", "cols"), "·",
          Grid(m, n_in, A_T, r"$m \times n_{l-1}$", "rows"), "=",
          Grid(n_out, n_in, r"$m \cdot \partial J / \partial \mathbf{W}^l$",
               r"$n_l \times n_{l-1}$")],
         "the samples meet\nin the inner index\nand are summed"),
    ]
    fig, ax = plt.subplots(figsize=(10, 6.6))
    right = 0.0
    for i, (title, items, note) in enumerate(rows):
        y = -i * 3.0
        ax.text(-0.3, y, title, ha="right", va="center", fontsize=12, fontweight="bold",
                color=palette.INK)
        end = draw_equation(ax, y, items, cell=CELL)
        ax.text(end + 0.35, y, note, ha="left", va="center", fontsize=12, color=palette.INK)
        right = max(right, end)
    frame(ax, (-3.4, right + 4.6), (-3.0 * (len(rows) - 1) - 1.9, 1.9))
    sample_legend(fig, m)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig


def per_sample_tensor(n_in: int, n_out: int, m: int) -> Figure:
    """Top: the m slices G^l[i] = δ^l_(i) (a^{l-1}_(i))ᵀ (m × n_l × n_{l-1} numbers) and
    their mean over i, ∂J/∂W^l; bottom: the same matrix as one product (1/m) Δ^l (A^{l-1})ᵀ,
    whose inner index runs over the samples."""
    n_in, n_out, m = _check_batch(n_in, n_out, m)
    fig, ax = plt.subplots(figsize=(10, 5.6))
    for i in reversed(range(m)):  # back to front
        draw_equation(ax, 0.0, [Grid(n_out, n_in, samples=i)], cell=CELL,
                      offset=(0.3 * i, 0.3 * i))
    ax.text(n_in * CELL / 2 + 0.6, n_out * CELL / 2 + 1.75,
            r"$G^l[i] = \boldsymbol{\delta}^l_{(i)} (\mathbf{a}^{l-1}_{(i)})^{\mathsf{T}}$"
            r" for $i = 1, \dots, m$", ha="center", va="bottom", fontsize=13)
    ax.text(n_in * CELL / 2 + 0.6, -n_out * CELL / 2 - 0.15,
            r"$m \times n_l \times n_{l-1}$ numbers", ha="center", va="top", fontsize=12,
            color=palette.OUTLINE)
    ax.add_patch(FancyArrowPatch((3.6, 0.3), (6.4, 0.3), arrowstyle="-|>",
                                 mutation_scale=18, color=palette.OUTLINE, lw=1.6))
    ax.text(5.0, 0.45, "mean over the\nsample axis $i$", ha="center", va="bottom",
            fontsize=12)
    mean = Grid(n_out, n_in, r"$\partial J / \partial \mathbf{W}^l$",
                r"$n_l \times n_{l-1}$ numbers")
    draw_equation(ax, 0.3, [mean], x=6.8, cell=CELL)
    y = -3.4
    product: list[Grid | str] = [
        r"$\frac{1}{m}$", Grid(n_out, m, DELTA, r"$n_l \times m$", "cols"), "·",
        Grid(m, n_in, A_T, r"$m \times n_{l-1}$", "rows"), "="]
    draw_equation(ax, y, product, x=-0.9, cell=CELL)
    draw_equation(ax, y, [mean], x=6.8, cell=CELL)
    for y_label, label in ((0.3, "per-sample\ntensor"), (y, "one\nproduct")):
        ax.text(-1.3, y_label, label, ha="right", va="center", fontsize=12,
                fontweight="bold")
    frame(ax, (-3.6, 9.6), (-5.3, 3.0))
    sample_legend(fig, m)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig
