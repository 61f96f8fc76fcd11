"""Find what a chart draws by what it is (its legend label, its data, where it lies),
never by the order it was drawn in: a test then survives a reordering that a reader
would not see, and fails when what the reader sees changes."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text


def line(ax: Axes, label: str) -> Line2D:
    """The one line of ``ax`` whose legend label is ``label``."""
    found = [ln for ln in ax.get_lines() if ln.get_label() == label]
    named = [ln.get_label() for ln in ax.get_lines() if not str(ln.get_label()).startswith("_")]
    assert len(found) == 1, f"{len(found)} lines labelled {label!r}; the labels: {named}"
    return found[0]


def line_through(ax: Axes, x: Sequence[float], y: Sequence[float] | None = None) -> Line2D:
    """The one line of ``ax`` drawn through exactly the points ``x`` (and ``y``)."""
    def matches(ln: Line2D) -> bool:
        xs, ys = np.asarray(ln.get_xdata(), float), np.asarray(ln.get_ydata(), float)
        return (xs.shape == (len(x),) and np.allclose(xs, x)
                and (y is None or (ys.shape == (len(y),) and np.allclose(ys, y))))

    found = [ln for ln in ax.get_lines() if matches(ln)]
    assert len(found) == 1, f"{len(found)} lines through x = {list(x)}, y = {y}"
    return found[0]


def ys(ax: Axes) -> list[list[float]]:
    """The y data of every line of ``ax``, in any order one may compare as a sorted list."""
    return sorted(np.asarray(ln.get_ydata(), float).tolist() for ln in ax.get_lines())


def marked_points(ax: Axes) -> set[tuple[float, float]]:
    """The points marked on ``ax`` by a marker of their own (a line of one point)."""
    return {(float(ln.get_xdata()[0]), float(ln.get_ydata()[0]))
            for ln in ax.get_lines() if len(ln.get_xdata()) == 1}


def cell_under(ax: Axes, text: Text) -> Rectangle:
    """The cell (a rectangle of ``ax``) that holds ``text``."""
    x, y = text.get_position()
    found = [p for p in ax.patches if isinstance(p, Rectangle)
             and p.get_x() <= x <= p.get_x() + p.get_width()
             and p.get_y() <= y <= p.get_y() + p.get_height()]
    assert len(found) == 1, f"{len(found)} cells under {text.get_text()!r}"
    return found[0]
