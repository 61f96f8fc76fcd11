"""boundary.py: the cost and the decision boundary before and after, params restored."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.colors import to_hex

from backprop_core.errors import ArgumentError
from backprop_core.figures import palette
from backprop_core.figures.boundary import plot_boundaries, plot_tanh_run
from backprop_core.figures.legibility import MIN_TEXT_PX, rendered_px, smallest_font_pt
from backprop_core.networks.datasets import two_moons
from backprop_core.networks.network import Network
from support.plots import ys


def test_plot_boundaries_draws_both_moments_and_restores_the_parameters() -> None:
    data = two_moons(40)
    net = Network.from_sizes([2, 3, 2], ["tanh", "softmax"], loss="softmax_cross_entropy")
    own = net.get_params()
    moments = {"before": own * 0.5, "after": own * 2.0}
    fig = plot_boundaries(net, data, [1.0, 0.5, 0.25], moments)
    np.testing.assert_array_equal(net.get_params(), own)
    cost = next(ax for ax in fig.axes if ax.get_title().startswith("the cost"))
    assert cost.get_yscale() == "log" and ys(cost) == [[1.0, 0.5, 0.25]]
    panels = [ax for ax in fig.axes if ax.get_title() in moments]
    assert [ax.get_title() for ax in panels] == ["before", "after"]
    for ax in panels:
        points = [next(c for c in ax.collections if c.get_label() == f"class {k}")
                  for k in (1, 2)]
        assert [to_hex(p.get_facecolor()[0]) for p in points] == [
            c.lower() for c in palette.CLASSES]
        assert [len(p.get_offsets()) for p in points] == [
            int((data.labels == k).sum()) for k in (0, 1)]
        assert sum(len(p.get_offsets()) for p in points) == 40
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels == ["class 1", "class 2", "boundary, $a^L_2 = 0.5$"]
    fig.canvas.draw()
    assert rendered_px(smallest_font_pt(fig) or 0, fig.get_figwidth()) >= MIN_TEXT_PX


def test_plot_boundaries_wants_two_moments() -> None:
    net = Network.from_sizes([2, 2], ["softmax"], loss="softmax_cross_entropy")
    with pytest.raises(ArgumentError, match=r"two moments \(before, after\), got 1"):
        plot_boundaries(net, two_moons(10), [1.0], {"only": net.get_params()})


def test_plot_tanh_run_draws_the_cost_and_the_output_with_both_kinds_of_points() -> None:
    rng = np.random.default_rng(0)
    net = Network.from_sizes([2, 3, 1], "tanh", loss="squared_error", seed=0)
    X_train, X_held = rng.normal(size=(2, 10)), rng.normal(size=(2, 30))
    Y_train = np.where(X_train[:1] > 0, 1.0, -1.0)
    Y_held = np.where(X_held[:1] > 0, 1.0, -1.0)
    fig = plot_tanh_run([0.5, 0.25, 0.1], net, (X_train, Y_train), (X_held, Y_held),
                        cost_label="the cost")
    top, bottom = fig.axes[:2]
    assert top.get_title() == "the cost" and top.get_yscale() == "log"
    assert top.get_lines()[0].get_xdata().tolist() == [1, 2, 3]
    points = bottom.collections[-4:]  # per class: trained on, held out
    assert [len(p.get_offsets()) for p in points[::2]] == [
        int((Y_train < 0).sum()), int((Y_train > 0).sum())]
    assert sum(len(p.get_offsets()) for p in points[1::2]) == 30
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels[-1] == "boundary, $a^L = 0$" and "held out" in labels[1]
    fig.canvas.draw()
    assert rendered_px(smallest_font_pt(fig) or 0, fig.get_figwidth()) >= MIN_TEXT_PX


def test_plot_tanh_run_wants_two_inputs_and_one_output() -> None:
    net = Network.from_sizes([2, 2], "tanh")
    data = (np.zeros((2, 1)), np.ones((1, 1)))
    with pytest.raises(ArgumentError, match="2 inputs and 1 output, got sizes \\[2, 2\\]"):
        plot_tanh_run([1.0], net, data, data, cost_label="")
