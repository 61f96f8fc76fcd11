/* "Predict, then see" in a step-through player (backprop_core.figures.player.predict): no
 * DOM here. Before a backward step shows an adjoint (or a parameter step a ∂C/∂w), the
 * reader types the value; it is read and judged like a numeric quiz (quiz/numbers.js,
 * quiz/scoring.js), and a wrong number that is a known slip gets that slip's hint. The
 * page carries the predictions as JSON: {chapter, points, penalty, tolerance, relative,
 * items: [{step, key, question, value, shown, otherwise, hints: [{value, text}]}]}. */

import { checkNumber, score } from "../quiz/scoring.js";

/** A prediction as the quiz modules see a numeric question. */
export const asQuiz = (data, item) => ({
  key: item.key, numeric: true, multiple: false, points: data.points, penalty: data.penalty,
  value: item.value, shown: item.shown, tolerance: data.tolerance, relative: data.relative,
});

/** The prediction that the step after `current` waits for: one not yet answered, or null. */
export const pendingAt = (items, current, answered) =>
  items.find((item) => item.step === current + 1 && !answered.has(item.step)) || null;

/** What a wrong number is told: the hint of the slip it matches, else the item's reminder. */
export const hintFor = (data, item, value, reader) => {
  const slip = item.hints.find((h) => reader.within(value, h.value, data.tolerance, data.relative));
  return slip ? slip.text : item.otherwise;
};

/** One Check: checkNumber's {state, outcome, problem} and, for a wrong number, its hint. */
export const judge = (data, item, state, text, reader) => {
  const result = checkNumber(asQuiz(data, item), state, text, reader);
  const hint = result.outcome === "wrong" ? hintFor(data, item, reader.readNumber(text).value, reader) : "";
  return { ...result, hint };
};

/** {score, solved, count} of a player's predictions, from their states ({key: state}). */
export const predictionScore = (data, states) => data.items.reduce((sum, item) => {
  const state = states[item.key];
  return {
    score: sum.score + (state ? score(asQuiz(data, item), state) : 0),
    solved: sum.solved + (state && state.solved ? 1 : 0),
    count: sum.count + 1,
  };
}, { score: 0, solved: 0, count: 0 });
