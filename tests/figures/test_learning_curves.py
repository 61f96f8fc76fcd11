"""cost_charts.py: costs per epoch and per update; δ^L of a sigmoid output per loss."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core.errors import ArgumentError, UnknownNameError
from backprop_core.figures import palette
from backprop_core.figures.learning_curves import plot_batch_costs, plot_output_delta
from backprop_core.figures.legibility import MIN_TEXT_PX, rendered_px, smallest_font_pt
from support.plots import line


def test_plot_batch_costs_per_epoch_and_per_update() -> None:
    costs = {1: [1.0, 0.5, 0.25, 0.2], 4: [1.0, 0.8, 0.6, 0.5]}
    fig = plot_batch_costs(costs, {1: 4, 4: 1}, epochs=2, full_batch=4,
                           reference=("summed", [1.0, 2.0]))
    per_epoch, per_step = fig.axes
    first, full = line(per_epoch, "m = 1"), line(per_epoch, "m = 4 (full batch)")
    assert first.get_ydata().tolist() == [1.0, 0.5, 0.25]  # epochs 0..2
    assert line(per_epoch, "summed").get_linestyle() not in (first.get_linestyle(),
                                                             full.get_linestyle())
    small, whole = line(per_step, "m = 1"), line(per_step, "m = 4 (full batch)")
    assert small.get_xdata().tolist() == [4, 8, 12]  # 4 updates per epoch for m = 1
    assert whole.get_linewidth() > small.get_linewidth()  # the full batch, drawn wide
    # one palette colour per batch size, the same in both panels
    assert first.get_color() == small.get_color() != full.get_color() == whole.get_color()
    assert {first.get_color(), full.get_color()} <= set(palette.SERIES)
    assert rendered_px(smallest_font_pt(fig) or 0, fig.get_figwidth()) >= MIN_TEXT_PX
    with pytest.raises(ArgumentError, match=r"no entry for the batch sizes \[4\]"):
        plot_batch_costs(costs, {1: 4}, epochs=2, full_batch=4)


def test_plot_output_delta_shows_the_vanishing_delta_of_squared_error() -> None:
    fig = plot_output_delta({"squared_error": [0.9, 0.8], "binary_cross_entropy": [0.9, 0.1]},
                            eta=0.5)
    top, bottom = fig.axes
    se, ce = line(top, "squared error"), line(top, "cross-entropy")
    a = ce.get_xdata()
    np.testing.assert_allclose(ce.get_ydata(), a)  # cross-entropy: δ = a - y with y = 0
    np.testing.assert_allclose(se.get_ydata(), a * a * (1 - a))  # (a - y) σ'(z)
    assert line(bottom, "cross-entropy").get_ydata().tolist() == [0.9, 0.1]
    assert line(bottom, "squared error").get_ydata().tolist() == [0.9, 0.8]
    assert bottom.get_title() == "learning from a bad start (η = 0.5)"
    assert rendered_px(smallest_font_pt(fig) or 0, fig.get_figwidth()) >= MIN_TEXT_PX
    with pytest.raises(UnknownNameError, match="unknown loss 'hinge'"):
        plot_output_delta({"hinge": [0.5]}, eta=0.1)
