"""The mutation corpus (tests/practice/corpus/): every wrong solution is rejected with its
own mistake and hint, every right one, in whichever style, passes."""

from __future__ import annotations

from collections import Counter

import pytest

from backprop_core.practice import (
    Report,
    check_batch_gradients,
    check_batchnorm_vjp,
    check_bptt,
    check_chain_derivative,
    check_conv1d_vjp,
    check_engine,
    check_layer_backward,
    check_recompute,
    check_softmax_vjp,
)
from backprop_core.practice.bugs import HUNTS, check_hunt

from .corpus import (  # noqa: F401 - they register
    ENTRIES,
    Entry,
    batch,
    batchnorm_vjp,
    bptt,
    chain,
    conv_vjp,
    engine,
    hunts,
    layer,
    recompute,
    softmax_vjp,
)

CHECKERS = {
    "chain": lambda s: check_chain_derivative(s, quiet=True),
    "engine": lambda s: check_engine(s.backward_step, s.backward, quiet=True),
    "layer": lambda s: check_layer_backward(s, quiet=True),
    "batch": lambda s: check_batch_gradients(s, quiet=True),
    "hunt": lambda s: check_hunt(HUNTS[s["chapter"]], s["wrong"], s["line"], s["why"],
                                 quiet=True),
    "softmax_vjp": lambda s: check_softmax_vjp(s, quiet=True),
    "batchnorm_vjp": lambda s: check_batchnorm_vjp(s, quiet=True),
    "conv_vjp": lambda s: check_conv1d_vjp(s, quiet=True),
    "bptt": lambda s: check_bptt(*s, quiet=True),
    "recompute": lambda s: check_recompute(s, quiet=True),
}
WRONG = [e for e in ENTRIES if e.mistake]
RIGHT = [e for e in ENTRIES if not e.mistake]


def verdict(entry: Entry) -> Report:
    report: Report = CHECKERS[entry.exercise](entry.solution)
    return report


@pytest.mark.parametrize("entry", WRONG, ids=[f"{e.exercise}-{e.name}" for e in WRONG])
def test_every_wrong_solution_is_rejected_with_its_own_hint(entry: Entry) -> None:
    report = verdict(entry)
    assert not report.ok, f"{entry.name} passed: {report}"
    assert report.mistake == entry.mistake, str(report)
    assert entry.words in str(report), str(report)
    assert str(report).startswith("\u2718 ")


@pytest.mark.parametrize("entry", RIGHT, ids=[f"{e.exercise}-{e.name}" for e in RIGHT])
def test_every_right_solution_passes(entry: Entry) -> None:
    report = verdict(entry)
    assert report.ok, f"{entry.name} ({entry.style}): {report}"
    assert report.mistake == ""


def test_the_corpus_covers_every_checker_with_many_mistakes_and_styles() -> None:
    wrong = Counter(e.exercise for e in WRONG)
    right = Counter(e.exercise for e in RIGHT)
    assert len(WRONG) >= 60 and len(RIGHT) >= 15, (len(WRONG), len(RIGHT))
    assert set(wrong) == set(right) == set(CHECKERS)
    assert all(wrong[name] >= 8 for name in CHECKERS), wrong
    chapters = Counter(e.solution["chapter"] for e in ENTRIES if e.exercise == "hunt")
    assert set(chapters) == set(HUNTS) and min(chapters.values()) >= 12, chapters


def test_each_kind_of_mistake_has_its_own_hint() -> None:
    """Two solutions with different mistakes never get the same message template."""
    by_kind: dict[tuple[str, str], set[str]] = {}
    for entry in WRONG:
        text = str(verdict(entry))
        by_kind.setdefault((entry.exercise, entry.mistake), set()).add(text)
    for exercise in CHECKERS:
        kinds = {k: v for k, v in by_kind.items() if k[0] == exercise}
        seen: dict[str, tuple[str, str]] = {}
        for kind, texts in kinds.items():
            for text in texts:
                assert text not in seen or seen[text] == kind, (kind, seen.get(text))
                seen[text] = kind

