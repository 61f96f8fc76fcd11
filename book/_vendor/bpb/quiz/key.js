/* The printed answer key (print.js), from each quiz's own data, never from positions on
 * screen: a choice question names the options its data marks correct (data-bpb-correct:
 * indices in the quiz file), each by the letter of the place it is printed at (options are
 * shown in a shuffled display order); a numeric question gives its value as the page prints
 * it and its tolerance. Pure: the DOM work is in print.js. */

/** The letter of the n-th printed option (0-based): a, b, ..., z, aa, ab, ... */
export const letter = (n) => (n < 26
  ? String.fromCharCode(97 + n)
  : letter(Math.floor(n / 26) - 1) + letter(n % 26));

/** The {name} slot of a rulebook template read back from a sentence made from it, or null:
 * unfill("Your answer ({tolerance}): ", "Your answer (within 1%): ") is "within 1%". */
export const unfill = (template, sentence) => {
  const parts = template.split(/\{\w+\}/);
  if (parts.length !== 2) {
    return null;
  }
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`^${escape(parts[0].trim())}(.*)${escape(parts[1].trim())}$`, "s")
    .exec(sentence.trim());
  return match ? match[1] : null;
};

/** One quiz's entry in the key. `quiz`: its settings (scoring.settingsOf); `printed`: the
 * option values (file indices as strings) in the order they are printed; `tolerance`: the
 * phrase the page states for a numeric question ("within 0.5%").
 *   -> {numeric: true, value, tolerance} or {numeric: false, picks: [{value, letter, place}]} */
export const keyEntry = (quiz, printed, tolerance = "") => {
  if (quiz.numeric) {
    return { numeric: true, value: quiz.shown, tolerance };
  }
  const correct = String(quiz.correct).split(",").filter(Boolean);
  const picks = printed
    .map((value, place) => ({ value: String(value), letter: letter(place), place }))
    .filter((option) => correct.includes(option.value));
  if (picks.length !== correct.length) {
    throw new Error(`quiz ${quiz.key}: the correct answers ${quiz.correct} are not all printed`);
  }
  return { numeric: false, picks };
};
