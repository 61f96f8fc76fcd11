"""Dense networks in matrix form (column vectors, layer 0 = the input):
z^l = W^l a^{l-1} + b^l,  a^l = σ(z^l),  δ^l = ∂C/∂z^l.

- activations     σ and σ' by name (sigmoid, tanh, relu, identity, softmax)
- losses          C_x of one sample, the mean cost, and the output error δ^L
- layers          one dense layer: forward, and its backward (BP1-BP4 for one layer)
- network         ``Network``: layers 1..L, forward, backward, parameters as one vector θ
- gradients       ``Gradients``: ∂C/∂W^l, ∂C/∂b^l, δ^l and C (per sample or averaged)
- forms           the same backprop as a scalar loop, in column form and in row form, and one
                  sample as a graph of scalar nodes
- batching        a batch of samples as rows or as columns; the per-sample gradient tensor
- cost_functions  C as a function of θ or of z^l (what a gradient check differentiates)
- initialisation  the spread of the initial weights, and deep networks built with it
- training        minibatch SGD, accuracy, decision grids
- descent         gradient descent as a walk on a cost surface
- holdout         training with a held-out set, and its learning curves
- depth           how δ changes with depth; why equal weights stay equal
- datasets        small 2-D data sets generated from a seed (xor, two moons, spirals, blobs)
- memory          what reverse mode keeps for the backward pass, counted, and tracemalloc
- checkpointing   gradient checkpointing: every k-th record kept, segments recomputed
- vjp/            layers as vector–Jacobian products (softmax, batch and layer norm, a 1-D
                  convolution, a recurrent layer), explicit Jacobians, forward mode (JVPs)
"""
