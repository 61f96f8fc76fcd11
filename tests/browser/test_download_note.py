"""The note beside a chapter's download button says how to run the downloaded notebook and
shows the address its install cell needs (BOOK_URL: the site's root, tools/bpb_download.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def test_the_download_note_gives_the_books_address(
        site_url: str, new_page: Callable[..., Any]) -> None:
    page = new_page(preload=False)
    page.goto(site_url + "book/chain-rule.html")
    page.wait_for_load_state("load")
    note = page.locator(".bpb-run-note")
    assert note.count() == 1
    text = note.text_content()
    assert "first cell installs backprop_core" in text
    assert f'BOOK_URL = "{site_url}"' in text  # the root, not the chapter's folder
    assert page.bpb_external_requests == [] and page.bpb_errors == []
