"""signal_charts.py: one bar per neuron, coloured by the sign of δ."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.colors import to_hex

from backprop_core.errors import ArgumentError, ShapeError
from backprop_core.figures import palette
from backprop_core.figures.legibility import MIN_TEXT_PX, rendered_px, smallest_font_pt
from backprop_core.figures.signal_charts import plot_delta_bars


def test_one_panel_per_layer_one_bar_per_neuron_coloured_by_sign() -> None:
    deltas = {1: np.array([[0.5], [-0.25], [0.0]]), 2: [-0.125, 0.75]}
    fig = plot_delta_bars(deltas)
    top, bottom = fig.axes
    assert [p.get_height() for p in top.patches] == [0.5, -0.25, 0.0]
    assert [to_hex(p.get_facecolor()) for p in bottom.patches] == [
        palette.NEGATIVE.lower(), palette.POSITIVE.lower()]
    assert top.get_title() == r"$\delta^{1}_j$, largest $|\delta|$ = 0.5"
    assert bottom.get_xlabel() == "neuron j of layer 2"
    assert rendered_px(smallest_font_pt(fig) or 0, fig.get_figwidth()) >= MIN_TEXT_PX


def test_bad_error_signals_are_refused_with_their_shape() -> None:
    with pytest.raises(ShapeError, match=r"δ\^2 must be a vector or an n × 1 column, got "
                                         r"shape \(2, 3\)"):
        plot_delta_bars({1: [0.1], 2: np.ones((2, 3))})
    with pytest.raises(ArgumentError, match="at least one layer"):
        plot_delta_bars({})
