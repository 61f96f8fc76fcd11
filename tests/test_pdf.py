"""`make pdf` (tools/make_pdf.py): one PDF of the whole book, printed offline by Chromium,
with a contents page, page numbers, one bookmark per chapter, every chapter's text and no
raw TeX. Slow (it prints every page, about a minute); CI runs it with the rest."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from support.chromium import ChromiumVersionError, require_supported

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
# TeX commands that MathJax would have typeset (the book's text mentions the delimiters
# $...$ and $$...$$ themselves, in code, when it explains the quiz format)
RAW_TEX = re.compile(r"\\(?:frac|partial|mathbf|delta|sigma|sum|left|right|odot|top)\b")
sys.path.insert(0, str(ROOT / "tools"))


@pytest.fixture(scope="module")
def book_pdf(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    try:  # present, and a version the pinned playwright supports
        require_supported("/usr/bin/chromium")
    except ChromiumVersionError as error:
        pytest.fail(str(error))
    pypdf = pytest.importorskip("pypdf", reason="pypdf is pinned in requirements-test.txt")
    out = tmp_path_factory.mktemp("pdf") / "book.pdf"
    # its own process: the browser tests' Playwright may still run in this one
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_pdf.py"), str(site_dir), str(out)],
                   check=True, timeout=900)
    return pypdf.PdfReader(out), out


def test_every_chapter_is_in_the_pdf_in_order(book_pdf: tuple[Any, Path], site_dir: Path) -> None:
    import make_pdf

    reader, _ = book_pdf
    outline = [item.title for item in reader.outline]
    titles = []
    for page in make_pdf.toc_pages():
        html = (site_dir / page).read_text(encoding="utf-8")
        title = re.search(r"<h1>(.*?)<", html, re.S)
        assert title, page
        titles.append(re.sub(r"\s+", " ", title.group(1)).strip())
    assert outline == ["Contents", *titles]
    contents = reader.pages[0].extract_text()
    text = [page.extract_text() for page in reader.pages]
    for title, item in zip(titles, reader.outline[1:], strict=True):
        first = reader.get_destination_page_number(item)
        # the contents page lists the chapter with its first page, and that page starts it
        assert re.search(re.escape(title) + r"\s*" + str(first + 1) + r"\b", contents), title
        assert title.split()[0] in text[first]


def prose(page: Any) -> str:
    """The page's text outside monospace fonts (code cells and listings)."""
    runs: list[str] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        name = str((font or {}).get("/BaseFont", ""))
        if "Mono" not in name and "Courier" not in name:
            runs.append(text)

    page.extract_text(visitor_text=visit)
    return "".join(runs)


def test_pages_are_numbered_and_no_raw_tex(book_pdf: tuple[Any, Path]) -> None:
    reader, _ = book_pdf
    total = len(reader.pages)
    for n, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"{n} / {total}" in text, f"page {n} has no page number"
        # code (monospace: cells, listings of the ?? format) may hold TeX on purpose
        raw = RAW_TEX.findall(prose(page))
        assert raw == [], f"page {n}: raw TeX {raw[:5]}"
        for chrome in ("« First", "▶ Play", "‹ Previous"):
            assert chrome not in text, f"page {n} prints the button {chrome!r}"


def test_quizzes_print_with_an_answer_key(book_pdf: tuple[Any, Path]) -> None:
    reader, _ = book_pdf
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert text.count("Answer key") >= 5


def expected_key(html: str) -> list[str]:
    """The key a chapter's printed page must carry, from the quiz data in its HTML: for a
    choice question the letters of the right options in the order they are printed, for a
    numeric question its value as the page prints it."""
    entries = []
    for section in re.findall(r'<section class="bpb-quiz" (.*?)</section>', html, re.S):
        attrs = dict(re.findall(r'data-bpb-([\w-]+)="([^"]*)"', section.split(">", 1)[0]))
        head = f"Question {int(attrs['index']) + 1}:"
        if attrs.get("kind") == "number":
            entries.append(f"{head} {attrs['shown']}")
            continue
        printed = re.findall(r'<input type="(?:radio|checkbox)" id="[^"]*" name="[^"]*" '
                             r'value="(\d+)"', section)
        correct = attrs["correct"].split(",")
        letters = [chr(97 + place) for place, v in enumerate(printed) if v in correct]
        entries.append(head + " " + "; ".join(f"({x})" for x in letters))
    return entries


def test_the_printed_key_names_the_right_options(book_pdf: tuple[Any, Path],
                                                 site_dir: Path) -> None:
    """Issue 21 item 5: per chapter, the key at its end names, for every quiz, the options the
    site marks correct (data-bpb-correct), by the letters they are printed with."""
    import make_pdf

    reader, _ = book_pdf
    starts = [reader.get_destination_page_number(item) for item in reader.outline[1:]]
    ends = [*starts[1:], len(reader.pages)]
    for page, start, end in zip(make_pdf.toc_pages(), starts, ends, strict=True):
        expected = expected_key((site_dir / page).read_text(encoding="utf-8"))
        text = " ".join(p.extract_text() for p in reader.pages[start:end])
        text = re.sub(r"\s+", " ", text)
        if not expected:
            assert "Answer key" not in text, page
            continue
        key = text[text.rindex("Answer key"):]
        at = 0
        for entry in expected:
            head, answer = entry.split(": ", 1)
            # the entry's head, then its letters (each followed by the option's text)
            pattern = re.escape(head + ":") + r"\s*" + r".*?".join(
                re.escape(part) for part in answer.split("; "))
            found = re.compile(pattern).search(key, at)
            assert found, f"{page}: the key lacks {entry!r}"
            at = found.start() + 1
