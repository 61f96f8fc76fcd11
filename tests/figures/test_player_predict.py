"""The worked example's player reaches ∂C/∂w and ∂C/∂b (BP3, BP4), checked by the book's
gradient checker; "predict, then see": each prediction is judged like a numeric quiz and a
known slip is named in the reader's terms; the static page carries what player.js needs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from backprop_core.checks.gradcheck import assert_grad_close
from backprop_core.engine.examples import example_graph
from backprop_core.errors import BackpropError
from backprop_core.figures.player import player_html, player_widget
from backprop_core.figures.player.model import PlayerModel
from backprop_core.figures.player.predict import TEXT, predictions
from backprop_core.formatting import fmt
from backprop_core.networks.cost_functions import cost_of_params
from backprop_core.networks.forms import NetworkGraph, network_graph
from backprop_core.networks.gradients import Gradients
from backprop_core.networks.layers import Dense
from backprop_core.networks.network import Network
from backprop_core.quiz import progress_output
from backprop_core.quiz import session as session_module
from backprop_core.quiz.messages import points
from backprop_core.quiz.progress import PREDICT_PENALTY, PREDICT_POINTS, progress_data
from backprop_core.quiz.session import predictions_for, session_for

BOOK = Path(__file__).resolve().parents[2] / "book"


def worked() -> tuple[Network, np.ndarray, np.ndarray, NetworkGraph]:
    net = Network([Dense([[0.5, -0.3], [0.2, 0.8]], [0.1, -0.1], "sigmoid"),
                   Dense([[0.7, -0.4], [-0.6, 0.9]], [0.0, 0.2], "sigmoid")],
                  loss="squared_error")
    x, y = np.array([1.0, 0.5]), np.array([1.0, 0.0])
    return net, x, y, network_graph(net, x, y)


@pytest.mark.parametrize("sizes, seed", [([2, 2, 2], 0), ([3, 1, 2], 4), ([1, 3, 2, 1], 7)])
def test_the_parameter_steps_are_the_gradient_the_checker_accepts(sizes: list[int],
                                                                   seed: int) -> None:
    if seed:
        net = Network.from_sizes(sizes, activations="sigmoid", seed=seed)
        x, y = np.linspace(-1.0, 0.5, sizes[0]), np.eye(sizes[-1])[0]
        graph = network_graph(net, x, y)
    else:
        net, x, y, graph = worked()
    model = PlayerModel.of(graph.cost, "t", "C", graph)
    where = {id(z): (layer, j) for layer, zs in graph.z.items() for j, z in enumerate(zs)}
    dW = {n: np.full(net.layer(n).W.shape, np.nan) for n in graph.z}
    db = {n: np.full(net.layer(n).b.shape, np.nan) for n in graph.z}
    steps = [f.step for f in model.frames if f.step.phase == "parameter"]
    assert len(steps) == sum(layer.W.size + layer.b.size for layer in net.layers)
    for step in steps:
        layer, j = where[id(step.node)]
        if step.edge is None:
            db[layer][j] = step.value
        else:
            dW[layer][j, step.edge] = step.value
    flat = Gradients(dW, db).flat()
    cost = cost_of_params(net, x, y)
    assert_grad_close(cost, cost.theta, flat)  # the book's one checker
    assert np.allclose(flat, net.gradients(x, y).flat(), rtol=1e-12, atol=1e-15)


def test_parameter_steps_follow_the_sweep_with_their_formula_and_edge() -> None:
    *_, graph = worked()
    model = PlayerModel.of(graph.cost, "t", "C", graph)
    phases = [f.step.phase for f in model.frames]
    assert phases.index("parameter") == len(phases) - 12  # after every backward step
    first, weight = model.frames[-12], model.frames[-11]
    z = graph.z[2][0]
    assert first.step.formula == f"∂C/∂b²₁ = δ²₁ = z̄²₁ = {fmt(z.grad)}   (BP4)"
    assert first.active_edge is None and first.active_node == id(z)
    a = graph.a[1][0]
    assert weight.step.formula == (f"∂C/∂w²₁₁ = a¹₁ · δ²₁ = {fmt(a.data)} · ({fmt(z.grad)}) = "
                                   f"{fmt(a.data * z.grad)}   (BP3)")
    assert weight.active_edge == (id(a), id(z), 0)  # the edge that carries w²₁₁
    assert model.caption(len(phases) - 1).startswith("Step 38 of 38 · Gradient for training")
    # the adjoints under the nodes stay as the sweep left them
    assert model.frames[-1].grads == model.frames[-13].grads
    # the site lists each gradient from its step on
    page = player_html(graph.cost, "t", "C", parameters=graph)
    items = re.findall(r'<li data-from="(\d+)">([^<]*)</li>', page)
    assert [int(i) for i, _ in items] == list(range(26, 38))
    assert items[0][1] == f"∂C/∂b²₁ = {fmt(z.grad)}"
    assert 'data-phase="parameter"' in page


def test_parameters_must_be_the_graph_played() -> None:
    *_, graph = worked()
    with pytest.raises(BackpropError, match="parameters"):
        PlayerModel.of(example_graph()["o"], parameters=graph)
    with pytest.raises(BackpropError, match="parameters"):
        PlayerModel.of(graph.cost, parameters="graph")  # type: ignore[arg-type]


def test_a_prediction_accepts_the_value_printed_and_names_each_slip() -> None:
    *_, graph = worked()
    model = PlayerModel.of(graph.cost, "t", "C", graph)
    preds = {p.step: p for p in predictions(model)}
    assert len(preds) == 14 + 12  # every backward step but the seed, every parameter
    # a¹₁ gets its adjoint from two paths: the second step adds to the first
    a = graph.a[1][0]
    second = [p for p in preds.values()
              if model.frames[p.step].step.node is a and model.frames[p.step].step.phase
              == "backward"][1]
    step = model.frames[second.step].step
    child = step.child
    assert child is not None and step.edge is not None
    upstream, local = child.grad, child.local_derivatives[step.edge]
    assert second.judge(float(fmt(step.value))) == ""  # the page's four digits
    assert second.judge(step.value * 1.1) != ""
    assert "alone" in second.judge(upstream * local) and "already holds" in second.judge(
        upstream * local)
    assert "you still need the factor ∂z²" in second.judge(upstream)
    assert "multiply it by" in second.judge(local)
    assert "sign" in second.judge(-step.value)
    assert second.judge(123.0) == second.otherwise
    # a weight: δ alone, or the input alone
    weight = preds[len(model.frames) - 11]
    z = graph.z[2][0]
    assert "you still need the factor a¹₁" in weight.judge(z.grad)
    assert "multiply it by δ" in weight.judge(a.data)


def test_no_hint_is_the_right_answer() -> None:
    for p in predictions(PlayerModel.of(example_graph()["o"])):
        assert all(p.judge(h.value) != "" for h in p.hints)


def test_the_static_predict_box_is_labelled_and_carries_its_data() -> None:
    *_, graph = worked()
    page = player_html(graph.cost, "t", "C", parameters=graph, predict="worked-example")
    assert re.search(r'<label for="(bpb-player-\w+-answer)">Your prediction \(within 1%\):'
                     r'</label> <input type="text" id="\1"', page)
    assert 'data-predict="check">Check</button>' in page
    assert 'class="bpb-player-feedback" role="status" aria-live="polite"' in page
    assert 'class="bpb-quiz-rules"' in page  # the number rules of the quizzes
    data = json.loads(re.search(r'class="bpb-player-predictions">(.*?)</script>', page).group(1))
    assert data["chapter"] == "worked-example"
    assert (data["points"], data["penalty"]) == (PREDICT_POINTS, PREDICT_PENALTY)
    assert data["text"] == TEXT and len(data["items"]) == 26
    assert all(i["key"] == f"player:t:{i['step']}" for i in data["items"])
    plain = player_html(graph.cost, "t", "C", parameters=graph)
    assert "bpb-player-predict" not in plain


@pytest.mark.parametrize("chapter", ["Worked Example", "", "../x", 3])
def test_predict_names_a_chapter(chapter: object) -> None:
    with pytest.raises(BackpropError, match="predict must name the chapter"):
        player_html(example_graph()["o"], predict=chapter)  # type: ignore[arg-type]


def test_widget_waits_for_a_prediction_and_scores_it() -> None:
    o = example_graph()["o"]
    player = player_widget(o, "t", predict="computational-graph")
    model = PlayerModel.of(example_graph()["o"], "t")
    first = predictions(model)[0]
    player.go(first.step)  # the step before the first prediction
    player.next()
    assert player.step == first.step and "prediction first" in player.feedback.value
    player.answer.value = "1e6"
    player.check()
    assert player.step == first.step and player.feedback.value.startswith("Not right.")
    assert f"−{PREDICT_PENALTY} point" in player.feedback.value
    player.answer.value = "1,5"
    player.check()
    assert "point as the decimal separator" in player.feedback.value
    player.answer.value = first.shown
    player.check()
    assert player.step == first.step + 1  # the step is shown
    assert player.score == PREDICT_POINTS - PREDICT_PENALTY
    assert f"{PREDICT_POINTS - PREDICT_PENALTY} of" in player.score_line.value
    player.reveal()  # the next one, shown without a prediction: no points
    assert player.score == PREDICT_POINTS - PREDICT_PENALTY


def test_progress_data_is_unchanged_by_the_players() -> None:
    # the quizzes' totals stay as they were: predictions are counted beside them
    assert all(set(ch) == {"name", "page", "total", "quizzes"} for ch in progress_data(
        __import__("backprop_core.quiz.book", fromlist=["book_chapters"]).book_chapters()))


def test_a_prediction_in_the_widget_counts_on_the_progress_widget_until_the_reset(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # JupyterLab: the player records its right predictions in the kernel's quiz session,
    # where show_progress() counts them beside the chapter's quizzes, as the site does
    monkeypatch.setattr(session_module, "_PREDICTIONS", {})
    monkeypatch.setattr(session_module, "_SESSIONS", {})
    monkeypatch.chdir(BOOK)
    progress = progress_output(["computational-graph"]).widget
    assert progress.predictions() == [(0, 0)]
    player = player_widget(example_graph()["o"], "t", predict="computational-graph")
    first, second = predictions(PlayerModel.of(example_graph()["o"], "t"))[:2]
    player.go(first.step)
    player.answer.value = "1e6"
    player.check()
    player.answer.value = first.shown
    player.check()  # right after one wrong try
    player.reveal()  # shown without a prediction: not counted
    progress.refresh()
    earned = PREDICT_POINTS - PREDICT_PENALTY
    assert progress.predictions() == [(earned, 1)]
    assert f"(+{points(earned)} from predictions in the players)" in progress.table.value
    assert predictions_for("computational-graph").solved == {first.key: 1}
    assert second.key not in predictions_for("computational-graph").solved
    session_for(Path("quizzes/computational-graph.txt")).reset()  # the chapter's reset
    progress.refresh()
    assert progress.predictions() == [(0, 0)]
    assert "predictions in the players" not in progress.table.value
    assert player.score == 0 and "0 of" in player.score_line.value  # the player starts over
    player.go(first.step)
    player.next()
    assert player.step == first.step and "prediction first" in player.feedback.value
