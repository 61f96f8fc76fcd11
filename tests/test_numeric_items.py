"""Every numeric exercise and every numeric question of the book: its tolerance is stated
next to the input, the value the page itself prints for the answer is accepted (rounded as
printed), and a value 10 % off is rejected (1 % off too where the tolerance is smaller).

Read from the stored notebooks (what the site shows): the exercise cells that call
``check_answer``/``check_answers`` (their tolerance read from the call), the glued numbers
that print each answer, and the static HTML of every numeric quiz (its value, tolerance and
label); the quiz files in book/quizzes/ say which numeric questions exist.
"""

from __future__ import annotations

import ast
import html
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from backprop_core.checks.answers import DEFAULT_REL_TOL, check_answer, describe_tolerance
from backprop_core.formatting import fmt
from backprop_core.quiz import read_chapter
from backprop_core.quiz.numbers import describe_tolerance as quiz_tolerance
from backprop_core.quiz.numbers import format_value, within

BOOK = Path(__file__).resolve().parents[1] / "book"
NOTEBOOKS = sorted(BOOK.glob("*.ipynb"))

# Each answer of a numeric exercise and the glued number that prints it on the page (its
# solution). A new exercise answer fails the test until it is listed here.
PRINTED_AS = {
    ("chain-rule", "∂q/∂y"): "ex_grad",
    ("computational-graph", "∂e/∂a"): "ex_grad_a",
    ("computational-graph", "∂e/∂b"): "ex_grad_b",
    ("batching", "∂J/∂w_12"): "bt_ex_dw",
    ("batching", "∂J/∂b_2"): "bt_ex_db",
    ("batching", "sum over i, (1, 2)"): "bt_ex_sum",
    ("deep-networks", "s, He"): "dn_ex_he",
    ("deep-networks", "s, Glorot"): "dn_ex_glorot",
    ("deep-networks", "factor per layer, Glorot"): "dn_ex_factor",
    ("error-signal", "δ²_1"): "es_ex_d2",
    ("error-signal", "δ¹_1"): "es_ex_d11",
    ("error-signal", "δ¹_2"): "es_ex_d12",
    ("error-signal", "∂C/∂w¹_21"): "es_ex_dw21",
    ("error-signal", "∂C/∂b¹_2"): "es_ex_db12",
    ("matrix-form", "δ^1_1"): "mf_ex_d11",
    ("matrix-form", "δ^1_2"): "mf_ex_d12",
    ("matrix-form", "δ^1_3"): "mf_ex_d13",
    ("matrix-form", "∂C/∂w^1_32"): "mf_ex_w1_32",
    ("matrix-form", "∂C/∂w^2_13"): "mf_ex_w2_13",
    ("why-gradients", "∂J/∂w"): "wg_ex_bp",
    ("why-gradients", "new w"): "wg_ex_new_w",
    ("worked-example", "∂C/∂w¹_21"): "we_ex_dw1_21",
    ("worked-example", "∂C/∂w²_12"): "we_ex_dw2_12",
    ("worked-example", "new w²_12"): "we_ex_new",
}
GLUE_REF = re.compile(r"\{glue(?::text)?\}`([A-Za-z0-9_]+)(?::([^`]*))?`")


def cells(notebook: Path) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return found


def source(cell: dict[str, Any]) -> str:
    return "".join(cell["source"])


def glued(notebook: Path) -> dict[str, float]:
    """The numbers glued by the notebook's cells, as stored (full precision)."""
    values: dict[str, float] = {}
    for cell in cells(notebook):
        for out in cell.get("outputs", []):
            name = out.get("metadata", {}).get("scrapbook", {}).get("name")
            text = out.get("data", {}).get("application/papermill.record/text/plain")
            if name and text:
                try:
                    values[name] = float(ast.literal_eval(text))
                except (ValueError, SyntaxError, TypeError):
                    continue
    return values


def printed(notebook: Path, name: str, value: float) -> list[str]:
    """Every rendition of the glued number ``name`` in the notebook's text."""
    out = []
    for cell in cells(notebook):
        if cell["cell_type"] != "markdown":
            continue
        for ref, spec in GLUE_REF.findall(source(cell)):
            if ref == name:
                out.append(format(value, spec) if spec else repr(value))
    return out


def exercises() -> list[tuple[str, str, float, float, str]]:
    """(chapter, answer name, rel_tol, abs_tol, stored output) of every numeric exercise."""
    found = []
    for notebook in NOTEBOOKS:
        for cell in cells(notebook):
            if cell["cell_type"] != "code":
                continue
            tree = ast.parse(source(cell))
            answers = {}
            for node in ast.walk(tree):
                if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict)
                        and any(isinstance(t, ast.Name) and t.id == "my_answers"
                                for t in node.targets)):
                    answers = {ast.literal_eval(k) for k in node.value.keys if k is not None}
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id in ("check_answer", "check_answers")):
                    continue
                kw = {k.arg: ast.literal_eval(k.value) for k in node.keywords
                      if k.arg in ("rel_tol", "abs_tol", "name")}
                names = answers if node.func.id == "check_answers" else {kw["name"]}
                text = "".join("".join(o.get("text", "")) for o in cell.get("outputs", []))
                for answer in sorted(names):
                    found.append((notebook.stem, answer, kw.get("rel_tol", DEFAULT_REL_TOL),
                                  kw.get("abs_tol", 0.0), text))
    return found


EXERCISES = exercises()


def test_every_exercise_answer_is_known_and_printed_by_its_page() -> None:
    assert {(c, a) for c, a, *_ in EXERCISES} == set(PRINTED_AS)


def off(value: float, fraction: float) -> list[float]:
    """Values ``fraction`` off ``value``, both ways (for 0: ± fraction itself)."""
    step = abs(value) * fraction if value else fraction
    return [value + step, value - step]


@pytest.mark.parametrize(("chapter", "answer", "rel_tol", "abs_tol", "output"), EXERCISES,
                         ids=[f"{e[0]}:{e[1]}" for e in EXERCISES])
def test_a_numeric_exercise(chapter: str, answer: str, rel_tol: float, abs_tol: float,
                            output: str) -> None:
    # the tolerance is stated in the call (next to the input) and in what the cell prints
    assert f"{answer}: not answered yet (replace None by a number; right " \
           f"{describe_tolerance(rel_tol, abs_tol)})" in output
    value = glued(BOOK / f"{chapter}.ipynb")[PRINTED_AS[(chapter, answer)]]
    shown = printed(BOOK / f"{chapter}.ipynb", PRINTED_AS[(chapter, answer)], value)
    assert shown, f"{chapter}: the page never prints the answer {answer}"
    for text in shown:  # the value the page prints is accepted, rounded as printed
        assert check_answer(float(text), value, rel_tol=rel_tol, abs_tol=abs_tol), text
    for wrong in off(value, 0.1) + (off(value, 0.01) if rel_tol < 0.01 else []):
        assert not check_answer(wrong, value, rel_tol=rel_tol, abs_tol=abs_tol), wrong


# -- numeric questions -------------------------------------------------------------------------

SECTION = re.compile(r'<section class="bpb-quiz" id="[^"]*" ([^>]*data-bpb-kind="number"'
                     r'[^>]*)>(.*?)</section>', re.DOTALL)
ATTR = re.compile(r'data-bpb-([a-z]+)="([^"]*)"')


def shown_questions() -> dict[str, dict[str, Any]]:
    """Every numeric question in the stored HTML of the notebooks, by its key."""
    found: dict[str, dict[str, Any]] = {}
    for notebook in NOTEBOOKS:
        for cell in cells(notebook):
            for out in cell.get("outputs", []):
                page = "".join(out.get("data", {}).get("text/html", ""))
                for attrs, body in SECTION.findall(page):
                    data = {k: html.unescape(v) for k, v in ATTR.findall(attrs)}
                    data["body"] = html.unescape(body)
                    found[data["key"]] = data
    return found


SHOWN = shown_questions()


def numeric_quizzes() -> list[tuple[str, int, str]]:
    out = []
    for path in sorted((BOOK / "quizzes").glob("*.txt")):
        chapter = read_chapter(path)
        for i, (quiz, key) in enumerate(zip(chapter.quizzes, chapter.quiz_keys(),
                                            strict=True)):
            if quiz.numeric is not None:
                out.append((chapter.name, i + 1, key))
    return out


QUESTIONS = numeric_quizzes()


def test_every_numeric_question_is_shown_with_its_value() -> None:
    assert QUESTIONS and {key for *_, key in QUESTIONS} <= set(SHOWN)


@pytest.mark.parametrize(("chapter", "number", "key"), QUESTIONS,
                         ids=[f"{c}:Q{n}" for c, n, _ in QUESTIONS])
def test_a_numeric_question(chapter: str, number: int, key: str) -> None:
    data = SHOWN[key]
    value, tol = float(data["value"]), float(data["tolerance"])
    relative = data["relative"] == "true"
    said = quiz_tolerance(tol, relative)
    # stated next to the input (its label) and in the hint above it
    assert f"Your answer ({said}): </label>" in data["body"]
    assert f"Type a number ({said} counts as right)" in data["body"]
    assert "within \u00b10 " not in data["body"] and "within 0%" not in data["body"]
    # the value the page prints after a right answer (6 significant digits), and the book's
    # four-digit format of figures and tables, are accepted
    for text in {format_value(value), fmt(value)}:
        if tol == 0 and float(text) != value:
            continue  # an exact count: printed in full by format_value
        assert within(float(text), value, tol, relative), (text, said)
    tight = (tol * abs(value) if relative else tol) < 0.01 * abs(value)
    for wrong in off(value, 0.1) + (off(value, 0.01) if tight else []):
        assert not within(wrong, value, tol, relative), (wrong, said)


# -- every numeric question's value, recomputed here ------------------------------------------

def _worked_example_after() -> Any:
    from backprop_core.chapters.worked_example import worked_example
    from backprop_core.networks.layers import Dense
    from backprop_core.networks.network import Network

    net = Network([Dense([[0.5, -0.3], [0.2, 0.8]], [0.1, -0.1], "sigmoid"),
                   Dense([[0.7, -0.4], [-0.6, 0.9]], [0.0, 0.2], "sigmoid")],
                  loss="squared_error")
    return net, worked_example(net, np.array([1.0, 0.5]), np.array([1.0, 0.0]), 1.0)


def _value_grad(build: Any, *inputs: float) -> list[float]:
    from backprop_core.engine.value import Value

    nodes = [Value(x) for x in inputs]
    build(*nodes).backward()
    return [n.grad for n in nodes]


def _sizes_params(sizes: list[int]) -> int:
    from backprop_core.networks.network import Network

    return Network.from_sizes(sizes, ["tanh"] * (len(sizes) - 2) + ["sigmoid"], seed=0).n_params


def _penalty_score() -> float:
    from backprop_core.quiz import parse_quizzes
    from backprop_core.quiz.model import Chapter, ChapterProgress

    block = "??\nQ\n\\c: right\n\\w: one\n\\w: two\n\\penalty:3\n??\n"
    progress = ChapterProgress(Chapter("rules", tuple(parse_quizzes(block))))
    for pick in ([1], [2], [1], [0]):  # wrong, another wrong, the first again, right
        progress.check(0, pick)
    return progress.score


def _recomputed() -> dict[tuple[str, str], Any]:
    """(chapter, id) -> how to compute the expected value, independently of the chapter's
    cell (with backprop_core where there is something to compute)."""
    from backprop_core.checks.gradcheck import relative_error
    from backprop_core.checks.spot import miss_probability
    from backprop_core.checks.step_size import best_step, epsilon
    from backprop_core.engine.forward_mode import Dual
    from backprop_core.engine.paths import count_paths, diamond_chain
    from backprop_core.engine.value import Value, maximum
    from backprop_core.networks.initialisation import init_std

    def tangent() -> float:
        a, b = Dual(1.0, tangent=0.0), Dual(4.0, tangent=1.0)
        return ((a + b) * (a * b)).tangent

    return {
        ("batching", "tensor-size"): lambda: 64 * 4 * 4,  # m * n_2 * n_1
        ("batching", "delta-size"): lambda: 4 * 5,  # n_2 * m
        ("capstone", "rsub-cube-grad"): lambda: _value_grad(lambda v: (2 - v) ** 3, 0.5)[0],
        ("capstone", "micrograd-params"): lambda: _sizes_params([2, 16, 16, 1]),
        ("capstone", "check-passes"): lambda: 2 * _sizes_params([2, 8, 1]) * 60,
        ("chain-rule", "tanh-square"): lambda: _value_grad(lambda x: (x * x).tanh(), 1.0)[0],
        ("chain-rule", "diamond-chain"): lambda: count_paths(*reversed(diamond_chain(5))),
        ("computational-graph", "reverse-sweep"): lambda: _value_grad(
            lambda a, b: 0.5 * ((a + b) * (a * b)), 1.0, 4.0)[0],
        ("computational-graph", "forward-tangent"): tangent,
        ("deep-networks", "glorot-std"): lambda: init_std("glorot", 100, 300),
        ("deep-networks", "he-std"): lambda: (2 / 32) ** 0.5,  # fan-in only
        ("gradient-checking", "best-h"): lambda: best_step(
            "centred", eps=epsilon("float32"), size=2.0, curvature=0.5),
        ("gradient-checking", "forgot-mean"): lambda: float(relative_error([4.0], [1.0])[0]),
        ("gradient-checking", "spot-check-odds"): lambda: miss_probability(
            _sizes_params([2, 32, 32, 1]), 1, 30),
        ("how-quizzes-work", "cubic-slope"): lambda: _value_grad(
            lambda x: x ** 3 - 2 * x, 1.5)[0],
        ("how-quizzes-work", "penalty-score"): _penalty_score,
        ("why-gradients", "fd-passes"): lambda: 2 * _sizes_params([3, 10, 4]),
        ("why-gradients", "sigmoid-activation"): lambda: 1 / (1 + np.exp(-(0.5 * 2 - 2 * 0.25
                                                                              + 1))),
        ("worked-example", "weight-change"): lambda: -float(
            _worked_example_after()[1].dW[2][1, 0]),
        ("worked-example", "new-w1-22"): lambda: (
            _worked_example_after()[0].layer(1).W[1, 1]
            - float(_worked_example_after()[1].dW[1][1, 1])),
        ("matrix-form", "n-params"): lambda: _sizes_params([784, 30, 10]),
        ("matrix-form", "tiny-cost"): _tiny_cost,
        # float64 z^l and a^l of every layer, per sample: 8 bytes · 2 · (256 + 256 + 10)
        ("memory", "bytes-per-sample"): lambda: 8 * 2 * (256 + 256 + 10),
        ("memory", "records-vs-weights"): lambda: next(
            m for m in range(1, 10_000)
            if 8 * 2 * (256 + 256 + 10) * m > 8 * _sizes_params([784, 256, 256, 10])),
        # the forward pass (L layers), then each of the L/k segments rebuilt but its
        # checkpoint: L + (L/k)(k - 1)
        ("memory", "checkpoint-evaluations"): lambda: 25 + (25 // 5) * (5 - 1),
        ("outputs-and-losses", "softmax-delta-entry"): lambda: _softmax_ce_delta(
            [2.0, 0.0, -1.0], 1)[1],
        ("outputs-and-losses", "bce-ratio"): _bce_ratio,
        ("vector-jacobian-products", "gates-max-relu"): lambda: _value_grad(
            lambda x: (x + 1).relu() + maximum(x * 1.5, Value(2.0) * 4), 2.0)[0],
        # ∂Y/∂W: one entry per (entry of Y, entry of W) = (n_l m)(n_l n_{l-1})
        ("vector-jacobian-products", "jacobian-entries"): lambda: (50 * 32) * (50 * 100),
        # "valid": the kernel fits at n - k + 1 places, and w_0 is used once at each
        ("vector-jacobian-products", "conv-shared-weight"): lambda: len(
            [p for p in range(10) if p + 3 <= 10]),
        ("vector-jacobian-products", "forward-passes-gradient"): lambda: _sizes_params(
            [784, 256, 256, 10]),
    }


def _tiny_cost() -> float:
    """matrix-form's tiny relu network (its exercise): C = ½‖a² − y‖², by hand in numpy."""
    W1, b1 = np.array([[1, 0], [-1, 1], [2, -1]]), np.array([0, -2, 1])
    W2, b2 = np.array([[1, 2, -1], [0, 1, 2]]), np.array([0, 0])
    x, y = np.array([1.0, 2.0]), np.array([1.0, 1.0])
    a2 = W2 @ np.maximum(W1 @ x + b1, 0) + b2
    return float(0.5 * np.sum((a2 - y) ** 2))


def _softmax_ce_delta(z: list[float], label: int) -> np.ndarray:
    """δ^L = softmax(z) − one-hot(label), with the package's softmax."""
    from backprop_core.networks.activations import softmax

    s = softmax(np.array(z)[:, None])[:, 0]
    return s - np.eye(len(z))[label]


def _bce_ratio() -> float:
    """δ with BCE is a − y; with the squared error (a − y)σ'(z): the ratio is 1/σ'(2)."""
    from backprop_core.networks.activations import sigmoid_prime

    return float(1 / sigmoid_prime(np.array([2.0]))[0])


# The chapter's own network and sample give these values (error-signal: the one neuron at
# the top of the chapter and its figure's network), which the questions ask the reader to
# read off the page: their value is checked against the page by test_a_numeric_question.
FROM_THE_PAGE = {("error-signal", "target-zero"), ("error-signal", "bias-step")}
RECOMPUTED = _recomputed()
BY_ID = [(c, q.qid, key) for path in sorted((BOOK / "quizzes").glob("*.txt"))
         for c in [read_chapter(path).name]
         for q, key in zip(read_chapter(path).quizzes, read_chapter(path).quiz_keys(),
                           strict=True)
         if q.numeric is not None and q.qid is not None]


def test_every_numeric_question_with_an_id_is_recomputed() -> None:
    assert {(c, i) for c, i, _ in BY_ID} == set(RECOMPUTED) | FROM_THE_PAGE


@pytest.mark.parametrize(("chapter", "qid", "key"),
                         [b for b in BY_ID if b[:2] not in FROM_THE_PAGE],
                         ids=[f"{c}:{i}" for c, i, _ in BY_ID if (c, i) not in FROM_THE_PAGE])
def test_a_numeric_value_is_what_backprop_core_computes(chapter: str, qid: str,
                                                         key: str) -> None:
    shown = float(SHOWN[key]["value"])
    assert shown == pytest.approx(float(RECOMPUTED[(chapter, qid)]()), rel=1e-9, abs=1e-12)


def test_half_the_step_has_about_a_quarter_of_the_gap() -> None:
    """worked-example 'half-step-gap': the gap between the first-order estimate and the true
    fall of the loss shrinks like η², measured on the chapter's network."""
    from backprop_core.chapters.worked_example import worked_example

    net, _ = _worked_example_after()
    x, y = np.array([1.0, 0.5]), np.array([1.0, 0.0])

    def gap(eta: float) -> float:
        ex = worked_example(net, x, y, eta)
        norm2 = sum(float(np.sum(v ** 2)) for v in [*ex.dW.values(), *ex.db.values()])
        return eta * norm2 - (ex.cost - ex.cost_after)

    assert 0.2 < gap(0.5) / gap(1.0) < 0.3


def test_the_multiple_choice_computations_hold() -> None:
    """The right options of the reworked questions that ask for a computed value."""
    from backprop_core.checks.gradcheck import relative_error

    # gradient-checking 'half-gradient': half the right gradient reports 1/3
    assert float(relative_error([0.5], [1.0])[0]) == pytest.approx(1 / 3)
    # computational-graph 'path-vs-edge-terms': the three path terms sum to the gradient
    a, b = 1.5, -0.7
    p, q = a * b, a * b + a
    paths = b * q + b * 1 * p + 1 * p
    grad = _value_grad(lambda a, b: (a * b) * (a * b + a), a, b)[0]
    assert paths == pytest.approx(grad)
    # chain-rule 'two-paths-cube': d(x * x^3)/dx = 4x^3
    assert _value_grad(lambda x: x * x ** 3, 1.3)[0] == pytest.approx(4 * 1.3 ** 3)
    # error-signal 'chain-decay': sigmoid neurons in a chain, layers 1 to 5, every weight 2,
    # the biases chosen so that every input sum is 0 for this sample: delta^1 / delta^5
    from backprop_core.engine.value import Value

    zs = [Value(0.0)]
    for _ in range(4):
        zs.append(zs[-1].sigmoid() * 2 - 1)  # z^{l+1} = w a^l + b = 2 * 0.5 - 1 = 0
    zs[-1].sigmoid().backward()  # any loss of a^5: the ratio does not depend on it
    assert [z.data for z in zs] == [0.0] * 5
    assert zs[0].grad / zs[-1].grad == pytest.approx(1 / 16)
