"""Stable quiz ids (``\\id:``): chapters select quizzes by id, and the reader's progress, the
answer key and the GIFT export are keyed on it, so inserting or reordering blocks moves
no score to another question; blocks without an id parse and behave as before."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from backprop_core.errors import ArgumentError, BackpropError, UnknownKeyError
from backprop_core.quiz import QuizFormatError, parse_quizzes
from backprop_core.quiz.book import BookChapter
from backprop_core.quiz.export import answer_key_markdown, to_gift
from backprop_core.quiz.model import Chapter
from backprop_core.quiz.progress import progress_data
from backprop_core.quiz.show import quiz_output, select, select_ids
from backprop_core.quiz.static import render_quizzes

ROOT = Path(__file__).resolve().parents[2]

BLOCKS = {
    "sum": "??\nWhat is $1 + 1$?\n\\c: 2\n\\w: 3\n\\why: one too many\n\\id: sum\n??\n",
    "product": "??\nWhat is $2 \\cdot 3$?\n\\id: product\n\\c: 6\n\\w: 5\n\\penalty:5\n??\n",
    "slope": "??\nThe slope of $x^2$ at 3?\n\\number: 6\n\\tolerance: 0.01\n\\id: slope-at-3\n??\n",
}


def chapter(*names: str, file: str = "demo") -> Chapter:
    text = "\n".join(BLOCKS[n] for n in names)
    return Chapter(file, tuple(parse_quizzes(text, f"{file}.txt")))


def test_an_id_is_read_and_kept_in_the_canonical_text() -> None:
    c = chapter("sum", "product", "slope")
    assert [q.qid for q in c.quizzes] == ["sum", "product", "slope-at-3"]
    assert "\\id: product" in c.quizzes[1].canonical()
    assert c.quiz_keys() == ["demo--sum", "demo--product", "demo--slope-at-3"]


def test_blocks_without_ids_parse_and_keep_their_keys() -> None:
    plain = parse_quizzes("??\nQ?\n\\c: a\n\\w: b\n??\n")
    assert plain[0].qid is None
    c = Chapter("demo", tuple(plain))
    assert c.quiz_keys() == c.content_keys() == c.content_keys(False)
    assert re.fullmatch(r"[0-9a-f]{12}", c.quiz_keys()[0])


@pytest.mark.parametrize("value", ["Sum", "2nd", "a--b", "a-", "-a", "a_b", "a b", "", "all",
                                   "ü"])
def test_a_malformed_id_names_the_file_and_line(value: str) -> None:
    with pytest.raises(QuizFormatError) as err:
        parse_quizzes(f"??\nQ?\n\\c: a\n\\id: {value}\n??\n", "demo.txt")
    assert str(err.value).startswith("demo.txt:4: ")
    assert "'\\id:' expects a lowercase letter" in str(err.value)


def test_a_duplicate_id_names_both_blocks() -> None:
    text = BLOCKS["sum"] + BLOCKS["product"].replace("\\id: product", "\\id: sum")
    with pytest.raises(QuizFormatError) as err:
        parse_quizzes(text, "demo.txt")
    assert isinstance(err.value, BackpropError)
    assert str(err.value) == ("demo.txt:10: duplicate id 'sum': the quiz at line 1 has it "
                              "already; expected an id unique within the file")


def test_two_ids_in_one_block_are_an_error() -> None:
    with pytest.raises(QuizFormatError, match=r"demo.txt:5: duplicate directive '\\id:'"):
        parse_quizzes("??\nQ?\n\\c: a\n\\id: one\n\\id: two\n??\n", "demo.txt")


def test_keys_stay_with_their_question_when_blocks_move() -> None:
    before = dict(zip((q.qid for q in chapter("sum", "product").quizzes),
                      chapter("sum", "product").quiz_keys(), strict=True))
    moved = chapter("slope", "product", "sum")
    after = dict(zip((q.qid for q in moved.quizzes), moved.quiz_keys(), strict=True))
    assert {k: after[k] for k in before} == before
    # a content key changes with the text (the stale-quiz guard), the key does not
    edited = Chapter("demo", tuple(parse_quizzes(BLOCKS["sum"].replace("$1 + 1$", "$1+1$"))))
    assert edited.quiz_keys()[0] == before["sum"]
    assert edited.content_keys()[0] != chapter("sum").content_keys()[0]


def test_the_key_before_the_id_is_the_old_content_key() -> None:
    c = chapter("sum", "product")
    plain = Chapter("demo", tuple(parse_quizzes(
        "\n".join(re.sub(r"\\id: [\w-]+\n", "", BLOCKS[n]) for n in ("sum", "product")))))
    assert c.content_keys(False) == plain.quiz_keys()


@pytest.mark.parametrize(("which", "indices"), [
    ("product", [1]),
    ("product, sum", [1, 0]),
    (["slope-at-3", "sum"], [2, 0]),
    (("sum",), [0]),
    ("2-3", [1, 2]),     # positions still work
    (1, [0]),
    ("all", [0, 1, 2]),
    (None, [0, 1, 2]),
])
def test_select_by_id_or_position(which: object, indices: list[int]) -> None:
    assert select(chapter("sum", "product", "slope"), which) == indices  # type: ignore[arg-type]


def test_an_unknown_id_names_the_chapter_and_the_ids_it_has() -> None:
    with pytest.raises(UnknownKeyError) as err:
        select(chapter("sum", "product"), "sums")
    assert str(err.value) == (
        "demo.txt: the chapter 'demo' has no quiz with the id 'sums'; expected one of "
        "'sum', 'product'")


def test_selection_by_id_needs_an_id_on_every_block() -> None:
    text = BLOCKS["sum"] + "??\nQ?\n\\c: a\n??\n"
    c = Chapter("demo", tuple(parse_quizzes(text, "demo.txt")))
    with pytest.raises(ArgumentError) as err:
        select(c, "sum")
    assert "demo.txt: cannot select quizzes by id 'sum'" in str(err.value)
    assert "line(s) 8 have no '\\id:' line" in str(err.value)
    assert select(c, 2) == [1]  # by position it still works


@pytest.mark.parametrize(("ids", "words"), [
    (["sum", "sum"], "names a quiz twice"),
    ([], "empty quiz selection"),
])
def test_select_ids_errors(ids: list[str], words: str) -> None:
    with pytest.raises(ArgumentError, match=words):
        select_ids(chapter("sum", "product"), ids)


def test_the_page_keys_on_the_id_and_says_the_old_key() -> None:
    c = chapter("sum", "product")
    html = render_quizzes(c, [1, 0])
    keys, content, was = c.quiz_keys(), c.content_keys(), c.content_keys(False)
    for i in (0, 1):
        tag = re.search(rf'<section class="bpb-quiz" id="bpb-{keys[i]}" [^>]*>', html)
        assert tag is not None and f'data-bpb-key="{keys[i]}"' in tag.group(0)
        assert f'data-bpb-content="{content[i]}"' in tag.group(0)
        assert f'data-bpb-was="{was[i]}"' in tag.group(0)
    plain = Chapter("demo", tuple(parse_quizzes("??\nQ?\n\\c: a\n\\w: b\n??\n")))
    assert "data-bpb-was" not in render_quizzes(plain, [0])  # the HTML it had before ids
    assert "data-bpb-content" not in render_quizzes(plain, [0])


def test_progress_data_carries_the_old_key(tmp_path: Path) -> None:
    c = chapter("sum", "product")
    (entry,) = progress_data([BookChapter(c, "Demo", "demo.html")])
    assert [q["key"] for q in entry["quizzes"]] == c.quiz_keys()  # type: ignore[index]
    assert [q["was"] for q in entry["quizzes"]] == c.content_keys(False)  # type: ignore[index]
    json.dumps(entry)


def test_answer_key_and_gift_name_questions_by_id() -> None:
    c = chapter("sum", "slope").bind({})
    assert "1. `sum`: What is $1 + 1$?" in answer_key_markdown([("Demo", c)])
    gift = to_gift([("Demo", c)])
    assert "::demo sum::" in gift and "::demo slope-at-3::" in gift
    plain = Chapter("demo", tuple(parse_quizzes("??\nQ?\n\\c: a\n\\w: b\n??\n")))
    assert "::demo 1::" in to_gift([("Demo", plain)])


def test_show_quiz_selects_by_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "demo.txt").write_text(
        "".join(BLOCKS[n] for n in ("sum", "product", "slope")), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = quiz_output("demo", "product, sum")
    assert out.text.startswith("Quiz demo: questions 2, 1 of 3")
    html = out.html
    assert html.index('data-bpb-key="demo--product"') < html.index('data-bpb-key="demo--sum"')
    with pytest.raises(UnknownKeyError, match="quizzes/demo.txt: the chapter 'demo' has no"):
        quiz_output("demo", "slope")


def test_the_instructor_tool_reads_id_keys() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    import instructor

    html = '<section class="bpb-quiz" id="bpb-demo--slope" data-bpb-key="demo--slope" ' \
           'data-bpb-content="0123456789ab" data-bpb-value="6">'
    assert instructor.NUMERIC.findall(html) == [("demo--slope", "6")]
