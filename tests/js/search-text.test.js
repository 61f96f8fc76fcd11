// Search snippets: a formula's TeX as readable text (book/_vendor/bpb/search-text.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { SEARCH_DROP, texToText } from "../../book/_vendor/bpb/search-text.js";

test("a fraction of partials reads as a quotient of symbols", () => {
  assert.equal(texToText("\\(\\frac{\\partial C}{\\partial w}\\)"), "(∂ C)/(∂ w)");
  assert.equal(texToText("$$\\dfrac{1}{2}$$"), "(1)/(2)");
});

test("font commands keep their argument; groups of several characters keep their grouping", () => {
  assert.equal(texToText("\\mathbf{W}^{l+1}"), "W^(l+1)");
  assert.equal(texToText("x^{2}"), "x^2");
  assert.equal(texToText("x \\in \\mathbb{R}"), "x ∈ ℝ");
});

test("Greek letters and operators become their symbols; unknown commands vanish", () => {
  assert.equal(texToText("\\delta^l = \\sigma'(z) \\odot a"), "δ^l = σ'(z) ⊙ a");
  assert.equal(texToText("a \\quad \\unknowncommand b"), "a b");
  assert.equal(texToText("a \\\\ b & c"), "a b c");
});

test("nested fractions are read from the inside out", () => {
  assert.equal(texToText("\\frac{\\frac{a}{b}}{c}"), "((a)/(b))/(c)");
});

test("snippets leave out the quiz's controls and feedback", () => {
  for (const part of [".bpb-quiz-feedback", ".bpb-quiz-actions", ".bpb-player-controls", "script"]) {
    assert.ok(SEARCH_DROP.includes(part), part);
  }
});
