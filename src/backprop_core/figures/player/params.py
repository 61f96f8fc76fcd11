"""The steps that take a network's player from the δ's to what training needs: BP4 and
BP3 for every neuron, after the backward sweep, one parameter per step:

    ∂C/∂b^l_j = δ^l_j,        ∂C/∂w^l_{jk} = a^{l-1}_k δ^l_j,

where δ^l_j = ∂C/∂z^l_j is the adjoint z̄^l_j that the sweep left on the input sum z^l_j
(``networks.forms.network_graph``: the edge a^{l-1}_k → z^l_j carries w^l_{jk}).
"""

from __future__ import annotations

from backprop_core.engine.labels import Labels, factor
from backprop_core.engine.trace import Step
from backprop_core.errors import check_instance
from backprop_core.formatting import fmt
from backprop_core.networks.forms import NetworkGraph, neuron_label

SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def parameter_steps(graph: NetworkGraph, names: Labels, output_name: str = "C"
                    ) -> list[Step]:
    """One step per bias then per weight of each neuron, the last layer first (the order
    the δ's become known). Reads the adjoints: run ``graph.cost.backward()`` first."""
    check_instance(graph, NetworkGraph, "graph")
    steps = []
    for layer in sorted(graph.z, reverse=True):
        for j, z in enumerate(graph.z[layer], start=1):
            d = z.grad
            delta = neuron_label("δ", layer, j)
            bias = neuron_label("b", layer, j)
            steps.append(Step(
                "parameter", bias, z.op,
                f"∂{output_name}/∂{bias} = {delta} = {names.adjoint(z)} = {fmt(d)}   (BP4)",
                d, node=z))
            for k, a in enumerate(z.parents, start=1):
                weight = neuron_label("w", layer, j) + str(k).translate(SUBSCRIPT)
                steps.append(Step(
                    "parameter", weight, z.op,
                    f"∂{output_name}/∂{weight} = {names[a]} · {delta} = {factor(a.data)} · "
                    f"{factor(d)} = {fmt(a.data * d)}   (BP3)",
                    a.data * d, node=z, edge=k - 1))
    return steps
