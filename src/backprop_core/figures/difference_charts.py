"""Finite differences against their step h: the U-shaped error in float64 and float32, and
what a relu kink does to a gradient check (log-log charts, one line style per series)."""

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
    check_real,
    check_text,
    describe,
)
from backprop_core.figures import palette
from backprop_core.figures.charts import SMALL, WIDTH
from backprop_core.figures.drawn import drawn

FLOOR = 1e-17  # an error of exactly 0 is drawn here (a log axis has no 0)
TOP = 3.0  # the top of the kink chart's error axis


def _positive(values: ArrayLike) -> np.ndarray:
    positive: np.ndarray = np.maximum(np.asarray(values, dtype=float), FLOOR)
    return positive


def _steps(steps: ArrayLike) -> np.ndarray:
    """The steps h of the x axis: numbers > 0 that a figure can draw."""
    return drawn(steps, "steps", ndim=1, positive=True)


def _curves(curves: object, name: str, n: int) -> Mapping[str, ArrayLike]:
    """``curves`` checked: labels (drawn in the legend) mapped to n errors >= 0 each, one
    per step (an error of 0 is drawn at ``FLOOR``)."""
    if not isinstance(curves, Mapping) or not curves:
        raise ArgumentTypeError(f"{name} must map each label to its errors, got "
                                f"{describe(curves)}")
    for label, errors in curves.items():
        check_text(label, f"a label of {name}")
        arr = drawn(errors, f"{name}[{label!r}]", ndim=1)
        if arr.shape != (n,):
            raise ShapeError(f"{name}[{label!r}] must hold one error per step ({n}), got "
                             f"shape {arr.shape}")
        if (arr < 0).any():
            raise ArgumentError(f"{name}[{label!r}] must hold errors >= 0, got {arr.min():g}")
    return curves


def plot_step_errors(steps: ArrayLike, measured: Mapping[str, Mapping[str, ArrayLike]],
                     modelled: Mapping[str, Mapping[str, ArrayLike]],
                     best: Mapping[str, Mapping[str, float]]) -> Figure:
    """One panel per dtype (keys of ``measured``, e.g. "float64", "float32"): the relative
    error of each scheme ("one-sided", "centred") against h, measured (solid) and modelled,
    truncation + rounding (dashed), with the model's best h marked."""
    hs = _steps(steps)
    for dtype, given in _curves_of(measured, "measured").items():
        schemes = _curves(given, f"measured[{dtype!r}]", hs.size)
        theirs = _curves_of(modelled, "modelled").get(dtype)
        if not isinstance(theirs, Mapping) or set(theirs) != set(schemes):
            raise ArgumentError(f"modelled[{dtype!r}] must give the schemes of measured "
                                f"{sorted(schemes)!r}, got {describe(theirs)}")
        _curves(theirs, f"modelled[{dtype!r}]", hs.size)
        marks = _curves_of(best, "best").get(dtype)
        for scheme in schemes:
            if not isinstance(marks, Mapping) or scheme not in marks:
                raise ArgumentError(f"best[{dtype!r}][{scheme!r}] is missing: the best h of "
                                    f"every measured scheme is marked")
            check_rate(marks[scheme], f"best[{dtype!r}][{scheme!r}]")
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


def _curves_of(nested: object, name: str) -> Mapping[str, object]:
    """A mapping of dtypes (panel titles) to their curves, checked as a mapping."""
    if not isinstance(nested, Mapping) or not nested:
        raise ArgumentTypeError(f"{name} must map each dtype to its schemes' curves, got "
                                f"{describe(nested)}")
    for key in nested:
        check_text(key, f"a dtype of {name}")
    return nested


def plot_kink_errors(steps: ArrayLike, curves: Mapping[str, ArrayLike], *, distance: float,
                     tolerance: float) -> Figure:
    """The relative error of a gradient check against h for a few parameters (``curves``),
    with the distance of the nearest relu input to its kink and the check's tolerance."""
    hs = _steps(steps)
    _curves(curves, "curves", hs.size)
    distance, tolerance = check_real(distance, "distance"), check_rate(tolerance, "tolerance")
    if not hs.min() / 100 <= abs(distance) <= hs.max() * 100:
        raise ArgumentError(f"distance must be marked among the steps (|distance| from "
                            f"{hs.min() / 100:.0e} to {hs.max() * 100:.0e}), got {distance:g}")
    if tolerance > TOP:
        raise ArgumentError(f"tolerance must be marked on the chart (<= {TOP:g}), got "
                            f"{tolerance:g}")
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
    ax.set_ylim(1e-12, TOP)
    ax.grid(True, which="major", alpha=palette.GRID_ALPHA)
    ax.legend(loc="upper left", fontsize=SMALL + 1, framealpha=0.95)
    return fig
