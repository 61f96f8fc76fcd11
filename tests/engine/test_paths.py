"""paths.py: the sum over paths equals reverse mode, and costs exponentially more."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop_core.engine.examples import example_graph, exercise_graph
from backprop_core.engine.paths import (
    all_paths,
    count_paths,
    diamond_chain,
    path_work,
    sum_over_paths,
)
from backprop_core.engine.value import Value
from backprop_core.errors import ArgumentError, ArgumentTypeError, NonFiniteError


def test_paths_of_the_example_graph() -> None:
    g = example_graph()
    paths = all_paths(g["o"], g["a"])
    assert [str(p) for p in paths] == [
        "a → c → cd → o: 1 · 6 · 0.5 = 3",
        "a → d → cd → o: 3 · 5 · 0.5 = 7.5",
    ]
    assert sum_over_paths(g["o"], g["a"]) == pytest.approx(10.5) == g["a"].grad
    assert sum_over_paths(g["o"], g["b"]) == pytest.approx(8.0) == g["b"].grad
    assert sum_over_paths(g["o"], g["c"]) == pytest.approx(3.0) == g["c"].grad


def test_a_path_writes_negative_factors_in_brackets() -> None:
    x, y = Value(4.0, "x"), Value(6.0, "y")
    v = x + y
    v.label = "v"
    z = (x * y) / v
    z.label = "z"
    z.backward()
    through_v = [str(p) for p in all_paths(z, x) if v in p.nodes]
    assert through_v == ["x → v → z: 1 · (-0.24) = -0.24"]


def test_sum_over_paths_equals_reverse_mode_on_every_node_of_the_exercise() -> None:
    g = exercise_graph(1.5, -0.5)
    for node in g.values():
        assert sum_over_paths(g["e"], node) == pytest.approx(node.grad)


@given(depth=st.integers(1, 8), x=st.floats(-2.0, 2.0))
def test_diamond_chain_paths_double_and_still_sum_to_the_gradient(depth: int, x: float) -> None:
    source, out = diamond_chain(depth, x)
    out.backward()
    assert count_paths(out, source) == 2**depth
    assert len(all_paths(out, source)) == 2**depth
    assert sum_over_paths(out, source) == pytest.approx(source.grad, rel=1e-9, abs=1e-300)


def test_a_repeated_parent_is_two_paths() -> None:
    a = Value(3.0, "a")
    out = a * a
    assert count_paths(out, a) == 2
    assert sum_over_paths(out, a) == 6.0


def test_a_node_outside_the_graph_has_no_path_and_zero_sum() -> None:
    g = example_graph()
    stranger = Value(1.0, "s")
    assert count_paths(g["o"], stranger) == 0
    assert all_paths(g["o"], stranger) == []
    assert sum_over_paths(g["o"], stranger) == 0.0


def test_the_output_itself_is_one_empty_path_with_product_one() -> None:
    g = example_graph()
    (path,) = all_paths(g["o"], g["o"])
    assert path.nodes == (g["o"],) and path.product == 1.0


def test_path_work_of_the_example() -> None:
    g = example_graph()
    cost = path_work(g["o"], [g["a"], g["b"]])
    # 4 paths of 3 edges each, against 7 edges visited once
    assert (cost.n_inputs, cost.n_paths) == (2, 4)
    assert (cost.path_multiplications, cost.reverse_multiplications) == (12, 7)
    assert cost.ratio == pytest.approx(12 / 7)


@pytest.mark.parametrize("depth", [1, 5, 30])
def test_path_work_of_diamond_chains_grows_as_two_to_the_depth(depth: int) -> None:
    source, out = diamond_chain(depth)
    cost = path_work(out, [source])
    assert cost.n_paths == 2**depth
    assert cost.path_multiplications == 2 * depth * 2**depth  # 2^d paths of 2d edges
    assert cost.reverse_multiplications == 4 * depth  # 4 edges per diamond, once each


def test_listing_too_many_paths_is_refused_with_advice() -> None:
    source, out = diamond_chain(12)
    with pytest.raises(ValueError, match=r"^4096 paths lead from x0 to x12, more than "
                                         r"limit=1000; use count_paths or path_work"):
        all_paths(out, source, limit=1000)


def test_diamond_chain_needs_a_positive_depth() -> None:
    with pytest.raises(ValueError, match="depth must be an integer >= 1, got 0"):
        diamond_chain(0)


def test_diamond_nodes_is_the_function_diamond_chain_draws() -> None:
    from backprop_core.engine.forward_mode import Dual
    from backprop_core.engine.paths import diamond_nodes

    x0, x5 = diamond_chain(5, x=0.3)
    x5.backward()
    assert diamond_nodes(0.3, 5) == pytest.approx(x5.data, rel=1e-15)
    dual = diamond_nodes(Dual(0.3, tangent=1.0), 5)
    assert dual.tangent == pytest.approx(x0.grad, rel=1e-12)
    with pytest.raises(ValueError, match="depth must be an integer >= 1, got 0"):
        diamond_nodes(0.3, 0)


def test_path_functions_check_their_arguments() -> None:
    source, out = diamond_chain(2)
    with pytest.raises(ArgumentTypeError, match=r"^source must be a Value \(a node of a graph\), "
                                                r"got float 1.0$"):
        count_paths(out, 1.0)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match=r"^inputs\[1\] must be a Value"):
        path_work(out, [source, "x0"])  # type: ignore[list-item]
    with pytest.raises(ArgumentError, match=r"^limit must be an integer >= 0, got -1$"):
        all_paths(out, source, limit=-1)
    for bad, error in ((2.5, ArgumentError), ("3", ArgumentTypeError), (0, ArgumentError)):
        with pytest.raises(error, match=r"^depth must be an integer"):
            diamond_chain(bad)  # type: ignore[arg-type]
    with pytest.raises(NonFiniteError, match=r"^the data of Value 'x0' must be a finite "
                                             r"number, got nan$"):
        diamond_chain(3, float("nan"))
    assert all_paths(source, out) == []  # no path runs from the output back to the input
