"""Figures a reader can read at the size the website shows them.

The site shows a figure ``w`` inches wide at ``min(w · 100, column)`` CSS px (its PNG is
saved at 200 dpi, twice that, for sharp text on high-density screens). A label of ``s``
points then renders at

    px(s) = s / 72 · 100 · min(1, column / (w · 100))

CSS px, and the book wants ``px ≥ MIN_TEXT_PX`` (11) for the smallest label on a laptop (a
text column of ``COLUMN_PX`` CSS px). These constants are the one source of the rule: the
figures, the player, the site build (``tools/bpb_site.py``) and the tests import them.

``record`` is a matplotlib figure hook (``figure.hooks`` in ``book/matplotlibrc``, which
matplotlib reads from the notebook's working directory): every PNG the figure is saved to
carries, as text chunks, the size of its smallest visible text (``bpb:min-font-pt``) and
the dpi it was saved at (``bpb:dpi``). The site build sizes each image from them, and the
browser tests check the rendered size of that smallest label.
"""

from __future__ import annotations

import math
from typing import Any

from matplotlib.figure import Figure
from matplotlib.text import Text

from backprop_core.errors import ArgumentError, check_instance, check_rate

COLUMN_PX = 672.0  # CSS px of the narrowest text column seen at 1280×900 (672-688)
MIN_TEXT_PX = 11.0  # the smallest text the book allows, in CSS px
CSS_PX_PER_INCH = 100.0  # how wide the site shows one inch of a figure (at most)
POINTS_PER_INCH = 72.0  # a font size in points, over this, is inches
# the widest figure the site shows at 1:1 (bbox="tight" may add a little: 0.15 in spare)
COLUMN_WIDTH_IN = COLUMN_PX / CSS_PX_PER_INCH - 0.15
# the smallest font, in points per inch of figure width, that renders at MIN_TEXT_PX or more
# once the site scales a wide figure down to the column (1.18), rounded up
MIN_PT_PER_INCH = math.ceil(MIN_TEXT_PX * POINTS_PER_INCH / COLUMN_PX * 100) / 100
MIN_FONT_KEY, DPI_KEY = "bpb:min-font-pt", "bpb:dpi"


def drawn_texts(fig: Figure) -> list[Text]:
    """The texts a draw of ``fig`` shows: figure texts and legends, and per axes its
    texts, titles, legend and, when its axis is on, axis labels and the tick labels in view."""
    check_instance(fig, Figure, "fig")
    texts: list[Text | None] = list(fig.texts)
    for legend in fig.legends:
        texts += [*legend.get_texts(), legend.get_title()]
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        # the centre, left and right titles (the last two have no public getter)
        texts += [*ax.texts, ax.title, *(getattr(ax, f"_{side}_title", None)
                                          for side in ("left", "right"))]
        ax_legend = ax.get_legend()
        if ax_legend is not None and ax_legend.get_visible():
            texts += [*ax_legend.get_texts(), ax_legend.get_title()]
        if ax.axison:
            for axis in (ax.xaxis, ax.yaxis):
                if not axis.get_visible():
                    continue
                texts.append(axis.label)
                texts.append(axis.offsetText)
                in_view: Any = axis._update_ticks  # type: ignore[union-attr]
                for tick in in_view():  # the ticks a draw shows (in view)
                    texts += [tick.label1, tick.label2]
    return [t for t in texts
            if isinstance(t, Text) and t.get_visible() and t.get_text().strip()]


def smallest_font_pt(fig: Figure) -> float | None:
    """The font size (points) of the smallest text a draw of ``fig`` shows."""
    sizes = [float(t.get_fontsize()) for t in drawn_texts(fig)]
    return min(sizes) if sizes else None


def rendered_px(font_pt: float, width_in: float, column_px: float = COLUMN_PX) -> float:
    """CSS px of a ``font_pt`` label in a figure ``width_in`` inches wide on the site."""
    font_pt, width_in = check_rate(font_pt, "font_pt"), check_rate(width_in, "width_in")
    column_px = check_rate(column_px, "column_px")
    return (font_pt / POINTS_PER_INCH * CSS_PX_PER_INCH
            * min(1.0, column_px / (width_in * CSS_PX_PER_INCH)))


def record(fig: Figure) -> None:
    """Figure hook: every PNG of ``fig`` records its smallest font size and its dpi."""
    check_instance(fig, Figure, "fig")
    canvas: Any = fig.canvas
    original = canvas.print_png

    # print_figure hands a print method that is not matplotlib's own every option it has
    # (dpi, facecolor, orientation...); Agg's print_png takes only these two
    def print_png(filename_or_obj: Any, *, metadata: dict[str, str] | None = None,
                  pil_kwargs: dict[str, Any] | None = None, **_options: Any) -> Any:
        meta = dict(metadata or {})
        smallest = smallest_font_pt(fig)
        if smallest is not None:
            meta[MIN_FONT_KEY] = f"{smallest:g}"
        meta[DPI_KEY] = f"{float(fig.dpi):g}"  # print_figure sets the saving dpi on fig
        return original(filename_or_obj, metadata=meta, pil_kwargs=pil_kwargs)

    canvas.print_png = print_png


def enlarge_text(fig: Figure, pt_per_inch: float = MIN_PT_PER_INCH) -> None:
    """Raise every text of ``fig`` to at least ``pt_per_inch`` × its width in inches, so
    that a figure wider than the column, which the site scales down, keeps its smallest
    text at ``rendered_px`` ≥ ``MIN_TEXT_PX`` CSS px."""
    check_instance(fig, Figure, "fig")
    pt_per_inch = check_rate(pt_per_inch, "pt_per_inch")
    if pt_per_inch > 10:
        raise ArgumentError(f"pt_per_inch must be at most 10 (a 6.5-inch figure would get "
                            f"65 pt text), got {pt_per_inch:g}")
    smallest = pt_per_inch * float(fig.get_figwidth())
    for text in fig.findobj(Text):
        text.set_fontsize(max(float(text.get_fontsize()), smallest))
