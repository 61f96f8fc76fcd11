"""gates.py: the gate patterns as circuits, each wire's value above it and its gradient below."""

from __future__ import annotations

import pytest
from matplotlib.colors import to_hex

from backprop_core.engine.gates import gate_patterns
from backprop_core.errors import ArgumentError
from backprop_core.figures import palette
from backprop_core.figures.gates import draw_gates
from backprop_core.figures.legibility import MIN_TEXT_PX, rendered_px, smallest_font_pt


def test_every_wire_shows_its_value_and_its_gradient_in_the_palette_colours() -> None:
    gates = gate_patterns()
    fig = draw_gates(gates)
    panels = [ax for ax in fig.axes if ax.texts]
    assert len(panels) == 6
    for ax, gate in zip(panels, gates, strict=True):
        assert ax.get_title() == f"{gate.kind}: {gate.rule}"
        texts = {t.get_text(): to_hex(t.get_color()) for t in ax.texts}
        values = [t for t, c in texts.items() if c == palette.VALUE_TEXT.lower()]
        grads = [t for t, c in texts.items() if c == palette.GRADIENT_TEXT.lower()]
        wires = len(gate.inputs) + len(gate.outputs)
        assert len(values) == len(grads) == wires, (gate.kind, texts)
    assert rendered_px(smallest_font_pt(fig) or 0, fig.get_figwidth()) >= MIN_TEXT_PX


def test_the_numbers_drawn_are_the_engines() -> None:
    fig = draw_gates(gate_patterns()[1:2], columns=1)  # multiply: a = 3, b = -1, c̄ = 2
    drawn = {t.get_text() for t in fig.axes[0].texts}
    assert {"$a$ = 3", "$b$ = -1", r"$\bar{a}$ = -2", r"$\bar{b}$ = 6", "$c$ = -3",
            r"$\bar{c}$ = 2", "×"} <= drawn


def test_an_odd_number_of_gates_leaves_the_last_panel_empty() -> None:
    fig = draw_gates(gate_patterns()[:3])
    assert [ax.axison for ax in fig.axes] == [False] * 4
    assert not fig.axes[3].texts


def test_an_empty_list_is_refused() -> None:
    with pytest.raises(ArgumentError, match="at least one gate pattern"):
        draw_gates([])
