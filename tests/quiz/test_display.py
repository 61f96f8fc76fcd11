"""backprop_core.display.both: one output, a widget view for JupyterLab and HTML for the site."""

from __future__ import annotations

import ipywidgets as widgets
from IPython.core.formatters import DisplayFormatter

from backprop_core.display import WIDGET_VIEW, Both, both


def test_bundle_has_widget_view_html_and_our_text() -> None:
    button = widgets.Button(description="x")
    out = both(button, "<p>static</p>", "a button")
    assert isinstance(out, Both) and out.widget is button
    bundle = out._repr_mimebundle_()
    assert bundle == {
        WIDGET_VIEW: {"version_major": 2, "version_minor": 0, "model_id": button.model_id},
        "text/html": "<p>static</p>",
        "text/plain": "a button",
    }
    assert repr(out) == "a button"


def test_ipython_formats_it_as_one_bundle_with_our_plain_text() -> None:
    button = widgets.Button()
    data, _ = DisplayFormatter().format(both(button, "<b>h</b>", "plain"))
    assert data["text/plain"] == "plain"  # not the widget's repr with its random id
    assert data["text/html"] == "<b>h</b>"
    assert data[WIDGET_VIEW]["model_id"] == button.model_id


def test_without_a_widget_or_without_a_view() -> None:
    assert both(None, "<i>h</i>", "t")._repr_mimebundle_() == {
        "text/html": "<i>h</i>",
        "text/plain": "t",
    }

    class NoView:
        def _repr_mimebundle_(self) -> dict[str, str]:
            return {"text/plain": "no view"}

    assert WIDGET_VIEW not in both(NoView(), "h", "t")._repr_mimebundle_()
