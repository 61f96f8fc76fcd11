"""What a notebook stores and what a run printed, in a form both can be compared in.

Used by the site's own nbval (tests/browser/test_run_site.py: chapters run in the browser's
Python) and by tests/site/test_kernel.py (the same kernel under CPython). The comparison
follows strict nbval: printed text, the text/plain of results and displays, with the same
sanitizing (tests/nbval_sanitize.cfg); figures must be produced, their pixels are not
compared; glued values are compared through their text/plain.
"""

from __future__ import annotations

import configparser
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
WIDGET = "application/vnd.jupyter.widget-view+json"
GLUE = "application/papermill.record/"


def _sanitizers() -> list[tuple[re.Pattern[str], str]]:
    config = configparser.ConfigParser()
    config.read(ROOT / "tests" / "nbval_sanitize.cfg")
    return [(re.compile(config[s]["regex"]), config[s]["replace"]) for s in config.sections()]


SANITIZERS = _sanitizers()
# In the browser only: numbers below 1e-6 printed in scientific notation are rounding noise
# (a gradient check's relative error, a difference of two gradients). Pyodide's numpy has no
# BLAS and sums in another order, so their digits differ; anything larger must match.
# The element where a gradient check's error is largest is decided by that noise too.
NOISE = [(re.compile(r"-?\d+(?:\.\d+)?e-(?:0[7-9]|[1-9]\d)\b"), "≈0"),
         (re.compile(r"-?0(?:\.0+)?e[+-]00\b"), "≈0"),  # an exact zero printed as 0.0e+00
         (re.compile(r"worst at index \([^)]*\): analytic \S+, numeric [^)\s]+"),
          "worst at index …")]


def sanitize(text: str, noise: bool = False) -> str:
    for pattern, replacement in SANITIZERS + (NOISE if noise else []):
        text = pattern.sub(replacement, text)
    return text


@dataclass
class CellOutputs:
    """The comparable part of one cell's outputs."""

    streams: dict[str, str] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)  # text/plain of results and displays
    images: int = 0
    glued: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def comparable(self, noise: bool = False) -> dict[str, Any]:
        """What strict nbval compares; ``noise``: also mask numbers below 1e-6 (NOISE)."""
        return {"streams": {k: sanitize(v, noise) for k, v in self.streams.items() if v},
                "texts": [sanitize(t, noise) for t in self.texts],
                "images": self.images > 0,
                "glued": {k: _glued(v, noise) for k, v in self.glued.items()},
                "errors": self.errors}


class Close(float):
    """A glued number that equals another within a relative 1e-5: a quantity amplified
    through 30 layers (|δ| ratios of an exploding network) differs in its 7th digit."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, float) and abs(self - other) <= 1e-5 * max(abs(self),
                                                                            abs(other))

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = float.__hash__


def _glued(text: str, noise: bool) -> Any:
    """A glued value as compared; with ``noise``, a glued number to 7 significant digits
    (|x| < 1e-6 is rounding noise, as for printed numbers: a gradient check's relative
    error, 0.0 in one run and 8.9e-16 in the other)."""
    if noise:
        try:
            number = float(text.removeprefix("np.float64(").removesuffix(")"))
        except ValueError:
            return sanitize(text, noise)
        return "≈0" if abs(number) < 1e-6 else Close(number)
    return sanitize(text)


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def collect(outputs: list[dict[str, Any]]) -> CellOutputs:
    """Stored notebook outputs, or the website kernel's outputs (same format + glue)."""
    result = CellOutputs()
    for out in outputs:
        kind = out["output_type"]
        if kind == "stream":
            result.streams[out["name"]] = result.streams.get(out["name"], "") + _text(out["text"])
        elif kind == "error":
            result.errors.append(out.get("ename", "error"))
        elif kind == "glue":
            data = out.get("data", {})
            result.glued[out["name"]] = _text(data.get("text/plain", ""))
            result.images += "image/png" in data
        elif kind in ("display_data", "execute_result"):
            data = out.get("data", {})
            glue_name = out.get("metadata", {}).get("scrapbook", {}).get("name")
            if glue_name is not None and any(k.startswith(GLUE) for k in data):
                result.glued[glue_name] = _text(data.get(GLUE + "text/plain", ""))
                result.images += GLUE + "image/png" in data
                continue
            if WIDGET in data:
                continue  # a quiz or a player: its own HTML + JavaScript on the site
            if "image/png" in data:
                result.images += 1
            if "text/plain" in data:
                result.texts.append(_text(data["text/plain"]))
    return result


def differences(got: dict[str, Any], stored: dict[str, Any]) -> dict[str, Any]:
    """Only what differs between two ``comparable()`` results, for a readable failure."""
    diff: dict[str, Any] = {}
    for key in stored.keys() | got.keys():
        a, b = got.get(key), stored.get(key)
        if isinstance(a, dict) and isinstance(b, dict):
            sub = {k: (a.get(k), b.get(k)) for k in a.keys() | b.keys() if a.get(k) != b.get(k)}
            if sub:
                diff[key] = sub
        elif a != b:
            diff[key] = (a, b)
    return diff


def ignores_output(code: str) -> bool:
    """nbval's cell markers: such a cell's outputs are not compared."""
    return any(m in code for m in ("# NBVAL_IGNORE_OUTPUT", "# NBVAL_SKIP"))


def notebook(name: str) -> dict[str, Any]:
    return json.loads((ROOT / "book" / f"{name}.ipynb").read_text(encoding="utf-8"))


def chapters() -> list[str]:
    """The notebooks of the table of contents, in its order."""
    sys.path.insert(0, str(ROOT / "tools"))
    from toc import toc_files

    return [f.removeprefix("book/") for f in toc_files(ROOT) if (ROOT / f"{f}.ipynb").is_file()]
