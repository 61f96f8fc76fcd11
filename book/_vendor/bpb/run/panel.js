/* The page's panel under its title: what runs where, Run all, Restart Python, and a
 * status line with a progress bar while Python loads. */

import { el } from "../dom.js";
import * as say from "./texts.js";

export class Panel {
  /* `bytes`: the most the page may load; `runAll`, `restart`, `resetEdits`: what the
   * buttons do. */
  constructor({ bytes, runAll, restart, resetEdits }) {
    this.root = null;
    const anchor = document.querySelector("article.bd-article section, main article section");
    if (!anchor) {
      return; // a page without an article: no panel, the cells still run
    }
    this.root = el("div", { class: "bpb-run-panel", role: "region", "aria-label": "Run this page's code" });
    const all = el("button", { type: "button", class: "bpb-run-all" }, "▶ Run all");
    all.addEventListener("click", () => runAll());
    const again = el("button", { type: "button", class: "bpb-restart" }, "↻ Restart Python");
    again.addEventListener("click", () => restart());
    const forget = el("button", { type: "button", class: "bpb-reset-edits",
      title: "Every cell you edited on this page back to the book's code" }, say.resetEdits);
    forget.addEventListener("click", () => resetEdits());
    const buttons = el("div", { class: "bpb-run-buttons" });
    buttons.append(all, again, forget);
    this.line = el("p", { class: "bpb-run-status", role: "status", "aria-live": "polite" });
    this.bar = el("progress", { class: "bpb-run-progress", max: "1", value: "0",
      "aria-label": "Python loading progress", hidden: "" });
    this.root.append(el("p", { class: "bpb-run-intro" }, say.intro(bytes)), buttons, this.line, this.bar);
    const h1 = anchor.querySelector("h1");
    if (h1) {
      h1.after(this.root);
    } else {
      anchor.prepend(this.root);
    }
  }

  /** A one-off message on the status line (the state stays). */
  note(message) {
    if (this.root) {
      this.line.textContent = message;
    }
  }

  /** Show the state `kind` ("idle", "loading", "ready", "failed") and its message; while
   * loading, the bar shows `loaded` of `total` bytes. */
  set(kind, message, loaded, total) {
    if (!this.root) {
      return;
    }
    this.root.dataset.state = kind;
    this.line.textContent = message;
    if (kind === "loading" && total) {
      this.bar.hidden = false;
      this.bar.max = total;
      this.bar.value = Math.min(loaded, total);
    } else {
      this.bar.hidden = true;
    }
  }
}
