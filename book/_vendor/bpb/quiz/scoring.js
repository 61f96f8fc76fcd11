/* One quiz's rules (backprop_core.quiz.model): what a Check does, and what it scores.
 *
 *   score = max(0, points - penalty * wrong tries), earned when answered right;
 *
 * a try is a Check with an answer not found wrong before (an empty, unreadable or repeated
 * answer costs nothing). A quiz's settings are read once from its data-bpb-* attributes;
 * its state is {tried: [answer keys], solved}; every function here returns a new state and
 * leaves the one it is given alone. */

/** The settings of a quiz from its <section>'s dataset (written by quiz/static.py). */
export const settingsOf = (d) => ({
  key: d.bpbKey,
  chapter: d.bpbChapter,
  index: parseInt(d.bpbIndex, 10),
  points: parseInt(d.bpbPoints, 10),
  penalty: parseInt(d.bpbPenalty, 10) || 0,
  shownext: d.bpbShownext === "true",
  multiple: d.bpbMultiple === "true",
  correct: d.bpbCorrect, // the right answers' indices in the file, sorted: "0,2"
  numeric: d.bpbKind === "number",
  value: parseFloat(d.bpbValue),
  shown: d.bpbShown, // the expected value as Python prints it (numbers.format_value)
  tolerance: parseFloat(d.bpbTolerance),
  relative: d.bpbRelative === "true",
});

export const fresh = () => ({ tried: [], solved: false });

/** What a right answer earns now. */
export const worth = (quiz, state) => Math.max(0, quiz.points - quiz.penalty * state.tried.length);

/** What the quiz holds: its worth once solved, else nothing. */
export const score = (quiz, state) => (state.solved ? worth(quiz, state) : 0);

/** The answer key of a selection: the file indices, sorted, as "0,2" ("" for none). */
export const selectionKey = (values) =>
  values.map((v) => parseInt(v, 10)).sort((a, b) => a - b).join(",");

const tryAnswer = (state, key) => (state.tried.includes(key)
  ? { state, outcome: "repeated" }
  : { state: { ...state, tried: [...state.tried, key] }, outcome: "wrong" });

/** One Check of a multiple-choice quiz with the selection `chosen` (selectionKey):
 * {state, outcome}, outcome one of "done", "empty", "right", "repeated", "wrong". */
export const checkChoice = (quiz, state, chosen) => {
  if (state.solved) {
    return { state, outcome: "done" };
  }
  if (!chosen) {
    return { state, outcome: "empty" };
  }
  if (chosen === quiz.correct) {
    return { state: { ...state, solved: true }, outcome: "right" };
  }
  return tryAnswer(state, chosen);
};

/** One Check of a numeric quiz with the typed `text`, read by `reader` (numbers.js):
 * {state, outcome, problem}; outcome "invalid" or "empty" comes with the reader's problem. */
export const checkNumber = (quiz, state, text, reader) => {
  if (state.solved) {
    return { state, outcome: "done", problem: "" };
  }
  const reading = reader.readNumber(text);
  if (reading.problem) {
    return { state, outcome: reader.trim(text) ? "invalid" : "empty", problem: reading.problem };
  }
  if (reader.within(reading.value, quiz.value, quiz.tolerance, quiz.relative)) {
    return { state: { ...state, solved: true }, outcome: "right", problem: "" };
  }
  return { ...tryAnswer(state, String(reading.value)), problem: "" };
};

/** The state kept in storage for this quiz, cleaned: wrong tries are distinct non-empty
 * strings other than the right answer; solved only when exactly true. */
export const restored = (quiz, saved) => {
  const state = fresh();
  if (!saved || typeof saved !== "object") {
    return state;
  }
  if (Array.isArray(saved.tried)) {
    for (const key of saved.tried) {
      if (typeof key === "string" && key && key !== quiz.correct && !state.tried.includes(key)) {
        state.tried.push(key);
      }
    }
  }
  state.solved = saved.solved === true;
  return state;
};

/** Whether a state holds anything worth keeping (a wrong try or a right answer). */
export const touched = (state) => state.solved || state.tried.length > 0;
