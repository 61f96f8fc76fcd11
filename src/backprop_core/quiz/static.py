"""The static rendition: HTML that ``book/_vendor/bpb/quiz.js`` brings to life.

No kernel runs on the built site, so each quiz is a ``<form>`` whose settings sit
in ``data-bpb-*`` attributes; quiz.js finds every ``.bpb-quiz`` on the page,
groups them by chapter (across cells), scores them, applies ``\\shownext`` and
keeps progress in ``localStorage``.  Every group and scoreboard carries the
rulebook (:mod:`.rulebook`) as JSON, from which quiz.js takes its numbers and
sentences.  All quiz text goes through
:mod:`.markup`, which escapes it; quiz.js never inserts quiz text itself.

Keys come from each block's ``\\id:`` or its content (:meth:`.model.Chapter.quiz_keys`),
so the HTML is byte-identical from run to run, as strict nbval requires;
a block with an id also carries ``data-bpb-content`` (its content key, for the stale-quiz
guard) and ``data-bpb-was`` (its key before it had an id, from which quiz.js moves saved
progress).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from ..errors import ArgumentError, ArgumentTypeError, check_index, check_instance, describe
from . import messages
from .markup import render_block, render_inline
from .model import Chapter, ChapterProgress
from .numbers import format_value
from .rulebook import TEXT, fill, rules_script

# A padlock drawn inline (no icon font or emoji font needed), hidden from screen readers.
LOCK_ICON = (
    '<svg class="bpb-quiz-lock" aria-hidden="true" focusable="false" viewBox="0 0 16 16" '
    'style="vertical-align: -0.1em" '
    'width="14" height="14"><rect x="3" y="7" width="10" height="8" rx="1.5" '
    'fill="currentColor"/><path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" '
    'stroke="currentColor" stroke-width="1.6"/></svg> '
)


def _attr(value: object) -> str:
    return html.escape(str(value), quote=True)


def render_quiz(chapter: Chapter, index: int, key: str, content: str | None = None,
                was: str | None = None) -> str:
    """One quiz as a ``<section class="bpb-quiz">``: ``key`` its progress key, ``content``
    its content key, ``was`` its key before it had an id (each written when it differs from
    ``key``)."""
    check_instance(chapter, Chapter, "chapter")
    index = check_index(index, len(chapter.quizzes), "index (a quiz of the chapter)")
    if not isinstance(key, str):
        raise ArgumentTypeError(f"key must be the quiz's id, a str, got {describe(key)}")
    quiz = chapter.quizzes[index]
    gated = chapter.gated(index)
    kind = "checkbox" if quiz.multiple else "radio"
    qid = f"bpb-{key}"
    data: dict[str, object] = {
        "key": key,
        "chapter": chapter.name,
        "index": index,
        "points": quiz.points,
        "penalty": quiz.penalty,
        "shownext": str(quiz.shownext).lower(),
        "correct": ",".join(str(i) for i in sorted(quiz.correct)),
        "multiple": str(quiz.multiple).lower(),
    }
    # a block without an id: its key is its content key, and the HTML is as before ids
    data.update({k: v for k, v in (("content", content), ("was", was)) if v not in (None, key)})
    if quiz.numeric is not None:
        if quiz.numeric.value is None:
            raise ArgumentError(
                f"{quiz.source}:{quiz.line}: the value {{{quiz.numeric.name}}} of question "
                f"{index + 1} was not supplied: show_quiz(..., values={{"
                f"{quiz.numeric.name!r}: ...}})"
            )
        data.update(
            kind="number",
            value=f"{quiz.numeric.value:.17g}",
            shown=format_value(quiz.numeric.value),  # as the page prints it when right
            tolerance=f"{quiz.numeric.tolerance:.17g}",
            relative=str(quiz.numeric.relative).lower(),
        )
        answers = (
            f'<div class="bpb-quiz-number">'
            f'<label for="{qid}-n">{_attr(messages.answer_label(quiz))}</label>'
            f'<input type="text" class="bpb-quiz-number-input" id="{qid}-n" name="{qid}" '
            f'inputmode="decimal" autocomplete="off" spellcheck="false" size="14" '
            f'aria-describedby="{qid}-hint"></div>'
        )
    else:
        answers = "\n".join(
            f'<div class="bpb-quiz-answer">'
            f'<input type="{kind}" id="{qid}-{i}" name="{qid}" value="{i}">'
            f'<label for="{qid}-{i}"><span class="bpb-sr-only">'
            f'{_attr(fill("answer_label", number=n + 1))}</span>'
            f"{render_inline(quiz.answers[i].text)}</label></div>"
            for n, i in enumerate(quiz.display_order())
        )
    attrs = " ".join(f'data-bpb-{k}="{_attr(v)}"' for k, v in data.items())
    whys = "".join(
        f'<p class="bpb-quiz-whynot" data-bpb-answer="{i}" hidden>'
        f'<strong>{_attr(TEXT["why_not"])}</strong>'
        f"{render_inline(quiz.answers[i].why or '')}</p>\n"
        for i in quiz.display_order()
        if quiz.answers[i].why
    )
    explain = ""
    if quiz.explain is not None:
        explain = (
            f'<div class="bpb-quiz-explain" hidden><strong>{_attr(TEXT["why"])}</strong>'
            f"{render_inline(quiz.explain)}</div>\n"
        )
    locked = ""
    if gated:
        locked = (
            f'<p class="bpb-quiz-locked">{LOCK_ICON}'
            f"{_attr(messages.locked(index + 1))}</p>\n"
        )
    status = messages.status(ChapterProgress(chapter).quizzes[index])
    return (
        f'<section class="bpb-quiz" id="{qid}" {attrs}>\n'
        f"{locked}"
        f'<form class="bpb-quiz-form" novalidate{" hidden" if gated else ""}>\n'
        f'<fieldset class="bpb-quiz-fieldset">\n'
        f'<legend class="bpb-quiz-legend">'
        f'<span class="bpb-quiz-meta">{_attr(messages.meta(quiz, index + 1))}</span>'
        f'<span class="bpb-quiz-question">{render_block(quiz.question)}</span></legend>\n'
        f'<p class="bpb-quiz-hint" id="{qid}-hint">{_attr(messages.hint(quiz))}</p>\n'
        f"{answers}\n"
        f"</fieldset>\n"
        f'<div class="bpb-quiz-actions">'
        f'<button type="submit" class="bpb-quiz-check">{_attr(TEXT["check"])}</button>'
        f'<button type="button" class="bpb-quiz-reset">{_attr(TEXT["reset"])}</button>'
        f'<span class="bpb-quiz-status">{_attr(status)}</span></div>\n'
        f'<p class="bpb-quiz-feedback" role="status" aria-live="polite" tabindex="-1"></p>\n'
        f'{f"""<div class="bpb-quiz-whynots" aria-live="polite">{whys}</div>""" if whys else ""}'
        f"{explain}"
        f"</form>\n"
        f"</section>"
    )


def render_quizzes(chapter: Chapter, indices: Sequence[int]) -> str:
    """Some quizzes of a chapter (0-based indices, in the given order)."""
    check_instance(chapter, Chapter, "chapter")
    indices = chapter.indices(indices)
    keys, content, was = chapter.quiz_keys(), chapter.content_keys(), chapter.content_keys(False)
    body = "\n".join(render_quiz(chapter, i, keys[i], content[i], was[i]) for i in indices)
    return (
        f'<div class="bpb-quiz-group" data-bpb-chapter="{_attr(chapter.name)}">\n{body}\n'
        f"{rules_script()}\n</div>"
    )


def render_scoreboard(chapter: Chapter) -> str:
    """The chapter's running score, summed over its file's quizzes by quiz.js."""
    check_instance(chapter, Chapter, "chapter")
    count = len(chapter.quizzes)
    text = messages.scoreboard(0, chapter.total, 0, count)
    return (
        f'<div class="bpb-scoreboard" data-bpb-chapter="{_attr(chapter.name)}" '
        f'data-bpb-total="{chapter.total}" data-bpb-count="{count}">'
        f'<p class="bpb-scoreboard-text">{_attr(text)}</p>'
        f'<button type="button" class="bpb-scoreboard-clear">{_attr(TEXT["clear"])}</button>'
        f"{rules_script()}</div>"
    )
