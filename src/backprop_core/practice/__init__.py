"""Build-it-yourself exercises: the reader writes the code, a checker says what is wrong.

Each checker runs the reader's function on small inputs the package chooses, compares its
results with the book's gradient checker (:mod:`backprop_core.checks.gradcheck`, centred finite
differences) and, when they disagree, recognises the usual mistakes and names them in a
learner's words ("a transpose is missing"), never only "wrong".  Checkers print their
feedback and return a :class:`Report`; they need no widget, so they work in JupyterLab and
in the website's in-browser Python alike.

- :mod:`.chain`    the derivative of a chain of three functions
- :mod:`.engine`   the backward rules and the reverse sweep of a tiny scalar engine
- :mod:`.layer`    a dense layer's backward pass for one sample (δ, ∂C/∂W, ∂C/∂b, ∂C/∂a)
- :mod:`.batch`    the same layer's gradients for a batch of m samples, averaged
- :mod:`.bughunt`  a backprop with a subtle bug, to find with the gradient checker
- :mod:`.softmax_vjp`    softmax's backward pass as a vector–Jacobian product
- :mod:`.batchnorm_vjp`  batch normalisation's backward pass (both paths through μ and v)
- :mod:`.conv_vjp`       a 1-D convolution's backward pass (a shared kernel)
- :mod:`.bptt`           one recurrent step's VJP, then backpropagation through time
- :mod:`.recompute`      the recomputation of gradient checkpointing
- :mod:`.array_checks`   what the five checkers above share: results read as arrays, shapes
                         named both ways, unchanged inputs, exact vs finite differences
"""

from .batch import check_batch_gradients
from .batchnorm_vjp import check_batchnorm_vjp
from .bptt import check_bptt
from .bughunt import buggy_gradients, bughunt_network, check_bug_report
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
    "buggy_gradients",
    "bughunt_network",
    "check_batch_gradients",
    "check_batchnorm_vjp",
    "check_bptt",
    "check_bug_report",
    "check_chain_derivative",
    "check_conv1d_vjp",
    "check_engine",
    "check_layer_backward",
    "check_recompute",
    "check_softmax_vjp",
    "topological_order",
]
