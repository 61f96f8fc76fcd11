"""Error signals as bars: δ^l_j for every neuron j of every layer l, one panel per layer,
blue below zero and vermillion above (``palette.NEGATIVE``, ``palette.POSITIVE``)."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    ShapeError,
    check_rate,
    describe,
)
from backprop_core.figures import palette
from backprop_core.figures.drawn import drawn

MIN_INCHES, MAX_INCHES = 1.5, 40.0  # room for the labels; no larger than a page


def _inches(value: object, name: str) -> float:
    inches = check_rate(value, name)
    if not MIN_INCHES <= inches <= MAX_INCHES:
        raise ArgumentError(f"{name} must be from {MIN_INCHES:g} to {MAX_INCHES:g} inches, "
                            f"got {inches:g}")
    return inches


def plot_delta_bars(deltas: Mapping[int, ArrayLike], *, width: float = 6.5,
                    panel_height: float = 2.4) -> Figure:
    """One bar chart per layer l (keys of ``deltas``, top to bottom): bar j is δ^l_j of one
    sample, and each panel's title gives the largest |δ^l_j|. ``deltas[l]`` is a vector or
    an n_l × 1 column."""
    if not isinstance(deltas, Mapping) or not deltas:
        raise ArgumentTypeError(f"deltas must be a dict {{layer l: δ^l}} of at least one "
                                f"layer, got {describe(deltas)}")
    checked = {layer: drawn(values, f"δ^{layer}") for layer, values in deltas.items()}
    width = _inches(width, "width")
    panel_height = _inches(panel_height, "panel_height")
    fig, axes = plt.subplots(len(deltas), 1, figsize=(width, panel_height * len(deltas)))
    for ax, (layer, d) in zip(np.atleast_1d(axes), checked.items(), strict=True):
        if d.ndim == 2 and d.shape[1] == 1:
            d = d[:, 0]
        if d.ndim != 1:
            raise ShapeError(f"δ^{layer} must be a vector or an n × 1 column, got shape "
                             f"{np.shape(deltas[layer])}")
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
