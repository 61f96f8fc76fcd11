// A chapter's \shownext gates and score (book/_vendor/bpb/quiz/gates.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { hiddenWithProgress, isShown, reveals, shown, tally } from "../../book/_vendor/bpb/quiz/gates.js";

// quiz i of a chapter: 10 points, 5 per wrong try, a gate when `gate`
const entry = (index, { gate = false, solved = false, tried = [] } = {}) => ({
  quiz: { index, key: `q${index}`, points: 10, penalty: 5, shownext: gate },
  state: { tried, solved },
});

test("without gates every quiz shows", () => {
  assert.deepEqual(shown([entry(0), entry(1), entry(2)]), [true, true, true]);
});

test("a gate hides the next quiz until it is solved", () => {
  assert.deepEqual(shown([entry(0, { gate: true }), entry(1)]), [true, false]);
  assert.deepEqual(shown([entry(0, { gate: true, solved: true }), entry(1)]), [true, true]);
});

test("gates chain: every gate before a quiz, back to the first without one, must be solved", () => {
  const chain = (s0, s1) => [entry(0, { gate: true, solved: s0 }), entry(1, { gate: true, solved: s1 }), entry(2)];
  assert.deepEqual(shown(chain(false, false)), [true, false, false]);
  assert.deepEqual(shown(chain(true, false)), [true, true, false]);
  assert.deepEqual(shown(chain(true, true)), [true, true, true]);
  // a quiz without a gate ends the chain: what comes before it does not matter after it
  const broken = [entry(0, { gate: true }), entry(1), entry(2)];
  assert.deepEqual(shown(broken), [true, false, true]);
});

test("a gate whose quiz is not on the page is open", () => {
  // quizzes 2 and 3 of a file on a page without quiz 1 (a gate in the file)
  assert.deepEqual(shown([entry(2), entry(3)]), [true, true]);
  assert.equal(isShown(2, () => undefined), true);
});

test("isShown looks back by index, not by position on the page", () => {
  const byIndex = new Map([[4, entry(4, { gate: true })], [5, entry(5)]]);
  assert.equal(isShown(5, (i) => byIndex.get(i)), false);
  assert.equal(isShown(0, () => { throw new Error("quiz 0 has nothing before it"); }), true);
});

test("a Check reveals when a quiz hidden before shows after", () => {
  assert.equal(reveals([true, false], [true, true]), true);
  assert.equal(reveals([true, true], [true, true]), false);
  assert.equal(reveals([true, true, false], [true, false, false]), false);
});

test("quizzes hidden behind a closed gate with progress start over; shown ones keep theirs", () => {
  const entries = [
    entry(0, { gate: true, tried: ["1"] }),
    entry(1, { solved: true }),
    entry(2, { gate: true }),
    entry(3, { tried: ["0"] }),
  ];
  assert.deepEqual(hiddenWithProgress(entries).map((e) => e.quiz.index), [1, 3]);
  // hidden with nothing to lose: left alone
  assert.deepEqual(hiddenWithProgress([entry(0, { gate: true }), entry(1)]), []);
});

test("the chapter's score sums the solved quizzes' worth", () => {
  const entries = [entry(0, { solved: true }), entry(1, { solved: true, tried: ["0", "2"] }),
    entry(2, { solved: true, tried: ["0", "2", "3"] }), entry(3, { tried: ["1"] })];
  assert.deepEqual(tally(entries), { score: 10 + 0 + 0, solved: 3 });
  assert.deepEqual(tally([entry(0, { solved: true, tried: ["1"] })]), { score: 5, solved: 1 });
  assert.deepEqual(tally([]), { score: 0, solved: 0 });
});
