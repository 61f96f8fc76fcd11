// The book's progress page logic (book/_vendor/bpb/quiz/progress.js): scores from stored
// progress by the chapter pages' rules, retry, export and import.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  EXPORT_FORMAT, bookTotals, canonical, chapterProgress, checksum, exportData, importData, intact, leftParts,
  reopen,
} from "../../book/_vendor/bpb/quiz/progress.js";
import { sentences } from "../../book/_vendor/bpb/quiz/rules.js";
import { RULES } from "./support/rulebook.js";

const say = sentences(RULES.text);
const chapter = (name, quizzes) => ({
  name, page: `${name}.html`, total: quizzes.reduce((s, q) => s + q.points, 0),
  quizzes: quizzes.map((q, i) => ({ key: `${name}-${i}`, penalty: 0, shownext: false, ...q })),
});
const CH = chapter("ch", [{ points: 10, penalty: 4 }, { points: 10, penalty: 4, shownext: true }, { points: 5 }]);

test("a chapter's score sums what each solved quiz is worth after its wrong tries", () => {
  const p = chapterProgress(CH, {
    "ch-0": { tried: ["1", "2"], solved: true },
    "ch-1": { tried: ["0", "1", "2"], solved: true }, // 10 - 12: the floor is 0
    "ch-2": { tried: [], solved: true },
  });
  assert.deepEqual(p, { score: 2 + 0 + 5, solved: 3, count: 3, total: 25, left: [], mistakes: [0, 1] });
});

test("nothing stored: nothing scored, everything left", () => {
  assert.deepEqual(chapterProgress(CH, {}), { score: 0, solved: 0, count: 3, total: 25, left: [0, 1, 2], mistakes: [] });
});

test("progress stored behind a closed gate counts for nothing", () => {
  // quiz 1 has \shownext and is not solved: quiz 2, behind it, holds nothing
  const p = chapterProgress(CH, { "ch-1": { tried: ["0"], solved: false }, "ch-2": { tried: ["3"], solved: true } });
  assert.deepEqual([p.score, p.solved, p.left, p.mistakes], [0, 0, [0, 1, 2], [1]]);
});

test("stored junk counts as nothing", () => {
  const p = chapterProgress(CH, { "ch-0": "solved", "ch-1": { tried: "0", solved: "true" }, "ch-2": null });
  assert.deepEqual([p.score, p.solved, p.mistakes], [0, 0, []]);
});

test("the book's totals add the chapters'", () => {
  const a = chapterProgress(CH, { "ch-0": { tried: [], solved: true } });
  const b = chapterProgress(chapter("b", [{ points: 10 }]), { "b-0": { tried: ["1"], solved: false } });
  assert.deepEqual(bookTotals([a, b]), { score: 10, total: 35, solved: 1, count: 4, mistakes: 1 });
  assert.deepEqual(bookTotals([]), { score: 0, total: 0, solved: 0, count: 0, mistakes: 0 });
});

test("what is left: nothing, everything, or the questions' numbers as links", () => {
  const p = (left, count = 3) => ({ left, count });
  assert.deepEqual(leftParts(say, p([])), [{ text: "nothing: all answered" }]);
  assert.deepEqual(leftParts(say, p([0, 1, 2])), [{ text: "all 3 questions" }]);
  assert.deepEqual(leftParts(say, p([0, 2])),
    [{ text: "questions " }, { link: 0 }, { text: ", " }, { link: 2 }]);
  assert.deepEqual(leftParts(say, p([1])), [{ text: "question " }, { link: 1 }]);
});

test("retry forgets exactly the questions with a wrong try", () => {
  const state = { "ch-0": { tried: ["1"], solved: true }, "ch-1": { tried: [], solved: true }, "other": 1 };
  const { state: kept, reopened } = reopen(CH, state);
  assert.deepEqual(reopened, [0]);
  assert.deepEqual(kept, { "ch-1": { tried: [], solved: true }, "other": 1 });
  assert.ok("ch-0" in state, "the state given is left alone");
});

const NOW = new Date(Date.UTC(2026, 11, 7, 16, 30, 5));

test("an export holds when, which book and version, every chapter's score, and its progress", () => {
  const states = { ch: { "ch-0": { tried: ["1"], solved: true } }, b: {} };
  const data = exportData([CH, chapter("b", [{ points: 10 }])], (ch) => states[ch.name],
    { now: NOW, book: "backprop-book", bookVersion: "1.2.0" });
  const { checksum: sum, ...rest } = data;
  assert.deepEqual(rest, {
    format: EXPORT_FORMAT, version: 2, book: "backprop-book", bookVersion: "1.2.0",
    exported: "2026-12-07T16:30:05.000Z",
    scores: { ch: { score: 6, total: 25, solved: 1, count: 3 }, b: { score: 0, total: 10, solved: 0, count: 1 } },
    total: { score: 6, total: 35, solved: 1, count: 4 },
    chapters: { ch: states.ch },
  });
  assert.match(sum, /^[0-9a-f]{16}$/);
  assert.equal(intact(data), true);
});

test("the checksum does not depend on key order, and any edit changes it", () => {
  assert.equal(canonical({ b: 1, a: [2, { d: "x", c: null }] }), '{"a":[2,{"c":null,"d":"x"}],"b":1}');
  assert.notEqual(checksum("ab"), checksum("ba"));
  const states = { ch: { "ch-0": { tried: ["1"], solved: true } } };
  const data = exportData([CH], (ch) => states[ch.name] || {}, { now: NOW });
  const reordered = JSON.parse(JSON.stringify({ checksum: data.checksum, ...data }));
  assert.equal(intact(reordered), true);
  for (const edit of [
    (d) => { d.chapters.ch["ch-0"].tried = []; }, // a wrong try erased
    (d) => { d.scores.ch.score = 25; },
    (d) => { d.exported = "2026-12-08T00:00:00.000Z"; },
    (d) => { d.chapters.ch["ch-2"] = { tried: [], solved: true }; },
  ]) {
    const changed = JSON.parse(JSON.stringify(data));
    edit(changed);
    assert.equal(intact(changed), false, edit.toString());
    assert.throws(() => importData(changed, [CH]), /changed after export/);
  }
  assert.equal(importData(JSON.parse(JSON.stringify(data)), [CH]).restored, 1);
});

test("a file of the first format (no checksum) still imports", () => {
  const data = { format: EXPORT_FORMAT, version: 1, chapters: { ch: { "ch-0": { tried: [], solved: true } } } };
  assert.equal(intact(data), null);
  assert.equal(importData(data, [CH]).restored, 1);
});

test("an import replaces every chapter's progress with the file's, cleaned", () => {
  const data = {
    format: EXPORT_FORMAT, version: 1,
    chapters: {
      ch: { "ch-0": { tried: ["1", "", 7], solved: true }, "ch-1": { tried: [] }, "ch-9": { solved: true }, "ch-2": "x" },
    },
  };
  const other = chapter("b", [{ points: 10 }]);
  const { states, restored } = importData(data, [CH, other]);
  assert.equal(restored, 1);
  assert.deepEqual(states, [[CH, { "ch-0": { tried: ["1"], solved: true } }], [other, {}]]);
});

test("a file that is not an export is refused", () => {
  for (const data of [null, [], { format: "other", chapters: {} }, { format: EXPORT_FORMAT }, { format: EXPORT_FORMAT, chapters: null }]) {
    assert.throws(() => importData(data, [CH]), /not an export/);
  }
});
