"""Small 2-D toy datasets, generated in code from a seed (nothing is downloaded).

Each returns a ``Dataset`` with points as ROWS (X of shape (n, 2), handy for plotting
``X[:, 0], X[:, 1]``) and integer labels; ``Dataset.columns()`` turns them into the book's
layout, samples as columns, for a ``Network``.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    check_count,
    check_real,
    check_result,
    check_seed,
    unknown_name,
)

Array = NDArray[np.float64]

MAX_POINTS = 10_000_000  # a toy data set; 1e7 points already take 160 MB
MAX_CLASSES = 10_000  # one-hot targets have a row per class
MAX_TURNS = 1e12  # the angle 2π·turns·r is then off by 2π·1e12·1.1e-16 < 1e-3 radian


def one_hot(labels: ArrayLike, n_classes: int) -> Array:
    """Y of shape (n_classes, n) with Y[c, i] = 1 where labels[i] = c: one column per sample."""
    n_classes = check_count(n_classes, "n_classes", maximum=MAX_CLASSES)
    try:
        arr = np.asarray(labels)
    except ValueError:  # a ragged list
        arr = np.asarray(None)
    if arr.ndim != 1 or (arr.size and arr.dtype.kind not in "iu"):
        raise ArgumentTypeError(f"labels must be a vector of integer class numbers, got an "
                                f"array of shape {arr.shape} and dtype {arr.dtype}")
    if arr.size and (arr.min() < 0 or arr.max() >= n_classes):
        bad = int(arr[(arr < 0) | (arr >= n_classes)][0])
        raise ArgumentError(f"labels must lie in 0..{n_classes - 1} (n_classes = "
                            f"{n_classes}), but a label is {bad}")
    labels = arr.astype(np.int_)
    Y = np.zeros((n_classes, len(labels)))
    Y[labels, np.arange(len(labels))] = 1.0
    return Y


@dataclass(frozen=True)
class Dataset:
    """Points X (n, 2) as rows, integer labels (n,) in 0..n_classes-1."""

    name: str
    X: Array
    labels: NDArray[np.int_]
    n_classes: int

    def __len__(self) -> int:
        return len(self.labels)

    def columns(self, one_hot_targets: bool | None = None) -> tuple[Array, Array]:
        """(X, Y) with samples as columns: X (2, n) and Y (1, n) of 0/1 labels, or one-hot
        Y (n_classes, n). One-hot by default when there are more than two classes."""
        if one_hot_targets is None:
            one_hot_targets = self.n_classes > 2
        if one_hot_targets:
            return self.X.T.copy(), one_hot(self.labels, self.n_classes)
        return self.X.T.copy(), self.labels.reshape(1, -1).astype(np.float64)

    def limits(self, margin: float = 0.5) -> tuple[tuple[float, float], tuple[float, float]]:
        """((x_min, x_max), (y_min, y_max)) around the points, widened by ``margin``."""
        margin = check_real(margin, "margin", nonnegative=True)
        lo, hi = self.X.min(axis=0) - margin, self.X.max(axis=0) + margin
        return (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))


def _checked(make: Callable[..., Dataset]) -> Callable[..., Dataset]:
    """Run a generator with numpy's overflow warnings off, then check its points: a noise
    of 1e308 overflows, and that is reported as an error naming the noise."""

    @functools.wraps(make)
    def run(*args: Any, **kwargs: Any) -> Dataset:
        with np.errstate(over="ignore", invalid="ignore"):
            data = make(*args, **kwargs)
        check_result(data.X, f"the points X of {data.name!r}",
                     ": make the noise (or spread) smaller")
        return data

    return run


def _check_n(n: int, per: int) -> int:
    n = check_count(n, "n", maximum=MAX_POINTS)  # a toy data set: 1e7 points at most
    if n < per:
        raise ArgumentError(f"n must be at least {per} (one point per group), got {n}")
    return n


def _check_classes(n_classes: int) -> int:
    n_classes = check_count(n_classes, "n_classes", maximum=MAX_CLASSES)
    if n_classes < 2:
        raise ArgumentError(f"n_classes must be at least 2, got {n_classes}")
    return n_classes


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(check_seed(seed))


@_checked
def xor(n: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Four clusters at (±1, ±1); label 1 where exactly one coordinate is positive."""
    n = _check_n(n, 4)
    noise = check_real(noise, "noise", nonnegative=True)
    rng = _rng(seed)
    corners = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
    which = np.arange(n) % 4
    X = corners[which] + noise * rng.normal(size=(n, 2))
    labels = np.array([0, 1, 1, 0])[which]
    return Dataset("xor", X, labels, 2)


@_checked
def two_moons(n: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Two interleaved half circles: the upper one is class 0, the lower, shifted one class 1."""
    n = _check_n(n, 2)
    noise = check_real(noise, "noise", nonnegative=True)
    rng = _rng(seed)
    labels = np.arange(n) % 2
    t = rng.uniform(0.0, np.pi, size=n)
    X = np.where(labels[:, None] == 0,
                 np.column_stack([np.cos(t), np.sin(t)]),
                 np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)]))
    return Dataset("two_moons", X + noise * rng.normal(size=(n, 2)), labels, 2)


@_checked
def spirals(
    n: int = 300, n_classes: int = 3, noise: float = 0.1, turns: float = 1.0, seed: int = 0
) -> Dataset:
    """``n_classes`` arms spiralling out from the origin, one class per arm."""
    n_classes = _check_classes(n_classes)
    n = _check_n(n, n_classes)
    noise = check_real(noise, "noise", nonnegative=True)
    turns = check_real(turns, "turns")
    if abs(turns) > MAX_TURNS:
        raise ArgumentError(f"turns must be at most {MAX_TURNS:g} in size, got {turns:g}: "
                            f"beyond, float64 cannot place a point's angle 2π·turns·r to "
                            f"within a thousandth of a radian")
    rng = _rng(seed)
    labels = np.arange(n) % n_classes
    r = rng.uniform(0.05, 1.0, size=n)
    angle = 2 * np.pi * (turns * r + labels / n_classes)
    X = np.column_stack([r * np.cos(angle), r * np.sin(angle)])
    return Dataset("spirals", X + noise * r[:, None] * rng.normal(size=(n, 2)), labels,
                   n_classes)


@_checked
def blobs(n: int = 300, n_classes: int = 3, spread: float = 0.4, seed: int = 0) -> Dataset:
    """Gaussian clusters with centres evenly spaced on a circle of radius 2."""
    n_classes = _check_classes(n_classes)
    n = _check_n(n, n_classes)
    spread = check_real(spread, "spread", nonnegative=True)
    rng = _rng(seed)
    labels = np.arange(n) % n_classes
    angle = 2 * np.pi * labels / n_classes
    centres = 2.0 * np.column_stack([np.cos(angle), np.sin(angle)])
    return Dataset("blobs", centres + spread * rng.normal(size=(n, 2)), labels, n_classes)


DATASETS: dict[str, Callable[..., Dataset]] = {
    "xor": xor, "two_moons": two_moons, "spirals": spirals, "blobs": blobs,
}


def get_dataset(name: str, **kwargs: float) -> Dataset:
    """The dataset called ``name``, made with ``kwargs`` (n, noise, seed, ...)."""
    try:
        make = DATASETS[name]
    except (KeyError, TypeError):
        raise unknown_name("dataset", name, DATASETS) from None
    parameters = inspect.signature(make).parameters
    unknown = sorted(set(kwargs) - set(parameters))
    if unknown:
        raise ArgumentTypeError(f"dataset {name!r} has no parameter {unknown[0]!r}; its "
                                f"parameters: {', '.join(parameters)}")
    return make(**kwargs)
