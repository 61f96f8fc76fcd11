"""The built website as a reader meets it, measured in Chromium (laptop 1280×900, phone 390×844).

Run it with the book's environment (it needs playwright and Debian's /usr/bin/chromium; it
never runs `playwright install`):

    .venv/bin/python benchmarks/bench_site.py               # builds the current tree first
    .venv/bin/python benchmarks/bench_site.py --site DIR    # an already built _build/html
    .venv/bin/python benchmarks/bench_site.py --json out.json

It prints, per page:

- **keyboard**: Tab stops, how many are formulas (MathJax containers), how many Tab
  presses from the top of the page reach the first quiz answer, and how many key presses
  it takes with the skip link "Skip to the first quiz" (Tabs to it, then Enter);
- **weight**: bytes transferred on a first visit (every response gzip-compressed, as a
  static host serves it; headers included) and when arriving from another chapter (same
  browser cache; the site is served with `Cache-Control: max-age=600`), and the time from
  navigation to MathJax's last typeset;
- **legibility**: for every figure (a PNG in the page) and every player, its displayed scale
  and the CSS px of its smallest text, at 1280×900 and at 390×844. A figure's smallest
  text comes from the font size recorded at draw time in the PNG (``bpb:min-font-pt``, see
  ``backprop_core.figures.legibility``), or from ``--fonts FILE`` (JSON {image file name: points});
  a player's from its SVG text (font size × the SVG's screen scale);

and the size of the site, without the in-browser Python runtime (``_runtime``, or
``_static/pyodide``, ``_static/bpb-python`` if present) and of its largest parts.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from support.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# folders of the in-browser Python runtime, left out of the site size (the target)
RUNTIME_DIRS = ("_runtime", "_static/pyodide", "_static/bpb-python")


class _GzipCachingHandler(http.server.SimpleHTTPRequestHandler):
    """A static host: gzip for text types, `Cache-Control: max-age=600`, as GitHub Pages."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self) -> Any:  # noqa: C901 - one straight path
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        ctype = self.guess_type(str(path))
        body = path.read_bytes()
        if not ctype.startswith(("image/png", "image/jpeg", "font/woff")):
            body = _gzip(str(path), path.stat().st_mtime_ns)
            encoded = True
        else:
            encoded = False
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io

        return io.BytesIO(body)


@functools.cache
def _gzip(path: str, _mtime: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


def serve(directory: Path) -> tuple[str, Any]:
    handler = functools.partial(_GzipCachingHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def toc_pages() -> list[str]:
    sys.path.insert(0, str(ROOT / "tools"))
    from toc import toc_files

    return [f"{f}.html" for f in toc_files(ROOT)]


# --- in-page measurements ------------------------------------------------------------------

# Resolves (once) when MathJax has typeset the page; records the time since navigation.
TYPESET_PROBE = """
(() => {
  const t = setInterval(() => {
    const mj = window.MathJax;
    if (mj && mj.startup && mj.startup.promise) {
      clearInterval(t);
      mj.startup.promise.then(() => { window.__bpbTypeset = performance.now(); });
    }
  }, 5);
})();
"""

TAB_STOPS = """() => {
  const all = Array.from(document.querySelectorAll(
    'a[href], button, input, select, textarea, summary, [tabindex]'));
  const stops = all.filter(el => el.tabIndex >= 0 && !el.disabled
    && !el.closest('[hidden], [inert]') && el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden');
  const formulas = stops.filter(el => el.closest('mjx-container'));
  return {stops: stops.length, formulas: formulas.length};
}"""

FIGURES = """() => Array.from(document.querySelectorAll('main img'))
  .filter(img => /\\.png(\\?|$)/.test(img.src) && img.naturalWidth > 0)
  .map(img => {
    const r = img.getBoundingClientRect();
    // shown at a legible width only inside a sideways-scrolling box?
    let box = img.parentElement;
    while (box && box.tagName !== 'MAIN' && box.scrollWidth <= box.clientWidth + 1) {
      box = box.parentElement;
    }
    return {src: img.getAttribute('src'), natural: img.naturalWidth, shown: r.width,
            scrolls: !!box && box.tagName !== 'MAIN'};
  })"""

# Every player: the smallest text (CSS px) over all its frames, and its displayed scale.
PLAYERS = """() => Array.from(document.querySelectorAll('.bpb-player')).map(p => {
  const svg = p.querySelector('svg');
  let smallest = Infinity;
  let scale = NaN;
  if (svg) {
    const frames = p.querySelectorAll('.bpb-player-frame');
    const hidden = Array.from(frames).map(f => f.hidden);
    frames.forEach(f => { f.hidden = false; });
    // players that draw once and show a step with data attributes: every text counts
    const texts = Array.from(p.querySelectorAll('svg text'));
    for (const t of texts) {
      const ctm = t.getScreenCTM();
      if (!ctm) continue;
      const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(ctm.a, ctm.b);
      if (px > 0) smallest = Math.min(smallest, px);
    }
    const box = svg.getBoundingClientRect();
    scale = box.width / svg.viewBox.baseVal.width;
    frames.forEach((f, i) => { f.hidden = hidden[i]; });
  }
  return {title: (p.getAttribute('aria-label') || '').slice(0, 60), html_bytes: p.outerHTML.length,
          scale: scale, smallest_px: smallest};
})"""

EAGER = """() => Promise.all(Array.from(document.images).map(img => {
  img.loading = 'eager';
  return img.decode().catch(() => null);
}))"""

FIRST_QUIZ = """() => {
  const el = document.activeElement;
  return !!(el && el.closest && el.closest('.bpb-quiz') && el.matches('input'));
}"""


def png_font_pt(site: Path, page_url: str, src: str,
                fonts: dict[str, float]) -> tuple[float, float] | None:
    """(smallest font in points, dpi) of a figure: from its PNG text chunk, else --fonts."""
    from PIL import Image

    path = (site / Path(urlsplit(page_url).path.lstrip("/")).parent / unquote(src)).resolve()
    if not path.is_file():
        return None
    with Image.open(path) as im:
        info = dict(getattr(im, "text", {}) or {})
        dpi = float(im.info.get("dpi", (100.0, 100.0))[0])
    if "bpb:min-font-pt" in info:
        return float(info["bpb:min-font-pt"]), float(info.get("bpb:dpi", dpi))
    if path.name in fonts:
        return float(fonts[path.name]), dpi
    return None


def transferred(cdp_events: list[dict[str, Any]]) -> int:
    return int(sum(e["encodedDataLength"] for e in cdp_events))


def measure(site: Path, pages: list[str], fonts: dict[str, float]) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    base, server = serve(site)
    home = tempfile.mkdtemp(prefix="bench-site-chromium-")
    env = {**os.environ, "HOME": home, "XDG_CONFIG_HOME": home + "/.config",
           "XDG_CACHE_HOME": home + "/.cache"}
    out: dict[str, Any] = {"pages": {}}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env)
        for i, name in enumerate(pages):
            row: dict[str, Any] = {}
            # first visit: empty cache
            ctx = browser.new_context(viewport=LAPTOP)
            ctx.add_init_script(TYPESET_PROBE)
            page = ctx.new_page()
            cdp = ctx.new_cdp_session(page)
            cdp.send("Network.enable")
            events: list[dict[str, Any]] = []
            cdp.on("Network.loadingFinished", lambda e, out=events: out.append(e))
            page.goto(base + name)
            page.wait_for_load_state("networkidle")
            page.wait_for_function("() => window.__bpbTypeset !== undefined || !window.MathJax",
                                   timeout=30000)
            row["first_visit_bytes"] = transferred(events)
            row["typeset_ms"] = page.evaluate("() => window.__bpbTypeset || null")
            row.update(page.evaluate(TAB_STOPS))
            page.evaluate(EAGER)  # figures load lazily: measure them all
            row["figures_laptop"] = page.evaluate(FIGURES)
            row["players_laptop"] = page.evaluate(PLAYERS)
            # next chapter: arriving from the previous page of the book (its files cached)
            if i > 0:
                nctx = browser.new_context(viewport=LAPTOP)
                npage = nctx.new_page()
                ncdp = nctx.new_cdp_session(npage)
                ncdp.send("Network.enable")
                nevents: list[dict[str, Any]] = []
                ncdp.on("Network.loadingFinished", lambda e, out=nevents: out.append(e))
                npage.goto(base + pages[i - 1])
                npage.wait_for_load_state("networkidle")
                nevents.clear()
                npage.goto(base + name)
                npage.wait_for_load_state("networkidle")
                row["next_visit_bytes"] = transferred(nevents)
                nctx.close()
            # Tab presses from the top to the first quiz answer
            page.goto(base + name)
            page.wait_for_load_state("networkidle")
            page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
            row["tabs_to_quiz"] = row["keys_via_skip_link"] = None
            if page.evaluate("() => !!document.querySelector('.bpb-quiz input')"):
                for n in range(1, 601):
                    page.keyboard.press("Tab")
                    if page.evaluate(FIRST_QUIZ):
                        row["tabs_to_quiz"] = n
                        break
                # the same with the skip links: Tab until "Skip to the first quiz", Enter
                page.goto(base + name)
                page.wait_for_load_state("networkidle")
                for n in range(1, 601):
                    page.keyboard.press("Tab")
                    if page.evaluate("() => document.activeElement.matches('.bpb-skip-quiz')"):
                        page.keyboard.press("Enter")
                        if page.evaluate(FIRST_QUIZ):
                            row["keys_via_skip_link"] = n + 1
                        break
            ctx.close()
            # phone
            ctx = browser.new_context(viewport=PHONE, device_scale_factor=3, is_mobile=True,
                                      has_touch=True)
            page = ctx.new_page()
            page.goto(base + name)
            page.wait_for_load_state("networkidle")
            page.evaluate(EAGER)
            row["figures_phone"] = page.evaluate(FIGURES)
            row["players_phone"] = page.evaluate(PLAYERS)
            ctx.close()
            for key in ("figures_laptop", "figures_phone"):
                for fig in row[key]:
                    fig["scale"] = fig["shown"] / fig["natural"]
                    font = png_font_pt(site, base + name, fig["src"], fonts)
                    fig["smallest_px"] = (font[0] / 72 * font[1] * fig["scale"]
                                          if font else None)
            out["pages"][name] = row
        browser.close()
    server.shutdown()
    return out


def site_size(site: Path) -> dict[str, Any]:
    files = [f for f in site.rglob("*") if f.is_file()]
    runtime = [f for f in files
               if any(str(f.relative_to(site)).startswith(d) for d in RUNTIME_DIRS)]
    total = sum(f.stat().st_size for f in files)
    rt = sum(f.stat().st_size for f in runtime)
    parts: dict[str, int] = {}
    for f in files:
        rel = f.relative_to(site).parts
        key = "/".join(rel[:2]) if rel[0] in ("_static", "_sources", "book") else rel[0]
        parts[key] = parts.get(key, 0) + f.stat().st_size
    maps = sum(f.stat().st_size for f in files if f.suffix == ".map")
    return {"total": total, "runtime": rt, "without_runtime": total - rt, "source_maps": maps,
            "largest_parts": sorted(parts.items(), key=lambda kv: -kv[1])[:8]}


def build(dest: Path) -> Path:
    subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", ".", "-W", "-n",
                    "--keep-going", "--all", "--path-output", str(dest)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return dest / "_build" / "html"


def mb(n: float) -> str:
    return f"{n / 1e6:.2f} MB"


def fmt_px(x: float | None) -> str:
    return "?" if x is None or x != x or x == float("inf") else f"{x:.1f}"


def report(data: dict[str, Any]) -> None:
    size = data["size"]
    print(f"site: {mb(size['total'])}; without the in-browser Python runtime "
          f"{mb(size['without_runtime'])} (target <= 12 MB); source maps {mb(size['source_maps'])}")
    print("largest parts: " + ", ".join(f"{k} {mb(v)}" for k, v in size["largest_parts"]))
    print()
    print("| page | first visit (gzip) | next chapter | typeset | Tab stops | formulas | "
          "Tabs to 1st quiz | keys via skip link |")
    print("|---|---|---|---|---|---|---|---|")
    for name, r in data["pages"].items():
        nxt = mb(r["next_visit_bytes"]) if "next_visit_bytes" in r else "-"
        ts = f"{r['typeset_ms'] / 1000:.2f} s" if r["typeset_ms"] else "-"
        tq = r["tabs_to_quiz"] if r["tabs_to_quiz"] is not None else "-"
        sk = r.get("keys_via_skip_link") or "-"
        print(f"| {name} | {mb(r['first_visit_bytes'])} | {nxt} | {ts} | {r['stops']} | "
              f"{r['formulas']} | {tq} | {sk} |")
    print()
    print("| page | figure / player | scale laptop | smallest laptop (px) | scale phone | "
          "smallest phone (px) |")
    print("|---|---|---|---|---|---|")
    wide = " (wider than the column: scrolls)"
    for name, r in data["pages"].items():
        for lap, ph in zip(r["figures_laptop"], r["figures_phone"], strict=False):
            print(f"| {name} | {Path(lap['src']).name[:12]} | {lap['scale']:.2f} | "
                  f"{fmt_px(lap['smallest_px'])}{wide if lap.get('scrolls') else ''} | "
                  f"{ph['scale']:.2f} | {fmt_px(ph['smallest_px'])} |")
        for lap, ph in zip(r["players_laptop"], r["players_phone"], strict=False):
            print(f"| {name} | player ({lap['html_bytes'] / 1024:.0f} KiB HTML) | "
                  f"{lap['scale']:.2f} | {fmt_px(lap['smallest_px'])} | {ph['scale']:.2f} | "
                  f"{fmt_px(ph['smallest_px'])} |")
    lap_all = [f["smallest_px"] for r in data["pages"].values() for f in r["figures_laptop"]
               if f["smallest_px"] is not None and not f.get("scrolls")]
    if lap_all:
        n_wide = sum(1 for r in data["pages"].values() for f in r["figures_laptop"]
                     if f.get("scrolls"))
        print(f"\nfigures that fit the laptop column: smallest text min {min(lap_all):.1f} px, "
              f"median {statistics.median(lap_all):.1f} px; {n_wide} wider than the column")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built _build/html (default: build now)")
    parser.add_argument("--fonts", type=Path, help="JSON {png name: smallest font pt}")
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    parser.add_argument("--pages", nargs="*", help="only these pages (book/x.html)")
    args = parser.parse_args()
    site = args.site or build(Path(tempfile.mkdtemp(prefix="bench-site-")))
    fonts = json.loads(args.fonts.read_text()) if args.fonts else {}
    pages = args.pages or [p for p in toc_pages() if (site / p).is_file()]
    data = measure(site, pages, fonts)
    data["size"] = site_size(site)
    report(data)
    if args.json:
        args.json.write_text(json.dumps(data, indent=1))


if __name__ == "__main__":
    main()
