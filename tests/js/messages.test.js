// What a quiz says (book/_vendor/bpb/quiz/messages.js) with the book's own rulebook: the
// sentences the reader reads, checked word for word.
import assert from "node:assert/strict";
import { test } from "node:test";

import { feedback, scoreboard, status, tone } from "../../book/_vendor/bpb/quiz/messages.js";
import { sentences } from "../../book/_vendor/bpb/quiz/rules.js";
import { RULES } from "./support/rulebook.js";

const say = sentences(RULES.text);
const quiz = (over = {}) => ({ points: 10, penalty: 5, multiple: false, numeric: false, ...over });
const state = (tries, solved = false) => ({ tried: Array.from({ length: tries }, (_, i) => String(i)), solved });

test("fill replaces every {name}, plural picks one or many", () => {
  assert.equal(say.fill("progress_score", { score: 3, total: 10 }), "3 of 10");
  assert.equal(say.points(1), "1 point");
  assert.equal(say.points(0), "0 points");
  assert.equal(say.plural("try", 2), "tries");
});

test("a wrong try with a penalty says what the question is worth now", () => {
  assert.equal(feedback(say, quiz(), state(1), "wrong"), "Not right. −5 points: this question is now worth 5.");
  assert.equal(feedback(say, quiz({ penalty: 1 }), state(1), "wrong"), "Not right. −1 point: this question is now worth 9.");
});

test("a wrong try without a penalty says it cost nothing", () => {
  assert.equal(feedback(say, quiz({ penalty: 0 }), state(1), "wrong"), "Not right. Try again: wrong tries cost nothing here.");
});

test("a wrong try at a several-answer question asks for every right answer", () => {
  const said = feedback(say, quiz({ multiple: true }), state(2), "wrong");
  assert.equal(said, "Not right. Select every correct answer and no wrong one. −5 points: this question is now worth 0.");
});

test("a right answer says the score, the wrong tries before it, and what opens", () => {
  assert.equal(feedback(say, quiz(), state(0, true), "right"), "Right! +10 points.");
  assert.equal(feedback(say, quiz(), state(1, true), "right"), "Right! +5 points (after 1 wrong try).");
  assert.equal(feedback(say, quiz({ penalty: 3 }), state(2, true), "right", { reveals: true }),
    "Right! +4 points (after 2 wrong tries). The next question is now shown below.");
});

test("a right number shows the value as Python printed it, not as JavaScript would", () => {
  const q = quiz({ numeric: true, value: 999999.5, shown: "1e+06" });
  assert.equal(feedback(say, q, state(0, true), "right"), "Right! +10 points. The value computed by the book: 1e+06.");
  assert.equal(feedback(say, q, state(0, true), "done"), feedback(say, q, state(0, true), "right"));
});

test("a Check that counts nothing says so", () => {
  assert.equal(feedback(say, quiz(), state(0), "empty"), RULES.text.empty_one);
  assert.equal(feedback(say, quiz({ multiple: true }), state(0), "empty"), RULES.text.empty_several);
  assert.equal(feedback(say, quiz(), state(1), "repeated"), RULES.text.repeated_choice);
  assert.equal(feedback(say, quiz({ numeric: true }), state(1), "repeated"), RULES.text.repeated_number);
  const problem = RULES.text.number_refused;
  assert.equal(feedback(say, quiz({ numeric: true }), state(0), "invalid", { problem }), problem);
  assert.equal(feedback(say, quiz({ numeric: true }), state(0), "empty", { problem: "Type!" }), "Type!");
});

test("the feedback's tone: right, wrong, or a note for what counts nothing", () => {
  assert.deepEqual(["right", "done", "wrong", "repeated", "empty", "invalid"].map(tone),
    ["right", "right", "wrong", "note", "note", "note"]);
});

test("the line under a quiz: worth, worth now after a penalty, scored", () => {
  assert.equal(status(say, quiz(), state(0)), "Worth 10 points.");
  assert.equal(status(say, quiz(), state(1)), "Now worth 5 of 10 points.");
  assert.equal(status(say, quiz({ penalty: 0 }), state(1)), "Worth 10 points.");
  assert.equal(status(say, quiz(), state(1, true)), "Scored 5 of 10 points.");
  assert.equal(status(say, quiz({ points: 1, penalty: 0 }), state(0)), "Worth 1 point.");
});

test("the chapter's scoreboard", () => {
  assert.equal(scoreboard(say, { score: 15, solved: 2 }, 40, 4),
    "Chapter score: 15 of 40 points · 2 of 4 questions answered");
});

test("a wrong try costs only what was left, and nothing once the question is worth 0", () => {
  // 10 points, penalty 4: tries cost 4, 4, then the 2 left, then nothing
  assert.equal(feedback(say, quiz({ penalty: 4 }), state(2), "wrong"),
    "Not right. −4 points: this question is now worth 2.");
  assert.equal(feedback(say, quiz({ penalty: 4 }), state(3), "wrong"),
    "Not right. −2 points: this question is now worth 0.");
  assert.equal(feedback(say, quiz({ penalty: 4 }), state(4), "wrong"),
    "Not right. This question is already worth 0 points: a wrong try costs nothing more.");
});
