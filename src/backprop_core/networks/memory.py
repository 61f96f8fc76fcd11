"""What reverse mode stores for the backward pass: counted from the sizes, and measured.

``Network.forward`` keeps, for every layer l = 1..L, z^l and a^l: the backward pass needs
a^{l-1} for ∂C/∂W^l = δ^l (a^{l-1})ᵀ and z^l for σ'(z^l) in δ^l. For m samples in float64
that is 2·n_l·m·8 bytes per layer, 16·Σ_l n_l bytes per sample, whatever the weights take.
(The input a^0 = x is kept too, but it exists anyway: it is not counted.)

``measure`` runs a function under Python's ``tracemalloc`` (numpy reports its arrays to
it): the bytes still held when the function has returned (by its result) and the largest
amount held at any moment of the call, both above what was held before.
"""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from backprop_core.errors import ArgumentTypeError, check_integer


@dataclass(frozen=True)
class StoredArray:
    """One array the forward pass keeps for the backward pass."""

    layer: int
    name: str  # "z^l" or "a^l"
    shape: tuple[int, int]
    nbytes: int


def _sizes(sizes: Sequence[int]) -> list[int]:
    if isinstance(sizes, str) or not isinstance(sizes, Sequence) or len(sizes) < 2:
        raise ArgumentTypeError(f"sizes must be a list [n_0, ..., n_L] of at least two layer "
                                f"sizes, got {sizes!r}")
    return [check_integer(n, f"sizes[{i}]", minimum=1) for i, n in enumerate(sizes)]


def stored_arrays(sizes: Sequence[int], m: int, itemsize: int = 8) -> list[StoredArray]:
    """z^l and a^l for l = 1..L, each n_l × m numbers of ``itemsize`` bytes."""
    n = _sizes(sizes)
    m = check_integer(m, "m (the batch size)", minimum=1)
    itemsize = check_integer(itemsize, "itemsize (bytes per number)", minimum=1)
    return [StoredArray(l, f"{kind}^{l}", (n[l], m), n[l] * m * itemsize)
            for l in range(1, len(n)) for kind in ("z", "a")]


def stored_bytes(sizes: Sequence[int], m: int, itemsize: int = 8) -> int:
    """Σ_l 2·n_l·m·itemsize: all the forward pass keeps (the input not counted)."""
    return sum(row.nbytes for row in stored_arrays(sizes, m, itemsize))


def bytes_per_sample(sizes: Sequence[int], itemsize: int = 8) -> int:
    """2·Σ_l n_l·itemsize: what one more sample in the batch adds to ``stored_bytes``."""
    return stored_bytes(sizes, 1, itemsize)


def parameter_bytes(sizes: Sequence[int], itemsize: int = 8) -> int:
    """Σ_l (n_l·n_{l-1} + n_l)·itemsize: the weights and biases (their gradients as much)."""
    n = _sizes(sizes)
    return sum(n[l] * n[l - 1] + n[l] for l in range(1, len(n))) * itemsize


@dataclass(frozen=True)
class Measured:
    """What ``measure`` saw: the function's result, the bytes it still holds after the call
    (``retained``) and the most held at once during it (``peak``), both in bytes above what
    was held before the call."""

    result: Any
    retained: int
    peak: int


def measure(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Measured:
    """Run ``fn(*args, **kwargs)`` under tracemalloc; started and stopped here unless it
    was tracing already."""
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        result = fn(*args, **kwargs)
        current, peak = tracemalloc.get_traced_memory()
    finally:
        if started:
            tracemalloc.stop()
    return Measured(result, current - before, peak - before)
