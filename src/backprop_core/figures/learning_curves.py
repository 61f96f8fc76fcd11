"""Learning curves: the cost J per epoch and per parameter update for several batch sizes
B, and why a sigmoid output learns slowly under squared error (δ^L against a^L, and a^L
during training, for two losses)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    ShapeError,
    check_count,
    check_rate,
    check_real,
    check_text,
    describe,
    unknown_name,
)
from backprop_core.figures import palette
from backprop_core.figures.drawn import drawn
from backprop_core.networks.activations import get_activation
from backprop_core.networks.losses import get_loss, output_delta

LOSS_LABEL = {"squared_error": "squared error", "binary_cross_entropy": "cross-entropy"}


def plot_batch_costs(costs: Mapping[int, Sequence[float]], steps_per_epoch: Mapping[int, int],
                     *, epochs: int, full_batch: int,
                     reference: tuple[str, Sequence[float]] | None = None) -> Figure:
    """Top: J on the training set after each epoch (log scale), one line per batch size m
    (``costs[m]``, J before training first); bottom: the same costs against the number of
    parameter updates, ``steps_per_epoch[m]`` per epoch (log-log). ``reference`` (label,
    costs) adds a dashed black line to the top panel."""
    epochs = check_count(epochs, "epochs")
    full_batch = check_count(full_batch, "full_batch")
    for name, mapping in (("costs", costs), ("steps_per_epoch", steps_per_epoch)):
        if not isinstance(mapping, Mapping) or not mapping:
            raise ArgumentTypeError(f"{name} must be a dict {{batch size B: ...}} of at least "
                                    f"one batch size, got {describe(mapping)}")
    missing = sorted(set(costs) - set(steps_per_epoch), key=repr)
    if missing:
        raise ArgumentError(f"steps_per_epoch has no entry for the batch sizes {missing}")
    runs = {}
    for size, run in costs.items():
        values = drawn(run, f"costs[{size!r}]", ndim=1, positive=True)
        if values.size < epochs + 1:
            raise ShapeError(f"costs[{size!r}] must hold J before training and after each of "
                             f"the {epochs} epochs, {epochs + 1} numbers, got {values.size}")
        runs[check_count(size, "a batch size of costs")] = (
            values, check_count(steps_per_epoch[size], f"steps_per_epoch[{size!r}]"))
    if reference is not None:
        if isinstance(reference, str) or not isinstance(reference, Sequence) or len(reference) != 2:
            raise ArgumentTypeError(f"reference must be a pair (label, costs), got "
                                    f"{describe(reference)}")
        reference = (check_text(reference[0], "the label of reference"),
                     [float(v) for v in drawn(reference[1], "the costs of reference", ndim=1,
                                              positive=True)])
    fig, (ax_epoch, ax_step) = plt.subplots(2, 1, figsize=(6.5, 8.4))
    for i, (size, (values, per_epoch)) in enumerate(runs.items()):
        colour = palette.series(i)[0]
        label = f"m = {size}" + (" (full batch)" if size == full_batch else "")
        ax_epoch.semilogy(range(epochs + 1), values[:epochs + 1], "-", color=colour, lw=2,
                          label=label)
        steps = [e * per_epoch for e in range(len(values))]
        # the full batch drawn wide underneath, so that the others stay visible on top
        wide = size == full_batch
        ax_step.loglog(steps[1:], values[1:], "-", color=colour, lw=5 if wide else 2,
                       alpha=0.55 if wide else 1, label=label)
    if reference is not None:
        ax_epoch.semilogy(range(len(reference[1])), reference[1], "--", color=palette.BLACK,
                          lw=1.6, label=reference[0])
    ax_epoch.set_xlabel("epoch", fontsize=12)
    ax_epoch.set_title("Cost J per epoch (log scale)", fontsize=13)
    ax_step.set_xlabel("parameter updates (log scale)", fontsize=12)
    ax_step.set_title("Cost J per parameter update (log-log)", fontsize=13)
    for ax in (ax_epoch, ax_step):
        ax.set_ylabel("J on the training set", fontsize=12)
        ax.tick_params(labelsize=11)
        ax.grid(True, which="major", color=palette.GRID)
    fig.legend(*ax_epoch.get_legend_handles_labels(), loc="lower center", ncol=2,
               fontsize=11, frameon=False)
    fig.tight_layout(rect=(0, 0.09, 1, 1))
    return fig


def plot_output_delta(outputs: Mapping[str, Sequence[float]], *, eta: float,
                      target: float = 0.0) -> Figure:
    """Top: δ^L = ∂C/∂z^L of a sigmoid output against a^L = σ(z^L) for the target y, per
    loss (keys of ``outputs``: ``"squared_error"``, ``"binary_cross_entropy"``): (a - y)
    for cross-entropy, (a - y) σ'(z) for squared error, which vanishes as a^L → 1.
    Bottom: a^L after each epoch of training with learning rate ``eta`` (``outputs[loss]``)."""
    if not isinstance(outputs, Mapping) or not outputs:
        raise ArgumentTypeError(f"outputs must be a dict {{loss name: a^L per epoch}} of at "
                                f"least one loss, got {describe(outputs)}")
    for loss in outputs:
        if loss not in LOSS_LABEL:
            raise unknown_name("loss", loss, LOSS_LABEL)
    runs = {loss: drawn(run, f"outputs[{loss!r}]", ndim=1) for loss, run in outputs.items()}
    eta = check_rate(eta, "eta")
    target = check_real(target, "target")
    if not 0 <= target <= 1:
        raise ArgumentError(f"target must be a probability, 0 <= y <= 1 (the target of a "
                            f"sigmoid output), got {target:g}")
    z = np.linspace(-6, 6, 241)[None, :]
    sigmoid = get_activation("sigmoid")
    a = sigmoid(z)
    fig, axes = plt.subplots(2, 1, figsize=(6.5, 7.6))  # stacked: the column's width
    for i, (loss, run) in enumerate(runs.items()):
        colour, style, _ = palette.series(i)
        delta = output_delta(get_loss(loss), sigmoid, z, a, np.full_like(z, target))
        line = {"color": colour, "lw": 2.4, "label": LOSS_LABEL[loss], "ls": style}
        axes[0].plot(a[0], delta[0], **line)
        axes[1].plot(run, **line)
    axes[0].set_xlabel(f"output $a^L$ (the target is $y = {target:g}$)")
    axes[0].set_ylabel(r"output error $\delta^L$")
    axes[0].set_title("with squared error, δ vanishes as $a^L \\to 1$")
    axes[1].set_xlabel("epoch")
    axes[1].set_ylabel("output $a^L$")
    axes[1].set_title(f"learning from a bad start (η = {eta:g})")
    axes[1].axhline(0.5, color=palette.REFERENCE, lw=1, ls=":")
    for ax in axes:
        ax.grid(True, alpha=palette.GRID_ALPHA)
    axes[0].legend(loc="upper left", title="sigmoid output with")
    axes[1].legend(loc="center left", bbox_to_anchor=(0.14, 0.5), title="sigmoid output with")
    fig.tight_layout()
    return fig
