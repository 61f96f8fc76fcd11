"""One palette for every picture of the book: ``draw``, the players, ``charts`` and the
chapters' figures.

Colours are named by what they mean, not by their hue, so that a forward value is the
same blue in a graph, a player and a chart, and a gradient (an adjoint ā = ∂C/∂a, or an
error signal δ^l) the same vermillion. The hues are Okabe and Ito's colour-blind-safe
set; every chart also varies line style or marker (``series``), so no picture relies on
colour alone.

Light and dark themes:

- matplotlib figures are PNGs with their own white background, and the site shows them on
  a light card (``#F7F7F7``) in its dark theme (``book/_vendor/bpb/book.css``), so one set
  of colours serves both: the ``*_TEXT`` colours reach a contrast of 4.5 : 1 (WCAG AA for
  text) on white and on that card, and ``VALUE``, ``GRADIENT``, ``HIGHLIGHT`` and the first
  three ``SERIES`` colours reach 3 : 1 (WCAG for graphics);
- the players are SVG drawn on the page itself; in the dark theme (background ``#14181E``)
  they use the ``*_ON_DARK`` colours, whose text reaches 4.5 : 1 there and on
  ``NODE_FILL_ON_DARK`` (``tests/figures/test_palette.py`` checks every ratio).
"""

from __future__ import annotations

import re

from matplotlib.colors import LinearSegmentedColormap

from backprop_core.errors import ArgumentError, check_real, check_steps, describe

# Okabe and Ito's eight colours (https://jfly.uni-koeln.de/color/)
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"

# --- what a colour means -------------------------------------------------------------
VALUE = BLUE  # forward values: a, z^l, a^l
GRADIENT = VERMILLION  # gradients: adjoints ā = ∂C/∂a, error signals δ^l
HIGHLIGHT = BLUISH_GREEN  # what the text is talking about: a path, a row, a weight
WRONG = REDDISH_PURPLE  # what a checker marks as wrong (drawn dashed too, never by hue alone)
# darker shades of the three for text on a light background (4.5 : 1 on white)
VALUE_TEXT = "#0060A0"
GRADIENT_TEXT = "#B34700"
HIGHLIGHT_TEXT = "#00805C"
# the three for text on the site's dark background (players, which are SVG on the page)
VALUE_ON_DARK = "#7CC4FF"
GRADIENT_ON_DARK = "#FFAB70"
HIGHLIGHT_ON_DARK = "#3FD0A4"
# the rest of a player's drawing in the dark theme: node fill and outline, node text, edges
# and arrowheads, edge labels (the site's CSS gets every colour here as a variable,
# --bpb-node-fill-on-dark and so on, generated at build time by tools/bpb_sphinx.py)
NODE_FILL_ON_DARK = "#2B3442"
OUTLINE_ON_DARK = "#C9D1D9"
INK_ON_DARK = "#F0F3F6"
EDGE_ON_DARK = "#A0AAB5"
EDGE_TEXT_ON_DARK = "#D0D7DE"

# light fills behind black text: a node, an input node, a lit cell, a cell of a gradient
NODE_FILL = "#F3F6FA"
INPUT_FILL = "#E3EEF8"  # also the fill of a cell holding values (a light VALUE)
HIGHLIGHT_FILL = "#CCEFE5"  # a light HIGHLIGHT
GRADIENT_FILL = "#FBE3D6"  # a light GRADIENT
EMPTY_FILL = "#DDDDDD"  # a cell that stands for a number without saying which
PAPER = "#FFFFFF"

# greys, darkest first
INK = "#111111"  # text
OUTLINE = "#333333"  # outlines of nodes and cells, arrows, the zero line of a bar chart
EDGE = "#555555"  # edges of a graph, reference lines, secondary text
FAINT = "#9AA5B1"  # edges that are not highlighted
REFERENCE = "#999999"  # a level to compare with (0, 1/2, 1 GB), a shaded stretch
GRID = "#E5E5E5"  # grid lines
GRID_ALPHA = 0.3  # for grid lines drawn in the axes' default colour

# signed numbers (δ bars, products δ_j a_k): below zero, above zero
NEGATIVE = BLUE
POSITIVE = VERMILLION
# a number per cell or neuron, blue below 0, white at 0, vermillion above; the ends stop
# short of the full colours so that black text on them stays readable
SIGNED_CMAP = LinearSegmentedColormap.from_list("bpb_signed", ["#4D9DCB", PAPER, "#E49466"])

# two classes of a data set (class 1, class 2), and the shading of the probability of
# class 2 between them: orange, white where the network is unsure, sky blue
CLASSES = (ORANGE, BLUE)
CLASS_MARKERS = ("o", "s")
CLASS_CMAP = LinearSegmentedColormap.from_list("bpb_classes", [ORANGE, PAPER, SKY_BLUE])

# a cost surface J(w, b) as contour lines
SURFACE_CMAP = "viridis"

# lines of a chart, in order: the first three reach 3 : 1 on white; line styles and
# markers tell the lines apart without colour
SERIES = (VERMILLION, BLUE, BLUISH_GREEN, ORANGE, REDDISH_PURPLE, SKY_BLUE)
LINE_STYLES = ("-", "--", ":", "-.")
MARKERS = ("o", "s", "^", "D", "v", "P")

# one colour per sample of a batch (columns or rows of A^{l-1}, slices of G^l)
SAMPLES = (ORANGE, SKY_BLUE, BLUISH_GREEN, REDDISH_PURPLE, BLUE)


def series(index: int) -> tuple[str, str, str]:
    """(colour, line style, marker) of the ``index``-th line of a chart (0 = first),
    cycling through ``SERIES``, ``LINE_STYLES`` and ``MARKERS``."""
    index = check_steps(index, "index")
    return (SERIES[index % len(SERIES)], LINE_STYLES[index % len(LINE_STYLES)],
            MARKERS[index % len(MARKERS)])


def sample(index: int) -> str:
    """The colour of sample ``index`` of a batch (0 = the first sample, x_(1))."""
    index = check_steps(index, "index")
    return SAMPLES[index % len(SAMPLES)]


def signed(value: float, largest: float) -> tuple[float, float, float, float]:
    """The RGBA colour of ``value`` on ``SIGNED_CMAP`` with ±``largest`` at its ends."""
    value, largest = check_real(value, "value"), check_real(largest, "largest")
    if largest <= 0:
        return SIGNED_CMAP(0.5)
    return SIGNED_CMAP(0.5 + 0.5 * max(-1.0, min(1.0, value / largest)))


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a ``#RRGGBB`` colour (0 = black, 1 = white)."""
    if not isinstance(colour, str) or not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        raise ArgumentError(f"colour must be written #RRGGBB (six hex digits), got "
                            f"{describe(colour)}")
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
               for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two ``#RRGGBB`` colours, from 1 (same) to 21."""
    luminances = []
    for name, colour in (("first", first), ("second", second)):
        try:
            luminances.append(relative_luminance(colour))
        except ArgumentError as exc:
            raise ArgumentError(f"{name}: {exc}") from None
    lighter, darker = sorted(luminances, reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
