// One quiz's rules (book/_vendor/bpb/quiz/scoring.js): what a Check does and scores.
import assert from "node:assert/strict";
import { test } from "node:test";

import { numberReader } from "../../book/_vendor/bpb/quiz/numbers.js";
import { sentences } from "../../book/_vendor/bpb/quiz/rules.js";
import {
  checkChoice, checkNumber, fresh, restored, score, selectionKey, settingsOf, touched, worth,
} from "../../book/_vendor/bpb/quiz/scoring.js";
import { RULES } from "./support/rulebook.js";

const reader = numberReader(RULES.number, sentences(RULES.text));
const choice = (over = {}) => ({ points: 10, penalty: 3, multiple: false, correct: "1", numeric: false, ...over });
const numeric = (over = {}) => ({
  points: 10, penalty: 5, correct: "", numeric: true, value: 10.5, tolerance: 0.01, relative: true, ...over,
});

test("settings are read from the section's data attributes", () => {
  const quiz = settingsOf({
    bpbKey: "k1", bpbChapter: "ch", bpbIndex: "3", bpbPoints: "10", bpbPenalty: "", bpbShownext: "true",
    bpbMultiple: "false", bpbCorrect: "0,2", bpbKind: "number", bpbValue: "0.83994868322805227",
    bpbShown: "0.839949", bpbTolerance: "0.005", bpbRelative: "true",
  });
  assert.deepEqual(quiz, {
    key: "k1", chapter: "ch", index: 3, points: 10, penalty: 0, shownext: true, multiple: false,
    correct: "0,2", numeric: true, value: 0.83994868322805227, shown: "0.839949", tolerance: 0.005, relative: true,
  });
  assert.equal(settingsOf({ bpbShownext: "false", bpbKind: undefined }).shownext, false);
  assert.equal(settingsOf({ bpbKind: undefined }).numeric, false);
});

test("a quiz is worth its points less the penalty per wrong try, never below zero", () => {
  const quiz = choice({ points: 10, penalty: 4 });
  const tried = (n) => ({ tried: Array.from({ length: n }, (_, i) => String(i)), solved: false });
  assert.deepEqual([0, 1, 2, 3, 9].map((n) => worth(quiz, tried(n))), [10, 6, 2, 0, 0]);
});

test("without a penalty, wrong tries cost nothing", () => {
  assert.equal(worth(choice({ penalty: 0 }), { tried: ["0", "2"], solved: false }), 10);
});

test("a quiz holds its worth only once solved", () => {
  const quiz = choice();
  assert.equal(score(quiz, { tried: ["0"], solved: false }), 0);
  assert.equal(score(quiz, { tried: ["0"], solved: true }), 7);
  assert.equal(score(quiz, { tried: [], solved: true }), 10);
});

test("a selection's key is its indices, sorted numerically", () => {
  assert.equal(selectionKey(["2", "0"]), "0,2");
  assert.equal(selectionKey(["10", "9"]), "9,10");
  assert.equal(selectionKey([]), "");
});

test("right at the first try earns full points", () => {
  const { state, outcome } = checkChoice(choice(), fresh(), "1");
  assert.equal(outcome, "right");
  assert.equal(score(choice(), state), 10);
});

test("a wrong answer is a try; the same answer again costs nothing", () => {
  const quiz = choice();
  const first = checkChoice(quiz, fresh(), "0");
  assert.equal(first.outcome, "wrong");
  assert.deepEqual(first.state.tried, ["0"]);
  const again = checkChoice(quiz, first.state, "0");
  assert.equal(again.outcome, "repeated");
  assert.deepEqual(again.state.tried, ["0"]);
  const other = checkChoice(quiz, again.state, "2");
  assert.deepEqual(other.state.tried, ["0", "2"]);
  const right = checkChoice(quiz, other.state, "1");
  assert.equal(right.outcome, "right");
  assert.equal(score(quiz, right.state), 4);
});

test("nothing selected costs nothing", () => {
  const { state, outcome } = checkChoice(choice(), fresh(), "");
  assert.equal(outcome, "empty");
  assert.deepEqual(state, fresh());
});

test("once solved, a Check changes nothing", () => {
  const solved = { tried: ["0"], solved: true };
  assert.deepEqual(checkChoice(choice(), solved, "0"), { state: solved, outcome: "done" });
});

test("a Check leaves the state it is given alone", () => {
  const state = fresh();
  checkChoice(choice(), state, "0");
  checkChoice(choice(), state, "1");
  assert.deepEqual(state, fresh());
});

test("several right answers: exactly the right set, in any order", () => {
  const quiz = choice({ multiple: true, correct: "0,2" });
  assert.equal(checkChoice(quiz, fresh(), "0").outcome, "wrong"); // one of two
  assert.equal(checkChoice(quiz, fresh(), "0,1,2").outcome, "wrong"); // and a wrong one
  assert.equal(checkChoice(quiz, fresh(), selectionKey(["2", "0"])).outcome, "right");
});

test("a typed number within the tolerance is right", () => {
  const { outcome, state } = checkNumber(numeric(), fresh(), "10.55", reader);
  assert.equal(outcome, "right");
  assert.equal(state.solved, true);
  assert.equal(checkNumber(numeric(), fresh(), "21/2", reader).outcome, "right");
});

test("a number outside the tolerance is a try, by its value: 0.5 and 1/2 are the same try", () => {
  const quiz = numeric();
  const first = checkNumber(quiz, fresh(), "0.5", reader);
  assert.equal(first.outcome, "wrong");
  assert.deepEqual(first.state.tried, ["0.5"]);
  const same = checkNumber(quiz, first.state, "1/2", reader);
  assert.equal(same.outcome, "repeated");
  assert.equal(worth(quiz, same.state), 5);
});

test("what is not a number costs nothing and says why", () => {
  const quiz = numeric();
  const comma = checkNumber(quiz, fresh(), "10,5", reader);
  assert.deepEqual(comma, { state: fresh(), outcome: "invalid", problem: RULES.text.number_refused });
  const blank = checkNumber(quiz, fresh(), "   ", reader);
  assert.deepEqual(blank, { state: fresh(), outcome: "empty", problem: RULES.text.number_empty });
  assert.equal(checkNumber(quiz, fresh(), "ten", reader).outcome, "invalid");
});

test("stored progress is cleaned: only distinct wrong answers, solved only when true", () => {
  const quiz = choice({ correct: "1" });
  assert.deepEqual(restored(quiz, { tried: ["0", "0", "", 3, null, "1", "2"], solved: true }),
    { tried: ["0", "2"], solved: true });
  assert.deepEqual(restored(quiz, { tried: "0", solved: "true" }), fresh());
  for (const junk of [null, undefined, 7, "x"]) {
    assert.deepEqual(restored(quiz, junk), fresh());
  }
});

test("a state is worth keeping once it has a try or is solved", () => {
  assert.equal(touched(fresh()), false);
  assert.equal(touched({ tried: ["0"], solved: false }), true);
  assert.equal(touched({ tried: [], solved: true }), true);
});
