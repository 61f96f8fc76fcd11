"""Every page of the built site, in real Chromium, in light and dark theme.

For each page: no request to any other host, no page or console error, math typeset by the
site's own MathJax (no raw TeX delimiters, no MathJax error nodes), every image loaded,
and no serious or critical accessibility violation (axe-core). A viewport screenshot of
each page in each theme goes to artifacts/screenshots/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from support.browser import screenshot, wait_for_math

ROOT = Path(__file__).resolve().parents[2]


def site_pages() -> list[str]:
    """The pages of the table of contents, plus Sphinx's own search and index pages."""
    import yaml  # shipped with jupyter-book

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            files.append(chapter["file"])
            files.extend(section["file"] for section in chapter.get("sections", []))
    return [f"{name}.html" for name in files] + ["search.html", "genindex.html"]


RAW_TEX = """() => {
  const skip = el => el.closest(
    'pre, code, mjx-container, script, style, textarea, .bpb-quiz-source');
  const walker = document.createTreeWalker(document.querySelector('main') || document.body,
                                           NodeFilter.SHOW_TEXT);
  const bad = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (skip(node.parentElement)) continue;
    if (/\\$\\$|\\\\\\(|\\\\\\[|\\\\frac|\\\\partial/.test(node.textContent)) {
      bad.push(node.textContent.slice(0, 80));
    }
  }
  return bad;
}"""

BROKEN_IMAGES = """() => Array.from(document.images)
  .filter(img => !(img.complete && img.naturalWidth > 0)).map(img => img.src)"""


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("page_path", site_pages())
def test_page(page_path: str, theme: str, site_url: str, new_page: Any) -> None:
    page = new_page(dark=theme == "dark")
    page.goto(site_url + page_path)
    wait_for_math(page)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => document.documentElement.dataset.theme") == theme

    assert page.bpb_external_requests == []
    assert page.bpb_errors == []
    assert page.evaluate("() => document.querySelectorAll('mjx-merror').length") == 0
    assert page.evaluate(RAW_TEX) == []
    assert page.evaluate(BROKEN_IMAGES) == []

    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    severe = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert severe == []
    screenshot(page, page_path.replace("/", "_").removesuffix(".html") + f"-{theme}")
