"""Mutation tests of the gradient-checking exercise: centred_difference and relative_error."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from backprop_core.practice.finite_differences import check_finite_differences

# -- correct solutions ----------------------------------------------------------------------------


def cd_in_place(f: Any, x: np.ndarray, i: int, h: float) -> float:
    keep = x[i]
    x[i] = keep + h
    up = f(x)
    x[i] = keep - h
    down = f(x)
    x[i] = keep
    return (up - down) / (2 * h)


def cd_copies(f: Any, x: np.ndarray, i: int, h: float) -> float:
    e = np.zeros_like(x)
    e[i] = h
    return float((f(x + e) - f(x - e)) / (2 * h))


def cd_lists(f: Any, x: np.ndarray, i: int, h: float) -> Any:
    up, down = x.copy(), x.copy()
    up[i] += h
    down[i] -= h
    return np.float64(f(up) - f(down)) / (h + h)


def re_right(a: float, n: float, floor: float = 1e-8) -> float:
    return abs(a - n) / max(abs(a) + abs(n), floor)


def re_numpy(a: float, n: float, floor: float = 1e-8) -> Any:
    return np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), floor)


@pytest.mark.parametrize("difference", [cd_in_place, cd_copies, cd_lists],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("error", [re_right, re_numpy], ids=lambda f: f.__name__)
def test_correct_solutions_pass(difference: Any, error: Any) -> None:
    report = check_finite_differences(difference, error, quiet=True)
    assert report.ok, str(report)


# -- plausible wrong ones ----------------------------------------------------------------------


def stub(*args: Any) -> None:
    ...


def cd_one_sided(f: Any, x: np.ndarray, i: int, h: float) -> float:
    e = np.zeros_like(x)
    e[i] = h
    return float((f(x + e) - f(x)) / h)


def cd_backward(f: Any, x: np.ndarray, i: int, h: float) -> float:
    e = np.zeros_like(x)
    e[i] = h
    return float((f(x) - f(x - e)) / h)


def cd_over_h(f: Any, x: np.ndarray, i: int, h: float) -> float:
    e = np.zeros_like(x)
    e[i] = h
    return float((f(x + e) - f(x - e)) / h)


def cd_every(f: Any, x: np.ndarray, i: int, h: float) -> float:
    return float((f(x + h) - f(x - h)) / (2 * h))


def cd_not_restored(f: Any, x: np.ndarray, i: int, h: float) -> float:
    x[i] += h
    up = f(x)
    x[i] -= 2 * h
    down = f(x)
    return (up - down) / (2 * h)


def cd_down_by_h(f: Any, x: np.ndarray, i: int, h: float) -> float:
    x[i] += h
    up = f(x)
    x[i] -= h
    down = f(x)
    return (up - down) / (2 * h)


def cd_own_h(f: Any, x: np.ndarray, i: int, h: float) -> float:
    return cd_copies(f, x, i, 1e-5)


def cd_vector(f: Any, x: np.ndarray, i: int, h: float) -> Any:
    return np.array([cd_copies(f, x, j, h) for j in range(x.size)])


def cd_crash(f: Any, x: np.ndarray, i: int, h: float) -> float:
    return f(x + h * np.eye(x.size)[i], i)


def re_absolute(a: float, n: float, floor: float = 1e-8) -> float:
    return abs(a - n)


def re_over_a(a: float, n: float, floor: float = 1e-8) -> float:
    return abs(a - n) / max(abs(a), floor)


def re_over_max(a: float, n: float, floor: float = 1e-8) -> float:
    return abs(a - n) / max(abs(a), abs(n), floor)


def re_no_abs(a: float, n: float, floor: float = 1e-8) -> float:
    return (a - n) / max(abs(a) + abs(n), floor)


def re_abs_of_sum(a: float, n: float, floor: float = 1e-8) -> float:
    return abs(a - n) / abs(a + n)


def re_abs_of_sum_floor(a: float, n: float, floor: float = 1e-8) -> float:
    return abs(a - n) / max(abs(a + n), floor)


def re_no_floor(a: float, n: float, floor: float = 1e-8) -> float:
    return abs(a - n) / (abs(a) + abs(n))


def re_fixed_floor(a: float, n: float, floor: float = 1e-8) -> float:
    return abs(a - n) / (abs(a) + abs(n)) if a or n else 0.0


def re_string(a: float, n: float, floor: float = 1e-8) -> str:
    return f"{re_right(a, n):.3f}"


def re_crash(a: float, n: float, floor: float = 1e-8) -> float:
    return abs(a - n) / max(abs(a) + abs(n), floor) + undefined  # type: ignore[name-defined] # noqa: F821


def cd_no_return(f: Any, x: np.ndarray, i: int, h: float) -> None:
    cd_copies(f, x, i, h)


def cd_sum(f: Any, x: np.ndarray, i: int, h: float) -> float:
    e = np.zeros_like(x)
    e[i] = h
    return float((f(x + e) + f(x - e)) / (2 * h))


def re_no_return(a: float, n: float, floor: float = 1e-8) -> None:
    abs(a - n) / max(abs(a) + abs(n), floor)  # noqa: B018


def re_numpy_abs_of_sum(a: float, n: float, floor: float = 1e-8) -> Any:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.abs(np.float64(a) - n) / np.abs(np.float64(a) + n)


def re_numpy_no_floor(a: float, n: float, floor: float = 1e-8) -> Any:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.abs(np.float64(a) - n) / (np.abs(a) + np.abs(n))


def re_squared(a: float, n: float, floor: float = 1e-8) -> float:
    return (a - n) ** 2 / max(abs(a) + abs(n), floor)


MUTANTS: list[tuple[str, Any, Any, str]] = [
    ("not-written", stub, re_right, "centred_difference is not written yet"),
    ("not-written", cd_in_place, stub, "relative_error is not written yet"),
    ("one-sided", cd_one_sided, re_right, "error is of order h"),
    ("backward-difference", cd_backward, re_right, "take both sides"),
    ("h-not-2h", cd_over_h, re_right, "divide by 2h"),
    ("every-coordinate", cd_every, re_right, "the unit vector along coordinate i"),
    ("changed-input", cd_not_restored, re_right, "put x back as it was"),
    ("down-by-h-only", cd_down_by_h, re_right, "back at x itself"),
    ("ignores-h", cd_own_h, re_right, "use the argument h"),
    ("not-a-number", cd_vector, re_right, "array of shape (3,)"),
    ("crash", cd_crash, re_right, "raised TypeError"),
    ("absolute", cd_in_place, re_absolute, "the absolute error"),
    ("over-a", cd_in_place, re_over_a, "divides by |a| alone"),
    ("over-max", cd_in_place, re_over_max, "cs231n's form"),
    ("no-abs", cd_in_place, re_no_abs, "the error is negative"),
    ("abs-of-sum", cd_in_place, re_abs_of_sum, "opposite signs"),
    ("abs-of-sum", cd_in_place, re_abs_of_sum_floor, "opposite signs"),
    ("no-floor", cd_in_place, re_no_floor, "Divide by max(|a| + |n|, floor)"),
    ("ignores-floor", cd_in_place, re_fixed_floor, "the floor decides"),
    ("not-a-number", cd_in_place, re_string, "return one number"),
    ("crash", cd_in_place, re_crash, "raised NameError"),
    ("not-written", cd_no_return, re_right, "returned None"),
    ("difference", cd_sum, re_right, "expected (f(x + h·e_0) − f(x − h·e_0))/(2h)"),
    ("not-written", cd_in_place, re_no_return, "returned None: return one number"),
    ("abs-of-sum", cd_in_place, re_numpy_abs_of_sum, "add the sizes"),
    ("no-floor", cd_in_place, re_numpy_no_floor, "the denominator is 0"),
    ("error", cd_in_place, re_squared, "expected |a − n|/max(|a| + |n|, 1e-8)"),
]


@pytest.mark.parametrize(("mistake", "difference", "error", "words"), MUTANTS,
                         ids=[f"{m[0]}-{i}" for i, m in enumerate(MUTANTS)])
def test_each_wrong_solution_gets_its_own_hint(mistake: str, difference: Any, error: Any,
                                               words: str) -> None:
    report = check_finite_differences(difference, error, quiet=True)
    assert not report.ok
    text = " ".join(str(report).split())
    assert report.mistake == mistake, text
    assert words in text, text
