"""palette.py: colours named by meaning, legible on the backgrounds the site puts them on."""

from __future__ import annotations

import re

import pytest

from backprop_core.figures import palette

WHITE, DARK_CARD, DARK_PAGE = "#FFFFFF", "#F7F7F7", "#14181E"
DARK_NODE = palette.NODE_FILL_ON_DARK
HEX = re.compile(r"^#[0-9A-F]{6}$")


def _colours() -> dict[str, str]:
    return {name: value for name, value in vars(palette).items()
            if name.isupper() and isinstance(value, str) and value.startswith("#")}


def test_every_colour_is_upper_case_hex() -> None:
    colours = _colours()
    assert len(colours) > 20
    for name, value in colours.items():
        assert HEX.match(value), name


def test_contrast_matches_wcag_examples() -> None:
    assert palette.contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert palette.contrast("#777777", "#777777") == pytest.approx(1.0)
    assert palette.contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("background", [WHITE, DARK_CARD])
def test_text_colours_read_on_figures_in_both_themes(background: str) -> None:
    # PNG figures keep their white background; the dark theme shows them on a light card
    for name in ("VALUE_TEXT", "GRADIENT_TEXT", "HIGHLIGHT_TEXT", "INK", "OUTLINE", "EDGE"):
        assert palette.contrast(getattr(palette, name), background) >= 4.5, name
    for colour in (palette.VALUE, palette.GRADIENT, palette.HIGHLIGHT, *palette.SERIES[:3]):
        assert palette.contrast(colour, background) >= 3.0, colour


@pytest.mark.parametrize("background", [DARK_PAGE, DARK_NODE])
def test_player_colours_read_on_the_dark_theme(background: str) -> None:
    for name in ("VALUE_ON_DARK", "GRADIENT_ON_DARK", "HIGHLIGHT_ON_DARK", "INK_ON_DARK",
                 "EDGE_TEXT_ON_DARK"):
        assert palette.contrast(getattr(palette, name), background) >= 4.5, name
    for name in ("OUTLINE_ON_DARK", "EDGE_ON_DARK"):  # lines: 3 : 1 (WCAG for graphics)
        assert palette.contrast(getattr(palette, name), background) >= 3.0, name


def test_meanings_are_distinct() -> None:
    meant = [palette.VALUE, palette.GRADIENT, palette.HIGHLIGHT]
    assert len(set(meant)) == 3
    assert palette.NEGATIVE != palette.POSITIVE
    assert len(set(palette.CLASSES)) == len(palette.CLASSES) == 2


def test_series_cycles_and_never_repeats_a_style_among_the_first_four() -> None:
    styles = [palette.series(i) for i in range(4)]
    assert len({s[0] for s in styles}) == 4 and len({s[1] for s in styles}) == 4
    assert palette.series(len(palette.SERIES))[0] == palette.SERIES[0]
    assert palette.sample(len(palette.SAMPLES) + 1) == palette.SAMPLES[1]


def test_signed_maps_sign_to_side_and_clips() -> None:
    low, mid, high = (palette.signed(v, 2.0) for v in (-2.0, 0.0, 5.0))
    assert mid == palette.SIGNED_CMAP(0.5)
    assert low == palette.SIGNED_CMAP(0.0) and high == palette.SIGNED_CMAP(1.0)
    assert low[2] > low[0] and high[0] > high[2]  # blue below zero, vermillion above
    assert palette.signed(1.0, 0.0) == mid
