"""growth_charts.py: counts and bytes on log axes, one palette style per line."""

from __future__ import annotations

import pytest
from matplotlib.colors import to_hex

from backprop_core.errors import ShapeError
from backprop_core.figures import palette
from backprop_core.figures.growth_charts import plot_bytes, plot_counts
from backprop_core.figures.legibility import MIN_TEXT_PX, rendered_px, smallest_font_pt
from support.plots import line


def test_plot_counts_draws_one_styled_line_per_count_on_a_log_axis() -> None:
    depths = [1, 2, 3, 4]
    fig = plot_counts(depths, {"paths": [2, 4, 8, 16], "edges": [4, 8, 12, 16]},
                      xlabel="depth", title="growth")
    ax = fig.axes[0]
    assert ax.get_yscale() == "log" and ax.get_title() == "growth"
    paths, edges = line(ax, "paths"), line(ax, "edges")
    assert paths.get_ydata().tolist() == [2, 4, 8, 16]
    assert edges.get_ydata().tolist() == [4, 8, 12, 16]
    # palette colours, and line styles too: the lines stay apart without colour
    colours = {to_hex(ln.get_color()) for ln in (paths, edges)}
    assert len(colours) == 2 and colours <= {c.lower() for c in palette.SERIES}
    assert paths.get_linestyle() != edges.get_linestyle()
    assert ax.get_legend_handles_labels()[1] == ["paths", "edges"]  # in the order given
    fig.canvas.draw()
    assert all(float(t).is_integer() for t in ax.get_xticks())  # whole depths only
    assert rendered_px(smallest_font_pt(fig) or 0, fig.get_figwidth()) >= MIN_TEXT_PX


def test_plot_counts_names_both_shapes_when_a_count_is_missing() -> None:
    with pytest.raises(ShapeError, match=r"'paths' has shape \(3,\), but x \(its x axis\) "
                                         r"has shape \(4,\)"):
        plot_counts([1, 2, 3, 4], {"paths": [2, 4, 8]}, xlabel="d", title="t")


def test_plot_bytes_draws_counted_lines_measured_markers_and_levels() -> None:
    ms = [1, 10, 100, 1000]
    fig = plot_bytes(ms, {"tensors": ([1e3, 1e4, 1e5, 1e6], [1, 10], [1.1e3, 1.2e4]),
                          "product": ([1e3] * 4, [1, 10], [1e3, 1e3])}, title="bytes")
    ax = fig.axes[0]
    assert ax.get_xscale() == ax.get_yscale() == "log"
    labels = ax.get_legend_handles_labels()[1]
    assert labels == ["tensors (counted)", "tensors (measured)", "product (counted)",
                      "product (measured)"]
    for name in ("tensors", "product"):  # markers in their line's colour
        counted, measured = line(ax, f"{name} (counted)"), line(ax, f"{name} (measured)")
        assert counted.get_color() == measured.get_color()
        assert measured.get_xdata().tolist() == [1, 10]
    assert line(ax, "tensors (counted)").get_color() != line(ax, "product (counted)").get_color()
    assert [t.get_text() for t in ax.texts] == ["1 GB", "1 MB"]
    assert rendered_px(smallest_font_pt(fig) or 0, fig.get_figwidth()) >= MIN_TEXT_PX
    with pytest.raises(ShapeError, match=r"'product \(measured\)' has shape \(1,\)"):
        plot_bytes(ms, {"product": ([1e3] * 4, [1, 10], [1e3])}, title="t")
