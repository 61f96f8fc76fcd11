"""cost_charts.py: gradients through time, memory against depth and batch size, checkpointing."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core.errors import ShapeError
from backprop_core.figures.cost_charts import (
    plot_checkpointing,
    plot_modes_memory,
    plot_stored_memory,
    plot_through_time,
)
from backprop_core.figures.legibility import MIN_TEXT_PX, rendered_px, smallest_font_pt


def legible(fig) -> bool:  # type: ignore[no-untyped-def]
    fig.canvas.draw()
    return rendered_px(smallest_font_pt(fig) or 0, fig.get_figwidth()) >= MIN_TEXT_PX


def test_through_time_is_relative_to_the_last_state_on_a_log_axis() -> None:
    fig = plot_through_time({"gain 0.5": [1e-6, 1e-3, 2.0], "gain 3": [40.0, 8.0, 4.0]})
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    first, second = ax.get_lines()[:2]
    assert first.get_ydata().tolist() == [5e-7, 5e-4, 1.0]
    assert second.get_ydata()[-1] == 1.0 and second.get_linestyle() != first.get_linestyle()
    assert legible(fig)


def test_stored_memory_draws_lines_for_counts_and_markers_for_measurements() -> None:
    fig = plot_stored_memory({"counted": ([4, 8], [1e6, 2e6]), "measured": ([4, 8], [1e6, 2e6])},
                             {"counted": ([16, 32], [1e6, 2e6])}, depth_label="d",
                             batch_label="b")
    left, right = fig.axes
    line, points = left.get_lines()
    assert line.get_linestyle() == "-" and points.get_linestyle() == "None"
    assert line.get_ydata().tolist() == [1.0, 2.0]  # in MB
    assert [ax.get_title() for ax in (left, right)] == ["d", "b"]
    assert legible(fig)
    with pytest.raises(ShapeError, match="'counted' has"):
        plot_stored_memory({"counted": ([4, 8], [1e6])}, {}, depth_label="", batch_label="")


def test_checkpointing_marks_root_L_and_L_and_one_forward_pass() -> None:
    ks = list(range(1, 17))
    counted = [16 / k + k for k in ks]
    fig = plot_checkpointing(ks, np.array(counted) * 1e6, ([1, 4, 16], [17e6, 8e6, 17e6]),
                             [16 + 16 - -(-16 // k) for k in ks], L=16)
    left, right = fig.axes
    texts = [t.get_text() for ax in (left, right) for t in ax.texts]
    assert texts.count("√L = 4") == 2 and texts.count("L = 16") == 2
    assert "one forward pass: 16" in texts
    assert [t.get_text() for t in fig.legends[0].get_texts()] == [
        "activations held (counted)", "peak of the whole gradient (measured)"]
    assert legible(fig)


def test_modes_memory_draws_two_measured_lines() -> None:
    fig = plot_modes_memory([4, 8, 16], [1e6, 2e6, 4e6], [5e5, 5e5, 5e5])
    reverse, forward = fig.axes[0].get_lines()
    assert reverse.get_ydata().tolist() == [1.0, 2.0, 4.0]
    assert forward.get_ydata().tolist() == [0.5, 0.5, 0.5]
    assert legible(fig)
