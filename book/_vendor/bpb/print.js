/* Printing a chapter (the browser's Print, and `make pdf`: tools/make_pdf.py fires
 * `beforeprint` too), with print.css:
 * - every printed option of a quiz is lettered (a), (b), ... in the order it is printed;
 * - an answer key ends the chapter, built from each quiz's data (quiz/key.js), so that it
 *   names the option the site marks correct whatever the display order;
 * - on `beforeprint` the page takes the light palette and opens every solution; on
 *   `afterprint` the reader's theme and closed solutions come back.
 * Quiz text is never inserted from strings: the key clones the page's own (escaped) nodes. */

import { keyEntry, letter, unfill } from "./quiz/key.js";
import { readRules } from "./quiz/rules.js";
import { settingsOf } from "./quiz/scoring.js";
import { el, onReady, typeset } from "./dom.js";

const KEY_TITLE = "Answer key";

/* Label nodes without the screen-reader prefix ("Answer 2: ") and the printed letter. */
const labelNodes = (label) => [...label.childNodes]
  .filter((c) => !(c.classList && (c.classList.contains("bpb-sr-only") || c.classList.contains("bpb-quiz-letter"))))
  .map((c) => c.cloneNode(true));

const letterOptions = (quiz) => {
  quiz.querySelectorAll(".bpb-quiz-answer label").forEach((label, place) => {
    if (!label.querySelector(".bpb-quiz-letter")) {
      const mark = el("span", { class: "bpb-quiz-letter", "aria-hidden": "true" }, `(${letter(place)}) `);
      const sr = label.querySelector(".bpb-sr-only");
      label.insertBefore(mark, sr ? sr.nextSibling : label.firstChild);
    }
  });
};

const entryItem = (quiz, n, rules) => {
  const settings = settingsOf(quiz.dataset);
  const inputs = [...quiz.querySelectorAll(".bpb-quiz-answer input")];
  const numberLabel = quiz.querySelector(".bpb-quiz-number label");
  const tolerance = numberLabel && rules ? unfill(rules.text.your_number, numberLabel.textContent) || "" : "";
  const entry = keyEntry(settings, inputs.map((i) => i.value), tolerance);
  const li = el("li", { class: "bpb-answer-key-item", "data-bpb-key": settings.key });
  const meta = quiz.querySelector(".bpb-quiz-meta");
  li.appendChild(el("strong", {}, `${meta ? meta.textContent.split("·")[0].trim() : `Question ${n + 1}`}: `));
  if (entry.numeric) {
    li.appendChild(el("span", { class: "bpb-answer-key-answer", "data-bpb-value": entry.value },
      entry.tolerance ? `${entry.value} (${entry.tolerance})` : entry.value));
  }
  (entry.picks || []).forEach((pick, k) => {
    if (k > 0) {
      li.append("; ");
    }
    const span = el("span", { class: "bpb-answer-key-answer", "data-bpb-letter": pick.letter }, `(${pick.letter}) `);
    span.append(...labelNodes(inputs[pick.place].parentNode.querySelector("label")));
    li.appendChild(span);
  });
  const explain = quiz.querySelector(".bpb-quiz-explain");
  if (explain) {
    const why = el("div", { class: "bpb-answer-key-why" });
    why.append(...[...explain.childNodes].map((c) => c.cloneNode(true)));
    li.appendChild(why);
  }
  return li;
};

const answerKey = () => {
  const quizzes = [...document.querySelectorAll("section.bpb-quiz[data-bpb-key]")]
    .filter((q) => !q.classList.contains("bpb-quiz-duplicate"));
  const article = document.querySelector("main .bd-article") || document.querySelector("main");
  if (!quizzes.length || !article || article.querySelector(".bpb-answer-key")) {
    return;
  }
  const rules = readRules(document);
  quizzes.forEach(letterOptions);
  const key = el("section", { class: "bpb-answer-key", "aria-hidden": "true" });
  key.appendChild(el("h2", {}, KEY_TITLE));
  const list = el("ol");
  quizzes.forEach((quiz, n) => list.appendChild(entryItem(quiz, n, rules)));
  key.appendChild(list);
  article.appendChild(key);
  typeset(key);
};

/* The light palette and open solutions while printing; the reader's own state after. */
let before = null;
const beforePrint = () => {
  if (before) {
    return;
  }
  const root = document.documentElement;
  const closed = [...document.querySelectorAll("details.bpb-solution:not([open])")];
  before = { theme: root.dataset.theme, closed };
  root.dataset.theme = "light";
  closed.forEach((d) => { d.open = true; });
};
const afterPrint = () => {
  if (!before) {
    return;
  }
  const root = document.documentElement;
  if (before.theme === undefined) {
    delete root.dataset.theme;
  } else {
    root.dataset.theme = before.theme;
  }
  before.closed.forEach((d) => { d.open = false; });
  before = null;
};

onReady(() => {
  answerKey();
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
});
