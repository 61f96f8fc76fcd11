"""matplotlib's font list made at build time for the site's Python (tools/bpb_fontlist.py;
issue 26, item 1): one matplotlib's version reads as it is, naming only its own fonts. The
browser test (tests/browser/test_font_cache.py) shows that no page builds it again."""

from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "tools"))
from bpb_fontlist import FontListError, check_font_list  # noqa: E402

GOOD = {"_version": 330, "ttflist": [{"fname": "fonts/ttf/DejaVuSans.ttf"}],
        "afmlist": [{"fname": "fonts/afm/pzdr.afm"}]}


def test_a_list_matplotlib_reads_as_it_is_passes() -> None:
    assert check_font_list(json.dumps(GOOD), 330)["_version"] == 330


@pytest.mark.parametrize(("change", "says"), [
    ({"_version": 390}, "_version 390"),  # what Pyodide's wheel ships, written by a newer one
    ({"ttflist": []}, "no TrueType font"),
    ({"ttflist": [{"fname": "/System/Library/Fonts/Menlo.ttc"}]}, "outside matplotlib"),
])
def test_a_list_matplotlib_would_discard_or_that_names_other_fonts_fails(
        change: dict[str, object], says: str) -> None:
    with pytest.raises(FontListError, match=says):
        check_font_list(json.dumps({**GOOD, **change}), 330)
    with pytest.raises(FontListError, match="not JSON"):
        check_font_list("{", 330)


def test_the_site_ships_a_list_for_its_matplotlib_and_says_where_it_goes(site_dir: Path) -> None:
    runtime = site_dir / "_runtime"
    current = json.loads((runtime / "current.json").read_text())
    assert current["fontlist"]["path"].endswith("/site-packages/matplotlib/fontlist.json")
    wheel = next((runtime / "pyodide").glob("matplotlib-*.whl"))
    with zipfile.ZipFile(wheel) as whl:
        source = whl.read("matplotlib/font_manager.py").decode()
        names = set(whl.namelist())
    # the wheel's matplotlib reads its list beside font_manager.py, of its own version
    assert 'Path(__file__).parent.joinpath("fontlist.json")' in source
    version = int(re.search(r"__version__ = (\d+)", source).group(1))  # type: ignore[union-attr]
    data = check_font_list((runtime / current["fontlist"]["file"]).read_text(), version)
    fonts = [e["fname"] for e in data["ttflist"] + data["afmlist"]]
    assert all(f"matplotlib/mpl-data/{f}" in names for f in fonts)
