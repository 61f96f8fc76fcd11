/* The quizzes of a chapter page on the static site (no kernel).
 *
 * The HTML comes from backprop_core.quiz.static: every quiz is a
 * <section class="bpb-quiz" data-bpb-*> holding a <form>. This module finds them all on
 * the page, groups them by chapter (data-bpb-chapter, across cells) and gives them the
 * behaviour of the live widget: the rules are in quiz/ (scoring.js: a Check and its score;
 * gates.js: \shownext; messages.js: what is said; numbers.js: typed numbers), every
 * sentence and number comes from the rulebook the page carries (rules.js), and
 * tests/browser/test_quiz_rules_site.py replays generated sequences of actions here and
 * in the Python model and compares what both show.
 *
 * A wrong answer with a \why: line has a hidden .bpb-quiz-whynot paragraph, shown while
 * that answer is picked and found wrong. Progress is kept per chapter of the book in localStorage
 * (store.js) and cleared by Reset / "Clear my answers". Quiz text is never inserted here:
 * it is already in the page, escaped by Python; this module only sets textContent,
 * attributes and classes.
 */

import { hiddenWithProgress, reveals, shown, tally } from "./quiz/gates.js";
import { feedback, scoreboard, status, tone } from "./quiz/messages.js";
import { numberReader } from "./quiz/numbers.js";
import { readRules, sentences } from "./quiz/rules.js";
import { checkChoice, checkNumber, fresh, restored, selectionKey, settingsOf } from "./quiz/scoring.js";
import { merged, migrate, readStored, rename, snapshot, storageKey, writeStored } from "./quiz/store.js";
import { onReady, storage, typeset } from "./dom.js";

/** One quiz on the page: its settings, its state and its elements. */
class QuizView {
  constructor(section, page) {
    this.el = section;
    this.page = page;
    this.quiz = settingsOf(section.dataset);
    this.state = fresh();
    this.form = section.querySelector(".bpb-quiz-form");
    this.locked = section.querySelector(".bpb-quiz-locked");
    this.numberInput = section.querySelector(".bpb-quiz-number-input");
    this.inputs = [...section.querySelectorAll(".bpb-quiz-answer input, .bpb-quiz-number-input")];
    this.whynots = [...section.querySelectorAll(".bpb-quiz-whynot")];
    this.checkButton = section.querySelector(".bpb-quiz-check");
    this.resetButton = section.querySelector(".bpb-quiz-reset");
    this.status = section.querySelector(".bpb-quiz-status");
    this.feedback = section.querySelector(".bpb-quiz-feedback");
    this.explain = section.querySelector(".bpb-quiz-explain");
    this.visible = !this.form.hidden;
  }

  selection() {
    return selectionKey(this.inputs.filter((input) => input.checked).map((input) => input.value));
  }

  /* One Check: the new state, the outcome and, for a typed number, what was wrong with it. */
  check() {
    const { quiz, state } = this;
    const result = quiz.numeric
      ? checkNumber(quiz, state, this.numberInput.value, this.page.reader)
      : checkChoice(quiz, state, this.selection());
    this.state = result.state;
    return result;
  }

  say(text, kind) {
    this.feedback.textContent = text;
    this.feedback.className = `bpb-quiz-feedback${kind ? ` bpb-quiz-feedback-${kind}` : ""}`;
  }

  /* Show the \why: of each wrong answer picked (after a wrong Check), hide the others. */
  showWhy(outcome) {
    const picked = outcome === "wrong" || outcome === "repeated" ? this.selection().split(",") : [];
    for (const p of this.whynots) {
      p.hidden = !picked.includes(p.dataset.bpbAnswer);
    }
  }

  clear() {
    this.state = fresh();
    for (const input of this.inputs) {
      input.checked = false;
    }
    if (this.numberInput) {
      this.numberInput.value = "";
    }
    this.showWhy("");
    this.say("", "");
  }

  restore(saved) {
    this.state = restored(this.quiz, saved);
    if (!this.state.solved) {
      return;
    }
    const correct = this.quiz.correct.split(",");
    for (const input of this.inputs) {
      input.checked = correct.includes(input.value);
    }
    if (this.numberInput) {
      this.numberInput.value = this.quiz.shown;
    }
    this.say(feedback(this.page.say, this.quiz, this.state, "done"), "right");
  }

  render(visible) {
    const revealed = visible && !this.visible;
    this.visible = visible;
    this.form.hidden = !visible;
    if (this.locked) {
      this.locked.hidden = visible;
    }
    const { solved } = this.state;
    const correct = this.quiz.correct.split(",");
    this.el.classList.toggle("bpb-quiz-solved", solved);
    for (const input of this.inputs) {
      input.disabled = solved;
      input.parentNode.classList.toggle("bpb-quiz-answer-right", solved && correct.includes(input.value));
    }
    this.checkButton.disabled = solved;
    if (this.explain) {
      this.explain.hidden = !solved;
    }
    if (solved) {
      this.showWhy("");
    }
    this.status.textContent = status(this.page.say, this.quiz, this.state);
    if (revealed) {
      typeset(this.el);
    }
  }
}

/** A chapter's quizzes on the page (sorted by index) and its scoreboards. */
class ChapterView {
  constructor(name, page) {
    this.name = name;
    this.page = page;
    this.views = [];
    this.boards = [];
  }

  has(index) {
    return this.views.some((v) => v.quiz.index === index);
  }

  render() {
    const visible = shown(this.views);
    this.views.forEach((v, i) => v.render(visible[i]));
    const sum = tally(this.views);
    for (const board of this.boards) {
      const total = parseInt(board.dataset.bpbTotal, 10);
      const count = parseInt(board.dataset.bpbCount, 10);
      board.querySelector(".bpb-scoreboard-text").textContent = scoreboard(this.page.say, sum, total, count);
    }
  }

  /* A quiz hidden again by a closed gate starts over. */
  closeHidden() {
    for (const view of hiddenWithProgress(this.views)) {
      view.clear();
    }
  }

  onCheck(view) {
    const before = shown(this.views);
    const { outcome, problem } = view.check();
    const opened = reveals(before, shown(this.views));
    view.say(feedback(this.page.say, view.quiz, view.state, outcome, { reveals: opened, problem }), tone(outcome));
    view.showWhy(outcome);
    this.render();
    this.page.save();
    if (outcome === "right") {
      view.feedback.focus(); // the inputs and Check are now disabled
    }
  }

  onReset(views) {
    for (const view of views) {
      view.clear();
    }
    this.closeHidden();
    this.render();
    this.page.save();
  }

  wire(view) {
    view.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.onCheck(view);
    });
    for (const input of view.inputs) {
      input.addEventListener("keydown", (event) => {
        if (event.key === "Enter") {
          event.preventDefault();
          this.onCheck(view);
        }
      });
    }
    view.resetButton.addEventListener("click", () => {
      this.onReset([view]);
      (view.inputs[0] || view.resetButton).focus();
    });
  }
}

/** Every chapter's quizzes on this page, and the page's stored progress. */
class QuizPage {
  constructor(rules) {
    this.say = sentences(rules.text);
    this.reader = numberReader(rules.number, this.say);
    this.chapters = new Map();
  }

  chapter(name) {
    if (!this.chapters.has(name)) {
      this.chapters.set(name, new ChapterView(name, this));
    }
    return this.chapters.get(name);
  }

  /* Each chapter's progress under its own key (store.js): this page's quizzes replaced,
   * the chapter's quizzes shown on other pages kept. */
  save() {
    for (const chapter of this.chapters.values()) {
      const key = storageKey(chapter.name);
      const mine = chapter.views.map((v) => v.quiz.key);
      writeStored(storage(), key, merged(readStored(storage(), key), mine, snapshot(chapter.views)));
    }
  }

  add(section, saved) {
    const form = section.querySelector(".bpb-quiz-form");
    if (!form || section.dataset.bpbReady) {
      return;
    }
    section.dataset.bpbReady = "true";
    const view = new QuizView(section, this);
    const chapter = this.chapter(view.quiz.chapter);
    if (chapter.has(view.quiz.index)) {
      // the same quiz twice on one page: the first one counts, this one stays inert
      form.addEventListener("submit", (event) => event.preventDefault());
      section.classList.add("bpb-quiz-duplicate");
      return;
    }
    chapter.views.push(view);
    view.restore(saved[view.quiz.key]);
    chapter.wire(view);
  }

  addBoard(board) {
    const chapter = this.chapter(board.dataset.bpbChapter);
    chapter.boards.push(board);
    board.querySelector(".bpb-scoreboard-clear").addEventListener("click", () => {
      chapter.onReset(chapter.views);
    });
  }

  start() {
    const sections = [...document.querySelectorAll("section.bpb-quiz[data-bpb-key]")];
    const chapterOf = new Map(sections.flatMap((s) => [s.dataset.bpbKey, s.dataset.bpbWas]
      .filter(Boolean).map((key) => [key, s.dataset.bpbChapter])));
    migrate(storage(), (key) => chapterOf.get(key)); // progress kept by page path before
    for (const name of new Set(chapterOf.values())) { // progress kept before the \id: lines
      rename(storage(), name, sections.filter((s) => s.dataset.bpbChapter === name)
        .map((s) => [s.dataset.bpbWas, s.dataset.bpbKey]));
    }
    const saved = Object.assign({}, ...[...new Set(chapterOf.values())]
      .map((name) => readStored(storage(), storageKey(name))));
    sections.forEach((s) => this.add(s, saved));
    document.querySelectorAll(".bpb-scoreboard[data-bpb-chapter]").forEach((b) => this.addBoard(b));
    for (const chapter of this.chapters.values()) {
      chapter.views.sort((a, b) => a.quiz.index - b.quiz.index);
      chapter.closeHidden(); // saved progress on a quiz whose gate is closed is dropped
      chapter.render();
    }
    document.documentElement.classList.add("bpb-quiz-ready");
  }
}

onReady(() => {
  const rules = readRules(document);
  if (!rules) {
    if (document.querySelector(".bpb-quiz, .bpb-scoreboard")) {
      // HTML written before the rulebook travelled with it: say so rather than fail silently
      window.console.error("backprop-book: these quizzes carry no rulebook (script.bpb-quiz-rules): re-execute the notebook");
    }
    return;
  }
  const page = new QuizPage(rules);
  // the rules as functions, for the console and tests/browser/test_quiz_rules_site.py
  window.bpbQuiz = { readNumber: page.reader.readNumber, within: page.reader.within, fill: page.say.fill };
  page.start();
});
