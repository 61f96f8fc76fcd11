"""The site works from any static host, under any sub-path: served at
http://127.0.0.1:<port>/course/backprop/, every page opens without a failed request, and
every link and resource a page names inside the site resolves."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from support.browser import serve_directory, wait_for_math

pytestmark = pytest.mark.browser
PREFIX = "course/backprop/"


@pytest.fixture(scope="module")
def subpath_url(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("host")
    (root / "course").mkdir()
    os.symlink(site_dir, root / "course" / "backprop", target_is_directory=True)
    base, stop = serve_directory(root)
    yield base + PREFIX
    stop()


def _pages(site_dir: Path) -> list[str]:
    skip = ("_static/", "_runtime/", "_sources/", "_images/", "_sphinx_design_static/")
    return sorted(str(p.relative_to(site_dir)) for p in site_dir.rglob("*.html")
                  if not str(p.relative_to(site_dir)).startswith(skip))


def test_the_build_is_ready_for_github_pages(site_dir: Path) -> None:
    assert (site_dir / ".nojekyll").is_file()


def test_every_page_works_under_a_sub_path(site_dir: Path, subpath_url: str,
                                           new_page: Any) -> None:
    pages = _pages(site_dir)
    assert len(pages) >= 15
    page = new_page()
    failed: list[str] = []
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    # a request the browser abandons because the test moves to the next page is not a failure
    page.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "")
            and failed.append(f"failed {r.url}: {r.failure}"))
    named: set[str] = set()
    page.goto(subpath_url)  # the root redirects to the first page, inside the sub-path
    page.wait_for_url(subpath_url + "book/intro.html")
    for rel in pages:
        if rel == "index.html":
            continue  # the redirect, followed above
        page.goto(subpath_url + rel)
        wait_for_math(page)
        for url in page.evaluate("""() => [...document.querySelectorAll(
                'a[href], link[href], script[src], img[src]')]
                .map(e => e.href || e.src)"""):
            url = urldefrag(url)[0]
            if urlsplit(url).hostname == "127.0.0.1":
                named.add(url)
    assert not failed, failed[:10]
    assert not page.bpb_external_requests, page.bpb_external_requests[:5]
    outside = sorted(u for u in named if not urlsplit(u).path.startswith("/" + PREFIX))
    assert not outside, outside[:10]  # nothing escapes the sub-path (no root-relative URL)
    broken = []
    for url in sorted(named):
        response = page.request.get(url)
        if response.status >= 400:
            broken.append(f"{response.status} {url}")
    assert not broken, broken[:10]
    assert urljoin(subpath_url, "book/intro.html") in named or any(
        u.endswith("/book/intro.html") for u in named)
