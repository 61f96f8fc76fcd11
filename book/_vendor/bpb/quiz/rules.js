/* The quiz rulebook's sentences (backprop_core.quiz.rulebook): every sentence the quizzes
 * show is a template of the rulebook, which the page carries as JSON; this file has no
 * sentence of its own. */

/** The rulebook a page carries in <script class="bpb-quiz-rules">, or null. */
export const readRules = (doc) => {
  const block = doc.querySelector("script.bpb-quiz-rules");
  return block ? JSON.parse(block.textContent) : null;
};

/** The sentences of a rulebook's `text`: fill (rulebook.fill), plural and points. */
export const sentences = (text) => {
  // backprop_core.quiz.rulebook.fill: the sentence `key` with each {name} replaced
  const fill = (key, values = {}) =>
    text[key].replace(/\{(\w+)\}/g, (whole, name) => String(values[name]));
  const plural = (key, n) => fill(n === 1 ? `${key}_one` : `${key}_many`, { n });
  const points = (n) => plural("points", n);
  return { text, fill, plural, points };
};
