"""Where the number on an edge goes: one rule for every picture of a graph (the matplotlib
drawings of ``drawings`` and the player's SVG).

Each edge's number tries spots along its edge in one order: near the middle first on a
level or bent edge, nearer an end first on a slanted one (slanted edges cross mid-way);
at each spot, each place across the edge that the picture allows (on the line itself, or
beside it, one side first). It takes the first spot where its box keeps ``gap`` from
every obstacle (the nodes, their labels, the numbers placed before it); where there is
none, the spot that covers the least of them. The number placed becomes an obstacle for
the next ones, grown by ``margin`` on each side.

A picture supplies its own geometry, in its own units: where its edge runs
(``point_at``) and how large the number's box is when centred on a point (``box_at``: the
renderer's measure in matplotlib, an estimate from the font size in SVG).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    ShapeError,
    check_array,
    check_callable,
    check_instance,
    check_instances,
    check_real,
    check_result,
    describe,
)

Point = tuple[float, float]

# where along an edge (0 at the parent, 1 at the child) its number may go, most wanted first
LEVEL_SPOTS = (0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73)
SLANTED_SPOTS = (0.38, 0.62, 0.3, 0.7, 0.46, 0.54, *(0.2 + 0.04 * k for k in range(16)))
ON_THE_LINE: tuple[Point, ...] = ((0.0, 0.0),)


@dataclass(frozen=True)
class Box:
    """An axis-aligned box (x0, y0)-(x1, y1), x0 ≤ x1 and y0 ≤ y1: a label's extent."""

    x0: float
    y0: float
    x1: float
    y1: float

    def hits(self, other: Box, gap: float = 0.0) -> bool:
        """Do the two boxes come closer than ``gap`` (overlap, for ``gap = 0``)?"""
        other, gap = check_instance(other, Box, "other"), check_real(gap, "gap")
        return not (self.x1 + gap <= other.x0 or other.x1 + gap <= self.x0
                    or self.y1 + gap <= other.y0 or other.y1 + gap <= self.y0)

    def grown(self, dx: float, dy: float) -> Box:
        """The box with ``dx`` more on the left and the right, ``dy`` below and above."""
        dx, dy = check_real(dx, "dx"), check_real(dy, "dy")
        for side in (self.x0 - dx, self.y0 - dy, self.x1 + dx, self.y1 + dy):
            check_result(side, "the grown box", f" (dx = {dx:g}, dy = {dy:g})")
        return Box(self.x0 - dx, self.y0 - dy, self.x1 + dx, self.y1 + dy)

    def overlap(self, other: Box) -> float:
        """The area the two boxes share."""
        other = check_instance(other, Box, "other")
        return (max(0.0, min(self.x1, other.x1) - max(self.x0, other.x0))
                * max(0.0, min(self.y1, other.y1) - max(self.y0, other.y0)))


def spots(y0: float, y1: float, bend: float) -> tuple[float, ...]:
    """The spots to try along an edge from height ``y0`` to ``y1``, bent by ``bend``."""
    y0, y1, bend = check_real(y0, "y0"), check_real(y1, "y1"), check_real(bend, "bend")
    slanted = abs(y1 - y0) > 1e-9 and not bend
    return SLANTED_SPOTS if slanted else LEVEL_SPOTS


def place(spots_along: Sequence[float], point_at: Callable[[float], Point],
          box_at: Callable[[float, float], Box], obstacles: list[Box], *,
          offsets: Sequence[Point] = ON_THE_LINE, gap: float = 0.0,
          margin: Point = (0.0, 0.0)) -> Point:
    """The centre of an edge's number: the first spot ``t`` of ``spots_along``, shifted
    by one of ``offsets`` (across the edge), whose box keeps ``gap`` from every obstacle;
    else the spot whose box covers the least of them. Its box, grown by ``margin``, joins
    ``obstacles``."""
    along = check_array(spots_along, "spots_along", ndim=1, nonempty=False)
    if not ((along >= 0) & (along <= 1)).all():
        raise ArgumentError(f"spots_along must hold numbers from 0 (the parent) to 1 (the "
                            f"child), got {along.tolist()!r:.60}")
    check_callable(point_at, "point_at")
    check_callable(box_at, "box_at")
    if not isinstance(obstacles, list):
        raise ArgumentTypeError(f"obstacles must be a list of Boxes (the number placed joins "
                                f"it), got {describe(obstacles)}")
    check_instances(obstacles, Box, "obstacles")
    if check_array(offsets, "offsets", ndim=2).shape[1] != 2:
        raise ShapeError(f"offsets must be (dx, dy) pairs, got {offsets!r:.60}")
    gap = check_real(gap, "gap")
    if check_array(margin, "margin", ndim=1).shape != (2,):
        raise ShapeError(f"margin must be a pair (dx, dy), got {margin!r:.60}")
    fallback: tuple[float, Point, Box] | None = None
    for t in spots_along:
        px, py = point_at(t)
        for dx, dy in offsets:
            centre = (px + dx, py + dy)
            box = box_at(*centre)
            if not any(box.hits(o, gap) for o in obstacles):
                obstacles.append(box.grown(*margin))
                return centre
            covered = sum(box.overlap(o) for o in obstacles)
            if fallback is None or covered < fallback[0]:
                fallback = (covered, centre, box)
    if fallback is None:
        raise ArgumentError("place needs at least one spot and one offset")
    obstacles.append(fallback[2].grown(*margin))
    return fallback[1]


def crosses(box: Box, p: Point, q: Point) -> bool:
    """Does the segment p-q pass through ``box`` (Liang-Barsky clipping)?"""
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for step, room in ((-dx, p[0] - box.x0), (dx, box.x1 - p[0]),
                       (-dy, p[1] - box.y0), (dy, box.y1 - p[1])):
        if step == 0:
            if room < 0:
                return False
            continue
        t = room / step
        if step < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def crosses_any(box: Box, lines: Sequence[Sequence[Point]]) -> bool:
    """Does any of ``lines`` (polylines) pass through ``box``?"""
    return any(crosses(box, p, q) for line in lines
               for p, q in zip(line[:-1], line[1:], strict=True))


def slide(box: Box, lines: Sequence[Sequence[Point]], obstacles: Sequence[Box],
          shifts: Sequence[float], within: tuple[float, float]) -> float | None:
    """How far to move a node's label sideways so that no line (an edge, as a polyline)
    crosses it, it meets no obstacle and it stays between the x's ``within``: the first of
    ``shifts`` (0 first) that does, else None."""
    for shift in shifts:
        moved = Box(box.x0 + shift, box.y0, box.x1 + shift, box.y1)
        outside = shift and (moved.x0 < within[0] or moved.x1 > within[1])
        if outside or any(moved.hits(o) for o in obstacles):
            continue
        if not crosses_any(moved, lines):
            return shift
    return None
