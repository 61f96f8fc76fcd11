"""Many gradient checks in one compact table: one row per check.

A chapter shows its first check of an idea in full; later checks of ideas it has already
checked go into one table, so every gradient is still checked by ``gradcheck`` (the one
checker) while the reader reads a row, not a paragraph. A row holds what was checked, how
many derivatives (n), the analytic value a_i and centred difference n_i of one element (the
largest derivative of a passed check, the worst element of a failed one), the largest
relative error |a_i − n_i| / max(|a_i| + |n_i|, floor) and whether it is within the
checker's tolerance.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from backprop_core.checks.gradcheck import GradCheckResult, Worst
from backprop_core.errors import ArgumentError, ArgumentTypeError, check_instance, describe
from backprop_core.formatting import fmt, shown_width


def _pad(text: str, columns: int, *, left: bool) -> str:
    """``text`` padded with spaces to ``columns`` screen columns, on the right if ``left``."""
    fill = " " * max(0, columns - shown_width(text))
    return text + fill if left else fill + text


def _shown(result: GradCheckResult) -> Worst:
    """The element a row shows: the worst one of a failed check; of a passed one, the
    largest derivative (which element is worst is then rounding noise, and differs from
    one machine to another)."""
    return result.largest if result.ok and result.largest is not None else result.worst


# narrow enough for a page's code column (about 78 characters with labels of 26)
HEADER = ("check", "n", "analytic", "finite diff.", "rel. error", "agree")


@dataclass(frozen=True)
class CheckTable:
    """Named gradient-check results, printed as a table (``str``); ``ok`` if all agree."""

    checks: tuple[tuple[str, GradCheckResult], ...]

    @property
    def ok(self) -> bool:
        return all(result.ok for _, result in self.checks)

    def rows(self) -> list[tuple[str, ...]]:
        """One tuple of cells per check, in the order given (the header not included)."""
        return [(name, str(r.n_checked), fmt(_shown(r).analytic, 5), fmt(_shown(r).numeric, 5),
                 f"{r.max_rel_error:.0e}", "yes" if r.ok else "NO")
                for name, r in self.checks]

    def __str__(self) -> str:
        rows = [HEADER, *self.rows()]
        widths = [max(shown_width(row[k]) for row in rows) for k in range(len(HEADER))]
        lines = ["  ".join(_pad(cell, w, left=k == 0)
                           for k, (cell, w) in enumerate(zip(row, widths, strict=True)))
                 for row in rows]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(line.rstrip() for line in lines)


def check_table(checks: Mapping[str, GradCheckResult]) -> CheckTable:
    """The checks ``{what: check_gradient(...)}`` as one table; for a check of several
    values the row shows the largest derivative if all agree, else the worst element."""
    if not isinstance(checks, Mapping):
        raise ArgumentTypeError(f"checks must be a dict of {{name: check_gradient(...)}}, "
                                f"got {describe(checks)}")
    if not checks:
        raise ArgumentError("checks is empty: a table of gradient checks needs at least one")
    for name, result in checks.items():
        check_instance(name, str, "each name in checks")
        check_instance(result, GradCheckResult, f"checks[{name!r}]")
    return CheckTable(tuple(checks.items()))
