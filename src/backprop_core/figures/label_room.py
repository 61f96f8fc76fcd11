"""Room for a graph drawing's node labels: where an edge of the drawing would run through
a label (the crossing edges of a network pass the labels between its rows), the label moves
sideways or breaks into two lines, by the geometry of ``edge_labels`` (``slide``), measured
with the renderer at the figure's final size.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

from backprop_core.figures.edge_labels import Box, slide
from backprop_core.figures.legibility import POINTS_PER_INCH


def clear_edges(ax: Axes, labels: list[Text], lines: list[list[tuple[float, float]]]
                 ) -> None:
    """Slide a node's label sideways where an edge would cross it (the crossing edges of a
    network pass the labels between the rows): a little, else broken after its "=" into two
    lines, else further, by less than half its width (it stays under or over its node);
    measured in display pixels at the figure's final size, never onto another label."""
    fig = ax.get_figure()
    assert fig is not None
    if not isinstance(fig, Figure):  # a subfigure: measure on its root figure
        fig = fig.figure
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    ax.apply_aspect()
    to_px, from_px = ax.transData.transform, ax.transData.inverted().transform
    pixel_lines = [[(float(px), float(py)) for px, py in to_px(line)] for line in lines]
    pad = 2 * fig.dpi / POINTS_PER_INCH
    frame = fig.bbox.padded(-pad)  # inside the figure: a tight bounding box stays as wide
    for label in labels:
        others = [Box(b.x0, b.y0, b.x1, b.y1).grown(pad, 0.0) for b in
                  (t.get_window_extent(renderer) for t in labels if t is not label)]
        text = label.get_text()
        # a short slide first (two em at most), else the label broken after its "=" (narrower:
        # it fits between two edges), else a longer slide, never by half its width (it stays
        # by its node)
        two = text.replace(" = ", " =\n", 1)
        em = float(label.get_fontsize()) * fig.dpi / POINTS_PER_INCH
        for attempt, most in ((text, 2 * em), (two, None), (text, None)):
            label.set_text(attempt)
            extent = label.get_window_extent(renderer)
            box = Box(extent.x0, extent.y0, extent.x1, extent.y1).grown(pad / 2, 0.0)
            width = box.x1 - box.x0
            far = 0.45 * width if most is None else min(most, 0.3 * width)
            step = width / 60  # fine: a label may just fit between two edges
            shift = slide(box, pixel_lines, others,
                          [0.0] + [s * step * k for k in range(1, int(far / step) + 1)
                                   for s in (1, -1)], (frame.x0, frame.x1))
            if shift is not None:
                break
        if shift is None:
            label.set_text(text)  # nowhere free: as it was
        elif shift:
            x, y = to_px(label.get_position())
            new_x, new_y = from_px((x + shift, y))
            label.set_position((float(new_x), float(new_y)))
