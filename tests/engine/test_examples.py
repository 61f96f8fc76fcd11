"""examples.py: the book's example graphs."""

from __future__ import annotations

import pytest

from backprop_core.engine.examples import example_graph, example_nodes, exercise_graph


def test_example_graph_has_the_numbers_of_source_001() -> None:
    g = example_graph(a=2.0, b=3.0)
    assert (g["c"].data, g["d"].data, g["o"].data) == (5.0, 6.0, 15.0)
    assert g["a"].grad == pytest.approx(10.5)
    assert g["b"].grad == pytest.approx(8.0)
    assert g["c"].grad == pytest.approx(3.0)
    assert g["d"].grad == pytest.approx(2.5)
    assert [g[k].label for k in g] == ["a", "b", "c", "d", "cd", "o"]


def test_example_nodes_on_floats_compute_the_same_values() -> None:
    values = example_nodes(2.0, 3.0)
    assert values["o"] == 15.0 and values["cd"] == 30.0


def test_exercise_graph_gradients_match_the_closed_form() -> None:
    for a, b in [(2.0, 1.0), (-1.5, 0.25)]:
        g = exercise_graph(a, b)
        assert g["e"].data == pytest.approx((a + b) * (b + 1))
        assert g["a"].grad == pytest.approx(b + 1)
        assert g["b"].grad == pytest.approx(a + 2 * b + 1)
