"""The step-through player: frames follow engine.trace, both renditions agree, output is
deterministic (strict nbval compares text/html byte for byte), the trace runs once and the
layout is computed once per player, and it works without ipywidgets."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from backprop_core.display import WIDGET_VIEW
from backprop_core.engine.examples import example_graph
from backprop_core.engine.labels import adjoint_symbol
from backprop_core.engine.trace import trace
from backprop_core.engine.value import Value, topological_order
from backprop_core.figures.edge_labels import Box
from backprop_core.figures.player import frames, graph_player, player_html, player_widget
from backprop_core.figures.player.layout import text_box
from backprop_core.networks.forms import network_graph
from backprop_core.networks.network import Network

SVG = "{http://www.w3.org/2000/svg}"


def network_cost(sizes: list[int], seed: int) -> Value:
    net = Network.from_sizes(sizes, activations="sigmoid", seed=seed)
    x, y = np.linspace(-1.0, 0.5, sizes[0]), np.eye(sizes[-1])[0]
    return network_graph(net, x, y).cost


def svg_of(page: str) -> ET.Element:
    return ET.fromstring(re.search(r"<svg.*</svg>", page, re.S).group())  # type: ignore[union-attr]


def look(element: ET.Element) -> tuple[str | None, str | None]:
    return element.get("stroke"), element.get("stroke-width")


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


@pytest.mark.parametrize("step", ["first", "last"])
def test_active_step_is_highlighted_without_any_stylesheet(o: Value, step: str) -> None:
    # JupyterLab does not load the site's player.css: the SVG's own attributes must set the
    # active node (and, backward, the active edge) apart from every other one
    widget = player_widget(o)
    if step == "last":
        widget.go(len(frames(o)))
    svg = svg_of(widget.picture.value)
    for kind, shape, count in (("node", "circle", 1), ("edge", "line", int(step == "last"))):
        groups = svg.findall(f"{SVG}g")
        lit = [g for g in groups if g.get("class") == f"bpb-{kind} bpb-active"]
        assert len(lit) == count, kind
        others = {look(el) for g in groups if g.get("class") == f"bpb-{kind}"
                  for el in g.iter(f"{SVG}{shape}")}
        assert all(look(el) not in others for g in lit for el in g.iter(f"{SVG}{shape}"))


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
    assert page.count("bpb-on") == 1 and (f'data-step="{count - 1}" data-phase="backward">'
                                            f'Step {count} of') in page
    for label in ("First step", "Previous step", "Play", "Next step", "Last step"):
        assert f'aria-label="{label}"' in page
    assert f'max="{count - 1}"' in page
    assert "\u0101 = 10.5" in page and "o = 15" in page  # ā = ∂o/∂a, the adjoint of a
    # the legend says what the bar and the ∂ mean, with the output's name
    assert ("v\u0304 = ∂o/∂v is the adjoint of node v" in page
            and "∂c/∂v is the local derivative of the edge v → c" in page)
    assert "v\u0304 = ∂C/∂v" in player_html(o, output_name="C")


def test_drawing_writes_every_adjoint_with_a_bar_and_no_negative_zero() -> None:
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


def shown_texts(svg: ET.Element, step: int, last: int) -> list[tuple[str, Box]]:
    """The texts the site's drawing shows in ``step``, each with its estimated box."""
    out = []
    for text in svg.iter(f"{SVG}text"):
        start = int(text.get("data-from", 0))
        stop = int(text.get("data-to", last))
        if start <= step <= stop:
            box = text_box(float(text.get("x", 0)), float(text.get("y", 0)), text.text or "",
                           float(text.get("font-size", 0)))
            out.append((text.text or "", box))
    return out


@pytest.mark.parametrize("sizes", [[2, 2, 2], [2, 3, 2]])
def test_no_two_labels_meet_in_any_step(sizes: list[int]) -> None:
    # what the site shows: no text meets another, and no number on an edge meets a node
    cost = network_cost(sizes, seed=1)
    count = len(frames(cost))
    svg = svg_of(player_html(cost, output_name="C"))
    circles = [Box(float(c.get("cx", 0)) - float(c.get("r", 0)),
                   float(c.get("cy", 0)) - float(c.get("r", 0)),
                   float(c.get("cx", 0)) + float(c.get("r", 0)),
                   float(c.get("cy", 0)) + float(c.get("r", 0))) for c in svg.iter(f"{SVG}circle")]
    for step in range(count):
        texts = shown_texts(svg, step, count - 1)
        meets = [(a, b) for i, (a, box) in enumerate(texts) for b, other in texts[i + 1:]
                 if box.hits(other)]
        assert meets == [], f"step {step + 1}"
    for number in (t for t in svg.iter(f"{SVG}text") if t.get("class") == "bpb-local"):
        box = text_box(float(number.get("x", 0)), float(number.get("y", 0)),
                       number.text or "", float(number.get("font-size", 0)))
        assert not any(box.hits(c) for c in circles), number.text


def test_static_html_is_deterministic_and_escaped() -> None:
    a, b = Value(1.0, "<a>"), Value(2.0, "b&")
    first = player_html(a * b, title="<script>alert(1)</script>")
    a2, b2 = Value(1.0, "<a>"), Value(2.0, "b&")
    assert player_html(a2 * b2, title="<script>alert(1)</script>") == first
    assert "<script>" not in first and "&lt;script&gt;" in first
    assert "&lt;a&gt;" in first and "b&amp;" in first


def test_widget_steps_through_the_frames(o: Value) -> None:
    widget = player_widget(o)
    first = widget.picture.value
    assert (widget.slider.min, widget.step, widget.slider.max) == (1, 1, len(frames(o)))
    widget.next_button.click()
    assert widget.step == 2 and widget.picture.value != first
    assert "Step 2 of" in widget.caption.value
    widget.slider.value = widget.slider.max
    assert "\u0101 = 10.5" in widget.picture.value
    assert "is the adjoint of node v" in widget.heading.value
    widget.prev_button.click()
    assert widget.step == widget.slider.max - 1
    widget.next_button.click()
    widget.next_button.click()  # already at the last step: stays there
    assert widget.step == widget.slider.max
    widget.go(1)
    widget.prev_button.click()
    assert widget.step == 1 and widget.picture.value == first
    # the play button drives the slider (linked in the browser)
    assert widget.play.max == widget.slider.max


def test_widget_and_site_show_the_same_labels_in_every_step(o: Value) -> None:
    widget = player_widget(o)
    site = svg_of(player_html(o))
    count = len(frames(o))
    for step in range(count):
        widget.go(step + 1)
        shown = sorted(t.text or "" for t in svg_of(widget.picture.value).iter(f"{SVG}text"))
        assert shown == sorted(t for t, _ in shown_texts(site, step, count - 1)), step


def test_one_output_carries_both_renditions(o: Value) -> None:
    bundle = graph_player(o, title="demo")._repr_mimebundle_()
    assert WIDGET_VIEW in bundle
    assert bundle["text/html"].startswith('<div class="bpb-player"')
    assert bundle["text/plain"] == f"Step-through player: demo ({len(frames(o))} steps)"


def test_without_ipywidgets_the_player_is_its_html_and_text(
        o: Value, monkeypatch: pytest.MonkeyPatch) -> None:
    # the website's Python has no ipywidgets: the output carries the site's rendition
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import now raises ImportError
    out = graph_player(o, title="demo")
    assert out.widget is None
    bundle = out._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    assert bundle["text/html"] == player_html(o, title="demo")


def test_one_trace_and_one_layout_per_player(monkeypatch: pytest.MonkeyPatch) -> None:
    # however many frames, the graph is traced once and laid out once for both renditions
    from backprop_core.figures.player import layout, model

    calls = {"trace": 0, "graph_layout": 0}
    for module, name in ((model, "trace"), (layout, "graph_layout")):
        def counted(*args: object, _f: object = getattr(module, name), _n: str = name) -> object:
            calls[_n] += 1
            return _f(*args)  # type: ignore[operator]
        monkeypatch.setattr(module, name, counted)
    cost = network_cost([2, 3, 2], seed=1)
    out = graph_player(cost, output_name="C")
    for step in range(1, out.widget.slider.max + 1):  # every frame of the widget drawn
        out.widget.go(step)
    assert out.widget.slider.max > 20
    assert calls == {"trace": 1, "graph_layout": 1}


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
