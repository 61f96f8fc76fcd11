// Reading typed numbers and judging them (book/_vendor/bpb/quiz/numbers.js), by the
// rulebook's rules, as backprop_core.quiz.numbers does.
import assert from "node:assert/strict";
import { test } from "node:test";

import { numberReader } from "../../book/_vendor/bpb/quiz/numbers.js";
import { sentences } from "../../book/_vendor/bpb/quiz/rules.js";
import { RULES } from "./support/rulebook.js";

const say = sentences(RULES.text);
const { readNumber, within, trim } = numberReader(RULES.number, say);

test("decimals, signs, exponents and a leading point read as numbers", () => {
  for (const [text, value] of [["10.5", 10.5], ["-0.25", -0.25], ["+3", 3], [".5", 0.5],
    ["5.", 5], ["1e-3", 0.001], ["2E+2", 200], [" 7 ", 7], ["\t42\n", 42]]) {
    assert.deepEqual(readNumber(text), { value }, text);
  }
});

test("the minus sign U+2212 counts as a minus", () => {
  assert.deepEqual(readNumber("\u22123.5"), { value: -3.5 });
});

test("a fraction reads as its quotient, spaces around the slash allowed", () => {
  assert.deepEqual(readNumber("21/2"), { value: 10.5 });
  assert.deepEqual(readNumber("1 / 4"), { value: 0.25 });
  assert.deepEqual(readNumber("-3/-4"), { value: 0.75 });
});

test("a fraction over zero is not a number", () => {
  const reading = readNumber("1/0");
  assert.equal(reading.value, undefined);
  assert.match(reading.problem, /“1\/0” is not a number/);
});

test("a comma is refused with its own sentence, whatever else is there", () => {
  assert.deepEqual(readNumber("10,5"), { problem: RULES.text.number_refused });
  assert.deepEqual(readNumber("1,000"), { problem: RULES.text.number_refused });
});

test("an empty or blank entry asks for a number", () => {
  assert.deepEqual(readNumber(""), { problem: RULES.text.number_empty });
  assert.deepEqual(readNumber("  \t "), { problem: RULES.text.number_empty });
  assert.equal(trim("  \t "), "");
});

test("anything else is not a number, quoted back with the examples", () => {
  for (const text of ["abc", "2*3", "1e", "--1", "0x10", "Infinity", "NaN", "1e999"]) {
    const { problem } = readNumber(text);
    assert.equal(problem, say.fill("number_invalid", { entry: text, examples: RULES.text.number_examples }), text);
  }
});

test("a long entry is quoted cut at shown_max code points, with an ellipsis", () => {
  const max = RULES.number.shown_max;
  const long = "\u{1d7d8}".repeat(max + 1); // one code point, two UTF-16 units each
  const { problem } = readNumber(long);
  const shown = "\u{1d7d8}".repeat(max - 1) + RULES.text.ellipsis;
  assert.ok(problem.includes(`“${shown}”`), problem);
  const exact = "x".repeat(max);
  assert.ok(readNumber(exact).problem.includes(`“${exact}”`));
});

test("minus zero reads as zero", () => {
  assert.ok(Object.is(readNumber("-0").value, 0));
});

test("a relative tolerance scales with the expected value, boundary included", () => {
  assert.equal(within(100.5, 100, 0.005, true), true);
  assert.equal(within(100.51, 100, 0.005, true), false);
  assert.equal(within(-99.5, -100, 0.005, true), true);
});

test("an absolute tolerance does not scale", () => {
  assert.equal(within(1000.01, 1000, 0.01, false), true);
  assert.equal(within(1000.02, 1000, 0.01, false), false);
});

test("a zero tolerance still forgives floating-point noise, and nothing more", () => {
  assert.equal(within(0.1 + 0.2, 0.3, 0, false), true);
  assert.equal(within(32, 32, 0, false), true);
  assert.equal(within(32.000001, 32, 0, false), false);
});
