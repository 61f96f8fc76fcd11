"""The checkers of the chapter "Every layer is a vector–Jacobian product", beyond the
mutation corpus (tests/practice/corpus/, run by test_corpus.py: every wrong solution gets
its own mistake and hint, every right one passes): every hint of a checker is reached by a
wrong solution of the corpus, two wrong solutions never read alike, and a tolerance says
what it is."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from backprop_core.practice import (
    batchnorm_vjp,
    bptt,
    check_batchnorm_vjp,
    check_bptt,
    check_conv1d_vjp,
    check_softmax_vjp,
    conv_vjp,
    softmax_vjp,
)
from backprop_core.practice.array_checks import EXACT

from .corpus import batchnorm_vjp as bn_corpus
from .corpus import bptt as bptt_corpus
from .corpus import conv_vjp as conv_corpus
from .corpus import softmax_vjp as sm_corpus


@pytest.mark.parametrize(("check", "mutants", "hints"), [
    (lambda f: check_softmax_vjp(f, quiet=True), sm_corpus.SOFTMAX_MUTANTS, softmax_vjp.HINTS),
    (lambda f: check_batchnorm_vjp(f, quiet=True), bn_corpus.BN_MUTANTS, batchnorm_vjp.HINTS),
    (lambda f: check_conv1d_vjp(f, quiet=True), conv_corpus.CONV_MUTANTS, conv_vjp.HINTS),
], ids=["softmax", "batchnorm", "conv1d"])
def test_every_mutant_reads_differently_and_every_hint_is_used(
        check: Callable[[Any], Any], mutants: list[tuple[Any, str, str]],
        hints: dict[str, str]) -> None:
    texts = [str(check(m)) for m, _code, _words in mutants]
    assert len(set(texts)) == len(texts)
    codes = {code for _m, code, _w in mutants}
    assert set(hints) <= codes, sorted(set(hints) - codes)


def test_every_bptt_hint_is_used_by_a_mutant() -> None:
    mutants = bptt_corpus.BPTT_MUTANTS
    codes = {code for *_f, code, _w in mutants}
    assert set(bptt.HINTS) <= codes, sorted(set(bptt.HINTS) - codes)
    texts = {str(check_bptt(s, b, quiet=True)) for s, b, _c, _w in mutants}
    assert len(texts) == len(mutants)


def test_a_tolerance_says_what_it_is() -> None:
    report = check_softmax_vjp(sm_corpus.sm_right, quiet=True)
    assert f"to a relative {EXACT:.0e} of its largest entry" in str(report)
    assert "relative error ≤ 1e-5" in str(report)
    fd = check_softmax_vjp(sm_corpus.sm_finite_differences, quiet=True)
    assert fd.mistake == "numerical" and "significant digits only" in str(fd)
