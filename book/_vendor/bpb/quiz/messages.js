/* What a quiz says (backprop_core.quiz.messages): the feedback after a Check, the score
 * line under a quiz, the chapter's scoreboard. `say` is the rulebook's sentences
 * (rules.js); every sentence comes from there. */

import { score, worth } from "./scoring.js";

/** The tone of the feedback: "right", "wrong" or "note" (nothing counted). */
export const tone = (outcome) => ({ right: "right", done: "right", wrong: "wrong" })[outcome] || "note";

/** messages.feedback: what Check says. `reveals`: the answer opened the next quiz's gate;
 * `problem`: why a typed number could not be read. */
export const feedback = (say, quiz, state, outcome, { reveals = false, problem = "" } = {}) => {
  const { text } = say;
  if (outcome === "invalid" || (outcome === "empty" && quiz.numeric)) {
    return problem;
  }
  if (outcome === "empty") {
    return quiz.multiple ? text.empty_several : text.empty_one;
  }
  if (outcome === "repeated") {
    return quiz.numeric ? text.repeated_number : text.repeated_choice;
  }
  const tries = state.tried.length;
  if (outcome === "wrong") {
    // what this try really cost: the penalty, or what was left of the points below it
    const before = worth(quiz, { ...state, tried: state.tried.slice(0, -1) });
    const lost = before - worth(quiz, state);
    let cost = text.wrong_free;
    if (quiz.penalty && lost) {
      cost = say.fill("wrong_penalty", { penalty: say.points(lost), worth: worth(quiz, state) });
    } else if (quiz.penalty) {
      cost = text.wrong_worthless;
    }
    return text.wrong + (quiz.multiple ? text.wrong_several : "") + cost;
  }
  let said = say.fill("right", { score: say.points(score(quiz, state)) });
  if (tries) {
    said += say.fill("right_after", { count: tries, tries: say.plural("try", tries) });
  }
  said += text.right_end;
  if (quiz.numeric) {
    said += say.fill("right_value", { value: quiz.shown });
  }
  return reveals ? said + text.right_reveals : said;
};

/** messages.status: the line under a quiz (what it is worth, or scored). */
export const status = (say, quiz, state) => {
  const values = { score: score(quiz, state), worth: worth(quiz, state), points: say.points(quiz.points) };
  if (state.solved) {
    return say.fill("status_solved", values);
  }
  return say.fill(state.tried.length && quiz.penalty ? "status_worth_now" : "status_worth", values);
};

/** messages.scoreboard: the chapter's score over `total` points and `count` questions. */
export const scoreboard = (say, { score: earned, solved }, total, count) =>
  say.fill("scoreboard", { score: earned, total: say.points(total), solved, count });
