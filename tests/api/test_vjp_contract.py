"""The contract of backprop_core's public API (support/contract.py) over the specs of
support/api/vjp.py (issue 25: gates, VJP layers, forward mode, memory, checkpointing, the
layer exercises' checkers): a finite, correct result or a BackpropError naming the
argument."""

from __future__ import annotations

from support.api.runner import contract_tests
from support.api.vjp import SPECS

(
    test_the_valid_call_returns_a_finite_result,
    test_bad_and_extreme_arguments_are_refused_by_name_or_give_a_finite_result,
    test_known_failures_still_break_the_contract,
) = contract_tests(SPECS)
