"""Bug reports: which parameter blocks fail the gradient check (the answer: W1, W2, W3)."""

from __future__ import annotations

from . import report

EX = "bughunt"

report(EX, "set", {"W1", "W2", "W3"}, style="a set of names")
report(EX, "string", "W1, W2, W3", style="one string, names separated by commas")
report(EX, "list_lower", ["w3", "w1", " w2 "], style="a list, lower case, spaces")

report(EX, "missed_one", {"W1", "W2"}, "missed", "W3 fails the gradient check too")
report(EX, "plus_bias", {"W1", "W2", "W3", "b2"}, "passes-check", "b2 passes")
report(EX, "biases", ["b1", "b2", "b3"], "passes-check", "their gradients are right")
report(EX, "last_layer", "W3", "missed", "W1, W2 fail the gradient check too")
report(EX, "empty", set(), "empty", "name at least one block")
report(EX, "unknown", {"W4"}, "unknown-block", "W4: not a block name")
report(EX, "layer_numbers", [1, 2, 3], "unknown-block", "not block names")
report(EX, "sentence", "W1 W2 and W3", "unknown-block", "and: not a block name")
