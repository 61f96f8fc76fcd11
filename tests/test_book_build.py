"""The book builds with warnings as errors, and the built site is self-contained."""

from __future__ import annotations

import re
from pathlib import Path

from support.book import BuildResult

EXTERNAL_REF = re.compile(
    r"""<(?:script|link|img|iframe|source)\b[^>]*?\b(?:src|href)=["']((?:https?:)?//[^"']+)"""
)


def test_book_builds_without_warnings(book_build: BuildResult) -> None:
    tail = book_build.output[-4000:]
    assert book_build.returncode == 0, tail
    assert "WARNING" not in book_build.output, tail
    assert (book_build.html_dir / "index.html").is_file()


def html_pages(site_dir: Path) -> list[Path]:
    return sorted(p for p in site_dir.rglob("*.html") if "_static" not in p.parts)


def test_pages_load_nothing_from_other_hosts(site_dir: Path) -> None:
    offenders = {}
    for page in html_pages(site_dir):
        refs = EXTERNAL_REF.findall(page.read_text(encoding="utf-8"))
        if refs:
            offenders[str(page.relative_to(site_dir))] = refs
    assert not offenders, offenders


def test_mathjax_is_served_by_the_site(site_dir: Path) -> None:
    notation = (site_dir / "book" / "notation.html").read_text(encoding="utf-8")
    assert 'src="../_static/mathjax/tex-chtml.js' in notation
    assert (site_dir / "_static" / "mathjax" / "tex-chtml.js").is_file()
    assert (site_dir / "_static" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").is_dir()


def test_favicon_and_download_button(site_dir: Path) -> None:
    intro = (site_dir / "book" / "intro.html").read_text(encoding="utf-8")
    assert 'rel="icon"' in intro and "favicon.svg" in intro
    assert "btn-download" in intro or "Download this page" in intro


def test_every_figure_has_a_numbered_caption_and_an_alt_text(site_dir: Path) -> None:
    # issue 22: figures drawn by a cell (plt.show()) had an alt text but no caption
    from bs4 import BeautifulSoup

    problems = []
    for page in html_pages(site_dir):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        main = soup.find("main") or soup
        for img in main.find_all("img"):
            src = str(img.get("src", ""))
            if not src.endswith(".png"):
                continue
            where = f"{page.relative_to(site_dir)}: {src.rsplit('/', 1)[-1]}"
            if not str(img.get("alt", "")).strip():
                problems.append(f"{where}: no alt text")
            figure = img.find_parent("figure")
            caption = figure.find("figcaption") if figure else None
            number = caption.find(class_="caption-number") if caption else None
            text = caption.find(class_="caption-text") if caption else None
            if number is None or text is None or not text.get_text(strip=True):
                problems.append(f"{where}: no numbered caption")
    assert problems == []
