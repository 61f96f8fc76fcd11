"""matrix_grid.py: grids of cells with their entries, lit cells and samples, and equations."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.patches import Rectangle

from backprop_core.errors import ArgumentError
from backprop_core.figures import palette
from backprop_core.figures.matrix_grid import (
    Grid,
    draw_equation,
    draw_grid,
    frame,
    sample_legend,
)


def _cells(ax: Axes) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def test_draw_grid_writes_entries_and_lights_cells() -> None:
    fig, ax = plt.subplots()
    right = draw_grid(ax, 4, 3, x=1.0, width=0.5, text=lambda r, c: f"w{r}{c}",
                      lit={(2, 1), (2, 2), (2, 3)}, name="W", shape="4 × 3")
    assert right == pytest.approx(2.5)
    cells = _cells(ax)
    assert len(cells) == 12
    lit = [p for p in cells if to_hex(p.get_edgecolor()) == palette.HIGHLIGHT.lower()]
    assert len(lit) == 3
    assert {to_hex(p.get_facecolor()) for p in lit} == {palette.HIGHLIGHT_FILL.lower()}
    # row 2 (counted from 1, top down) lies between y = -1 and y = -0.5
    assert [p.get_y() for p in lit] == pytest.approx([-1.0] * 3)
    texts = [t.get_text() for t in ax.texts]
    assert texts[:3] == ["w11", "w12", "w13"] and texts[-2:] == ["W", "4 × 3"]


def test_draw_grid_rejects_cells_outside_and_empty_grids() -> None:
    fig, ax = plt.subplots()
    with pytest.raises(ArgumentError, match=r"\[\(5, 1\)\] lie outside the grid of rows × "
                                            r"cols = 4 × 3"):
        draw_grid(ax, 4, 3, lit={(5, 1)})
    with pytest.raises(ArgumentError, match=r"^cols must be an integer >= 1, got 0$"):
        draw_grid(ax, 2, 0)


def test_grid_colours_cells_by_sample() -> None:
    assert Grid(2, 3, samples="cols").fill(1, 3) == palette.sample(2)
    assert Grid(3, 2, samples="rows").fill(3, 1) == palette.sample(2)
    assert Grid(2, 2, samples=4).fill(1, 1) == palette.sample(4)
    assert Grid(2, 2).fill(1, 1) == palette.EMPTY_FILL


def test_draw_equation_places_grids_and_operators_left_to_right() -> None:
    fig, ax = plt.subplots()
    end = draw_equation(ax, 0.0, [Grid(3, 4, "W"), "·", Grid(4, 5, "A", samples="cols")],
                        cell=0.5, gap=0.25)
    assert end == pytest.approx(4 * 0.5 + 2 * 0.25 + 5 * 0.5)
    cells = _cells(ax)
    assert len(cells) == 12 + 20
    # each grid is centred on y = 0; A's cells lie right of W and the operator
    a_cells = [p for p in cells if p.get_x() >= 4 * 0.5 + 2 * 0.25 - 1e-9]
    assert len(a_cells) == 20
    assert min(p.get_y() for p in a_cells) == pytest.approx(-1.0)
    assert {to_hex(p.get_facecolor()) for p in a_cells} == {
        palette.sample(i).lower() for i in range(5)}
    assert "·" in [t.get_text() for t in ax.texts]


def test_sample_legend_has_one_entry_per_sample_and_frame_hides_axes() -> None:
    fig, ax = plt.subplots()
    sample_legend(fig, 3)
    legend = fig.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == ["sample 1", "sample 2", "sample 3"]
    frame(ax, (0, 2), (-1, 1))
    assert not ax.axison and ax.get_xlim() == (0, 2)
