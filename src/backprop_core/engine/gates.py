"""The gate patterns: what each kind of node does to the gradient that reaches it.

A gate receives c̄ = ∂o/∂c from above and hands each input c̄ times its local derivative:

- add,      c = a + b:       ā = c̄,  b̄ = c̄             (distributes: both get c̄ unchanged)
- multiply, c = a·b:         ā = b·c̄,  b̄ = a·c̄         (swaps: each gets the other's value)
- max,      c = max(a, b):   the larger input gets c̄, the other 0      (routes)
- relu,     c = max(a, 0):   a gets c̄ if a > 0, else 0               (routes, or stops)
- fork,     a used twice:    ā = c̄₁ + c̄₂, the gradients of its two uses   (sums)
- copy,     a copied to n places (a bias broadcast to n columns): ā = Σ_i c̄_i (a fork with
            n branches: "a copy is a fork")

``gate_patterns`` builds each on the engine's ``Value`` graph and runs ``backward``: the
numbers of the book's gate pictures are the engine's, not typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from backprop_core.engine.value import Value
from backprop_core.errors import ArgumentError, check_real


@dataclass(frozen=True)
class Wire:
    """One wire of a gate picture: its name, forward value and gradient ∂o/∂(wire)."""

    name: str
    value: float
    grad: float


@dataclass(frozen=True)
class GatePattern:
    """One gate: its inputs and outputs as wires (outputs carry the gradient that arrives
    from above), and the rule in a few words."""

    kind: str
    symbol: str
    rule: str
    inputs: tuple[Wire, ...]
    outputs: tuple[Wire, ...]


KINDS = ("add", "multiply", "max", "relu", "fork", "copy")
RULES = {"add": "distributes", "multiply": "swaps", "max": "routes", "relu": "routes or stops",
         "fork": "sums", "copy": "sums (a fork)"}
SYMBOLS = {"add": "+", "multiply": "×", "max": "max", "relu": "relu", "fork": "", "copy": "copy"}


def gate(kind: str, values: Sequence[float], upstream: Sequence[float]) -> GatePattern:
    """``kind`` with input ``values`` (two for add, multiply, max; one for the others) and
    the gradients ``upstream`` arriving at its outputs (one per output: one for the gates,
    two for a fork, any number for a copy)."""
    if kind not in KINDS:
        raise ArgumentError(f"kind must be one of {list(KINDS)}, got {kind!r}")
    xs = [Value(check_real(v, "a gate's input value"), name)
          for v, name in zip(values, "ab", strict=False)]
    g = [check_real(u, "an upstream gradient") for u in upstream]
    n_in = 2 if kind in ("add", "multiply", "max") else 1
    n_out = {"fork": 2, "copy": len(g)}.get(kind, 1)
    if len(xs) != n_in or len(values) != n_in or len(g) != n_out or n_out < 1:
        article = "an" if kind[0] in "aeiou" else "a"
        raise ArgumentError(f"kind = {kind!r}: {article} {kind} gate takes {n_in} input "
                            f"value(s) and "
                            f"{'one or more' if kind == 'copy' else n_out} upstream "
                            f"gradient(s), got {len(values)} and {len(g)}")
    if kind in ("fork", "copy"):
        (a,) = xs
        # the branches are a itself, used n times; use i sends back g_i: o = Σ_i g_i·a
        out = a * g[0]
        for gi in g[1:]:
            out = out + a * gi
        out.backward()
        wires = tuple(Wire(f"a ({i + 1})", a.data, gi) for i, gi in enumerate(g))
        return GatePattern(kind, SYMBOLS[kind], RULES[kind], (Wire("a", a.data, a.grad),),
                           wires)
    if kind == "add":
        c = xs[0] + xs[1]
    elif kind == "multiply":
        c = xs[0] * xs[1]
    elif kind == "max":
        c = xs[0].max(xs[1])
    else:
        c = xs[0].relu()
    (c * g[0]).backward()  # c̄ = g: the gradient that reaches the gate from above
    return GatePattern(kind, SYMBOLS[kind], RULES[kind],
                       tuple(Wire(x.name, x.data, x.grad) for x in xs),
                       (Wire("c", c.data, g[0]),))


def gate_patterns() -> list[GatePattern]:
    """The six patterns at the book's numbers: inputs a = 3, b = −1, gradient 2 from above
    (relu at a = −1, to show it stop; the fork's two uses send back 2 and −0.5, the copy's
    three 2, −0.5 and 1)."""
    return [
        gate("add", (3.0, -1.0), (2.0,)),
        gate("multiply", (3.0, -1.0), (2.0,)),
        gate("max", (3.0, -1.0), (2.0,)),
        gate("relu", (-1.0,), (2.0,)),
        gate("fork", (3.0,), (2.0, -0.5)),
        gate("copy", (3.0,), (2.0, -0.5, 1.0)),
    ]
