/* The prose's glued values (numbers and figures myst-nb's glue pasted at build time),
 * updated by the reader's run of the cell that glued them: the reader's value is marked
 * as theirs, and a button beside it shows the book's value again (and back). */

import { el } from "../dom.js";
import { figureSize, formatPy, glueTag, pngInfo } from "./glue.js";
import * as say from "./texts.js";

/** Size a figure drawn in the browser as the build sizes a stored one: its width, and a
 * minimum width that keeps its smallest text legible on a phone (the box scrolls). */
export const sizeFigure = (img, base64) => {
  let size;
  try {
    size = figureSize(pngInfo(Uint8Array.from(window.atob(base64), (c) => c.charCodeAt(0))));
  } catch {
    size = null; // not a PNG of the figure hook: shown as it comes
  }
  if (size) {
    img.classList.add("bpb-figure");
    img.style.width = `${size.width}px`;
    img.style.minWidth = `${size.minWidth}px`;
  }
};

class Glued {
  constructor(node, key, fmt) {
    Object.assign(this, { node, key, fmt });
    this.img = node.tagName === "FIGURE" ? node.querySelector("img") : null;
    this.book = this.img ? { src: this.img.src, style: this.img.getAttribute("style") } : node.textContent;
    this.mine = null;
    this.toggle = null;
  }

  show(mine) {
    if (this.img) {
      if (mine) {
        this.img.src = `data:image/png;base64,${this.mine}`;
        this.img.removeAttribute("srcset");
        sizeFigure(this.img, this.mine);
      } else {
        this.img.src = this.book.src;
        this.img.setAttribute("style", this.book.style || "");
      }
    } else {
      this.node.textContent = mine ? this.mine : this.book;
    }
    this.node.classList.toggle("bpb-glue-mine", mine);
    this.node.title = mine ? say.glueMine : "";
    this.toggle.textContent = mine ? say.glueShowBook : say.glueShowMine;
    this.toggle.setAttribute("aria-label", mine ? say.glueShowBookLabel(Boolean(this.img)) : say.glueShowMineLabel(Boolean(this.img)));
    this.toggle.dataset.showing = mine ? "mine" : "book";
  }

  /** Back to the book's value, unmarked, as if the reader had not run the cell. */
  forget() {
    if (this.toggle) {
      this.show(false);
      (this.img ? this.toggle.parentNode.querySelector(".bpb-glue-note") : null)?.remove();
      this.toggle.remove();
      this.toggle = null;
      this.mine = null;
    }
  }

  /** The reader's run glued `data` under this key: show it, marked (unmarked when it
   * prints as the book's). */
  update(data) {
    if (this.img) {
      if (!data["image/png"]) {
        return;
      }
      this.mine = data["image/png"];
    } else {
      if (data["text/plain"] === undefined) {
        return;
      }
      this.mine = formatPy(data["text/plain"], this.fmt);
      if (this.mine === this.book && !this.toggle) {
        return; // the same as the book's: nothing to mark
      }
    }
    if (!this.toggle) {
      this.toggle = el("button", { type: "button", class: "bpb-glue-toggle" });
      this.toggle.addEventListener("click", () => this.show(this.toggle.dataset.showing !== "mine"));
      if (this.img) {
        const caption = this.node.querySelector("figcaption") || this.node;
        caption.append(el("span", { class: "bpb-glue-note" }, say.glueFigureNote), " ", this.toggle);
      } else {
        this.node.after(this.toggle);
      }
    }
    this.show(true);
  }
}

/** Every glued value of the page, by key. */
export class Prose {
  constructor(root = document) {
    this.byKey = new Map();
    for (const node of root.querySelectorAll(".bpb-glue")) {
      const { key, fmt } = glueTag(node.classList);
      if (key) {
        const list = this.byKey.get(key) || [];
        list.push(new Glued(node, key, fmt));
        this.byKey.set(key, list);
      }
    }
  }

  update(key, data) {
    for (const glued of this.byKey.get(key) || []) {
      glued.update(data);
    }
  }

  /** The book's values again for `keys` (a cell's Reset). */
  forget(keys) {
    for (const key of keys) {
      for (const glued of this.byKey.get(key) || []) {
        glued.forget();
      }
    }
  }

  /** Whether `key` is glued into a figure of the prose. */
  hasFigure(key) {
    return (this.byKey.get(key) || []).some((g) => g.img);
  }
}
