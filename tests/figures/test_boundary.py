"""boundary.py: the cost and the decision boundary before and after, params restored."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.colors import to_hex

from backprop_core.errors import ArgumentError
from backprop_core.figures import palette
from backprop_core.figures.boundary import plot_boundaries
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
