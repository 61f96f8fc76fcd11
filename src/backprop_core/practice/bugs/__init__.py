r"""Bug hunts: in each backprop chapter, a gradient written with one classic bug, which the
reader locates with the book's gradient checker and reports.

``hunt = show_bug(HUNTS["chain-rule"])`` prints the code with line numbers;
``check_gradient(*hunt.probe(name))`` checks the gradient it claims for one parameter block;
``check_hunt(hunt, wrong, line, why)`` checks the report: the blocks that fail, the faulty
line and its cause (see :mod:`.reading` for what it accepts).

- :mod:`.hunt`    a hunt: the code, its problem, the checks per block
- :mod:`.causes`  the named causes, and free words matched to them
- :mod:`.reading` the report, read leniently, and its checker
- :mod:`.scalar`  `=` for `+=` at a fork (chain-rule); adjoints not reset (computational-graph)
- :mod:`.layers`  σ′ at a (error-signal); a cached forward pass after a step (worked-example)
- :mod:`.matrix`  a^l where a^{l−1} belongs, in a square network (matrix-form)
- :mod:`.batches` 1/m twice (batching); softmax-CE sign (deep-networks); wrong axis (capstone)
"""

from __future__ import annotations

from .batches import BATCHING, CAPSTONE, DEEP_NETWORKS
from .causes import CAUSES, Cause
from .hunt import Hunt, show_bug
from .layers import ERROR_SIGNAL, WORKED_EXAMPLE
from .matrix import MATRIX_FORM
from .reading import check_hunt
from .scalar import CHAIN_RULE, COMPUTATIONAL_GRAPH

HUNTS: dict[str, Hunt] = {hunt.chapter: hunt for hunt in (
    CHAIN_RULE, COMPUTATIONAL_GRAPH, ERROR_SIGNAL, WORKED_EXAMPLE, MATRIX_FORM, BATCHING,
    DEEP_NETWORKS, CAPSTONE)}
"""The hunts, by chapter."""

__all__ = ["CAUSES", "HUNTS", "Cause", "Hunt", "check_hunt", "show_bug"]
