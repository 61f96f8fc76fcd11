"""`make pdf`: the whole book as one PDF, printed offline by Debian's Chromium.

    python tools/make_pdf.py [SITE_DIR] [OUT_PDF]   (default: _build/html -> _build/pdf/book.pdf)

The built site is served on 127.0.0.1; Chromium (``/usr/bin/chromium`` through playwright,
never ``playwright install``) opens every page of ``_toc.yml`` in order, waits for MathJax,
fires ``beforeprint`` (players go to their last step, solutions open) and prints it with
the site's print stylesheet (``book/_vendor/bpb/print.css``). pypdf then puts a title page
with the table of contents (each chapter's first page) in front, numbers every page at its
foot (the numbers are a second Chromium print, laid over the pages), and adds an outline
(the PDF's bookmarks) with one entry per chapter. Nothing is fetched from another host: a
request to one aborts the run.
"""

from __future__ import annotations

import html
import io
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-default-apps"]
PAGE = {"format": "A4", "margin": {"top": "16mm", "bottom": "18mm", "left": "16mm",
                                   "right": "16mm"}}


@dataclass
class Chapter:
    path: str  # book/chain-rule.html
    title: str
    pdf: bytes
    pages: int = 0


def toc_pages() -> list[str]:
    sys.path.insert(0, str(ROOT / "tools"))
    from toc import toc_files

    return [f"{f}.html" for f in toc_files(ROOT)]


def serve(directory: Path) -> tuple[str, Any]:
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


PREPARE = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  await Promise.all(Array.from(document.images).map(img => {
    img.loading = 'eager';
    return img.decode().catch(() => null);
  }));
  window.dispatchEvent(new Event('beforeprint'));
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  await new Promise(r => setTimeout(r, 100));
  const h1 = document.querySelector('main h1');
  return h1 ? h1.textContent.replace(/#$/, '').trim() : document.title;
}"""


def print_chapters(site: Path, pages: list[str]) -> list[Chapter]:
    from playwright.sync_api import sync_playwright

    base, server = serve(site)
    home = tempfile.mkdtemp(prefix="make-pdf-chromium-")
    env = {**os.environ, "HOME": home, "XDG_CONFIG_HOME": home + "/.config",
           "XDG_CACHE_HOME": home + "/.cache"}
    foreign: list[str] = []
    chapters = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env)
            context = browser.new_context(viewport={"width": 1000, "height": 1400})

            def guard(route: Any) -> None:
                host = urlsplit(route.request.url).hostname
                if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
                    route.continue_()
                else:
                    foreign.append(route.request.url)
                    route.abort()

            context.route("**/*", guard)
            page = context.new_page()
            for path in pages:
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                page.emulate_media(media="print")
                title = page.evaluate(PREPARE)
                pdf = page.pdf(print_background=True, **PAGE)  # type: ignore[arg-type]
                chapters.append(Chapter(path, title, pdf))
                print(f"  {path}: {title}", file=sys.stderr)
            count_pages(chapters)
            page.set_content(toc_html(chapters))
            toc_pdf = page.pdf(print_background=True, **PAGE)  # type: ignore[arg-type]
            page.set_content(numbers_html(sum(c.pages for c in chapters) + 1))
            numbers_pdf = page.pdf(format="A4", margin={"top": "0", "bottom": "0",
                                                        "left": "0", "right": "0"})
            browser.close()
    finally:
        server.shutdown()
    if foreign:
        sys.exit(f"make_pdf: the pages asked other hosts for {foreign[:5]}")
    chapters.insert(0, Chapter("toc", "Contents", toc_pdf, 1))
    chapters.append(Chapter("numbers", "", numbers_pdf))
    return chapters


def count_pages(chapters: list[Chapter]) -> None:
    from pypdf import PdfReader

    for c in chapters:
        c.pages = len(PdfReader(io.BytesIO(c.pdf)).pages)


def toc_html(chapters: list[Chapter]) -> str:
    """The contents page: each chapter and the number of its first page (page 1 = this one)."""
    rows, page = [], 2
    for c in chapters:
        rows.append(f"<tr><td>{html.escape(c.title)}</td><td class=n>{page}</td></tr>")
        page += c.pages
    import yaml

    title = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["title"]
    return ("<!doctype html><html><head><meta charset=utf-8><style>"
            "body{font-family:sans-serif;margin:0} h1{font-size:26pt;margin:0 0 4mm}"
            "h2{font-size:15pt;margin:10mm 0 3mm} table{width:100%;border-collapse:collapse}"
            "td{padding:1.6mm 0;border-bottom:1px dotted #999;font-size:12pt}.n{text-align:right}"
            f"</style></head><body><h1>{html.escape(title)}</h1><h2>Contents</h2>"
            f"<table>{''.join(rows)}</table></body></html>")


def numbers_html(total: int) -> str:
    pages = "".join(
        f'<div class="p"><span>{n} / {total}</span></div>' for n in range(1, total + 1))
    return ("<!doctype html><html><head><meta charset=utf-8><style>"
            "@page{size:A4;margin:0} body{margin:0}"
            ".p{height:297mm;position:relative;break-after:page}"
            ".p span{position:absolute;bottom:8mm;left:0;right:0;text-align:center;"
            "font:9pt sans-serif;color:#444}</style></head><body>" + pages + "</body></html>")


def assemble(chapters: list[Chapter], out: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    numbers = PdfReader(io.BytesIO(chapters[-1].pdf))
    writer = PdfWriter()
    n = 0
    for c in chapters[:-1]:
        first = n
        for page in PdfReader(io.BytesIO(c.pdf)).pages:
            added = writer.add_page(page)
            added.merge_page(numbers.pages[n])
            n += 1
        writer.add_outline_item(title=c.title, page_number=first)
    writer.add_metadata({"/Title": "Backprop, step by step"})
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as f:
        writer.write(f)


def main(site: Path, out: Path) -> None:
    if not (site / "index.html").is_file():
        sys.exit(f"make_pdf: no built site in {site}: run `make book` first")
    chapters = print_chapters(site, toc_pages())
    assemble(chapters, out)
    pages = sum(c.pages for c in chapters[:-1])
    print(f"The PDF: {out} ({pages} pages, {out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(Path(args[0]) if args else ROOT / "_build" / "html",
         Path(args[1]) if len(args) > 1 else ROOT / "_build" / "pdf" / "book.pdf")
