"""A step-through player of a computational graph: the forward pass, one node at a time,
then the backward pass, one edge at a time (``engine.trace``).

One call, ``graph_player(o)``, returns an output that carries two players: in JupyterLab
an ipywidget (play, previous/next, a slider) showing one SVG per step; on the static site
ONE drawing whose labels and highlights ``book/_vendor/bpb/player.js`` switches per step,
with no kernel. Both are built from one model (the trace, run once) and one layout
(computed once per graph, shared by every frame). The modules, one way down:

- model   the frames of one trace, the captions and the text of every label
- params  a network's steps after the sweep: ∂C/∂b = δ (BP4), ∂C/∂w = a δ (BP3)
- predict "predict, then see": the value each step will reveal, judged like a numeric quiz
- layout  where every node, label and edge number goes (``figures.edge_labels``' rule)
- svg     the drawing as SVG: one frame (for the widget) or every frame at once (the site)
- html    the static rendition: the drawing, captions and controls
- widget  the live rendition (the only module that imports ipywidgets)
- show    ``graph_player``, ``player_html``, ``player_widget``
"""

from backprop_core.figures.player.model import Frame, PlayerModel, frames, legend
from backprop_core.figures.player.show import graph_player, player_html, player_widget

__all__ = ["Frame", "PlayerModel", "frames", "graph_player", "legend", "player_html",
           "player_widget"]
