"""Quiz text to HTML: escaped first, then math, **bold**, *em* and `code` only."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core.quiz.markup import render_block, render_inline

ALLOWED = {
    "span": {"class"},
    "strong": set(),
    "em": set(),
    "code": set(),
}


class Tags(HTMLParser):
    """Collects every start tag with its attributes, and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text += data


def tags_of(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser


def test_math_becomes_mathjax_delimiters_in_math_spans() -> None:
    html = render_inline("In $\\mathbf{W}^l$ and $$a<b$$ costs \\$5")
    assert html == (
        'In <span class="math notranslate nohighlight">\\(\\mathbf{W}^l\\)</span> and '
        '<span class="math notranslate nohighlight bpb-display">\\[a&lt;b\\]</span> costs $5'
    )


def test_source_math_with_spaces_and_escaped_dollar_inside() -> None:
    html = render_inline("Why $ \\frac{a}{b} $? and $\\$x$")
    assert "\\( \\frac{a}{b} \\)" in html
    assert "\\(\\$x\\)" in html


def test_simple_markdown() -> None:
    assert render_inline("**bold** *em* `a<b` 2*3") == (
        "<strong>bold</strong> <em>em</em> <code>a&lt;b</code> 2*3"
    )
    assert render_inline("**the $k$:th**") == (
        '<strong>the <span class="math notranslate nohighlight">\\(k\\)</span>:th</strong>'
    )
    # markup inside code and math stays literal
    assert render_inline("`**x**` $*y*$") == (
        '<code>**x**</code> <span class="math notranslate nohighlight">\\(*y*\\)</span>'
    )


def test_unmatched_markers_stay_text() -> None:
    assert render_inline("a $ b") == "a $ b"
    assert render_inline("** x") == "** x"
    assert render_inline("`open") == "`open"


def test_paragraphs() -> None:
    assert render_block("one\nline\n\n  \ntwo") == (
        '<span class="bpb-para">one\nline</span><span class="bpb-para">two</span>'
    )
    assert render_block("   ") == ""
    assert render_block("a\n\nb", tag="p") == '<p class="bpb-para">a</p><p class="bpb-para">b</p>'


@pytest.mark.parametrize(
    "evil",
    [
        "<script>window.pwned = 1</script>",
        '<img src=x onerror="window.pwned=1">',
        '"><svg onload=alert(1)>',
        "$</span><script>alert(1)</script>$",
        "`</code><script>x</script>`",
        "**<b onmouseover=alert(1)>x</b>**",
        "\ue0000\ue001 and \ue000 0 \ue001",
    ],
)
def test_html_in_quiz_text_shows_as_text(evil: str) -> None:
    html = render_block(evil)
    parsed = tags_of(html)
    for tag, attrs in parsed.tags:
        assert tag in ALLOWED, tag
        assert set(attrs) <= ALLOWED[tag]
    assert "<script" not in html and "<img" not in html and "<svg" not in html


@settings(deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab <>\"'&=$*`\\\n/\ue000\ue0010")), max_size=60))
def test_any_text_yields_only_our_own_tags(text: str) -> None:
    for html in (render_inline(text), render_block(text)):
        parsed = tags_of(html)
        for tag, attrs in parsed.tags:
            assert tag in ALLOWED
            assert set(attrs) <= ALLOWED[tag]
            for value in attrs.values():
                assert value is not None and value.startswith(("math", "bpb-para"))
