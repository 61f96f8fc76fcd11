"""Specs of the whole public API for the contract test (tests/api/): one module per part
of backprop_core, each with a list ``SPECS`` (see support/contract.py), and here what is
known to break the contract in modules this work did not change, and what is exempt.

``KNOWN[(spec id, argument)]`` = (a value that still breaks the contract, why): these
arguments are left out of the generated probes, and tests/api replays each value as a
strict xfail, so that the entry must go once its module is fixed.
"""

from __future__ import annotations

KNOWN: dict[tuple[str, str], tuple[object, str]] = {
    ("numbers.read_number", "text"): (
        None, "quiz/numbers.py (the checkers' tolerances, owned elsewhere): TypeError"),
    ("numbers.within", "value"): (
        None, "quiz/numbers.py (owned elsewhere): TypeError on a non-number"),
    ("numbers.within", "expected"): (
        None, "quiz/numbers.py (owned elsewhere): TypeError on a non-number"),
    ("numbers.within", "tolerance"): (
        None, "quiz/numbers.py (owned elsewhere): TypeError on a non-number"),
    ("parse.parse_quizzes", "text"): (
        None, "quiz/parse.py (owned elsewhere): AttributeError on a non-str"),
    ("parse.read_chapter", "path"): (
        "quizzes/no-such.txt", "quiz/parse.py (owned elsewhere): FileNotFoundError, where "
        "show and book raise MissingFileError"),
    ("drawings.draw_graph", "output"): (
        None, "figures/drawings.py (owned elsewhere): AttributeError"),
    ("drawings.draw_graph", "highlight"): (
        None, "figures/drawings.py (owned elsewhere): TypeError"),
    ("drawings.draw_network", "sizes"): (
        None, "figures/drawings.py (owned elsewhere): TypeError"),
    ("drawings.draw_network", "highlight"): (
        None, "figures/drawings.py (owned elsewhere): TypeError"),
    ("drawings.draw_network", "values"): (
        {(1, 1): "x"}, "figures/drawings.py (owned elsewhere): TypeError"),
    ("drawings.geometry", "width"): (
        None, "figures/drawings.py (owned elsewhere): TypeError"),
    ("drawings.geometry", "height"): (
        None, "figures/drawings.py (owned elsewhere): TypeError"),
    ("drawings.geometry", "bend"): (
        None, "figures/drawings.py (owned elsewhere): TypeError"),
    ("drawings.geometry", "t"): (
        None, "figures/drawings.py (owned elsewhere): TypeError"),
    ("player.graph_player", "title"): (
        5, "figures/player.py (owned elsewhere): AttributeError"),
    ("player.graph_player", "output_name"): (
        "\ud800", "figures/player.py (owned elsewhere): a lone surrogate reaches "
        "display.both, whose error names html, not output_name"),
    ("practice.check_layer_backward", "seed"): (
        None, "practice/ (owned elsewhere): a seed of None is accepted (a fresh random one)"),
    ("practice.check_batch_gradients", "seed"): (
        None, "practice/ (owned elsewhere): a seed of None is accepted"),
}
