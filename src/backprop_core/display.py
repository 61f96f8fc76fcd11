"""One notebook output, two renditions: a live widget and static HTML.

JupyterLab (with a kernel) shows the widget; the built site, configured with
``nb_mime_priority_overrides = [["html", "application/vnd.jupyter.widget-view+json",
null]]``, drops the widget view and shows the ``text/html``, which the site's own
JavaScript makes interactive.  ``text/plain`` is a short fixed description instead
of the widget's repr (which holds a random model id), so strict nbval sees the
same bytes on every run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from backprop_core.errors import check_text

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class Both:
    """A displayable carrying a widget view, static HTML and plain text.

    Use :func:`both` to make one; ``widget`` stays reachable for tests and callers.
    """

    def __init__(self, widget: Any, html: str, text: str) -> None:
        self.widget = widget
        self.html = html
        self.text = text

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.widget is not None:
            view = self.widget._repr_mimebundle_().get(WIDGET_VIEW)
            if view is not None:
                data[WIDGET_VIEW] = view
        data["text/html"] = self.html
        data["text/plain"] = self.text
        return data

    def __repr__(self) -> str:
        return self.text


def both(widget: Any, html: str, text: str) -> Both:
    """Wrap ``widget`` (an ipywidget, or None), ``html`` and ``text`` into one output.

    ``display(both(w, html, text))`` writes a single output whose mime bundle holds
    the widget view (if any), ``text/html`` and ``text/plain``.
    """
    return Both(widget, check_text(html, "html"), check_text(text, "text"))


def optional_widget(build: Callable[[], Any]) -> Any:
    """``build()``, or None where ipywidgets cannot be imported (the website's Python):
    the output then carries only its HTML and text renditions."""
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        return None
    return build()


def display(obj: Any) -> None:
    """IPython's ``display`` where IPython runs; elsewhere the output is printed as text
    (the website's runtime installs its own ``IPython.display`` shim before chapters run)."""
    try:
        from IPython.display import display as ipython_display
    except ImportError:
        print(repr(obj))
        return
    ipython_display(obj)
