"""The contract of practice/bugs/ (support/api/practice.py): a finite, correct result or a
BackpropError naming the argument; the report checker answers anything with a verdict."""

from __future__ import annotations

from support.api.practice import SPECS
from support.api.runner import contract_tests

(
    test_the_valid_call_returns_a_finite_result,
    test_bad_and_extreme_arguments_are_refused_by_name_or_give_a_finite_result,
    test_known_failures_still_break_the_contract,
) = contract_tests(SPECS)
