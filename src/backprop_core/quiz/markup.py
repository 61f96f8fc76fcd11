r"""Quiz text (a small Markdown with math) to safe HTML.

Everything in the text is HTML-escaped first; only this module's own tags are
added afterwards, so ``<script>`` or ``onerror=`` in a quiz shows as text.
Supported:

* ``$...$`` and ``$$...$$`` math, written out for MathJax 3 as ``\(...\)`` and
  ``\[...\]`` inside ``<span class="math">`` (the class MathJax is told to process
  on a MyST site); ``\$`` is a literal dollar sign;
* ``**bold**``, ``*emphasis*`` and ```code```;
* paragraphs, separated by blank lines.
"""

from __future__ import annotations

import html
import re

from ..errors import ArgumentError, ArgumentTypeError, describe

# Private-use characters mark where math and code go back in after escaping.
_OPEN, _CLOSE = "\ue000", "\ue001"
_TOKEN = re.compile(
    r"(?P<dollar>\\\$)"
    r"|(?P<code>(?P<ticks>`+)(?P<code_text>.+?)(?P=ticks))"
    r"|\$\$(?P<display>(?:[^$\\]|\\.)+?)\$\$"
    r"|\$(?P<inline>(?:[^$\\]|\\.)+?)\$",
    re.DOTALL,
)
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.DOTALL)
_EM = re.compile(r"\*(?=[^\s*])(.+?)(?<=[^\s*])\*", re.DOTALL)
_PLACEHOLDER = re.compile(_OPEN + r"(\d+)" + _CLOSE)


TAGS = ("span", "p", "div")  # the elements a paragraph of quiz text may be written in


def _text(text: object) -> None:
    if not isinstance(text, str):
        raise ArgumentTypeError(f"text must be a str (quiz text), got {describe(text)}")


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def render_inline(text: str) -> str:
    """One paragraph of quiz text as HTML phrasing content (safe to insert as HTML)."""
    _text(text)
    text = text.replace(_OPEN, "\ufffd").replace(_CLOSE, "\ufffd")
    pieces: list[str] = []

    def stash(match: re.Match[str]) -> str:
        if match.group("dollar"):
            piece = "$"
        elif match.group("code") is not None:
            piece = f"<code>{_escape(match.group('code_text').strip() or ' ')}</code>"
        elif match.group("display") is not None:
            tex = _escape(match.group("display"))
            piece = f'<span class="math notranslate nohighlight bpb-display">\\[{tex}\\]</span>'
        else:
            tex = _escape(match.group("inline"))
            piece = f'<span class="math notranslate nohighlight">\\({tex}\\)</span>'
        pieces.append(piece)
        return f"{_OPEN}{len(pieces) - 1}{_CLOSE}"

    out = _escape(_TOKEN.sub(stash, text))
    out = _STRONG.sub(r"<strong>\1</strong>", out)
    out = _EM.sub(r"<em>\1</em>", out)
    return _PLACEHOLDER.sub(lambda m: pieces[int(m.group(1))], out)


def render_block(text: str, tag: str = "span") -> str:
    """Quiz text with paragraphs.

    With the default ``tag="span"`` the result is phrasing content (it may sit in a
    ``<legend>``): each paragraph is a ``<span class="bpb-para">`` that the site's
    stylesheet shows as a block.  ``tag="p"`` gives plain paragraphs, for places
    without that stylesheet (the JupyterLab widget).
    """
    _text(text)
    if tag not in TAGS:
        raise ArgumentError(f"tag must be one of {', '.join(TAGS)} (a paragraph's element), "
                            f"got {describe(tag)}")
    paragraphs = [p.strip() for p in re.split(r"\n[ \t]*\n", text.strip())]
    return "".join(f'<{tag} class="bpb-para">{render_inline(p)}</{tag}>' for p in paragraphs if p)
