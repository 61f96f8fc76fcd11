"""The contract of the parts of practice/'s layer, batch and engine checkers
(support/api/practice_parts.py): every learner solution of the mutation corpus, and any
other thing a learner may pass, ends in a verdict; chain_derivative gives a finite, correct
result or a BackpropError naming x."""

from __future__ import annotations

from support.api.practice_parts import SPECS
from support.api.runner import contract_tests

(
    test_the_valid_call_returns_a_finite_result,
    test_bad_and_extreme_arguments_are_refused_by_name_or_give_a_finite_result,
    test_known_failures_still_break_the_contract,
) = contract_tests(SPECS)
