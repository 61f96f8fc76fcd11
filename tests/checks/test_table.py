"""table.py: many gradient checks as one compact table."""

from __future__ import annotations

import pytest

from backprop_core.checks.gradcheck import check_gradient
from backprop_core.checks.table import HEADER, check_table
from backprop_core.errors import ArgumentError, ArgumentTypeError


def _cube(t):  # type: ignore[no-untyped-def]
    return t[0] ** 3


def test_one_row_per_check_with_the_worst_element() -> None:
    right = check_gradient(_cube, [2.0], [12.0])
    wrong = check_gradient(lambda t: t[0] * t[1], [2.0, 3.0], [3.0, 5.0])  # ∂/∂y is 2
    table = check_table({"x³ at 2": right, "xy, a slip in ∂/∂y": wrong})
    assert not table.ok
    rows = table.rows()
    assert rows[0][:4] == ("x³ at 2", "1", "12", "12")
    assert rows[0][5] == "yes"
    assert rows[1][:4] == ("xy, a slip in ∂/∂y", "2", "5", "2")
    assert rows[1][4] == f"{wrong.max_rel_error:.0e}" and rows[1][5] == "NO"
    lines = str(table).splitlines()
    assert lines[0].split()[0] == HEADER[0] and len(lines) == 4
    assert set(lines[1]) <= {"-", " "}
    assert lines[2].startswith("x³ at 2") and lines[3].endswith("NO")
    assert len({len(line) for line in lines[:2]}) == 1  # header and rule line up


def test_all_agree() -> None:
    assert check_table({"x³": check_gradient(_cube, [1.0], [3.0])}).ok


def test_a_passed_check_shows_its_largest_derivative_not_its_noisiest() -> None:
    # x·y at (2, 3): gradient (3, 2); which element rounds worst is noise, the largest is 3
    right = check_gradient(lambda t: t[0] * t[1], [2.0, 3.0], [3.0, 2.0])
    assert right.largest is not None and right.largest.index == (0,)
    assert check_table({"xy": right}).rows()[0][2:4] == ("3", "3")


@pytest.mark.parametrize(("checks", "error", "said"), [
    ({}, ArgumentError, "checks is empty"),
    ([("x", None)], ArgumentTypeError, "checks must be a dict"),
    ({"x": 0.5}, ArgumentTypeError, r"checks\['x'\] must be a GradCheckResult"),
    ({1: check_gradient(_cube, [1.0], [3.0])}, ArgumentTypeError, "each name in checks"),
])
def test_bad_input_is_refused_by_name(checks: object, error: type, said: str) -> None:
    with pytest.raises(error, match=said):
        check_table(checks)  # type: ignore[arg-type]


def test_a_combining_bar_takes_no_column() -> None:
    table = check_table({"x̄": check_gradient(_cube, [1.0], [3.0]),
                         "xx": check_gradient(_cube, [1.0], [3.0])})
    first, second = str(table).splitlines()[2:]
    assert len(first) == len(second) + 1   # x̄ is two code points in one column
    assert first.index("1") == second.index("1") + 1
