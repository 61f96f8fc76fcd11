"""Line and contour charts of a cost or a function: slopes as chords and tangents (the
chain rule), descent on a cost surface, δ through deep networks, learning curves.

Colours from ``palette`` (Okabe and Ito, colour-blind safe), and a line style per
series as well, so that no chart relies on colour alone. Every chart but
``plot_tangent`` is at most ``WIDTH`` inches wide with no text below 9 pt, so that the
site shows it at full size in its text column with labels of 12.5 CSS px or more (see
``legibility``); ``plot_tangent`` is 7.5 in wide with text of 11 pt or more (13.7 CSS px
once the site scales it to the column).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    ShapeError,
    UnknownKeyError,
    check_array,
    check_callable,
    check_instance,
    check_interval,
    check_names,
    check_text,
    describe,
)
from backprop_core.figures import palette
from backprop_core.figures.drawn import drawn, drawn_number
from backprop_core.figures.legibility import COLUMN_WIDTH_IN
from backprop_core.networks.depth import relative_profile
from backprop_core.networks.descent import Walk
from backprop_core.networks.holdout import Curves

WIDTH = COLUMN_WIDTH_IN  # inches: the site's text column
SMALL = 9  # points: the smallest text of a chart

SCHEME_STYLE = {name: palette.series(i) for i, name in enumerate(("naive", "glorot", "he"))}
SCHEME_LABEL = {"naive": "naive, s = 1", "glorot": "Glorot (Xavier)", "he": "He"}


def _title(title: object) -> None:
    if title is not None:
        check_text(title, "title")


def _style(name: str, index: int) -> tuple[str, str, str]:
    fallback = list(SCHEME_STYLE.values())
    return SCHEME_STYLE.get(name, fallback[index % len(fallback)])


def plot_walk(first: ArrayLike, second: ArrayLike, surface: ArrayLike, walk: Walk,
              *, names: tuple[str, str] = ("w", "b"), title: str | None = None) -> Figure:
    """Contours of J over two parameters, with the gradient-descent path on top (start
    marked by a circle, end by a star) and J after each step beside it."""
    xs = drawn(first, "first (the values of θ_1)", ndim=1)
    ys = drawn(second, "second (the values of θ_2)", ndim=1)
    J = drawn(surface, "surface", ndim=2)
    if J.shape != (ys.size, xs.size):
        raise ShapeError(f"surface must have shape (len(second), len(first)) = "
                         f"{(ys.size, xs.size)}, as cost_surface makes it, got {J.shape}")
    check_instance(walk, Walk, "walk")
    drawn(walk.params, "the parameters of walk", ndim=2)
    drawn(walk.costs, "the costs of walk", ndim=1)
    if (isinstance(names, str) or not isinstance(names, Sequence) or len(names) != 2
            or not all(isinstance(n, str) for n in names)):
        raise ArgumentTypeError(f"names must be a pair of str (the two parameters' names), "
                                f"got {describe(names)}")
    _title(title)
    fig, (left, right) = plt.subplots(1, 2, figsize=(WIDTH, 3.6),
                                      gridspec_kw={"width_ratios": [1.25, 1]})
    levels = left.contour(xs, ys, J, levels=8, cmap=palette.SURFACE_CMAP, linewidths=1.0)
    left.clabel(levels, fontsize=SMALL, fmt="%.2f")
    path = np.array(walk.params)
    left.plot(path[:, 0], path[:, 1], color=palette.GRADIENT, lw=2.0, marker=".", ms=6,
              label="gradient-descent steps")
    left.plot(*path[0], "o", color=palette.GRADIENT, ms=10, mfc=palette.PAPER, mew=2, label="start")
    left.plot(*path[-1], "*", color=palette.GRADIENT, ms=15, label="after the last step")
    left.set_xlabel(f"parameter {names[0]}", fontsize=10)
    left.set_ylabel(f"parameter {names[1]}", fontsize=10)
    left.legend(loc="lower right", fontsize=SMALL, framealpha=0.95)
    left.set_title("contour lines of J", fontsize=11)
    right.plot(range(len(walk.costs)), walk.costs, color=palette.VALUE, lw=2, marker=".")
    right.set_xlabel("step", fontsize=10)
    right.set_ylabel("cost J", fontsize=10)
    right.set_title("J after each step", fontsize=11)
    right.grid(True, alpha=palette.GRID_ALPHA)
    for ax in (left, right):
        ax.tick_params(labelsize=SMALL)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_delta_depth(sweep: Mapping[tuple[str, str], ArrayLike],
                     activations: Sequence[str], schemes: Sequence[str]) -> Figure:
    """One panel per activation: mean|δ^l| / mean|δ^{L-1}| for the hidden layers
    l = 1..L-1 (the profiles of ``depth.delta_sweep`` without their output layer), one line
    per initialisation scheme, on a log scale: 1 = as strong as in the last hidden layer,
    so the line shows what the hidden layers alone do to δ on its way down."""
    acts = check_names(activations, "activations")
    names = check_names(schemes, "schemes", example="'he'")
    if not acts or not names:
        raise ArgumentError("plot_delta_depth needs at least one activation and one scheme")
    if not isinstance(sweep, Mapping):
        raise ArgumentTypeError(f"sweep must be the dict delta_sweep returns, got "
                                f"{describe(sweep)}")
    missing = [(a, s) for a in acts for s in names if (a, s) not in sweep]
    if missing:
        raise UnknownKeyError(f"sweep has no profile for {missing[0]} (activation, scheme)")
    fig, axes = plt.subplots(len(activations), 1, figsize=(WIDTH, 2.5 * len(activations)),
                             sharex=True)
    axes_list = np.atleast_1d(axes)
    for ax, act in zip(axes_list, activations, strict=True):
        for i, scheme in enumerate(schemes):
            rel = relative_profile(np.asarray(sweep[(act, scheme)])[:-1])
            colour, line, marker = _style(scheme, i)
            layers = np.arange(1, rel.size + 1)
            ax.semilogy(layers, rel, color=colour, ls=line, marker=marker, ms=4,
                        markevery=max(1, rel.size // 8), lw=2,
                        label=SCHEME_LABEL.get(scheme, scheme))
        ax.axhline(1.0, color=palette.EDGE, lw=0.8)
        ax.set_title(f"{act} hidden layers", fontsize=11)
        ax.tick_params(labelsize=SMALL)
        ax.set_ylabel(r"$|\delta^l|\ /\ |\delta^{L-1}|$", fontsize=10)
        ax.grid(True, which="major", alpha=palette.GRID_ALPHA)
        ax.legend(fontsize=SMALL, loc="center left", bbox_to_anchor=(1.01, 0.5))
    axes_list[-1].set_xlabel("hidden layer l (1 = first; mean |δ| over neurons and samples)",
                             fontsize=10)
    fig.tight_layout()
    return fig


def plot_curves(curves: Mapping[str, Curves], *, title: str | None = None) -> Figure:
    """Two panels: training cost and held-out cost per epoch, one line per run (named by
    its key: an initialisation scheme or anything else). A run that diverged is not drawn,
    since its huge costs would flatten every other line; the panel says so in words."""
    if not isinstance(curves, Mapping) or not curves:
        raise ArgumentTypeError(f"curves must be a dict {{name: Curves}} of at least one run, "
                                f"got {describe(curves)}")
    for name, run in curves.items():
        check_instance(run, Curves, f"curves[{name!r}]")
        check_array(run.train, f"curves[{name!r}].train")
        check_array(run.held_out, f"curves[{name!r}].held_out")
    _title(title)
    fig, axes = plt.subplots(1, 2, figsize=(WIDTH, 3.4), sharey=True)
    notes = []
    for i, (name, run) in enumerate(curves.items()):
        colour, line, _ = _style(name, i)
        label = SCHEME_LABEL.get(name, name)
        if run.diverged_at is not None:
            notes.append((f"{label}: diverged in epoch {run.diverged_at}", colour))
            continue
        for ax, values in zip(axes, (run.train, run.held_out), strict=True):
            ax.plot(range(len(values)), values, color=colour, ls=line, lw=2, label=label)
    for ax, what in zip(axes, ("training samples", "held-out samples"), strict=True):
        ax.set_title(f"cost on the {what}", fontsize=11)
        ax.tick_params(labelsize=SMALL)
        ax.set_xlabel("epoch", fontsize=10)
        ax.grid(True, alpha=palette.GRID_ALPHA)
        for k, (text, colour) in enumerate(notes):
            ax.text(0.98, 0.86 - 0.1 * k, text, transform=ax.transAxes, ha="right",
                    va="top", fontsize=SMALL, color=colour,
                    bbox={"boxstyle": "round,pad=0.2", "fc": palette.PAPER, "ec": colour})
    axes[0].set_ylabel("cost J", fontsize=10)
    if any(run.diverged_at is None for run in curves.values()):
        axes[0].legend(fontsize=SMALL, loc="lower left")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


@dataclass(frozen=True)
class ChordPanel:
    """One panel of ``plot_chords``: a cost E(w) on a grid, the chord from ``left`` to
    ``right`` with its midpoint compared at ``mid``, and an optional shaded stretch."""

    title: str
    colour: str
    w: Sequence[float]
    cost: Sequence[float]
    left: tuple[float, float]
    right: tuple[float, float]
    mid: tuple[float, float]
    shaded: tuple[float, float] | None = None
    shaded_label: str = ""


def plot_chords(panels: Sequence[ChordPanel]) -> Figure:
    """E(w) with one chord per panel: convex means the curve never rises above a chord, so
    the curve's point at the chord's middle (dot on the curve) lies on or below the chord's
    midpoint (dot on the chord)."""
    if isinstance(panels, (str, bytes)) or not isinstance(panels, Sequence) or not panels:
        raise ArgumentTypeError(f"panels must be a list of at least one ChordPanel, got "
                                f"{describe(panels)}")
    for i, panel in enumerate(panels):
        check_instance(panel, ChordPanel, f"panels[{i}]")
    fig, axes = plt.subplots(1, len(panels), figsize=(WIDTH, 3.4))
    for ax, panel in zip(np.atleast_1d(axes), panels, strict=True):
        ax.plot(panel.w, panel.cost, color=panel.colour, lw=2.4, label="E(w)")
        (wl, el), (wr, er) = panel.left, panel.right
        ax.plot([wl, wr], [el, er], "--", color=palette.GRADIENT, lw=2,
                label=f"chord from w = {wl:g} to {wr:g}")
        ax.plot([panel.mid[0]], [panel.mid[1]], "o", color=panel.colour, ms=8)
        ax.plot([panel.mid[0]], [(el + er) / 2], "s", color=palette.GRADIENT, ms=8)
        if panel.shaded is not None:
            ax.axvspan(*panel.shaded, color=palette.REFERENCE, alpha=0.18, label=panel.shaded_label)
        ax.set_xlabel("weight w", fontsize=10)
        ax.set_ylabel("cost E(w)", fontsize=10)
        ax.set_title(panel.title, fontsize=10)
        ax.tick_params(labelsize=SMALL)
        ax.grid(True, alpha=palette.GRID_ALPHA)
        ax.legend(loc="upper left", fontsize=SMALL)
    fig.tight_layout()
    return fig


CHORD_STYLES = ((palette.ORANGE, "--"), (palette.HIGHLIGHT, "-."),
                (palette.REDDISH_PURPLE, ":"))


def plot_tangent(f: Callable[[float], float], x0: float, slope: float,
                 chords: Mapping[float, float], *, xlim: tuple[float, float],
                 ylim: tuple[float, float], f_label: str, title: str) -> Figure:
    """f over ``xlim`` with its tangent at x0 (slope f'(x0) = ``slope``) and, per entry
    ``h: s`` of ``chords``, the chord through (x0 - h, f(x0 - h)) and (x0 + h, f(x0 + h))
    drawn through x0 with its slope s = (f(x0 + h) - f(x0 - h)) / 2h: as h shrinks, the
    chords turn into the tangent."""
    check_callable(f, "f")
    x0, slope = drawn_number(x0, "x0"), drawn_number(slope, "slope")
    if not isinstance(chords, Mapping):
        raise ArgumentTypeError(f"chords must be a dict {{h: slope}}, got {describe(chords)}")
    if len(chords) > len(CHORD_STYLES):
        raise ArgumentError(f"plot_tangent draws at most {len(CHORD_STYLES)} chords, got "
                            f"{len(chords)}")
    for h, chord in chords.items():
        drawn_number(h, "a step h of chords")
        drawn_number(chord, f"the slope of the chord for h = {h}")
    xlim, ylim = check_interval(xlim, "xlim"), check_interval(ylim, "ylim")
    drawn([*xlim, *ylim], "xlim and ylim")
    check_text(f_label, "f_label")
    check_text(title, "title")
    xs = np.linspace(*xlim, 301)
    fig, ax = plt.subplots(figsize=(7.5, 4.6))
    ax.plot(xs, [f(t) for t in xs], color=palette.BLACK, lw=2.2, label=f_label)
    ax.plot(xs, f(x0) + slope * (xs - x0), color=palette.VALUE, lw=2.2,
            label=f"tangent, slope f'({x0:g}) = {slope:.4g}")
    for (h, chord), (colour, style) in zip(chords.items(), CHORD_STYLES, strict=False):
        ax.plot(xs, f(x0) + chord * (xs - x0), color=colour, lw=1.8, ls=style,
                label=f"chord for h = {h:g}, slope {chord:.4g}")
        ax.plot([x0 - h, x0 + h], [f(x0 - h), f(x0 + h)], "o", color=colour, ms=6)
    ax.plot([x0], [f(x0)], "o", color=palette.VALUE, ms=8)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.axhline(0, color=palette.REFERENCE, lw=0.8)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.legend(loc="upper left", frameon=True)
    ax.set_title(title)
    fig.tight_layout()
    return fig
