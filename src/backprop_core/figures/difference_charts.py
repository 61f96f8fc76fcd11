"""Finite differences against their step h: the U-shaped error in float64 and float32, and
what a relu kink does to a gradient check (log-log charts, one line style per series)."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from backprop_core.figures import palette
from backprop_core.figures.charts import SMALL, WIDTH

FLOOR = 1e-17  # an error of exactly 0 is drawn here (a log axis has no 0)


def _positive(values: ArrayLike) -> np.ndarray:
    positive: np.ndarray = np.maximum(np.asarray(values, dtype=float), FLOOR)
    return positive


def plot_step_errors(steps: ArrayLike, measured: Mapping[str, Mapping[str, ArrayLike]],
                     modelled: Mapping[str, Mapping[str, ArrayLike]],
                     best: Mapping[str, Mapping[str, float]]) -> Figure:
    """One panel per dtype (keys of ``measured``, e.g. "float64", "float32"): the relative
    error of each scheme ("one-sided", "centred") against h, measured (solid) and modelled,
    truncation + rounding (dashed), with the model's best h marked."""
    hs = np.asarray(steps, dtype=float)
    fig, axes = plt.subplots(1, len(measured), figsize=(WIDTH, 4.4), sharey=True,
                             layout="constrained")
    axes = np.atleast_1d(axes)
    for ax, (dtype, schemes) in zip(axes, measured.items(), strict=True):
        for i, (scheme, errors) in enumerate(schemes.items()):
            colour, _, marker = palette.series(i)
            ax.loglog(hs, _positive(errors), "-", color=colour, lw=1.8, marker=marker, ms=3,
                      label=f"{scheme}, measured")
            ax.loglog(hs, _positive(modelled[dtype][scheme]), "--", color=colour, lw=1.2,
                      alpha=0.8, label=f"{scheme}, model")
            h_best = best[dtype][scheme]
            ax.axvline(h_best, color=colour, lw=1, ls=":")
        ax.set_title(dtype)
        ax.set_xlabel("step h")
        ax.grid(True, which="major", alpha=palette.GRID_ALPHA)
        ax.tick_params(labelsize=SMALL)
    axes[0].set_ylabel("relative error of the difference")
    axes[0].set_ylim(1e-14, 10)
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=2,
               fontsize=SMALL + 1)
    return fig


def plot_kink_errors(steps: ArrayLike, curves: Mapping[str, ArrayLike], *, distance: float,
                     tolerance: float) -> Figure:
    """The relative error of a gradient check against h for a few parameters (``curves``),
    with the distance of the nearest relu input to its kink and the check's tolerance."""
    hs = np.asarray(steps, dtype=float)
    fig, ax = plt.subplots(figsize=(WIDTH, 3.9), layout="constrained")
    for i, (label, errors) in enumerate(curves.items()):
        colour, style, marker = palette.series(i)
        ax.loglog(hs, _positive(errors), style, color=colour, lw=2, marker=marker, ms=4,
                  label=label)
    ax.axvline(distance, color=palette.EDGE, lw=1.2, ls=":")
    ax.text(distance / 1.4, 3e-12, f"h = |z| = {distance:.0e}", color=palette.INK,
            fontsize=SMALL + 1, ha="right", va="bottom")
    ax.axhline(tolerance, color=palette.REFERENCE, lw=1.2, ls="--")
    ax.text(hs[-1] / 1.5, tolerance * 2.5, f"tolerance {tolerance:.0e}", color=palette.INK,
            fontsize=SMALL + 1, ha="right")
    ax.set_xlabel("step h")
    ax.set_ylabel("relative error of the check")
    ax.set_ylim(1e-12, 3)
    ax.grid(True, which="major", alpha=palette.GRID_ALPHA)
    ax.legend(loc="upper left", fontsize=SMALL + 1, framealpha=0.95)
    return fig
