// The printed answer key (book/_vendor/bpb/quiz/key.js): built from the quiz's data, lettered
// by the place each option is printed at, whatever the display order.
import assert from "node:assert/strict";
import { test } from "node:test";

import { keyEntry, letter, unfill } from "../../book/_vendor/bpb/quiz/key.js";
import { sentences } from "../../book/_vendor/bpb/quiz/rules.js";
import { RULES } from "./support/rulebook.js";

const choice = (correct, over = {}) => ({ key: "k", numeric: false, correct, ...over });

test("letters follow the printed place: a, b, ..., z, aa", () => {
  assert.deepEqual([0, 1, 2, 25, 26, 27].map(letter), ["a", "b", "c", "z", "aa", "ab"]);
});

test("the key names the correct option by where it is printed, not by its index in the file", () => {
  // file order 0..3, printed as 2, 0, 3, 1: the correct answer (file index 0) is printed second
  const entry = keyEntry(choice("0"), ["2", "0", "3", "1"]);
  assert.deepEqual(entry, { numeric: false, picks: [{ value: "0", letter: "b", place: 1 }] });
  // the old key lettered by file index: it would have said (a), the option printed first
  assert.notEqual(entry.picks[0].letter, letter(0));
});

test("several correct answers are named in the printed order", () => {
  const entry = keyEntry(choice("1,3"), ["3", "0", "1", "2"]);
  assert.deepEqual(entry.picks.map((p) => p.letter), ["a", "c"]);
  assert.deepEqual(entry.picks.map((p) => p.value), ["3", "1"]);
});

test("a correct answer that is not printed is an error, not a wrong key", () => {
  assert.throws(() => keyEntry(choice("4"), ["0", "1", "2"]), /not all printed/);
});

test("a numeric question gives its printed value and its tolerance", () => {
  const quiz = { key: "n", numeric: true, shown: "0.25", correct: "" };
  assert.deepEqual(keyEntry(quiz, [], "within 1%"), { numeric: true, value: "0.25", tolerance: "within 1%" });
});

test("the tolerance is read back from the input's label with the rulebook's own template", () => {
  const say = sentences(RULES.text);
  for (const tolerance of ["within 0.5%", "within ±0.01", "only the exact value"]) {
    const label = say.fill("your_number", { tolerance });
    assert.equal(unfill(RULES.text.your_number, label), tolerance);
  }
  assert.equal(unfill(RULES.text.your_number, "something else"), null);
});
