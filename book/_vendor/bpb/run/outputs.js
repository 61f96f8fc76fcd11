/* Rendering a cell's outputs into the page, as the notebook's stored outputs look
 * (what each output becomes is decided in plan.js's describe). */

import { el, typeset } from "../dom.js";
import { describe } from "./plan.js";
import { sizeFigure } from "./prose.js";
import { figureAlt } from "./texts.js";

/** Append one output to the cell's output box `out`; consecutive text of one stream
 * (stdout, stderr) goes on in the same block. */
export const render = (out, output) => {
  const shown = describe(output);
  if (shown.kind === "stream") {
    const last = out.lastElementChild;
    if (last && last.dataset.stream === shown.name) {
      last.querySelector("pre").textContent += shown.text;
      return;
    }
    const box = el("div", { class: `output stream bpb-stream-${shown.name}` });
    box.dataset.stream = shown.name;
    box.append(el("pre", {}, shown.text));
    out.append(box);
    return;
  }
  if (shown.kind === "error") {
    const box = el("div", { class: "output bpb-error", role: "alert" });
    box.append(el("pre", {}, shown.text));
    out.append(box);
    return;
  }
  const box = el("div", { class: shown.result ? "output text_html bpb-result" : "output bpb-display" });
  if (shown.kind === "png") {
    const img = el("img", { src: `data:image/png;base64,${shown.data["image/png"]}`, alt: figureAlt(shown.data) });
    sizeFigure(img, shown.data["image/png"]); // legible on a phone, as the stored figures
    box.append(img);
  } else if (shown.kind === "html") {
    box.innerHTML = shown.html; // the cell's own HTML output, as the notebook shows it
    typeset(box);
  } else {
    box.append(el("pre", {}, shown.text));
  }
  out.append(box);
};
