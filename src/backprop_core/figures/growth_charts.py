"""How counts grow, on logarithmic axes: paths and multiplications against the depth of a
graph, bytes of the weight gradients against the batch size m.

Every line takes its colour, line style and marker from ``palette.series``, so lines stay
apart without colour.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from numpy.typing import ArrayLike

from backprop_core.errors import (
    ArgumentTypeError,
    ShapeError,
    check_text,
    describe,
)
from backprop_core.figures import palette
from backprop_core.figures.drawn import drawn


def _same_length(x: np.ndarray, name: str, values: ArrayLike, axis: str) -> np.ndarray:
    """``values`` of the series ``name``: one finite number > 0 (a log axis) per x."""
    ys = drawn(values, f"the series {name!r}", positive=True)
    if ys.shape != x.shape:
        raise ShapeError(f"the series {name!r} has shape {ys.shape}, but {axis} (its x axis) "
                         f"has shape {x.shape}")
    return ys


def _series(series: object, name: str) -> Mapping[str, Any]:
    """A dict of at least one named series."""
    if not isinstance(series, Mapping) or not series:
        raise ArgumentTypeError(f"{name} must be a dict {{label: values}} of at least one "
                                f"series, got {describe(series)}")
    return series


def plot_counts(x: Sequence[float], counts: Mapping[str, ArrayLike], *, xlabel: str,
                title: str, ylabel: str = "count (log scale)",
                figsize: tuple[float, float] = (7.5, 4.2)) -> Figure:
    """One line per entry of ``counts`` (its label: its values at each ``x``), on a log y
    axis: the number of paths through L diamonds doubles with every level (a straight
    line), the number of edges or nodes grows by a constant (a curve that flattens)."""
    xs = drawn(x, "x", ndim=1)
    checked = {label: _same_length(xs, label, values, "x")
               for label, values in _series(counts, "counts").items()}
    check_text(xlabel, "xlabel")
    check_text(ylabel, "ylabel")
    check_text(title, "title")
    fig, ax = plt.subplots(figsize=figsize)
    for i, (label, values) in enumerate(checked.items()):
        colour, line, marker = palette.series(i)
        ax.semilogy(xs, values, ls=line, marker=marker,
                    color=colour, lw=2, ms=5, label=label)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # depths are whole numbers
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(True, which="major", color=palette.GRID)
    ax.legend(loc="upper left")
    fig.tight_layout()
    return fig


def plot_bytes(batch_sizes: Sequence[float],
               series: Mapping[str, tuple[ArrayLike, Sequence[float], ArrayLike]], *,
               title: str, levels: Mapping[float, str] | None = None) -> Figure:
    """Bytes against the batch size m, log-log: per entry ``label: (counted, measured_m,
    measured)`` a line of the bytes counted at every m in ``batch_sizes`` and markers at
    the bytes measured at ``measured_m``; dotted lines mark ``levels`` (1 MB, 1 GB)."""
    levels = {1e9: "1 GB", 1e6: "1 MB"} if levels is None else levels
    sizes = drawn(batch_sizes, "batch_sizes", ndim=1, positive=True)
    lines = {}
    for label, entry in _series(series, "series").items():
        if isinstance(entry, (str, bytes)) or not isinstance(entry, Sequence) or len(entry) != 3:
            raise ArgumentTypeError(f"series[{label!r}] must be (counted, measured_m, "
                                    f"measured), got {describe(entry)}")
        counted, measured_m, measured = entry
        at = drawn(measured_m, f"the batch sizes measured for {label!r}", ndim=1,
                   positive=True)
        lines[label] = (_same_length(sizes, label, counted, "batch_sizes"), at,
                        _same_length(at, f"{label} (measured)", measured, "measured_m"))
    check_text(title, "title")
    fig, ax = plt.subplots(figsize=(7.8, 4.6))
    for i, (label, (counted, measured_m, measured)) in enumerate(lines.items()):
        colour, _, marker = palette.series(i)
        ax.loglog(sizes, counted, "-", color=colour, lw=2.2, label=f"{label} (counted)")
        ax.loglog(measured_m, measured, marker, color=colour, ms=7,
                  label=f"{label} (measured)")
    for level, text in levels.items():
        ax.axhline(level, color=palette.REFERENCE, lw=0.8, ls=":")
        ax.text(sizes[-1], level * 1.25, text, fontsize=10, color=palette.EDGE,
                ha="right")
    ax.set_xlabel("batch size m (log scale)", fontsize=12)
    ax.set_ylabel("bytes of the weight gradients (log scale)", fontsize=12)
    ax.set_title(title, fontsize=13)
    ax.tick_params(labelsize=11)
    ax.grid(True, which="major", color=palette.GRID)
    ax.legend(loc="upper left", fontsize=10)
    fig.tight_layout()
    return fig
