"""Shared helpers for the tests of backprop_core's numerical core.

Every gradient check in these tests goes through ``gradcheck.check_gradient``; it is wrapped
here to remember the largest relative error seen, which is printed at the end of the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import matplotlib

matplotlib.use("Agg")  # figures are drawn off screen, before any test imports pyplot

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from backprop_core import gradcheck  # noqa: E402
from backprop_core.network import Network  # noqa: E402

_original_check = gradcheck.check_gradient
_WORST: dict[str, Any] = {"error": 0.0, "test": None, "n_checks": 0}


def _recording_check(*args: Any, **kwargs: Any) -> gradcheck.GradCheckResult:
    result = _original_check(*args, **kwargs)
    _WORST["n_checks"] += 1
    # failing checks made on purpose (to show the checker can fail) are not counted
    if result.ok and result.max_rel_error > _WORST["error"]:
        _WORST["error"] = result.max_rel_error
        _WORST["test"] = _CURRENT.get("test")
    return result


_CURRENT: dict[str, str] = {}
gradcheck.check_gradient = _recording_check


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    """Every figure a test draws is closed after it (matplotlib keeps them otherwise)."""
    yield
    plt.close("all")


@pytest.fixture(autouse=True)
def _remember_test_name(request: pytest.FixtureRequest) -> None:
    _CURRENT["test"] = request.node.nodeid


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _WORST["n_checks"]:
        terminalreporter.write_line(
            f"gradient checks: {_WORST['n_checks']} passing checks, largest relative error "
            f"{_WORST['error']:.3e} (in {_WORST['test']})"
        )


# ---- data helpers, as session fixtures (hypothesis tests may use those) -------------------

HIDDEN = ["identity", "sigmoid", "tanh", "relu"]


def _random_targets(net: Network, m: int, rng: np.random.Generator) -> np.ndarray:
    """Targets that suit the network's loss: one-hot, 0/1, or real numbers."""
    n_out = net.sizes[-1]
    if net.loss.name == "softmax_cross_entropy":
        return np.eye(n_out)[:, rng.integers(0, n_out, size=m)]
    if net.loss.name == "binary_cross_entropy":
        return rng.integers(0, 2, size=(n_out, m)).astype(float)
    return rng.normal(size=(n_out, m))


def _random_network(
    sizes: list[int], hidden: list[str], loss: str, seed: int, output: str | None = None
) -> Network:
    """A network with random weights AND biases (zero biases put relu units exactly on
    their kink when their inputs are 0, where no derivative exists)."""
    if output is None:
        output = {"binary_cross_entropy": "sigmoid",
                  "softmax_cross_entropy": "softmax"}.get(loss, "sigmoid")
    net = Network.from_sizes(sizes, [*hidden, output], loss=loss, seed=seed)
    rng = np.random.default_rng(seed + 1)
    net.set_params(rng.normal(0.0, 0.8, size=net.n_params))
    return net


@pytest.fixture(scope="session")
def random_network() -> Any:
    return _random_network


@pytest.fixture(scope="session")
def random_targets() -> Any:
    return _random_targets


@pytest.fixture(scope="session")
def hidden_activations() -> list[str]:
    return HIDDEN
