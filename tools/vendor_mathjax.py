"""Copy a trimmed MathJax 3 into book/_vendor/mathjax so the site needs no CDN.

MathJax 3.2.2 comes from PyPI (django-static-mathjax, pinned in requirements.txt). Only what
the site loads is copied (~2 MB instead of 24 MB): tex-chtml.js (TeX input, CHTML output,
the menu and the hidden MathML for screen readers, all in one file), the TeX extensions
that its autoload may fetch, the CHTML fonts (woff-v2) and ui/safe (no javascript: links
in TeX). Left out: the speech rule engine (3.9 MB), the accessibility explorer and the
MathML input it needs (the site turns the menu's explorer items off, book/_vendor/bpb/
book.js), ui/lazy and the server-side DOM adaptors.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import mathjax  # type: ignore[import-untyped]

KEEP = [
    "tex-chtml.js",
    "input/tex/extensions",
    "output/chtml/fonts/woff-v2",
    "ui/safe.js",
]


def main(dest: Path) -> None:
    src = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
    if not (src / "tex-chtml.js").is_file():
        sys.exit(f"MathJax not found under {src}: is django-static-mathjax installed?")
    tmp = dest.with_name(dest.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    for rel in KEEP:
        s, d = src / rel, tmp / rel
        if s.is_dir():
            shutil.copytree(s, d)
        elif s.is_file():
            d.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(s, d)
    shutil.rmtree(dest, ignore_errors=True)
    tmp.rename(dest)
    size = sum(f.stat().st_size for f in dest.rglob("*") if f.is_file())
    print(f"MathJax copied to {dest} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("book/_vendor/mathjax"))
