"""Layers as vector–Jacobian products (VJPs), and forward mode as Jacobian–vector products.

Every layer here has ``forward(x) -> (y, cache)`` and ``vjp(cache, ȳ) -> (x̄, {name: θ̄})``:
its backward pass maps ȳ = ∂C/∂y to x̄ = (∂y/∂x)ᵀ ȳ and to θ̄ = ∂C/∂θ for each parameter,
without forming the Jacobian ∂y/∂x. Samples are columns, as everywhere in the book.

- base        the protocol (``Layer``), ``Linear`` (y = W x + b) and ``Elementwise`` (y = σ(x))
- softmax     softmax on its own: J = diag(s) − s sᵀ, and the cheap product s ⊙ (s̄ − sᵀ s̄)
- norms       batch and layer normalisation: one formula, along the samples or the features
- conv1d      a 1-D convolution: one kernel shared by every position, its adjoint a sum
- recurrent   a recurrent layer unrolled over T steps: backpropagation through time
- jacobians   Jacobians formed explicitly (one VJP per output, one JVP per input), their size
- forward     forward mode on a dense ``Network``: JVPs, the gradient from one JVP per
              parameter, ∂a^L/∂x both ways with the multiplications counted
"""

from backprop_core.networks.vjp.base import Elementwise, Layer, Linear, cache_bytes
from backprop_core.networks.vjp.conv1d import Conv1D
from backprop_core.networks.vjp.norms import Normalisation, batch_norm, layer_norm
from backprop_core.networks.vjp.recurrent import Recurrent, state_gradient_norms
from backprop_core.networks.vjp.softmax import Softmax, softmax_vjp

__all__ = [
    "Conv1D",
    "Elementwise",
    "Layer",
    "Linear",
    "Normalisation",
    "Recurrent",
    "Softmax",
    "batch_norm",
    "cache_bytes",
    "layer_norm",
    "softmax_vjp",
    "state_gradient_norms",
]
