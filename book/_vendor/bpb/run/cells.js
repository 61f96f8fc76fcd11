/* A chapter cell on the page: the bar above it (Run, Edit, Reset, its count and status),
 * its editor (CodeMirror 5, loaded from the site's runtime on the first edit) and its
 * output box (a fresh one for a run, the stored one back on Reset). */

import { el, typeset } from "../dom.js";
import { forgetEdit, saveEdit, savedEdit } from "./edits.js";
import { withHidden } from "./hidden.js";
import * as say from "./texts.js";

const loadScript = (src) => new Promise((resolve, reject) => {
  const s = el("script", { src });
  s.onload = resolve;
  s.onerror = () => reject(new Error(`cannot load ${src}`));
  document.head.append(s);
});

let editorLib = null;

/* CodeMirror (classic scripts, one global), loaded once per page. */
const loadEditor = (runtime) => {
  if (!editorLib) {
    document.head.append(el("link", { rel: "stylesheet", href: `${runtime}codemirror/codemirror.css` }));
    editorLib = loadScript(`${runtime}codemirror/codemirror.js`)
      .then(() => loadScript(`${runtime}codemirror/python.js`))
      .then(() => window.CodeMirror);
  }
  return editorLib;
};

const ensureHelp = () => {
  if (!document.getElementById("bpb-editor-help")) {
    document.body.append(el("p", { id: "bpb-editor-help", class: "bpb-visually-hidden" }, say.editorHelp));
  }
};

export class CellView {
  /* `cell` as the page carries it; `run(index)` runs the page up to a cell. */
  /* `onReset(view)`: after Reset (the page forgets what the cell's runs changed);
   * `kept`: {storage, page} where the reader's edits are kept (run/edits.js), or null;
   * `stop()`: ends the running cell (Run becomes Stop while the cell runs);
   * `number()`: the next number of a visible cell (a cell with a bar takes one). */
  constructor(cell, { runtime, run, onReset = () => {}, kept = null, stop = () => {}, number = () => 0 }) {
    Object.assign(this, { cell, runtime, run, onReset, kept, stop, number });
    this.name = say.hiddenCell; // how messages and tracebacks name the cell
    this.ran = false;
    this.waiting = false;
    this.editor = null;
    this.bar = null; // set for a cell shown with its code: it has Run, Edit and Reset
    this.outputs = null; // the outputs of its last run
    this.box = document.querySelector(`.bpb-cell-${cell.index}`);
    if (!this.box) {
      return;
    }
    const output = this.box.querySelector(":scope > .cell_output");
    this.stored = output ? output.cloneNode(true) : null;
    const input = this.box.querySelector(".cell_input");
    if (input && cell.kind === "run") {
      this.addBar(input);
    }
  }

  addBar(input) {
    const { index } = this.cell;
    this.pre = input.querySelector("pre");
    this.storedPre = this.pre.cloneNode(true);
    this.name = say.cellName(this.number());
    this.bar = el("div", { class: "bpb-run-bar", role: "group", "aria-label": this.name });
    this.label = el("span", { class: "bpb-cell-name" }, this.name);
    this.runButton = el("button", { type: "button", class: "bpb-run",
      "aria-label": "Run this cell (Shift+Enter)", title: "Run (Shift+Enter)" }, "▶ Run");
    this.resetButton = el("button", { type: "button", class: "bpb-reset",
      "aria-label": "Reset this cell's code and output", title: "Back to the stored code and output" }, "Reset");
    this.editButton = el("button", { type: "button", class: "bpb-edit",
      "aria-label": "Edit this cell's code" }, "✎ Edit");
    this.count = el("span", { class: "bpb-run-count", "aria-hidden": "true" }, "[ ]");
    this.statusEl = el("span", { class: "bpb-cell-status", role: "status", "aria-live": "polite" });
    this.bar.append(this.label, this.count, this.runButton, this.editButton, this.resetButton, this.statusEl);
    this.runButton.addEventListener("click", () => (this.running ? this.stop() : this.run(index)));
    this.resetButton.addEventListener("click", () => this.reset());
    this.editButton.addEventListener("click", () => this.edit(true));
    this.box.prepend(this.bar);
    this.storedCode = this.pre.textContent.replace(/\n$/, "");
    // the stored code becomes an editor on a click in it, or with the Edit button (keyboard)
    this.host = this.pre.closest("div.highlight") || this.pre;
    this.host.classList.add("bpb-editable");
    this.host.title = "Click to edit";
    this.host.addEventListener("click", (e) => {
      if (!e.target.closest("button")) { // not the copy button
        this.edit(true);
      }
    });
    this.bringBackEdit();
  }

  /* The reader's edit kept from an earlier visit: back in the editor, or, when the book's
   * cell changed since, a choice between theirs and the new one. */
  bringBackEdit() {
    const saved = this.kept && savedEdit(this.kept.storage, this.kept.page, this.cell.index, this.storedCode);
    if (!saved) {
      return;
    }
    if (!saved.changed) {
      this.useCode(saved.code).then(() => this.status(say.editKept));
      return;
    }
    const mine = el("button", { type: "button", class: "bpb-keep-mine" }, say.useMine);
    const theirs = el("button", { type: "button", class: "bpb-use-book" }, say.useBook);
    this.notice = el("p", { class: "bpb-edit-notice", role: "status" }, `${say.bookChanged} `);
    this.notice.append(mine, " ", theirs);
    mine.addEventListener("click", () => {
      this.dropNotice();
      this.useCode(saved.code).then(() => this.keep());
    });
    theirs.addEventListener("click", () => this.reset());
    this.bar.after(this.notice);
  }

  dropNotice() {
    if (this.notice) {
      this.notice.remove();
      this.notice = null;
    }
  }

  /** The editor, holding `code`. */
  async useCode(code) {
    const editor = await this.edit(false);
    editor.setValue(code);
    return editor;
  }

  /* Keep the editor's code (or forget it when it is the stored code again). */
  keep() {
    if (this.kept && this.editor && !this.notice) {
      saveEdit(this.kept.storage, this.kept.page, this.cell.index, this.storedCode, this.editor.getValue());
    }
  }

  /** Whether the reader's edit of this cell is kept in the browser. */
  get hasKeptEdit() {
    return Boolean(this.kept && savedEdit(this.kept.storage, this.kept.page, this.cell.index, this.storedCode || ""));
  }

  /** Whether a run shows its outputs: a cell with a bar, or a hidden cell whose output the
   * page shows (its input removed). */
  get showsOutput() {
    return Boolean(this.bar) || (Boolean(this.box) && this.cell.kind === "hidden");
  }

  status(text, tone = "") {
    if (!this.bar) {
      return;
    }
    this.statusEl.textContent = text;
    this.statusEl.dataset.tone = tone;
  }

  /** The count shown left of the bar: "[ ]", "[*]" while running, "[n]" after run n. */
  setCount(text) {
    if (this.bar) {
      this.count.textContent = text;
    }
  }

  setRunning(on) {
    this.running = on;
    if (this.box) {
      this.box.classList.toggle("bpb-running", on);
    }
    if (this.bar) {
      this.runButton.textContent = on ? say.stopButton : "▶ Run";
      this.runButton.classList.toggle("bpb-stop", on);
      this.runButton.setAttribute("aria-label", on ? say.stopLabel : "Run this cell (Shift+Enter)");
      this.runButton.title = on ? say.stopLabel : "Run (Shift+Enter)";
    }
  }

  /** The code a run executes: the book's whole cell, or the reader's edit with the lines
   * the page does not show put back (run/hidden.js). */
  source() {
    const code = this.code();
    if (!this.bar || code === this.storedCode) {
      return this.cell.code;
    }
    return withHidden(code, this.cell.hidden);
  }

  /** The code as the reader sees it. */
  code() {
    if (this.editor) {
      return this.editor.getValue();
    }
    if (this.pre) {
      return this.pre.textContent.replace(/\n$/, "");
    }
    return this.cell.code;
  }

  /** The cell's editor, made on the first call (the stored code becomes editable). */
  async edit(focus) {
    if (this.editor) {
      if (focus) {
        this.editor.focus();
      }
      return this.editor;
    }
    const CodeMirror = await loadEditor(this.runtime);
    if (this.editor) {
      return this.editor;
    }
    const holder = el("div", { class: "bpb-editor" });
    const value = this.pre.textContent.replace(/\n$/, "");
    this.host.replaceWith(holder);
    this.editButton.hidden = true;
    const run = () => this.run(this.cell.index);
    this.editor = CodeMirror(holder, {
      value, mode: "python", indentUnit: 4, tabSize: 4,
      lineWrapping: true, // a phone or a long docstring: no sideways scrolling
      viewportMargin: Infinity, screenReaderLabel: "Python code of this cell",
      extraKeys: {
        "Shift-Enter": run,
        "Ctrl-Enter": run,
        Esc: () => this.runButton.focus(),
        Tab: (cm) => (cm.somethingSelected() ? cm.indentSelection("add")
          : cm.replaceSelection(" ".repeat(cm.getOption("indentUnit")), "end")),
        "Shift-Tab": (cm) => cm.indentSelection("subtract"),
      },
    });
    this.editor.on("changes", () => this.keep());
    this.editor.getWrapperElement().setAttribute("aria-describedby", "bpb-editor-help");
    ensureHelp();
    if (focus) {
      this.editor.focus();
    }
    return this.editor;
  }

  /** Back to the stored code and output; a kept edit is forgotten. */
  reset() {
    this.dropNotice();
    if (this.kept) {
      forgetEdit(this.kept.storage, this.kept.page, this.cell.index);
    }
    if (this.editor) {
      const holder = this.editor.getWrapperElement().parentNode;
      this.editor = null;
      this.pre = this.storedPre.cloneNode(true);
      this.host.replaceChildren(this.pre);
      holder.replaceWith(this.host);
      this.editButton.hidden = false;
    }
    this.restoreOutput();
    this.onReset(this);
    this.status(say.resetDone);
  }

  restoreOutput() {
    const current = this.box.querySelector(":scope > .cell_output");
    const stored = this.stored ? this.stored.cloneNode(true) : null;
    if (current && stored) {
      current.replaceWith(stored);
    } else if (current) {
      current.remove();
    } else if (stored) {
      this.box.append(stored);
    }
    if (stored) {
      typeset(stored);
    }
  }

  /** An empty output box in place of the one shown. */
  freshOutput() {
    const out = el("div", { class: "cell_output docutils container bpb-live-output" });
    const current = this.box.querySelector(":scope > .cell_output");
    if (current) {
      current.replaceWith(out);
    } else {
      this.box.append(out);
    }
    return out;
  }
}
