"""The website's Python session: runs a page's cells the way a Jupyter kernel does.

One :class:`Session` per page, in a Web Worker running Pyodide (see ``worker.js``); it also
runs under CPython, which is how the tests check it. A cell's outputs are dicts in the
notebook format (``stream``, ``display_data``, ``execute_result``, ``error``), sent one by
one to ``emit`` as they happen, plus ``glue`` records (myst-nb's ``glue``, which the website
cannot re-render into the prose, so they are reported for the reader and the tests).

What a Jupyter kernel gives a notebook and this provides:
- the value of a last expression (``execute_result``), printed text (``stream``);
- ``from IPython.display import display, HTML, Markdown`` and ``myst_nb.glue``, as small
  stand-ins installed in ``sys.modules`` (the session owns its process);
- matplotlib figures: the Agg backend; ``plt.show()`` and the end of a cell send every open
  figure as PNG, then close it (the inline backend's behaviour);
- errors as a short traceback that points at the reader's line (``Cell In [n], line k``).
"""

from __future__ import annotations

import ast
import base64
import io
import linecache
import os
import pprint
import sys
import traceback
import types
from collections.abc import Callable
from typing import Any

Output = dict[str, Any]
Emit = Callable[[Output], None]


def plain_text(value: Any) -> str:
    """IPython's plain-text form, closely enough: pretty containers, repr otherwise."""
    if isinstance(value, dict | list | tuple | set):
        return pprint.pformat(value, width=79, sort_dicts=False)
    return repr(value)


def mimebundle(value: Any) -> dict[str, Any]:
    """The representations of ``value`` a notebook would store (text/plain always)."""
    data: dict[str, Any] = {}
    method = getattr(value, "_repr_mimebundle_", None)
    if callable(method):
        bundle = method()
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        data.update({k: v for k, v in (bundle or {}).items()
                     if k in ("text/html", "text/plain", "image/png", "text/markdown")})
    for mime, name in (("text/html", "_repr_html_"), ("image/png", "_repr_png_"),
                       ("text/markdown", "_repr_markdown_")):
        method = getattr(value, name, None)
        if mime not in data and callable(method) and not isinstance(value, type):
            result = method()
            if result is not None:
                data[mime] = result
    if isinstance(data.get("image/png"), bytes):
        data["image/png"] = base64.b64encode(data["image/png"]).decode()
    data.setdefault("text/plain", plain_text(value))
    return data


class _Stream(io.TextIOBase):
    def __init__(self, session: Session, name: str) -> None:
        self.session, self.name = session, name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if text:
            self.session.emit({"output_type": "stream", "name": self.name, "text": text})
        return len(text)


class _Rich:
    def __init__(self, mime: str, text: str) -> None:
        self.mime, self.text = mime, text

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {self.mime: self.text, "text/plain": f"<IPython.core.display.{self.kind} object>"}

    @property
    def kind(self) -> str:
        return {"text/html": "HTML", "text/markdown": "Markdown"}.get(self.mime, "DisplayObject")


class Session:
    """A page's Python: one namespace, cells run in the order the reader asks for."""

    def __init__(self, emit: Emit | None = None) -> None:
        self.namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": __builtins__}
        self.count = 0
        self._cell_files: set[str] = set()  # the "files" of the cells run so far
        self.outputs: list[Output] = []
        self._missing: str | None = None
        self._emit = emit
        self._install_shims()

    # -- outputs -----------------------------------------------------------------------
    def emit(self, output: Output) -> None:
        if output["output_type"] == "stream" and self.outputs and \
                self.outputs[-1]["output_type"] == "stream" and \
                self.outputs[-1]["name"] == output["name"]:
            self.outputs[-1] = {**self.outputs[-1], "text": self.outputs[-1]["text"] +
                                output["text"]}
        else:
            self.outputs.append(output)
        if self._emit is not None:
            self._emit(output)

    def display(self, *values: Any, raw: bool = False, metadata: Any = None,
                **_: Any) -> None:
        for value in values:
            self.flush_figures()
            data = dict(value) if raw and isinstance(value, dict) else mimebundle(value)
            self.emit({"output_type": "display_data", "data": data})

    def glue(self, name: str, variable: Any, display: bool = True) -> None:
        """myst-nb's glue: the value is recorded for the page, which updates its prose
        (``displayed``: the value was also shown as the cell's output)."""
        data = mimebundle(variable)
        if self._is_figure(variable):
            data["image/png"] = self._png(variable)
        if display:
            self.emit({"output_type": "display_data", "data": data})
        self.emit({"output_type": "glue", "name": name, "data": data, "displayed": display})

    # -- figures -----------------------------------------------------------------------
    @staticmethod
    def _is_figure(value: Any) -> bool:
        return type(value).__name__ == "Figure" and hasattr(value, "savefig")

    @staticmethod
    def _png(figure: Any) -> str:
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight",
                       facecolor=figure.get_facecolor(), edgecolor=figure.get_edgecolor())
        return base64.b64encode(buffer.getvalue()).decode()

    def flush_figures(self) -> None:
        plt = sys.modules.get("matplotlib.pyplot")
        if plt is None:
            return
        for number in plt.get_fignums():
            figure = plt.figure(number)
            self.emit({"output_type": "display_data",
                       "data": {"image/png": self._png(figure), "text/plain": repr(figure)}})
        plt.close("all")

    # -- running -----------------------------------------------------------------------
    def run(self, code: str, name: str | None = None) -> bool:
        """Run one cell; True when it ran without an error. Outputs go to ``emit``.
        ``name``: the cell as the reader sees it on the page ("Cell 4"), which tracebacks
        use; without it, "Cell In [n]" as in Jupyter."""
        self.count += 1
        self.outputs = []
        filename = f"<cell {self.count}>" if name is None else f"<{name}>"
        self._cell_files.add(filename)
        linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
        stdout, stderr = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = _Stream(self, "stdout"), _Stream(self, "stderr")
        try:
            tree = ast.parse(code, filename)
            last = None
            if tree.body and isinstance(tree.body[-1], ast.Expr):
                last = ast.Expression(tree.body.pop().value)
            exec(compile(tree, filename, "exec"), self.namespace)
            if last is not None:
                value = eval(compile(last, filename, "eval"), self.namespace)
                if value is not None:
                    self.flush_figures()
                    self.namespace["_"] = value
                    self.emit({"output_type": "execute_result", "data": mimebundle(value),
                               "execution_count": self.count})
            self.flush_figures()
            return True
        except BaseException as error:  # noqa: BLE001 - a reader's KeyboardInterrupt too
            self._missing = getattr(error, "name", None) if isinstance(
                error, ModuleNotFoundError) else None
            self._close_figures()
            self.emit(self._error(error, filename))
            return False
        finally:
            sys.stdout, sys.stderr = stdout, stderr

    def missing_module(self) -> str | None:
        """The top-level module a ModuleNotFoundError of the last cell names, if any."""
        last = self.outputs[-1] if self.outputs else {}
        if last.get("ename") == "ModuleNotFoundError" and self._missing:
            return self._missing.split(".")[0]
        return None

    def _close_figures(self) -> None:
        plt = sys.modules.get("matplotlib.pyplot")
        if plt is not None:
            plt.close("all")

    def _cell_name(self, filename: str) -> str:
        """How a traceback names a cell: "Cell In [n]", or the name the page gave it."""
        inner = filename[1:-1]
        return f"Cell In [{inner[5:]}]" if inner.startswith("cell ") else inner

    def _error(self, error: BaseException, filename: str) -> Output:
        """A short traceback: the reader's cells and the last frame where it happened."""
        tb = error.__traceback__
        frames = traceback.extract_tb(tb)
        keep = [f for f in frames if f.filename in self._cell_files]
        if frames and frames[-1] not in keep and not isinstance(error, SyntaxError):
            keep.append(frames[-1])
        lines = []
        for frame in keep:
            where = (f"{self._cell_name(frame.filename)}, line {frame.lineno}"
                     if frame.filename in self._cell_files else
                     f"File {_short(frame.filename)}:{frame.lineno}, in {frame.name}")
            lines.append(where)
            if frame.line:
                lines.append(f"    {frame.line}")
        if isinstance(error, SyntaxError):
            lines.append(f"{self._cell_name(filename)}, line {error.lineno}")
            if error.text:
                lines.append(f"    {error.text.rstrip()}")
                if error.offset:
                    lines.append("    " + " " * (error.offset - 1) + "^")
        lines.append(f"{type(error).__name__}: {error}")
        return {"output_type": "error", "ename": type(error).__name__, "evalue": str(error),
                "traceback": lines}

    # -- stand-ins for a notebook's environment ------------------------------------------
    def _install_shims(self) -> None:
        """The session owns its process (a Web Worker): IPython's display and myst-nb's glue
        become this session's, whether or not the real packages are importable."""
        os.environ.setdefault("MPLBACKEND", "Agg")
        # only the submodule: `from IPython.display import display` finds it without importing
        # a package "IPython", so matplotlib and others see no IPython shell (there is none)
        display_module = types.ModuleType("IPython.display")
        display_module.display = self.display  # type: ignore[attr-defined]
        display_module.HTML = lambda text: _Rich("text/html", text)  # type: ignore[attr-defined]
        display_module.Markdown = (  # type: ignore[attr-defined]
            lambda text: _Rich("text/markdown", text))
        sys.modules["IPython.display"] = display_module
        myst_nb = types.ModuleType("myst_nb")
        myst_nb.glue = self.glue  # type: ignore[attr-defined]
        sys.modules["myst_nb"] = myst_nb
        self.namespace["display"] = self.display

    def patch_matplotlib(self) -> None:
        """``plt.show()`` sends the open figures now (call once matplotlib is importable)."""
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        plt.show = lambda *args, **kwargs: self.flush_figures()


def _short(path: str) -> str:
    """``…/site-packages/backprop_core/networks/layers.py`` ->
    ``backprop_core/networks/layers.py``."""
    if "/backprop_core/" in path:
        return "backprop_core/" + path.rsplit("/backprop_core/", 1)[1]
    for marker in ("site-packages/", "lib/python3"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path
