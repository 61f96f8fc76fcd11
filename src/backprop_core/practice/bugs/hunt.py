r"""A bug hunt: a function with one classic bug, shown with numbered lines, and the
gradient checks that locate it.

A :class:`Hunt` holds the buggy function, the problem it is run on and, for each parameter
block (``"x"``, ``"W1"``, ``"point 2"``...), the cost as a function of that block alone.
``hunt.probe(name)`` returns ``(f, value, claimed)``, ready for the book's checker:
``check_gradient(*hunt.probe(name))`` compares the function's claimed ∂C/∂block with
centred differences of f.  The pattern of blocks that fail and pass points at the line.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from ...checks.gradcheck import check_gradient
from ...errors import UnknownKeyError, check_callable, describe
from ...networks.network import Network
from .causes import CAUSES

Array = np.ndarray
Cost = tuple[Callable[[Array], float], Array]
"""(f, value): the cost as a function of one block, and the block's current value."""


@dataclass(frozen=True)
class Problem:
    """What a hunt runs: the buggy function's arguments, each block's cost, and how to read
    the function's result as one claimed gradient per block."""

    args: tuple[Any, ...]
    costs: Mapping[str, Cost]
    claims: Callable[[Any], Mapping[str, Any]] = dict


@dataclass(frozen=True, eq=False)  # one object per hunt: hashed by identity
class Hunt:
    """One bug hunt. ``bug`` is a fragment of the faulty line (unique in the source),
    ``cause`` the code of its cause in :data:`.causes.CAUSES`, ``fix`` the right line,
    ``explain`` why the pattern of failing blocks points at it, ``elsewhere`` the hint for a
    reader who names another line, ``line_hints`` sharper hints for some lines (fragment →
    hint), ``rebuttals`` why a named cause that is not this bug does not fit here."""

    chapter: str
    function: Callable[..., Any]
    problem: Callable[[], Problem]
    bug: str
    cause: str
    fix: str
    explain: str
    elsewhere: str
    context: str = ""
    line_hints: Mapping[str, str] = field(default_factory=dict)
    rebuttals: Mapping[str, str] = field(default_factory=dict)

    # -- the code the reader reads ------------------------------------------------------

    @cached_property
    def lines(self) -> tuple[str, ...]:
        """The function's source, line 1 being its ``def``."""
        return tuple(textwrap.dedent(inspect.getsource(self.function)).rstrip().splitlines())

    @cached_property
    def line(self) -> int:
        """The number of the faulty line (from 1)."""
        (number,) = [n for n, text in enumerate(self.lines, start=1) if self.bug in text]
        return number

    def listing(self) -> str:
        """The source with line numbers, as :func:`show_bug` prints it."""
        width = len(str(len(self.lines)))
        return "\n".join(f"{n:>{width}}  {text}" for n, text in enumerate(self.lines, start=1))

    @property
    def causes(self) -> dict[str, str]:
        """The usual suspects, code → what it means; ``why`` may be a code or free words."""
        return {cause.code: cause.label for cause in CAUSES}

    # -- the gradient checks -------------------------------------------------------------

    @property
    def blocks(self) -> tuple[str, ...]:
        """The names of the parameter blocks whose gradients the function claims."""
        return tuple(self.problem().costs)

    def claimed(self, function: Callable[..., Any] | None = None) -> dict[str, Array]:
        """The gradients ``function`` (the buggy one by default) claims, one per block."""
        problem = self.problem()
        fn = self.function if function is None else check_callable(function, "function")
        result = fn(*problem.args)
        claims = problem.claims(result)
        return {name: np.asarray(claims[name], dtype=float) for name in problem.costs}

    def probe(self, name: str) -> tuple[Callable[[Array], float], Array, Array]:
        """(f, value, claimed) for the block ``name``: ``check_gradient(*hunt.probe(name))``."""
        problem = self.problem()
        if not isinstance(name, str) or name not in problem.costs:
            raise UnknownKeyError(f"name must be a parameter block of this hunt, one of "
                                  f"{', '.join(problem.costs)}; got {describe(name)}")
        f, value = problem.costs[name]
        claimed = self.claimed()[name]
        if claimed.shape != value.shape and claimed.size == value.size:
            shape = value.shape  # a bias as a column or as a row: the same numbers

            def cost(v: Array, f: Callable[[Array], float] = f) -> float:
                return f(np.reshape(v, shape))

            return cost, value.reshape(claimed.shape), claimed
        return f, value, claimed

    def failing(self, function: Callable[..., Any] | None = None) -> set[str]:
        """The blocks whose claimed gradient fails the gradient check."""
        problem = self.problem()
        claims = self.claimed(function)
        return {name for name, (f, value) in problem.costs.items()
                if not check_gradient(f, value, claims[name].reshape(value.shape)).ok}


def network_costs(net: Network, X: Array, Y: Array) -> dict[str, Cost]:
    """C(block) for every block of ``net`` ("W1", "b1", "W2", ...), the rest held fixed:
    C = (1/m) Σ_i C_i, with the network's own loss, on the samples in the columns of X."""
    costs: dict[str, Cost] = {}
    for n, layer in enumerate(net.layers, start=1):
        for attr in ("W", "b"):
            def f(value: Array, layer: Any = layer, attr: str = attr) -> float:
                keep = getattr(layer, attr)
                setattr(layer, attr, np.asarray(value, dtype=float).reshape(keep.shape))
                try:
                    return net.cost(X, Y)
                finally:
                    setattr(layer, attr, keep)

            costs[f"{attr}{n}"] = (f, getattr(layer, attr).copy())
    return costs


def show_bug(hunt: Hunt) -> Hunt:
    """Print the hunt's code with line numbers (and what it relies on); return the hunt."""
    if hunt.context:
        print(hunt.context)
        print()
    print(hunt.listing())
    return hunt
