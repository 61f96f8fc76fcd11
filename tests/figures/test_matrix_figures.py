"""matrix_figures.py: the matrix pictures light the right cells and stay legible."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from backprop_core.errors import ArgumentError, ShapeError
from backprop_core.figures import palette
from backprop_core.figures.legibility import MIN_TEXT_PX, rendered_px, smallest_font_pt
from backprop_core.figures.matrix_figures import (
    batch_layer,
    incoming_weights,
    outer_product,
    outgoing_weights,
    per_sample_tensor,
)
from support.plots import cell_under


def _legible(fig: Figure) -> float:
    fig.canvas.draw()
    smallest = smallest_font_pt(fig)
    assert smallest is not None
    return rendered_px(smallest, float(fig.get_figwidth()))


def _lit(ax: Axes) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)
            and to_hex(p.get_edgecolor()) == palette.HIGHLIGHT.lower()]


def test_incoming_weights_lights_row_j_of_w() -> None:
    fig = incoming_weights([3, 4, 2], layer=1, neuron=2)
    net, grid = fig.axes
    assert net.get_title() == "connections into neuron 2 of layer 1"
    cells = [p for p in grid.patches if isinstance(p, Rectangle)]
    assert len(cells) == 4 * 3
    lit = _lit(grid)
    assert len(lit) == 3 and {p.get_y() for p in lit} == {-2.0}  # row 2, from the top
    texts = [t.get_text() for t in grid.texts]
    assert "$w^{1}_{23}$" in texts and r"$\mathbf{W}^{1}$ is $4 \times 3$" in texts[-1]


def test_outgoing_weights_lights_a_column_and_the_transposed_row() -> None:
    fig = outgoing_weights([3, 4, 2], layer=1, neuron=3)
    net, w, wt = fig.axes
    assert net.get_title().count(r"\delta^{2}") == 2  # one term per neuron of layer 2
    assert {p.get_x() for p in _lit(w)} == {2.0} and len(_lit(w)) == 2  # column 3
    assert {p.get_y() for p in _lit(wt)} == {-3.0} and len(_lit(wt)) == 2  # row 3
    with pytest.raises(ArgumentError, match="layer must be 1..1"):
        outgoing_weights([3, 4, 2], layer=2, neuron=1)
    with pytest.raises(ArgumentError, match=r"^neuron must be 1..4 in layer 1 \(sizes "
                                            r"\[3, 4, 2\]\), got 5$"):
        incoming_weights([3, 4, 2], layer=1, neuron=5)


def test_outer_product_writes_and_shades_every_entry() -> None:
    delta, a = np.array([-0.5, 0.25]), np.array([[0.2], [0.4], [0.8]])
    fig = outer_product(delta, a, layer=3)
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert "-0.4000" in texts and "0.0500" in texts  # δ_1 a_3 and δ_2 a_1
    # each entry δ_j a_k sits in a cell shaded by its sign and size
    entries = {float(t.get_text()): cell_under(ax, t).get_facecolor() for t in ax.texts
               if t.get_text() in {f"{v:.4f}" for v in np.outer(delta, a[:, 0]).ravel()}}
    assert len(entries) == 6
    assert all(c[2] > c[0] for v, c in entries.items() if v < 0)  # δ_1 < 0: blue
    assert all(c[0] > c[2] for v, c in entries.items() if v > 0)  # δ_2 > 0: vermillion
    assert entries[-0.4] == pytest.approx(palette.SIGNED_CMAP(0.0))  # the largest |entry|
    assert any(r"\delta^{3}(\mathbf{a}^{2})" in t for t in texts)
    assert _legible(fig) >= MIN_TEXT_PX


def test_outer_product_names_both_shapes_when_they_are_not_vectors() -> None:
    with pytest.raises(ShapeError, match=r"^delta \(δ\^l\) must be a vector \(or an n × 1 "
                                         r"column\), got array of shape \(2, 2\)$"):
        outer_product(np.ones((2, 2)), np.ones(3), layer=2)


def test_batch_layer_colours_samples_and_is_legible_when_scaled() -> None:
    fig = batch_layer(n_in=4, n_out=3, m=5)
    ax = fig.axes[0]
    cells = [p for p in ax.patches if isinstance(p, Rectangle)]
    # forward 12 + 20 + 3 + 15, error 12 + 15 + 20, weight gradient 15 + 20 + 12
    assert len(cells) == 144
    sampled = {to_hex(p.get_facecolor()) for p in cells} - {palette.EMPTY_FILL.lower()}
    assert sampled == {palette.sample(i).lower() for i in range(5)}
    assert len(fig.legends[0].get_texts()) == 5
    assert _legible(fig) >= MIN_TEXT_PX


def test_per_sample_tensor_stacks_one_slice_per_sample() -> None:
    fig = per_sample_tensor(n_in=4, n_out=3, m=5)
    cells = [p for p in fig.axes[0].patches if isinstance(p, Rectangle)]
    assert len(cells) == 5 * 12 + 12 + 15 + 20 + 12
    assert _legible(fig) >= MIN_TEXT_PX
    with pytest.raises(ArgumentError, match=r"^m must be an integer >= 1, got 0$"):
        per_sample_tensor(n_in=4, n_out=3, m=0)
    with pytest.raises(ArgumentError, match=r"^m must be an integer <= 12, got 13$"):
        per_sample_tensor(n_in=4, n_out=3, m=13)
