"""Losses C_x of one sample, the batch cost C = mean over samples, and the output error δ^L.

Arrays hold one sample per column: the output and the targets y have shape (n_L, m).
``gradient`` returns ∂C_x/∂(output) for each sample column, not divided by m; the 1/m of
the mean is applied once, where the weight gradients are averaged.

Two losses read the logits z^L rather than a^L, because that is the numerically stable way
(no log of 0, no exp overflow at |z| = 1000) and because their δ^L is then simply a^L - y:
binary cross-entropy assumes a sigmoid output layer, softmax cross-entropy a softmax one.
"""

from __future__ import annotations

import functools
import inspect
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from backprop_core.errors import (
    ArgumentError,
    DomainError,
    ShapeError,
    as_float_array,
    check_array,
    check_finite,
    check_instance,
    check_result,
    unknown_name,
)
from backprop_core.networks.activations import Activation, sigmoid, softmax

Array = NDArray[np.float64]
_F = TypeVar("_F", bound=Callable[..., Array])
_KERNELS: dict[Callable[..., Array], Callable[..., Array]] = {}


def _same_shape(arrays: dict[str, ArrayLike], *, any_ndim: bool = False) -> list[Array]:
    """The arrays as real float arrays, each a vector or a matrix (one sample per column;
    any shape with ``any_ndim``), not empty, finite, all of one shape; else an error naming
    the one that is not."""
    checked: list[Array] = []
    for name, value in arrays.items():
        arr = check_array(value, name)
        if arr.ndim not in (1, 2) and not any_ndim:
            raise ShapeError(f"{name} must be a vector (n,) or a matrix (n, m) with one "
                             f"sample per column, but got array of shape {arr.shape}")
        if checked and arr.shape != checked[0].shape:
            first = next(iter(arrays))
            raise ShapeError(f"{name} must have the shape of {first}, {checked[0].shape}, "
                             f"but got array of shape {arr.shape}")
        checked.append(arr)
    return checked


def _formula(*, elementwise: bool = False) -> Callable[[_F], _F]:
    """A public formula checks its arrays (``_same_shape``; any shape for an elementwise
    one) and reports an overflow in words; ``LOSSES`` keeps the formula itself
    (``_kernel``), for a network's arrays, which its forward pass and
    ``Network.check_targets`` have checked already."""

    def wrap(kernel: _F) -> _F:
        signature = inspect.signature(kernel)

        @functools.wraps(kernel)
        def public(*args: Any, **kwargs: Any) -> Array:
            given = signature.bind(*args, **kwargs).arguments
            arrays = _same_shape({name: given[name] for name in signature.parameters},
                                 any_ndim=elementwise)
            with np.errstate(over="ignore", invalid="ignore"):  # reported below, in words
                result = kernel(*arrays)
            check_result(result, f"{kernel.__name__}({', '.join(signature.parameters)})")
            return result

        _KERNELS[public] = kernel
        return cast(_F, public)

    return wrap


def _kernel(formula: Callable[..., Array]) -> Callable[..., Array]:
    return _KERNELS[formula]


@_formula()
def squared_error(a: Array, y: Array) -> Array:
    """C_x = ½‖a - y‖², one value per column."""
    c: Array = 0.5 * ((a - y) ** 2).sum(axis=0)
    return c


@_formula()
def squared_error_gradient(a: Array, y: Array) -> Array:
    """∂C_x/∂a = a - y."""
    return a - y


@_formula(elementwise=True)
def softplus(z: Array) -> Array:
    """log(1 + e^z) = max(z, 0) + log(1 + e^{-|z|}), exact and finite for any z."""
    with np.errstate(under="ignore"):  # e^{-|z|} rounds to 0 for |z| > 745, which is exact enough
        sp: Array = np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))
    return sp


@_formula()
def binary_cross_entropy(z: Array, y: Array) -> Array:
    """C_x = Σ_j -y log σ(z) - (1 - y) log(1 - σ(z)) = Σ_j y·softplus(-z) + (1 - y)·softplus(z).

    From the logits z. The two terms are never negative for 0 ≤ y ≤ 1, so nothing cancels:
    the form softplus(z) - y·z would lose every digit of a small loss at a large z.
    """
    sp = _kernel(softplus)  # the formula itself: z and y are checked already
    c: Array = (y * sp(-z) + (1.0 - y) * sp(z)).sum(axis=0)
    return c


@_formula()
def binary_cross_entropy_gradient(z: Array, y: Array) -> Array:
    """∂C_x/∂z = σ(z) - y."""
    return _binary_cross_entropy_delta(sigmoid(z), y)


def _binary_cross_entropy_delta(a: Array, y: Array) -> Array:
    """∂C_x/∂z = a - y, from the output a = σ(z)."""
    return a - y


@_formula()
def logsumexp(z: Array) -> Array:
    """log Σ_j e^{z_j} per column, shifted by max z so that nothing overflows."""
    top = z.max(axis=0)
    with np.errstate(under="ignore"):
        lse: Array = top + np.log(np.exp(z - top).sum(axis=0))
    return lse


@_formula()
def softmax_cross_entropy(z: Array, y: Array) -> Array:
    """C_x = -Σ_j y_j log softmax(z)_j = Σ_j y_j (log Σ_k e^{z_k - t} - (z_j - t)), t = max z.

    Both terms are ≥ 0, so nothing cancels: the textbook (Σ_j y_j)·logsumexp(z) - Σ_j y_j z_j
    subtracts two numbers near |z|, and at |z| = 1e6 in float32 that loses every digit of C.
    """
    dtype = np.result_type(z, y)
    # in float64: z_j - max z of two float32 numbers is then exact, so a float32 network's
    # cost is its exact value rounded once to float32
    z, y = z.astype(np.float64, copy=False), y.astype(np.float64, copy=False)
    top, columns = np.argmax(z, axis=0), np.arange(z.shape[1])  # the row of max z per column
    shifted = z - z[top, columns]  # ≤ 0; exact where z_j is near max z
    with np.errstate(under="ignore"):  # e^{-2e6} is 0: its share of the sum is below rounding
        others = np.exp(shifted)
    others[top, columns] = 0.0  # the top term e^0 = 1 is the 1 of log1p
    log_sum = np.log1p(others.sum(axis=0))  # log Σ_k e^{z_k - t}, in [0, log n]
    terms = np.subtract(log_sum, shifted, out=others)  # log Σ_k e^{z_k - t} - (z_j - t) ≥ 0
    terms *= y
    c: Array = terms.sum(axis=0).astype(dtype, copy=False)
    return c


@_formula()
def softmax_cross_entropy_gradient(z: Array, y: Array) -> Array:
    """∂C_x/∂z = softmax(z)·Σ_j y_j - y, which is softmax(z) - y for one-hot targets."""
    return _softmax_cross_entropy_delta(softmax(z), y)


def _softmax_cross_entropy_delta(a: Array, y: Array) -> Array:
    """∂C_x/∂z = a·Σ_j y_j - y, from the output a = softmax(z)."""
    g: Array = a * y.sum(axis=0, keepdims=True) - y
    return g


def _no_target_check(y: Array, name: str) -> None:
    """Squared error: any finite target is fine."""


def _check_probabilities(y: Array, name: str) -> None:
    """Binary cross-entropy: every target is a probability, 0 ≤ y ≤ 1."""
    bad = (y < 0) | (y > 1)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise DomainError(
            f"{name} must lie in [0, 1] for binary_cross_entropy (the probability that "
            f"each output is 1), but {name} has {y[index]:g} at index {index}"
        )


def _check_distributions(y: Array, name: str) -> None:
    """Softmax cross-entropy: every column of y is a distribution, y ≥ 0 and Σ_j y_j = 1."""
    if y.size and y.min() < 0:  # one reduction; the first negative entry is found below
        index = tuple(int(i) for i in np.argwhere(y < 0)[0])
        raise DomainError(
            f"{name} must be >= 0 for softmax_cross_entropy (each column is a probability "
            f"distribution over the classes), but {name} has {y[index]:g} at index {index}"
        )
    with np.errstate(over="ignore"):  # a sum that overflows is no distribution: reported below
        sums = y.sum(axis=0) if y.ndim else y
    tolerance = float(np.sqrt(np.finfo(y.dtype).eps)) * max(1, y.shape[0] if y.ndim else 1)
    if y.size and np.abs(sums - 1.0).max() > tolerance:
        off = np.abs(sums - 1.0) > tolerance
        column = int(np.argwhere(np.atleast_1d(off))[0][0])
        total = float(np.atleast_1d(sums)[column])
        raise DomainError(
            f"every column of {name} must sum to 1 for softmax_cross_entropy (a probability "
            f"distribution over the classes, e.g. one-hot), but column {column} sums to "
            f"{total:.10g}"
        )


@dataclass(frozen=True)
class Loss:
    """A named loss. ``reads`` says whether its formula takes a^L ("a") or z^L ("z");
    a loss that reads z^L assumes the output activation named ``output_activation``."""

    name: str
    reads: Literal["a", "z"]
    output_activation: str | None
    per_sample: Callable[[Array, Array], Array]
    gradient: Callable[[Array, Array], Array]
    target_check: Callable[[Array, str], None] = _no_target_check
    # a loss that reads z^L: its gradient from a^L = σ(z^L), when the network has a^L already
    gradient_from_output: Callable[[Array, Array], Array] | None = None

    def check_targets(self, y: Array, name: str = "targets y") -> None:
        """Raise DomainError if a finite target ``y`` lies outside this loss's domain:
        binary cross-entropy needs 0 ≤ y ≤ 1, softmax cross-entropy columns that are
        distributions (y ≥ 0, Σ_j y_j = 1)."""
        self.target_check(y, name)

    def value(self, output: ArrayLike, y: ArrayLike) -> float:
        """The batch cost C = (1/m) Σ_x C_x, for the output and targets y of shape (n_L, m).

        Raises a BackpropError for arrays of different shapes, no samples, NaN/inf, targets
        outside the loss's domain, or a cost that overflows.
        """
        what = "the logits z^L" if self.reads == "z" else "the output a^L"
        out = as_float_array(output, what)
        y_arr = as_float_array(y, "targets y")
        if out.shape != y_arr.shape:
            raise ShapeError(f"targets y must have the shape of {what}, {out.shape}, but got "
                             f"array of shape {y_arr.shape}")
        if out.size == 0:
            raise ShapeError(f"the cost is a mean over samples and needs at least one, but "
                             f"{what} has shape {out.shape}")
        check_finite(out, what)
        check_finite(y_arr, "targets y")
        self.check_targets(y_arr)
        return self.checked_value(out, y_arr)

    def checked_value(self, output: Array, y: Array) -> float:
        """``value`` for arrays already checked (same shape, finite, y in the domain), as
        ``Network`` has them: the cost, or NonFiniteError if it overflows."""
        with np.errstate(over="ignore", invalid="ignore"):  # reported below, in words
            per_sample = self.per_sample(output, y)
            cost = float(np.add.reduce(per_sample, axis=None) / per_sample.size)  # the mean
            if not math.isfinite(cost):  # the sum overflowed; the mean itself may not
                cost = float((per_sample / per_sample.size).sum())
        if not math.isfinite(cost):  # the mean adds up every C_x: a NaN or inf C_x shows
            check_result(per_sample, f"the {self.name} cost of a sample")
            check_result(cost, f"the {self.name} cost C (the mean)")
        return cost


LOSSES: dict[str, Loss] = {
    "squared_error": Loss("squared_error", "a", None, _kernel(squared_error),
                          _kernel(squared_error_gradient)),
    "binary_cross_entropy": Loss("binary_cross_entropy", "z", "sigmoid",
                                 _kernel(binary_cross_entropy),
                                 _kernel(binary_cross_entropy_gradient),
                                 _check_probabilities, _binary_cross_entropy_delta),
    "softmax_cross_entropy": Loss("softmax_cross_entropy", "z", "softmax",
                                  _kernel(softmax_cross_entropy),
                                  _kernel(softmax_cross_entropy_gradient),
                                  _check_distributions, _softmax_cross_entropy_delta),
}


def get_loss(name: str | Loss) -> Loss:
    """The loss called ``name`` (a Loss is returned as it is)."""
    if isinstance(name, Loss):
        return name
    try:
        return LOSSES[name]
    except (KeyError, TypeError):
        raise unknown_name("loss", name, LOSSES) from None


def checked_loss_value(loss: Loss, z: Array, a: Array, y: Array) -> float:
    """``loss_value`` for arrays already checked, as a network's forward pass and
    ``Network.check_targets`` leave them: no check again (the network's inner kernel)."""
    return loss.checked_value(z if loss.reads == "z" else a, y)


def checked_output_delta(loss: Loss, activation: Activation, z: Array, a: Array,
                         y: Array) -> Array:
    """``output_delta`` for arrays already checked (finite, one shape) and a loss already
    paired with the activation, as in a network: no check again (the network's kernel).
    For a logit loss on the book's own activation, a^L = σ(z^L) is used, not computed again.
    The result may be written over the array ∇_a C: nothing else holds it."""
    if loss.reads == "z":
        if loss.gradient_from_output is not None and activation.builtin:
            return loss.gradient_from_output(a, y)  # a^L is σ(z^L): not computed again
        return loss.gradient(z, y)
    return activation.backward_checked(z, loss.gradient(a, y))


def loss_value(loss: Loss, z: ArrayLike, a: ArrayLike, y: ArrayLike) -> float:
    """C for the output layer's z^L and a^L, each loss reading the one it needs; the one
    read and y are checked as ``Loss.value`` checks them."""
    loss = check_instance(loss, Loss, "loss")
    return loss.value(z if loss.reads == "z" else a, y)


def check_pairing(loss: Loss, activation: Activation) -> None:
    """A loss that reads the logits must sit on the output activation its δ^L assumes."""
    check_instance(loss, Loss, "loss")
    check_instance(activation, Activation, "activation")
    if loss.output_activation not in (None, activation.name):
        raise ArgumentError(
            f"loss {loss.name!r} works on the logits z^L and assumes a "
            f"{loss.output_activation!r} output layer, but the output activation is "
            f"{activation.name!r}"
        )


def output_delta(loss: Loss, activation: Activation, z: ArrayLike, a: ArrayLike,
                 y: ArrayLike) -> Array:
    """δ^L = ∂C_x/∂z^L per sample: ∇_a C ⊙ σ'(z^L), or directly a^L - y for the logit losses.

    z^L, a^L and y are checked: real, finite, one shape (a logit loss does not read a^L)."""
    check_pairing(loss, activation)
    if loss.reads == "z":
        z_arr, y_arr = _same_shape({"the logits z^L": z, "targets y": y})
        return loss.gradient(z_arr, y_arr)
    z_arr, a_arr, y_arr = _same_shape({"z^L": z, "the output a^L": a, "targets y": y})
    with np.errstate(over="ignore", invalid="ignore"):  # reported below, in words
        delta = activation.backward_checked(z_arr, loss.gradient(a_arr, y_arr))
    check_result(delta, "δ^L")
    return delta
