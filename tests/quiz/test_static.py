"""The static rendition: accessible, deterministic markup that quiz.js wires up."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from backprop_core.quiz import Answer, Chapter, Quiz, parse_quizzes
from backprop_core.quiz.model import NumericAnswer
from backprop_core.quiz.numbers import format_value
from backprop_core.quiz.static import render_quizzes, render_scoreboard


class Tree(HTMLParser):
    """A flat list of (tag, attrs, depth) plus the text, enough to check structure."""

    VOID = {"input", "br", "img", "rect", "path"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack[-1:] != ["script"]:  # the rulebook's JSON is data, not text
            self.text += data

    def find(self, tag: str, cls: str | None = None) -> list[dict[str, str | None]]:
        return [
            a
            for t, a in self.elements
            if t == tag and (cls is None or cls in (a.get("class") or "").split())
        ]


def parse(html: str) -> Tree:
    tree = Tree()
    tree.feed(html)
    tree.close()
    assert tree.stack == [], "unclosed elements"
    return tree


TEXT = """
??
Which is **right**, $x$?
\\c: one
\\w: two
\\penalty:5
\\shownext:true
\\explain: Because $y$.
??
??
Pick all.
\\c: a
\\w: b
\\c: c
??
"""


def chapter() -> Chapter:
    return Chapter("demo", tuple(parse_quizzes(TEXT)))


def test_structure_and_accessibility() -> None:
    c = chapter()
    tree = parse(render_quizzes(c, [0, 1]))
    group = tree.find("div", "bpb-quiz-group")[0]
    assert group["data-bpb-chapter"] == "demo"
    sections = tree.find("section", "bpb-quiz")
    keys = c.quiz_keys()
    assert [s["id"] for s in sections] == [f"bpb-{k}" for k in keys]
    first, second = sections
    assert first["data-bpb-points"] == "10" and first["data-bpb-penalty"] == "5"
    assert first["data-bpb-shownext"] == "true" and first["data-bpb-correct"] == "0"
    assert first["data-bpb-multiple"] == "false" and first["data-bpb-index"] == "0"
    assert second["data-bpb-correct"] == "0,2" and second["data-bpb-multiple"] == "true"
    assert len(tree.find("fieldset")) == 2 and len(tree.find("legend")) == 2
    inputs = tree.find("input")
    assert [i["type"] for i in inputs] == ["radio"] * 2 + ["checkbox"] * 3
    labels = {a["for"] for a in tree.find("label")}
    assert {i["id"] for i in inputs} == labels  # a label for every input
    assert len({i["name"] for i in inputs}) == 2  # one group per quiz
    feedback = tree.find("p", "bpb-quiz-feedback")
    assert all(f["aria-live"] == "polite" and f["role"] == "status" for f in feedback)
    assert [b["type"] for b in tree.find("button")] == ["submit", "button"] * 2
    # the second quiz is gated by the first: its form is hidden behind a notice
    forms = tree.find("form")
    assert "hidden" not in forms[0] and "hidden" in forms[1]
    assert len(tree.find("p", "bpb-quiz-locked")) == 1
    assert "Question 2 appears when question 1 above is answered right." in tree.text
    assert "hidden" in tree.find("div", "bpb-quiz-explain")[0]
    assert "Question 1 · 10 points · −5 per wrong try" in tree.text
    assert "Select every correct answer (there are several)." in tree.text
    assert "Worth 10 points." in tree.text


def test_rendering_is_deterministic_and_content_addressed() -> None:
    a = render_quizzes(chapter(), [0, 1])
    assert a == render_quizzes(chapter(), [0, 1])
    other = Chapter("other", chapter().quizzes)
    assert set(other.quiz_keys()).isdisjoint(chapter().quiz_keys())  # the file name is in the id
    assert all(f'id="bpb-{k}"' in render_quizzes(other, [0, 1]) for k in other.quiz_keys())


def test_a_subset_keeps_file_numbers() -> None:
    tree = parse(render_quizzes(chapter(), [1]))
    (section,) = tree.find("section", "bpb-quiz")
    assert section["data-bpb-index"] == "1"
    assert "Question 2 ·" in tree.text
    # the static markup hides it (its gate is in the file); quiz.js opens the gate when
    # quiz 1 is not on the page
    assert "hidden" in tree.find("form")[0]


def test_injected_markup_is_text() -> None:
    evil = Quiz(
        question='<script>window.pwned=1</script> <img src=x onerror="window.pwned=1">',
        answers=(Answer("<b onclick=x>a</b>", True), Answer("</label><script>y</script>", False)),
        explain="<iframe src=javascript:alert(1)>",
    )
    c = Chapter('x" onmouseover="alert(1)', (evil,))
    html = render_quizzes(c, [0]) + render_scoreboard(c)
    tree = parse(html)
    tags = {t for t, _ in tree.elements}
    assert tags <= {
        "div",
        "section",
        "form",
        "fieldset",
        "legend",
        "span",
        "p",
        "input",
        "label",
        "button",
        "strong",
        "script",
    }
    # the only scripts are the rulebook's JSON blocks, which run nothing
    assert all(
        a == {"type": "application/json", "class": "bpb-quiz-rules"}
        for t, a in tree.elements
        if t == "script"
    )
    assert all(
        "onmouseover" not in a and "onerror" not in a and "onclick" not in a
        for _, a in tree.elements
    )
    assert "<script>window.pwned=1</script>" in tree.text
    assert tree.find("div", "bpb-quiz-group")[0]["data-bpb-chapter"] == c.name


def test_scoreboard() -> None:
    c = chapter()
    tree = parse(render_scoreboard(c))
    (board,) = tree.find("div", "bpb-scoreboard")
    assert (board["data-bpb-total"], board["data-bpb-count"]) == ("20", "2")
    assert "Chapter score: 0 of 20 points · 0 of 2 questions answered" in tree.text
    assert tree.find("button", "bpb-scoreboard-clear")


def test_one_point_and_no_penalty_wording() -> None:
    q = Quiz("Q", (Answer("a", True),), points=1)
    tree = parse(render_quizzes(Chapter("one", (q,)), [0]))
    assert "Question 1 · 1 point" in tree.text and "per wrong try" not in tree.text
    assert "Worth 1 point." in tree.text


def test_a_numeric_quiz_carries_the_value_as_python_prints_it() -> None:
    """quiz.js shows the expected value after a right answer as Python prints it
    (numbers.format_value: 6 significant digits, ties to even on the exact double), from
    ``data-bpb-shown``; ``data-bpb-value`` keeps every digit for the tolerance check."""
    for value, shown in ((999999.5, "1e+06"), (0.1 + 0.2, "0.3"), (1 / 3, "0.333333"),
                         (2.5e-5, "2.5e-05"), (-1234567.0, "-1.23457e+06"), (32.0, "32")):
        quiz = Quiz("How much?", (), numeric=NumericAnswer(value=value))
        section = parse(render_quizzes(Chapter("n", (quiz,)), [0])).find("section", "bpb-quiz")[0]
        assert section["data-bpb-shown"] == shown == format_value(value)
        assert float(section["data-bpb-value"] or "nan") == value


def test_quiz_js_never_writes_html() -> None:
    """The quiz pages' scripts (quiz.js, progress.js and their modules in quiz/) only set
    text, attributes and classes: quiz text reaches the page only through the escaped
    rendering above."""
    bpb = Path(__file__).resolve().parents[2] / "book" / "_vendor" / "bpb"
    scripts = [bpb / "quiz.js", bpb / "progress.js", *sorted((bpb / "quiz").glob("*.js"))]
    assert len(scripts) > 4
    for path in scripts:
        js = path.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in js, (path.name, sink)
    assert "textContent" in (bpb / "quiz.js").read_text(encoding="utf-8")
