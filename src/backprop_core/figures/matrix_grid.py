"""A matrix drawn as a grid of cells, and equations of such grids (``W^l · A^{l-1} + b^l =
Z^l`` as pictures).

Cell (r, c) of a grid is entry (r, c) of the matrix, counted from 1 as in ``w^l_{jk}``
(row j, column k); its name (``W^l``) goes above the grid and its shape (``n_l × n_{l-1}``)
below. A grid can write its entries, light some cells (``HIGHLIGHT``, as ``draw_network``
lights the matching weights), or colour its cells by sample (column i of ``A^{l-1}`` is
sample x_(i), in ``palette.sample(i - 1)``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    check_count,
    check_instance,
    check_integer,
    check_interval,
    check_rate,
    describe,
)
from backprop_core.figures import palette
from backprop_core.figures.drawn import drawn_number

Colour = str | tuple[float, float, float, float]
Entry = Callable[[int, int], str]


@dataclass(frozen=True)
class Grid:
    """A ``rows × cols`` matrix in an equation: ``name`` above it, ``shape`` below it.

    ``samples`` colours its cells by sample: ``"cols"`` (column i is sample i, as in
    ``A^{l-1}``), ``"rows"`` (row i is sample i, as in ``(A^{l-1})ᵀ``), an int (every cell
    belongs to that sample, 0-based) or ``None`` (grey: numbers of no one sample)."""

    rows: int
    cols: int
    name: str | None = None
    shape: str | None = None
    samples: str | int | None = None

    def fill(self, r: int, c: int) -> str:
        """The colour of cell (r, c), counted from 1."""
        if self.samples is None:
            return palette.EMPTY_FILL
        if isinstance(self.samples, int):
            return palette.sample(self.samples)
        return palette.sample((c if self.samples == "cols" else r) - 1)


MAX_SIDE = 100  # cells along one side of a grid: a picture, not a spreadsheet


def _check_size(rows: int, cols: int, owner: str = "") -> tuple[int, int]:
    return (check_count(rows, f"{owner}rows", maximum=MAX_SIDE),
            check_count(cols, f"{owner}cols", maximum=MAX_SIDE))


def _cell_side(value: object, name: str) -> float:
    """The side of a cell, in data units: > 0 and at most MAX_SIDE."""
    side = check_rate(value, name)
    if side > MAX_SIDE:
        raise ArgumentError(f"{name} must be at most {MAX_SIDE} (data units), got {side:g}")
    return side


def _cells(lit: object, rows: int, cols: int) -> set[tuple[int, int]]:
    """The lit cells as (row, column) pairs counted from 1, each inside the grid."""
    if isinstance(lit, (str, bytes)) or not isinstance(lit, Collection):
        raise ArgumentTypeError(f"lit must be a collection of (row, column) pairs, got "
                                f"{describe(lit)}")
    cells = set()
    for cell in lit:
        if isinstance(cell, (str, bytes)) or not isinstance(cell, Sequence) or len(cell) != 2:
            raise ArgumentTypeError(f"lit must hold (row, column) pairs, got {describe(cell)}")
        cells.add((check_integer(cell[0], "a row of lit"),
                   check_integer(cell[1], "a column of lit")))
    outside = sorted(cell for cell in cells if not (1 <= cell[0] <= rows
                                                   and 1 <= cell[1] <= cols))
    if outside:
        raise ArgumentError(f"lit cells {outside} lie outside the grid of rows × cols = "
                            f"{rows} × {cols} (cells are counted from (1, 1))")
    return cells


def draw_grid(ax: Axes, rows: int, cols: int, *, x: float = 0.0, top: float = 0.0,
              width: float = 1.0, height: float | None = None, text: Entry | None = None,
              fill: Colour | Callable[[int, int], Colour] = palette.PAPER,
              lit: Collection[tuple[int, int]] = (), name: str | None = None,
              shape: str | None = None, fontsize: float = 14, name_gap: float = 0.12) -> float:
    """Draw a ``rows × cols`` grid with its top-left corner at (``x``, ``top``), cells
    ``width × height`` (square by default); return the x of its right edge.

    ``text(r, c)`` writes entry (r, c) (counted from 1) in its cell, ``fill`` is one colour
    or ``fill(r, c)``; the cells in ``lit`` get a light HIGHLIGHT fill and a thick outline.
    """
    check_instance(ax, Axes, "ax")
    rows, cols = _check_size(rows, cols)
    lit = _cells(lit, rows, cols)
    x, top = drawn_number(x, "x"), drawn_number(top, "top")
    width = _cell_side(width, "width")
    h = width if height is None else _cell_side(height, "height")
    for r in range(1, rows + 1):
        for c in range(1, cols + 1):
            on = (r, c) in lit
            colour = fill(r, c) if callable(fill) else fill
            ax.add_patch(Rectangle(
                (x + (c - 1) * width, top - r * h), width, h,
                fc=palette.HIGHLIGHT_FILL if on else colour,
                ec=palette.HIGHLIGHT if on else palette.OUTLINE, lw=2.4 if on else 0.8,
                zorder=2 if on else 1))
            if text is not None:
                ax.text(x + (c - 0.5) * width, top - (r - 0.5) * h, text(r, c),
                        ha="center", va="center", fontsize=fontsize, color=palette.INK)
    middle = x + cols * width / 2
    if name:
        ax.text(middle, top + name_gap, name, ha="center", va="bottom", fontsize=13,
                color=palette.INK)
    if shape:
        ax.text(middle, top - rows * h - 0.12, shape, ha="center", va="top", fontsize=12,
                color=palette.OUTLINE)
    return x + cols * width


def draw_equation(ax: Axes, y_mid: float, items: Iterable[Grid | str], *, x: float = 0.0,
                  cell: float = 0.42, gap: float = 0.35, offset: tuple[float, float] = (0, 0)
                  ) -> float:
    """Draw ``items`` left to right from ``x``, centred on ``y_mid``: each ``Grid`` as a
    grid of ``cell``-sized squares, each string (``·``, ``+``, ``=``) as an operator;
    return the x where the equation ends."""
    check_instance(ax, Axes, "ax")
    if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
        raise ArgumentTypeError(f"items must be a list of Grids and operators (str), got "
                                f"{describe(items)}")
    items = list(items)
    for i, item in enumerate(items):
        if not isinstance(item, (Grid, str)):
            raise ArgumentTypeError(f"items[{i}] must be a Grid or an operator (str), got "
                                    f"{describe(item)}")
    for i, item in enumerate(items):
        if isinstance(item, Grid):
            _check_size(item.rows, item.cols, f"items[{i}].")
    y_mid, x = drawn_number(y_mid, "y_mid"), drawn_number(x, "x")
    cell, gap = _cell_side(cell, "cell"), _cell_side(gap, "gap")
    for item in items:
        if isinstance(item, str):
            ax.text(x + gap, y_mid, item, ha="center", va="center", fontsize=16,
                    color=palette.INK)
            x += 2 * gap
        else:
            x = draw_grid(ax, item.rows, item.cols, x=x + offset[0],
                          top=y_mid + item.rows * cell / 2 + offset[1], width=cell,
                          fill=item.fill, name=item.name, shape=item.shape)
    return x


def sample_legend(fig: Figure, count: int) -> None:
    """A legend under the figure: one square per sample x_(1) .. x_(count)."""
    check_instance(fig, Figure, "fig")
    count = check_count(count, "count", maximum=len(palette.SAMPLES) * 4)
    handles = [Patch(fc=palette.sample(i), ec=palette.OUTLINE, label=f"sample {i + 1}")
               for i in range(count)]
    fig.legend(handles=handles, loc="lower center", ncol=count, frameon=False, fontsize=12)


def frame(ax: Axes, xlim: Sequence[float], ylim: Sequence[float]) -> None:
    """Show ``xlim × ylim`` of a drawing of grids at equal scale, without axes."""
    check_instance(ax, Axes, "ax")
    xlim, ylim = check_interval(xlim, "xlim"), check_interval(ylim, "ylim")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
