"""Specs of backprop_core.figures (see support/contract.py). A figure is expensive, so
these run a fifth of the examples of the other specs."""

from __future__ import annotations

import math
from typing import Any

import matplotlib.pyplot as plt
import numpy as np

from backprop_core.engine.labels import Labels
from backprop_core.figures import (
    boundary,
    charts,
    drawings,
    edge_labels,
    growth_charts,
    label_room,
    learning_curves,
    legibility,
    matrix_figures,
    matrix_grid,
    palette,
    player,
    signal_charts,
)
from backprop_core.figures.player import params as player_params
from backprop_core.figures.player import predict as player_predict
from backprop_core.figures.player import widget as player_widget
from backprop_core.networks.datasets import xor
from backprop_core.networks.descent import cost_surface, walk_downhill
from backprop_core.networks.forms import network_graph
from backprop_core.networks.holdout import Curves
from backprop_core.networks.layers import Dense
from backprop_core.networks.network import Network
from backprop_core.quiz.progress import PREDICT_PENALTY, PREDICT_POINTS, player_entry
from support.contract import Spec

from .common import graph

FEW = 0.2  # of the profile's examples: a figure takes tens of milliseconds
FIG_SAYS = ("fig", "Figure")
AX_SAYS = ("ax", "Axes")


def _walk() -> dict[str, Any]:
    net = Network([Dense([[0.5]], [0.1], "sigmoid")])
    X, Y = np.array([[0.5, -1.0]]), np.array([[0.2, 0.9]])
    first, second = np.linspace(-1, 1, 5), np.linspace(-2, 2, 4)
    surface = cost_surface(net, X, Y, first, second)
    return {"first": first, "second": second, "surface": surface,
            "walk": walk_downhill(net, X, Y, learning_rate=0.5, steps=3),
            "names": ("w", "b"), "title": "a walk"}


def _classifier(seed: int = 0) -> Network:
    return Network.from_sizes([2, 3, 2], ["tanh", "softmax"], "softmax_cross_entropy",
                              seed=seed)


def _fig() -> Any:
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1], [0, 1])
    ax.set_title("a line")
    return fig


def _ax() -> Any:
    return plt.subplots(figsize=(3, 2))[1]


SPECS: list[Spec] = [
    Spec("charts.plot_walk", (charts.plot_walk,), charts.plot_walk, _walk,
         {"first": "array", "second": "array", "surface": "array", "walk": "object",
          "names": "custom", "title": "text"}, examples=FEW,
         says={"first": ("first",), "second": ("second",), "surface": ("surface",),
               "walk": ("walk", "Walk"), "names": ("names",)},
         extra={"names": (("w",), None, "wb", ("w", 5), ("w", "b", "c"))}),
    Spec("charts.plot_delta_depth", (charts.plot_delta_depth,), charts.plot_delta_depth,
         lambda: {"sweep": {("tanh", "he"): np.array([0.1, 0.2, 0.4, 1.0]),
                            ("tanh", "naive"): np.array([1e-3, 0.1, 0.5, 1.0])},
                  "activations": ["tanh"], "schemes": ["he", "naive"]},
         {"sweep": "custom", "activations": "names", "schemes": "names"}, examples=FEW,
         says={"sweep": ("sweep", "profile"), "activations": ("activation", "sweep"),
               "schemes": ("scheme", "sweep")},
         extra={"sweep": (None, {}, {("tanh", "he"): [1.0, math.nan, 1.0, 1.0],
                                     ("tanh", "naive"): [1.0, 1.0, 1.0, 1.0]},
                          {("tanh", "he"): [1.0], ("tanh", "naive"): [1.0]})}),
    Spec("charts.plot_curves", (charts.plot_curves,), charts.plot_curves,
         lambda: {"curves": {"he": Curves([0.7, 0.5, 0.3], [0.7, 0.6, 0.5], 0.9, 0.8),
                             "naive": Curves([0.7, 3.0], [0.7, 4.0], diverged_at=2)},
                  "title": "runs"},
         {"curves": "custom", "title": "text"}, examples=FEW, says={"curves": ("curves",)},
         extra={"curves": (None, {}, {"x": None}, {"x": Curves([math.nan], [1.0])},
                           {"x": Curves([], [])}, [Curves([1.0], [1.0])])}),
    Spec("charts.plot_chords", (charts.plot_chords, charts.ChordPanel), charts.plot_chords,
         lambda: {"panels": [charts.ChordPanel("E", palette.BLUE, [0, 1, 2], [1, 0, 1],
                                               (0, 1), (2, 1), (1, 0))]},
         {"panels": "custom"}, examples=FEW, says={"panels": ("panels", "ChordPanel")},
         extra={"panels": (None, [], [None], "x")}),
    Spec("charts.plot_tangent", (charts.plot_tangent,), charts.plot_tangent,
         lambda: {"f": math.sin, "x0": 0.5, "slope": math.cos(0.5), "chords": {0.5: 0.85},
                  "xlim": (-1.0, 2.0), "ylim": (-1.5, 1.5), "f_label": "sin",
                  "title": "a tangent"},
         {"f": "callable", "x0": "real", "slope": "real", "chords": "mapping",
          "xlim": "custom", "ylim": "custom"}, examples=FEW,
         says={"chords": ("chords", "chord", "h")},
         extra={"xlim": ((1, 0), (0, math.nan), None, (0,)), "ylim": ((0, 0), "ab")}),
    Spec("boundary.plot_boundaries", (boundary.plot_boundaries, boundary.draw_boundary),
         boundary.plot_boundaries,
         lambda: {"net": _classifier(), "data": xor(8), "costs": [0.7, 0.5, 0.2],
                  "moments": {"before": _classifier(1).get_params(),
                              "after": _classifier(2).get_params()}},
         {"net": "object", "data": "object", "costs": "custom", "moments": "custom"},
         examples=FEW, says={"net": ("net", "Network"), "data": ("data", "Dataset"),
                             "costs": ("costs",), "moments": ("moments", "theta")},
         extra={"costs": ([], [math.nan], [-1.0], None, "x", [0.0]),
                "moments": ({}, None, {"a": [1.0], "b": [1.0]})}),
    Spec("boundary.draw_boundary", (boundary.draw_boundary,), boundary.draw_boundary,
         lambda: {"ax": _ax(), "net": _classifier(), "data": xor(8), "title": "t",
                  "resolution": 10},
         {"ax": "object", "net": "object", "data": "object", "resolution": "count"},
         examples=FEW, huge={"resolution": False},
         says={"ax": AX_SAYS, "net": ("net", "Network"), "data": ("data", "Dataset")}),
    Spec("growth_charts.plot_counts", (growth_charts.plot_counts,), growth_charts.plot_counts,
         lambda: {"x": [1, 2, 3], "counts": {"paths": [2, 4, 8], "edges": [3, 6, 9]},
                  "xlabel": "depth", "title": "counts"},
         {"x": "custom", "counts": "custom"}, examples=FEW,
         says={"x": ("x",), "counts": ("counts", "paths", "edges")},
         extra={"x": (None, [], [1, 2], [1, math.nan, 3], "abc"),
                "counts": ({}, None, {"paths": [2, 4]}, {"paths": [0, -1, 2]},
                           {"paths": [math.inf, 1, 2]}, {"paths": "abc"})}),
    Spec("growth_charts.plot_bytes", (growth_charts.plot_bytes,), growth_charts.plot_bytes,
         lambda: {"batch_sizes": [1, 10, 100],
                  "series": {"batched": ([8e3, 8e3, 8e3], [1, 100], [8e3, 8e3])},
                  "title": "bytes"},
         {"batch_sizes": "custom", "series": "custom"}, examples=FEW,
         says={"batch_sizes": ("batch_sizes",), "series": ("series", "batched")},
         extra={"batch_sizes": (None, [], [0, 1, 2], [1, 2]),
                "series": (None, {}, {"b": None}, {"b": ([1, 2, 3], [1], [1, 2])})}),
    Spec("learning_curves.plot_batch_costs", (learning_curves.plot_batch_costs,),
         learning_curves.plot_batch_costs,
         lambda: {"costs": {1: [0.7, 0.3, 0.2], 4: [0.7, 0.5, 0.4]},
                  "steps_per_epoch": {1: 4, 4: 1}, "epochs": 2, "full_batch": 4},
         {"costs": "custom", "steps_per_epoch": "custom", "epochs": "count",
          "full_batch": "count"}, examples=FEW, huge={"epochs": False},
         says={"costs": ("costs",), "steps_per_epoch": ("steps_per_epoch",)},
         extra={"costs": (None, {}, {1: [0.7, math.nan, 0.2], 4: [1, 1, 1]},
                          {1: [0.7], 4: [1.0]}, {1: [-1.0, 0.1, 0.1], 4: [1, 1, 1]}),
                "steps_per_epoch": ({}, {1: 0, 4: 1}, {1: "x", 4: 1}, None)}),
    Spec("learning_curves.plot_output_delta", (learning_curves.plot_output_delta,),
         learning_curves.plot_output_delta,
         lambda: {"outputs": {"squared_error": [0.9, 0.8], "binary_cross_entropy": [0.9, 0.3]},
                  "eta": 0.5, "target": 0.0},
         {"outputs": "custom", "eta": "rate", "target": "real"}, examples=FEW,
         says={"outputs": ("outputs", "loss")},
         extra={"outputs": (None, {}, {"squared_error": [math.nan]}, {"mse": [1.0]},
                            {"squared_error": "x"})}),
    Spec("legibility", (legibility.drawn_texts, legibility.smallest_font_pt,
                        legibility.record, legibility.enlarge_text),
         lambda fig, pt_per_inch: (legibility.record(fig), legibility.enlarge_text(
             fig, pt_per_inch), legibility.smallest_font_pt(fig),
             len(legibility.drawn_texts(fig))),
         lambda: {"fig": _fig(), "pt_per_inch": 1.18},
         {"fig": "object", "pt_per_inch": "rate"}, examples=FEW, says={"fig": FIG_SAYS}),
    Spec("legibility.rendered_px", (legibility.rendered_px,), legibility.rendered_px,
         lambda: {"font_pt": 9.0, "width_in": 6.5, "column_px": 672.0},
         {"font_pt": "rate", "width_in": "rate", "column_px": "rate"}),
    Spec("matrix_figures.incoming_weights", (matrix_figures.incoming_weights,
                                             matrix_figures.outgoing_weights),
         lambda sizes, layer, neuron: (matrix_figures.incoming_weights(sizes, layer, neuron),
                                       matrix_figures.outgoing_weights(sizes, layer, neuron)),
         lambda: {"sizes": [2, 3, 2], "layer": 1, "neuron": 2},
         {"sizes": "custom", "layer": "index", "neuron": "index"}, examples=FEW,
         says={"sizes": ("sizes",), "layer": ("layer",), "neuron": ("neuron",)},
         extra={"sizes": ([2, 0, 2], [2], None, "23", [2, 1.5, 2], [2, 10**6, 2],
                          [2, -3, 2])}),
    Spec("matrix_figures.outer_product", (matrix_figures.outer_product,),
         matrix_figures.outer_product,
         lambda: {"delta": np.array([0.5, -0.25]), "a_prev": np.array([1.0, 0.2, -0.4]),
                  "layer": 2},
         {"delta": "array", "a_prev": "array", "layer": "count"}, examples=FEW,
         says={"delta": ("δ^l", "delta"), "a_prev": ("a^(l-1)", "a_prev")},
         huge={"layer": False},
         extra={"delta": (np.zeros(2), np.zeros(40)), "a_prev": (np.zeros(3),)}),
    Spec("matrix_figures.batch_layer", (matrix_figures.batch_layer,
                                        matrix_figures.per_sample_tensor),
         lambda n_in, n_out, m: (matrix_figures.batch_layer(n_in, n_out, m),
                                 matrix_figures.per_sample_tensor(n_in, n_out, m)),
         lambda: {"n_in": 3, "n_out": 2, "m": 4},
         {"n_in": "count", "n_out": "count", "m": "count"}, examples=FEW),
    Spec("matrix_grid.draw_grid", (matrix_grid.draw_grid, matrix_grid.frame),
         lambda ax, rows, cols, lit, width: (matrix_grid.draw_grid(
             ax, rows, cols, lit=lit, width=width), matrix_grid.frame(ax, (0, 3), (-3, 1))),
         lambda: {"ax": _ax(), "rows": 2, "cols": 3, "lit": [(1, 2)], "width": 1.0},
         {"ax": "object", "rows": "count", "cols": "count", "lit": "custom",
          "width": "rate"}, examples=FEW, huge={"rows": False, "cols": False},
         says={"ax": AX_SAYS, "lit": ("lit",)},
         extra={"lit": ([(0, 1)], [(1,)], None, [("a", 1)], [(1.5, 1)])}),
    Spec("matrix_grid.draw_equation", (matrix_grid.draw_equation, matrix_grid.Grid,
                                       matrix_grid.Grid.fill, matrix_grid.sample_legend),
         lambda ax, items, count: (matrix_grid.draw_equation(ax, 0.0, items),
                                   matrix_grid.sample_legend(ax.figure, count)),
         lambda: {"ax": _ax(), "items": [matrix_grid.Grid(2, 3, "W", "2 × 3", "cols"), "·",
                                         matrix_grid.Grid(3, 1, "a", None, 0)], "count": 3},
         {"ax": "object", "items": "custom", "count": "count"}, examples=FEW,
         huge={"count": False}, says={"ax": AX_SAYS, "items": ("items", "Grid", "grid")},
         extra={"items": (None, [None], [5], [matrix_grid.Grid(0, 1)], "·")}),
    Spec("palette.series", (palette.series, palette.sample), lambda index: (
        palette.series(index), palette.sample(index)), lambda: {"index": 4},
         {"index": "steps"}),
    Spec("palette.signed", (palette.signed,), palette.signed,
         lambda: {"value": -0.5, "largest": 2.0}, {"value": "real", "largest": "real"}),
    Spec("palette.contrast", (palette.contrast, palette.relative_luminance),
         palette.contrast, lambda: {"first": "#0072B2", "second": "#FFFFFF"},
         {"first": "custom", "second": "custom"},
         says={"first": ("colour", "first"), "second": ("colour", "second")},
         extra={"first": ("blue", "#12", "#GGGGGG", None, 5, "0072B2"),
                "second": ("#fff", "")}),
    Spec("signal_charts.plot_delta_bars", (signal_charts.plot_delta_bars,),
         signal_charts.plot_delta_bars,
         lambda: {"deltas": {1: np.array([0.5, -0.2]), 2: np.array([[0.1]])},
                  "width": 6.5, "panel_height": 2.4},
         {"deltas": "custom", "width": "rate", "panel_height": "rate"}, examples=FEW,
         says={"deltas": ("δ^", "deltas")}, huge={"width": False, "panel_height": False},
         extra={"deltas": (None, {}, {1: [math.nan]}, {1: "x"}, {1: []}, [[1.0]])}),
    # ---- drawings and the player ---------------------------------------------------------------
    Spec("drawings.draw_graph", (drawings.draw_graph, drawings.graph_layout,
                                 drawings.picture_edges, drawings.PictureEdge,
                                 label_room.clear_edges),
         lambda output, highlight: drawings.draw_graph(output, highlight=highlight),
         lambda: {"output": graph()[2], "highlight": ()},
         {"output": "object", "highlight": "custom"}, examples=FEW,
         says={"output": ("output", "Value"), "highlight": ("highlight",)},
         extra={"highlight": (None, [None], [5])}),
    Spec("drawings.draw_network", (drawings.draw_network,), drawings.draw_network,
         lambda: {"sizes": [2, 3, 1], "highlight": [(1, 2, 1)], "values": {(1, 1): 0.5}},
         {"sizes": "custom", "highlight": "custom", "values": "custom"}, examples=FEW,
         says={"sizes": ("sizes",), "highlight": ("highlight",), "values": ("values",)},
         extra={"sizes": ([2, 0], [2], None, "23", [2, 10**6]),
                "highlight": ([(9, 9, 9)], None, [(1,)]),
                "values": ({(1, 1): math.nan}, {(9, 9): 1.0}, None, {(1, 1): "x"})}),
    Spec("drawings.geometry", (drawings.column_figsize, drawings.bend_point, drawings.along),
         lambda width, height, bend, t: (drawings.column_figsize(width, height),
                                         drawings.bend_point(0, 0, 1, 1, bend),
                                         drawings.along(0, 0, 1, 1, bend, t)),
         lambda: {"width": 8.0, "height": 4.0, "bend": 0.2, "t": 0.5},
         {"width": "rate", "height": "rate", "bend": "real", "t": "real"}),
    Spec("player.graph_player", (player.graph_player, player.player_html, player.frames,
                                 player.legend, player.Frame),
         lambda output, title, output_name: player.graph_player(output, title, output_name),
         lambda: {"output": graph()[2], "title": "a graph", "output_name": "o"},
         {"output": "object", "title": "text", "output_name": "text"}, examples=FEW,
         says={"output": ("output", "Value")}),
    Spec("player.predict", (player_predict.predictions, player_predict.Prediction,
                            player_predict.Prediction.judge, player_predict.Hint,
                            player_predict.prediction_data, player_predict.answer_label,
                            player_predict.slug, player_predict.check_chapter,
                            player_entry),
         lambda output, predict: _predict(output, predict),
         lambda: {"output": graph()[2], "predict": "computational-graph"},
         {"output": "object", "predict": "custom"}, examples=FEW,
         says={"output": ("output", "Value"), "predict": ("predict", "chapter")},
         extra={"predict": ("Computational Graph", "", "../x", 3, ["a"])},
         check=lambda args, result: _predict_check(result)),
    Spec("player.parameters", (player_params.parameter_steps,),
         lambda parameters: player.player_html(getattr(parameters, "cost", graph()[2]),
                                               parameters=parameters),
         lambda: {"parameters": _worked_graph()},
         {"parameters": "custom"}, examples=FEW,
         says={"parameters": ("parameters", "NetworkGraph", "graph")},
         extra={"parameters": ("graph", 3, [1])},
         check=lambda args, result: _parameters_check(args["parameters"])),
    Spec("player.widget_predict", (player_widget.PlayerWidget.check,
                                   player_widget.PlayerWidget.reveal),
         lambda output: _widget_predict(output),
         lambda: {"output": graph()[2]}, {"output": "object"}, examples=FEW,
         says={"output": ("output", "Value")},
         check=lambda args, result: _widget_check(result)),
    Spec("edge_labels.slide", (edge_labels.slide, edge_labels.crosses, edge_labels.crosses_any),
         lambda shifts: edge_labels.slide(edge_labels.Box(0, 0, 10, 4),
                                          [[(4.0, -10.0), (4.0, 10.0)]], [], shifts, (-50, 50)),
         lambda: {"shifts": [0.0, 3.0, 7.0]}, {},
         check=lambda args, result: _slide_check(result)),
]


def _worked_graph() -> Any:
    net = Network([Dense([[0.5, -0.3], [0.2, 0.8]], [0.1, -0.1], "sigmoid"),
                   Dense([[0.7, -0.4], [-0.6, 0.9]], [0.0, 0.2], "sigmoid")])
    return network_graph(net, np.array([1.0, 0.5]), np.array([1.0, 0.0]))


def _predict(output: Any, predict: Any) -> Any:
    page = player.player_html(output, "t", predict=predict)
    model = player.PlayerModel.of(output, "t")
    preds = player_predict.predictions(model)
    return (page, preds, player_predict.prediction_data(model, predict),
            player_predict.answer_label(), player_predict.slug("A b!"),
            player_predict.check_chapter(predict), player_entry("t", 3))


def _predict_check(result: Any) -> None:
    page, preds, data, label, slug, chapter, key = result
    assert "bpb-player-predict" in page and label in page
    assert preds and all(p.judge(p.value) == "" and p.judge(p.value * 1.1 + 1) for p in preds)
    assert all(p.judge(h.value) for p in preds for h in p.hints)  # no hint is the answer
    assert len(data["items"]) == len(preds) and data["chapter"] == chapter
    assert (slug, key) == ("a-b", "player:t:3")


def _parameters_check(graph: Any) -> None:
    steps = player_params.parameter_steps(graph, Labels(graph.cost))
    assert [s.phase for s in steps] == ["parameter"] * 12
    assert steps[0].value == graph.z[2][0].grad


def _widget_predict(output: Any) -> Any:
    widget = player.player_widget(output, "t", predict="computational-graph")
    first = player_predict.predictions(player.PlayerModel.of(output, "t"))[0]
    widget.go(first.step)
    widget.answer.value = "12345"
    widget.check()
    wrong = widget.feedback.value
    widget.answer.value = repr(first.value)
    widget.check()
    widget.reveal()
    return widget, first, wrong


def _widget_check(result: Any) -> None:
    widget, first, wrong = result
    assert wrong.startswith("Not right.")
    assert widget.score == PREDICT_POINTS - PREDICT_PENALTY
    assert widget.step == first.step + 2  # predicted, then shown without a prediction


def _slide_check(result: Any) -> None:
    assert result == 7.0

