"""The instructor's files: the GIFT export parses back to the same quizzes, and the answer
key letters the options as the pages show them (tools/instructor.py, quiz/export.py)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from backprop_core.quiz.export import gift_text, quiz_to_gift, to_gift
from backprop_core.quiz.model import Chapter, Quiz
from backprop_core.quiz.parse import parse_quizzes

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import instructor  # noqa: E402

# ---- an independent reader of GIFT (the subset Moodle's importer reads from us) ---------

def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _split_unescaped(text: str, marks: str) -> list[tuple[str, str]]:
    """Split the answer block at unescaped answer marks (= ~ at a line start or after a tab)."""
    items = []
    for line in text.split("\n"):
        line = line.strip()
        if line and line[0] in marks:
            items.append((line[0], line[1:]))
    return items


def parse_gift(text: str) -> list[dict[str, object]]:
    questions = []
    for block in re.split(r"\n\s*\n", text):
        block = block.strip()
        if not block.startswith("::"):
            continue
        m = re.match(r"::(.*?)::\[markdown\](.*?) \{\n(.*)\}$", block, re.S)
        assert m, block[:200]
        title, question, body = m.groups()
        q: dict[str, object] = {"title": _unescape(title), "question": question}
        answers = []
        for mark, rest in _split_unescaped(body, "=~#"):
            if mark == "#" and rest.startswith("###"):
                q["feedback"] = rest[3:]
                continue
            if mark == "#":
                value, tol = rest.split(":")
                q["number"] = (float(value), float(tol))
                continue
            weight = None
            wm = re.match(r"%(-?[\d.]+)%(.*)", rest)
            if wm:
                weight, rest = float(wm.group(1)), wm.group(2)
            text_part = re.split(r"(?<!\\) #", rest)[0]
            answers.append({"right": mark == "=" or (weight or 0) > 0, "weight": weight,
                            "text": text_part})
        q["answers"] = answers
        questions.append(q)
    return questions


@pytest.fixture(scope="module")
def chapters() -> list[tuple[str, Chapter]]:
    return instructor.bound_chapters()


def test_every_quiz_of_the_book_parses_back(chapters: list[tuple[str, Chapter]]) -> None:
    parsed = parse_gift(to_gift(chapters))
    quizzes = [(c.name, n, q) for _, c in chapters for n, q in enumerate(c.quizzes, start=1)]
    assert len(parsed) == len(quizzes) >= 60
    for (name, n, quiz), back in zip(quizzes, parsed, strict=True):
        assert back["title"] == f"{name} {quiz.qid if quiz.qid is not None else n}"
        assert back["question"] == gift_text(quiz.question)
        if quiz.numeric is not None:
            value, tol = back["number"]  # type: ignore[misc]
            assert value == pytest.approx(quiz.numeric.value, rel=1e-11)
            assert quiz.numeric.accepts(value + 0.999 * tol)
            assert not quiz.numeric.accepts(value + 1.01 * tol + 1e-6 * max(1.0, abs(value)))
            continue
        right = {a["text"] for a in back["answers"] if a["right"]}  # type: ignore[union-attr]
        assert right == {gift_text(quiz.answers[i].text) for i in quiz.correct}
        assert len(back["answers"]) == len(quiz.answers)  # type: ignore[arg-type]
        if quiz.multiple:
            weights = [a["weight"] for a in back["answers"]]  # type: ignore[union-attr]
            assert sum(w for w in weights if w > 0) == pytest.approx(100, abs=0.01)


def test_gift_escapes_its_markup_and_writes_math_for_mathjax() -> None:
    assert gift_text("a = b: {c} ~ #d") == r"a \= b\: \{c\} \~ \#d"
    assert gift_text(r"$\frac{1}{2}$ and $$x$$") == r"\\(\\frac\{1\}\{2\}\\) and \\[x\\]"


def test_several_right_answers_share_the_weights() -> None:
    (quiz,) = parse_quizzes("??\nPick\n\\c: a\n\\c: b\n\\w: c\n??\n", "t.txt")
    parsed = parse_gift(quiz_to_gift(quiz, "t 1"))[0]
    weights = {a["text"]: a["weight"] for a in parsed["answers"]}  # type: ignore[union-attr]
    assert weights == {"a": 50.0, "b": 50.0, "c": -100.0}


def test_the_key_letters_options_as_the_page_shows_them(
        chapters: list[tuple[str, Chapter]]) -> None:
    key = instructor.answer_key_markdown(chapters)
    title, chapter = chapters[0]
    quiz: Quiz = next(q for q in chapter.quizzes if q.numeric is None)
    order = quiz.display_order()
    right_letter = "ABCDEFGH"[next(n for n, i in enumerate(order) if quiz.answers[i].correct)]
    assert f"   - {right_letter}. **" in key.split("\n2. ")[0]
    assert f"## {title}" in key


def test_make_instructor_writes_the_three_files(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "instructor.py"),
                           str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert {p.name for p in tmp_path.iterdir()} == {"answer-key.md", "answer-key.html",
                                                    "quizzes.gift"}
    key = (tmp_path / "answer-key.md").read_text(encoding="utf-8")
    assert "# Exercises and model solutions" in key and "def dy_dx(x):" in key
    assert "bpb-solution" not in key and "<details" not in key
