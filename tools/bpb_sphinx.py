"""A local Sphinx extension for backprop-book.

Sphinx adds MathJax only to pages whose own Markdown holds math; quiz and player outputs
carry math in raw HTML that Sphinx does not see. Load the site's MathJax on every page.
"""

from __future__ import annotations

from typing import Any


def setup(app: Any) -> dict[str, Any]:
    app.set_html_assets_policy("always")
    app.setup_extension("bpb_run")  # chapter cells that run in the browser (tools/bpb_run.py)
    app.setup_extension("bpb_assets")  # checksums, licence texts, .nojekyll (tools/bpb_assets.py)
    app.setup_extension("bpb_quizcheck")  # no stale quiz reaches the site (tools/bpb_quizcheck.py)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
