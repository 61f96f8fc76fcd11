""""Predict, then see": before a backward step reveals an adjoint (or a parameter step a
∂C/∂w, ∂C/∂b), the reader types the value it will show. Each prediction is scored like a
numeric question of the quizzes (``quiz.numbers``' reading, the default tolerance, the
penalty per wrong try), and a wrong number that is one of the usual slips is named in the
reader's terms: the term c̄ · ∂c/∂a without the adjoint a already had, c̄ without the factor
∂c/∂a (or the factor alone), a flipped sign; for a weight, δ or the activation alone.

Each prediction is kept by the browser under the chapter's progress key
(``quiz/store.js``), as ``player:<player>:<step>``, and counted on the progress page; in
JupyterLab the widget records it in the kernel (``quiz.session.predictions_for``), where
``show_progress()`` counts it the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from backprop_core.errors import ArgumentError
from backprop_core.figures.player.model import PlayerModel
from backprop_core.formatting import fmt
from backprop_core.quiz.model import DEFAULT_TOLERANCE
from backprop_core.quiz.numbers import describe_tolerance, format_value, within
from backprop_core.quiz.session import PREDICT_PENALTY, PREDICT_POINTS, player_entry

TOLERANCE, RELATIVE = DEFAULT_TOLERANCE, True  # a quiz's default: 1 %, relative
# what the predict box says besides a quiz's feedback (the widget and player.js alike)
TEXT = {
    "wait": "Type your prediction first, or press “Show the step”.",
    "ready": "Nothing to predict for the next step: press Next.",
    "score": "Predictions: {score} of {total}, {solved} of {count} steps predicted right.",
}
_CHAPTER = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Hint:
    """A wrong number that is a known slip, and what to tell the reader who types it."""

    value: float
    text: str


@dataclass(frozen=True)
class Prediction:
    """Step ``step`` (a frame index) reveals ``value``: the reader predicts it first."""

    step: int
    key: str
    question: str
    value: float
    hints: tuple[Hint, ...]
    otherwise: str  # what a wrong number that is no known slip is told

    @property
    def shown(self) -> str:
        """The value as the reader is told it after a right answer (``format_value``)."""
        return format_value(self.value)

    def judge(self, number: float) -> str:
        """'' for a right number, else what the reader is told (a slip's hint first)."""
        if within(number, self.value, TOLERANCE, RELATIVE):
            return ""
        for hint in self.hints:
            if within(number, hint.value, TOLERANCE, RELATIVE):
                return hint.text
        return self.otherwise


def check_chapter(chapter: str) -> str:
    """The chapter a player's predictions count in: its quiz file's name, 'worked-example'."""
    if not isinstance(chapter, str) or not _CHAPTER.fullmatch(chapter):
        raise ArgumentError(f"predict must name the chapter whose progress counts the "
                            f"predictions, in lower case with hyphens such as "
                            f"'worked-example', but got {chapter!r}")
    return chapter


def slug(text: str) -> str:
    """A player's name in progress keys: its title in lower-case letters and hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())) or "player"


def predictions(model: PlayerModel) -> list[Prediction]:
    """One prediction per backward step after the seed C̄ = 1, and per parameter step."""
    name = slug(model.shown_name)
    out = []
    for i, frame in enumerate(model.frames):
        step = frame.step
        if step.phase == "backward" and step.child is not None and step.edge is not None:
            question, hints, otherwise = _adjoint(model, i)
        elif step.phase == "parameter":
            question, hints, otherwise = _parameter(model, i)
        else:
            continue
        kept = tuple(h for h in hints
                     if not within(h.value, step.value, TOLERANCE, RELATIVE))
        out.append(Prediction(i, player_entry(name, i), question, step.value, kept, otherwise))
    return out


def _adjoint(model: PlayerModel, i: int) -> tuple[str, list[Hint], str]:
    step, n, o = model.frames[i].step, model.names, model.output_name
    parent, child = step.node, step.child
    assert parent is not None and child is not None and step.edge is not None
    upstream, local = child.grad, child.local_derivatives[step.edge]
    term = upstream * local
    before = step.value - term
    p_bar, c_bar, c, p = n.adjoint(parent), n.adjoint(child), n.grouped(child), n.grouped(parent)
    edge = f"∂{c}/∂{p}"
    hints = [Hint(term, f"That is the term {c_bar} · {edge} = {fmt(term)} alone: {p_bar} "
                        f"already holds {fmt(before)} from another path, and an adjoint sums "
                        f"over every path. Add them.")] if before else []
    hints += [
        Hint(upstream, f"That is {c_bar} = ∂{o}/∂{c}: you still need the factor {edge} = "
                       f"{fmt(local)}, the number on the edge from {p} to {c}."),
        Hint(local, f"That is the local derivative {edge} = {fmt(local)} alone: multiply it by "
                    f"{c_bar} = {fmt(upstream)}, the adjoint below {c}."),
        Hint(-step.value, "The size is right, the sign is not: multiply the signs of "
                          f"{c_bar} and {edge}" + (f" and add {p_bar}'s {fmt(before)}."
                                                   if before else ".")),
    ]
    question = (f"Predict {p_bar} after the next step, {p_bar} += {c_bar} · {edge}"
                + (f" ({p_bar} is {fmt(before)} so far)." if before else "."))
    otherwise = (f"{p_bar} += {c_bar} · {edge}: read {c_bar} below {c} and {edge} on the edge "
                 f"from {p} to {c}" + (f", and add the {fmt(before)} {p_bar} already holds."
                                       if before else "."))
    return question, hints, otherwise


def _parameter(model: PlayerModel, i: int) -> tuple[str, list[Hint], str]:
    step, n, o = model.frames[i].step, model.names, model.output_name
    z = step.node
    assert z is not None
    delta, z_bar = z.grad, n.adjoint(z)
    target = f"∂{o}/∂{step.label}"
    if step.edge is None:
        question = f"Predict {target}, the gradient of the bias of {n[z]} (BP4)."
        otherwise = (f"A bias adds 1 · itself to {n[z]}, so {target} = {z_bar}, the adjoint "
                     f"below {n[z]} (the δ of BP4).")
        return question, [Hint(-delta, f"The sign is flipped: {target} = {z_bar} exactly.")], \
            otherwise
    a = z.parents[step.edge]
    hints = [
        Hint(delta, f"That is δ = {z_bar} alone: you still need the factor {n[a]} = "
                    f"{fmt(a.data)}, the input the weight multiplies (BP3)."),
        Hint(a.data, f"That is the input {n[a]} alone: multiply it by δ = {z_bar} = "
                     f"{fmt(delta)}, the adjoint below {n[z]}."),
        Hint(-step.value, f"The size is right, the sign is not: {target} = {n[a]} · {z_bar}."),
    ]
    question = (f"Predict {target}, the gradient of the weight on the edge {n[a]} → {n[z]} "
                f"(BP3).")
    otherwise = (f"{target} = {n[a]} · δ: the value above {n[a]} times the adjoint "
                 f"{z_bar} below {n[z]}.")
    return question, hints, otherwise


def prediction_data(model: PlayerModel, chapter: str) -> dict[str, object]:
    """What ``player/predict.js`` needs: the chapter, the scoring, every prediction."""
    return {
        "chapter": check_chapter(chapter),
        "points": PREDICT_POINTS,
        "penalty": PREDICT_PENALTY,
        "tolerance": TOLERANCE,
        "relative": RELATIVE,
        "text": TEXT,
        "items": [{"step": p.step, "key": p.key, "question": p.question, "value": p.value,
                   "shown": p.shown, "otherwise": p.otherwise,
                   "hints": [{"value": h.value, "text": h.text} for h in p.hints]}
                  for p in predictions(model)],
    }


def answer_label() -> str:
    """The label of the answer box, with the tolerance as a quiz states it."""
    return f"Your prediction ({describe_tolerance(TOLERANCE, RELATIVE)}):"
