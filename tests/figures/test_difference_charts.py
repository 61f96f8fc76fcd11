"""difference_charts.py: the error against the step h, and a check across a kink."""

from __future__ import annotations

import numpy as np

from backprop_core.figures.difference_charts import FLOOR, plot_kink_errors, plot_step_errors
from backprop_core.figures.legibility import MIN_TEXT_PX, rendered_px, smallest_font_pt


def test_plot_step_errors_one_panel_per_dtype_two_lines_per_scheme() -> None:
    hs = np.logspace(-12, -1, 12)
    curves = {"one-sided": hs, "centred": hs**2}
    measured = {"float64": curves, "float32": {k: v * 10 for k, v in curves.items()}}
    modelled = {"float64": curves, "float32": curves}
    best = {"float64": {"one-sided": 1e-8, "centred": 1e-5},
            "float32": {"one-sided": 3e-4, "centred": 5e-3}}
    fig = plot_step_errors(hs, measured, modelled, best)
    assert [ax.get_title() for ax in fig.axes] == ["float64", "float32"]
    for ax in fig.axes:
        assert ax.get_xscale() == ax.get_yscale() == "log"
        assert len(ax.get_lines()) == 6  # measured, model, best h: per scheme
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels == ["one-sided, measured", "one-sided, model", "centred, measured",
                      "centred, model"]
    fig.canvas.draw()
    assert rendered_px(smallest_font_pt(fig) or 0, fig.get_figwidth()) >= MIN_TEXT_PX


def test_plot_kink_errors_marks_the_distance_and_draws_zeros_at_the_floor() -> None:
    hs = np.logspace(-10, -2, 9)
    fig = plot_kink_errors(hs, {"kinked": np.where(hs > 3e-6, 0.4, 0.0),
                                "other": np.full(9, 1e-9)}, distance=3e-6, tolerance=1e-5)
    (ax,) = fig.axes
    kinked = ax.get_lines()[0].get_ydata()
    assert min(kinked) == FLOOR and max(kinked) == 0.4
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["h = |z| = 3e-06", "tolerance 1e-05"]
    fig.canvas.draw()
    assert rendered_px(smallest_font_pt(fig) or 0, fig.get_figwidth()) >= MIN_TEXT_PX
