"""The scalar engine: a graph of numbers, each operation with its local derivative.

- value         ``Value``: the nodes, each operation's forward rule next to its local
                derivatives, and reverse mode (``backward``: one sweep in topological order)
- slopes        σ' and tanh' without lost digits at large |x|, σ without overflow
- formulas      how each operation is written (``Formula`` templates) and ``topological_order``
- labels        the names of a graph's nodes ('a + b', 'x1') and the text of its errors
- trace         the forward and backward sweeps as steps, one node or edge at a time
- paths         the chain rule as a sum over paths, and how much work that is
- forward_mode  dual numbers: forward mode, and passes and operations against reverse mode
- examples      the book's example graphs (o = ½·c·d at a = 2, b = 3, and the exercise graph)
- gates         the gate patterns: what add, multiply, max, relu, a fork and a copy do to the
                gradient, computed on the engine
"""
