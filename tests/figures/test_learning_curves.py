"""cost_charts.py: costs per epoch and per update; δ^L of a sigmoid output per loss."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core.errors import ArgumentError, UnknownNameError
from backprop_core.figures import palette
from backprop_core.figures.learning_curves import plot_batch_costs, plot_output_delta
from backprop_core.figures.legibility import MIN_TEXT_PX, rendered_px, smallest_font_pt


def test_plot_batch_costs_per_epoch_and_per_update() -> None:
    costs = {1: [1.0, 0.5, 0.25, 0.2], 4: [1.0, 0.8, 0.6, 0.5]}
    fig = plot_batch_costs(costs, {1: 4, 4: 1}, epochs=2, full_batch=4,
                           reference=("summed", [1.0, 2.0]))
    per_epoch, per_step = fig.axes
    first, full, ref = per_epoch.get_lines()
    assert first.get_ydata().tolist() == [1.0, 0.5, 0.25]  # epochs 0..2
    assert ref.get_label() == "summed" and ref.get_linestyle() == "--"
    steps = per_step.get_lines()
    assert steps[0].get_xdata().tolist() == [4, 8, 12]  # 4 updates per epoch for m = 1
    assert steps[1].get_linewidth() == 5  # the full batch, drawn wide underneath
    assert full.get_label() == "m = 4 (full batch)"
    assert first.get_color() == palette.SERIES[0]
    assert rendered_px(smallest_font_pt(fig) or 0, fig.get_figwidth()) >= MIN_TEXT_PX
    with pytest.raises(ArgumentError, match=r"no entry for the batch sizes \[4\]"):
        plot_batch_costs(costs, {1: 4}, epochs=2, full_batch=4)


def test_plot_output_delta_shows_the_vanishing_delta_of_squared_error() -> None:
    fig = plot_output_delta({"squared_error": [0.9, 0.8], "binary_cross_entropy": [0.9, 0.1]},
                            eta=0.5)
    top, bottom = fig.axes
    se, ce = top.get_lines()
    a = ce.get_xdata()
    np.testing.assert_allclose(ce.get_ydata(), a)  # cross-entropy: δ = a - y with y = 0
    np.testing.assert_allclose(se.get_ydata(), a * a * (1 - a))  # (a - y) σ'(z)
    assert bottom.get_lines()[1].get_ydata().tolist() == [0.9, 0.1]
    assert bottom.get_title() == "learning from a bad start (η = 0.5)"
    assert rendered_px(smallest_font_pt(fig) or 0, fig.get_figwidth()) >= MIN_TEXT_PX
    with pytest.raises(UnknownNameError, match="unknown loss 'hinge'"):
        plot_output_delta({"hinge": [0.5]}, eta=0.1)
