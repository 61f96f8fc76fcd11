/* A chapter's quizzes together (backprop_core.quiz.model.Chapter): \shownext gates and the
 * chapter's score. `entries` are a chapter's quizzes on the page, in file order, each
 * {quiz, state} (scoring.js). A quiz of the file that is not on the page is no gate. */

import { score, touched } from "./scoring.js";

/** Whether quiz number `index` shows: each quiz before it with \shownext, back to the
 * first one without (or not on the page), is solved. `at(i)` is entry i or undefined. */
export const isShown = (index, at) => {
  for (let i = index - 1; i >= 0; i -= 1) {
    const before = at(i);
    if (!before || !before.quiz.shownext) {
      return true;
    }
    if (!before.state.solved) {
      return false;
    }
  }
  return true;
};

const lookup = (entries) => {
  const byIndex = new Map(entries.map((e) => [e.quiz.index, e]));
  return (i) => byIndex.get(i);
};

/** Whether each entry shows, in the order of `entries`. */
export const shown = (entries) => {
  const at = lookup(entries);
  return entries.map((e) => isShown(e.quiz.index, at));
};

/** Whether a Check opened a gate: a quiz shown after that was hidden before. */
export const reveals = (before, after) => after.some((v, i) => v && !before[i]);

/** The entries hidden behind a closed gate that still hold progress: they start over (a
 * hidden quiz never holds points). */
export const hiddenWithProgress = (entries) => {
  const visible = shown(entries);
  return entries.filter((e, i) => !visible[i] && touched(e.state));
};

/** {score, solved} of the chapter's quizzes on the page. */
export const tally = (entries) => ({
  score: entries.reduce((sum, e) => sum + score(e.quiz, e.state), 0),
  solved: entries.filter((e) => e.state.solved).length,
});
