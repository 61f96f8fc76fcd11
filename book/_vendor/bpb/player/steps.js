/* What a step-through player shows at a step (markup made by backprop_core.figures.player): no DOM
 * here. Every label of the drawing carries the steps in which it shows (data-from, and
 * data-to unless it stays to the end) or is highlighted (data-on, a list of steps). */

/** A list of steps written "0 3 4" as numbers. */
export const parseSteps = (text) => (text || "").split(" ").filter(Boolean).map(Number);

/** {from, to} of a label from its data-from and data-to (null: to the end). */
export const span = (from, to) => ({ from: Number(from), to: to === null ? Infinity : Number(to) });

/** Whether a label with `span` shows at `step`. */
export const showsAt = ({ from, to }, step) => step >= from && step <= to;

/** A step number kept between the first step (0) and the last (count - 1). */
export const clampStep = (step, count) => Math.max(0, Math.min(count - 1, step));

// the phase of a step (its caption's data-phase) as the status line names it
const PHASE_WORDS = { forward: "forward", backward: "backward", parameter: "gradients for training" };

/** The status line: "3 / 12 (backward)". */
export const stepStatus = (step, count, phase) => `${step + 1} / ${count} (${PHASE_WORDS[phase] || phase})`;

/** The step an arrow, Home or End key moves to from `step`, or null for another key. */
export const stepForKey = (key, step, count) => {
  const moves = { ArrowRight: step + 1, ArrowLeft: step - 1, Home: 0, End: count - 1 };
  return Object.hasOwn(moves, key) ? moves[key] : null;
};
