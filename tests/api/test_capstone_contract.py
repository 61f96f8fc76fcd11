"""The contract of practice/capstone/ (support/api/capstone.py): the checkers answer any
reader's class or function with a verdict, the book's answers pass, the helpers give a
finite, correct result or a BackpropError naming the argument."""

from __future__ import annotations

from support.api.capstone import SPECS
from support.api.runner import contract_tests

(
    test_the_valid_call_returns_a_finite_result,
    test_bad_and_extreme_arguments_are_refused_by_name_or_give_a_finite_result,
    test_known_failures_still_break_the_contract,
) = contract_tests(SPECS)
