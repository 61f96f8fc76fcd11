"""A classifier of 2-D points at work: the cost during training above, and below the
data with the network's probability of class 2, a^L_2, shaded and the decision boundary
a^L_2 = 1/2 drawn, at chosen moments of training (before, after); or, for a network with
one tanh output (targets ±1), its output a^L over the plane and the boundary a^L = 0, with
the training and the held-out points (``plot_tanh_run``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.contour import QuadContourSet
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    ShapeError,
    check_instance,
    check_text,
    describe,
)
from backprop_core.figures import palette
from backprop_core.figures.drawn import drawn
from backprop_core.networks.datasets import Dataset
from backprop_core.networks.network import Network
from backprop_core.networks.training import decision_grid


def _classifier(net: Network, data: Dataset) -> None:
    """A network that classifies the 2-D points of ``data`` into its two classes: 2 inputs,
    2 outputs (the shading is the probability of class 2)."""
    check_instance(net, Network, "net")
    check_instance(data, Dataset, "data")
    if data.n_classes != len(palette.CLASSES):
        raise ArgumentError(f"data must have {len(palette.CLASSES)} classes (a class each "
                            f"for the two shades), got {data.n_classes}")
    if net.sizes[0] != 2 or net.sizes[-1] != 2:
        raise ShapeError(f"net must map the 2-D points of data to one output per class, "
                         f"sizes [2, ..., 2], got sizes {net.sizes}")


def draw_boundary(ax: Axes, net: Network, data: Dataset, *, title: str,
                  resolution: int = 150) -> QuadContourSet:
    """On ``ax``: a^L_2 over the plane (orange = class 1, white = unsure, blue = class 2),
    the line a^L_2 = 1/2, and the points of ``data`` by class; returns the shading."""
    check_instance(ax, Axes, "ax")
    _classifier(net, data)
    check_text(title, "title")
    xx, yy, probs = decision_grid(net, *data.limits(), resolution=resolution)
    shading = ax.contourf(xx, yy, probs[1], levels=np.linspace(0, 1, 11),
                          cmap=palette.CLASS_CMAP, alpha=0.6)
    ax.contour(xx, yy, probs[1], levels=[0.5], colors=palette.BLACK, linewidths=2)
    for label, (colour, marker) in enumerate(zip(palette.CLASSES, palette.CLASS_MARKERS,
                                                 strict=True)):
        points = data.X[data.labels == label]
        ax.scatter(points[:, 0], points[:, 1], c=colour, marker=marker, s=24,
                   edgecolors=palette.BLACK, linewidths=0.6, label=f"class {label + 1}")
    ax.set_title(title)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_aspect("equal")
    return shading


def plot_boundaries(net: Network, data: Dataset, costs: Sequence[float],
                    moments: Mapping[str, ArrayLike]) -> Figure:
    """Top: the cost J on all samples per epoch (log scale). Below, one panel per entry
    ``title: params`` of ``moments`` (two of them: before and after training): the
    network with those parameters over the plane (``draw_boundary``). ``net`` gets its own
    parameters back afterwards."""
    _classifier(net, data)
    J = drawn(costs, "costs", ndim=1, positive=True)
    if not isinstance(moments, Mapping):
        raise ArgumentTypeError(f"moments must be a dict {{title: parameters}}, got "
                                f"{describe(moments)}")
    if len(moments) != 2:
        raise ArgumentError(f"plot_boundaries draws two moments (before, after), got "
                            f"{len(moments)}: {list(moments)}")
    names = list(moments)
    mosaic: Any = [["cost", "cost"], names]  # matplotlib's stubs want a HashableList
    fig: Figure
    fig, axes = plt.subplot_mosaic(mosaic, figsize=(6.5, 6.4),
                                   layout="constrained", height_ratios=[0.7, 1])
    axes["cost"].plot(J, color=palette.VALUE, lw=2.2)
    axes["cost"].set_yscale("log")
    axes["cost"].set_xlabel("epoch")
    axes["cost"].set_ylabel("cost J (log scale)")
    axes["cost"].set_title("the cost on all samples during training")
    axes["cost"].grid(True, which="both", alpha=palette.GRID_ALPHA)
    own = net.get_params()
    try:
        for title, params in moments.items():
            net.set_params(params)
            shading = draw_boundary(axes[title], net, data, title=title)
    finally:
        net.set_params(own)
    last = axes[names[-1]]
    last.plot([], [], color=palette.BLACK, lw=2, label="boundary, $a^L_2 = 0.5$")
    fig.legend(*last.get_legend_handles_labels(), loc="outside lower center", ncols=3,
               fontsize=11)
    fig.colorbar(shading, ax=[axes[n] for n in names], location="bottom", shrink=0.8,
                 label="probability of class 2, $a^L_2$")
    return fig


def _points(pair: object, name: str) -> tuple[np.ndarray, np.ndarray]:
    """(X, Y) checked: X of shape (2, m), Y of shape (1, m) holding targets ±1."""
    if not isinstance(pair, (tuple, list)) or len(pair) != 2:
        raise ArgumentTypeError(f"{name} must be a pair (X, Y), got {describe(pair)}")
    X = drawn(pair[0], f"{name}[0] (X)", ndim=2)
    Y = drawn(pair[1], f"{name}[1] (Y)", ndim=2)
    if X.shape[0] != 2 or Y.shape != (1, X.shape[1]):
        raise ShapeError(f"{name} must be X of shape (2, m) and Y of shape (1, m), got "
                         f"{X.shape} and {Y.shape}")
    if not np.isin(Y, (-1.0, 1.0)).all():
        raise ArgumentError(f"{name}[1] (Y) must hold targets -1 and +1, got {Y.ravel()[:5]}")
    return X, Y


def plot_tanh_run(costs: Sequence[float], net: Network, train: tuple[ArrayLike, ArrayLike],
                  held_out: tuple[ArrayLike, ArrayLike], *, cost_label: str) -> Figure:
    """Top: ``costs`` per epoch (log scale). Bottom: a network with one tanh output over the
    plane, a^L from -1 (class 1) to +1 (class 2), the boundary a^L = 0, the training points
    (filled) and the held-out points (hollow). ``train`` and ``held_out`` are (X, Y) with
    samples as columns and targets ±1."""
    J = drawn(costs, "costs", ndim=1, positive=True)
    net, cost_label = check_instance(net, Network, "net"), check_text(cost_label, "cost_label")
    X_train, Y_train = _points(train, "train")
    X_held, Y_held = _points(held_out, "held_out")
    if net.sizes[0] != 2 or net.sizes[-1] != 1:
        raise ArgumentError(f"plot_tanh_run draws a network with 2 inputs and 1 output, got "
                            f"sizes {net.sizes}")
    points = np.hstack([X_train, X_held])
    lo, hi = points.min(axis=1) - 0.4, points.max(axis=1) + 0.4
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(6.5, 8.6), layout="constrained",
                                      height_ratios=[0.55, 1])
    top.plot(range(1, J.size + 1), J, color=palette.VALUE, lw=2.2, marker=".", ms=6)
    top.set_yscale("log")
    top.set_xlabel("epoch")
    top.set_ylabel("cost C (log scale)")
    top.set_title(cost_label)
    top.grid(True, which="both", alpha=palette.GRID_ALPHA)
    xx, yy, out = decision_grid(net, (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1])),
                                resolution=150)
    shading = bottom.contourf(xx, yy, out, levels=np.linspace(-1, 1, 11),
                              cmap=palette.CLASS_CMAP, alpha=0.6)
    bottom.contour(xx, yy, out, levels=[0.0], colors=palette.BLACK, linewidths=2)
    for label, (colour, marker) in enumerate(zip(palette.CLASSES, palette.CLASS_MARKERS,
                                                 strict=True)):
        target = 2 * label - 1
        mine = X_train[:, Y_train[0] == target]
        bottom.scatter(mine[0], mine[1], c=colour, marker=marker, s=42,
                       edgecolors=palette.BLACK, linewidths=0.8,
                       label=f"class {label + 1} ($y = {target:+d}$), trained on")
        theirs = X_held[:, Y_held[0] == target]
        bottom.scatter(theirs[0], theirs[1], facecolors=palette.PAPER, edgecolors=colour,
                       marker=marker, s=22, linewidths=1.3, label=f"class {label + 1}, held out")
    bottom.plot([], [], color=palette.BLACK, lw=2, label="boundary, $a^L = 0$")
    bottom.set_xlabel("$x_1$")
    bottom.set_ylabel("$x_2$")
    bottom.set_aspect("equal")
    bottom.set_title("the trained network's output $a^L$ over the plane")
    fig.legend(*bottom.get_legend_handles_labels(), loc="outside lower center", ncols=2,
               fontsize=10)
    fig.colorbar(shading, ax=bottom, location="right", shrink=0.75,
                 label="output $a^L = \\tanh(z^L)$")
    return fig
