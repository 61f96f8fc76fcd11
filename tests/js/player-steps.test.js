// What a step-through player shows at a step (book/_vendor/bpb/player/steps.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { clampStep, parseSteps, showsAt, span, stepForKey, stepStatus } from "../../book/_vendor/bpb/player/steps.js";

test("a list of steps is read from its attribute", () => {
  assert.deepEqual(parseSteps("0 3  12"), [0, 3, 12]);
  assert.deepEqual(parseSteps(""), []);
  assert.deepEqual(parseSteps(null), []);
});

test("a label shows from its first step to its last, or to the end", () => {
  const until = span("2", "4");
  assert.deepEqual([1, 2, 4, 5].map((s) => showsAt(until, s)), [false, true, true, false]);
  const forever = span("3", null);
  assert.deepEqual([2, 3, 1000].map((s) => showsAt(forever, s)), [false, true, true]);
});

test("steps stay between the first and the last", () => {
  assert.deepEqual([-1, 0, 5, 9, 10].map((s) => clampStep(s, 10)), [0, 0, 5, 9, 9]);
});

test("the status line counts from 1 and names the phase", () => {
  assert.equal(stepStatus(0, 12, "forward"), "1 / 12 (forward)");
  assert.equal(stepStatus(11, 12, "backward"), "12 / 12 (backward)");
  assert.equal(stepStatus(12, 13, "parameter"), "13 / 13 (gradients for training)");
});

test("arrow keys step, Home and End jump, other keys do nothing", () => {
  assert.equal(stepForKey("ArrowRight", 3, 10), 4);
  assert.equal(stepForKey("ArrowLeft", 3, 10), 2);
  assert.equal(stepForKey("Home", 3, 10), 0);
  assert.equal(stepForKey("End", 3, 10), 9);
  assert.equal(stepForKey("a", 3, 10), null);
  assert.equal(stepForKey("toString", 3, 10), null);
});
