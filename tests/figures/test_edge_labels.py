"""edge_labels.py: the one rule that places the number on an edge, in every picture."""

from __future__ import annotations

import pytest

from backprop_core.errors import ArgumentError
from backprop_core.figures.edge_labels import (
    LEVEL_SPOTS,
    SLANTED_SPOTS,
    Box,
    crosses,
    place,
    slide,
    spots,
)


def along_x(t: float) -> tuple[float, float]:
    """A level edge from (0, 0) to (100, 0)."""
    return 100 * t, 0.0


def label(x: float, y: float) -> Box:
    """A label 10 wide and 4 high centred on (x, y)."""
    return Box(x - 5, y - 2, x + 5, y + 2)


def test_level_and_bent_edges_try_the_middle_first_slanted_ones_nearer_an_end() -> None:
    assert spots(0.0, 0.0, 0.0) == LEVEL_SPOTS and LEVEL_SPOTS[0] == 0.5
    assert spots(0.0, 1.0, 0.25) == LEVEL_SPOTS  # bent: its middle is out of the way
    slanted = spots(0.0, 1.0, 0.0)
    assert slanted == SLANTED_SPOTS and abs(slanted[0] - 0.5) > 0.1
    for order in (LEVEL_SPOTS, SLANTED_SPOTS):
        assert all(0 < t < 1 for t in order) and len(set(order)) == len(order)


def test_a_free_edge_gets_its_most_wanted_spot_and_it_becomes_an_obstacle() -> None:
    taken: list[Box] = []
    assert place(LEVEL_SPOTS, along_x, label, taken, margin=(1.0, 2.0)) == (50.0, 0.0)
    assert taken == [Box(44, -4, 56, 4)]  # its box, grown by the margin
    # the next number on the same line goes elsewhere
    x, _ = place(LEVEL_SPOTS, along_x, label, taken)
    assert x == 34.0 and not label(x, 0).hits(Box(45, -2, 55, 2))


def test_a_blocked_spot_moves_the_number_along_then_across_the_edge() -> None:
    node = Box(30, -3, 70, 3)  # covers the line from t = 0.3 to 0.7
    assert place(LEVEL_SPOTS, along_x, label, [node]) == (27.0, 0.0)  # the nearest free t
    beside = ((0.0, -10.0), (0.0, 10.0))  # above the line first, then below
    assert place(LEVEL_SPOTS, along_x, label, [node], offsets=beside) == (50.0, -10.0)
    above = Box(0, -14, 100, -6)
    assert place(LEVEL_SPOTS, along_x, label, [node, above], offsets=beside) == (50.0, 10.0)


def test_the_gap_keeps_numbers_off_their_neighbours() -> None:
    neighbour = Box(56, -2, 60, 2)  # 1 unit right of a label at t = 0.5
    assert place(LEVEL_SPOTS, along_x, label, [neighbour]) == (50.0, 0.0)
    assert place(LEVEL_SPOTS, along_x, label, [neighbour], gap=2.0) == (42.0, 0.0)


def test_nowhere_free_takes_the_spot_that_covers_least() -> None:
    wall = Box(0, -2, 100, 2)  # the whole line is covered
    corner = Box(0, -2, 100, 0)  # ...and its upper half once more
    taken = [wall, corner]
    x, y = place(LEVEL_SPOTS, along_x, label, taken, offsets=((0.0, -1.0), (0.0, 1.0)))
    assert (x, y) == (50.0, 1.0)  # below: it covers less of the two
    assert len(taken) == 3
    with pytest.raises(ArgumentError, match="at least one spot"):
        place((), along_x, label, [])


def test_boxes() -> None:
    a = Box(0, 0, 2, 2)
    assert a.hits(Box(1, 1, 3, 3)) and not a.hits(Box(2, 0, 3, 2))  # touching is free
    assert a.hits(Box(2.5, 0, 3, 2), gap=1.0)
    assert a.overlap(Box(1, 1, 3, 3)) == 1.0 and a.overlap(Box(5, 5, 6, 6)) == 0.0
    assert a.grown(1, 2) == Box(-1, -2, 3, 4)


def test_a_segment_crosses_a_box_only_where_it_passes_through_it() -> None:
    box = Box(0, 0, 10, 4)
    assert crosses(box, (-5, 2), (15, 2))  # straight through
    assert crosses(box, (5, 2), (50, 50))  # from inside
    assert not crosses(box, (-5, 5), (15, 5))  # above
    assert not crosses(box, (-5, -1), (0, 20))  # misses the corner
    assert crosses(box, (5, -10), (5, 10))  # a vertical line


def test_a_label_slides_to_the_first_shift_that_clears_every_line() -> None:
    box = Box(0, 0, 10, 4)
    line = [(4.0, -10.0), (4.0, 10.0)]  # a vertical edge through the label
    assert slide(box, [line], [], [0, 3, -3, 7, -7], (-100, 100)) == 7
    assert slide(box, [line], [Box(12, 0, 20, 4)], [0, 3, -3, 7, -7], (-100, 100)) == -7
    assert slide(box, [line], [], [0, 3, 7], (-100, 12)) is None  # not out of the picture
    assert slide(box, [], [], [0, 3], (2, 5)) == 0  # where it is, it may stay
