"""The capstone: the reader builds a scalar engine and a network on it, and trains it.

One module per job:

- :mod:`.reference`      the book's answers (CoreValue, Value, Neuron, Layer, MLP, cost,
                         train_step, as_matrices), used until the reader's pass
- :mod:`.graphs`         the test graphs and the sweeps with a known mistake
- :mod:`.probe`          running the reader's code: structure first, crashes in words
- :mod:`.value_core`     step 1: ``+``, ``*`` and ``backward``
- :mod:`.value_ops`      step 2: the other operations, numbers on either side
- :mod:`.mlp_check`      step 3: Neuron, Layer, MLP
- :mod:`.training_check` step 4: cost and train_step
- :mod:`.final_check`    step 5: as_matrices, and the final check against backprop_core
- :mod:`.flow`           keep the reader's code if it passes; scalar ↔ matrix network
"""

from .final_check import HELD_OUT_BAR, check_as_matrices, check_final, gradient_difference
from .flow import accuracy, keep_if_right, set_parameters, to_network
from .mlp_check import check_mlp
from .training_check import check_training
from .value_core import check_value_core
from .value_ops import check_value_ops

__all__ = [
    "HELD_OUT_BAR",
    "accuracy",
    "check_as_matrices",
    "check_final",
    "check_mlp",
    "check_training",
    "check_value_core",
    "check_value_ops",
    "gradient_difference",
    "keep_if_right",
    "set_parameters",
    "to_network",
]
