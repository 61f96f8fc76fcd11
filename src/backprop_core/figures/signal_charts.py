"""Error signals as bars: δ^l_j for every neuron j of every layer l, one panel per layer,
blue below zero and vermillion above (``palette.NEGATIVE``, ``palette.POSITIVE``)."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from backprop_core.errors import ArgumentError, ShapeError
from backprop_core.figures import palette


def plot_delta_bars(deltas: Mapping[int, ArrayLike], *, width: float = 6.5,
                    panel_height: float = 2.4) -> Figure:
    """One bar chart per layer l (keys of ``deltas``, top to bottom): bar j is δ^l_j of one
    sample, and each panel's title gives the largest |δ^l_j|. ``deltas[l]`` is a vector or
    an n_l × 1 column."""
    if not deltas:
        raise ArgumentError("plot_delta_bars needs the error signals of at least one layer")
    fig, axes = plt.subplots(len(deltas), 1, figsize=(width, panel_height * len(deltas)))
    for ax, (layer, values) in zip(np.atleast_1d(axes), deltas.items(), strict=True):
        d = np.asarray(values, dtype=float)
        if d.ndim == 2 and d.shape[1] == 1:
            d = d[:, 0]
        if d.ndim != 1 or d.size == 0:
            raise ShapeError(f"δ^{layer} must be a vector or an n × 1 column, got shape "
                             f"{np.shape(values)}")
        neurons = np.arange(1, d.size + 1)
        ax.bar(neurons, d, color=np.where(d < 0, palette.NEGATIVE, palette.POSITIVE))
        ax.axhline(0, color=palette.OUTLINE, lw=0.8)
        ax.set_xticks(neurons)
        ax.set_xlabel(f"neuron j of layer {layer}")
        ax.set_ylabel(r"$\delta$")
        ax.set_title(rf"$\delta^{{{layer}}}_j$, largest $|\delta|$ = {np.abs(d).max():.3g}")
        ax.grid(True, axis="y", alpha=palette.GRID_ALPHA)
    fig.tight_layout()
    return fig
