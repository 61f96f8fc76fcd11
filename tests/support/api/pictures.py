"""Specs of backprop_core.figures' label placement (edge_labels) and the parts of the
step-through player (figures/player/): see support/contract.py."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from backprop_core.figures import boundary, difference_charts, edge_labels
from backprop_core.figures.edge_labels import Box
from backprop_core.figures.player import html, layout, model, show, svg, widget
from backprop_core.formatting import fmt
from backprop_core.networks.network import Network
from support.contract import Spec

from .common import graph

UNIT = Box(0.0, 0.0, 1.0, 1.0)
FEW = 0.2  # of the profile's examples: a figure takes tens of milliseconds


def _box_at(x: float, y: float) -> Box:
    return Box(x - 0.1, y - 0.05, x + 0.1, y + 0.05)


def _check_box(args: dict[str, Any], result: Any) -> None:
    hits, grown, overlap = result
    other, gap = args["other"], float(args["gap"])
    assert hits == (not (UNIT.x1 + gap <= other.x0 or other.x1 + gap <= UNIT.x0
                         or UNIT.y1 + gap <= other.y0 or other.y1 + gap <= UNIT.y0))
    assert grown == Box(-gap, -gap, 1 + gap, 1 + gap)
    assert overlap == (max(0.0, min(1.0, other.x1) - max(0.0, other.x0))
                       * max(0.0, min(1.0, other.y1) - max(0.0, other.y0)))


def _player() -> tuple[model.PlayerModel, layout.Layout]:
    m = model.PlayerModel.of(graph()[2], "a graph")
    return m, layout.layout(m)


def _model_texts(index: Any, value: Any, grad: Any) -> tuple[str, ...]:
    m, d = _player()
    node = m.nodes[0]
    return (m.caption(index), m.value_text(node, value), m.grad_text(node, grad),
            svg.frame_svg(m, d, index), str(d.value_y(id(node))), str(d.grad_y(id(node))))


def _drawings(label: Any) -> tuple[str, str]:
    m, d = _player()
    return svg.drawing_svg(m, d, label), html.static_player(m, d)


def _geometry(text: Any, size: Any, bend: Any, t: Any) -> tuple[Any, ...]:
    return (layout.text_box(0.0, 10.0, text, size), layout.svg_bend(bend),
            layout.bent_point(0.0, 0.0, 100.0, 50.0, bend, t))


def _widget(step: Any) -> int:
    m, d = _player()
    player = widget.PlayerWidget(m, d)
    player.next()
    player.previous()
    player.go(step)
    assert show.player_widget(graph()[2], "a graph").step == 1
    return player.step


def _check_spots(args: dict[str, Any], result: tuple[float, ...]) -> None:
    slanted = abs(float(args["y1"]) - float(args["y0"])) > 1e-9 and not args["bend"]
    assert result == (edge_labels.SLANTED_SPOTS if slanted else edge_labels.LEVEL_SPOTS)


def _check_caption(args: dict[str, Any], result: tuple[str, ...]) -> None:
    assert result[0].startswith(f"Step {args['index'] + 1} of ")
    assert result[1].endswith(f" = {fmt(float(args['value']))}")
    assert result[2].endswith(f" = {fmt(float(args['grad']))}")


def _check_step(args: dict[str, Any], result: int) -> None:
    count = _player()[0].count
    assert result == max(1, min(count, int(args["step"])))


STEPS = np.logspace(-10, -2, 5)
ERRORS = np.array([1e-3, 1e-6, 1e-9, 1e-8, 0.0])


def _step_errors() -> dict[str, Any]:
    per_scheme = {"one-sided": ERRORS.copy(), "centred": ERRORS[::-1].copy()}
    return {"steps": STEPS.copy(), "measured": {"float64": per_scheme},
            "modelled": {"float64": {k: v + 1e-12 for k, v in per_scheme.items()}},
            "best": {"float64": {"one-sided": 1e-8, "centred": 1e-5}}}


def _check_figure(args: dict[str, Any], result: Any) -> None:
    lines = [line for ax in result.axes for line in ax.get_lines()]
    assert lines and all(np.isfinite(line.get_xydata()).all() for line in lines)


POINTS = np.array([[0.5, -1.0, 2.0, 0.0, -0.5, 1.5], [1.0, 0.5, -0.5, 1.5, -1.0, 0.2]])
SIGNS = np.array([[1.0, -1.0, 1.0, -1.0, -1.0, 1.0]])


def _tanh_run() -> dict[str, Any]:
    return {"costs": [0.9, 0.5, 0.2], "net": Network.from_sizes([2, 3, 1], "tanh", seed=0),
            "train": (POINTS[:, :4].copy(), SIGNS[:, :4].copy()),
            "held_out": (POINTS[:, 4:].copy(), SIGNS[:, 4:].copy()), "cost_label": "C"}


def _check_place(args: dict[str, Any], result: tuple[float, float]) -> None:
    obstacles = args["obstacles"]
    assert obstacles[-1] == _box_at(*result).grown(*args["margin"])  # it joins them
    starts = [args["point_at"](t) for t in args["spots_along"]]
    shifted = [(px + dx, py + dy) for px, py in starts for dx, dy in args["offsets"]]
    assert result in shifted


SPECS: list[Spec] = [
    Spec("edge_labels.Box", (Box, Box.hits, Box.grown, Box.overlap),
         lambda other, gap: (UNIT.hits(other, gap), UNIT.grown(gap, gap), UNIT.overlap(other)),
         lambda: {"other": Box(0.5, 0.5, 2.0, 2.0), "gap": 0.1},
         {"other": "object", "gap": "real"}, says={"other": ("other",), "gap": ("gap", "dx")},
         check=_check_box, extra={"other": (Box(2.0, 2.0, 3.0, 3.0), Box(-1e308, 0, 1e308, 1))}),
    Spec("edge_labels.spots", (edge_labels.spots,), edge_labels.spots,
         lambda: {"y0": 0.0, "y1": 1.0, "bend": 0.0},
         {"y0": "real", "y1": "real", "bend": "real"},
         check=_check_spots),
    Spec("edge_labels.place", (edge_labels.place,),
         lambda spots_along, point_at, box_at, obstacles, offsets, gap, margin:
             edge_labels.place(spots_along, point_at, box_at, obstacles, offsets=offsets,
                               gap=gap, margin=margin),
         lambda: {"spots_along": [0.5, 0.3], "point_at": lambda t: (t, 0.0),
                  "box_at": _box_at, "obstacles": [Box(0.45, -0.1, 0.55, 0.1)],
                  "offsets": [(0.0, 0.0), (0.0, 0.2)], "gap": 0.01, "margin": (0.0, 0.0)},
         {"spots_along": "reals", "point_at": "callable", "box_at": "callable",
          "obstacles": "custom", "offsets": "custom", "gap": "real", "margin": "custom"},
         says={"spots_along": ("spot",), "offsets": ("offset",)}, check=_check_place,
         extra={"obstacles": (None, (), [None], "ab", [UNIT, 5]),
                "offsets": ([], [(0.0,)], None, [(math.nan, 0.0)], "ab", [(1e308, 0.0)]),
                "margin": ((0.0,), None, (math.nan, 0.0), (1e308, 1e308), "ab", (1, 2, 3)),
                "spots_along": ([1.5], [-0.1], [0.0, 1.0])}),
    Spec("player.model", (model.PlayerModel, model.PlayerModel.of, model.PlayerModel.caption,
                          model.PlayerModel.value_text, model.PlayerModel.grad_text,
                          svg.frame_svg, layout.layout, layout.Layout, layout.Layout.value_y,
                          layout.Layout.grad_y),
         _model_texts, lambda: {"index": 2, "value": 0.5, "grad": -1.25},
         {"index": "index", "value": "real", "grad": "real"},
         check=_check_caption),
    Spec("player.drawing_svg", (svg.drawing_svg, html.static_player), _drawings,
         lambda: {"label": "a graph"}, {"label": "text"}),
    Spec("player.geometry", (layout.text_box, layout.svg_bend, layout.bent_point), _geometry,
         lambda: {"text": "ā = 10.5", "size": 15.0, "bend": 0.2, "t": 0.25},
         {"text": "text", "size": "rate", "bend": "real", "t": "real"},
         says={"size": ("size", "text's box")}),
    Spec("player.widget", (widget.PlayerWidget, widget.PlayerWidget.go,
                           widget.PlayerWidget.next, widget.PlayerWidget.previous,
                           show.player_widget), _widget, lambda: {"step": 3},
         {"step": "index"}, check=_check_step),
    Spec("difference_charts.plot_kink_errors", (difference_charts.plot_kink_errors,),
         difference_charts.plot_kink_errors,
         lambda: {"steps": STEPS.copy(), "curves": {"$w$": ERRORS.copy(), "$b$": ERRORS / 2},
                  "distance": 1e-6, "tolerance": 1e-5},
         {"steps": "array", "curves": "custom", "distance": "real", "tolerance": "rate"},
         says={"steps": ("steps",), "curves": ("curves",)}, check=_check_figure,
         examples=FEW,
         extra={"curves": (None, {}, {"a": None}, {"a": ERRORS[:3]}, {"a": -ERRORS},
                           {5: ERRORS}, {"a": [math.nan] * 5}, [ERRORS], {"\ud800": ERRORS})}),
    Spec("difference_charts.plot_step_errors", (difference_charts.plot_step_errors,),
         difference_charts.plot_step_errors, _step_errors,
         {"steps": "array", "measured": "custom", "modelled": "custom", "best": "custom"},
         says={"measured": ("measured",), "modelled": ("modelled",), "best": ("best",)},
         check=_check_figure, examples=FEW,
         extra={"measured": (None, {}, {"float64": None}, {"float64": {"centred": ERRORS}},
                             {"float64": {"one-sided": ERRORS[:2], "centred": ERRORS}}),
                "modelled": (None, {}, {"float64": {}}, {"float32": {}},
                             {"float64": {"one-sided": -ERRORS, "centred": ERRORS}}),
                "best": (None, {}, {"float64": {"one-sided": 1e-8}},
                         {"float64": {"one-sided": 0.0, "centred": 1e-5}},
                         {"float64": {"one-sided": math.nan, "centred": 1e-5}})}),
    Spec("boundary.plot_tanh_run", (boundary.plot_tanh_run,),
         lambda costs, net, train, held_out, cost_label: boundary.plot_tanh_run(
             costs, net, train, held_out, cost_label=cost_label), _tanh_run,
         {"costs": "array", "net": "object", "train": "custom", "held_out": "custom",
          "cost_label": "text"}, says={"net": ("net", "Network")}, check=_check_figure,
         examples=FEW,
         extra={"train": (None, (POINTS,), (POINTS, SIGNS), (POINTS.T, SIGNS[:, :6]),
                          (POINTS[:, :4], SIGNS[:, :4] * 0.5), (POINTS * 1e300, SIGNS),
                          (POINTS[:, :0], SIGNS[:, :0]), "ab"),
                "held_out": (None, (POINTS[:, 4:] + np.nan, SIGNS[:, 4:]), [POINTS, SIGNS])}),
]
