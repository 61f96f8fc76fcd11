"""The tests every group of specs runs (each contract file under tests/api calls
``contract_tests``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import matplotlib.pyplot as plt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from support.contract import Spec, probe, run_valid, values_for

from . import KNOWN


def _probes(spec: Spec) -> st.SearchStrategy[tuple[str, Any]]:
    """(argument, value) pairs for ``spec``, without the arguments known to fail."""
    names = sorted(name for name in spec.kinds if (spec.id, name) not in KNOWN)
    if not names:
        return st.nothing()
    return st.sampled_from(names).flatmap(
        lambda name: st.tuples(st.just(name), values_for(spec, name)))


def contract_tests(specs: list[Spec], examples: float = 1.0) -> tuple[Callable[..., None], ...]:
    """(test of the valid call, test of the generated probes, replay of the known
    failures) for ``specs``; ``examples`` scales the profile's examples per spec (a figure
    takes tens of milliseconds)."""
    ids = [spec.id for spec in specs]

    @pytest.mark.parametrize("spec", specs, ids=ids)
    def test_the_valid_call_returns_a_finite_result(spec: Spec) -> None:
        try:
            run_valid(spec)
        finally:
            plt.close("all")

    count = max(3, round(settings.default.max_examples * examples))

    @pytest.mark.parametrize("spec", specs, ids=ids)
    @settings(max_examples=count)
    @given(data=st.data())
    def test_bad_and_extreme_arguments_are_refused_by_name_or_give_a_finite_result(
            spec: Spec, data: Any) -> None:
        if all((spec.id, name) in KNOWN for name in spec.kinds):
            return
        name, value = data.draw(_probes(spec), label="argument, value")
        try:
            probe(spec, name, value)
        finally:
            plt.close("all")

    known = [(spec, name) for spec in specs for name in spec.kinds if (spec.id, name) in KNOWN]

    @pytest.mark.parametrize(("spec", "name"), [
        pytest.param(spec, name, marks=pytest.mark.xfail(
            reason=KNOWN[(spec.id, name)][1], strict=True), id=f"{spec.id}-{name}")
        for spec, name in known] or [pytest.param(None, None, marks=pytest.mark.skip(
            reason="no known failure in this group"), id="none")])
    def test_known_failures_still_break_the_contract(spec: Spec, name: str) -> None:
        try:
            probe(spec, name, KNOWN[(spec.id, name)][0])
        finally:
            plt.close("all")

    return (test_the_valid_call_returns_a_finite_result,
            test_bad_and_extreme_arguments_are_refused_by_name_or_give_a_finite_result,
            test_known_failures_still_break_the_contract)
