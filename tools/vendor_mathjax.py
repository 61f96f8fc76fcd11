"""Copy a trimmed MathJax 3 into book/_vendor/mathjax so the site needs no CDN.

MathJax 3.2.2 comes from PyPI (django-static-mathjax, pinned with the sha256 of its wheel in
requirements.txt). Only what the site loads is copied (~2 MB instead of 24 MB): tex-chtml.js
(TeX input, CHTML output, the menu and the hidden MathML for screen readers, all in one
file), the TeX extensions that its autoload may fetch, the CHTML fonts (woff-v2) and ui/safe
(no javascript: links in TeX), and MathJax's licence (Apache-2.0). Left out: the speech rule
engine (3.9 MB), the accessibility explorer and the MathML input it needs (the site turns the
menu's explorer items off, book/_vendor/bpb/book.js), ui/lazy and the server-side DOM
adaptors.

Every file copied is checked against tools/mathjax.sha256 (its sha256 and the exact list of
files): a file that differs, is missing or is not listed stops the copy. The book build
checks the copy again, and the site's copy after it (tools/bpb_assets.py).

Usage: python tools/vendor_mathjax.py [DEST]       copy and verify (default book/_vendor/mathjax)
       python tools/vendor_mathjax.py --check [DEST]   verify DEST only
       python tools/vendor_mathjax.py --write-manifest  after a deliberate MathJax upgrade
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "tools" / "mathjax.sha256"
DEFAULT_DEST = ROOT / "book" / "_vendor" / "mathjax"

KEEP = [
    "tex-chtml.js",
    "input/tex/extensions",
    "output/chtml/fonts/woff-v2",
    "ui/safe.js",
]
LICENCE = "LICENSE"  # MathJax's Apache-2.0 text, one level above es5/ in the package


class MathJaxError(Exception):
    """The MathJax copy differs from tools/mathjax.sha256."""


def source_dir() -> Path:
    import mathjax  # type: ignore[import-untyped]

    return Path(mathjax.__file__).parent / "static" / "mathjax"


def pinned() -> dict[str, str]:
    """tools/mathjax.sha256: relative path -> sha256 (the format of `sha256sum`)."""
    entries = {}
    for line in MANIFEST.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            digest, rel = line.split(maxsplit=1)
            entries[rel.strip()] = digest
    return entries


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def verify(folder: Path) -> int:
    """Check folder against tools/mathjax.sha256; the number of files, or MathJaxError."""
    if not folder.is_dir():
        raise MathJaxError(f"{folder} is missing: run `python tools/vendor_mathjax.py`")
    want, have = pinned(), digests(folder)
    problems = [f"{rel}: sha256 {have[rel]}, pinned {want[rel]}"
                for rel in sorted(want.keys() & have.keys()) if have[rel] != want[rel]]
    problems += [f"{rel}: missing" for rel in sorted(want.keys() - have.keys())]
    problems += [f"{rel}: not in {MANIFEST.name}" for rel in sorted(have.keys() - want.keys())]
    if problems:
        shown = "\n  ".join(problems[:20]) + ("\n  ..." if len(problems) > 20 else "")
        raise MathJaxError(f"MathJax in {folder} differs from {MANIFEST.relative_to(ROOT)} "
                           f"(run `python tools/vendor_mathjax.py` to copy it again):\n  {shown}")
    return len(have)


def copy_trimmed(src: Path, dest: Path) -> None:
    es5 = src / "es5"
    if not (es5 / "tex-chtml.js").is_file():
        sys.exit(f"MathJax not found under {es5}: is django-static-mathjax installed?")
    for rel in KEEP:
        s, d = es5 / rel, dest / rel
        if s.is_dir():
            shutil.copytree(s, d)
        elif s.is_file():
            d.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(s, d)
    shutil.copy2(src / LICENCE, dest / LICENCE)


def main(dest: Path) -> None:
    tmp = dest.with_name(dest.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    copy_trimmed(source_dir(), tmp)
    try:
        count = verify(tmp)
    except MathJaxError as error:
        shutil.rmtree(tmp, ignore_errors=True)
        sys.exit(f"vendor_mathjax: {error}")
    shutil.rmtree(dest, ignore_errors=True)
    tmp.rename(dest)
    size = sum(f.stat().st_size for f in dest.rglob("*") if f.is_file())
    print(f"MathJax copied to {dest} ({size / 1e6:.1f} MB, {count} files verified against "
          f"{MANIFEST.name})")


def write_manifest() -> None:
    tmp = ROOT / "_build" / "mathjax-manifest.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    copy_trimmed(source_dir(), tmp)
    lines = [f"{digest}  {rel}" for rel, digest in digests(tmp).items()]
    MANIFEST.write_text("# sha256 of every MathJax file the site ships (tools/vendor_mathjax.py)\n"
                        + "\n".join(lines) + "\n")
    shutil.rmtree(tmp)
    print(f"{MANIFEST}: {len(lines)} files")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--write-manifest"]:
        write_manifest()
    elif args[:1] == ["--check"]:
        target = Path(args[1]) if len(args) > 1 else DEFAULT_DEST
        try:
            print(f"MathJax in {target}: {verify(target)} files verified")
        except MathJaxError as error:
            sys.exit(f"vendor_mathjax: {error}")
    else:
        main(Path(args[0]) if args else DEFAULT_DEST)
