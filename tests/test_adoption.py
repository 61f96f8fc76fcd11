"""What an instructor needs to adopt the book: licences, a citation, one version, and
references in the repository that point at things that exist."""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path

import pytest

import backprop_core

ROOT = Path(__file__).resolve().parents[1]
# CC BY 4.0's legal code as published in the npm package spdx-license-list@6.10.0
# (licenses/CC-BY-4.0.json, "licenseText"; the package's sha512 checked by npm)
CC_BY_SHA256 = "4c3c0cad4496cdf420b45909eeba725243fb7709878fc1f8dff9e39357773b46"


def test_the_licences_say_which_covers_what() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Creative Commons Attribution 4.0" in text and "MIT License" in text
    assert "src/backprop_core/" in text and "book/quizzes/" in text
    legal = (ROOT / "LICENSE-CC-BY-4.0.txt").read_bytes()
    assert hashlib.sha256(legal).hexdigest() == CC_BY_SHA256
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]


def _versions() -> dict[str, str]:
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    intro = (ROOT / "book" / "intro.md").read_text(encoding="utf-8")
    found = {
        "CITATION.cff": re.search(r'^version: "([^"]+)"', cff, re.M),
        "CHANGELOG.md": re.search(r"^## (\d+\.\d+\.\d+) ", changelog, re.M),
        "book/intro.md": re.search(r"version (\d+\.\d+\.\d+)\}", intro),
    }
    return {name: m.group(1) if m else "" for name, m in found.items()}


def test_one_version_everywhere() -> None:
    assert set(_versions().values()) == {backprop_core.__version__}, _versions()


# a path inside the repository, as text files write it: src/..., tests/..., tools/..., book/...
PATH = re.compile(r"(?<![\w/.-])((?:src|tests|tools|book|benchmarks|\.ci)/[\w./-]*\w)")
TEXT_FILES = ["README.md", "CONTRIBUTING.md", "CHANGELOG.md", "LICENSE", "Makefile",
              "pyproject.toml", "_config.yml", "CITATION.cff", "benchmarks/README.md"]


def _referencing_files() -> list[Path]:
    files = [ROOT / f for f in TEXT_FILES]
    for folder, pattern in [("src", "*.py"), ("tools", "*.py"), ("tools", "*.js"),
                            ("book/quizzes", "*.txt"), ("book/_vendor/bpb", "*.js"),
                            ("book/_vendor/bpb", "*.css"), ("tests/support", "*.py")]:
        files += sorted((ROOT / folder).rglob(pattern))
    return [f for f in files if f.is_file()]


def _exists(ref: str) -> bool:
    """A file or folder of the repository; a page of the site (book/intro.html, or
    book/intro as _toc.yml writes it) exists when its source does."""
    path = ROOT / ref
    if path.exists():
        return True
    if path.suffix in ("", ".html") and ref.startswith("book/"):
        return any(path.with_suffix(s).exists() for s in (".ipynb", ".md"))
    return False


def test_every_path_the_repository_names_exists() -> None:
    missing = []
    for f in _referencing_files():
        for m in PATH.finditer(f.read_text(encoding="utf-8")):
            ref = m.group(1).rstrip(".")
            if any(c in ref for c in "*<>{}"):
                continue
            if not _exists(ref):
                missing.append(f"{f.relative_to(ROOT)}: {ref}")
    assert not missing, missing


def test_the_check_finds_a_missing_path(tmp_path: Path) -> None:
    text = "see tools/bpb_runtime_ext.py and src/backprop_core/engine/value.py"
    found = [m.group(1) for m in PATH.finditer(text)]
    assert found == ["tools/bpb_runtime_ext.py", "src/backprop_core/engine/value.py"]
    assert not _exists(found[0]) and _exists(found[1])
    assert _exists("book/intro.html") and _exists("book/chain-rule") and not _exists("book/x")


@pytest.mark.browser
def test_every_page_carries_the_licence_line(site_dir: Path) -> None:
    pages = sorted((site_dir / "book").glob("*.html"))
    assert len(pages) >= 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "CC BY 4.0" in html and "MIT licence" in html, page.name
        assert 'see the page "Licences"' in html, page.name
