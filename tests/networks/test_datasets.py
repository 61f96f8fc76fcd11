"""datasets.py: seeded 2-D toy data, in rows, with a columns view for networks."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    NonFiniteError,
    UnknownNameError,
)
from backprop_core.networks.datasets import (
    DATASETS,
    blobs,
    get_dataset,
    one_hot,
    spirals,
    two_moons,
    xor,
)


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_shapes_balance_and_seeding(name: str) -> None:
    ds = get_dataset(name, n=120, seed=1)
    assert ds.name == name and len(ds) == 120 and ds.X.shape == (120, 2)
    counts = np.bincount(ds.labels, minlength=ds.n_classes)
    assert counts.min() == counts.max() == 120 // ds.n_classes
    again = get_dataset(name, n=120, seed=1)
    other = get_dataset(name, n=120, seed=2)
    np.testing.assert_array_equal(ds.X, again.X)
    assert not np.array_equal(ds.X, other.X)


def test_xor_labels_follow_the_sign_rule() -> None:
    ds = xor(n=400, noise=0.05, seed=0)
    expected = (ds.X[:, 0] > 0) != (ds.X[:, 1] > 0)
    np.testing.assert_array_equal(ds.labels, expected.astype(int))


def test_two_moons_points_lie_near_their_half_circles() -> None:
    ds = two_moons(n=200, noise=0.0)
    upper = ds.X[ds.labels == 0]
    lower = ds.X[ds.labels == 1] - np.array([1.0, 0.5])
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)
    np.testing.assert_allclose(np.hypot(*lower.T), 1.0)
    assert (upper[:, 1] >= 0).all() and (lower[:, 1] <= 0).all()


def test_spirals_and_blobs_take_a_number_of_classes() -> None:
    assert spirals(n=100, n_classes=4).n_classes == 4
    assert np.hypot(*spirals(n=90, noise=0.0).X.T).max() <= 1.0
    centres = [blobs(n=300, spread=0.01).X[blobs(n=300).labels == c].mean(axis=0)
               for c in range(3)]
    np.testing.assert_allclose(np.hypot(*np.array(centres).T), 2.0, atol=0.01)


def test_columns_view_and_one_hot() -> None:
    ds = spirals(n=9, n_classes=3)
    X, Y = ds.columns()
    assert X.shape == (2, 9) and Y.shape == (3, 9)
    np.testing.assert_array_equal(Y.argmax(axis=0), ds.labels)
    X2, Y2 = xor(n=8).columns()
    assert Y2.shape == (1, 8) and set(Y2.ravel()) == {0.0, 1.0}
    _, Y3 = xor(n=8).columns(one_hot_targets=True)
    assert Y3.shape == (2, 8)
    np.testing.assert_array_equal(one_hot(np.array([2, 0]), 3), [[0, 1], [0, 0], [1, 0]])


def test_limits_include_every_point_with_a_margin() -> None:
    ds = two_moons(n=50)
    (x0, x1), (y0, y1) = ds.limits(margin=0.25)
    assert x0 == pytest.approx(ds.X[:, 0].min() - 0.25)
    assert y1 == pytest.approx(ds.X[:, 1].max() + 0.25)
    assert x0 < x1 and y0 < y1


def test_bad_arguments_are_explained() -> None:
    with pytest.raises(UnknownNameError, match=r"unknown dataset 'moons'; valid dataset "
                                                r"names: 'blobs', 'spirals', 'two_moons', 'xor'"):
        get_dataset("moons")
    with pytest.raises(ValueError, match="n must be at least 4 .one point per group., got 3"):
        xor(n=3)
    with pytest.raises(ValueError, match="n_classes must be at least 2, got 1"):
        spirals(n_classes=1)
    with pytest.raises(ValueError, match="n_classes must be at least 2, got 1"):
        blobs(n_classes=1)


@pytest.mark.parametrize(("make", "error", "message"), [
    (lambda: xor(n=2.5), ArgumentError, r"^n must be an integer, got 2.5$"),
    (lambda: xor(n="10"), ArgumentTypeError, r"^n must be an integer, got str '10'$"),
    (lambda: xor(noise=-1.0), ArgumentError, r"^noise must be >= 0, got -1$"),
    (lambda: two_moons(noise=float("nan")), ArgumentError, r"^noise must be a finite number"),
    (lambda: xor(seed="x"), ArgumentTypeError, r"^seed must be an integer, got str 'x'$"),
    (lambda: two_moons(seed=-1), ArgumentError, r"^seed must be an integer >= 0, got -1$"),
    (lambda: spirals(n_classes=2.5), ArgumentError, r"^n_classes must be an integer, got 2.5$"),
    (lambda: spirals(turns=float("nan")), ArgumentError, r"^turns must be a finite number"),
    (lambda: blobs(spread=float("inf")), ArgumentError, r"^spread must be a finite number"),
    (lambda: get_dataset("xor", size=5), ArgumentTypeError,
     r"^dataset 'xor' has no parameter 'size'; its parameters: n, noise, seed$"),
    (lambda: one_hot(np.array([0, 3]), 3), ArgumentError,
     r"^labels must lie in 0..2 \(n_classes = 3\), but a label is 3$"),
    (lambda: one_hot(np.array([0, -1]), 3), ArgumentError, r"but a label is -1$"),
    (lambda: one_hot(np.array([0.5]), 3), ArgumentTypeError,
     r"^labels must be a vector of integer class numbers, got an array of shape \(1,\) and "
     r"dtype float64$"),
    (lambda: xor().limits(margin=-1.0), ArgumentError, r"^margin must be >= 0, got -1$"),
    (lambda: xor(n=10**8), ArgumentError, r"^n must be an integer <= 10000000, got 1e\+08$"),
    (lambda: spirals(turns=1e308), ArgumentError, r"^turns must be at most 1e\+12 in size, "
                                                  r"got 1e\+308: beyond, float64 cannot"),
    (lambda: xor(noise=1e308), NonFiniteError, r"^the points X of 'xor' is -?inf .* make the "
                                               r"noise \(or spread\) smaller$"),
])
def test_dataset_arguments_are_checked(make: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        make()


def test_integer_valued_numbers_and_empty_labels_are_fine() -> None:
    assert len(xor(n=8.0)) == 8 and len(blobs(n=np.int64(6), n_classes=3)) == 6
    assert one_hot(np.array([], dtype=int), 3).shape == (3, 0)
