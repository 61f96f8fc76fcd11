"""backprop_core: the machinery every chapter of backprop-book calls.

Chapters import from here or from the subpackages and never redefine these functions in
cells. Notation (column vectors, layer 0 = input): z^l = W^l a^{l-1} + b^l,
a^l = σ(z^l), δ^l = ∂C/∂z^l. The parts, one way down: each imports only from the parts
listed before it (``tests/test_layout.py`` checks this, and that there is no import cycle).

- errors      exceptions that name the argument, what was expected and what was given
- formatting  the one number format of labels, traces, tables and messages
- version     the version, written once
- display     one output, two renditions (a JupyterLab widget and HTML for the site)
- engine/     scalar graphs: ``Value`` and its operations (each with its local derivative),
              formulas and labels, traces, paths, forward mode, the book's example graphs
- quiz/       the ``??`` quiz format: parser, model and scoring, live widgets, static HTML,
              the book-wide progress, the instructors' export
- networks/   dense networks in matrix form: activations, losses, layers, ``Network``,
              ``Gradients``, the three forms of backprop, batching, initialisation, training,
              descent, held-out data, depth, data sets, memory and checkpointing; ``vjp/``:
              other layers as vector–Jacobian products, and forward mode
- checks/     the one gradient checker (finite differences), the step h, what a relative
              error means, spot checks of big networks, relu kinks, a layer's VJP through
              the checker; numeric-answer checks
- figures/    every picture: palette, legibility, graph and network drawings, the player,
              charts, matrix pictures, decision boundaries
- practice/   build-it-yourself exercises and the bug hunt, with their checkers; the
              capstone (practice/capstone/: the reader's own engine, network and training)
- chapters/   helpers that serve one chapter (the worked example, gradient timing)

Each subpackage's docstring lists its modules.
"""

from backprop_core.checks.gradcheck import (
    assert_grad_close,
    check_gradient,
    check_network,
    check_scalar_graph,
)
from backprop_core.engine.examples import example_graph, exercise_graph
from backprop_core.engine.forward_mode import Dual, forward_mode, reverse_mode
from backprop_core.engine.paths import all_paths, count_paths, sum_over_paths
from backprop_core.engine.trace import trace
from backprop_core.engine.value import Value
from backprop_core.errors import BackpropError, NonFiniteError, ShapeError, UnknownNameError
from backprop_core.networks.cost_functions import cost_of_params, cost_of_z
from backprop_core.networks.gradients import Gradients
from backprop_core.networks.network import Network
from backprop_core.quiz import QuizFormatError, show_quiz, show_scoreboard
from backprop_core.version import __version__ as __version__

__all__ = [
    "BackpropError",
    "Dual",
    "Gradients",
    "Network",
    "NonFiniteError",
    "QuizFormatError",
    "ShapeError",
    "UnknownNameError",
    "Value",
    "all_paths",
    "assert_grad_close",
    "check_gradient",
    "check_network",
    "check_scalar_graph",
    "cost_of_params",
    "cost_of_z",
    "count_paths",
    "example_graph",
    "exercise_graph",
    "forward_mode",
    "reverse_mode",
    "show_quiz",
    "show_scoreboard",
    "sum_over_paths",
    "trace",
]
