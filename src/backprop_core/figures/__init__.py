"""Figures: every picture of the book, drawn by the package (chapters make one call).

- palette         the book's colours, for light and dark themes (the site's CSS variables
                  are generated from it)
- legibility      the legible-text rules and their constants (one source for the package,
                  the site build and the tests): the smallest font, as rendered on the site
- edge_labels     where the number on an edge goes: one rule for the drawings and the player
- drawn           what a figure accepts as numbers to draw (finite, at most 1e150)
- drawings        computational graphs and networks (values above the wires, gradients below)
- player/         the step-through player of a graph's forward and backward sweeps: model,
                  layout, svg, html (the site's), widget (JupyterLab's), show (graph_player)
- charts          slopes, descent walks, δ against depth, held-out learning curves
- learning_curves the cost per epoch and per update for several batch sizes
- growth_charts   counts on logarithmic axes (paths, multiplications, bytes)
- signal_charts   δ^l_j as bars, one panel per layer
- matrix_grid     a matrix drawn as a grid of cells, and equations of such grids
- matrix_figures  the matrix-form and batching chapters' pictures
- boundary        a classifier's decision boundary, and its cost during training
- difference_charts  a finite difference's error against the step h; a check across a kink
- gates           the gate patterns as circuits (values above the wires, gradients below)
- cost_charts     gradients through time, the memory backprop keeps, checkpointing's trade
"""
