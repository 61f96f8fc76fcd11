/* The book-wide progress page (backprop_core.quiz.progress renders its table).
 *
 * Reads the progress that every chapter page keeps in localStorage, scores it by the
 * chapter pages' rules (quiz/progress.js), and offers reset, "retry my mistakes" (forget
 * every question that had a wrong try), export to a JSON file (with its time, the book's
 * version, every chapter's score and a checksum) and import from one (a file changed by
 * hand is refused and said so). A reset can be undone until the next action. Every
 * sentence comes from the rulebook the page carries, or from the page's own few
 * (.bpb-progress-meta, backprop_core.quiz.progress.PAGE_TEXT); no quiz text here.
 */

import {
  bookTotals, chapterProgress, exportData, importData, leftParts, reopen,
} from "./quiz/progress.js";
import { readRules, sentences } from "./quiz/rules.js";
import { migrate, readStored, rename, storageKey, writeStored } from "./quiz/store.js";
import { onReady, storage } from "./dom.js";

// each chapter's progress, under the book's and the chapter's name (store.js)
const read = (ch) => readStored(storage(), storageKey(ch.name));
const write = (ch, state) => writeStored(storage(), storageKey(ch.name), state);

class ProgressPage {
  constructor(root, say) {
    this.root = root;
    this.say = say;
    this.chapters = JSON.parse(root.querySelector(".bpb-progress-data").textContent);
    // the book, its version (backprop_core.__version__) and this page's own sentences
    const meta = root.querySelector(".bpb-progress-meta");
    this.meta = meta ? JSON.parse(meta.textContent) : { book: "", version: "", text: {} };
    const chapterOf = new Map(this.chapters.flatMap((ch) => ch.quizzes
      .flatMap((q) => [q.key, q.was].filter(Boolean).map((key) => [key, ch.name]))));
    migrate(storage(), (key) => chapterOf.get(key)); // progress kept by page path before
    this.chapters.forEach((ch) => rename(storage(), ch.name, ch.quizzes.map((q) => [q.was, q.key])));
    this.message = root.querySelector(".bpb-progress-message");
    this.reopened = root.querySelector(".bpb-progress-reopened");
  }

  row(ch) {
    return this.root.querySelector(`tr[data-bpb-chapter="${ch.name}"]`);
  }

  title(ch) {
    return this.row(ch).querySelector("th").textContent;
  }

  tell(text) {
    this.message.textContent = text;
  }

  link(ch, index) {
    const a = document.createElement("a");
    a.href = `${ch.page}#bpb-${ch.quizzes[index].key}`;
    a.textContent = String(index + 1);
    return a;
  }

  render() {
    const { fill, points } = this.say;
    const progresses = this.chapters.map((ch) => {
      const p = chapterProgress(ch, read(ch));
      const row = this.row(ch);
      row.querySelector(".bpb-progress-score").textContent = fill("progress_score", { score: p.score, total: p.total });
      row.querySelector(".bpb-progress-answered").textContent = fill("progress_score", { score: p.solved, total: p.count });
      const left = row.querySelector(".bpb-progress-left");
      left.textContent = "";
      for (const part of leftParts(this.say, p)) {
        left.appendChild("link" in part ? this.link(ch, part.link) : document.createTextNode(part.text));
      }
      row.querySelector(".bpb-progress-retry").disabled = !p.mistakes.length;
      row.dataset.bpbScore = String(p.score);
      return p;
    });
    const sum = bookTotals(progresses);
    this.root.querySelector(".bpb-progress-retry-all").disabled = !sum.mistakes;
    this.root.querySelector(".bpb-progress-total").textContent = fill("book_total",
      { score: sum.score, total: points(sum.total), solved: sum.solved, count: sum.count });
  }

  /* Forget the questions with a wrong try, so that they can be answered afresh. */
  retry(list) {
    const { fill, plural } = this.say;
    const reopened = [];
    for (const ch of list) {
      const { state, reopened: indices } = reopen(ch, read(ch));
      if (!indices.length) {
        continue;
      }
      write(ch, state);
      reopened.push(...indices.map((i) => [ch, i]));
    }
    this.reopened.textContent = "";
    for (const [ch, i] of reopened) {
      const li = document.createElement("li");
      const a = this.link(ch, i);
      a.textContent = fill("progress_reopened_item", { title: this.title(ch), number: i + 1 });
      li.appendChild(a);
      this.reopened.appendChild(li);
    }
    this.reopened.hidden = !reopened.length;
    this.tell(reopened.length
      ? fill("progress_reopened", { count: reopened.length, questions: plural("question", reopened.length) })
      : this.say.text.progress_no_mistakes);
    this.render();
  }

  /* Reset at once, and offer Undo (until the next action on this page). */
  reset(list, what) {
    const before = list.map((ch) => [ch, read(ch)]);
    for (const ch of list) {
      write(ch, {});
    }
    this.reopened.hidden = true;
    this.tell(this.say.fill("progress_reset", { what }));
    const { text } = this.meta;
    if (text.undo && before.some(([, state]) => Object.keys(state).length)) {
      const undo = document.createElement("button");
      undo.type = "button";
      undo.className = "bpb-progress-undo";
      undo.textContent = text.undo;
      undo.addEventListener("click", () => {
        for (const [ch, state] of before) {
          write(ch, state);
        }
        this.tell((text.undone || "").replace("{what}", what));
        this.render();
      });
      this.message.append(" ", undo);
    }
    this.render();
  }

  download() {
    const { fill, plural, text } = this.say;
    const data = exportData(this.chapters, read, { book: this.meta.book, bookVersion: this.meta.version });
    const blob = new Blob([JSON.stringify(data, null, 1)], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = text.progress_file;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    window.setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    const n = Object.keys(data.chapters).length;
    this.tell(fill("progress_exported", { count: n, chapters: plural("chapter", n), file: text.progress_file }));
  }

  load(file) {
    const { fill, plural } = this.say;
    const reader = new FileReader();
    reader.onload = () => {
      try {
        const { states, restored } = importData(JSON.parse(String(reader.result)), this.chapters);
        for (const [ch, state] of states) {
          write(ch, state);
        }
        this.tell(fill("progress_imported", { file: file.name, count: restored, questions: plural("question", restored) }));
      } catch (error) {
        const changed = error.message === "changed after export" && this.meta.text.changed;
        this.tell(changed ? changed.replace("{file}", file.name) : fill("progress_not_export", { file: file.name }));
      }
      this.render();
    };
    reader.readAsText(file);
  }

  wire() {
    for (const ch of this.chapters) {
      const row = this.row(ch);
      row.querySelector(".bpb-progress-retry").addEventListener("click", () => this.retry([ch]));
      row.querySelector(".bpb-progress-reset").addEventListener("click", () => {
        this.reset([ch], this.say.fill("progress_quoted", { title: this.title(ch) }));
      });
    }
    const button = (name) => this.root.querySelector(`.bpb-progress-${name}`);
    button("retry-all").addEventListener("click", () => this.retry(this.chapters));
    button("reset-all").addEventListener("click", () => this.reset(this.chapters, this.say.text.progress_whole_book));
    button("export").addEventListener("click", () => this.download());
    const input = button("import");
    input.addEventListener("change", () => {
      if (input.files && input.files[0]) {
        this.load(input.files[0]);
      }
      input.value = "";
    });
    window.addEventListener("storage", () => this.render()); // another tab answered a quiz
  }
}

onReady(() => {
  const roots = document.querySelectorAll(".bpb-progress");
  if (!roots.length) {
    return;
  }
  const rules = readRules(document);
  if (!rules) {
    window.console.error("backprop-book: this progress page carries no rulebook (script.bpb-quiz-rules): re-execute the notebook");
    return;
  }
  const say = sentences(rules.text);
  for (const root of roots) {
    if (root.dataset.bpbReady) {
      continue;
    }
    root.dataset.bpbReady = "true";
    const page = new ProgressPage(root, say);
    page.wire();
    page.render();
  }
  document.documentElement.classList.add("bpb-progress-ready");
});
