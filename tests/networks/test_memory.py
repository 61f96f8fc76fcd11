"""memory.py: what the forward pass keeps, counted, and measured with tracemalloc."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from backprop_core.errors import ArgumentError, ArgumentTypeError
from backprop_core.networks.memory import (
    bytes_per_sample,
    measure,
    parameter_bytes,
    stored_arrays,
    stored_bytes,
)
from backprop_core.networks.network import Network


def test_the_count_of_the_2_4_4_3_network() -> None:
    rows = stored_arrays([2, 4, 4, 3], m=5)
    assert [r.name for r in rows] == ["z^1", "a^1", "z^2", "a^2", "z^3", "a^3"]
    assert [r.nbytes for r in rows] == [160, 160, 160, 160, 120, 120]
    assert stored_bytes([2, 4, 4, 3], 5) == 880 == 5 * bytes_per_sample([2, 4, 4, 3])
    assert bytes_per_sample([2, 4, 4, 3], itemsize=4) == 88
    assert parameter_bytes([2, 4, 4, 3]) == 47 * 8


@pytest.mark.parametrize(("sizes", "m"), [([20, 64, 64, 64, 10], 128), ([784, 256, 10], 64)])
def test_what_the_forward_pass_keeps_is_what_is_counted(sizes: list[int], m: int) -> None:
    net = Network.from_sizes(sizes, "tanh", seed=0)
    X = np.random.default_rng(0).normal(size=(sizes[0], m))
    seen = measure(net.forward, X)
    counted = stored_bytes(sizes, m)
    assert counted <= seen.retained <= counted * 1.02 + 4096
    assert seen.peak >= seen.retained
    assert not tracemalloc.is_tracing()


def test_measure_leaves_a_running_trace_running_and_reports_a_temporary() -> None:
    tracemalloc.start()
    try:
        seen = measure(lambda: float(np.ones(100_000).sum()))
        assert tracemalloc.is_tracing()
    finally:
        tracemalloc.stop()
    assert seen.retained < 1000 and seen.peak >= 800_000 and seen.result == 100_000.0


def test_bad_sizes_are_refused() -> None:
    with pytest.raises(ArgumentTypeError, match="sizes must be a list"):
        stored_bytes("2-4-3", 5)  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="m .the batch size. must be an integer >= 1"):
        stored_bytes([2, 3], 0)
