"""A reproducible build (issue 23): the build backend pinned in pyproject.toml and in the lock,
every requirement locked by version and sha256 and installed with hash checking, one place
for the version, ipywidgets an extra, MathJax checked file by file. No network: the files
themselves and the installed venv are compared."""

from __future__ import annotations

import importlib.metadata
import re
import shutil
import tomllib
from pathlib import Path

import pytest

import backprop_core
from support.tools import tool

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==(\S+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock(path: Path) -> dict[str, tuple[str, frozenset[str]]]:
    """A pip-compile lock: package -> (version, its sha256s). Every entry must have both."""
    entries: dict[str, tuple[str, frozenset[str]]] = {}
    text = path.read_text().replace("\\\n", " ")
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "-c ", "-r ")):
            continue
        match = REQUIREMENT.match(line)
        assert match, f"{path.name}: not pinned with ==: {line[:80]}"
        hashes = frozenset(re.findall(r"--hash=sha256:([0-9a-f]{64})", line))
        assert hashes, f"{path.name}: {match.group(1)} has no --hash=sha256"
        assert line.count("--hash=") == len(hashes), f"{path.name}: {match.group(1)}: not sha256"
        entries[canonical(match.group(1))] = (match.group(3), hashes)
    return entries


def pins(path: Path) -> dict[str, str]:
    """requirements.in / pyproject: package -> version of every `name==version`."""
    found = {}
    for line in path.read_text().splitlines():
        match = REQUIREMENT.match(line.strip())
        if match:
            found[canonical(match.group(1))] = match.group(3)
    return found


def pyproject() -> dict:  # type: ignore[type-arg]
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_the_build_backend_is_pinned_in_pyproject_and_in_the_lock() -> None:
    requires = pyproject()["build-system"]["requires"]
    backend = {canonical(r.split("==")[0]): r.split("==")[1] for r in requires}
    assert all("==" in r for r in requires), requires
    assert set(backend) == {"setuptools", "wheel"}
    locked = lock(ROOT / "requirements.txt")
    for name, version in backend.items():
        assert locked[name][0] == version, f"{name}: pyproject {version}, lock {locked[name][0]}"


def test_every_requirement_is_locked_with_hashes() -> None:
    book = lock(ROOT / "requirements.txt")
    test = lock(ROOT / "requirements-test.txt")
    assert len(book) > 100 and len(test) > 20
    # the test lock is made within the book's pins: a package in both is the same file set
    for name in book.keys() & test.keys():
        assert book[name] == test[name], f"{name} differs between the two locks"


def test_the_locks_follow_their_inputs() -> None:
    """requirements.in's pins are in requirements.txt (run `make lock` after editing)."""
    for source, target in (("requirements.in", "requirements.txt"),
                           ("requirements-test.in", "requirements-test.txt")):
        locked = lock(ROOT / target)
        for name, version in pins(ROOT / source).items():
            assert name in locked, f"{name} of {source} is not in {target}: run `make lock`"
            assert locked[name][0] == version, f"{name}: {source} {version}, {target} " \
                f"{locked[name][0]}: run `make lock`"


def test_the_venv_holds_exactly_the_locked_versions() -> None:
    """What `make` installed is the lock (a stale venv reinstalls when the lock changes)."""
    wrong = {}
    for path in (ROOT / "requirements.txt", ROOT / "requirements-test.txt"):
        for name, (version, _) in lock(path).items():
            try:
                installed = importlib.metadata.version(name)
            except importlib.metadata.PackageNotFoundError:
                installed = "missing"
            if installed != version:
                wrong[name] = (version, installed)
    assert not wrong, wrong


def test_the_makefile_installs_with_hash_checking() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install --require-hashes -r requirements.txt" in makefile
    assert "pip install --require-hashes -r requirements-test.txt" in makefile
    assert "--no-build-isolation --check-build-dependencies -e ." in makefile
    installs = re.findall(r"pip install [^\n]*", makefile)
    unchecked = [i for i in installs if "-r requirements" in i and "--require-hashes" not in i]
    assert not unchecked, unchecked


def test_ipywidgets_is_an_extra_not_a_dependency() -> None:
    project = pyproject()["project"]
    assert not any(d.startswith(("ipywidgets", "ipython")) for d in project["dependencies"])
    assert any(d.startswith("ipywidgets") for d in project["optional-dependencies"]["widgets"])
    requires = importlib.metadata.requires("backprop-core") or []
    assert [r for r in requires if r.startswith("ipywidgets")] == \
        ['ipywidgets>=8; extra == "widgets"']


def test_one_place_for_the_version() -> None:
    project = pyproject()
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == \
        {"attr": "backprop_core.version.__version__"}
    version = backprop_core.__version__
    assert importlib.metadata.version("backprop-core") == version
    assert tool("bpb_run").package_version() == version
    # nowhere else: no other file of the package or the tools spells the version out
    sources = [*ROOT.glob("src/**/*.py"), *ROOT.glob("tools/*.py")]
    spelled = [str(p.relative_to(ROOT)) for p in sources
               if re.search(rf"""["']{re.escape(version)}["']""", p.read_text())]
    assert spelled == ["src/backprop_core/version.py"], spelled


def test_the_wheel_for_the_browser_carries_the_version(tmp_path: Path) -> None:
    wheel = tool("bpb_run").build_wheel(tmp_path)
    assert wheel.name == f"backprop_core-{backprop_core.__version__}-py3-none-any.whl"


# --- MathJax -----------------------------------------------------------------------------


def test_mathjax_copy_matches_its_pinned_manifest() -> None:
    vendor = tool("vendor_mathjax")
    assert vendor.verify(ROOT / "book" / "_vendor" / "mathjax") == len(vendor.pinned()) > 50
    assert "LICENSE" in vendor.pinned()  # MathJax's Apache-2.0 text ships with it


def test_a_changed_missing_or_extra_mathjax_file_is_refused(tmp_path: Path) -> None:
    vendor = tool("vendor_mathjax")
    copy = tmp_path / "mathjax"
    shutil.copytree(ROOT / "book" / "_vendor" / "mathjax", copy)
    (copy / "ui" / "safe.js").write_text("// changed\n")
    (copy / "input" / "tex" / "extensions" / "cancel.js").unlink()
    (copy / "extra.js").write_text("")
    with pytest.raises(vendor.MathJaxError) as error:
        vendor.verify(copy)
    message = str(error.value)
    assert "ui/safe.js: sha256" in message
    assert "input/tex/extensions/cancel.js: missing" in message
    assert "extra.js: not in mathjax.sha256" in message
