"""The figure hook: every PNG records its smallest drawn text and its dpi."""

from __future__ import annotations

import io

import matplotlib
import matplotlib.pyplot as plt
import pytest
from PIL import Image

from backprop_core.figures.legibility import (
    DPI_KEY,
    MIN_FONT_KEY,
    enlarge_text,
    record,
    rendered_px,
    smallest_font_pt,
)


def test_smallest_font_counts_what_is_drawn() -> None:
    fig, (left, right) = plt.subplots(1, 2)
    left.plot([0, 1], [0, 1])
    left.set_xlabel("x", fontsize=9)
    left.tick_params(labelsize=8.5)
    right.text(0.5, 0.5, "label", fontsize=7)
    right.text(0.5, 0.2, "   ", fontsize=3)  # blank: not a label
    hidden = right.text(0.1, 0.1, "hidden", fontsize=4)
    hidden.set_visible(False)
    assert smallest_font_pt(fig) == 7.0
    right.texts[0].set_fontsize(10)
    assert smallest_font_pt(fig) == 8.5  # the tick labels now


def test_an_axis_turned_off_draws_no_tick_labels() -> None:
    fig, ax = plt.subplots()
    ax.tick_params(labelsize=5)
    ax.axis("off")
    ax.text(0, 0, "node", fontsize=12)
    assert smallest_font_pt(fig) == 12.0


def test_the_hook_writes_png_text_chunks() -> None:
    fig, ax = plt.subplots()
    record(fig)
    ax.set_title("t", fontsize=6.5)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight")
    buf.seek(0)
    with Image.open(buf) as im:
        assert im.text[MIN_FONT_KEY] == str(smallest_font_pt(fig))
        assert float(im.text[DPI_KEY]) == 150.0


def test_the_rc_hook_reaches_pyplot_figures() -> None:
    with matplotlib.rc_context({"figure.hooks": ["backprop_core.figures.legibility:record"]}):
        fig = plt.figure()
    fig.text(0.5, 0.5, "x", fontsize=9)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    buf.seek(0)
    with Image.open(buf) as im:
        assert im.text[MIN_FONT_KEY] == "9"


def test_rendered_px() -> None:
    assert rendered_px(8.0, 6.0) == pytest.approx(8 / 72 * 100)  # fits the column: 1:1
    assert rendered_px(9.0, 13.76, column_px=688) == pytest.approx(9 / 72 * 100 / 2)


def test_enlarge_text_brings_a_wide_figure_to_the_smallest_legible_size() -> None:
    fig, ax = plt.subplots(figsize=(8.5, 4.4))
    ax.text(0.5, 0.5, "node", fontsize=9)
    ax.set_title("title", fontsize=14)
    assert rendered_px(9, 8.5) < 11
    enlarge_text(fig)
    assert smallest_font_pt(fig) == pytest.approx(1.18 * 8.5)
    assert rendered_px(smallest_font_pt(fig) or 0, 8.5) >= 11
    assert ax.title.get_fontsize() == 14  # larger text stays as it was
