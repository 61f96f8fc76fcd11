"""The bug hunts (practice/bugs/): each bug is exactly its line (fixed, every block passes
the gradient check), the blocks the checker expects are the ones that fail, and the report
checker tells every named cause apart."""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from backprop_core.checks.gradcheck import check_gradient
from backprop_core.errors import ArgumentTypeError, UnknownKeyError
from backprop_core.practice.bugs import CAUSES, HUNTS, Hunt, check_hunt, show_bug
from backprop_core.practice.bugs.causes import BY_CODE, named
from backprop_core.practice.bugs.reading import failing_blocks

# how the bug is fixed: the faulty line replaced (or, for the graph, moved into the loop)
FIXES = {
    "chain-rule": 'grad["x"] += dr_ds * 1',
    "computational-graph": None,
    "error-signal": "delta1 = (W2.T @ delta2) * sigmoid_prime(z1)",
    "worked-example": "return backward(new, forward(new, x), y)",
    "matrix-form": 'grads[f"W{n}"] = delta[n] @ a[n - 1].T',
    "batching": "dW1 = Delta1 @ X.T",
    "deep-networks": "Delta = (A[L] - Y) / m",
    "capstone": "db1 = Delta1.sum(axis=1)",
}
EXPECTED = {  # what the hunts' prose and model answers say fails
    "chain-rule": {"x"},
    "computational-graph": {"point 2", "point 3"},
    "error-signal": {"W1", "b1"},
    "worked-example": {"W1", "b1", "W2", "b2"},
    "matrix-form": {"W1", "W2", "W3"},
    "batching": {"W1"},
    "deep-networks": {f"{p}{n}" for p in "Wb" for n in range(1, 5)},
    "capstone": {"b1"},
}


def fixed(hunt: Hunt) -> Callable[..., Any]:
    """The hunt's function with its bug fixed, compiled in its own module's namespace."""
    lines = list(hunt.lines)
    k = hunt.line - 1
    indent = lines[k][: len(lines[k]) - len(lines[k].lstrip())]
    if FIXES[hunt.chapter] is None:  # the reset goes inside the loop, before the seed
        reset = lines.pop(k)
        seed = next(i for i, text in enumerate(lines) if 'grad["o"] = 1.0' in text)
        lines.insert(seed, " " * (len(lines[seed]) - len(lines[seed].lstrip()))
                     + reset.strip())
    else:
        lines[k] = indent + str(FIXES[hunt.chapter])
    namespace = dict(inspect.getmodule(hunt.function).__dict__)  # type: ignore[union-attr]
    exec(textwrap.dedent("\n".join(lines)), namespace)  # noqa: S102 - our own source
    fn: Callable[..., Any] = namespace[hunt.function.__name__]
    return fn


@pytest.mark.parametrize("chapter", sorted(HUNTS))
def test_the_bug_is_exactly_its_line(chapter: str) -> None:
    hunt = HUNTS[chapter]
    assert failing_blocks(hunt) == EXPECTED[chapter]
    assert hunt.failing(fixed(hunt)) == set(), "fixed, every block passes"


@pytest.mark.parametrize("chapter", sorted(HUNTS))
def test_the_probe_feeds_the_books_checker(chapter: str) -> None:
    hunt = HUNTS[chapter]
    for name in hunt.blocks:
        result = check_gradient(*hunt.probe(name))
        assert result.ok == (name not in EXPECTED[chapter]), name
        if not result.ok:  # wrong by far more than rounding: no borderline verdict
            assert result.max_rel_error > 1e-2, (name, result)
        else:
            assert result.max_rel_error < 1e-7, (name, result)
    with pytest.raises(UnknownKeyError, match="name must be a parameter block"):
        hunt.probe("W9")


@pytest.mark.parametrize("chapter", sorted(HUNTS))
def test_the_listing_numbers_the_lines_and_the_bug_line_is_unique(
        chapter: str, capsys: pytest.CaptureFixture[str]) -> None:
    hunt = HUNTS[chapter]
    assert show_bug(hunt) is hunt
    printed = capsys.readouterr().out
    width = len(str(len(hunt.lines)))
    assert f"\n{hunt.line:>{width}}  {hunt.lines[hunt.line - 1]}\n" in printed
    assert hunt.lines[0].startswith("def ")
    assert sum(hunt.bug in text for text in hunt.lines) == 1
    assert hunt.cause in BY_CODE and hunt.cause in hunt.causes


@pytest.mark.parametrize("chapter", sorted(HUNTS))
def test_every_other_cause_is_refused_with_a_reason(chapter: str) -> None:
    hunt = HUNTS[chapter]
    wrong = EXPECTED[chapter]
    for cause in CAUSES:
        for words in (cause.code, cause.label):
            report = check_hunt(hunt, wrong, hunt.line, words, quiet=True)
            if cause.code == hunt.cause:
                assert report.ok, str(report)
            else:
                assert report.mistake == "wrong-cause", (cause.code, str(report))


def test_each_cause_is_named_by_its_own_label_and_code_only() -> None:
    for cause in CAUSES:
        assert [c.code for c in named(cause.label)] == [cause.code]
        assert [c.code for c in named(cause.code)] == [cause.code]


def test_the_report_checker_takes_a_hunt_and_says_so() -> None:
    with pytest.raises(ArgumentTypeError, match="hunt must be"):
        check_hunt("chain-rule", {"x"}, 10, "=")  # type: ignore[arg-type]


def test_a_report_is_printed_unless_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    hunt = HUNTS["chain-rule"]
    report = check_hunt(hunt, {"x"}, hunt.line, "assign-not-add")
    assert report.ok and capsys.readouterr().out == str(report) + "\n"
    assert hunt.fix in str(report)


def test_network_costs_leave_the_network_as_it_was() -> None:
    hunt = HUNTS["error-signal"]
    net = hunt.problem().args[0]
    before = net.get_params().copy()
    for name in hunt.blocks:
        f, value = hunt.problem().costs[name]
        f(np.zeros_like(value))
    assert np.array_equal(net.get_params(), before)


def test_the_matrix_form_bug_has_the_right_shapes_and_only_the_check_sees_it() -> None:
    """Every layer 3 wide: a^l has the shape of a^{l−1}, so every claimed gradient has the
    shape of its block; the biases (= δ) are the network's own, every weight is not."""
    hunt = HUNTS["matrix-form"]
    net, x, y = hunt.problem().args
    assert net.sizes == [3, 3, 3, 3]
    right = net.gradients(x, y)
    for name, claimed in hunt.claimed().items():
        n = int(name[1])
        expected = right.dW[n] if name[0] == "W" else right.db[n].reshape(-1, 1)
        assert claimed.shape == expected.shape
        assert np.allclose(claimed, expected) == (name[0] == "b"), name
