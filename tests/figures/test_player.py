"""The step-through player: frames follow steps.trace, both renditions agree, output is
deterministic (strict nbval compares text/html byte for byte)."""

from __future__ import annotations

import re

import pytest

from backprop_core.display import WIDGET_VIEW
from backprop_core.engine.examples import example_graph
from backprop_core.engine.labels import adjoint_symbol
from backprop_core.engine.trace import trace
from backprop_core.engine.value import Value, topological_order
from backprop_core.figures.player import frames, graph_player, player_html, player_widget


@pytest.fixture
def o() -> Value:
    return example_graph()["o"]


def test_frames_follow_the_trace(o: Value) -> None:
    steps = trace(o)
    fs = frames(o)
    assert [f.step.formula for f in fs] == [s.formula for s in steps]
    forward = [f for f in fs if f.step.phase == "forward"]
    # the forward pass reveals one more value per step, and no gradient yet
    assert [len(f.values) for f in forward] == list(range(1, len(forward) + 1))
    assert all(not f.grads for f in forward)
    # after the last backward step every gradient is complete: ∂o/∂a = 10.5, ∂o/∂b = 8
    a, b = (next(f.step.node for f in fs if f.step.label == name) for name in "ab")
    assert fs[-1].grads[id(a)] == pytest.approx(10.5)
    assert fs[-1].grads[id(b)] == pytest.approx(8.0)


def test_active_step_is_highlighted_without_any_stylesheet(o: Value) -> None:
    # JupyterLab does not load the site's player.css: the SVG attributes must show it
    box = player_widget(o)
    picture, slider = box.children[1], box.children[3].children[3]
    assert picture.value.count('stroke="#009E73" stroke-width="4"') == 1  # the node a
    slider.value = slider.max  # the last backward step: one edge is active
    assert picture.value.count('stroke="#009E73" stroke-width="3.5"') == 1


def test_backward_frames_mark_their_edge(o: Value) -> None:
    backward = [f for f in frames(o) if f.step.phase == "backward"]
    assert backward[0].active_edge is None  # ∂o/∂o = 1 has no edge
    assert all(f.active_edge is not None for f in backward[1:])


def test_static_html_is_one_drawing_with_a_caption_per_step(o: Value) -> None:
    page = player_html(o, title="o = ½·c·d")
    count = len(frames(o))
    assert page.count("<svg") == 1
    assert page.count('class="bpb-player-caption ') == count
    # as written (no JavaScript, print) the last step shows
    assert page.count("bpb-on") == 1 and f'data-step="{count - 1}">Step {count} of' in page
    for label in ("First step", "Previous step", "Play", "Next step", "Last step"):
        assert f'aria-label="{label}"' in page
    assert f'max="{count - 1}"' in page
    assert "\u0101 = 10.5" in page and "o = 15" in page  # ā = ∂o/∂a, the adjoint of a
    # the legend says what the bar and the ∂ mean, with the output's name
    assert ("v\u0304 = ∂o/∂v is the adjoint of node v" in page
            and "∂c/∂v is the local derivative of the edge v → c" in page)
    assert "v\u0304 = ∂C/∂v" in player_html(o, output_name="C")


def test_drawing_writes_every_adjoint_with_a_bar_and_no_negative_zero() -> None:
    import numpy as np

    from backprop_core.networks.forms import network_graph
    from backprop_core.networks.network import Network

    net = Network.from_sizes([2, 2, 2], activations="sigmoid", seed=3)
    cost = network_graph(net, np.array([0.5, -1.0]), np.array([1.0, 0.0])).cost
    page = player_html(cost, output_name="C")
    grads = re.findall(r'class="bpb-grad"[^>]*>([^<]*)<', page)
    assert grads and all("∂" not in g for g in grads)
    assert {g.split(" = ")[0] for g in grads} == {adjoint_symbol(n.label)
                                                for n in topological_order(cost)}
    captions = re.findall(r'class="bpb-player-caption bpb-[^>]*>([^<]*)<', page)
    assert len(captions) == len(frames(cost))
    assert not any("+ -" in c or "-0 " in c + " " or "· -" in c for c in captions)
    assert any("· (-" in c for c in captions)  # negative factors are in brackets


def test_every_label_shows_in_the_steps_it_belongs_to(o: Value) -> None:
    page = player_html(o)
    fs = frames(o)
    # ∂o/∂a is 10.5 from the step that completes it to the end
    done = next(i for i, f in enumerate(fs) if f.step.phase == "backward" and f.step.label == "a"
                and abs(f.step.value - 10.5) < 1e-12)
    assert re.search(rf'data-from="{done}" data-to="{len(fs) - 1}">\u0101 = 10.5<', page)
    # a value appears at its forward step and stays
    assert re.search(r'data-from="0">a = ', page)
    # each step marks exactly one node active
    on = [int(n) for group in re.findall(r'class="bpb-node[^"]*" data-on="([\d ]+)"', page)
          for n in group.split()]
    assert sorted(on) == list(range(len(fs)))


def test_labels_do_not_overlap_in_the_layout() -> None:
    import numpy as np

    from backprop_core.figures.player import _layout, _text_box
    from backprop_core.networks.forms import network_graph
    from backprop_core.networks.network import Network

    net = Network.from_sizes([2, 3, 2], activations="sigmoid", seed=1)
    cost = network_graph(net, np.array([0.5, -1.0]), np.array([1.0, 0.0])).cost
    d = _layout(cost, "C")
    from backprop_core.figures.drawings import picture_edges
    from backprop_core.figures.player import _FONT_EDGE
    from backprop_core.formatting import fmt

    boxes = [_text_box(*d.edge_label[e.key], fmt(e.local), _FONT_EDGE)
             for e in picture_edges(cost)]
    hits = [(i, j) for i, a in enumerate(boxes) for j, b in enumerate(boxes[i + 1:], i + 1)
            if a.hits(b, gap=0.0)]
    assert hits == []


def test_static_html_is_deterministic_and_escaped() -> None:
    a, b = Value(1.0, "<a>"), Value(2.0, "b&")
    first = player_html(a * b, title="<script>alert(1)</script>")
    a2, b2 = Value(1.0, "<a>"), Value(2.0, "b&")
    assert player_html(a2 * b2, title="<script>alert(1)</script>") == first
    assert "<script>" not in first and "&lt;script&gt;" in first
    assert "&lt;a&gt;" in first and "b&amp;" in first


def test_widget_steps_through_the_frames(o: Value) -> None:
    box = player_widget(o)
    heading, picture, caption, controls = box.children
    play, prev_button, next_button, slider = controls.children
    first = picture.value
    assert (slider.min, slider.value, slider.max) == (1, 1, len(frames(o)))
    next_button.click()
    assert slider.value == 2 and picture.value != first
    assert "Step 2 of" in caption.value
    slider.value = slider.max
    assert "\u0101 = 10.5" in picture.value
    assert "is the adjoint of node v" in heading.value
    prev_button.click()
    assert slider.value == slider.max - 1
    next_button.click()
    next_button.click()
    assert slider.value == slider.max
    slider.value = 1
    prev_button.click()
    assert slider.value == 1 and picture.value == first


def test_one_output_carries_both_renditions(o: Value) -> None:
    bundle = graph_player(o, title="demo")._repr_mimebundle_()
    assert WIDGET_VIEW in bundle
    assert bundle["text/html"].startswith('<div class="bpb-player"')
    assert bundle["text/plain"] == f"Step-through player: demo ({len(frames(o))} steps)"


def test_player_and_draw_agree_on_a_node_used_twice() -> None:
    # issue 16, item 6: a·a at a = 3 has two edges a → a·a, each with local derivative
    # a = 3 (the player steps through each; the picture draws each); ∂/∂a = 3 + 3 = 6
    import matplotlib.pyplot as plt

    from backprop_core.figures.drawings import draw_graph

    a = Value(3.0, "a")
    sq = a * a
    sq.label = "y"
    page = player_html(sq)
    in_player = re.findall(r'<text class="bpb-local"[^>]*>([^<]*)</text>', page)
    fig = draw_graph(sq)
    in_draw = sorted(t.get_text() for t in fig.axes[0].texts if t.get_bbox_patch() is not None)
    plt.close(fig)
    assert in_player == in_draw == ["3", "3"]
    steps = [f.step for f in frames(sq) if f.step.child is sq]
    assert [s.contribution for s in steps] == [3.0, 3.0] and a.grad == 6.0
    # each step lights its own edge
    lit = re.findall(r'<g class="bpb-edge[^"]*" data-on="(\d+)"', page)
    assert len(lit) == 2 and len(set(lit)) == 2
