"""backprop_core: the machinery every chapter of backprop-book calls.

One module, one job; chapters import from here (or from the modules) and never redefine
these functions in cells. Notation (column vectors, layer 0 = input):
z^l = W^l a^{l-1} + b^l,  a^l = σ(z^l),  δ^l = ∂C/∂z^l.

- graph          the engine: scalar nodes (Value), each operation's forward rule and local
                 derivatives (and their formula templates); reverse mode
- labels         formula labels of a graph's nodes ('a + b', 'x1'), written when asked for
- steps          the step-by-step trace of the forward and backward sweeps
- examples       the book's example graphs
- paths          the chain rule as a sum over paths, and what that costs
- forward_mode   dual numbers: forward mode, and pass/operation counts against reverse mode
- activations, losses, layers, network   dense networks in matrix form
- gradients      the one gradient type: ∂C/∂W^l, ∂C/∂b^l, δ^l and C (columns, rows, per sample)
- costs          C as a function of θ (cost_of_params) or of z^l (cost_of_z), for gradient checks
- forms          the same equations as a scalar loop, column form and row form, and one
                 sample as a graph of scalar nodes (network_graph)
- batching       samples as rows or columns; the per-sample gradient tensor
- training, datasets   minibatch SGD on small 2-D toy data sets
- gradcheck      the one gradient checker (centred finite differences)
- draw, player   pictures of graphs and networks; the step-through player
- quiz           the `??` quiz format: parser, live widgets, static HTML
"""

from backprop_core.costs import cost_of_params, cost_of_z
from backprop_core.errors import BackpropError, NonFiniteError, ShapeError, UnknownNameError
from backprop_core.examples import example_graph, exercise_graph
from backprop_core.forward_mode import Dual, forward_mode, reverse_mode
from backprop_core.gradcheck import (
    assert_grad_close,
    check_gradient,
    check_network,
    check_scalar_graph,
)
from backprop_core.gradients import Gradients
from backprop_core.graph import Value
from backprop_core.network import Network
from backprop_core.paths import all_paths, count_paths, sum_over_paths
from backprop_core.quiz import QuizFormatError, show_quiz, show_scoreboard
from backprop_core.steps import trace

__version__ = "0.1.0"  # the one place for the version (pyproject.toml, tools/bpb_run.py read it)

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
