"""Which Chromium the browser tests drive, and whether the pinned playwright supports it.

The tests drive Debian's Chromium (``/usr/bin/chromium``) through the playwright Python
package, never a browser playwright downloads. Nothing pins Debian's Chromium, so its version
is checked before any browser starts, against the Chromium that this playwright release was
built and tested with: ``browserVersion`` of ``chromium`` in the ``browsers.json`` that the
package ships (playwright 1.65.2: Chromium 159).

The range accepted, in major versions, is [bundled - 4, bundled + 1] (155 to 160 for
playwright 1.65.2). Why: playwright talks to Chromium over the DevTools protocol and is also
released for, and tested against, the stable and beta channels of Chrome, which are one to
three majors behind the Chromium it bundles (a Chromium major comes every four weeks, a
playwright release about as often); Debian's package follows stable with a lag of a few
weeks (156 here while playwright 1.65.2 bundles 159, and every browser test passes). One
major ahead lets Debian move to the next stable before the lock moves. Outside the range the
tests stop with a message saying what to do, rather than fail in odd ways: update playwright
in requirements-test.in (``make lock``) or install a Chromium in the range.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
BEHIND = 4  # majors older than playwright's own Chromium that are accepted
AHEAD = 1  # majors newer
_VERSION = re.compile(r"\b(\d+)\.(\d+)\.(\d+)\.(\d+)\b")


class ChromiumVersionError(Exception):
    """Chromium is missing, unreadable or outside the range the pinned playwright supports."""


@dataclass(frozen=True)
class ChromiumCheck:
    path: str
    version: str  # of the Chromium at path
    playwright: str  # the playwright package's version
    bundled: str  # the Chromium that playwright release bundles

    @property
    def major(self) -> int:
        return int(self.version.split(".")[0])

    @property
    def supported(self) -> range:
        bundled = int(self.bundled.split(".")[0])
        return range(bundled - BEHIND, bundled + AHEAD + 1)

    def line(self) -> str:
        r = self.supported
        return (f"chromium: {self.path} {self.version}; playwright {self.playwright} bundles "
                f"{self.bundled}, majors {r.start}-{r.stop - 1} supported")

    def problem(self) -> str | None:
        if self.major in self.supported:
            return None
        r = self.supported
        side = ("older" if self.major < r.start else "newer")
        return (f"{self.path} is Chromium {self.version}, {side} than the majors "
                f"{r.start}-{r.stop - 1} that playwright {self.playwright} supports (it bundles "
                f"Chromium {self.bundled}; tests/support/chromium.py says why this range). "
                + ("Update Debian's Chromium (`apt-get update && apt-get install -y "
                   "chromium`) or pin an older playwright in requirements-test.in and run "
                   "`make lock`." if side == "older" else
                   "Pin a newer playwright in requirements-test.in and run `make lock` (its "
                   "browsers.json names the Chromium it supports)."))


def bundled_chromium() -> str:
    """The Chromium version in the installed playwright package's browsers.json."""
    files = metadata.files("playwright") or []
    found = [f for f in files if f.name == "browsers.json" and "driver" in f.parts]
    if not found:
        raise ChromiumVersionError("playwright's browsers.json is missing: is playwright "
                                   "installed (requirements-test.txt)?")
    data = json.loads(Path(str(found[0].locate())).read_text())
    for browser in data["browsers"]:
        if browser["name"] == "chromium":
            return str(browser["browserVersion"])
    raise ChromiumVersionError(f"no chromium in {found[0]}")


def installed_chromium(path: str = CHROMIUM) -> str:
    if not Path(path).is_file():
        raise ChromiumVersionError(f"{path} is missing: install it with `apt-get install -y "
                                   "chromium` (`make test` does when it runs as root)")
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True,
                             timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ChromiumVersionError(f"`{path} --version` failed: {error}") from None
    match = _VERSION.search(out)
    if not match:
        raise ChromiumVersionError(f"`{path} --version` printed no version: {out!r}")
    return match.group(0)


_CHECKED: ChromiumCheck | None = None


def chromium_check(path: str = CHROMIUM) -> ChromiumCheck:
    """The installed Chromium and the range (once per process); ChromiumVersionError when
    something cannot be read."""
    global _CHECKED
    if _CHECKED is None or _CHECKED.path != path:
        _CHECKED = ChromiumCheck(path, installed_chromium(path), metadata.version("playwright"),
                                 bundled_chromium())
    return _CHECKED


def require_supported(path: str = CHROMIUM) -> ChromiumCheck:
    """The check, or ChromiumVersionError saying what is wrong and what to do."""
    check = chromium_check(path)
    problem = check.problem()
    if problem:
        raise ChromiumVersionError(problem)
    return check


def report_line(path: str = CHROMIUM) -> str:
    """One line for pytest's header: which Chromium, and whether it is supported."""
    try:
        check = chromium_check(path)
    except ChromiumVersionError as error:
        return f"chromium: {error}"
    problem = check.problem()
    return check.line() + ("  -- UNSUPPORTED: the browser tests will fail" if problem else "")
