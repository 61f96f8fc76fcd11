"""The checkpointing exercise's checker, beyond the mutation corpus (tests/practice/corpus/
recompute.py, run by test_corpus.py): every hint is reached, the messages differ, crashes are
reported as they are, and a recompute right on the checker's segments but wrong inside
checkpointing is caught."""

# ruff: noqa: ANN001, ANN202  (learner solutions, written as learners would)

from __future__ import annotations

from backprop_core.practice import check_recompute
from backprop_core.practice import recompute as recompute_module

from .corpus.recompute import MUTANTS, right_loop


def test_every_hint_is_used_and_the_messages_differ() -> None:
    codes = {code for _m, code, _w in MUTANTS}
    assert set(recompute_module.HINTS) <= codes
    by_code: dict[str, set[str]] = {}
    for mutant, code, _w in MUTANTS:
        by_code.setdefault(code, set()).add(str(check_recompute(mutant, quiet=True)))
    texts = [t for group in by_code.values() for t in group]
    assert len(set(texts)) == len(texts)


def test_other_crashes_are_reported_as_they_are() -> None:
    def crashes(layers, a):
        raise KeyError("W")

    report = check_recompute(crashes, quiet=True)
    assert report.mistake == "crash" and "raised KeyError" in str(report)


def test_a_recompute_right_alone_but_wrong_inside_checkpointing_is_caught() -> None:
    """Right on the checker's own segments (3 samples or fewer), wrong for a batch of 5:
    the gradient with checkpoints then differs from plain backprop."""
    def sneaky(layers, a):
        records = right_loop(layers, a)
        if a.shape[1] == 5:
            return [(z, x + 1e-3) for z, x in records]
        return records

    report = check_recompute(sneaky, quiet=True)
    assert report.mistake == "wrong-values" and "checkpoints every k = " in str(report)
