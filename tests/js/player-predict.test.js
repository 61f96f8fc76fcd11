// "Predict, then see" in a step-through player (book/_vendor/bpb/player/predict.js) and
// how the progress page counts the predictions (quiz/progress.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { asQuiz, hintFor, judge, pendingAt, predictionScore } from "../../book/_vendor/bpb/player/predict.js";
import { exportData, importData, playerProgress } from "../../book/_vendor/bpb/quiz/progress.js";
import { numberReader } from "../../book/_vendor/bpb/quiz/numbers.js";
import { sentences } from "../../book/_vendor/bpb/quiz/rules.js";
import { fresh } from "../../book/_vendor/bpb/quiz/scoring.js";
import { RULES } from "./support/rulebook.js";

const say = sentences(RULES.text);
const reader = numberReader(RULES.number, say);
const DATA = {
  chapter: "computational-graph", points: 2, penalty: 1, tolerance: 0.01, relative: true,
  text: {},
  items: [
    { step: 8, key: "player:t:8", question: "Predict c̄.", value: 3, shown: "3", otherwise: "c̄ += ō · ∂o/∂c.",
      hints: [{ value: 6, text: "That is ō = ∂o/∂o: you still need the factor ∂o/∂c = 0.5." }] },
    { step: 9, key: "player:t:9", question: "Predict ā.", value: 10.5, shown: "10.5", otherwise: "ā += c̄ · ∂c/∂a.",
      hints: [{ value: 3, text: "That is the term alone: add the 7.5 ā already holds." }] },
  ],
};

test("the step after the current one waits for its prediction until it is answered", () => {
  assert.equal(pendingAt(DATA.items, 7, new Set()).key, "player:t:8");
  assert.equal(pendingAt(DATA.items, 7, new Set([8])), null);
  assert.equal(pendingAt(DATA.items, 8, new Set([8])).key, "player:t:9");
  assert.equal(pendingAt(DATA.items, 3, new Set()), null);
});

test("a prediction is read and judged like a numeric quiz, with the quiz's tolerance", () => {
  const [item] = DATA.items;
  assert.equal(judge(DATA, item, fresh(), "3.02", reader).outcome, "right"); // within 1 %
  assert.equal(judge(DATA, item, fresh(), "3.1", reader).outcome, "wrong");
  const comma = judge(DATA, item, fresh(), "3,0", reader);
  assert.equal(comma.outcome, "invalid");
  assert.equal(comma.problem, RULES.text.number_refused);
  assert.equal(judge(DATA, item, fresh(), "", reader).outcome, "empty");
  assert.equal(asQuiz(DATA, item).numeric, true);
});

test("a wrong number that is a known slip gets that slip's hint, any other the reminder", () => {
  const [item, second] = DATA.items;
  assert.equal(judge(DATA, item, fresh(), "6", reader).hint, item.hints[0].text);
  assert.equal(judge(DATA, item, fresh(), "5.99", reader).hint, item.hints[0].text);
  assert.equal(judge(DATA, item, fresh(), "42", reader).hint, item.otherwise);
  assert.equal(hintFor(DATA, second, 3, reader), second.hints[0].text);
  assert.equal(judge(DATA, item, fresh(), "3", reader).hint, "");
});

test("wrong tries cost the penalty, a repeated one nothing, and the score sums the right ones", () => {
  const [item, second] = DATA.items;
  let state = judge(DATA, item, fresh(), "6", reader).state;
  const again = judge(DATA, item, state, "6", reader);
  assert.equal(again.outcome, "repeated");
  state = judge(DATA, item, state, "3", reader).state;
  const states = { [item.key]: state, [second.key]: judge(DATA, second, fresh(), "10.5", reader).state };
  assert.deepEqual(predictionScore(DATA, states), { score: 1 + 2, solved: 2, count: 2 });
  assert.deepEqual(predictionScore(DATA, {}), { score: 0, solved: 0, count: 2 });
});

test("the progress page counts a chapter's predictions beside its quizzes", () => {
  const state = {
    "ch-0": { tried: [], solved: true }, // a quiz: not a prediction
    "player:t:8": { tried: ["6"], solved: true },
    "player:t:9": { tried: [], solved: true },
    "player:t:10": { tried: ["1", "2"], solved: false },
    "player:t:11": { tried: ["1", "2", "3"], solved: true }, // worth nothing left
    "player:bad": "junk",
  };
  assert.deepEqual(playerProgress(state, { points: 2, penalty: 1 }), { score: 3, solved: 3 });
  assert.deepEqual(playerProgress({}, { points: 2, penalty: 1 }), { score: 0, solved: 0 });
});

test("export and import keep the predictions with the chapter's quizzes", () => {
  const ch = { name: "ch", page: "ch.html", total: 10, quizzes: [{ key: "ch-0", points: 10, penalty: 0, shownext: false }] };
  const state = { "ch-0": { tried: [], solved: true }, "player:t:8": { tried: ["6"], solved: true } };
  const data = exportData([ch], () => state, { now: new Date(0) });
  const { states, restored } = importData(JSON.parse(JSON.stringify(data)), [ch]);
  assert.equal(restored, 2);
  assert.deepEqual(states[0][1], state);
});
