"""charts.py: the figures have the panels, lines and labels the chapters describe."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from backprop_core.errors import ArgumentError  # noqa: E402
from backprop_core.figures.charts import (  # noqa: E402
    ChordPanel,
    plot_chords,
    plot_curves,
    plot_delta_depth,
    plot_tangent,
    plot_walk,
)
from backprop_core.figures.legibility import COLUMN_PX, CSS_PX_PER_INCH, smallest_font_pt  # noqa: E402
from backprop_core.networks.descent import Walk  # noqa: E402
from backprop_core.networks.holdout import Curves  # noqa: E402
from support.plots import line, line_through, marked_points, ys  # noqa: E402


def test_plot_walk_draws_the_path_on_contours() -> None:
    ws, bs = np.linspace(-1, 1, 4), np.linspace(-1, 1, 3)
    surface = np.add.outer(bs ** 2, ws ** 2)
    walk = Walk([np.array([1.0, 1.0]), np.array([0.5, 0.4]), np.array([0.1, 0.1])],
                [2.0, 0.41, 0.02])
    fig = plot_walk(ws, bs, surface, walk, title="a walk")
    assert fig.get_suptitle() == "a walk"
    left, right = fig.axes
    path = line(left, "gradient-descent steps")
    np.testing.assert_allclose(path.get_xdata(), [1.0, 0.5, 0.1])
    assert line(left, "start").get_xydata().tolist() == [[1.0, 1.0]]
    assert line(left, "after the last step").get_xydata().tolist() == [[0.1, 0.1]]
    assert ys(right) == [[2.0, 0.41, 0.02]]  # J after each step, and nothing else
    assert left.get_xlabel() == "parameter w"
    plt.close(fig)


def test_plot_delta_depth_one_panel_per_activation_one_line_per_scheme() -> None:
    # two hidden layers and an output layer; the output is left out of the picture
    sweep = {(a, s): np.array([0.1, 0.2, 5.0]) for a in ("tanh", "relu")
             for s in ("naive", "he")}
    fig = plot_delta_depth(sweep, ["tanh", "relu"], ["naive", "he"])
    assert len(fig.axes) == 2
    naive, he = (line(fig.axes[0], label) for label in ("naive, s = 1", "He"))
    np.testing.assert_allclose(naive.get_ydata(), [0.5, 1.0])  # relative to the last hidden
    assert naive.get_linestyle() != he.get_linestyle()  # told apart without colour
    line_through(fig.axes[0], [0, 1], [1.0, 1.0])  # the reference: as strong as δ^{L-1}
    assert fig.axes[1].get_title() == "relu hidden layers"
    plt.close(fig)


def test_plot_curves_names_a_diverged_run_instead_of_drawing_it() -> None:
    good = Curves([1.0, 0.5, 0.2], [1.1, 0.6, 0.3])
    bad = Curves([1.0, 5e6], [1.0, 6e6], diverged_at=2)
    fig = plot_curves({"he": good, "naive": bad}, title="runs")
    assert fig.get_suptitle() == "runs"
    train, held = fig.axes
    assert ys(train) == [[1.0, 0.5, 0.2]]  # the diverged run is not drawn
    assert line(held, "He").get_ydata().tolist() == [1.1, 0.6, 0.3]
    assert train.get_ylim()[1] < 10
    assert [t.get_text() for t in held.texts] == ["naive, s = 1: diverged in epoch 2"]
    plt.close(fig)


def test_plot_chords_draws_curve_chord_and_both_midpoints() -> None:
    w = np.linspace(-1, 1, 5)
    panel = ChordPanel("t", "#0072B2", w, w ** 2, (-1.0, 1.0), (1.0, 1.0), (0.0, 0.0),
                       shaded=(0.5, 1.0), shaded_label="here")
    fig = plot_chords([panel, panel])
    ax = fig.axes[0]
    assert line(ax, "E(w)").get_ydata().tolist() == (w ** 2).tolist()
    assert line(ax, "chord from w = -1 to 1").get_xydata().tolist() == [[-1.0, 1.0], [1.0, 1.0]]
    # the curve's point at the chord's middle, and the chord's midpoint above it
    assert marked_points(ax) == {(0.0, 0.0), (0.0, 1.0)}
    assert len(fig.axes) == 2 and ax.get_legend_handles_labels()[1][-1] == "here"
    plt.close(fig)


def test_every_chart_fits_the_column_with_legible_text() -> None:
    w = np.linspace(-1, 1, 5)
    sweep = {(a, s): np.array([0.1, 0.2, 5.0]) for a in ("tanh", "relu") for s in ("he",)}
    figs = [
        plot_walk(w, w[:3], np.add.outer(w[:3] ** 2, w ** 2),
                  Walk([np.array([1.0, 1.0]), np.array([0.1, 0.1])], [2.0, 0.02])),
        plot_delta_depth(sweep, ["tanh", "relu"], ["he"]),
        plot_curves({"he": Curves([1.0, 0.5], [1.1, 0.6]),
                     "naive": Curves([1.0], [1.0], diverged_at=1)}),
        plot_chords([ChordPanel("t", "#0072B2", w, w ** 2, (-1.0, 1.0), (1.0, 1.0),
                                (0.0, 0.0))] * 2),
    ]
    for fig in figs:
        fig.canvas.draw()
        assert fig.get_size_inches()[0] <= COLUMN_PX / CSS_PX_PER_INCH
        assert smallest_font_pt(fig) >= 9
        plt.close(fig)


def test_plot_tangent_draws_f_its_tangent_and_each_chord() -> None:
    def f(x: float) -> float:
        return x ** 3 - 2 * x

    x0 = 1.0
    chords = {1.0: (f(2.0) - f(0.0)) / 2, 0.5: (f(1.5) - f(0.5)) / 1}
    fig = plot_tangent(f, x0, 1.0, chords, xlim=(-0.4, 2.6), ylim=(-3, 8),
                       f_label="f", title="chords")
    ax = fig.axes[0]
    line_through(ax, [0, 1], [0, 0])  # the x axis
    tangent = line(ax, "tangent, slope f'(1) = 1")
    np.testing.assert_allclose(np.diff(tangent.get_ydata()) / np.diff(tangent.get_xdata()), 1.0)
    chord1 = line(ax, "chord for h = 1, slope 2")
    chord2 = line(ax, f"chord for h = 0.5, slope {chords[0.5]:.4g}")
    for chord, slope in ((chord1, 2.0), (chord2, chords[0.5])):  # each through (x0, f(x0))
        np.testing.assert_allclose(np.diff(chord.get_ydata()) / np.diff(chord.get_xdata()),
                                   slope)
        np.testing.assert_allclose(np.interp(x0, chord.get_xdata(), chord.get_ydata()), f(x0))
    # each chord's two ends marked in the chord's colour
    ends1, ends2 = line_through(ax, [0.0, 2.0]), line_through(ax, [0.5, 1.5])
    assert chord1.get_color() == ends1.get_color() != chord2.get_color() == ends2.get_color()
    assert marked_points(ax) == {(x0, f(x0))}
    assert ax.get_xlim() == (-0.4, 2.6)
    with pytest.raises(ArgumentError, match="at most 3 chords, got 4"):
        plot_tangent(f, x0, 1.0, {h: 0.0 for h in (1, 2, 3, 4)}, xlim=(0, 1), ylim=(0, 1),
                     f_label="f", title="t")
