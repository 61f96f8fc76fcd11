"""What a backward pass costs, drawn: the signal of a recurrent network through time, the
memory reverse mode keeps against depth and batch size, and the trade of checkpointing.

Counted values are lines, measured ones markers (they should sit on the lines); every line
also has its own style and marker (``palette.series``), so no chart relies on colour alone.
The charts are ``charts.WIDTH`` inches wide with no text below ``charts.SMALL`` points.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from backprop_core.errors import ShapeError
from backprop_core.figures import palette
from backprop_core.figures.charts import SMALL, WIDTH

MB = 1e6

Series = tuple[Sequence[float], ArrayLike]  # (x values, y values)


def _points(name: str, xs: Sequence[float], ys: ArrayLike) -> np.ndarray:
    arr = np.asarray(ys, dtype=float)
    if arr.shape != (len(xs),):
        raise ShapeError(f"'{name}' has {arr.shape} values for {len(xs)} x values")
    return arr


def _style(ax: Axes, xlabel: str, ylabel: str, title: str) -> None:
    ax.set_xlabel(xlabel, fontsize=10)
    ax.set_ylabel(ylabel, fontsize=10)
    ax.set_title(title, fontsize=11)
    ax.tick_params(labelsize=SMALL)
    ax.grid(True, which="major", alpha=palette.GRID_ALPHA)


def plot_through_time(norms: Mapping[str, ArrayLike]) -> Figure:
    """‖h̄_t‖ / ‖h̄_T‖ against the step t, one line per label (a recurrent layer's gain), on
    a log scale: how much of the last step's gradient reaches each earlier state."""
    fig, ax = plt.subplots(figsize=(WIDTH, 3.3))
    for i, (label, values) in enumerate(norms.items()):
        v = np.asarray(values, dtype=float)
        colour, line, marker = palette.series(i)
        ax.semilogy(np.arange(v.size), v / v[-1], color=colour, ls=line, marker=marker, ms=4,
                    markevery=max(1, v.size // 8), lw=2, label=label)
    ax.axhline(1.0, color=palette.EDGE, lw=0.8)
    _style(ax, "state h_t, step t (the loss reads the last state)",
           "‖∂C/∂h_t‖ / ‖∂C/∂h_T‖", "The gradient through time, backwards from the last step")
    ax.legend(fontsize=SMALL, loc="best")
    fig.tight_layout()
    return fig


def plot_stored_memory(by_depth: Mapping[str, Series], by_batch: Mapping[str, Series], *,
                       depth_label: str, batch_label: str) -> Figure:
    """Two panels of megabytes: against the depth (a fixed batch) and against the batch size
    (a fixed network). Each panel's series are ``{label: (x, bytes)}``; a label that starts
    with "measured" is drawn as markers, any other as a line."""
    fig, axes = plt.subplots(1, 2, figsize=(WIDTH, 3.4))
    for ax, series, xlabel, title in ((axes[0], by_depth, "layers L", depth_label),
                                      (axes[1], by_batch, "batch size m", batch_label)):
        for i, (label, (xs, ys)) in enumerate(series.items()):
            values = _points(label, xs, ys) / MB
            colour, line, marker = palette.series(i)
            if label.startswith("measured"):
                ax.plot(xs, values, marker, color=colour, ms=7, mfc="none", mew=1.8,
                        label=label)
            else:
                ax.plot(xs, values, color=colour, ls=line, lw=2, label=label)
        _style(ax, xlabel, "MB", title)
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=SMALL, loc="lower right")  # the lines rise to the upper right
    fig.tight_layout()
    return fig


def plot_checkpointing(ks: Sequence[int], counted: ArrayLike, measured: Series,
                       evaluations: ArrayLike, L: int) -> Figure:
    """Checkpoints every k layers: left, the activations held at most (counted, a line; the
    peak measured during the whole gradient, markers) in MB; right, the layer evaluations
    (the forward pass's L plus the recomputed ones). k = 1, √L and L are marked."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(WIDTH, 3.4), sharex=True)
    c = _points("counted", ks, counted) / MB
    left.plot(ks, c, color=palette.series(0)[0], lw=2, label="activations held (counted)")
    mx, my = measured
    left.plot(mx, _points("measured", mx, my) / MB, palette.series(1)[2],
              color=palette.series(1)[0], ms=7, mfc="none", mew=1.8,
              label="peak of the whole gradient (measured)")
    e = _points("evaluations", ks, evaluations)
    right.plot(ks, e, color=palette.series(2)[0], ls=palette.series(2)[1], lw=2,
               marker=palette.series(2)[2], ms=4)
    right.axhline(L, color=palette.REFERENCE, lw=0.8, ls=":")
    right.text(ks[-1], L * 0.96, f"one forward pass: {L}", ha="right", va="top",
               fontsize=SMALL, color=palette.EDGE)
    root = round(L ** 0.5)
    for ax in (left, right):  # k = 1 is the left end of the axis; √L and L are marked
        for k, text in ((root, f"√L = {root}"), (L, f"L = {L}")):
            ax.axvline(k, color=palette.REFERENCE, lw=0.8, ls="--")
            ax.text(k, 1.01, text, transform=ax.get_xaxis_transform(), ha="center",
                    va="bottom", fontsize=SMALL, color=palette.EDGE)
    _style(left, "checkpoints every k layers", "MB", "")
    _style(right, "checkpoints every k layers", "layer evaluations", "")
    left.set_ylim(bottom=0)
    right.set_ylim(0, max(float(e.max()), L) * 1.15)
    handles, labels = left.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, fontsize=SMALL, frameon=False)
    fig.tight_layout(rect=(0, 0.09, 1, 1))
    return fig


def plot_modes_memory(depths: Sequence[int], reverse: ArrayLike, forward: ArrayLike) -> Figure:
    """The peak memory of one gradient by backprop against one forward-mode pass (a JVP),
    measured, against the depth: the first grows with L, the second does not."""
    fig, ax = plt.subplots(figsize=(WIDTH, 3.2))
    for i, (label, ys) in enumerate((("backprop: one gradient (reverse mode)", reverse),
                                     ("one JVP (forward mode)", forward))):
        colour, line, marker = palette.series(i)
        ax.plot(depths, _points(label, depths, ys) / MB, color=colour, ls=line,
                marker=marker, ms=6, lw=2, label=label)
    _style(ax, "layers L", "peak MB (measured)", "Memory of one pass against depth")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=SMALL, loc="upper left")
    fig.tight_layout()
    return fig
