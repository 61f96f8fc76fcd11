"""Gates as circuits (the style of the cs231n notes): each wire with its forward value
above it and its gradient below it, for the gate patterns of ``engine.gates``.

Values are blue, gradients vermillion (``palette``); a gradient is written as an adjoint,
ā = ∂o/∂a. The numbers are the engine's: the figure only places them.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyBboxPatch

from backprop_core.engine.gates import GatePattern, Wire
from backprop_core.errors import ArgumentError
from backprop_core.figures import palette
from backprop_core.formatting import fmt

GATE_X, RADIUS, LEFT, RIGHT = 0.72, 0.17, 0.04, 1.42
FONT = 10  # wire labels; at 6.5 in wide that is 13.9 CSS px on the site


def _name(wire: Wire) -> tuple[str, str]:
    """(the wire's symbol, its adjoint's symbol) in mathtext: a, ā; a₁, ā₁."""
    base, _, copy = wire.name.partition(" (")
    sub = f"_{{{copy.rstrip(')')}}}" if copy else ""
    return f"${base}{sub}$", f"$\\bar{{{base}}}{sub}$"


def _wire(ax: Axes, x0: float, y0: float, x1: float, y1: float, wire: Wire) -> None:
    """A wire from (x0, y0) to (x1, y1), its value above and its gradient below, at the
    middle of its level part."""
    ax.plot([x0, x1], [y0, y1], color=palette.OUTLINE, lw=1.6, zorder=1,
            solid_capstyle="round")
    name, adjoint = _name(wire)
    xm, ym = (x0 + x1) / 2, (y0 + y1) / 2
    ax.text(xm, ym + 0.045, f"{name} = {fmt(wire.value)}", ha="center", va="bottom",
            fontsize=FONT, color=palette.VALUE_TEXT, zorder=3)
    ax.text(xm, ym - 0.045, f"{adjoint} = {fmt(wire.grad)}", ha="center", va="top",
            fontsize=FONT, color=palette.GRADIENT_TEXT, zorder=3)


def _levels(n: int) -> list[float]:
    """The heights of n wires, spread over the panel, top first."""
    return [0.5] if n == 1 else [0.84 - 0.68 * i / (n - 1) for i in range(n)]


def _panel(ax: Axes, gate: GatePattern) -> None:
    ax.set_xlim(0, RIGHT + 0.04)
    ax.set_ylim(-0.02, 1.02)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"{gate.kind}: {gate.rule}", fontsize=11, color=palette.INK)
    branch = gate.kind in ("fork", "copy")
    left_end = GATE_X - (0.03 if gate.kind == "fork" else RADIUS)
    for wire, y in zip(gate.inputs, _levels(len(gate.inputs)), strict=True):
        # inputs come in level, then bend into the gate
        ax.plot([left_end - 0.14, GATE_X - 0.02], [y, 0.5], color=palette.OUTLINE, lw=1.6,
                zorder=1)
        _wire(ax, LEFT, y, left_end - 0.14, y, wire)
    right_start = GATE_X + (0.03 if gate.kind == "fork" else RADIUS)
    for wire, y in zip(gate.outputs, _levels(len(gate.outputs)), strict=True):
        ax.plot([GATE_X + 0.02, right_start + 0.12], [0.5, y], color=palette.OUTLINE, lw=1.6,
                zorder=1)
        _wire(ax, right_start + 0.12, y, RIGHT, y, wire)
    if gate.kind == "fork":
        ax.add_patch(Circle((GATE_X, 0.5), 0.035, fc=palette.OUTLINE, ec=palette.OUTLINE,
                            zorder=2))
    elif branch:
        ax.add_patch(FancyBboxPatch((GATE_X - RADIUS, 0.5 - 0.09), 2 * RADIUS, 0.18,
                                    boxstyle="round,pad=0.02", fc=palette.NODE_FILL,
                                    ec=palette.OUTLINE, lw=1.6, zorder=2))
    else:
        ax.add_patch(Circle((GATE_X, 0.5), RADIUS, fc=palette.NODE_FILL, ec=palette.OUTLINE,
                            lw=1.6, zorder=2))
    if gate.symbol:
        ax.text(GATE_X, 0.5, gate.symbol, ha="center", va="center", zorder=4,
                fontsize=13 if len(gate.symbol) == 1 else 10, color=palette.INK,
                fontweight="bold")


def draw_gates(gates: Sequence[GatePattern], columns: int = 2) -> Figure:
    """One panel per gate, ``columns`` per row; a legend line at the bottom."""
    if not gates:
        raise ArgumentError("draw_gates needs at least one gate pattern")
    rows = -(-len(gates) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(6.5, 2.05 * rows + 0.35), squeeze=False)
    for ax, gate in zip(axes.flat, gates, strict=False):
        _panel(ax, gate)
    for ax in list(axes.flat)[len(gates):]:
        ax.axis("off")
    fig.text(0.02, 0.012, "■ value (forward), above the wire", color=palette.VALUE_TEXT,
             fontsize=9)
    fig.text(0.52, 0.012, "■ gradient ∂o/∂wire (backward), below", color=palette.GRADIENT_TEXT,
             fontsize=9)
    fig.tight_layout(rect=(0, 0.04, 1, 1), h_pad=0.6, w_pad=0.8)
    return fig
