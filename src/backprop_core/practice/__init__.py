"""Build-it-yourself exercises: the reader writes the code, a checker says what is wrong.

Each checker runs the reader's function on inputs chosen to expose the classic mistakes,
compares every result with the exact one (up to rounding) and, when they differ, names the
first wrong array or graph node, both values, and the likely mistake in the reader's words
("a transpose is missing"), never only "wrong".  Checkers print their feedback and return a
:class:`Report`; they need no widget, so they work in JupyterLab and in the website's
in-browser Python alike.

- :mod:`.report`   the report, and what every checker shares (structure first, exact
                   comparison, changed inputs, numerical gradients told apart)
- :mod:`.chain`    the derivative of a chain of three functions
- :mod:`.nodes`    the scalar node of the engine exercise and the graphs it is tried on
- :mod:`.sweeps`   reverse sweeps over those graphs, the right one and the usual wrong ones
- :mod:`.steps`    the engine checker's first part: backward_step alone, per operation
- :mod:`.engine`   the engine checker: the reverse sweep on whole graphs
- :mod:`.engine_picture` the reader's backward pass drawn next to the right one
- :mod:`.layer`    a dense layer's backward pass for one sample (δ, ∂C/∂W, ∂C/∂b, ∂C/∂a)
- :mod:`.batch`    the same layer's gradients for a batch of m samples, averaged
- :mod:`.arrays`   what the two layer checkers share: shapes, changed inputs, diagnosis
- :mod:`.softmax_vjp`    softmax's backward pass as a vector–Jacobian product
- :mod:`.batchnorm_vjp`  batch normalisation's backward pass (both paths through μ and v)
- :mod:`.conv_vjp`       a 1-D convolution's backward pass (a shared kernel)
- :mod:`.bptt`           one recurrent step's VJP, then backpropagation through time
- :mod:`.recompute`      the recomputation of gradient checkpointing
- :mod:`.array_checks`   what the five checkers above share: results read as arrays, shapes
                         named both ways, unchanged inputs, exact vs finite differences
- :mod:`.bugs`     a bug hunt in every backprop chapter: code with one classic bug, the
                   gradient checks that locate it, and the checker of the reader's report
                   (blocks, line, cause in free words)
"""

from .batch import check_batch_gradients
from .batchnorm_vjp import check_batchnorm_vjp
from .bptt import check_bptt
from .chain import check_chain_derivative
from .conv_vjp import check_conv1d_vjp
from .engine import Node, check_engine, topological_order
from .layer import check_layer_backward
from .recompute import check_recompute
from .report import Report
from .softmax_vjp import check_softmax_vjp

__all__ = [
    "Node",
    "Report",
    "check_batch_gradients",
    "check_batchnorm_vjp",
    "check_bptt",
    "check_chain_derivative",
    "check_conv1d_vjp",
    "check_engine",
    "check_layer_backward",
    "check_recompute",
    "check_softmax_vjp",
    "topological_order",
]
