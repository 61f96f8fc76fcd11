"""Pictures: layout of a graph, the graph and network drawings, their input checks."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from backprop_core.engine.examples import example_graph, exercise_graph  # noqa: E402
from backprop_core.engine.value import Value  # noqa: E402
from backprop_core.errors import ArgumentError  # noqa: E402
from backprop_core.figures.drawings import draw_graph, draw_network, graph_layout  # noqa: E402


def test_layout_puts_inputs_left_and_output_right() -> None:
    g = example_graph()
    layout = graph_layout(g["o"])
    assert layout[g["a"]][0] == layout[g["b"]][0] == 0.0
    assert layout[g["c"]][0] == layout[g["d"]][0] == 1.0
    assert layout[g["o"]][0] == max(x for x, _ in layout.values())
    # nodes of one column do not overlap
    assert layout[g["a"]][1] != layout[g["b"]][1]


def texts(fig: plt.Figure) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts] + [t.get_text() for t in fig.texts]


def test_graph_drawing_shows_values_gradients_and_local_derivatives() -> None:
    g = example_graph()
    fig = draw_graph(g["o"], highlight=[g["a"], g["c"], g["cd"], g["o"]], title="o")
    shown = texts(fig)
    assert "o = 15" in shown and "∂o/∂a = 10.5" in shown and "∂o/∂b = 8" in shown
    assert "0.5" in shown  # ∂o/∂cd on the last edge
    plt.close(fig)
    fig = draw_graph(g["o"], show_grads=False, show_local=False)
    assert not any(t.startswith("∂") for t in texts(fig))
    plt.close(fig)
    fig, axes = plt.subplots(1, 2)
    draw_graph(g["o"], ax=axes[0], legend=False)
    assert not fig.texts  # no legend yet: it belongs to the figure, drawn once
    draw_graph(g["o"], ax=axes[1])
    assert len(fig.texts) == 3
    plt.close(fig)


def test_a_node_used_twice_has_two_arrows_each_with_its_own_local_derivative() -> None:
    from matplotlib.patches import FancyArrowPatch

    a = Value(3.0, "a")
    sq = a * a
    fig, ax = plt.subplots()
    draw_graph(sq, ax=ax, output_name="y")
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(arrows) == 2  # one edge per use of a, bent apart
    assert texts(fig).count("3") == 2 and "6" not in texts(fig)  # ∂(a·a)/∂a = a, twice
    assert "∂y/∂a = 6" in texts(fig)  # the two paths add up at a
    plt.close(fig)


def test_picture_edges_bend_only_the_edges_of_a_pair_used_twice() -> None:
    from backprop_core.figures.drawings import picture_edges

    a, b = Value(3.0, "a"), Value(2.0, "b")
    out = a * a + b
    bends = [(e.index, e.bend) for e in picture_edges(out) if e.child is out.parents[0]]
    assert bends == [(0, -0.25), (1, 0.25)]
    assert [e.bend for e in picture_edges(out) if e.child is out] == [0.0, 0.0]


def test_network_drawing_and_bad_sizes() -> None:
    fig = draw_network([2, 4, 3], highlight=[(2, 1, 3)], title="net")
    shown = texts(fig)
    assert "$w^{2}_{13}$" in shown
    assert any("n_{1} = 4" in t for t in shown)
    plt.close(fig)
    fig, ax = plt.subplots()
    draw_network([1, 1], ax=ax)
    plt.close(fig)
    with pytest.raises(ArgumentError, match=r"at least two positive layer sizes, got \[3\]"):
        draw_network([3])
    with pytest.raises(ArgumentError, match=r"got \[2, 0\]"):
        draw_network([2, 0])


def test_network_drawing_with_a_number_per_neuron() -> None:
    values = {(1, 1): -0.5, (1, 2): 0.25, (2, 1): 0.0}
    fig = draw_network([2, 2, 1], values=values, value_name="δ")
    shown = texts(fig)
    assert "-0.5" in shown and "0.25" in shown and "0" in shown
    assert len(fig.axes) == 2 and fig.axes[1].get_ylabel() == "δ"  # the colour bar
    plt.close(fig)
    with pytest.raises(ArgumentError, match=r"does not have: \[\(2, 2\)\]"):
        draw_network([2, 2, 1], values={(2, 2): 1.0})


@pytest.mark.parametrize("make", [
    lambda: draw_graph(example_graph()["o"]),
    lambda: draw_network([3, 4, 4, 2], values={(3, 1): 0.5, (3, 2): -0.25}),
], ids=["graph", "network"])
def test_a_figure_of_its_own_fits_the_column_with_legible_text(make: object) -> None:
    from backprop_core.figures.drawings import MAX_WIDTH_IN
    from backprop_core.figures.legibility import MIN_TEXT_PX, rendered_px, smallest_font_pt

    fig = make()  # type: ignore[operator]
    width, _ = fig.get_size_inches()
    assert width <= MAX_WIDTH_IN + 1e-9
    assert rendered_px(smallest_font_pt(fig), width) >= MIN_TEXT_PX
    plt.close(fig)


def _product() -> Value:  # the chain-rule chapter's p = x² · eˣ
    from backprop_core.engine.value import exp

    x = Value(0.5, "x")
    return (x ** 2) * exp(x)


def _parallel() -> Value:  # the chain-rule chapter's resistors z = xy / (x + y)
    x, y = Value(4.0, "x"), Value(6.0, "y")
    return (x * y) / (x + y)


def _neuron() -> Value:  # the error-signal chapter's one neuron
    from backprop_core.engine.neurons import half_squared_error

    w, x, b = Value(0.8, "w"), Value(1.5, "x"), Value(-0.5, "b")
    z = b + x * w
    z.label = "z"
    a = z.sigmoid()
    a.label = "a"
    cost = half_squared_error([a], [1.0])
    cost.label = "C"
    return cost


def _square_plus() -> Value:
    a, b = Value(3.0, "a"), Value(2.0, "b")
    return a * a + b


BOOK_GRAPHS = {
    "example": lambda: example_graph()["o"],
    "exercise": lambda: exercise_graph()["e"],
    "product": _product,
    "parallel": _parallel,
    "neuron": _neuron,
    "a*a+b": _square_plus,
}


@pytest.mark.parametrize("make", list(BOOK_GRAPHS.values()), ids=list(BOOK_GRAPHS))
def test_no_number_on_an_edge_covers_a_label_or_a_node(make: object) -> None:
    from matplotlib.patches import Circle

    fig = draw_graph(make())  # type: ignore[operator]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    ax = fig.axes[0]
    numbers = [t for t in ax.texts if t.get_bbox_patch() is not None]
    others = [t for t in ax.texts if t.get_bbox_patch() is None]
    assert numbers and others
    boxes = [n.get_bbox_patch().get_window_extent(renderer) for n in numbers]
    for box, number in zip(boxes, numbers, strict=True):
        assert not any(box.overlaps(t.get_window_extent(renderer)) for t in others), number
        assert not any(box.overlaps(c.get_window_extent(renderer)) for c in ax.patches
                       if isinstance(c, Circle)), number.get_text()
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def _worked_example_graph() -> Value:
    import numpy as np

    from backprop_core.networks.forms import network_graph
    from backprop_core.networks.layers import Dense
    from backprop_core.networks.network import Network

    net = Network([Dense([[0.5, -0.3], [0.2, 0.8]], [0.1, -0.1], "sigmoid"),
                   Dense([[0.7, -0.4], [-0.6, 0.9]], [0.0, 0.2], "sigmoid")])
    return network_graph(net, np.array([1.0, 0.5]), np.array([1.0, 0.0])).cost


@pytest.mark.parametrize("make", [
    lambda: draw_graph(example_graph()["o"], title="t"),
    lambda: draw_graph(_worked_example_graph(), output_name="C", show_local=False, title="t"),
    lambda: draw_graph(_worked_example_graph(), output_name="C", show_grads=False),
], ids=["source-001", "worked-example", "worked-example-values"])
def test_node_labels_never_print_over_each_other(make: object) -> None:
    # issue 22: the worked example's labels printed over their neighbours' at column width
    fig = make()  # type: ignore[operator]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in fig.axes[0].texts
             if "=" in t.get_text()]  # the value and gradient labels
    assert len(boxes) >= 8
    clashes = [(a, b) for i, (a, box_a) in enumerate(boxes) for b, box_b in boxes[i + 1:]
               if box_a.overlaps(box_b)]
    assert clashes == []
    plt.close(fig)


@pytest.mark.parametrize("made_at", [100, 200])  # the book makes its figures at 200 dpi
@pytest.mark.parametrize("dpi", [72, 100, 150, 200])
@pytest.mark.parametrize("make", [
    lambda: draw_graph(_worked_example_graph(), output_name="C", show_local=False, title="t"),
    lambda: draw_graph(_worked_example_graph(), output_name="C", show_grads=False),
    lambda: draw_graph(example_graph()["o"], title="t"),
], ids=["worked-example", "worked-example-values", "source-001"])
def test_no_edge_crosses_a_node_label(make: object, dpi: int, made_at: int) -> None:
    # issue 22: the worked example's crossing edges ran through two gradient labels
    from matplotlib.patches import FancyArrowPatch

    from backprop_core.figures.edge_labels import Box, crosses_any

    with plt.rc_context({"figure.dpi": made_at}):
        fig = make()  # type: ignore[operator]
    fig.set_dpi(dpi)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    # every arrow as the polygon matplotlib draws, in display pixels
    lines = [p.get_transform().transform_path(p.get_path()).to_polygons(closed_only=False)
             for p in ax.patches if isinstance(p, FancyArrowPatch)]
    lines = [[tuple(pt) for pt in poly] for polys in lines for poly in polys]
    assert len(lines) >= 10
    labels = [t for t in ax.texts if "=" in t.get_text()]
    assert len(labels) >= 11
    crossed = []
    for label in labels:
        e = label.get_window_extent(renderer)
        box = Box(e.x0, e.y0, e.x1, e.y1)
        if crosses_any(box, lines):
            crossed.append(label.get_text())
    plt.close(fig)
    assert crossed == []
