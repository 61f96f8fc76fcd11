"""The contract of backprop_core's public API (support/contract.py) over the specs of
support/api/numerics.py (checks' numerical helpers), pictures.py (label placement, the
player's parts, difference charts) and practice_checkers.py (checker helpers): a finite,
correct result or a BackpropError naming the argument."""

from __future__ import annotations

from support.api import numerics, pictures, practice_checkers
from support.api.runner import contract_tests

(
    test_the_valid_call_returns_a_finite_result,
    test_bad_and_extreme_arguments_are_refused_by_name_or_give_a_finite_result,
    test_known_failures_still_break_the_contract,
) = contract_tests([*numerics.SPECS, *pictures.SPECS, *practice_checkers.SPECS])
